//! The console's language: the staff member's choice (a cookie set by the
//! switch in the page header), else the browser's preference, else French.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use relais_core::Locale;
use relais_core::i18n::console::ConsoleText;

use super::session::{cookie, cookie_value};
use crate::state::AppState;

pub const LANG_COOKIE: &str = "relais_console_lang";

/// The language the console speaks to this browser.
#[derive(Debug, Clone, Copy)]
pub struct ConsoleLocale(pub Locale);

impl ConsoleLocale {
    pub fn text(self) -> &'static ConsoleText {
        ConsoleText::get(self.0)
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    pub fn from_headers(headers: &HeaderMap) -> ConsoleLocale {
        ConsoleLocale(match cookie_value(headers, LANG_COOKIE).as_deref() {
            Some("en") => Locale::En,
            Some("fr") => Locale::Fr,
            _ => crate::public::landing::preferred(headers),
        })
    }

    /// The other language, for the switch.
    pub fn other(self) -> &'static str {
        match self.0 {
            Locale::Fr => "en",
            Locale::En => "fr",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ConsoleLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ConsoleLocale::from_headers(&parts.headers))
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// `GET /console/lang/{fr|en}?back=/console/…`: remembers the choice and
/// returns to the page where the switch was pressed (a console page only).
pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    back: Result<Query<Back>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let code = if code == "en" { "en" } else { "fr" };
    let back = back
        .ok()
        .and_then(|Query(b)| b.back)
        .filter(|p| {
            p.starts_with("/console") && !p.contains("//") && !p.contains('\\') && !p.starts_with("/console/lang")
        })
        .unwrap_or_else(|| "/console".to_owned());
    let mut response = Redirect::to(&back).into_response();
    let value = format!("{}; Max-Age=31536000", cookie(&state.settings, LANG_COOKIE, code, "/console"));
    if let Ok(v) = value.parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}
