//! Meta's webhooks, as Meta specifies them
//! (<https://developers.facebook.com/docs/graph-api/webhooks/getting-started>):
//!
//! - `GET /webhooks/meta/{channel}?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
//!   when the operator sets the webhook up: the challenge is echoed if the
//!   token is the channel's.
//! - `POST /webhooks/meta/{channel}` with `X-Hub-Signature-256:
//!   sha256=<hex HMAC-SHA256 of the raw body under the app secret>`: the
//!   signature is checked, in constant time, over the bytes as they came,
//!   before anything is parsed; the body is then stored sealed and answered
//!   200 at once. Taking it in is the intake round's (see [`super::intake`]),
//!   so a slow database write of a case, or an attachment to fetch, never
//!   keeps Meta waiting (it retries, and then disables, a slow webhook).
//!
//! These routes speak Meta's protocol, which Meta documents; `/openapi.json`
//! describes Relais's own API for the platforms, and leaves them out.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::error::AppError;
use crate::state::AppState;

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// The verification request's parameters.
#[derive(Debug, Deserialize)]
pub struct Verification {
    #[serde(rename = "hub.mode")]
    pub mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    pub verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    pub challenge: Option<String>,
}

/// Meta checks that the webhook is the operator's: the verify token must be the channel's.
pub async fn verify(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<Verification>,
) -> Result<String, AppError> {
    let channel = state.store.app_channel_named(&name).await?.ok_or_else(|| not_found(&name))?;
    if query.mode.as_deref() != Some("subscribe") {
        return Err(AppError::field("hub.mode", "must be subscribe"));
    }
    let challenge = query.challenge.ok_or_else(|| AppError::field("hub.challenge", "missing"))?;
    if challenge.is_empty() || challenge.len() > 256 || !challenge.chars().all(|c| c.is_ascii_graphic()) {
        return Err(AppError::field("hub.challenge", "1 to 256 visible ASCII characters"));
    }
    let token = query.verify_token.unwrap_or_default();
    let expected = channel.secrets.verify_token.as_bytes();
    if expected.is_empty() || !bool::from(subtle::ConstantTimeEq::ct_eq(token.as_bytes(), expected)) {
        return Err(AppError::Forbidden("hub.verify_token is not this channel's verify token."));
    }
    tracing::info!(channel = %name, "Meta verified the webhook");
    Ok(challenge)
}

/// What Meta sends: messages and statuses, signed with the app secret.
pub async fn receive(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, &'static str), AppError> {
    let limit = state.settings.messaging.webhook_max_bytes;
    if body.len() > limit {
        return Err(AppError::TooLarge(limit));
    }
    let channel = state.store.app_channel_named(&name).await?.ok_or_else(|| not_found(&name))?;
    let header = headers
        .get(SIGNATURE_HEADER)
        .ok_or(AppError::Unauthenticated("The X-Hub-Signature-256 header is missing."))?
        .to_str()
        .map_err(|_| AppError::Unauthenticated("The X-Hub-Signature-256 header is not text."))?;
    if !signed_by(channel.secrets.app_secret.as_bytes(), header, &body) {
        metrics::counter!("relais_messaging_webhooks_refused_total").increment(1);
        tracing::warn!(channel = %name, "a webhook's signature did not check out");
        return Err(AppError::Unauthenticated(
            "X-Hub-Signature-256 is not sha256=<the HMAC-SHA256 of this body under the channel's app secret>.",
        ));
    }
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
        return Err(AppError::MalformedJson(e.to_string(), vec![]));
    }
    state.store.receive_webhook(channel.id, &body, state.clock.now()).await?;
    metrics::counter!("relais_messaging_webhooks_total", "app" => channel.kind.code()).increment(1);
    state.messaging_inbox.notify_one();
    Ok((StatusCode::OK, "EVENT_RECEIVED"))
}

fn not_found(name: &str) -> AppError {
    AppError::NotFound(format!("/webhooks/meta/{name}"))
}

/// Whether `header` is `sha256=<hex>` of the HMAC-SHA256 of `body` under `secret`,
/// compared in constant time.
pub fn signed_by(secret: &[u8], header: &str, body: &[u8]) -> bool {
    if secret.is_empty() {
        return false;
    }
    let Some(hex) = header.trim().strip_prefix("sha256=") else { return false };
    let Ok(given) = hex::decode(hex) else { return false };
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use relais_mock_platform::meta::sign;

    #[test]
    fn only_the_app_secrets_signature_over_these_bytes_checks_out() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let header = sign(b"app-secret", body);
        assert!(signed_by(b"app-secret", &header, body));
        assert!(!signed_by(b"another-secret", &header, body), "another secret");
        assert!(!signed_by(b"app-secret", &header, br#"{"object":"whatsapp_business_account","entry":[ ]}"#));
        assert!(!signed_by(b"app-secret", header.trim_start_matches("sha256="), body), "no scheme");
        assert!(!signed_by(b"app-secret", "sha256=zz", body), "not hex");
        assert!(!signed_by(b"app-secret", &header[..header.len() - 2], body), "cut short");
        assert!(!signed_by(b"", &sign(b"", body), body), "a channel without a secret takes nothing");
    }
}
