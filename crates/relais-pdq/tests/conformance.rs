//! relais-pdq against Meta's reference, on Meta's test images (and a few made
//! from them by `data/make.py`).
//!
//! - Same pixels: `data/same-pixels.txt` holds what the C++ reference (its
//!   Python bindings) computes on exactly the pixels relais-pdq decodes;
//!   hashes, qualities and the eight dihedral hashes must be identical.
//! - Same files: the full-size hashes ThreatExchange publishes for its files
//!   (decoded there by libjpeg-turbo or Pillow) must be within Meta's bar:
//!   distance 10 at most when quality is 80 or more.

use std::path::{Path, PathBuf};

use relais_pdq::decode::{DecodeError, DecodeLimits, decode};
use relais_pdq::{FileError, Hash, hash_file};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_same_pixels_give_the_same_hash_quality_and_dihedral_hashes() {
    let table = std::fs::read_to_string(data("same-pixels.txt")).expect("the reference's answers");
    let mut checked = 0;
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let fields: Vec<&str> = line.split(' ').collect();
        let (name, expected, quality) = (fields[0], fields[1], fields[2].parse::<u8>().expect("a quality"));
        let picture = decode(&read(name), DecodeLimits::default()).expect(name);
        let dihedral = relais_pdq::dihedral(picture.luma.clone()).expect(name);
        let hashed = relais_pdq::hash(picture.luma).expect(name);
        assert_eq!((hashed.hash.to_string().as_str(), hashed.quality), (expected, quality), "{name}");
        let eight: Vec<String> = dihedral.all().iter().map(|(_, h)| h.to_string()).collect();
        assert_eq!(eight, fields[3..11], "{name}: the dihedral hashes");
        assert_eq!(dihedral.quality, quality);
        checked += 1;
    }
    assert!(checked >= 25, "{checked} images checked");
}

/// ThreatExchange's full-size hashes (its README's column B, and HMA's examples).
const PUBLISHED: &[(&str, &str, u8)] = &[
    ("aaa-orig.jpg", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", 100),
    ("blur-a-lot.jpg", "f8f8f0cee0f4a84f0637022a038f67f0b36e26d596621e1d33e6b39c4e9c9b22", 100),
    ("shrink-a-lot.jpg", "d0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22", 100),
    ("square-128x128.jpg", "d8f8f1eec0f4a84f0e37022a078f63f0b36e2ed596621e1d33e6239c4e9c9b22", 100),
    ("square-256x256.jpg", "d8f8f0cec4f4a84f0637022a078f67f0b36e2ee5b6621e1d33e6239c4e9c9b22", 100),
    ("square-512x512.jpg", "d8f8f0cec0f4a84f0637022a278f67f0b36e2ed596621e1d33e6339c4e9c9b22", 100),
    ("c.png", "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064", 100),
    ("pen-and-coaster.png", "1f811b9d267fbc6693c0c7f30e041f9df49b836303e10f067fcdfc12c02d01f9", 100),
    ("wee.jpg", "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d", 100),
    ("small.jpg", "0007001f003f003f007f00ff00ff00ff01ff01ff01ff03ff03ff03ff03ff03ff", 0),
    ("bridge-2-rotate-90.jpg", "30a10efd71cc3d429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af", 100),
    ("bridge-5-flipx.jpg", "f8f80f31e0f417b20e37f5cd028f980fb36ed02a9662c1e233e64c634e9c64dd", 100),
    ("q0003.jpg", "54a9f7c321d1443c43ba566e21d4a13989a3553f1472611cbbc5fda59e03b677", 3),
    ("q0004.jpg", "992d44af36d69e6ca6b812585928bac11def254ef5398c6d07466c9abcc65b92", 4),
    ("q0122.jpg", "cfb2009ddd21c6dab0046a7745b5984757a8a4535b3377aea2591d32b33ff940", 100),
    ("q0291.jpg", "a0fe94f1e5cc1cc8dd855948498dc9243f7ca27336f036d7f212b74bc103c9a7", 100),
    ("q0746.jpg", "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa", 100),
    ("q1050.jpg", "489db672e9190276d452aeab41eba20f02375fe4092d88defdf491a5c55c5f70", 100),
    ("q2821.jpg", "b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109", 100),
];

#[test]
fn the_files_hash_within_metas_tolerance_of_the_published_hashes() {
    let mut report = Vec::new();
    for (name, expected, quality) in PUBLISHED {
        let found = hash_file(&read(name), DecodeLimits::default()).expect(name);
        let distance = found.hashes.original.distance(&expected.parse::<Hash>().expect("a hash"));
        report.push(format!("{name}: {distance} bits, quality {} (published {quality})", found.hashes.quality));
        if *quality >= 80 {
            assert!(distance <= 10, "{name}: {distance} bits from the published hash");
            assert!(found.hashes.quality >= 80, "{name}");
        } else {
            assert!(found.hashes.quality < relais_pdq::MIN_QUALITY, "{name}: a poor image stays poor");
        }
        // Lossless files decode to the same pixels everywhere: the same bits.
        if name.ends_with(".png") {
            assert_eq!(distance, 0, "{name}");
        }
    }
    println!("{}", report.join("\n"));
}

#[test]
fn the_exif_orientation_is_applied_before_hashing() {
    let upright = hash_file(&read("exif-3.png"), DecodeLimits::default()).expect("exif-3");
    assert!(upright.picture.turned);
    for name in ["exif-6.png", "exif-8.png"] {
        let turned = hash_file(&read(name), DecodeLimits::default()).expect(name);
        assert!(turned.picture.turned, "{name}");
        assert_eq!(turned.hashes.original, upright.hashes.original, "{name}: stored turned, hashed upright");
    }
    let plain = hash_file(&read("q0122.jpg"), DecodeLimits::default()).expect("q0122");
    assert!(!plain.picture.turned);
    assert!(
        plain.hashes.original.distance(&upright.hashes.original) <= 10,
        "the same picture, decoded by another library"
    );
}

#[test]
fn an_animation_is_hashed_by_its_first_frame_and_says_so() {
    let animated = hash_file(&read("animated.gif"), DecodeLimits::default()).expect("a gif");
    assert!(animated.picture.animated);
    let first = hash_file(&read("q0122.jpg"), DecodeLimits::default()).expect("q0122");
    assert!(animated.hashes.original.distance(&first.hashes.original) <= 31, "the first frame is the picture");
    assert!(!first.picture.animated);
}

#[test]
fn what_is_not_a_whole_image_is_refused_with_its_reason() {
    let limits = DecodeLimits::default();
    assert_eq!(hash_file(b"%PDF-1.7 not an image", limits).unwrap_err(), FileError::Decode(DecodeError::NotAnImage));
    assert_eq!(hash_file(b"", limits).unwrap_err(), FileError::Decode(DecodeError::NotAnImage));
    assert!(matches!(hash_file(&read("truncated.jpg"), limits), Err(FileError::Decode(DecodeError::Damaged(_)))));
    // A decompression bomb: a PNG header claiming 100,000 × 100,000 pixels is
    // refused from its header, before any pixel is decoded.
    let mut bomb = read("mode-L.png");
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    assert_eq!(
        hash_file(&bomb, limits).unwrap_err(),
        FileError::Decode(DecodeError::TooLarge { width: 100_000, height: 100_000, max: limits.max_side })
    );
    // An image under 5 pixels a side has no hash.
    let tiny = {
        let mut out = Vec::new();
        image::RgbImage::new(4, 40)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("encoded");
        out
    };
    assert!(matches!(hash_file(&tiny, limits), Err(FileError::TooSmall(_))));
}

/// The CRC-32 a PNG chunk carries, so that the forged header is well formed.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
