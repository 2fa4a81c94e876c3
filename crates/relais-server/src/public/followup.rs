//! `/suivi`: a child comes back with the code and the secret word the web
//! form or the chat gave, learns where the case stands, reads the
//! conversation (the counsellors' replies), and may write again, which puts
//! a finished case back in the queue. The same answer for a wrong code or a
//! wrong word, and the per-address limit of code lookups, keep references
//! from being guessed.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use relais_core::Locale;
use relais_core::case::{CaseReference, CaseStatus};
use serde::Deserialize;

use crate::client_addr::ClientAddr;
use crate::console::session::{cookie, form_token_matches, random_token};
use crate::public::landing::preferred;
use crate::state::AppState;

const COOKIE: &str = "relais_followup_csrf";

/// Sets the form token of the pages a child opens with their code and word
/// (`/suivi`, `/proteger`) on the response that carries `csrf` in its forms.
pub(crate) fn with_form_token(state: &AppState, mut response: Response, csrf: &str) -> Response {
    if let Ok(v) = cookie(&state.settings, COOKIE, csrf, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// Whether a form sent from those pages carries their token.
pub(crate) fn form_token_ok(headers: &HeaderMap, csrf: &str) -> bool {
    form_token_matches(headers, COOKIE, csrf)
}

/// Why a code and word open no case.
pub(crate) enum NotFound {
    /// Too many lookups from this address: wait a minute.
    TooMany,
    /// No case has this code and word (the same answer for either wrong).
    NoMatch,
    Store(relais_store::StoreError),
}

/// The case of a child's code and secret word, within the per-address limit
/// of lookups that keeps references from being guessed.
pub(crate) async fn child_case(
    state: &AppState,
    client: &ClientAddr,
    code: &str,
    word: &str,
) -> Result<relais_store::QueuedCase, NotFound> {
    if state.code_lookups.check_key(&client.0).is_err() {
        return Err(NotFound::TooMany);
    }
    match CaseReference::parse_code(code) {
        Some(code) => state.store.case_by_reference(&code, Some(word)).await.map_err(NotFound::Store)?,
        None => None,
    }
    .ok_or(NotFound::NoMatch)
}

#[derive(Template)]
#[template(path = "followup.html")]
struct FollowUp {
    lang: &'static str,
    exit: crate::public::QuickExit,
    title: &'static str,
    status: Option<String>,
    error: Option<&'static str>,
    csrf: String,
    code_label: &'static str,
    word_label: &'static str,
    submit: &'static str,
    /// With the right code and word: the conversation (who, text), and the form to write again.
    found: Option<Found>,
    t: &'static relais_core::i18n::chat::ChatText,
    write_again: &'static str,
    /// The way to protect an intimate photo on this case.
    protect_link: &'static str,
    written: bool,
    /// The questions after a finished case, until answered; what was said of the answers.
    survey: Option<crate::public::survey::SurveyForm>,
}

/// A case found by its code and word.
struct Found {
    code: String,
    word: String,
    /// Who (child, line, system), text.
    messages: Vec<(&'static str, String, String)>,
}

fn page(
    state: &AppState,
    lang: Locale,
    status: Option<String>,
    error: Option<&'static str>,
    code: StatusCode,
) -> Response {
    page_with(state, lang, status, error, code, Shown::default())
}

/// What a page shows of a case found by its code and word.
#[derive(Default)]
struct Shown {
    found: Option<Found>,
    /// The child just wrote again.
    written: bool,
    survey: Option<crate::public::survey::SurveyForm>,
}

fn page_with(
    state: &AppState,
    lang: Locale,
    status: Option<String>,
    error: Option<&'static str>,
    code: StatusCode,
    shown: Shown,
) -> Response {
    let Shown { found, written, survey } = shown;
    let words = relais_core::i18n::chat::FollowUpText::get(lang);
    let csrf = random_token();
    let body = FollowUp {
        exit: crate::public::QuickExit::new(state, lang),
        found,
        t: relais_core::i18n::chat::ChatText::get(lang),
        write_again: words.write_again,
        protect_link: relais_core::i18n::protect::ProtectText::get(lang).link,
        written,
        survey,
        lang: lang.code(),
        title: words.title,
        status,
        error,
        csrf: csrf.clone(),
        code_label: words.code_label,
        word_label: words.word_label,
        submit: words.submit,
    };
    with_form_token(state, crate::public::render(body, code, "the follow-up page"), &csrf)
}

pub async fn form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    page(&state, preferred(&headers), None, None, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct FollowUpForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    word: String,
    /// A message written again; absent when the child only looks.
    #[serde(default)]
    text: Option<String>,
    /// The survey's answers, when the child sends them.
    #[serde(default)]
    survey: Option<String>,
    #[serde(default)]
    heard: String,
    #[serde(default)]
    knows_next: String,
    #[serde(default)]
    would_return: String,
}

pub async fn lookup(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<FollowUpForm>,
) -> Response {
    let lang = preferred(&headers);
    let words = relais_core::i18n::chat::FollowUpText::get(lang);
    if !form_token_ok(&headers, &form.csrf) {
        return crate::public::error::page(&state, StatusCode::FORBIDDEN, lang, relais_core::i18n::Ui::FormExpired);
    }
    let case = match child_case(&state, &client, &form.code, &form.word).await {
        Ok(case) => case,
        Err(NotFound::TooMany) => return page(&state, lang, None, Some(words.too_many), StatusCode::TOO_MANY_REQUESTS),
        Err(NotFound::NoMatch) => return page(&state, lang, None, Some(words.no_match), StatusCode::NOT_FOUND),
        Err(NotFound::Store(e)) => return crate::error::AppError::from(e).into_response(),
    };
    let t = relais_core::i18n::FormText::get(lang);
    let now = state.clock.now();
    let mut written = false;
    if let Some(text) = form.text.as_deref() {
        let Ok(text) = relais_core::conversation::check_message(text) else {
            let refused = words.message_length;
            return page(&state, lang, None, Some(refused), StatusCode::UNPROCESSABLE_ENTITY);
        };
        match state.store.write_again(case.id, text, lang, now).await {
            Ok(conversation) => {
                state.chat_bus.publish(&state.store, conversation.id, crate::chat::bus::Event::Moved).await;
                written = true;
            }
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    }
    // Where it stands now, after a message that may have put it back in the queue.
    let case = match state.store.case_file(case.id).await {
        Ok(Some((now, _))) => now,
        _ => case,
    };
    let status = match case.status {
        CaseStatus::New => t.case_waiting,
        CaseStatus::InProgress | CaseStatus::WaitingForPlatform => t.case_in_hand,
        CaseStatus::Resolved | CaseStatus::Closed => t.case_finished,
    };
    let status = relais_core::i18n::fill(status, &[("helpline", state.home_name())]);
    let chat = relais_core::i18n::chat::ChatText::get(lang);
    let messages = match state.store.conversation_of_case(case.id).await {
        Ok(Some(c)) => state.store.messages(&c, 0, 10_000).await.unwrap_or_default(),
        _ => Vec::new(),
    };
    let line = relais_core::i18n::fill(chat.helpline_says, &[("helpline", state.home_name())]);
    let messages = messages
        .into_iter()
        .map(|m| {
            use relais_core::conversation::Author;
            match m.author {
                Author::Child => ("child", chat.you.to_owned(), m.text),
                Author::Counsellor => ("counsellor", line.clone(), m.text),
                Author::System => ("system", String::new(), relais_core::i18n::chat::system_message(&m.text, lang)),
            }
        })
        .collect();
    // A finished case's child may say how it went, once.
    let finished = matches!(case.status, CaseStatus::Resolved | CaseStatus::Closed);
    let survey = if !finished {
        None
    } else if form.survey.is_some() {
        let answers = [
            ("heard", form.heard.as_str()),
            ("knows_next", form.knows_next.as_str()),
            ("would_return", form.would_return.as_str()),
        ];
        let Ok(answers) = relais_core::survey::Answers::read(answers) else {
            let refused = words.choose_answer;
            return page(&state, lang, None, Some(refused), StatusCode::UNPROCESSABLE_ENTITY);
        };
        match crate::public::survey::record(&state, case.id, case.channel, &answers).await {
            Ok(recorded) => Some(crate::public::survey::SurveyForm::answered(lang, recorded)),
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    } else {
        match state.store.survey_taken(case.id).await {
            Ok(true) => None,
            Ok(false) => Some(crate::public::survey::SurveyForm::asking(lang)),
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    };
    let found = Found { code: form.code.trim().to_owned(), word: form.word.trim().to_owned(), messages };
    page_with(&state, lang, Some(status), None, StatusCode::OK, Shown { found: Some(found), written, survey })
}
