//! Widget tokens: what lets a platform's page show the two-choice widget
//! without any platform secret reaching the browser.
//!
//! The platform's server asks for a token for one report; the token is
//! signed here (HMAC-SHA256 under a key derived from the helpline's master
//! key), names the platform and the report, may carry the code of a
//! consented handoff, and expires within minutes. Nothing is stored: a token
//! is checked by its signature and its expiry alone.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, KeyInit, Mac};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

const PREFIX: &str = "wt1.";

/// What a token vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetClaims {
    /// The platform's client id.
    pub p: String,
    /// The platform's name, shown on the "Report to …" button.
    pub n: String,
    /// The platform's id of the report.
    pub r: String,
    /// A consented handoff's code, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h: Option<String>,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// The instant to answer for, Unix seconds, when the platform asked for
    /// one (as `at` in a referral); now otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
}

#[derive(Clone)]
pub struct TokenSigner {
    key: [u8; 32],
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSigner(…)")
    }
}

/// Why a token was refused; the client is told no more than "invalid or expired".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    BadSignature,
    Expired,
}

impl TokenSigner {
    pub fn new(key: [u8; 32]) -> TokenSigner {
        TokenSigner { key }
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("any key length");
        mac.update(payload);
        mac
    }

    pub fn sign(&self, claims: &WidgetClaims) -> String {
        let payload = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
        let signature = B64.encode(self.mac(payload.as_bytes()).finalize().into_bytes());
        format!("{PREFIX}{payload}.{signature}")
    }

    pub fn verify(&self, token: &str, now: Timestamp) -> Result<WidgetClaims, TokenError> {
        let rest = token.strip_prefix(PREFIX).ok_or(TokenError::Malformed)?;
        let (payload, signature) = rest.split_once('.').ok_or(TokenError::Malformed)?;
        let signature = B64.decode(signature).map_err(|_| TokenError::Malformed)?;
        self.mac(payload.as_bytes()).verify_slice(&signature).map_err(|_| TokenError::BadSignature)?;
        let json = B64.decode(payload).map_err(|_| TokenError::Malformed)?;
        let claims: WidgetClaims = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if now.as_second() >= claims.exp {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> WidgetClaims {
        WidgetClaims {
            p: "p1".into(),
            n: "Snap".into(),
            r: "report-1".into(),
            h: Some("7KQ-M2P-9XD".into()),
            exp,
            at: None,
        }
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let signer = TokenSigner::new([1; 32]);
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let token = signer.sign(&claims(now.as_second() + 600));
        assert_eq!(signer.verify(&token, now).unwrap(), claims(now.as_second() + 600));
        let later = Timestamp::from_second(now.as_second() + 600).unwrap();
        assert_eq!(signer.verify(&token, later), Err(TokenError::Expired));
    }

    #[test]
    fn forged_and_mangled_tokens_are_refused() {
        let signer = TokenSigner::new([1; 32]);
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let token = signer.sign(&claims(now.as_second() + 600));
        assert_eq!(TokenSigner::new([2; 32]).verify(&token, now), Err(TokenError::BadSignature));
        // Another payload under the original signature.
        let (_, sig) = token.rsplit_once('.').unwrap();
        let forged_payload = B64.encode(serde_json::to_vec(&claims(now.as_second() + 99_999)).unwrap());
        assert_eq!(signer.verify(&format!("{PREFIX}{forged_payload}.{sig}"), now), Err(TokenError::BadSignature));
        for bad in ["", "wt1.", "wt1.abc", "nope.abc.def", &token[..token.len() - 3]] {
            assert!(signer.verify(bad, now).is_err(), "{bad}");
        }
    }
}
