//! A PDQ hash: 256 bits, written as 64 hexadecimal digits, compared by
//! Hamming distance.

use std::fmt;
use std::str::FromStr;

/// Two hashes at this distance or less are the same picture (Meta's threshold).
pub const MATCH_DISTANCE: u32 = 31;

/// Hashes of lower quality say too little about their picture to be matched
/// (python-threatexchange refuses them; Meta's README discards 49 and below).
pub const MIN_QUALITY: u8 = 50;

/// A PDQ hash, its bytes in the order the hexadecimal form prints them: the
/// first byte holds bits 255 to 248.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// Sets bit `k` (0 to 255) as the reference numbers them: `k = i·16 + j`
    /// for the DCT coefficient in row `i`, column `j`.
    pub(crate) fn set_bit(&mut self, k: usize) {
        // The reference keeps 16 words of 16 bits, word `k / 16` holding bit
        // `k % 16`, and prints word 15 first.
        let word = k / 16;
        let byte = 2 * (15 - word) + usize::from(k % 16 < 8);
        self.0[byte] |= 1 << (k % 8);
    }

    /// The four 64-bit words, for counting differing bits quickly.
    pub fn words(&self) -> [u64; 4] {
        std::array::from_fn(|i| u64::from_be_bytes(self.0[i * 8..i * 8 + 8].try_into().unwrap_or_default()))
    }

    /// The sixteen 16-bit slots the multi-index keys on.
    pub fn slots(&self) -> [u16; 16] {
        std::array::from_fn(|i| u16::from_be_bytes([self.0[2 * i], self.0[2 * i + 1]]))
    }

    /// How many of the 256 bits differ.
    pub fn distance(&self, other: &Hash) -> u32 {
        words_distance(&self.words(), &other.words())
    }

    /// Whether this hash and another are the same picture.
    pub fn matches(&self, other: &Hash) -> bool {
        self.distance(other) <= MATCH_DISTANCE
    }

    /// How many bits are set: a PDQ hash thresholded at its median has 128.
    pub fn norm(&self) -> u32 {
        self.words().iter().map(|w| w.count_ones()).sum()
    }
}

/// How many bits differ between two hashes given as their four words (the
/// index keeps its hashes so, to compare without converting each time).
pub fn words_distance(a: &[u64; 4], b: &[u64; 4]) -> u32 {
    (a[0] ^ b[0]).count_ones() + (a[1] ^ b[1]).count_ones() + (a[2] ^ b[2]).count_ones() + (a[3] ^ b[3]).count_ones()
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

/// Why a text is not a PDQ hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    #[error("a PDQ hash is 64 hexadecimal digits, not {0}")]
    Length(usize),
    #[error("a PDQ hash is hexadecimal digits (0-9, a-f); found {0:?}")]
    Digit(char),
}

impl FromStr for Hash {
    type Err = HexError;

    /// Reads 64 hexadecimal digits, in either case.
    fn from_str(text: &str) -> Result<Hash, HexError> {
        let count = text.chars().count();
        if count != 64 {
            return Err(HexError::Length(count));
        }
        let digit = |c: char| c.to_digit(16).map(|d| d as u8).ok_or(HexError::Digit(c));
        let mut bytes = [0u8; 32];
        let chars: Vec<char> = text.chars().collect();
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = digit(chars[2 * i])? << 4 | digit(chars[2 * i + 1])?;
        }
        Ok(Hash(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hexadecimal_form_round_trips_and_refuses_what_is_not_one() {
        let text = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        let hash: Hash = text.parse().expect("a hash");
        assert_eq!(hash.to_string(), text);
        assert_eq!(text.to_uppercase().parse::<Hash>(), Ok(hash));
        assert_eq!("abc".parse::<Hash>(), Err(HexError::Length(3)));
        assert_eq!(format!("{}g", &text[1..]).parse::<Hash>(), Err(HexError::Digit('g')));
        assert_eq!("é".repeat(64).parse::<Hash>(), Err(HexError::Digit('é')), "64 characters, not digits");
    }

    #[test]
    fn bits_are_numbered_as_the_reference_prints_them() {
        let mut h = Hash::default();
        h.set_bit(0);
        assert_eq!(h.to_string(), format!("{}0001", "0".repeat(60)));
        let mut h = Hash::default();
        h.set_bit(255);
        assert_eq!(h.to_string(), format!("8{}", "0".repeat(63)));
        let mut h = Hash::default();
        h.set_bit(8);
        assert_eq!(h.to_string(), format!("{}0100", "0".repeat(60)));
    }

    #[test]
    fn distance_counts_differing_bits() {
        let a: Hash = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22".parse().unwrap();
        let b: Hash = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22".parse().unwrap();
        assert_eq!(a.distance(&b), 6, "the two reference conventions for aaa-orig.jpg");
        assert_eq!(a.distance(&a), 0);
        assert!(a.matches(&b));
        assert_eq!(a.norm(), 128);
    }
}
