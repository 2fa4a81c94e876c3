//! Staff sessions: an opaque token in an `HttpOnly`, `SameSite=Strict`
//! cookie (`Secure` when served over HTTPS), looked up in the store by its
//! digest; ended when idle or at the end of a shift. Every state-changing
//! form also carries the session's CSRF token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use relais_store::StaffSession;
use subtle::ConstantTimeEq;

use super::error::ConsoleError;
use crate::settings::Settings;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "relais_session";
pub const LOGIN_CSRF_COOKIE: &str = "relais_login_csrf";

/// 256 random bits, hex.
pub fn random_token() -> String {
    let mut raw = [0u8; 32];
    rand::fill(&mut raw[..]);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn cookie(settings: &Settings, name: &str, value: &str, path: &str) -> String {
    let secure = if settings.public_url().starts_with("https://") { "; Secure" } else { "" };
    format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict{secure}")
}

pub fn expired_cookie(name: &str, path: &str) -> String {
    format!("{name}=; Path={path}; HttpOnly; SameSite=Strict; Max-Age=0")
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A signed-in staff member. Without a live session, pages redirect to the sign-in form.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub session: StaffSession,
}

impl SignedIn {
    pub fn csrf_matches(&self, presented: &str) -> bool {
        !presented.is_empty() && bool::from(self.session.csrf_token.as_bytes().ct_eq(presented.as_bytes()))
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let to_login = || Redirect::to("/console/login").into_response();
        let token = cookie_value(&parts.headers, SESSION_COOKIE).filter(|t| t.len() == 64).ok_or_else(to_login)?;
        let session = match state.store.session(&token).await {
            Ok(Some(s)) => s,
            Ok(None) => return Err(to_login()),
            Err(e) => return Err(ConsoleError::from(e).into_response()),
        };
        let now = state.clock.now();
        let limits = state.settings.console.session_limits();
        if limits.ended(session.created_at, session.last_seen_at, now) || session.staff.disabled_at.is_some() {
            if let Err(e) = state.store.end_session(&token, now).await {
                tracing::warn!(error = %e, "could not end an expired session");
            }
            return Err(to_login());
        }
        if let Err(e) = state.store.touch_session(&token, now).await {
            tracing::warn!(error = %e, "could not record session activity");
        }
        Ok(SignedIn { token, session })
    }
}
