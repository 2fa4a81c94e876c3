//! `GET /h/{code}`: what a child sees after tapping "Talk to the 3018": we
//! already have your report, here is how to reach us now, and the code, large
//! enough to read out. An unknown, expired or used code gets the same page as
//! any other (no way to tell them apart), with the helpline's channels, and
//! lookups are rate-limited per address so codes cannot be guessed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use jiff::{Timestamp, ZonedDateTime};
use relais_core::directory::{ChannelKind, Helpline};
use relais_core::handoff::{HandoffCode, HandoffStatus};
use relais_core::hours::Status;
use relais_core::i18n::Ui;
use relais_core::{Locale, policy};
use serde::Deserialize;

use crate::client_addr::ClientAddr;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct LangQuery {
    pub lang: Option<Locale>,
}

/// A channel as a button.
#[derive(Debug)]
pub struct ChannelLink {
    pub kind: &'static str,
    pub uri: String,
    pub label: String,
    pub available: bool,
    pub primary: bool,
}

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing {
    lang: &'static str,
    exit: crate::public::QuickExit,
    /// Advice for now, on the report's category: where, and its words.
    advice: (String, String),
    title: String,
    platform_line: Option<String>,
    no_repeat: String,
    unknown_title: String,
    unknown_text: String,
    code: Option<String>,
    your_code: String,
    read_the_code: String,
    expires: Option<String>,
    open: bool,
    hours_line: String,
    wait_line: Option<String>,
    channels: Vec<ChannelLink>,
    free: String,
}

pub async fn page(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(raw): Path<String>,
    query: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let lang = query.ok().and_then(|Query(q)| q.lang).unwrap_or_else(|| preferred(&headers));
    if state.code_lookups.check_key(&client.0).is_err() {
        metrics::counter!("relais_code_lookups_refused_total").increment(1);
        let mut response = (StatusCode::TOO_MANY_REQUESTS, Html(Ui::TooManyTries.render(lang))).into_response();
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
        return response;
    }
    let now = state.clock.now();
    let found = match HandoffCode::parse(&raw) {
        Some(code) => match state.store.handoff_by_code(code.as_str()).await {
            Ok(h) => h.filter(|h| h.status(now) == HandoffStatus::Pending).map(|h| (code, h)),
            Err(e) => {
                tracing::error!(error = %e, "handoff lookup failed");
                None
            }
        },
        None => None,
    };
    let country = found.as_ref().map(|(_, h)| h.country);
    let helpline = country
        .and_then(|c| state.directory.primary(c))
        .or_else(|| state.directory.helplines().iter().find(|h| h.id == state.settings.handoff.home_helpline));
    let Some(helpline) = helpline else {
        return crate::public::error::page(&state, StatusCode::NOT_FOUND, lang, Ui::NoSuchHelpline);
    };
    let code = found.as_ref().map(|(c, _)| c.as_str());
    let chat = crate::chat::child::chat_url(&state, &helpline.id, code);
    let mut page = landing(
        helpline,
        found.as_ref().map(|(c, h)| (c.as_str(), h)),
        lang,
        now,
        crate::public::QuickExit::new(&state, lang),
    );
    page.channels = channel_links(helpline, now, lang, chat.as_deref());
    let status = if found.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
    match page.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            // The code is a bearer secret: keep the page out of caches and referrers.
            response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "landing page did not render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn landing(
    helpline: &Helpline,
    found: Option<(&str, &relais_store::Handoff)>,
    lang: Locale,
    now: Timestamp,
    exit: crate::public::QuickExit,
) -> Landing {
    let name = helpline.name.as_str();
    let (open, hours_line) = hours_line(helpline, now, lang);
    let category = found.map_or(relais_core::Category::Other, |(_, h)| h.category);
    // A parent is addressed as an adult, and offered the parents' advice.
    let formal = found.is_some_and(|(_, h)| h.role == Some(relais_core::ReporterRole::Parent));
    Landing {
        lang: lang.code(),
        exit,
        advice: (
            format!("/conseils/{}?lang={}{}", category.code(), lang.code(), if formal { "&qui=parent" } else { "" }),
            Ui::AdviceNow.render(lang),
        ),
        title: Ui::LandingTitle { helpline: name }.render(lang),
        platform_line: found.map(|(_, h)| Ui::AlreadyHave { platform: &h.platform_name, formal }.render(lang)),
        no_repeat: Ui::NoRepeat { formal }.render(lang),
        unknown_title: Ui::CodeUnknownTitle.render(lang),
        unknown_text: Ui::CodeUnknown { helpline: name }.render(lang),
        code: found.map(|(c, _)| c.to_owned()),
        your_code: Ui::YourCode { formal }.render(lang),
        read_the_code: Ui::ReadTheCode { formal }.render(lang),
        expires: found.map(|(_, h)| {
            let local = h.expires_at.to_zoned_datetime(helpline.hours.zone.clone());
            Ui::Expires { when: &format!("{} {}", day_month(&local, lang), hh_mm(&local)) }.render(lang)
        }),
        open,
        hours_line,
        wait_line: None,
        channels: channel_links(helpline, now, lang, None),
        free: Ui::Free.render(lang),
    }
}

/// The helpline's channels as buttons, the call first; those closed now are shown, disabled.
/// The helpline's channels as links; `chat`, when this server answers the
/// helpline's chats itself, is where its chat button leads instead of the
/// directory's link.
pub fn channel_links(helpline: &Helpline, now: Timestamp, lang: Locale, chat: Option<&str>) -> Vec<ChannelLink> {
    let offer = policy::offer(helpline, now, None);
    offer
        .channels
        .iter()
        .map(|c| {
            let (kind, label) = match c.kind {
                ChannelKind::Call => ("call", Ui::Call { helpline: &helpline.name }.render(lang)),
                ChannelKind::Chat => ("chat", Ui::Chat.render(lang)),
                ChannelKind::Web => ("web", Ui::WriteToUs.render(lang)),
                ChannelKind::Callback => ("callback", Ui::CallMeBack.render(lang)),
                ChannelKind::Whatsapp => ("whatsapp", "WhatsApp".to_owned()),
                ChannelKind::Messenger => ("messenger", "Messenger".to_owned()),
            };
            let uri = match (c.kind, chat) {
                (ChannelKind::Chat, Some(here)) => here.to_owned(),
                _ => c.uri.to_owned(),
            };
            ChannelLink {
                kind,
                uri,
                label,
                available: c.available_now,
                primary: c.kind == ChannelKind::Call || (c.available_now && offer.open_now == Some(false)),
            }
        })
        .collect()
}

/// "Open until 23:00", or "Closed right now. Opens tomorrow at 09:00."
pub fn hours_line(helpline: &Helpline, now: Timestamp, lang: Locale) -> (bool, String) {
    match helpline.hours.status(now) {
        Status::Open { closes_at: Some(z) } => (true, Ui::OpenUntil { time: &hh_mm(&z) }.render(lang)),
        Status::Open { closes_at: None } => (true, Ui::OpenNow.render(lang)),
        Status::Closed { next_opening: Some(z) } => {
            let today = now.to_zoned_datetime(helpline.hours.zone.clone()).date();
            let day = if z.date() == today {
                Ui::Today.render(lang)
            } else if today.tomorrow().ok() == Some(z.date()) {
                Ui::Tomorrow.render(lang)
            } else {
                day_month(&z, lang)
            };
            let when = Ui::DayAtTime { day: &day, time: &hh_mm(&z) }.render(lang);
            (false, Ui::ClosedOpensAt { when: &when }.render(lang))
        }
        Status::Closed { next_opening: None } | Status::Unknown => (false, Ui::HoursUnknown.render(lang)),
    }
}

fn hh_mm(z: &ZonedDateTime) -> String {
    format!("{:02}:{:02}", z.hour(), z.minute())
}

/// A date as the reader writes it (the translation files say how).
pub(crate) fn day_month(z: &ZonedDateTime, lang: Locale) -> String {
    let (day, month, year) = (format!("{:02}", z.day()), format!("{:02}", z.month()), z.year().to_string());
    Ui::Date { day: &day, month: &month, year: &year }.render(lang)
}

/// The browser's first language Relais speaks; French when it names none.
pub fn preferred(headers: &HeaderMap) -> Locale {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    Locale::negotiate(accept).unwrap_or(Locale::Fr)
}
