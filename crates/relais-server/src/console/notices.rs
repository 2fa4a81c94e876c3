//! Notices from the case page: a counsellor drafts one (platform, items,
//! explanation, what is asked); a jurist or supervisor approves it, which
//! puts it in the outbox; the page then follows it to the platform's decision.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::Category;
use relais_core::i18n::console::ConsoleText;
use relais_core::i18n::fill;
use relais_core::notice::{ActionAsked, NoticeStatus, appealable, legal_ground};
use relais_core::staff::Permission;
use relais_store::{ClientKind, NewNotice, Notice};

use super::audit_subject;
use super::cases::counsellor;
use super::session::SignedIn;
use crate::notices::body::{self, Item, Notifier};
use crate::settings::ApprovalRule;
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

/// Minutes from approval to an event (or to now, for the target).
fn minutes(from: Option<Timestamp>, to: Timestamp) -> Option<i64> {
    from.map(|f| (to - f).as_secs().max(0) / 60)
}

pub fn rows(
    notices: &[Notice],
    fallbacks: &[(String, String)],
    t: &ConsoleText,
    viewer: &relais_store::Staff,
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
            let elapsed = minutes(n.approved_at, n.decided_at.unwrap_or(now)).unwrap_or(0);
            let line = if n.appeal_of.is_some() { t.appeal_line } else { t.notice_line };
            let contested = notices.iter().any(|other| other.appeal_of.as_deref() == Some(n.id.as_str()));
            NoticeRow {
                id: n.id.clone(),
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
                breached: n.approved_at.is_some() && elapsed >= i64::from(n.sla_minutes),
                approvable: n.status == NoticeStatus::Draft && may_approve(viewer, n, rule),
                redeliverable: n.status == NoticeStatus::DeadLettered && viewer.role.may(Permission::ApproveNotices),
                last_error: n.last_error.clone().filter(|_| n.status != NoticeStatus::Decided),
            }
        })
        .collect()
}

/// The notice, if it belongs to this case (a 404 otherwise: the id in the path is not trusted).
async fn notice_on_case(state: &AppState, case_id: &str, notice_id: &str) -> Result<Notice, Response> {
    match state.store.notice(notice_id).await {
        Ok(Some(n)) if n.case_id == case_id => Ok(n),
        Ok(_) => Err((StatusCode::NOT_FOUND, "No such notice on this case.").into_response()),
        Err(e) => Err(crate::error::AppError::from(e).into_response()),
    }
}

fn may_approve(staff: &relais_store::Staff, notice: &Notice, rule: ApprovalRule) -> bool {
    staff.role.may(Permission::ApproveNotices)
        && (rule == ApprovalRule::JuristOrSupervisor || notice.drafted_by != staff.id)
}

/// A connected platform: client id, name, and the contact for when deliveries fail.
#[derive(Debug, Clone)]
pub struct Connected {
    pub client_id: String,
    pub name: String,
    pub fallback_contact: Option<String>,
}

/// The platforms that can receive notices: those with a connector.
pub async fn connected_platforms(state: &AppState) -> Result<Vec<Connected>, relais_store::StoreError> {
    let mut out = Vec::new();
    for client in state.store.list_clients(ClientKind::Platform).await? {
        if client.revoked_at.is_some() {
            continue;
        }
        if let Some(connector) = state.store.connector(&client.id).await? {
            out.push(Connected {
                client_id: client.id,
                name: client.name,
                fallback_contact: connector.fallback_contact,
            });
        }
    }
    Ok(out)
}

/// `POST /console/cases/{id}/notices`, a form: `platform`, `item` (repeated:
/// evidence ids), `explanation`, `action` (repeated).
pub async fn draft(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(case_id): Path<String>,
    axum::extract::RawForm(raw): axum::extract::RawForm,
) -> Response {
    let pairs: Vec<(String, String)> = match serde_urlencoded::from_bytes(&raw) {
        Ok(p) => p,
        Err(_) => return (StatusCode::BAD_REQUEST, "body: not a form").into_response(),
    };
    let one = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned());
    let many = |name: &str| pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let staff = match counsellor(&signed_in, Some(&one("csrf").unwrap_or_default())) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let refuse = |field: &str, why: &str| (StatusCode::UNPROCESSABLE_ENTITY, format!("{field}: {why}")).into_response();
    let (case, _) = match state.store.case_file(&case_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return (StatusCode::NOT_FOUND, "No such case.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let platform = one("platform").unwrap_or_default();
    let connector = match state.store.connector(&platform).await {
        Ok(Some(c)) => c,
        Ok(None) => return refuse("platform", "not a platform connected to receive notices"),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let explanation = one("explanation").unwrap_or_default();
    if explanation.is_empty() || explanation.chars().count() > 4000 {
        return refuse("explanation", "1 to 4,000 characters");
    }
    let mut actions = Vec::new();
    for code in many("action") {
        match ActionAsked::from_code(&code) {
            Some(a) if !actions.contains(&a) => actions.push(a),
            Some(_) => {}
            None => return refuse("action", "not one of the actions listed"),
        }
    }
    if actions.is_empty() {
        return refuse("action", "ask for at least one action");
    }
    let evidence = match state.store.evidence(&case.id).await {
        Ok(e) => e,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let chosen = many("item");
    let items: Vec<Item> = evidence
        .iter()
        .filter(|e| chosen.contains(&e.id) && (e.url.is_some() || e.platform_content_id.is_some()))
        .map(|e| Item { url: e.url.clone(), platform_content_id: e.platform_content_id.clone() })
        .collect();
    if items.is_empty() || items.len() != chosen.len() {
        return refuse("item", "choose the case's items that have a link or a platform id");
    }
    let draft = Draft {
        case_id: &case.id,
        client_id: &connector.client_id,
        category: Category::from_code(&case.category).unwrap_or(Category::Other),
        age_band: &case.age_band,
        items,
        explanation: &explanation,
        actions,
        sla_minutes: connector.sla_for(&case.category),
        appeal_of: None,
    };
    match write(&state, staff, draft).await {
        Ok(notice) => {
            audit_subject(&state, &staff.id, "case.notice.draft", &format!("case:{} notice:{}", case.id, notice.id))
                .await;
            Redirect::to(&format!("/console/cases/{}#notices", case.id)).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// A notice or an appeal about to be written.
struct Draft<'a> {
    case_id: &'a str,
    client_id: &'a str,
    category: Category,
    age_band: &'a str,
    items: Vec<Item>,
    explanation: &'a str,
    actions: Vec<ActionAsked>,
    sla_minutes: u32,
    appeal_of: Option<&'a str>,
}

/// Builds the body the platform will receive and stores the draft with it.
async fn write(state: &AppState, staff: &relais_store::Staff, d: Draft<'_>) -> Result<Notice, crate::error::AppError> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = Timestamp::now();
    let public_url = state.settings.public_url();
    let action_asked = d.actions.iter().map(|a| a.code()).collect::<Vec<_>>().join(",");
    let body = body::build(body::Draft {
        id: &id,
        notifier: Notifier::of(&state.settings, &state.directory),
        items: d.items,
        explanation: d.explanation,
        category: d.category,
        age_band: d.age_band,
        actions: d.actions,
        sla_minutes: d.sla_minutes,
        created_at: now,
        public_url: &public_url,
        appeal_of: d.appeal_of,
    });
    let body = serde_json::to_vec(&body).map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
    let notice = state
        .store
        .draft_notice(NewNotice {
            id,
            case_id: d.case_id.to_owned(),
            client_id: d.client_id.to_owned(),
            category: d.category.code().to_owned(),
            statement_category: legal_ground(d.category).statement_category.to_owned(),
            action_asked,
            age_band: d.age_band.to_owned(),
            body,
            sla_minutes: d.sla_minutes,
            drafted_by: staff.id.clone(),
            at: now,
            appeal_of: d.appeal_of.map(str::to_owned),
        })
        .await?;
    Ok(notice)
}

#[derive(Debug, serde::Deserialize)]
pub struct ApproveForm {
    csrf: String,
}

/// `POST /console/cases/{id}/notices/{notice}/approve`: into the outbox.
pub async fn approve(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((case_id, notice_id)): Path<(String, String)>,
    axum::Form(form): axum::Form<ApproveForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let notice = match notice_on_case(&state, &case_id, &notice_id).await {
        Ok(notice) => notice,
        Err(refused) => return refused,
    };
    if !may_approve(staff, &notice, state.settings.notices.approval) {
        return (
            StatusCode::FORBIDDEN,
            "A jurist or a supervisor (another than the author, if so set) approves notices.",
        )
            .into_response();
    }
    match state.store.approve_notice(&notice_id, &staff.id, Timestamp::now()).await {
        Ok(true) => {
            state.outbox.notify_one();
            audit_subject(&state, &staff.id, "case.notice.approve", &format!("case:{case_id} notice:{notice_id}"))
                .await;
            Redirect::to(&format!("/console/cases/{case_id}#notices")).into_response()
        }
        Ok(false) => (StatusCode::CONFLICT, "This notice was approved already.").into_response(),
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct RedeliverForm {
    csrf: String,
    /// `dashboard` to come back to the supervisors' list; the case page otherwise.
    #[serde(default)]
    from: String,
}

/// `POST /console/cases/{id}/notices/{notice}/redeliver`: a jurist or a
/// supervisor puts a notice the outbox gave up on back in it, for a fresh
/// round of attempts (the platform's endpoint fixed, or back up).
pub async fn redeliver(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((case_id, notice_id)): Path<(String, String)>,
    axum::Form(form): axum::Form<RedeliverForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    if !staff.role.may(Permission::ApproveNotices) {
        return (StatusCode::FORBIDDEN, "A jurist or a supervisor sends a notice again.").into_response();
    }
    if let Err(refused) = notice_on_case(&state, &case_id, &notice_id).await {
        return refused;
    }
    match state.store.redeliver_notice(&notice_id, Timestamp::now()).await {
        Ok(true) => {
            state.outbox.notify_one();
            audit_subject(&state, &staff.id, "case.notice.redeliver", &format!("case:{case_id} notice:{notice_id}"))
                .await;
            let back = match form.from.as_str() {
                "dashboard" => "/console/dashboard#undelivered".to_owned(),
                _ => format!("/console/cases/{case_id}#notices"),
            };
            Redirect::to(&back).into_response()
        }
        Ok(false) => (StatusCode::CONFLICT, "This notice is not waiting to be sent again.").into_response(),
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct AppealForm {
    csrf: String,
    explanation: String,
}

/// `POST /console/cases/{id}/notices/{notice}/appeal`: a jurist contests a
/// platform's refusal (DSA Art. 20). The appeal is a notice of its own, with
/// the same items, approved and delivered the same way, with its own clock.
pub async fn appeal(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((case_id, notice_id)): Path<(String, String)>,
    axum::Form(form): axum::Form<AppealForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    if !staff.role.may(Permission::ApproveNotices) {
        return (StatusCode::FORBIDDEN, "A jurist or a supervisor contests a platform's decision.").into_response();
    }
    let explanation = form.explanation.trim();
    if explanation.is_empty() || explanation.chars().count() > 4000 {
        return (StatusCode::UNPROCESSABLE_ENTITY, "explanation: 1 to 4,000 characters").into_response();
    }
    let (original, siblings, case) = match tokio::try_join!(
        state.store.notice(&notice_id),
        state.store.notices_of_case(&case_id),
        state.store.case_file(&case_id)
    ) {
        Ok((Some(n), siblings, Some((case, _)))) if n.case_id == case_id => (n, siblings, case),
        Ok(_) => return (StatusCode::NOT_FOUND, "No such notice on this case.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let now = Timestamp::now();
    if !appealable(original.decision.as_deref(), original.decided_at, now) {
        return (StatusCode::CONFLICT, "Only a refusal (no action), within six months, can be contested.")
            .into_response();
    }
    if siblings.iter().any(|n| n.appeal_of.as_deref() == Some(notice_id.as_str())) {
        return (StatusCode::CONFLICT, "This decision is contested already.").into_response();
    }
    let items: Vec<Item> = match state.store.notice_body(&notice_id).await {
        Ok(Some(body)) => serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("items").cloned())
            .and_then(|items| {
                items.as_array().map(|a| {
                    a.iter()
                        .map(|i| Item {
                            url: i["url"].as_str().map(str::to_owned),
                            platform_content_id: i["platform_content_id"].as_str().map(str::to_owned),
                        })
                        .collect()
                })
            })
            .unwrap_or_default(),
        Ok(None) => return (StatusCode::GONE, "The notice's case was erased.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let draft = Draft {
        case_id: &case_id,
        client_id: &original.client_id,
        category: Category::from_code(&original.category).unwrap_or(Category::Other),
        age_band: &case.age_band,
        items,
        explanation,
        actions: original.action_asked.split(',').filter_map(ActionAsked::from_code).collect(),
        sla_minutes: original.sla_minutes,
        appeal_of: Some(&notice_id),
    };
    match write(&state, staff, draft).await {
        Ok(a) => {
            audit_subject(&state, &staff.id, "case.notice.appeal", &format!("case:{case_id} notice:{}", a.id)).await;
            Redirect::to(&format!("/console/cases/{case_id}#notices")).into_response()
        }
        Err(e) => e.into_response(),
    }
}
