//! The public contact form, `/contact/{helpline}` (and `/callback/{helpline}`,
//! the same with "call me back" chosen): anonymous, mobile-first, French and
//! English. It opens a case in the listeners' queue, scored for risk from
//! what the child wrote and declared, and gives the child a code and a secret
//! word to come back with. The case file is sealed at rest; the phone number
//! is kept only when the child asks to be called back.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use relais_core::case::{CaseFile, CaseReference, ContactChannel, Reach, SchoolLevel, Skill};
use relais_core::i18n::{FormText, Ui};
use relais_core::risk::{RiskInput, assess};
use relais_core::{AgeBand, Category, Locale, text};
use relais_store::{NewCase, NewEvidence, StoreError};
use serde::Deserialize;

use crate::client_addr::ClientAddr;
use crate::console::session::{cookie, form_token_matches, random_token};
use crate::public::error;
use crate::public::landing::{LangQuery, preferred};
use crate::state::AppState;

const FORM_CSRF_COOKIE: &str = "relais_form_csrf";

#[derive(Template)]
#[template(path = "contact_form.html")]
struct FormPage {
    lang: &'static str,
    exit: crate::public::QuickExit,
    title: String,
    t: &'static FormText,
    error: Option<String>,
    action: String,
    csrf: String,
    categories: Vec<(&'static str, &'static str)>,
    ages: Vec<(&'static str, &'static str)>,
    schools: Vec<(&'static str, &'static str)>,
    what: String,
    category: String,
    platform: String,
    links: String,
    reach: &'static str,
}

#[derive(Template)]
#[template(path = "contact_done.html")]
struct DonePage {
    lang: &'static str,
    exit: crate::public::QuickExit,
    title: String,
    t: &'static FormText,
    code: String,
    word: &'static str,
    next: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    what: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    platform: String,
    #[serde(default)]
    links: String,
    age_band: Option<String>,
    school_level: Option<String>,
    reach: Option<String>,
    #[serde(default)]
    phone: String,
    danger: Option<String>,
}

pub async fn form(
    state: State<AppState>,
    path: Path<String>,
    query: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    blank(state, path, query, headers, "come_back")
}

/// The same form, with "call me back" chosen: where the widget's callback link leads.
pub async fn callback_form(
    state: State<AppState>,
    path: Path<String>,
    query: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    blank(state, path, query, headers, "callback")
}

fn blank(
    State(state): State<AppState>,
    Path(helpline): Path<String>,
    query: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    reach: &'static str,
) -> Response {
    let lang = query.ok().and_then(|Query(q)| q.lang).unwrap_or_else(|| preferred(&headers));
    show_form(&state, &helpline, lang, reach, ContactForm::default(), None, StatusCode::OK)
}

fn helpline_name<'a>(state: &'a AppState, id: &str) -> Option<&'a str> {
    state.directory.helplines().iter().find(|h| h.id == id).map(|h| h.name.as_str())
}

fn show_form(
    state: &AppState,
    helpline: &str,
    lang: Locale,
    reach: &'static str,
    previous: ContactForm,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let Some(name) = helpline_name(state, helpline) else {
        return error::page(state, StatusCode::NOT_FOUND, lang, Ui::NoSuchHelpline);
    };
    let t = FormText::get(lang);
    let csrf = random_token();
    let page = FormPage {
        lang: lang.code(),
        exit: crate::public::QuickExit::new(state, lang),
        title: relais_core::i18n::fill(t.title, &[("helpline", name)]),
        t,
        error,
        action: format!("/contact/{helpline}"),
        csrf: csrf.clone(),
        categories: Category::ALL.iter().map(|c| (c.code(), c.label(lang))).collect(),
        ages: [AgeBand::Under13, AgeBand::Age13To17, AgeBand::Adult].iter().map(|b| b.code()).zip(t.ages).collect(),
        schools: ["primaire", "college", "lycee", "other"].into_iter().zip(t.schools).collect(),
        what: previous.what,
        category: previous.category,
        platform: previous.platform,
        links: previous.links,
        reach,
    };
    let mut r = crate::public::render(page, status, "the contact form");
    if let Ok(v) = cookie(&state.settings, FORM_CSRF_COOKIE, &csrf, "/").parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

pub async fn submit(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(helpline): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ContactForm>,
) -> Response {
    let lang = preferred(&headers);
    if !form_token_matches(&headers, FORM_CSRF_COOKIE, &form.csrf) {
        return error::page(&state, StatusCode::FORBIDDEN, lang, Ui::FormExpired);
    }
    // Anonymous posts share the per-address limit of code lookups.
    if state.code_lookups.check_key(&client.0).is_err() {
        return error::page(&state, StatusCode::TOO_MANY_REQUESTS, lang, Ui::TooManyTries);
    }
    let Some(name) = helpline_name(&state, &helpline).map(str::to_owned) else {
        return error::page(&state, StatusCode::NOT_FOUND, lang, Ui::NoSuchHelpline);
    };
    let reach = form.reach.as_deref().and_then(Reach::from_code).unwrap_or(Reach::ComeBack);
    let checked = check(&form, reach, lang);
    let (category, age_band, school_level, links, phone) = match checked {
        Ok(v) => v,
        Err(message) => {
            return show_form(
                &state,
                &helpline,
                lang,
                reach.code(),
                form,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let declared_danger = form.danger.as_deref() == Some("yes");
    let risk = assess(&RiskInput { text: &form.what, category: Some(category), age_band, declared_danger });
    let file = CaseFile {
        description: Some(form.what.trim().to_owned()),
        named_platform: Some(form.platform.trim().to_owned()).filter(|p| !p.is_empty()),
        reach: Some(reach),
        phone,
        declared_danger,
        risk_rules: risk.rules(),
        ..CaseFile::default()
    };
    let now = state.clock.now();
    for _ in 0..5 {
        let mut random = [0u8; 9];
        rand::fill(&mut random[..]);
        let reference = CaseReference::from_random(random);
        let case = NewCase {
            reference: Some(reference.clone()),
            school_level,
            file: Some(file.clone()),
            platform: Some(relais_core::case::platform_name(&form.platform)),
            // The links the child gave are evidence, sealed like the rest.
            evidence: links
                .iter()
                .map(|url| NewEvidence { url: Some(url.clone()), ..NewEvidence::default() })
                .collect(),
            ..NewCase::waiting(ContactChannel::WebForm, category, age_band, risk.level, Skill::Listener, now)
        };
        match state.store.open_case(case).await {
            Ok(_) => {
                metrics::counter!("relais_web_form_cases_total").increment(1);
                let t = FormText::get(lang);
                let next = match reach {
                    Reach::Callback => t.next_callback,
                    Reach::ComeBack => t.next_come_back,
                    Reach::None => t.next_none,
                };
                let page = DonePage {
                    lang: lang.code(),
                    exit: crate::public::QuickExit::new(&state, lang),
                    title: t.done_title.to_owned(),
                    t,
                    code: reference.code,
                    word: reference.word,
                    next: relais_core::i18n::fill(next, &[("helpline", &name)]),
                };
                return crate::public::render(page, StatusCode::CREATED, "the confirmation");
            }
            Err(StoreError::AlreadyExists { .. }) => continue,
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    }
    crate::error::AppError::Internal("could not draw an unused case reference".into()).into_response()
}

type Checked = (Category, AgeBand, Option<SchoolLevel>, Vec<String>, Option<String>);

/// Checks the form; the message is for the child, in their language.
fn check(form: &ContactForm, reach: Reach, lang: Locale) -> Result<Checked, String> {
    let t = FormText::get(lang);
    let say = |words: &str| words.to_owned();
    let fields = [("what", &form.what), ("platform", &form.platform), ("links", &form.links), ("phone", &form.phone)];
    let hidden = fields.iter().any(|(name, value)| text::check(value, text::shape_of(name)).is_err())
        || form.links.lines().any(|line| text::check(line, text::Shape::Line).is_err());
    if hidden {
        return Err(say(t.error_invisible));
    }
    let what = form.what.trim();
    if what.is_empty() {
        return Err(say(t.error_empty));
    }
    if what.chars().count() > 4000 {
        return Err(say(t.error_too_long));
    }
    let category = Category::from_code(&form.category).unwrap_or(Category::Other);
    let age_band = form.age_band.as_deref().and_then(AgeBand::from_code).unwrap_or(AgeBand::Unknown);
    let school_level = form.school_level.as_deref().and_then(SchoolLevel::from_code);
    if form.platform.chars().count() > 100 || form.platform.chars().any(char::is_control) {
        return Err(say(t.error_platform));
    }
    let mut links = Vec::new();
    for line in form.links.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let web =
            (line.starts_with("https://") || line.starts_with("http://")) && line.len() <= 2000 && !line.contains(' ');
        if !web {
            return Err(say(t.error_link));
        }
        links.push(line.to_owned());
    }
    if links.len() > 20 {
        return Err(say(t.error_too_many_links));
    }
    let phone = match reach {
        Reach::Callback => {
            let p = form.phone.trim();
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if !(6..=15).contains(&digits) || !p.chars().all(|c| c.is_ascii_digit() || " +.-".contains(c)) {
                return Err(say(t.error_phone));
            }
            Some(p.to_owned())
        }
        // No number is kept unless the child asked to be called.
        _ => None,
    };
    Ok((category, age_band, school_level, links, phone))
}
