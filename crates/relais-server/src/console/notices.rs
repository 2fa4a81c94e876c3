//! Notices from the case page: a counsellor drafts one (platform, items,
//! explanation, what is asked); a jurist or supervisor approves it, which
//! puts it in the outbox; the page then follows it to the platform's decision.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::i18n::console::ConsoleText;
use relais_core::i18n::fill;
use relais_core::id::{CaseId, ClientId, NoticeId};
use relais_core::notice::{ActionAsked, ApprovalRule, NoticeStatus, appealable};
use relais_core::staff::Permission;
use relais_core::undelivered::Why;
use relais_core::{AgeBand, Category};
use relais_store::{ClientKind, NewNotice, Notice, Staff};
use serde::Deserialize;

use super::access::{CounsellorForm, Fields};
use super::error::ConsoleError;
use super::{case_id, notice_id};
use crate::notices::body::{self, Item, Notifier};
use crate::state::AppState;

/// One notice as the case page lists it.
#[derive(Debug)]
pub struct NoticeRow {
    pub id: String,
    pub line: String,
    /// Sent, received, decided: what is known, with the minutes each took.
    pub times: Vec<String>,
    /// The measure as a counsellor reads it, and its code in the transparency database.
    pub decision: Option<(String, String)>,
    pub breached: bool,
    /// For a notice that could not be delivered: whom to reach at the platform instead.
    pub fallback: Option<String>,
    pub approvable: bool,
    /// Given up on by the outbox, and the viewer may send it again.
    pub redeliverable: bool,
    /// A refusal the jurist may contest now (and has not yet).
    pub appealable: bool,
    pub last_error: Option<String>,
}

/// Minutes from approval to an event.
fn minutes(from: Option<Timestamp>, to: Timestamp) -> Option<i64> {
    from.map(|f| (to - f).as_secs().max(0) / 60)
}

/// The notices of a case as its page lists them, for this viewer; `fallbacks`
/// gives whom to reach at each platform when a notice cannot be delivered.
pub fn rows(
    notices: &[Notice],
    fallbacks: &[(ClientId, String)],
    t: &ConsoleText,
    locale: relais_core::Locale,
    viewer: &Staff,
    rule: ApprovalRule,
    now: Timestamp,
) -> Vec<NoticeRow> {
    notices
        .iter()
        .map(|n| {
            let mut times = Vec::new();
            if let Some(m) = n.acknowledged_at.and_then(|at| minutes(n.approved_at, at)) {
                times.push(fill(t.acknowledged_after, &[("minutes", &m.to_string())]));
            }
            if let Some(m) = n.decided_at.and_then(|at| minutes(n.approved_at, at)) {
                times.push(fill(t.decided_after, &[("minutes", &m.to_string())]));
            }
            if n.status != NoticeStatus::Draft {
                times.push(fill(t.notice_target, &[("minutes", &n.sla_minutes.to_string())]));
            }
            let line = if n.appeal_of.is_some() { t.appeal_line } else { t.notice_line };
            let contested = notices.iter().any(|other| other.appeal_of == Some(n.id));
            NoticeRow {
                id: n.id.to_string(),
                line: fill(line, &[("platform", &n.platform_name), ("status", t.notice_status(n.status))]),
                appealable: !contested
                    && viewer.role.may(Permission::ApproveNotices)
                    && appealable(n.decision.as_deref(), n.decided_at, now),
                times,
                decision: n.decision.as_ref().map(|code| {
                    let label = t.decisions.iter().find(|(c, _)| c == code).map_or(code.as_str(), |(_, l)| l);
                    (label.to_owned(), code.clone())
                }),
                fallback: (n.status == NoticeStatus::DeadLettered)
                    .then(|| fallbacks.iter().find(|(client, _)| *client == n.client_id))
                    .flatten()
                    .map(|(_, contact)| fill(t.fallback_contact, &[("contact", contact)])),
                breached: n.timing().is_some_and(|timing| timing.missed_target(now)),
                approvable: n.status == NoticeStatus::Draft && rule.allows(viewer.role, viewer.id, n.drafted_by),
                redeliverable: n.status == NoticeStatus::DeadLettered && viewer.role.may(Permission::ApproveNotices),
                last_error: n
                    .last_error
                    .as_deref()
                    .filter(|_| n.status != NoticeStatus::Decided)
                    .map(|why| Why::render_stored(why, locale)),
            }
        })
        .collect()
}

/// The notice, if it belongs to this case (the id in the path is not trusted).
async fn notice_on_case(state: &AppState, case: CaseId, notice: &str) -> Result<Notice, ConsoleError> {
    let notice = notice_id(notice)?;
    match state.store.notice(notice).await? {
        Some(n) if n.case_id == case => Ok(n),
        _ => Err(ConsoleError::NotFound(|t| t.no_notice)),
    }
}

/// Whom to reach at each platform of these notices when deliveries fail, read
/// from its connector even once the platform is revoked: a notice stuck for
/// that reason is exactly one to pass on by other means.
pub async fn fallback_contacts(
    state: &AppState,
    notices: &[Notice],
) -> Result<Vec<(ClientId, String)>, relais_store::StoreError> {
    let mut contacts: Vec<(ClientId, String)> = Vec::new();
    for n in notices {
        if contacts.iter().any(|(client, _)| *client == n.client_id) {
            continue;
        }
        if let Some(contact) = state.store.connector(n.client_id).await?.and_then(|c| c.fallback_contact) {
            contacts.push((n.client_id, contact));
        }
    }
    Ok(contacts)
}

/// A platform that can receive notices: it has a connector and is in force.
#[derive(Debug, Clone)]
pub struct Connected {
    pub client_id: ClientId,
    pub name: String,
}

/// The platforms that can receive notices.
pub async fn connected_platforms(state: &AppState) -> Result<Vec<Connected>, relais_store::StoreError> {
    let mut out = Vec::new();
    for client in state.store.list_clients(ClientKind::Platform).await? {
        if client.revoked_at.is_none() && state.store.connector(client.id).await?.is_some() {
            out.push(Connected { client_id: client.id, name: client.name });
        }
    }
    Ok(out)
}

/// `POST /console/cases/{id}/notices`, a form: `platform`, `item` (repeated:
/// evidence ids), `explanation`, `action` (repeated).
pub async fn draft(
    State(state): State<AppState>,
    Path(case): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<Fields>,
) -> Result<Response, ConsoleError> {
    let case = super::case_actions::live_case(&state, &case).await?;
    let not_connected = || ConsoleError::field("platform", |t| t.not_connected);
    let platform = form.one("platform").and_then(ClientId::parse).ok_or_else(not_connected)?;
    let connector = state.store.connector(platform).await?.ok_or_else(not_connected)?;
    let explanation = form.one("explanation").unwrap_or_default();
    if explanation.is_empty() || explanation.chars().count() > 4000 {
        return Err(ConsoleError::field("explanation", |t| t.explanation_length));
    }
    let mut actions = Vec::new();
    for code in form.all("action") {
        let action = ActionAsked::from_code(code).ok_or(ConsoleError::field("action", |t| t.unknown_action))?;
        if !actions.contains(&action) {
            actions.push(action);
        }
    }
    if actions.is_empty() {
        return Err(ConsoleError::field("action", |t| t.no_action));
    }
    let evidence = state.store.evidence(case.id).await?;
    let chosen: Vec<&str> = form.all("item").collect();
    let items: Vec<Item> = evidence
        .iter()
        .filter(|e| chosen.contains(&e.id.to_string().as_str()) && (e.url.is_some() || e.platform_content_id.is_some()))
        .map(|e| Item { url: e.url.clone(), platform_content_id: e.platform_content_id.clone() })
        .collect();
    if items.is_empty() || items.len() != chosen.len() {
        return Err(ConsoleError::field("item", |t| t.notice_items));
    }
    let draft = Draft {
        case_id: case.id,
        client_id: connector.client_id,
        category: case.category,
        age_band: case.age_band,
        items,
        explanation,
        actions,
        sla_minutes: connector.sla_for(case.category),
        appeal_of: None,
    };
    write(&state, counsellor.staff(), draft).await?;
    Ok(Redirect::to(&format!("/console/cases/{}#notices", case.id)).into_response())
}

/// A notice or an appeal about to be written.
struct Draft<'a> {
    case_id: CaseId,
    client_id: ClientId,
    category: Category,
    age_band: AgeBand,
    items: Vec<Item>,
    explanation: &'a str,
    actions: Vec<ActionAsked>,
    sla_minutes: u32,
    appeal_of: Option<NoticeId>,
}

/// Builds the body the platform will receive and stores the draft with it.
async fn write(state: &AppState, staff: &Staff, d: Draft<'_>) -> Result<Notice, ConsoleError> {
    let id = NoticeId::from(uuid::Uuid::now_v7());
    let now = state.clock.now();
    let public_url = state.settings.public_url();
    let body = body::build(body::Draft {
        id,
        notifier: Notifier::of(&state.settings, &state.directory),
        items: d.items,
        explanation: d.explanation,
        category: d.category,
        age_band: d.age_band,
        actions: d.actions.clone(),
        sla_minutes: d.sla_minutes,
        created_at: now,
        public_url: &public_url,
        appeal_of: d.appeal_of,
    });
    let body = serde_json::to_vec(&body).map_err(|e| ConsoleError::Internal(e.to_string()))?;
    let notice = state
        .store
        .draft_notice(NewNotice {
            id,
            case_id: d.case_id,
            client_id: d.client_id,
            category: d.category,
            actions: d.actions,
            age_band: d.age_band,
            body,
            sla_minutes: d.sla_minutes,
            drafted_by: staff.id,
            at: now,
            appeal_of: d.appeal_of,
        })
        .await?;
    Ok(notice)
}

/// A form that carries nothing but its token.
#[derive(Debug, Deserialize)]
pub struct Approve {}

/// `POST /console/cases/{id}/notices/{notice}/approve`: into the outbox.
pub async fn approve(
    State(state): State<AppState>,
    Path((case, notice)): Path<(String, String)>,
    CounsellorForm(counsellor, Approve {}): CounsellorForm<Approve>,
) -> Result<Response, ConsoleError> {
    let case = case_id(&case)?;
    let notice = notice_on_case(&state, case, &notice).await?;
    let staff = counsellor.staff();
    if !state.settings.notices.approval.allows(staff.role, staff.id, notice.drafted_by) {
        return Err(ConsoleError::Forbidden(|t| t.approves_notices));
    }
    if !state.store.approve_notice(notice.id, staff.id, state.clock.now()).await? {
        return Err(ConsoleError::Conflict(|t| t.approved_already));
    }
    state.chat_bus.wake(&state.store, crate::chat::bus::Wake::Outbox).await;
    Ok(Redirect::to(&format!("/console/cases/{case}#notices")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct RedeliverForm {
    /// `dashboard` to come back to the supervisors' list; the case page otherwise.
    #[serde(default)]
    from: String,
}

/// `POST /console/cases/{id}/notices/{notice}/redeliver`: a jurist or a
/// supervisor puts a notice the outbox gave up on back in it, for a fresh
/// round of attempts (the platform's endpoint fixed, or back up).
pub async fn redeliver(
    State(state): State<AppState>,
    Path((case, notice)): Path<(String, String)>,
    CounsellorForm(counsellor, form): CounsellorForm<RedeliverForm>,
) -> Result<Response, ConsoleError> {
    counsellor.require(Permission::ApproveNotices, |t| t.sends_again)?;
    let case = case_id(&case)?;
    let notice = notice_on_case(&state, case, &notice).await?;
    if !state.store.redeliver_notice(notice.id, counsellor.id(), state.clock.now()).await? {
        return Err(ConsoleError::Conflict(|t| t.not_dead_lettered));
    }
    state.chat_bus.wake(&state.store, crate::chat::bus::Wake::Outbox).await;
    let back = match form.from.as_str() {
        "dashboard" => "/console/dashboard#undelivered".to_owned(),
        _ => format!("/console/cases/{case}#notices"),
    };
    Ok(Redirect::to(&back).into_response())
}

#[derive(Debug, Deserialize)]
pub struct AppealForm {
    #[serde(default)]
    explanation: String,
}

/// `POST /console/cases/{id}/notices/{notice}/appeal`: a jurist contests a
/// platform's refusal (DSA Art. 20). The appeal is a notice of its own, with
/// the same items, approved and delivered the same way, with its own clock.
pub async fn appeal(
    State(state): State<AppState>,
    Path((case, notice)): Path<(String, String)>,
    CounsellorForm(counsellor, form): CounsellorForm<AppealForm>,
) -> Result<Response, ConsoleError> {
    counsellor.require(Permission::ApproveNotices, |t| t.contests)?;
    let explanation = form.explanation.trim();
    if explanation.is_empty() || explanation.chars().count() > 4000 {
        return Err(ConsoleError::field("explanation", |t| t.explanation_length));
    }
    let case = case_id(&case)?;
    let original = notice_on_case(&state, case, &notice).await?;
    let (siblings, found) = tokio::try_join!(state.store.notices_of_case(case), state.store.case_file(case))?;
    let (file, _) = found.ok_or(ConsoleError::NotFound(|t| t.no_case))?;
    if !appealable(original.decision.as_deref(), original.decided_at, state.clock.now()) {
        return Err(ConsoleError::Conflict(|t| t.not_appealable));
    }
    if siblings.iter().any(|n| n.appeal_of == Some(original.id)) {
        return Err(ConsoleError::Conflict(|t| t.contested_already));
    }
    let sent = state.store.notice_body(original.id).await?.ok_or(ConsoleError::Gone(|t| t.case_erased))?;
    let items = serde_json::from_slice::<body::Sent>(&sent).map(|s| s.items).unwrap_or_default();
    let draft = Draft {
        case_id: case,
        client_id: original.client_id,
        category: original.category,
        age_band: file.age_band,
        items,
        explanation,
        actions: original.actions.clone(),
        sla_minutes: original.sla_minutes,
        appeal_of: Some(original.id),
    };
    write(&state, counsellor.staff(), draft).await?;
    Ok(Redirect::to(&format!("/console/cases/{case}#notices")).into_response())
}
