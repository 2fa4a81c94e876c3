//! Widget tokens: what lets a platform's page show the two-choice widget
//! without any platform secret reaching the browser.
//!
//! The platform's server asks for a token for one report; the token carries
//! the report itself (country, category, age band, role, language), the
//! platform, its id of the report and, with consent, a handoff's code, and
//! expires within minutes. It is sealed (XChaCha20-Poly1305 under a key
//! derived from the master key), not merely signed: a page's source shows
//! nothing of the report, and a copied token can only ask again what the
//! platform asked, for that one report. Nothing is stored to check it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use jiff::Timestamp;
use relais_core::id::ClientId;
use relais_core::{AgeBand, Category, CountryCode, Locale, ReporterRole};
use relais_store::crypto::DataKey;
use serde::{Deserialize, Serialize};

const PREFIX: &str = "wt2.";
/// What the sealed claims are bound to, so a token cannot be passed off as another sealed value.
const PURPOSE: &str = "relais widget token";

/// What a token vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetClaims {
    /// Random: the report is counted once in the statistics, and the calls
    /// made with one token are limited, by it.
    pub id: String,
    pub platform: ClientId,
    /// The platform's name, shown on the "Report to …" button.
    pub platform_name: String,
    /// The platform's id of the report.
    pub report_ref: String,
    /// A consented handoff's code, if any.
    pub handoff: Option<String>,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// The instant to answer for, Unix seconds, when the platform asked for
    /// one (as `at` in a referral); now otherwise.
    pub at: Option<i64>,
    pub country: CountryCode,
    pub category: Category,
    pub age_band: AgeBand,
    pub role: ReporterRole,
    pub locale: Option<Locale>,
}

/// Seals and opens widget tokens.
pub struct TokenSealer {
    key: DataKey,
}

impl std::fmt::Debug for TokenSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSealer(…)")
    }
}

/// Why a token was refused; the client is told no more than "invalid or expired".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    Forged,
    /// Genuine but too old: the two-choice page still shows the helpline's
    /// number, framed by the platform it was made for.
    Expired {
        platform: ClientId,
    },
}

impl TokenSealer {
    pub fn new(key: [u8; 32]) -> TokenSealer {
        TokenSealer { key: DataKey::from_key(key) }
    }

    pub fn seal(&self, claims: &WidgetClaims) -> String {
        let json = serde_json::to_vec(claims).unwrap_or_default();
        let sealed = self.key.seal(PURPOSE, &json).unwrap_or_default();
        format!("{PREFIX}{}", B64.encode(sealed))
    }

    pub fn open(&self, token: &str, now: Timestamp) -> Result<WidgetClaims, TokenError> {
        let body = token.strip_prefix(PREFIX).ok_or(TokenError::Malformed)?;
        let sealed = B64.decode(body).map_err(|_| TokenError::Malformed)?;
        let json = self.key.open(PURPOSE, &sealed).map_err(|_| TokenError::Forged)?;
        let claims: WidgetClaims = serde_json::from_slice(&json).map_err(|_| TokenError::Forged)?;
        if now.as_second() >= claims.exp {
            return Err(TokenError::Expired { platform: claims.platform });
        }
        Ok(claims)
    }
}

/// A fresh token id: 128 random bits.
pub fn new_id() -> String {
    let mut raw = [0u8; 16];
    rand::fill(&mut raw[..]);
    hex::encode(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> WidgetClaims {
        WidgetClaims {
            id: new_id(),
            platform: ClientId::from(uuid::Uuid::nil()),
            platform_name: "Snap".into(),
            report_ref: "report-1".into(),
            handoff: Some("7KQ-M2P-9XD".into()),
            exp,
            at: None,
            country: CountryCode::parse("FR").unwrap(),
            category: Category::Harassment,
            age_band: AgeBand::Age13To17,
            role: ReporterRole::Victim,
            locale: None,
        }
    }

    #[test]
    fn a_token_opens_until_it_expires_and_shows_nothing_of_the_report() {
        let sealer = TokenSealer::new([1; 32]);
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let c = claims(now.as_second() + 600);
        let token = sealer.seal(&c);
        assert_eq!(sealer.open(&token, now).unwrap(), c);
        let later = Timestamp::from_second(now.as_second() + 600).unwrap();
        assert_eq!(sealer.open(&token, later), Err(TokenError::Expired { platform: c.platform }));
        let decoded = B64.decode(token.strip_prefix(PREFIX).unwrap()).unwrap();
        for secret in ["7KQ-M2P-9XD", "report-1", "harassment", "13_17"] {
            assert!(!decoded.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} shows");
        }
    }

    #[test]
    fn forged_and_mangled_tokens_are_refused() {
        let sealer = TokenSealer::new([1; 32]);
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let token = sealer.seal(&claims(now.as_second() + 600));
        assert_eq!(TokenSealer::new([2; 32]).open(&token, now), Err(TokenError::Forged));
        let mut flipped = token.clone().into_bytes();
        let last = flipped.len() - 5;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        assert!(sealer.open(&String::from_utf8(flipped).unwrap(), now).is_err());
        for bad in ["", "wt2.", "wt2.abc", "wt1.eyJwIjoiMSJ9.c2ln", &token[..token.len() - 3]] {
            assert!(sealer.open(bad, now).is_err(), "{bad}");
        }
    }
}
