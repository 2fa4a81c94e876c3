//! The optional second factor: a time-based one-time code (RFC 6238, the
//! six digits of any authenticator app), enrolled by an administrator with
//! `relais staff totp NAME`. Each code is accepted once.

use totp_rs::{Algorithm, Builder, Secret, Totp};

/// 160 random bits, the size RFC 4226 recommends.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    rand::fill(&mut secret[..]);
    secret
}

fn totp(secret: &[u8], account: &str, issuer: &str) -> Result<Totp, totp_rs::TotpError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::from(secret.to_vec()))
        .with_account_name(account.replace(':', " "))
        .with_issuer(Some(issuer.replace(':', " ")))
        .build()
}

/// What to put in the authenticator app: an `otpauth://` link (usually shown
/// as a QR code) and the same secret in base32, to type by hand.
pub fn enrolment(secret: &[u8], account: &str, issuer: &str) -> Result<(String, String), totp_rs::TotpError> {
    let totp = totp(secret, account, issuer)?;
    Ok((totp.to_url()?, totp.secret().to_base32()))
}

/// The time step a code belongs to, if it is valid now (one step either side
/// for clocks that drift).
pub fn check(secret: &[u8], code: &str, unix_seconds: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, "", "").ok()?;
    totp.check(&code, unix_seconds)
}

/// The code for a moment, for tests and the demo's scripted sign-ins.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> Option<String> {
    Some(totp(secret, "", "").ok()?.generate(unix_seconds).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082 on 8 digits,
    /// so 287082 on 6.
    #[test]
    fn the_rfc_vector() {
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59).as_deref(), Some("287082"));
        assert_eq!(check(secret, "287 082", 59), Some(1));
        assert_eq!(check(secret, "287082", 59 + 30), Some(1), "one step of drift is forgiven");
        assert_eq!(check(secret, "287082", 59 + 120), None);
        assert_eq!(check(secret, "28708", 59), None);
        assert_eq!(check(secret, "abcdef", 59), None);
    }

    #[test]
    fn an_enrolment_link_names_the_helpline_and_the_account() {
        let (url, base32) = enrolment(&new_secret(), "lou", "3018").unwrap();
        assert!(url.starts_with("otpauth://totp/3018:lou?"), "{url}");
        assert_eq!(base32.len(), 32);
    }
}
