//! `GET /console/cases`: the supervisors' list of cases, narrowed by status,
//! channel, category, counsellor and the dates they were opened; newest
//! first, two hundred at most. Reading it is audited like the dashboard.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use relais_core::Category;
use relais_core::case::{CaseStatus, ContactChannel};
use relais_core::id::StaffId;
use relais_core::staff::Permission;
use relais_store::CaseFilter;
use serde::Deserialize;

use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::session::SignedIn;
use super::{Chrome, audit, render, with_helpline};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console_cases.html")]
struct CaseList {
    lang: &'static str,
    title: String,
    c: Chrome,
    /// The filters' choices: code, label, chosen.
    statuses: Vec<(&'static str, &'static str, bool)>,
    channels: Vec<(&'static str, &'static str, bool)>,
    categories: Vec<(&'static str, &'static str, bool)>,
    counsellors: Vec<(String, String, bool)>,
    from: String,
    to: String,
    /// Opened, link, short id, channel, category, status, counsellor.
    rows: Vec<(String, String, String, &'static str, &'static str, &'static str, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    status: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    counsellor: String,
    /// `YYYY-MM-DD`, the helpline's day.
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// A day of the helpline's calendar, as its first instant; an empty field is none.
fn day(text: &str, zone: &jiff::tz::TimeZone, next: bool) -> Result<Option<jiff::Timestamp>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let date: jiff::civil::Date = text.trim().parse().map_err(|_| ())?;
    let date = if next { date.tomorrow().map_err(|_| ())? } else { date };
    date.to_zoned_datetime(zone.clone()).map(|z| Some(z.timestamp())).map_err(|_| ())
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
    Query(f): Query<Filters>,
) -> Result<Response, ConsoleError> {
    let staff = signed_in.require(Permission::SuperviseLine, |t| t.supervises)?;
    let t = locale.text();
    let zone = state.home_zone();
    let pick = |field: &'static str, text: &str, parse: fn(&str) -> bool| {
        if text.is_empty() || parse(text) { Ok(()) } else { Err(ConsoleError::field(field, |t| t.unreadable_form)) }
    };
    pick("status", &f.status, |s| CaseStatus::from_code(s).is_some())?;
    pick("channel", &f.channel, |s| ContactChannel::from_code(s).is_some())?;
    pick("category", &f.category, |s| Category::from_code(s).is_some())?;
    pick("counsellor", &f.counsellor, |s| StaffId::parse(s).is_some())?;
    let filter = CaseFilter {
        status: CaseStatus::from_code(&f.status),
        channel: ContactChannel::from_code(&f.channel),
        category: Category::from_code(&f.category),
        assigned_to: StaffId::parse(&f.counsellor),
        from: day(&f.from, &zone, false).map_err(|()| ConsoleError::field("from", |t| t.bad_date))?,
        to: day(&f.to, &zone, true).map_err(|()| ConsoleError::field("to", |t| t.bad_date))?,
    };
    let cases = state.store.find_cases(&filter, 200).await?;
    let staff_list = state.store.list_staff().await?;
    let name_of = |id: Option<StaffId>| {
        id.and_then(|id| staff_list.iter().find(|s| s.id == id)).map(|s| s.name.clone()).unwrap_or_default()
    };
    audit(&state, staff.id, "cases.list", "").await;
    let rows = cases
        .iter()
        .map(|c| {
            let opened = c.opened_at.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%d %H:%M").to_string();
            (
                opened,
                format!("/console/cases/{}", c.id),
                c.id.short(),
                t.channel(c.channel.code()),
                c.category.label(locale.0),
                t.status(c.status),
                name_of(c.assigned_to),
            )
        })
        .collect();
    render(
        CaseList {
            lang: locale.code(),
            title: with_helpline(&state, t.all_cases),
            c: Chrome::new(locale, "/console/cases", true),
            statuses: CaseStatus::ALL.iter().map(|s| (s.code(), t.status(*s), s.code() == f.status)).collect(),
            channels: ContactChannel::ALL
                .iter()
                .map(|ch| (ch.code(), t.channel(ch.code()), ch.code() == f.channel))
                .collect(),
            categories: Category::ALL.iter().map(|c| (c.code(), c.label(locale.0), c.code() == f.category)).collect(),
            counsellors: staff_list
                .iter()
                .filter(|s| s.role.may(Permission::WorkCases))
                .map(|s| (s.id.to_string(), s.name.clone(), s.id.to_string() == f.counsellor))
                .collect(),
            from: f.from.clone(),
            to: f.to.clone(),
            rows,
        },
        StatusCode::OK,
    )
}
