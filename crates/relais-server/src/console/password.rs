//! `GET|POST /console/password`: a staff member changes their password.
//!
//! The current password is asked again (a session left open on a desk must
//! not let a passer-by take the account), and its failures count against
//! the address like a sign-in's. A change ends every session of the account,
//! this one too, and opens a fresh one for this browser: a session stolen
//! before does not outlive the password it was opened with. Until a one-time
//! password is changed, this is the only page the console shows.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use relais_core::staff::MIN_PASSWORD_LENGTH;
use serde::Deserialize;

use super::access::StaffForm;
use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::session::{SESSION_COOKIE, SignedIn, cookie, random_token};
use super::throttle::Attempt;
use super::{Chrome, audit, render, with_helpline};
use crate::client_addr::ClientAddr;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console_password.html")]
struct PasswordPage {
    lang: &'static str,
    title: String,
    c: Chrome,
    csrf: String,
    must_change: bool,
    min: usize,
}

pub async fn form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
) -> Result<Response, ConsoleError> {
    let must_change = signed_in.session.staff.must_change_password;
    render(
        PasswordPage {
            lang: locale.code(),
            title: with_helpline(&state, locale.text().password_title),
            c: Chrome::new(locale, "/console/password", !must_change),
            csrf: signed_in.session.csrf_token.clone(),
            must_change,
            min: MIN_PASSWORD_LENGTH,
        },
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

pub async fn change(
    State(state): State<AppState>,
    client: ClientAddr,
    StaffForm(signed_in, form): StaffForm<PasswordForm>,
) -> Result<Response, ConsoleError> {
    let staff = signed_in.session.staff.clone();
    let now = state.clock.now();
    let attempt = match state.sign_in_throttle.attempt(&state.store, client.0, &staff.name, now).await? {
        Attempt::Heard(attempt) => attempt,
        Attempt::HeldBack(_) => return Err(ConsoleError::field("current", |t| t.password_wrong)),
    };
    let (current, stored) = (form.current.clone(), staff.password_hash.clone());
    let matches =
        tokio::task::spawn_blocking(move || relais_store::passwords::verify(&current, &stored)).await.unwrap_or(false);
    if !matches {
        state.sign_in_throttle.failed(&state.store, now).await?;
        audit(&state, staff.id, "console.password_change_failed", "").await;
        return Err(ConsoleError::field("current", |t| t.password_wrong));
    }
    state.sign_in_throttle.succeeded(&state.store, &attempt).await?;
    if form.new.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(ConsoleError::field("new", |t| t.password_short));
    }
    if form.new != form.repeat {
        return Err(ConsoleError::field("repeat", |t| t.password_repeat));
    }
    if form.new == form.current {
        return Err(ConsoleError::field("new", |t| t.password_same));
    }
    let new = form.new;
    let hash = tokio::task::spawn_blocking(move || relais_store::passwords::hash(&new))
        .await
        .map_err(|e| ConsoleError::Internal(e.to_string()))??;
    state.store.set_staff_password(staff.id, &hash, true, relais_store::Actor::Staff(staff.id), now).await?;
    let token = random_token();
    state.store.create_session(&token, staff.id, &random_token(), now).await?;
    tracing::info!(staff = %staff.id, "password changed");
    let mut response = Redirect::to("/console?password_changed=1").into_response();
    if let Ok(v) = cookie(&state.settings, SESSION_COOKIE, &token, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
