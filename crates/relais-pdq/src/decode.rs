//! From the bytes of a file to the luma PDQ hashes: decoded with limits
//! checked before any pixel is, turned upright by its EXIF orientation, the
//! first frame of an animation.

use std::io::Cursor;

use image::codecs::gif::GifDecoder;
use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::pdq::Luma;

/// What a file may be before it is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// Pixels on a side: a phone's photo is 4,000 to 8,000.
    pub max_side: u32,
    /// Bytes the decoder may allocate (the pixels and its own buffers).
    pub max_alloc: u64,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits { max_side: 12_000, max_alloc: 512 * 1024 * 1024 }
    }
}

/// A decoded picture, upright.
#[derive(Debug, Clone)]
pub struct Picture {
    pub luma: Luma,
    pub format: &'static str,
    /// An animation: only its first frame was read.
    pub animated: bool,
    /// The EXIF orientation was applied (the file's pixels were stored turned).
    pub turned: bool,
}

/// Why a file gives no picture.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not an image Relais reads (JPEG, PNG, GIF or WebP)")]
    NotAnImage,
    #[error("the image is larger than allowed ({width}×{height}; {max} pixels a side at most)")]
    TooLarge { width: u32, height: u32, max: u32 },
    #[error("the image would take too much memory to decode")]
    TooMuchMemory,
    #[error("the image is damaged or cut short: {0}")]
    Damaged(String),
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::Png => "png",
        ImageFormat::Gif => "gif",
        ImageFormat::WebP => "webp",
        _ => "other",
    }
}

fn damaged(e: image::ImageError) -> DecodeError {
    match e {
        image::ImageError::Limits(_) => DecodeError::TooMuchMemory,
        image::ImageError::Unsupported(_) => DecodeError::NotAnImage,
        other => DecodeError::Damaged(other.to_string()),
    }
}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8], limits: DecodeLimits) -> Result<Picture, DecodeError> {
    let (rgb, picture) = upright_rgb(bytes, limits)?;
    let (w, h) = (rgb.width() as usize, rgb.height() as usize);
    Ok(Picture { luma: Luma::from_rgb(w, h, rgb.as_raw(), 3), ..picture })
}

/// The upright RGB pixels of a file, and what was done to read them (the
/// picture's luma left empty): what another PDQ implementation is given to
/// check that the same pixels give the same hash.
pub fn upright_rgb(bytes: &[u8], limits: DecodeLimits) -> Result<(image::RgbImage, Picture), DecodeError> {
    let format = image::guess_format(bytes).map_err(|_| DecodeError::NotAnImage)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP) {
        return Err(DecodeError::NotAnImage);
    }
    let mut image_limits = Limits::default();
    image_limits.max_image_width = Some(limits.max_side);
    image_limits.max_image_height = Some(limits.max_side);
    image_limits.max_alloc = Some(limits.max_alloc);

    // The header's dimensions first: a decompression bomb is refused before
    // a pixel is decoded.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.no_limits();
    let (width, height) = reader.into_dimensions().map_err(damaged)?;
    if width > limits.max_side || height > limits.max_side {
        return Err(DecodeError::TooLarge { width, height, max: limits.max_side });
    }

    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        return Err(DecodeError::Damaged("the JPEG ends before its last scan does".into()));
    }
    let animated = is_animated(bytes, format, &image_limits)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(image_limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    let turned = orientation != image::metadata::Orientation::NoTransforms;
    image.apply_orientation(orientation);

    // Grey and palette pictures become RGB, as Hasher-Matcher-Actioner makes
    // them, and alpha is dropped, as the reference drops it.
    let rgb = image.to_rgb8();
    let empty = Luma { width: 0, height: 0, values: Vec::new() };
    Ok((rgb, Picture { luma: empty, format: format_name(format), animated, turned }))
}

/// Whether a JPEG's last scan is closed by an end-of-image marker. The
/// decoder fills a cut-short file with grey rather than failing, and a hash of
/// half a photo is not the photo's. (Scans never hold the marker's bytes, and
/// an EXIF thumbnail's own end comes before the main scan.)
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w == [0xFF, marker]);
    matches!((last(0xDA), last(0xD9)), (Some(scan), Some(end)) if end > scan)
}

/// Whether the file holds more than one frame.
fn is_animated(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<bool, DecodeError> {
    Ok(match format {
        ImageFormat::Png => PngDecoder::new(Cursor::new(bytes)).map_err(damaged)?.is_apng().map_err(damaged)?,
        ImageFormat::WebP => WebPDecoder::new(Cursor::new(bytes)).map_err(damaged)?.has_animation(),
        ImageFormat::Gif => {
            let mut decoder = GifDecoder::new(Cursor::new(bytes)).map_err(damaged)?;
            decoder.set_limits(limits.clone()).map_err(damaged)?;
            decoder.into_frames().take(2).count() > 1
        }
        _ => false,
    })
}
