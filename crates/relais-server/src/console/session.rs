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

/// Whether a form's token is the one its page set in the cookie `name`
/// (compared in constant time; a missing cookie matches nothing).
pub fn form_token_matches(headers: &HeaderMap, name: &str, presented: &str) -> bool {
    let expected = cookie_value(headers, name).unwrap_or_default();
    !expected.is_empty() && bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), presented.as_bytes()))
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

/// The session `token` opens, if it is still live at `now`: not signed out,
/// not idle too long, not past its shift, its account not disabled. A
/// session found lapsed is ended. Asked by every request, and by the live
/// queue's stream at each beat, so that an open stream ends with its session.
pub async fn live(
    state: &AppState,
    token: &str,
    now: jiff::Timestamp,
) -> Result<Option<StaffSession>, relais_store::StoreError> {
    let Some(session) = state.store.session(token).await? else { return Ok(None) };
    let limits = state.settings.console.session_limits();
    if limits.ended(session.created_at, session.last_seen_at, now) || session.staff.disabled_at.is_some() {
        state.store.end_session(token, now).await?;
        return Ok(None);
    }
    Ok(Some(session))
}

/// A signed-in staff member. Without a live session, pages redirect to the
/// sign-in form; with a one-time password still unchanged, to the password page.
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
        // Found already by a check in front of the route (`need_to_know`).
        if let Some(signed_in) = parts.extensions.get::<SignedIn>() {
            return Ok(signed_in.clone());
        }
        let to_login = || Redirect::to("/console/login").into_response();
        let token = cookie_value(&parts.headers, SESSION_COOKIE).filter(|t| t.len() == 64).ok_or_else(to_login)?;
        let now = state.clock.now();
        let session = match live(state, &token, now).await {
            Ok(Some(s)) => s,
            Ok(None) => return Err(to_login()),
            Err(e) => return Err(ConsoleError::from(e).into_response()),
        };
        if let Err(e) = state.store.touch_session(&token, now).await {
            tracing::warn!(error = %e, "could not record session activity");
        }
        // A password someone else chose is changed before anything else is done.
        let may_wait = matches!(parts.uri.path(), "/console/password" | "/console/logout");
        if session.staff.must_change_password && !may_wait {
            return Err(Redirect::to("/console/password").into_response());
        }
        Ok(SignedIn { token, session })
    }
}
