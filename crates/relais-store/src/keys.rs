//! Platform API keys: `rl_live_<id>_<secret>`.
//!
//! The id is public and finds the client in one indexed lookup; the secret is
//! 256 random bits of which only the SHA-256 is stored. Keys are high-entropy,
//! so a fast hash is as safe as a password hash here, and keeps the referral
//! hot path cheap; the comparison is constant-time.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const PREFIX: &str = "rl_live_";
const ID_LEN: usize = 12;
const SECRET_LEN: usize = 64;
const ID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// The public part of a key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyId(String);

impl KeyId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A whole key, shown once to the person who created it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    id: KeyId,
    secret: String,
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKey({PREFIX}{}_…)", self.id.0)
    }
}

impl ApiKey {
    /// A fresh key from the operating system's CSPRNG-seeded generator.
    pub fn generate() -> ApiKey {
        let mut raw = [0u8; ID_LEN + 32];
        rand::fill(&mut raw[..]);
        let id = raw[..ID_LEN].iter().map(|b| ID_ALPHABET[(b & 31) as usize] as char).collect();
        ApiKey { id: KeyId(id), secret: hex::encode(&raw[ID_LEN..]) }
    }

    /// Splits a presented key; `None` for anything not shaped like one.
    pub fn parse(text: &str) -> Option<ApiKey> {
        PresentedKey::parse(text).map(|k| ApiKey { id: KeyId(k.id.to_owned()), secret: k.secret.to_owned() })
    }

    pub fn id(&self) -> &KeyId {
        &self.id
    }

    /// What the database keeps.
    pub fn secret_hash(&self) -> [u8; 32] {
        hash(&self.secret)
    }

    /// Whether this key's secret matches a stored hash, in constant time.
    pub fn matches(&self, stored: &[u8]) -> bool {
        self.secret_hash().ct_eq(stored).into()
    }

    /// The key as the client sends it. Printed once, never logged.
    pub fn expose(&self) -> String {
        format!("{PREFIX}{}_{}", self.id.0, self.secret)
    }
}

/// A key as a request presents it, borrowed from the header: checking one
/// allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresentedKey<'a> {
    pub id: &'a str,
    secret: &'a str,
}

impl<'a> PresentedKey<'a> {
    pub fn parse(text: &'a str) -> Option<PresentedKey<'a>> {
        let rest = text.strip_prefix(PREFIX)?;
        let (id, secret) = rest.split_once('_')?;
        let id_ok = id.len() == ID_LEN && id.bytes().all(|b| ID_ALPHABET.contains(&b));
        let secret_ok = secret.len() == SECRET_LEN && secret.bytes().all(|b| b.is_ascii_hexdigit());
        (id_ok && secret_ok).then_some(PresentedKey { id, secret })
    }

    /// Whether the secret matches a stored hash, in constant time.
    pub fn matches(&self, stored: &[u8]) -> bool {
        hash(self.secret).ct_eq(stored).into()
    }
}

fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_match_their_hash() {
        let key = ApiKey::generate();
        let parsed = ApiKey::parse(&key.expose()).unwrap();
        assert_eq!(parsed, key);
        assert!(parsed.matches(&key.secret_hash()));
        assert!(!ApiKey::generate().matches(&key.secret_hash()));
    }

    #[test]
    fn malformed_keys_are_refused() {
        let good = ApiKey::generate().expose();
        for bad in [
            String::new(),
            "rl_live_".into(),
            good.replace("rl_live_", "rl_test_"),
            good[..good.len() - 1].to_string(),
            format!("{good}0"),
            good.to_uppercase(),
        ] {
            assert!(ApiKey::parse(&bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn debug_never_prints_the_secret() {
        let key = ApiKey::generate();
        assert!(!format!("{key:?}").contains(&key.secret));
    }
}
