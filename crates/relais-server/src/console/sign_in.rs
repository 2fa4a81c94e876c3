//! Signing in and out. The sign-in form is tied to the browser by a token in
//! a cookie. An unknown name, a wrong password, a wrong one-time code and a
//! disabled account get the same answer, after the same work (one password
//! hash checked); failures slow the address they come from (see
//! [`super::throttle`]), never lock the account. A password someone else
//! chose must be changed before anything else.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::i18n::fill;
use relais_core::id::StaffId;
use serde::Deserialize;

use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::session::{
    LOGIN_CSRF_COOKIE, SESSION_COOKIE, SignedIn, cookie, expired_cookie, form_token_matches, random_token,
};
use super::throttle::{AfterFailure, Attempt};
use super::{Chrome, render, totp, with_helpline};
use crate::client_addr::ClientAddr;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console_login.html")]
struct LoginPage {
    lang: &'static str,
    title: String,
    c: Chrome,
    error: Option<String>,
    csrf: String,
}

/// The sign-in form, with a fresh token tying the form to this browser.
fn login_page(
    state: &AppState,
    locale: ConsoleLocale,
    error: Option<String>,
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
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, ConsoleError> {
    let t = locale.text();
    if !form_token_matches(&headers, LOGIN_CSRF_COOKIE, &form.csrf) {
        return Err(ConsoleError::FormToken);
    }
    let now = state.clock.now();
    let name = form.name.trim().to_owned();
    let attempt = match state.sign_in_throttle.attempt(&state.store, client.0, &name, now).await? {
        Attempt::Heard(attempt) => attempt,
        Attempt::HeldBack(wait) => return held_back(&state, locale, wait),
    };
    let staff = state.store.staff_by_name(&name).await?;
    // The same work whoever the name is: an unknown one is checked against a real hash.
    let hash = staff.as_ref().map(|s| s.password_hash.clone()).unwrap_or_else(dummy_hash);
    let password = form.password;
    let matches =
        tokio::task::spawn_blocking(move || relais_store::passwords::verify(&password, &hash)).await.unwrap_or(false);
    state.sign_in_throttle.checked();
    let accepted = match &staff {
        // The second factor is checked only after the password, and each code is accepted once.
        Some(s) if matches && s.disabled_at.is_none() => {
            !s.has_totp || second_factor(&state, s.id, &form.totp, now).await
        }
        _ => false,
    };
    let found = staff.as_ref().map(|s| s.id);
    let Some(staff) = staff.filter(|_| accepted) else {
        failed(&state, found, now).await;
        return login_page(&state, locale, Some(t.wrong_credentials.to_owned()), StatusCode::UNAUTHORIZED);
    };
    state.sign_in_throttle.succeeded(&state.store, &attempt).await?;
    let token = random_token();
    let csrf = random_token();
    state.store.create_session(&token, staff.id, &csrf, now).await?;
    tracing::info!(staff = %staff.id, "signed in");
    let next = if staff.must_change_password { "/console/password" } else { "/console" };
    let mut response = Redirect::to(next).into_response();
    if let Ok(v) = cookie(&state.settings, SESSION_COOKIE, &token, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// The sign-in page for an attempt held back: how long to wait, in minutes
/// on the page and in whole seconds, rounded up, in `Retry-After`.
fn held_back(state: &AppState, locale: ConsoleLocale, wait: jiff::SignedDuration) -> Result<Response, ConsoleError> {
    metrics::counter!("relais_console_sign_ins_held_back_total").increment(1);
    let seconds = (wait.as_secs_f64().ceil() as i64).max(1);
    let minutes = (seconds + 59) / 60;
    let message = fill(locale.text().slow_down, &[("minutes", &minutes.to_string())]);
    let mut response = login_page(state, locale, Some(message), StatusCode::TOO_MANY_REQUESTS)?;
    if let Ok(v) = seconds.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(response)
}

/// Counts a failure, writes it to the audit trail (one row whether the name
/// exists or not: the same work either way, and no name that may be a
/// password typed in the wrong field), and raises the alarm when the hour's
/// failures reach its threshold.
async fn failed(state: &AppState, staff: Option<StaffId>, now: Timestamp) {
    metrics::counter!("relais_console_failed_sign_ins_total").increment(1);
    let after = match state.sign_in_throttle.failed(&state.store, now).await {
        Ok(after) => after,
        Err(e) => {
            tracing::error!(error = %e, "a failed sign-in could not be counted");
            AfterFailure::Counted
        }
    };
    let actor = staff.map_or_else(|| "unknown".to_owned(), |id| format!("staff:{id}"));
    let mut events =
        vec![relais_store::AuditEvent { actor, action: "console.sign_in_failed".into(), subject: String::new() }];
    if let AfterFailure::AlarmRaised { failures_this_hour } = after {
        metrics::counter!("relais_console_sign_in_alarms_total").increment(1);
        tracing::warn!(failures_this_hour, "sign-in alarm: many failed sign-ins this hour, from many places");
        events.push(relais_store::AuditEvent {
            actor: "system".into(),
            action: "console.sign_in_alarm".into(),
            subject: format!("failures_this_hour:{failures_this_hour}"),
        });
    }
    for event in events {
        if let Err(e) = state.store.append_audit(event, now).await {
            tracing::error!(error = %e, "could not write a failed sign-in to the audit trail");
        }
    }
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
    state.store.sign_out(&signed_in.token, state.clock.now()).await?;
    let mut response = Redirect::to("/console/login").into_response();
    if let Ok(v) = expired_cookie(SESSION_COOKIE, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
