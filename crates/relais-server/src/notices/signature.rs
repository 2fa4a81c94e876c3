//! Signing what Relais sends to a platform: `X-Relais-Signature:
//! t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The time inside
//! the signed text lets the platform refuse a replayed request; the scheme
//! is the one platform engineers know from payment webhooks, so verifying it
//! is a few lines in any language (docs/platform-integration.md).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub const HEADER: &str = "x-relais-signature";

/// The header value for a body sent at `unix_seconds`.
pub fn sign(secret: &[u8], unix_seconds: i64, body: &[u8]) -> String {
    format!("t={unix_seconds},v1={}", hex(&mac(secret, unix_seconds, body)))
}

fn mac(secret: &[u8], unix_seconds: i64, body: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a header as a platform would: the MAC, and a time within `tolerance_seconds` of now.
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: i64, tolerance_seconds: i64) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = Some(value),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else { return false };
    if (now - t).abs() > tolerance_seconds {
        return false;
    }
    let expected = hex(&mac(secret, t, body));
    subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), v1.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_out_only_for_its_body_key_and_time() {
        let header = sign(b"k", 1_790_000_000, b"{\"id\":1}");
        assert!(header.starts_with("t=1790000000,v1=") && header.len() == 16 + 64, "{header}");
        assert!(verify(b"k", &header, b"{\"id\":1}", 1_790_000_100, 300));
        assert!(!verify(b"k", &header, b"{\"id\":2}", 1_790_000_100, 300), "another body");
        assert!(!verify(b"other", &header, b"{\"id\":1}", 1_790_000_100, 300), "another key");
        assert!(!verify(b"k", &header, b"{\"id\":1}", 1_790_001_000, 300), "replayed later");
        assert!(!verify(b"k", "v1=00", b"{\"id\":1}", 1_790_000_000, 300));
    }

    /// What a platform engineer computes with openssl:
    /// `printf '1790000000.{}' | openssl dgst -sha256 -hmac secret`.
    #[test]
    fn the_documented_example() {
        assert_eq!(
            sign(b"secret", 1_790_000_000, b"{}"),
            "t=1790000000,v1=d0cadd434460d4af55e7ab90d79c1802591d7001a77c9e06471d0e3ec8cc85ae"
        );
    }
}
