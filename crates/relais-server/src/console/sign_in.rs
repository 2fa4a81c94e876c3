//! Signing in and out. The sign-in form is tied to the browser by a token in
//! a cookie; an unknown name takes as long as a wrong password; repeated
//! failures lock the account for a while; an account with a second factor
//! also gives a one-time code, each accepted once.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::id::StaffId;
use relais_core::staff::Lockout;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::session::{LOGIN_CSRF_COOKIE, SESSION_COOKIE, SignedIn, cookie, cookie_value, expired_cookie, random_token};
use super::{Chrome, audit, render, totp, with_helpline};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console_login.html")]
struct LoginPage {
    lang: &'static str,
    title: String,
    c: Chrome,
    error: Option<&'static str>,
    csrf: String,
}

/// The sign-in form, with a fresh token tying the form to this browser.
fn login_page(
    state: &AppState,
    locale: ConsoleLocale,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, ConsoleError> {
    let csrf = random_token();
    let mut response = render(
        LoginPage {
            lang: locale.code(),
            title: with_helpline(state, locale.text().sign_in_title),
            c: Chrome::new(locale, "/console/login", false),
            error,
            csrf: csrf.clone(),
        },
        status,
    )?;
    if let Ok(v) = cookie(&state.settings, LOGIN_CSRF_COOKIE, &csrf, "/console").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn form(State(state): State<AppState>, locale: ConsoleLocale) -> Result<Response, ConsoleError> {
    login_page(&state, locale, None, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    /// The one-time code, for accounts with a second factor.
    #[serde(default)]
    totp: String,
}

/// A real hash to check unknown names against, so that timing does not tell which names exist.
fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| relais_store::passwords::hash(&random_token()).unwrap_or_default()).clone()
}

pub async fn sign_in(
    State(state): State<AppState>,
    locale: ConsoleLocale,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, ConsoleError> {
    let t = locale.text();
    let expected = cookie_value(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !bool::from(expected.as_bytes().ct_eq(form.csrf.as_bytes())) {
        return Err(ConsoleError::FormToken);
    }
    let now = state.clock.now();
    let staff = state.store.staff_by_name(form.name.trim()).await?;
    let hash = staff.as_ref().map(|s| s.password_hash.clone()).unwrap_or_else(dummy_hash);
    let password = form.password;
    let matches =
        tokio::task::spawn_blocking(move || relais_store::passwords::verify(&password, &hash)).await.unwrap_or(false);
    let Some(staff) = staff.filter(|s| s.disabled_at.is_none()) else {
        return login_page(&state, locale, Some(t.wrong_credentials), StatusCode::UNAUTHORIZED);
    };
    if Lockout::is_locked(staff.locked_until, now) {
        metrics::counter!("relais_console_locked_logins_total").increment(1);
        return login_page(&state, locale, Some(t.locked), StatusCode::TOO_MANY_REQUESTS);
    }
    // The second factor, for accounts that have one: checked only after the
    // password, and each code accepted once.
    let matches = matches && (!staff.has_totp || second_factor(&state, staff.id, &form.totp, now).await);
    if !matches {
        audit(&state, staff.id, "console.sign_in_failed", "").await;
        let failures = state.store.record_failed_login(staff.id).await.unwrap_or(0);
        if let Some(until) = state.settings.console.lockout().lock_after(failures, now) {
            if let Err(e) = state.store.lock_staff(staff.id, until).await {
                tracing::error!(error = %e, "could not lock an account");
            }
            tracing::warn!(staff = %staff.id, "account locked after repeated failed sign-ins");
            audit(&state, staff.id, "console.account_locked", "").await;
        }
        return login_page(&state, locale, Some(t.wrong_credentials), StatusCode::UNAUTHORIZED);
    }
    let token = random_token();
    let csrf = random_token();
    state.store.clear_failed_logins(staff.id).await?;
    state.store.create_session(&token, staff.id, &csrf, now).await?;
    tracing::info!(staff = %staff.id, "signed in");
    audit(&state, staff.id, "console.sign_in", "").await;
    let mut response = Redirect::to("/console").into_response();
    if let Ok(v) = cookie(&state.settings, SESSION_COOKIE, &token, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

async fn second_factor(state: &AppState, staff: StaffId, code: &str, now: Timestamp) -> bool {
    let secret = match state.store.staff_totp_secret(staff).await {
        Ok(Some(secret)) => secret,
        Ok(None) => return false,
        Err(e) => {
            tracing::error!(error = %e, "could not read a second factor");
            return false;
        }
    };
    let Some(step) = totp::check(&secret, code, now.as_second().max(0) as u64) else { return false };
    state.store.claim_totp_step(staff, step).await.unwrap_or(false)
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// Any signed-in staff member signs out; the session's token never works again.
pub async fn sign_out(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ConsoleError> {
    if !signed_in.csrf_matches(&form.csrf) {
        return Err(ConsoleError::FormToken);
    }
    state.store.end_session(&signed_in.token, state.clock.now()).await?;
    audit(&state, signed_in.session.staff.id, "console.sign_out", "").await;
    let mut response = Redirect::to("/console/login").into_response();
    if let Ok(v) = expired_cookie(SESSION_COOKIE, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
