//! The queue, taking the next case, opening a case from a platform's code,
//! and the case page. Every case read is written to the audit trail.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::case::{ContactChannel, Skill};
use relais_core::handoff::{HandoffCode, HandoffContext};
use relais_core::i18n::console::ConsoleText;
use relais_core::i18n::fill;
use relais_core::risk::{RiskInput, RiskLevel, Rule, assess};
use relais_core::staff::Permission;
use relais_core::{AgeBand, Category, Locale};
use relais_store::{NewCase, QueuedCase};
use serde::Deserialize;

use super::locale::ConsoleLocale;
use super::session::SignedIn;
use super::{audit_subject, render};
use crate::state::AppState;

/// A counsellor's request: the role must work cases and, for a form, the
/// session's token must come with it. Every case route starts here.
pub(super) fn counsellor<'a>(signed_in: &'a SignedIn, csrf: Option<&str>) -> Result<&'a relais_store::Staff, Refusal> {
    if csrf.is_some_and(|token| !signed_in.csrf_matches(token)) {
        return Err(Refusal::FormToken);
    }
    let staff = &signed_in.session.staff;
    if !staff.role.may(Permission::WorkCases) {
        return Err(Refusal::Role);
    }
    Ok(staff)
}

/// Why a counsellor's request was refused.
#[derive(Debug, Clone, Copy)]
pub(super) enum Refusal {
    FormToken,
    Role,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let why = match self {
            Refusal::FormToken => "Missing or wrong form token.",
            Refusal::Role => "This role does not work cases.",
        };
        (StatusCode::FORBIDDEN, why).into_response()
    }
}

fn category_label(code: &str, locale: Locale) -> &'static str {
    Category::from_code(code).map(|c| c.label(locale)).unwrap_or("—")
}

/// One line of the queue, as the console shows it.
#[derive(Debug, serde::Serialize, PartialEq, Eq)]
pub struct QueueRow {
    pub risk: &'static str,
    pub category: &'static str,
    pub age: &'static str,
    pub waited: String,
}

pub fn queue_rows(cases: &[QueuedCase], now: Timestamp, locale: Locale) -> Vec<QueueRow> {
    let t = ConsoleText::get(locale);
    cases
        .iter()
        .map(|c| QueueRow {
            risk: t.risk(c.risk),
            category: category_label(&c.category, locale),
            age: t.age(&c.age_band),
            waited: format!("{} min", (now - c.queued_at).as_secs().max(0) / 60),
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn take_next(State(state): State<AppState>, signed_in: SignedIn, Form(form): Form<CsrfOnly>) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    match state.store.take_next(&staff.id, staff.role.skill(), Timestamp::now()).await {
        Ok(Some(case)) => {
            audit_subject(&state, &staff.id, "case.take", &format!("case:{}", case.id)).await;
            Redirect::to(&format!("/console/cases/{}", case.id)).into_response()
        }
        Ok(None) => Redirect::to("/console?empty=1").into_response(),
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    csrf: String,
    code: String,
}

/// A child calls with a platform's code: its context becomes a case, theirs.
pub async fn open_from_handoff(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<CodeForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let now = Timestamp::now();
    let (handoff, context) = match claim(&state, &form.code, now).await {
        Ok(Some(found)) => found,
        Ok(None) => return Redirect::to("/console?unknown_code=1").into_response(),
        Err(e) => return e.into_response(),
    };
    let category = Category::from_code(&handoff.category);
    let age_band = AgeBand::from_code(&handoff.age_band).unwrap_or(AgeBand::Unknown);
    let description = context.description.clone().unwrap_or_default();
    let risk = assess(&RiskInput { text: &description, category, age_band, declared_danger: false });
    let details = serde_json::json!({
        "platform": handoff.platform_name,
        "handoff": context,
        "description": description,
        "risk_rules": risk.rule_codes(),
    });
    let opened = state
        .store
        .open_case(NewCase {
            details: Some(details.to_string().into_bytes()),
            assigned_to: Some(staff.id.clone()),
            platform: Some(relais_core::case::platform_name(&handoff.platform_name)),
            evidence: evidence_of(&context),
            handoff_id: Some(handoff.id.clone()),
            ..NewCase::waiting(
                ContactChannel::Handoff,
                &handoff.category,
                &handoff.age_band,
                risk.level,
                staff.role.skill(),
                now,
            )
        })
        .await;
    match opened {
        Ok(case) => {
            audit_subject(&state, &staff.id, "case.open_from_handoff", &format!("case:{}", case.id)).await;
            Redirect::to(&format!("/console/cases/{}", case.id)).into_response()
        }
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

/// One item of evidence as the case page lists it.
#[derive(Debug)]
struct EvidenceRow {
    what: String,
    platform_content_id: Option<String>,
    /// Where to download the capture, if there is one.
    file: Option<String>,
    sha256: Option<String>,
    captured: Option<String>,
    added: String,
}

/// Claims a platform's report by the code a child reads out: its context, once.
async fn claim(
    state: &AppState,
    code: &str,
    now: Timestamp,
) -> Result<Option<(relais_store::Handoff, HandoffContext)>, crate::error::AppError> {
    let Some(code) = HandoffCode::parse(code) else { return Ok(None) };
    let Some((handoff, context)) = state.store.claim_handoff(code.as_str(), now).await? else { return Ok(None) };
    let context = serde_json::from_slice(&context)
        .map_err(|e| crate::error::AppError::Internal(format!("handoff context: {e}")))?;
    Ok(Some((handoff, context)))
}

/// A platform's content items, as evidence on the case.
fn evidence_of(context: &HandoffContext) -> Vec<relais_store::NewEvidence> {
    context
        .content
        .iter()
        .map(|item| relais_store::NewEvidence {
            url: Some(item.url.clone()),
            platform_content_id: item.platform_content_id.clone(),
            captured_at: item.captured_at,
            ..Default::default()
        })
        .collect()
}

/// `POST /console/cases/{id}/handoff`: the child reports again on a platform
/// and reads out the new code; its report joins the case they already have.
pub async fn link_handoff(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<CodeForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    match state.store.case_file(&id).await {
        Ok(Some(_)) => {}
        Ok(None) => return (StatusCode::NOT_FOUND, "No such case.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    }
    let now = Timestamp::now();
    let (handoff, context) = match claim(&state, &form.code, now).await {
        Ok(Some(found)) => found,
        Ok(None) => return Redirect::to(&format!("/console/cases/{id}?unknown_code=1")).into_response(),
        Err(e) => return e.into_response(),
    };
    if let Err(e) = state.store.link_handoff(&id, &handoff.id, evidence_of(&context), now).await {
        return crate::error::AppError::from(e).into_response();
    }
    audit_subject(&state, &staff.id, "case.link_handoff", &format!("case:{id}")).await;
    Redirect::to(&format!("/console/cases/{id}")).into_response()
}

#[derive(Debug, Deserialize)]
pub struct OutcomeForm {
    csrf: String,
    outcome: String,
}

/// `POST /console/cases/{id}/outcome`: how the case ended, from the fixed list.
pub async fn set_outcome(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<OutcomeForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let Some(outcome) = relais_core::case::Outcome::from_code(&form.outcome) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "outcome: not one of the listed outcomes.").into_response();
    };
    match state.store.set_case_outcome(&id, outcome, Timestamp::now()).await {
        Ok(true) => {
            audit_subject(&state, &staff.id, "case.outcome", &format!("case:{id}")).await;
            Redirect::to(&format!("/console/cases/{id}")).into_response()
        }
        Ok(false) => (StatusCode::NOT_FOUND, "No such case.").into_response(),
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "console_case.html")]
struct CasePage {
    lang: &'static str,
    title: String,
    c: super::Chrome,
    risk: &'static str,
    /// The current level, selected in the form that changes it (the form never suggests a level).
    risk_code: &'static str,
    risk_rules: Vec<String>,
    category: &'static str,
    age: &'static str,
    channel: String,
    status: &'static str,
    platform: Option<String>,
    evidence: Vec<EvidenceRow>,
    evidence_file_label: String,
    accounts: Vec<String>,
    description: Option<String>,
    id: String,
    csrf: String,
    /// Author, time (the helpline's), text.
    notes: Vec<(String, String, String)>,
    /// When, who, what.
    history: Vec<(String, String, String)>,
    /// The platform reports in the case: platform, when.
    linked: Vec<String>,
    outcome: &'static str,
    /// The recorded outcome's code, selected in the form; none selected before one is recorded.
    outcome_code: &'static str,
    outcomes: Vec<(&'static str, &'static str)>,
    unknown_code: bool,
    notices: Vec<super::notices::NoticeRow>,
    /// Connected platforms: client id, name.
    platforms: Vec<(String, String)>,
    /// Evidence that can be notified: id, label.
    notice_items: Vec<(String, String)>,
    actions: Vec<(&'static str, &'static str)>,
    /// Jurists and supervisors escalate.
    escalates: bool,
    /// The offence the category suggests, to start the prosecutor's form with.
    offence: &'static str,
}

#[derive(Debug, Default, Deserialize)]
pub struct CaseQuery {
    unknown_code: Option<String>,
}

/// What happened to a case, from its audit rows: who did what, when. Reads
/// and searches stay in the audit trail; they are not events of the case.
pub(super) fn history(
    t: &ConsoleText,
    trail: &[relais_store::AuditRecord],
    staff: &[relais_store::Staff],
    local: &dyn Fn(Timestamp) -> String,
    name_of: &dyn Fn(&relais_store::Staff) -> String,
) -> Vec<(String, String, String)> {
    trail
        .iter()
        .filter_map(|r| {
            let action = r.event.action.as_str();
            let what = if let Some(skill) = action.strip_prefix("case.transfer.") {
                let queue = Skill::from_code(skill).map_or(skill, |s| t.queue(s));
                fill(t.history_transfer, &[("queue", queue)])
            } else if let Some(status) = action.strip_prefix("case.status.") {
                let status = relais_core::case::CaseStatus::from_code(status).map_or(status, |s| t.status(s));
                fill(t.history_status, &[("status", status)])
            } else {
                t.history_actions.iter().find(|(code, _)| *code == action)?.1.to_owned()
            };
            let who = match r.event.actor.strip_prefix("staff:") {
                Some(id) => staff.iter().find(|s| s.id == id).map_or_else(|| id.to_owned(), name_of),
                None if r.event.actor == "public" => t.actor_child.to_owned(),
                None => t.actor_operator.to_owned(),
            };
            Some((local(r.at), who, what))
        })
        .collect()
}

pub async fn case_page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
    Path(id): Path<String>,
    query: Result<axum::extract::Query<CaseQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let t = locale.text();
    let query = query.map(|q| q.0).unwrap_or_default();
    let staff = match counsellor(&signed_in, None) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let found = if id.len() <= 64 { state.store.case_file(&id).await } else { Ok(None) };
    let (case, details) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return (StatusCode::NOT_FOUND, "No such case.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    audit_subject(&state, &staff.id, "case.read", &format!("case:{}", case.id)).await;
    let subject = format!("case:{}", case.id);
    let found = tokio::try_join!(
        state.store.notes(&case.id),
        state.store.evidence(&case.id),
        state.store.audit_of(&subject),
        state.store.list_staff(),
        state.store.linked_handoffs(&case.id),
        state.store.notices_of_case(&case.id),
        super::notices::connected_platforms(&state),
    );
    let (notes, evidence, trail, staff_list, linked, notices, platforms) = match found {
        Ok(found) => found,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let notice_items: Vec<(String, String)> = evidence
        .iter()
        .filter_map(|e| {
            let label = match (&e.url, &e.platform_content_id) {
                (Some(url), Some(id)) => format!("{url} ({id})"),
                (Some(url), None) => url.clone(),
                (None, Some(id)) => id.clone(),
                (None, None) => return None,
            };
            Some((e.id.clone(), label))
        })
        .collect();
    let zone = state.home_zone();
    let local = |at: Timestamp| {
        let at = at.to_zoned_datetime(zone.clone());
        format!("{:02}/{:02}/{} {:02}:{:02}", at.day(), at.month(), at.year(), at.hour(), at.minute())
    };
    let evidence = evidence
        .into_iter()
        .map(|e| EvidenceRow {
            what: match (&e.url, e.media_type, e.size) {
                (Some(url), _, _) => url.clone(),
                (None, Some(media), Some(size)) => format!("{} · {}", media.mime(), human_size(size, locale.0)),
                _ => "contenu".to_owned(),
            },
            file: e.media_type.map(|_| format!("/console/cases/{}/evidence/{}", case.id, e.id)),
            platform_content_id: e.platform_content_id,
            sha256: e.sha256,
            captured: e.captured_at.map(local),
            added: match e.added_by_name {
                Some(name) => format!("{name}, {}", local(e.added_at)),
                None => format!("{}, {}", t.the_platform, local(e.added_at)),
            },
        })
        .collect();
    let history = history(t, &trail, &staff_list, &local, &|s| s.name.clone());
    let notes = notes.into_iter().map(|n| (n.author_name, local(n.created_at), n.text)).collect();
    let details: serde_json::Value =
        details.and_then(|d| serde_json::from_slice(&d).ok()).unwrap_or(serde_json::Value::Null);
    let text = |v: &serde_json::Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let handoff = &details["handoff"];
    let accounts = handoff["reported_accounts"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    let id = x["platform_account_id"].as_str().unwrap_or("");
                    match x["handle"].as_str() {
                        Some(h) => format!("{h} ({id})"),
                        None => id.to_owned(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let platform = text(&details["platform"]);
    let handed_over = platform.as_deref().map(|p| fill(t.handed_over_by, &[("platform", p)]));
    let page = CasePage {
        lang: locale.code(),
        title: fill(t.case, &[("id", super::short_id(&case.id))]),
        c: super::Chrome::new(locale, &format!("/console/cases/{}", case.id), true),
        risk: t.risk(case.risk),
        risk_code: case.risk.code(),
        // Rules are kept by code and explained in the reader's language.
        risk_rules: details["risk_rules"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(text)
                    .map(|code| Rule::from_code(&code).map(|r| r.explain(locale.0).to_owned()).unwrap_or(code))
                    .collect()
            })
            .unwrap_or_default(),
        category: category_label(&case.category, locale.0),
        age: t.age(&case.age_band),
        channel: handed_over.clone().unwrap_or_else(|| t.form_or_phone.to_owned()),
        status: t.status(case.status),
        platform: handed_over,
        evidence,
        evidence_file_label: fill(
            t.evidence_file,
            &[("max", &human_size(state.settings.limits.evidence_file_bytes as u64, locale.0))],
        ),
        accounts,
        description: text(&details["description"]),
        id: case.id.clone(),
        csrf: signed_in.session.csrf_token.clone(),
        notes,
        history,
        linked: linked.iter().map(|h| format!("{} · {}", h.platform_name, local(h.created_at))).collect(),
        outcome: case.outcome.map_or(t.not_yet, |o| t.outcome(o)),
        outcome_code: case.outcome.map_or("", |o| o.code()),
        outcomes: relais_core::case::Outcome::ALL.iter().map(|o| (o.code(), t.outcome(*o))).collect(),
        unknown_code: query.unknown_code.is_some(),
        notices: super::notices::rows(
            &notices,
            &platforms
                .iter()
                .filter_map(|p| Some((p.client_id.clone(), p.fallback_contact.clone()?)))
                .collect::<Vec<_>>(),
            t,
            &signed_in.session.staff,
            state.settings.notices.approval,
            Timestamp::now(),
        ),
        platforms: platforms.into_iter().map(|p| (p.client_id, p.name)).collect(),
        notice_items,
        actions: relais_core::notice::ActionAsked::ALL.iter().map(|a| (a.code(), t.action_asked(*a))).collect(),
        escalates: signed_in.session.staff.role.may(Permission::ApproveNotices),
        offence: relais_core::notice::legal_ground(Category::from_code(&case.category).unwrap_or(Category::Other))
            .offence,
    };
    render(page, StatusCode::OK)
}

/// A size as a person reads it: "840 Ko", "3,2 Mo"; "840 kB", "3.2 MB".
fn human_size(bytes: u64, locale: Locale) -> String {
    let (b, k, m, comma) = match locale {
        Locale::Fr => ("o", "Ko", "Mo", true),
        Locale::En => ("B", "kB", "MB", false),
    };
    match bytes {
        0..1_000 => format!("{bytes} {b}"),
        1_000..1_000_000 => format!("{} {k}", bytes / 1_000),
        _ => {
            let n = format!("{:.1}", bytes as f64 / 1_000_000.0);
            let n = n.strip_suffix(".0").unwrap_or(&n);
            format!("{} {m}", if comma { n.replace('.', ",") } else { n.to_owned() })
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    csrf: String,
    text: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let text = form.text.trim();
    if text.is_empty() || text.chars().count() > 8000 {
        return (StatusCode::UNPROCESSABLE_ENTITY, "A note is 1 to 8,000 characters.").into_response();
    }
    match state.store.case_file(&id).await {
        Ok(Some(_)) => {}
        Ok(None) => return (StatusCode::NOT_FOUND, "No such case.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    }
    if let Err(e) = state.store.add_note(&id, &staff.id, text, Timestamp::now()).await {
        return crate::error::AppError::from(e).into_response();
    }
    audit_subject(&state, &staff.id, "case.note", &format!("case:{id}")).await;
    Redirect::to(&format!("/console/cases/{id}")).into_response()
}

#[derive(Debug, Deserialize)]
pub struct TransferForm {
    csrf: String,
    to: String,
}

pub async fn transfer(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TransferForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let Some(to) = Skill::from_code(&form.to) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "Transfer to a jurist, a psychologist or a listener.")
            .into_response();
    };
    match state.store.transfer_case(&id, to, Timestamp::now()).await {
        Ok(true) => {
            audit_subject(&state, &staff.id, &format!("case.transfer.{}", to.code()), &format!("case:{id}")).await;
            Redirect::to("/console?transferred=1").into_response()
        }
        Ok(false) => {
            (StatusCode::CONFLICT, "This case cannot be transferred now (resolved or closed).").into_response()
        }
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct RiskForm {
    csrf: String,
    risk: String,
    reason: String,
}

/// A counsellor or supervisor overrides the score; the reason is kept as a sealed note.
pub async fn override_risk(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
    Path(id): Path<String>,
    Form(form): Form<RiskForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let Some(risk) = RiskLevel::from_code(&form.risk) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "Unknown risk level.").into_response();
    };
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return (StatusCode::UNPROCESSABLE_ENTITY, "Say why the risk changes (1 to 500 characters).").into_response();
    }
    let now = Timestamp::now();
    match state.store.set_case_risk(&id, risk, now).await {
        Ok(true) => {}
        Ok(false) => return (StatusCode::NOT_FOUND, "No such case.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    }
    let t = locale.text();
    let note = fill(t.risk_changed, &[("risk", t.risk(risk)), ("reason", reason)]);
    if let Err(e) = state.store.add_note(&id, &staff.id, &note, now).await {
        return crate::error::AppError::from(e).into_response();
    }
    audit_subject(&state, &staff.id, "case.risk_override", &format!("case:{id}")).await;
    Redirect::to(&format!("/console/cases/{id}")).into_response()
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    csrf: String,
    to: String,
}

pub async fn change_status(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let Some(to) = relais_core::case::CaseStatus::from_code(&form.to) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "Unknown status.").into_response();
    };
    match state.store.set_case_status(&id, to, &staff.id, Timestamp::now()).await {
        Ok(true) => {
            audit_subject(&state, &staff.id, &format!("case.status.{}", to.code()), &format!("case:{id}")).await;
            Redirect::to(&format!("/console/cases/{id}")).into_response()
        }
        Ok(false) => (StatusCode::CONFLICT, "The case cannot move there from where it stands.").into_response(),
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "console_audit.html")]
struct AuditPage {
    lang: &'static str,
    title: &'static str,
    c: super::Chrome,
    chain: String,
    rows: Vec<(u64, String, String, String, String)>,
}

/// The audit trail, for supervisors: the last rows and whether the chain holds.
pub async fn audit_log(State(state): State<AppState>, signed_in: SignedIn, locale: ConsoleLocale) -> Response {
    let t = locale.text();
    let staff = &signed_in.session.staff;
    if !staff.role.may(Permission::ReadAuditLog) {
        return (StatusCode::FORBIDDEN, "Only supervisors read the audit trail.").into_response();
    }
    audit_subject(&state, &staff.id, "audit.read", "").await;
    let chain = match relais_store::verify_audit(state.store.as_ref()).await {
        Ok(relais_store::ChainCheck::Intact { rows }) => fill(t.chain_intact, &[("rows", &rows.to_string())]),
        Ok(relais_store::ChainCheck::Broken { seq, reason }) => {
            fill(t.chain_broken, &[("seq", &seq.to_string()), ("reason", &reason)])
        }
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let rows = match state.store.audit_rows(0, u32::MAX).await {
        Ok(rows) => rows,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let rows = rows
        .into_iter()
        .rev()
        .take(200)
        .map(|r| (r.seq, r.at.to_string(), r.event.actor, r.event.action, r.event.subject))
        .collect();
    let c = super::Chrome::new(locale, "/console/audit", true);
    render(AuditPage { lang: locale.code(), title: t.audit_log, c, chain, rows }, StatusCode::OK)
}

/// `GET /console/queue/events`: the queue, pushed to the console as it changes
/// (server-sent events). Checked every two seconds; sent only when it changed;
/// the stream ends with the session.
pub async fn queue_events(State(state): State<AppState>, signed_in: SignedIn, locale: ConsoleLocale) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let skill = match counsellor(&signed_in, None) {
        Ok(staff) => staff.role.skill(),
        Err(refused) => return refused.into_response(),
    };
    let token = signed_in.token;
    let stream = futures_util::stream::unfold((state, None::<String>, true), move |(state, last, first)| {
        let token = token.clone();
        async move {
            loop {
                if !first || last.is_some() {
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                }
                // A session that ended (sign-out, expiry) ends the stream.
                match state.store.session(&token).await {
                    Ok(Some(_)) => {}
                    _ => return None,
                }
                let waiting = state.store.waiting_cases(skill, 100).await.ok()?;
                let json = serde_json::to_string(&queue_rows(&waiting, Timestamp::now(), locale.0)).ok()?;
                if last.as_deref() != Some(json.as_str()) {
                    let event = Event::default().event("queue").data(json.clone());
                    return Some((Ok::<_, std::convert::Infallible>(event), (state, Some(json), false)));
                }
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

#[derive(Debug, Deserialize)]
pub struct SearchForm {
    csrf: String,
    code: String,
}

/// A counsellor finds a case by the code a child reads out.
pub async fn search(State(state): State<AppState>, signed_in: SignedIn, Form(form): Form<SearchForm>) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let found = match relais_core::case::CaseReference::parse_code(&form.code) {
        Some(code) => state.store.case_by_reference(&code, None).await,
        None => Ok(None),
    };
    match found {
        Ok(Some(case)) => {
            audit_subject(&state, &staff.id, "case.search", &format!("case:{}", case.id)).await;
            Redirect::to(&format!("/console/cases/{}", case.id)).into_response()
        }
        Ok(None) => Redirect::to("/console?not_found=1").into_response(),
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct CallForm {
    csrf: String,
    category: String,
    age_band: String,
    summary: String,
}

/// A counsellor logs the call they are answering: a case of theirs, scored from the summary.
pub async fn log_call(State(state): State<AppState>, signed_in: SignedIn, Form(form): Form<CallForm>) -> Response {
    let staff = match counsellor(&signed_in, Some(&form.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let Some(category) = Category::from_code(&form.category) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "Unknown category.").into_response();
    };
    let Some(age_band) = AgeBand::from_code(&form.age_band) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "Unknown age band.").into_response();
    };
    let summary = form.summary.trim();
    if summary.is_empty() || summary.chars().count() > 4000 {
        return (StatusCode::UNPROCESSABLE_ENTITY, "A summary is 1 to 4,000 characters.").into_response();
    }
    let risk = assess(&RiskInput { text: summary, category: Some(category), age_band, declared_danger: false });
    let details = serde_json::json!({
        "description": summary,
        "risk_rules": risk.rule_codes(),
    });
    let opened = state
        .store
        .open_case(NewCase {
            details: Some(details.to_string().into_bytes()),
            assigned_to: Some(staff.id.clone()),
            ..NewCase::waiting(
                ContactChannel::Phone,
                category.code(),
                age_band.code(),
                risk.level,
                staff.role.skill(),
                Timestamp::now(),
            )
        })
        .await;
    match opened {
        Ok(case) => {
            audit_subject(&state, &staff.id, "case.open_from_call", &format!("case:{}", case.id)).await;
            Redirect::to(&format!("/console/cases/{}", case.id)).into_response()
        }
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}
