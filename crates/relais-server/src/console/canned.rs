//! Ready answers: what the line says the same way every time, kept by
//! supervisors in French and English and offered in every chat pane.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use relais_core::Locale;
use relais_core::staff::Permission;
use serde::Deserialize;

use super::access::{Counsellor, StaffForm};
use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::session::SignedIn;
use super::{Chrome, render, with_helpline};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console_canned.html")]
struct CannedPage {
    lang: &'static str,
    title: String,
    c: Chrome,
    csrf: String,
    manages: bool,
    /// id, language, title, text.
    answers: Vec<(String, &'static str, String, String)>,
    /// The languages a child may chat in: code and own name.
    languages: Vec<(&'static str, &'static str)>,
}

/// `GET /console/canned`: the ready answers; supervisors add and remove them.
pub async fn page(
    State(state): State<AppState>,
    counsellor: Counsellor,
    locale: ConsoleLocale,
) -> Result<Response, ConsoleError> {
    let answers =
        state.store.canned_answers().await?.into_iter().map(|a| (a.id, a.locale.code(), a.title, a.body)).collect();
    render(
        CannedPage {
            lang: locale.code(),
            title: with_helpline(&state, locale.text().canned_title),
            c: Chrome::new(locale, "/console/canned", true),
            csrf: counsellor.csrf().to_owned(),
            manages: counsellor.staff().role.may(Permission::SuperviseLine),
            answers,
            languages: relais_core::Locale::ALL.iter().map(|l| (l.code(), l.name())).collect(),
        },
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct CannedForm {
    #[serde(default)]
    locale: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
}

fn supervisor(signed_in: &SignedIn) -> Result<(), ConsoleError> {
    signed_in.require(Permission::SuperviseLine, |t| t.manages_canned).map(|_| ())
}

/// `POST /console/canned`.
pub async fn add(
    State(state): State<AppState>,
    StaffForm(signed_in, form): StaffForm<CannedForm>,
) -> Result<Response, ConsoleError> {
    supervisor(&signed_in)?;
    let locale = Locale::from_code(&form.locale).ok_or(ConsoleError::field("locale", |t| t.canned_fields))?;
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(ConsoleError::field("title", |t| t.canned_fields));
    }
    let text = relais_core::conversation::check_message(&form.text)
        .map_err(|_| ConsoleError::field("text", |t| t.canned_fields))?;
    let by = relais_store::Actor::Staff(signed_in.session.staff.id);
    state.store.add_canned_answer(locale, title, text, by, state.clock.now()).await?;
    Ok(Redirect::to("/console/canned").into_response())
}

#[derive(Debug, Deserialize)]
pub struct Nothing {}

/// `POST /console/canned/{canned_id}/delete`.
pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm(signed_in, Nothing {}): StaffForm<Nothing>,
) -> Result<Response, ConsoleError> {
    supervisor(&signed_in)?;
    let by = relais_store::Actor::Staff(signed_in.session.staff.id);
    if !state.store.remove_canned_answer(&id, by, state.clock.now()).await? {
        return Err(ConsoleError::NotFound(|t| t.no_canned));
    }
    Ok(Redirect::to("/console/canned").into_response())
}
