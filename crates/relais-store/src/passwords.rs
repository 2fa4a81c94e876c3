//! Staff passwords: argon2id with the crate's recommended parameters, stored
//! as PHC strings (algorithm, parameters and salt travel with the hash).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::StoreError;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = relais_core::staff::MIN_PASSWORD_LENGTH;

pub fn hash(password: &str) -> Result<String, StoreError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(StoreError::Config(format!("a password has at least {MIN_LENGTH} characters")));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
}

/// Whether `password` matches a stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), stored).is_ok()
}

/// A password to hand over once, for a first login: 20 symbols from an
/// alphabet without look-alikes (about 100 bits).
pub fn one_time() -> String {
    const ALPHABET: &[u8; 32] = b"23456789abcdefghjkmnpqrstuvwxyzA";
    let mut raw = [0u8; 20];
    rand::fill(&mut raw[..]);
    let symbols: String = raw.iter().map(|b| ALPHABET[(b & 31) as usize] as char).collect();
    format!("{}-{}-{}-{}", &symbols[..5], &symbols[5..10], &symbols[10..15], &symbols[15..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterx", &h));
        assert!(!verify("correct horse battery", "not a hash"));
        assert!(hash("short").is_err());
        let otp = one_time();
        assert_eq!(otp.len(), 23);
        assert!(verify(&otp, &hash(&otp).unwrap()));
    }
}
