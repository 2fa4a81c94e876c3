//! Advice pages (see `relais_core::advice`): `/conseils` lists the sheets,
//! the other services and the self-check; `/conseils/{category}` is one
//! sheet, with the ways to reach the line now; `/suis-je-harcele` asks a few
//! yes-or-no questions in a form sent by GET, so that nothing is posted or
//! stored, and ends on the right sheet. `?qui=parent` gives the parents'
//! version ("vous"); `?lang=en` the English one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use relais_core::advice::{PageText as Words, Reader, Service, Sheet, self_check, words};
use relais_core::i18n::fill;
use relais_core::{Category, Locale};
use serde::Deserialize;

use super::QuickExit;
use super::landing::{ChannelLink, channel_links, hours_line, preferred};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct AdviceQuery {
    /// `parent` for the parents' version.
    #[serde(default)]
    qui: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

impl AdviceQuery {
    fn reader(&self) -> Reader {
        self.qui.as_deref().and_then(Reader::from_code).unwrap_or(Reader::Child)
    }

    fn locale(&self, headers: &HeaderMap) -> Locale {
        self.lang.as_deref().and_then(Locale::from_code).unwrap_or_else(|| preferred(headers))
    }
}

#[derive(Template)]
#[template(path = "advice_index.html")]
struct IndexPage {
    lang: &'static str,
    exit: QuickExit,
    title: String,
    w: &'static Words,
    /// The counterparts abroad, from the directory.
    abroad: Vec<Abroad>,
    /// Category code, sheet title.
    sheets: Vec<(&'static str, String)>,
    services: Vec<ServiceView>,
    other_reader_href: String,
    suffix: String,
}

#[derive(Template)]
#[template(path = "advice_sheet.html")]
struct SheetPage {
    lang: &'static str,
    exit: QuickExit,
    title: String,
    w: &'static Words,
    sheet: Sheet,
    reach: Reach,
    services: Vec<ServiceView>,
    other_reader_href: String,
    suffix: String,
}

#[derive(Template)]
#[template(path = "self_check.html")]
struct CheckPage {
    lang: &'static str,
    exit: QuickExit,
    title: String,
    w: &'static Words,
    /// Code, words, answered yes.
    questions: Vec<(&'static str, &'static str, bool)>,
    /// Once answered: what it was called (none: no name), and where to read on.
    result: Option<(bool, String, String)>,
    reach: Reach,
    danger: bool,
}

/// The line's ways in, now.
struct Reach {
    /// "Talk to 3018".
    title: String,
    hours: String,
    channels: Vec<ChannelLink>,
}

/// A helpline of another country, from the directory.
struct Abroad {
    country: String,
    name: String,
    /// As written, and as dialled.
    phone: Option<(String, String)>,
    website: Option<String>,
}

struct ServiceView {
    name: String,
    what: String,
    hours: String,
    phone: Option<String>,
    url: Option<String>,
}

fn service_view(s: &Service, locale: Locale) -> ServiceView {
    ServiceView {
        name: s.name.get(locale).to_owned(),
        what: s.what.get(locale).to_owned(),
        hours: s.hours.get(locale).to_owned(),
        phone: s.phone.clone(),
        url: s.url.clone(),
    }
}

fn reach(state: &AppState, locale: Locale) -> Reach {
    let now = state.clock.now();
    match state.home_helpline() {
        Some(line) => {
            let chat = crate::chat::child::chat_url(state, &line.id, None);
            Reach {
                title: fill(words(locale, Reader::Child).reach, &[("helpline", &line.name)]),
                hours: hours_line(line, now, locale).1,
                channels: channel_links(line, now, locale, chat.as_deref()),
            }
        }
        None => Reach { title: String::new(), hours: String::new(), channels: Vec::new() },
    }
}

fn services(state: &AppState, locale: Locale) -> Vec<ServiceView> {
    match state.home_helpline() {
        Some(line) => state.advice.services(&line.country).into_iter().map(|s| service_view(s, locale)).collect(),
        None => Vec::new(),
    }
}

/// `?lang=…&qui=…` as the links between the pages carry it.
fn suffix(locale: Locale, reader: Reader) -> String {
    match reader {
        Reader::Parent => format!("?lang={}&qui=parent", locale.code()),
        Reader::Child => format!("?lang={}", locale.code()),
    }
}

fn other_reader(path: &str, locale: Locale, reader: Reader) -> String {
    let other = if reader == Reader::Child { Reader::Parent } else { Reader::Child };
    format!("{path}{}", suffix(locale, other))
}

fn page(t: impl Template) -> Response {
    super::render(t, StatusCode::OK, "an advice page")
}

/// `GET /conseils`.
pub async fn index(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<AdviceQuery>) -> Response {
    let (locale, reader) = (q.locale(&headers), q.reader());
    let w = words(locale, reader);
    let mut sheets: Vec<(&'static str, String)> = state
        .advice
        .categories(reader, locale)
        .into_iter()
        .map(|c| (c.code(), state.advice.sheet(c, reader, locale).title.clone()))
        .collect();
    sheets.push(("other", state.advice.sheet(Category::Other, reader, locale).title.clone()));
    let home = state.home_helpline().map(|h| h.id.clone()).unwrap_or_default();
    let abroad = state
        .directory
        .helplines()
        .iter()
        .filter(|h| h.id != home)
        .map(|h| {
            let phone = h.phone.as_ref().map(|p| (p.display.clone(), p.dial.clone()));
            Abroad { country: h.country.as_str().to_owned(), name: h.name.clone(), phone, website: h.website.clone() }
        })
        .collect();
    page(IndexPage {
        lang: locale.code(),
        exit: QuickExit::new(&state, locale),
        title: w.index_title.to_owned(),
        abroad,
        sheets,
        services: services(&state, locale),
        other_reader_href: other_reader("/conseils", locale, reader),
        suffix: suffix(locale, reader),
        w,
    })
}

/// `GET /conseils/{category}`.
pub async fn sheet(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(category): Path<String>,
    Query(q): Query<AdviceQuery>,
) -> Response {
    let (locale, reader) = (q.locale(&headers), q.reader());
    let Some(category) = Category::from_code(&category) else {
        return super::error::page(&state, StatusCode::NOT_FOUND, locale, relais_core::i18n::Ui::PageUnreadable);
    };
    let sheet = state.advice.sheet(category, reader, locale).clone();
    let w = words(locale, reader);
    page(SheetPage {
        lang: locale.code(),
        exit: QuickExit::new(&state, locale),
        title: sheet.title.clone(),
        reach: reach(&state, locale),
        services: services(&state, locale),
        other_reader_href: other_reader(&format!("/conseils/{}", category.code()), locale, reader),
        suffix: suffix(locale, reader),
        sheet,
        w,
    })
}

/// `GET /suis-je-harcele`: the questions, and once answered, where they lead.
pub async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(answers): Query<std::collections::BTreeMap<String, String>>,
) -> Response {
    let locale = answers.get("lang").and_then(|l| Locale::from_code(l)).unwrap_or_else(|| preferred(&headers));
    let w = words(locale, Reader::Child);
    let yes: Vec<&str> = self_check::QUESTIONS
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| answers.get(*code).map(String::as_str) == Some("oui"))
        .collect();
    let answered = answers.contains_key("fait");
    let result = answered.then(|| {
        let found = self_check::result(yes.iter().copied());
        let category = found.unwrap_or(Category::Other);
        let title = state.advice.sheet(category, Reader::Child, locale).title.clone();
        let href = format!("/conseils/{}?lang={}", category.code(), locale.code());
        (found.is_some(), title, href)
    });
    page(CheckPage {
        lang: locale.code(),
        exit: QuickExit::new(&state, locale),
        title: w.self_check.to_owned(),
        questions: self_check::QUESTIONS
            .iter()
            .map(|(code, _)| (*code, self_check::question(code, locale), yes.contains(code)))
            .collect(),
        danger: yes.contains(&"menace"),
        result,
        reach: reach(&state, locale),
        w,
    })
}
