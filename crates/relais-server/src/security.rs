//! The headers every response carries, so that a page of Relais cannot be
//! framed, sniffed, scripted from elsewhere or leak where it was opened from.
//!
//! Pages run only Relais's own scripts and styles (no inline script or style:
//! the policy holds no `'unsafe-inline'`); nothing frames them, except the
//! two-choice page, which its platform's registered origins may frame (it
//! sets its own policy, see `crate::widget::embed`). HSTS is sent when the
//! public address is HTTPS: browsers then never reach the helpline in clear.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// What a page may load and who may frame it.
pub const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Powerful features no page of Relais uses.
const PERMISSIONS: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=()";

/// The two-choice page's policy, framed by `ancestors` (its platform's origins) only.
pub fn embed_policy(ancestors: &[String]) -> String {
    let frame = if ancestors.is_empty() { "'none'".to_owned() } else { ancestors.join(" ") };
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
         form-action 'none'; base-uri 'none'; frame-ancestors {frame}"
    )
}

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    h.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("no-referrer"));
    h.entry(header::HeaderName::from_static("permissions-policy")).or_insert(HeaderValue::from_static(PERMISSIONS));
    let policy = h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(PAGE_POLICY));
    // For browsers that predate frame-ancestors.
    if policy.to_str().is_ok_and(|p| p.contains("frame-ancestors 'none'")) {
        h.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    }
    if state.settings.public_url().starts_with("https://") {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    response
}
