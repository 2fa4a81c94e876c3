//! Escalations from the case page: PHAROS, the school's referent or the
//! public prosecutor, each with the fields it needs, delivered as a signed
//! evidence bundle the counsellor downloads and sends through that
//! recipient's own channel (none of them has an API).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use relais_core::escalation::{Captures, FieldRefusal};
use relais_core::i18n::console::ConsoleText;
use relais_core::notice::legal_ground;
use relais_core::staff::Permission;

use super::access::{CounsellorForm, Fields};
use super::case_page::history;
use super::error::ConsoleError;
use super::{audit, subject};
use crate::bundle::{self, Item, Manifest, Target};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "bundle_summary.html")]
struct Summary<'a> {
    m: &'a Manifest,
    target: &'static str,
}

/// `POST /console/cases/{id}/escalations`, a form: `target` and that target's fields.
pub async fn bundle(
    State(state): State<AppState>,
    Path(case): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<Fields>,
) -> Result<Response, ConsoleError> {
    counsellor.require(Permission::ApproveNotices, |t| t.escalates)?;
    let target =
        form.one("target").and_then(Target::from_code).ok_or(ConsoleError::field("target", |t| t.escalation_target))?;
    let fields = target.check_fields(|name| form.one(name)).map_err(|refusal| match refusal {
        FieldRefusal::Required(field) => ConsoleError::field(field, |t| t.required_field),
        FieldRefusal::PublicContentOnly => ConsoleError::field(refusal.field(), |t| t.pharos_public_only),
    })?;
    let case = super::case_actions::live_case(&state, &case).await?;
    let about = subject::case(case.id);
    let (evidence, trail, staff_list) =
        tokio::try_join!(state.store.evidence(case.id), state.store.audit_of(&about), state.store.list_staff())?;
    let captures_copied = target.captures(case.category) == Captures::Copied;
    let mut items = Vec::new();
    let mut captures = Vec::new();
    for e in &evidence {
        let mut item = Item {
            url: e.url.clone(),
            platform_content_id: e.platform_content_id.clone(),
            captured_at: e.captured_at.map(|t| t.to_string()),
            file: None,
            sha256: e.sha256.clone(),
            media_type: e.media_type.map(|m| m.mime().to_owned()),
        };
        if captures_copied
            && e.media_type.is_some()
            && let Some((meta, bytes)) = state.store.evidence_file(case.id, e.id).await?
        {
            let ext = meta.media_type.map_or("bin", |m| m.extension());
            let name = format!("evidence/{}.{ext}", meta.sha256.as_deref().unwrap_or(&e.id.to_string()));
            item.file = Some(name.clone());
            captures.push((name, bytes));
        }
        items.push(item);
    }
    // The timeline names roles, not staff members.
    let t = ConsoleText::get(relais_core::Locale::Fr);
    let timeline =
        history(t, &trail, &staff_list, &|at| at.to_string(), &|s| s.role.label(relais_core::Locale::Fr).to_owned())
            .into_iter()
            .map(|(at, who, what)| [at, who, what])
            .collect();
    let manifest = Manifest {
        bundle_version: 1,
        target,
        legal_basis: target.legal_basis().to_owned(),
        helpline: crate::notices::notifier_name(&state.settings, &state.directory),
        case: case.id.to_string(),
        created_at: state.clock.now().to_string(),
        category: case.category.code().to_owned(),
        legal_ground: legal_ground(case.category).offence.to_owned(),
        age_band: case.age_band.code().to_owned(),
        fields,
        items,
        timeline,
        files: BTreeMap::new(),
    };
    let summary = (Summary { m: &manifest, target: target.recipient() }).render()?;
    let zip = bundle::build(manifest, captures, summary, &state.bundle_key).map_err(ConsoleError::Internal)?;
    let code = target.code();
    audit(&state, counsellor.id(), &format!("case.escalation.{code}"), &subject::case(case.id)).await;
    let short = case.id.short();
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"relais-{code}-{short}.zip\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        zip,
    )
        .into_response())
}
