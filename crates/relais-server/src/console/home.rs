//! The console's first page: who is signed in, the notices past their
//! deadline (the cases to chase now), and for those who work cases the queue,
//! taking the next case, and opening one by a platform's code, a child's
//! reference or a call being answered.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use relais_core::case::access::may_open;
use relais_core::i18n::fill;
use relais_core::staff::Permission;
use relais_core::{AgeBand, Category};
use serde::Deserialize;

use super::access::CounsellorForm;
use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::queue::{QueueRow, queue_rows};
use super::session::SignedIn;
use super::{Chrome, render, with_helpline};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console_home.html")]
struct HomePage {
    lang: &'static str,
    title: String,
    c: Chrome,
    who: String,
    csrf: String,
    notice: Option<&'static str>,
    works_cases: bool,
    supervises: bool,
    queue: Vec<QueueRow>,
    categories: Vec<(&'static str, &'static str)>,
    ages: Vec<(&'static str, &'static str)>,
    /// Cases with a notice past its deadline: link, platform.
    overdue: Vec<(String, String)>,
    /// The counsellor's own cases in hand: link, short id, category, status, a chat.
    mine: Vec<(String, String, &'static str, &'static str, bool)>,
    /// Conversations held now, and how many at once.
    held: usize,
    capacity: u32,
}

/// What the page says after an action that came back to it.
#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    empty: Option<String>,
    unknown_code: Option<String>,
    transferred: Option<String>,
    not_found: Option<String>,
    password_changed: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
    query: Result<Query<HomeQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ConsoleError> {
    let t = locale.text();
    let s = &signed_in.session.staff;
    let works_cases = s.role.may(Permission::WorkCases);
    let (overdue, queue) = if works_cases {
        let (_, all_overdue) = crate::notices::sla::current(&state).await?;
        // Only the cases this counsellor may open: the others are someone else's to chase.
        let mut overdue = Vec::new();
        for t in all_overdue {
            let standing = state.store.case_standing(t.case_id, s.id).await?;
            let grants = state.settings.console.access.of(s.role);
            if standing.is_some_and(|standing| may_open(grants, s.id, s.role.skill(), &standing)) {
                overdue.push(t);
            }
        }
        let waiting = state.store.waiting_cases(s.role.skill(), 100).await?;
        (
            overdue.into_iter().map(|t| (format!("/console/cases/{}#notices", t.case_id), t.platform)).collect(),
            queue_rows(&waiting, state.clock.now(), locale.0),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let (mine, held, capacity) = if works_cases {
        let open = state.store.open_cases_of(s.id).await?;
        let held = state.store.held_conversations(s.id).await?.len();
        let mine = open
            .iter()
            .map(|c| {
                let chat = c.channel.is_conversation();
                let link = if chat { "/console/chats".to_owned() } else { format!("/console/cases/{}", c.id) };
                (link, c.id.short(), c.category.label(locale.0), t.status(c.status), chat)
            })
            .collect();
        (mine, held, state.store.chat_capacity(s.id).await?)
    } else {
        (Vec::new(), 0, 0)
    };
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let notice = [
        (q.empty.is_some(), t.queue_empty),
        (q.not_found.is_some(), t.no_case_with_code),
        (q.transferred.is_some(), t.transferred),
        (q.unknown_code.is_some(), t.unknown_handoff_code),
        (q.password_changed.is_some(), t.password_changed),
    ]
    .into_iter()
    .find_map(|(shown, text)| shown.then_some(text));
    render(
        HomePage {
            lang: locale.code(),
            title: with_helpline(&state, t.title),
            c: Chrome::new(locale, "/console", false),
            who: fill(t.signed_in_as, &[("name", &s.name), ("role", s.role.label(locale.0))]),
            csrf: signed_in.session.csrf_token.clone(),
            notice,
            works_cases,
            supervises: s.role.may(Permission::SuperviseLine),
            queue,
            categories: Category::ALL.iter().map(|c| (c.code(), c.label(locale.0))).collect(),
            ages: [AgeBand::Unknown, AgeBand::Under13, AgeBand::Age13To17, AgeBand::Adult]
                .into_iter()
                .map(|a| (a.code(), t.age(a.code())))
                .collect(),
            overdue,
            mine,
            held,
            capacity,
        },
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct CapacityForm {
    #[serde(default)]
    capacity: String,
}

/// `POST /console/capacity`: a counsellor sets how many chats they hold at
/// once (0 to 5): a newcomer may start with one, a calm evening allow more.
pub async fn set_capacity(
    State(state): State<AppState>,
    CounsellorForm(counsellor, form): CounsellorForm<CapacityForm>,
) -> Result<Response, ConsoleError> {
    let capacity = form
        .capacity
        .parse::<u32>()
        .ok()
        .filter(|c| *c <= 5)
        .ok_or(ConsoleError::field("capacity", |t| t.capacity_range))?;
    let by = relais_store::Actor::Staff(counsellor.id());
    state.store.set_chat_capacity(counsellor.id(), capacity, by, state.clock.now()).await?;
    Ok(axum::response::Redirect::to("/console").into_response())
}
