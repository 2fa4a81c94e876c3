//! A refusal on a page a child opens: a short sentence in their language,
//! never a framework's words, a line of plain text or a JSON document.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::Response;
use relais_core::Locale;
use relais_core::i18n::Ui;

#[derive(Template)]
#[template(path = "public_error.html")]
struct ErrorPage {
    lang: &'static str,
    title: String,
    message: String,
    exit: super::QuickExit,
}

/// The page, with its status; never cached.
pub fn page(state: &crate::state::AppState, status: StatusCode, lang: Locale, message: Ui<'_>) -> Response {
    let page = ErrorPage {
        lang: lang.code(),
        title: Ui::ErrorTitle.render(lang),
        message: message.render(lang),
        exit: super::QuickExit::new(state, lang),
    };
    let mut response = super::render(page, status, "an error page");
    if status == StatusCode::TOO_MANY_REQUESTS {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
    }
    response
}
