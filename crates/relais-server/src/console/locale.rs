//! The console's language: the staff member's choice (a cookie set by the
//! switch in the page header), else the browser's preference, else French.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use relais_core::Locale;
use relais_core::i18n::catalogue::Domain;
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
        // The language chosen, else the browser's, each only if the console ships it; French otherwise.
        let ships = |l: &Locale| Domain::Console.ships(*l);
        let chosen = cookie_value(headers, LANG_COOKIE).as_deref().and_then(Locale::from_code).filter(ships);
        ConsoleLocale(
            chosen.or_else(|| Some(crate::public::landing::preferred(headers)).filter(ships)).unwrap_or(Locale::Fr),
        )
    }

    /// The other language, for the switch.
    pub fn other(self) -> &'static str {
        match self.0 {
            Locale::Fr => "en",
            _ => "fr",
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
    let code = Locale::from_code(&code).filter(|l| Domain::Console.ships(*l)).unwrap_or(Locale::Fr).code();
    let back =
        back.ok().and_then(|Query(b)| b.back).and_then(|b| console_page(&b)).unwrap_or_else(|| "/console".to_owned());
    let mut response = Redirect::to(&back).into_response();
    let value = format!("{}; Max-Age=31536000", cookie(&state.settings, LANG_COOKIE, code, "/console"));
    if let Ok(v) = value.parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// A console page to go back to, from what the switch was given: only a path
/// of plain characters (no control character that could split the redirect's
/// header, no query, no scheme), its `.` and `..` resolved, and still inside
/// the console once resolved; `None` otherwise.
fn console_page(back: &str) -> Option<String> {
    if back.is_empty() || !back.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b)) {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in back.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    (segments.first() == Some(&"console") && segments.get(1) != Some(&"lang"))
        .then(|| format!("/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::console_page;

    #[test]
    fn the_way_back_stays_in_the_console_and_cannot_split_a_header() {
        assert_eq!(
            console_page("/console/cases/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").as_deref(),
            Some("/console/cases/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
        );
        assert_eq!(console_page("/console").as_deref(), Some("/console"));
        for hostile in [
            "/console\r\nSet-Cookie: x=1",
            "/console/../../etc/passwd",
            "/console/..",
            "//evil.example/console",
            "https://evil.example/console",
            "/console/lang/en",
            "/console/./lang/fr",
            "/console?x=1",
            "/console/\u{0}",
            "",
        ] {
            assert_eq!(console_page(hostile), None, "{hostile:?}");
        }
        assert_eq!(console_page("/console/dashboard/../audit").as_deref(), Some("/console/audit"));
    }
}
