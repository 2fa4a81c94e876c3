//! Cases opened from the console: a child calls and reads out a platform's
//! code (its report becomes the case, with what the platform handed over), a
//! counsellor logs the call they are answering, or finds a case again by the
//! reference the web form gave the child.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::case::{CaseFile, CaseReference, ContactChannel};
use relais_core::handoff::{HandoffCode, HandoffContext};
use relais_core::risk::{RiskInput, assess};
use relais_core::{AgeBand, Category};
use relais_store::{Actor, Handoff, NewCase, NewEvidence};
use serde::Deserialize;

use super::access::CounsellorForm;
use super::error::ConsoleError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

impl CodeForm {
    pub fn code(&self) -> &str {
        &self.code
    }
}

/// A platform's report by the code a child reads out, pending: the case that
/// takes it claims it as it is written (a code used meanwhile refuses the case).
pub(crate) async fn pending(
    state: &AppState,
    code: &str,
    now: Timestamp,
) -> Result<Option<(Handoff, HandoffContext)>, ConsoleError> {
    let Some(code) = HandoffCode::parse(code) else { return Ok(None) };
    let Some((handoff, context)) = state.store.pending_handoff(code.as_str(), now).await? else { return Ok(None) };
    let context = serde_json::from_slice(&context)
        .map_err(|e| ConsoleError::Internal(format!("a handoff's context did not read back: {e}")))?;
    Ok(Some((handoff, context)))
}

/// A platform's content items, as evidence on the case.
pub(crate) fn evidence_of(context: &HandoffContext) -> Vec<NewEvidence> {
    context
        .content
        .iter()
        .map(|item| NewEvidence {
            url: Some(item.url.clone()),
            platform_content_id: item.platform_content_id.clone(),
            captured_at: item.captured_at,
            ..Default::default()
        })
        .collect()
}

/// `POST /console/handoff`: a child calls with a platform's code: its context becomes a case, theirs.
pub async fn open_from_handoff(
    State(state): State<AppState>,
    CounsellorForm(counsellor, form): CounsellorForm<CodeForm>,
) -> Result<Response, ConsoleError> {
    let staff = counsellor.staff();
    let now = state.clock.now();
    let Some((handoff, context)) = pending(&state, &form.code, now).await? else {
        return Ok(Redirect::to("/console?unknown_code=1").into_response());
    };
    let description = context.description.clone().unwrap_or_default();
    let risk = assess(&RiskInput {
        text: &description,
        category: Some(handoff.category),
        age_band: handoff.age_band,
        declared_danger: false,
    });
    let file = CaseFile {
        description: Some(description).filter(|d| !d.is_empty()),
        handed_over_by: Some(handoff.platform_name.clone()),
        risk_rules: risk.rules(),
        ..CaseFile::default()
    };
    let opened = state
        .store
        .open_case(NewCase {
            file: Some(CaseFile { handoff: Some(context.clone()), ..file }),
            assigned_to: Some(staff.id),
            platform: Some(relais_core::case::platform_name(&handoff.platform_name)),
            evidence: evidence_of(&context),
            handoff_id: Some(handoff.id),
            opened_by: Actor::Staff(staff.id),
            ..NewCase::waiting(
                ContactChannel::Handoff,
                handoff.category,
                handoff.age_band,
                risk.level,
                staff.role.skill(),
                now,
            )
        })
        .await;
    match opened {
        Ok(case) => Ok(Redirect::to(&format!("/console/cases/{}", case.id)).into_response()),
        // Another counsellor or the child's chat took the code a moment before.
        Err(e) if e.handoff_gone() => Ok(Redirect::to("/console?unknown_code=1").into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct CallForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    age_band: String,
    #[serde(default)]
    summary: String,
}

/// `POST /console/phone`: a counsellor logs the call they are answering: a case of theirs, scored from the summary.
pub async fn log_call(
    State(state): State<AppState>,
    CounsellorForm(counsellor, form): CounsellorForm<CallForm>,
) -> Result<Response, ConsoleError> {
    let staff = counsellor.staff();
    let category =
        Category::from_code(&form.category).ok_or(ConsoleError::field("category", |t| t.unknown_category))?;
    let age_band = AgeBand::from_code(&form.age_band).ok_or(ConsoleError::field("age_band", |t| t.unknown_age))?;
    let summary = form.summary.trim();
    if summary.is_empty() || summary.chars().count() > 4000 {
        return Err(ConsoleError::field("summary", |t| t.summary_length));
    }
    let risk = assess(&RiskInput { text: summary, category: Some(category), age_band, declared_danger: false });
    let file = CaseFile { description: Some(summary.to_owned()), risk_rules: risk.rules(), ..CaseFile::default() };
    let case = state
        .store
        .open_case(NewCase {
            file: Some(file),
            assigned_to: Some(staff.id),
            opened_by: Actor::Staff(staff.id),
            ..NewCase::waiting(
                ContactChannel::Phone,
                category,
                age_band,
                risk.level,
                staff.role.skill(),
                state.clock.now(),
            )
        })
        .await?;
    Ok(Redirect::to(&format!("/console/cases/{}", case.id)).into_response())
}

/// `POST /console/search`: a counsellor finds a case by the code a child reads out.
pub async fn search(
    State(state): State<AppState>,
    CounsellorForm(counsellor, form): CounsellorForm<CodeForm>,
) -> Result<Response, ConsoleError> {
    let found = match CaseReference::parse_code(&form.code) {
        Some(code) => state.store.case_by_reference(&code, None).await?,
        None => None,
    };
    match found {
        Some(case) => {
            // The child read their code out to this counsellor: the case is theirs to open now.
            state.store.found_by_reference(case.id, counsellor.id(), state.clock.now()).await?;
            Ok(Redirect::to(&format!("/console/cases/{}", case.id)).into_response())
        }
        None => Ok(Redirect::to("/console?not_found=1").into_response()),
    }
}
