//! What a counsellor does to a case from its page: a note, a transfer to
//! another skill, a move along the case's life, the risk changed by hand (with
//! the reason kept as a sealed note), the outcome, and a child's second report
//! joined to the case they already have. Each is audited.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use relais_core::case::{CaseStatus, Outcome, Skill};
use relais_core::i18n::fill;
use relais_core::id::CaseId;
use relais_core::risk::RiskLevel;
use serde::Deserialize;

use super::access::CounsellorForm;
use super::case_id;
use super::error::ConsoleError;
use super::intake::{CodeForm, evidence_of, pending};
use super::locale::ConsoleLocale;
use crate::state::AppState;

/// Back to the case's page.
fn to_case(id: CaseId) -> Response {
    Redirect::to(&format!("/console/cases/{id}")).into_response()
}

/// The case in the path, to act on: it must exist and not have been erased
/// (its page still opens, but nothing can be added to it).
pub(super) async fn live_case(state: &AppState, id: &str) -> Result<relais_store::QueuedCase, ConsoleError> {
    let (case, _) = state.store.case_file(case_id(id)?).await?.ok_or(ConsoleError::NotFound(|t| t.no_case))?;
    if case.erased_at.is_some() {
        return Err(ConsoleError::Gone(|t| t.erased));
    }
    Ok(case)
}

async fn existing(state: &AppState, id: &str) -> Result<CaseId, ConsoleError> {
    Ok(live_case(state, id).await?.id)
}

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    text: String,
}

/// `POST /console/cases/{id}/notes`.
pub async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<NoteForm>,
) -> Result<Response, ConsoleError> {
    let text = form.text.trim();
    if text.is_empty() || text.chars().count() > 8000 {
        return Err(ConsoleError::field("text", |t| t.note_length));
    }
    let id = existing(&state, &id).await?;
    state.store.add_note(id, counsellor.id(), text, state.clock.now()).await?;
    Ok(to_case(id))
}

#[derive(Debug, Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    to: String,
}

/// `POST /console/cases/{id}/transfer`: back to the queue of a psychologist, a jurist or a listener.
pub async fn transfer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<TransferForm>,
) -> Result<Response, ConsoleError> {
    let to = Skill::from_code(&form.to).ok_or(ConsoleError::field("to", |t| t.transfer_target))?;
    let id = existing(&state, &id).await?;
    if !state.store.transfer_case(id, to, counsellor.id(), state.clock.now()).await? {
        return Err(ConsoleError::Conflict(|t| t.cannot_transfer));
    }
    crate::chat::moved(&state, id).await;
    Ok(Redirect::to("/console?transferred=1").into_response())
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    to: String,
}

/// `POST /console/cases/{id}/status`: a move the case's life allows from where it stands.
pub async fn change_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<StatusForm>,
) -> Result<Response, ConsoleError> {
    let to = CaseStatus::from_code(&form.to).ok_or(ConsoleError::field("to", |t| t.unknown_status))?;
    let id = existing(&state, &id).await?;
    if !state.store.set_case_status(id, to, counsellor.id(), state.clock.now()).await? {
        return Err(ConsoleError::Conflict(|t| t.cannot_move));
    }
    // Its conversation followed (held, or ended): the child and any open pane hear of it.
    crate::chat::moved(&state, id).await;
    Ok(to_case(id))
}

#[derive(Debug, Deserialize)]
pub struct RiskForm {
    #[serde(default)]
    risk: String,
    #[serde(default)]
    reason: String,
}

/// `POST /console/cases/{id}/risk`: a counsellor or supervisor overrides the
/// score; the reason is kept as a sealed note.
pub async fn override_risk(
    State(state): State<AppState>,
    locale: ConsoleLocale,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<RiskForm>,
) -> Result<Response, ConsoleError> {
    let risk = RiskLevel::from_code(&form.risk).ok_or(ConsoleError::field("risk", |t| t.unknown_risk))?;
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ConsoleError::field("reason", |t| t.risk_reason));
    }
    let id = existing(&state, &id).await?;
    let now = state.clock.now();
    if !state.store.set_case_risk(id, risk, counsellor.id(), now).await? {
        return Err(ConsoleError::NotFound(|t| t.no_case));
    }
    let t = locale.text();
    let note = fill(t.risk_changed, &[("risk", t.risk(risk)), ("reason", reason)]);
    state.store.add_note(id, counsellor.id(), &note, now).await?;
    Ok(to_case(id))
}

#[derive(Debug, Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    outcome: String,
}

/// `POST /console/cases/{id}/outcome`: how the case ended, from the fixed list.
pub async fn set_outcome(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<OutcomeForm>,
) -> Result<Response, ConsoleError> {
    let outcome = Outcome::from_code(&form.outcome).ok_or(ConsoleError::field("outcome", |t| t.unknown_outcome))?;
    let id = existing(&state, &id).await?;
    if !state.store.set_case_outcome(id, outcome, counsellor.id(), state.clock.now()).await? {
        return Err(ConsoleError::NotFound(|t| t.no_case));
    }
    Ok(to_case(id))
}

/// `POST /console/cases/{id}/hashes/{hash_id}/confirm`: a counsellor puts
/// one of the child's photo hashes on the list platforms fetch, having seen
/// only that the child sent it (never the photo).
pub async fn confirm_hash(
    State(state): State<AppState>,
    Path((id, hash_id)): Path<(String, String)>,
    CounsellorForm(counsellor, _form): CounsellorForm<super::queue::Nothing>,
) -> Result<Response, ConsoleError> {
    let id = existing(&state, &id).await?;
    let hash_id = relais_core::id::ImageHashId::parse(&hash_id).ok_or(ConsoleError::NotFound(|t| t.no_case))?;
    state.store.confirm_image_hash(id, hash_id, counsellor.id(), state.clock.now()).await?;
    Ok(to_case(id))
}

/// `POST /console/cases/{id}/handoff`: the child reports again on a platform
/// and reads out the new code; its report joins the case they already have.
pub async fn link_handoff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<CodeForm>,
) -> Result<Response, ConsoleError> {
    let id = existing(&state, &id).await?;
    let now = state.clock.now();
    let unknown = || Ok(Redirect::to(&format!("/console/cases/{id}?unknown_code=1")).into_response());
    let Some((handoff, context)) = pending(&state, form.code(), now).await? else { return unknown() };
    match state.store.link_handoff(id, handoff.id, evidence_of(&context), counsellor.id(), now).await {
        Ok(()) => Ok(to_case(id)),
        Err(e) if e.handoff_gone() => unknown(),
        Err(e) => Err(e.into()),
    }
}
