//! The PDQ algorithm on a luma plane, step for step as Meta's C++ reference
//! computes it (`pdq/cpp/hashing/pdqhashing.cpp`, `downscaling.cpp`,
//! `torben.cpp`): the same single-precision operations in the same order, so
//! that the same pixels give the same bits and the same quality.
//!
//! Full-size convention: no 512-pixel pre-resize (the reference command line
//! has one; the Java reference, python-threatexchange and Hasher-Matcher-
//! Actioner do not, and the platforms matching the helpline's list run those).

use std::sync::LazyLock;

use crate::hash::Hash;

/// Smaller than this on a side, an image has no hash.
pub const MIN_DIMENSION: usize = 5;

const LUMA_R: f32 = 0.299;
const LUMA_G: f32 = 0.587;
const LUMA_B: f32 = 0.114;
const JAROSZ_PASSES: usize = 2;

/// A hash and how much the picture says (0 to 100; see [`crate::MIN_QUALITY`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hashed {
    pub hash: Hash,
    pub quality: u8,
}

/// The eight hashes of a picture turned and flipped, in the reference's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dihedral {
    pub original: Hash,
    pub rotate90: Hash,
    pub rotate180: Hash,
    pub rotate270: Hash,
    pub flip_x: Hash,
    pub flip_y: Hash,
    pub flip_plus1: Hash,
    pub flip_minus1: Hash,
    pub quality: u8,
}

impl Dihedral {
    /// The eight, with their short names (`--pdqdih`'s).
    pub fn all(&self) -> [(&'static str, Hash); 8] {
        [
            ("orig", self.original),
            ("rot90", self.rotate90),
            ("rot180", self.rotate180),
            ("rot270", self.rotate270),
            ("flipx", self.flip_x),
            ("flipy", self.flip_y),
            ("flipp", self.flip_plus1),
            ("flipm", self.flip_minus1),
        ]
    }
}

/// An image too small to hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an image of {width}×{height} pixels is too small to hash (5 pixels a side at least)")]
pub struct TooSmall {
    pub width: usize,
    pub height: usize,
}

/// A luma plane: `width × height` values, row after row.
#[derive(Debug, Clone)]
pub struct Luma {
    pub width: usize,
    pub height: usize,
    pub values: Vec<f32>,
}

impl Luma {
    /// From 8-bit RGB(A) pixels, row after row, `channels` bytes each (3 or
    /// 4; alpha is ignored, as the reference ignores it).
    pub fn from_rgb(width: usize, height: usize, pixels: &[u8], channels: usize) -> Luma {
        let values = pixels
            .chunks_exact(channels)
            .take(width * height)
            .map(|p| LUMA_R * f32::from(p[0]) + LUMA_G * f32::from(p[1]) + LUMA_B * f32::from(p[2]))
            .collect();
        Luma { width, height, values }
    }

    /// From 8-bit grey pixels.
    pub fn from_grey(width: usize, height: usize, pixels: &[u8]) -> Luma {
        Luma { width, height, values: pixels.iter().take(width * height).map(|&p| f32::from(p)).collect() }
    }
}

/// The PDQ hash of a luma plane and its quality.
pub fn hash(luma: Luma) -> Result<Hashed, TooSmall> {
    let (coefficients, quality) = dct16(luma)?;
    Ok(Hashed { hash: bits(&coefficients), quality })
}

/// The eight dihedral hashes, from one pass (the turns are done on the DCT
/// coefficients, as the reference does; they are close to, not equal to, the
/// hashes of the turned pixels).
pub fn dihedral(luma: Luma) -> Result<Dihedral, TooSmall> {
    let (a, quality) = dct16(luma)?;
    let turned = |f: fn(usize, usize, f32) -> (usize, usize, f32)| {
        let mut b = [[0f32; 16]; 16];
        for (i, row) in a.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                let (bi, bj, bv) = f(i, j, v);
                b[bi][bj] = bv;
            }
        }
        bits(&b)
    };
    fn odd(n: usize) -> bool {
        n & 1 == 1
    }
    Ok(Dihedral {
        original: bits(&a),
        rotate90: turned(|i, j, v| (j, i, if odd(j) { v } else { -v })),
        rotate180: turned(|i, j, v| (i, j, if odd(i + j) { -v } else { v })),
        rotate270: turned(|i, j, v| (j, i, if odd(i) { v } else { -v })),
        flip_x: turned(|i, j, v| (i, j, if odd(i) { v } else { -v })),
        flip_y: turned(|i, j, v| (i, j, if odd(j) { v } else { -v })),
        flip_plus1: turned(|i, j, v| (j, i, v)),
        flip_minus1: turned(|i, j, v| (j, i, if odd(i + j) { -v } else { v })),
        quality,
    })
}

/// Blur, decimate to 64×64, measure quality, keep the 16×16 low frequencies.
fn dct16(luma: Luma) -> Result<([[f32; 16]; 16], u8), TooSmall> {
    let Luma { width, height, mut values } = luma;
    if width < MIN_DIMENSION || height < MIN_DIMENSION || values.len() < width * height {
        return Err(TooSmall { width, height });
    }
    let mut small = [[0f32; 64]; 64];
    if width == 64 && height == 64 {
        for (i, row) in small.iter_mut().enumerate() {
            row.copy_from_slice(&values[i * 64..i * 64 + 64]);
        }
    } else {
        jarosz(&mut values, height, width);
        for (i, row) in small.iter_mut().enumerate() {
            let from_row = (((i as f64 + 0.5) * height as f64) / 64.0) as usize;
            for (j, cell) in row.iter_mut().enumerate() {
                let from_col = (((j as f64 + 0.5) * width as f64) / 64.0) as usize;
                *cell = values[from_row * width + from_col];
            }
        }
    }
    let quality = quality(&small);
    Ok((dct_64_to_16(&small), quality))
}

/// Two passes of box filters along rows then columns (Jarosz), each window
/// about one 128th of the side it runs along.
fn jarosz(values: &mut [f32], rows: usize, cols: usize) {
    let window = |dimension: usize| dimension.div_ceil(2 * 64);
    let (along_rows, along_cols) = (window(cols), window(rows));
    let mut other = vec![0f32; values.len()];
    for _ in 0..JAROSZ_PASSES {
        for i in 0..rows {
            box_1d(&values[i * cols..], &mut other[i * cols..], cols, 1, along_rows);
        }
        for j in 0..cols {
            box_1d(&other[j..], &mut values[j..], rows, cols, along_cols);
        }
    }
}

/// A moving mean over `window` values, the window shrinking at both ends.
fn box_1d(input: &[f32], output: &mut [f32], length: usize, stride: usize, window: usize) {
    let half = (window + 2) / 2;
    let phase1 = half - 1;
    let phase2 = window - half + 1;
    let phase3 = length.saturating_sub(window);
    let phase4 = half - 1;
    let (mut li, mut ri, mut oi) = (0, 0, 0);
    let mut sum = 0f32;
    let mut size = 0usize;
    for _ in 0..phase1 {
        sum += input[ri];
        size += 1;
        ri += stride;
    }
    for _ in 0..phase2 {
        sum += input[ri];
        size += 1;
        output[oi] = sum / size as f32;
        ri += stride;
        oi += stride;
    }
    for _ in 0..phase3 {
        sum += input[ri];
        sum -= input[li];
        output[oi] = sum / size as f32;
        li += stride;
        ri += stride;
        oi += stride;
    }
    for _ in 0..phase4 {
        sum -= input[li];
        size -= 1;
        output[oi] = sum / size as f32;
        li += stride;
        oi += stride;
    }
}

/// The reference's integer quality: each step between neighbours in
/// hundredths of full scale, truncated, summed, divided by 90, capped at 100.
fn quality(small: &[[f32; 64]; 64]) -> u8 {
    let step = |u: f32, v: f32| ((((u - v) * 100.0) / 255.0) as i32).abs();
    let mut sum = 0i32;
    for pair in small.windows(2) {
        for (&u, &v) in pair[0].iter().zip(&pair[1]) {
            sum += step(u, v);
        }
    }
    for row in small.iter() {
        for j in 0..63 {
            sum += step(row[j], row[j + 1]);
        }
    }
    (sum / 90).min(100) as u8
}

/// `sqrt(2/64) · cos(π/128 · (i+1) · (2j+1))`: rows 1 to 16 of the DCT-II
/// basis (the constant row 0 is left out), computed in double precision and
/// kept in single, as the reference does.
static DCT: LazyLock<[[f32; 64]; 16]> = LazyLock::new(|| {
    let scale = (2.0f64 / 64.0).sqrt() as f32;
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let angle = (std::f64::consts::PI / 2.0 / 64.0) * (i + 1) as f64 * (2 * j + 1) as f64;
            (f64::from(scale) * angle.cos()) as f32
        })
    })
});

/// `D · A · Dᵀ`, summing in the reference's order.
fn dct_64_to_16(a: &[[f32; 64]; 64]) -> [[f32; 16]; 16] {
    let d = &*DCT;
    let mut t = [[0f32; 64]; 16];
    for i in 0..16 {
        for j in 0..64 {
            let mut sum = 0f32;
            for k in 0..64 {
                sum += d[i][k] * a[k][j];
            }
            t[i][j] = sum;
        }
    }
    let mut b = [[0f32; 16]; 16];
    for i in 0..16 {
        for j in 0..16 {
            let mut sum = 0f32;
            for k in 0..64 {
                sum += t[i][k] * d[j][k];
            }
            b[i][j] = sum;
        }
    }
    b
}

/// One bit per coefficient: set when above the median (the lower of the two
/// middle values, as Torben's selection in the reference returns).
fn bits(b: &[[f32; 16]; 16]) -> Hash {
    let mut flat: Vec<f32> = b.iter().flatten().copied().collect();
    let (_, median, _) = flat.select_nth_unstable_by(127, f32::total_cmp);
    let median = *median;
    let mut hash = Hash::default();
    for (i, row) in b.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if v > median {
                hash.set_bit(i * 16 + j);
            }
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic picture: smooth gradients and a few edges.
    fn picture(width: usize, height: usize) -> Luma {
        let values = (0..height)
            .flat_map(|y| {
                (0..width).map(move |x| {
                    let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
                    let edge = if (fx - 0.3).abs() < 0.1 && fy > 0.5 { 90.0 } else { 0.0 };
                    40.0 + 120.0 * fx * fy + 60.0 * (fx * 9.0).sin().abs() + edge
                })
            })
            .collect();
        Luma { width, height, values }
    }

    #[test]
    fn an_image_under_five_pixels_a_side_has_no_hash() {
        assert_eq!(hash(picture(4, 100)), Err(TooSmall { width: 4, height: 100 }));
        assert!(hash(picture(5, 5)).is_ok());
    }

    #[test]
    fn a_hash_has_half_its_bits_set_and_a_flat_image_has_no_quality() {
        let hashed = hash(picture(300, 200)).unwrap();
        assert_eq!(hashed.hash.norm(), 128);
        assert!(hashed.quality > 50, "{}", hashed.quality);
        let flat = hash(Luma { width: 100, height: 100, values: vec![128.0; 10_000] }).unwrap();
        assert_eq!(flat.quality, 0);
    }

    #[test]
    fn the_dihedral_original_is_the_plain_hash_and_a_transpose_is_a_flip() {
        let d = dihedral(picture(120, 80)).unwrap();
        assert_eq!(d.original, hash(picture(120, 80)).unwrap().hash);
        // The transpose of the pixels, hashed plainly, is close to flip-plus-1 of the original.
        let p = picture(120, 80);
        let transposed = Luma {
            width: 80,
            height: 120,
            values: (0..120).flat_map(|y| (0..80).map(move |x| (x, y))).map(|(x, y)| p.values[x * 120 + y]).collect(),
        };
        let plain = hash(transposed).unwrap().hash;
        assert!(plain.distance(&d.flip_plus1) <= 31, "{}", plain.distance(&d.flip_plus1));
        assert!(plain.distance(&d.original) > 31);
    }
}
