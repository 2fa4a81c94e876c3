//! The console's one error path. A handler returns `Result<_, ConsoleError>`;
//! the error becomes an HTML page in the reader's language, naming the field
//! at fault when there is one (the platform API answers in problem+json
//! instead, see `crate::error`). The words are chosen where the error is
//! made, the language where the page is drawn: [`localise`] wraps the console's
//! routes and renders the page with the request's language.

use std::borrow::Cow;

use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use relais_core::i18n::fill;
use relais_core::i18n::refusal::RefusalText;
use relais_core::id::CaseId;

use super::locale::ConsoleLocale;

/// A reason, picked from the catalogue of either language.
pub type Say = fn(&RefusalText) -> &'static str;

/// Why a console request was refused, or failed.
#[derive(Debug, Clone)]
pub enum ConsoleError {
    /// The form's token is missing, or is not this session's.
    FormToken,
    /// This role may not do this.
    Forbidden(Say),
    NotFound(Say),
    /// Not possible from where the record stands; nothing changed.
    Conflict(Say),
    /// A field to correct; nothing was stored.
    Invalid {
        field: Cow<'static, str>,
        say: Say,
    },
    /// A field (an uploaded file) over its limit, in bytes.
    TooLarge {
        field: &'static str,
        limit: usize,
    },
    /// What was asked for existed, and was erased.
    Gone(Say),
    /// The request is not a form this route reads.
    Unsupported(Say),
    /// Our fault: the cause goes to the log, the counsellor reads an apology.
    Internal(String),
}

impl ConsoleError {
    pub fn field(field: impl Into<Cow<'static, str>>, say: Say) -> ConsoleError {
        ConsoleError::Invalid { field: field.into(), say }
    }

    fn status(&self) -> StatusCode {
        match self {
            ConsoleError::FormToken | ConsoleError::Forbidden(_) => StatusCode::FORBIDDEN,
            ConsoleError::NotFound(_) => StatusCode::NOT_FOUND,
            ConsoleError::Conflict(_) => StatusCode::CONFLICT,
            ConsoleError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ConsoleError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ConsoleError::Gone(_) => StatusCode::GONE,
            ConsoleError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ConsoleError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<relais_store::StoreError> for ConsoleError {
    fn from(e: relais_store::StoreError) -> Self {
        match e {
            relais_store::StoreError::Erased { .. } => ConsoleError::Gone(|t| t.erased),
            e => ConsoleError::Internal(e.to_string()),
        }
    }
}

impl From<askama::Error> for ConsoleError {
    fn from(e: askama::Error) -> Self {
        ConsoleError::Internal(format!("a console page did not render: {e}"))
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        if let ConsoleError::Internal(cause) = &self {
            tracing::error!(%cause, "console request failed");
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

#[derive(Template)]
#[template(path = "console_error.html")]
struct ErrorPage {
    lang: &'static str,
    title: &'static str,
    reason: String,
    /// The field at fault, as the form names it.
    field: Option<String>,
    field_line: Option<String>,
    /// Where the counsellor goes back to: the case the request was about, or the console.
    back_href: String,
    back: &'static str,
}

impl ConsoleError {
    fn page(&self, locale: ConsoleLocale, case: Option<CaseId>) -> ErrorPage {
        let t = RefusalText::get(locale.0);
        let (title, reason, field) = match self {
            ConsoleError::FormToken => (t.title_forbidden, t.form_token.to_owned(), None),
            ConsoleError::Forbidden(say) => (t.title_forbidden, say(t).to_owned(), None),
            ConsoleError::NotFound(say) => (t.title_not_found, say(t).to_owned(), None),
            ConsoleError::Conflict(say) => (t.title_conflict, say(t).to_owned(), None),
            ConsoleError::Invalid { field, say } => (t.title_invalid, say(t).to_owned(), Some(field.to_string())),
            ConsoleError::TooLarge { field, limit } => {
                let limit = super::case_page::human_size(*limit as u64, locale.0);
                (t.title_too_large, fill(t.too_large, &[("limit", &limit)]), Some((*field).to_owned()))
            }
            ConsoleError::Gone(say) => (t.title_gone, say(t).to_owned(), None),
            ConsoleError::Unsupported(say) => (t.title_invalid, say(t).to_owned(), None),
            ConsoleError::Internal(_) => (t.title_error, t.internal.to_owned(), None),
        };
        let field_line = field.as_deref().map(|f| fill(t.field, &[("field", f)]));
        let (back_href, back) = match case {
            Some(id) => (format!("/console/cases/{id}"), t.back_to_case),
            None => ("/console".to_owned(), t.back),
        };
        ErrorPage { lang: locale.code(), title, reason, field, field_line, back_href, back }
    }
}

/// The console's page for a status a framework answered with its own words.
pub fn page_for_status(status: StatusCode, locale: ConsoleLocale, body_limit: usize) -> Response {
    let error = match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ConsoleError::NotFound(|t| t.no_page),
        StatusCode::PAYLOAD_TOO_LARGE => ConsoleError::TooLarge { field: "body", limit: body_limit },
        s if s.is_server_error() => ConsoleError::Internal(format!("a {s} answered without a page")),
        _ => ConsoleError::Unsupported(|t| t.unreadable_form),
    };
    match error.page(locale, None).render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(_) => status.into_response(),
    }
}

/// Draws the page of a console error in the language of the request that
/// caused it, with the way back to the case it was about, if any.
pub async fn localise(request: Request, next: Next) -> Response {
    let locale = ConsoleLocale::from_headers(request.headers());
    let case = request.uri().path().strip_prefix("/console/cases/").and_then(|rest| {
        let id = rest.split('/').next().unwrap_or_default();
        CaseId::parse(id)
    });
    let mut response = next.run(request).await;
    let Some(error) = response.extensions_mut().remove::<ConsoleError>() else { return response };
    // No way back to a case the reader may not open.
    let case = case.filter(|_| !matches!(error, ConsoleError::Forbidden(_)));
    let status = response.status();
    match error.page(locale, case).render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the console's error page did not render");
            status.into_response()
        }
    }
}
