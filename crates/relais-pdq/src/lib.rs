//! PDQ, Meta's perceptual hash for images, as Relais uses it to protect a
//! child's intimate images without ever holding them: the hash is taken on
//! the child's device (the same algorithm, compiled for the browser), kept on
//! the case, and shared with platforms that block what matches.
//!
//! Bit-compatible with Meta's C++ reference on full-size luma (the convention
//! of Hasher-Matcher-Actioner and of the Python bindings), including its
//! integer quality; see `pdq.rs` for the few places where that takes care.

pub mod hash;
pub mod index;
pub mod pdq;

#[cfg(feature = "decode")]
pub mod decode;

pub use hash::{Hash, HexError, MATCH_DISTANCE, MIN_QUALITY};
pub use index::Index;
pub use pdq::{Dihedral, Hashed, Luma, TooSmall, dihedral, hash};

/// A file's hashes (as it is, and turned and flipped: the turns cost little
/// beside the one transform they share), and what was done to read it.
#[cfg(feature = "decode")]
#[derive(Debug, Clone)]
pub struct FileHash {
    pub hashes: Dihedral,
    pub picture: decode::Picture,
}

/// Why a file has no hash.
#[cfg(feature = "decode")]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error(transparent)]
    TooSmall(#[from] TooSmall),
}

/// Decodes a file (upright, first frame) and hashes it.
#[cfg(feature = "decode")]
pub fn hash_file(bytes: &[u8], limits: decode::DecodeLimits) -> Result<FileHash, FileError> {
    let picture = decode::decode(bytes, limits)?;
    let hashes = dihedral(picture.luma.clone())?;
    Ok(FileHash { hashes, picture })
}
