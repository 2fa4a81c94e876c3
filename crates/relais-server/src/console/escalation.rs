//! Escalations from the case page: PHAROS, the school's referent or the
//! public prosecutor, each with the fields it needs, delivered as a signed
//! evidence bundle the counsellor downloads and sends through that
//! recipient's own channel (none of them has an API).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use relais_core::Category;
use relais_core::i18n::console::ConsoleText;
use relais_core::notice::legal_ground;
use relais_core::staff::Permission;

use super::audit_subject;
use super::cases::{counsellor, history};
use super::session::SignedIn;
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
    signed_in: SignedIn,
    Path(case_id): Path<String>,
    axum::Form(form): axum::Form<BTreeMap<String, String>>,
) -> Response {
    let staff = match counsellor(&signed_in, Some(form.get("csrf").map_or("", String::as_str))) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    if !staff.role.may(Permission::ApproveNotices) {
        return (StatusCode::FORBIDDEN, "A jurist or a supervisor escalates a case.").into_response();
    }
    let refuse = |field: &str, why: &str| (StatusCode::UNPROCESSABLE_ENTITY, format!("{field}: {why}")).into_response();
    let Some(target) = form.get("target").and_then(|t| Target::from_code(t)) else {
        return refuse("target", "pharos, school or prosecutor");
    };
    let mut fields = BTreeMap::new();
    for name in target.required_fields() {
        let value = form.get(*name).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() || value.chars().count() > 2000 {
            return refuse(name, "required, at most 2,000 characters");
        }
        fields.insert((*name).to_owned(), value.to_owned());
    }
    if target == Target::Pharos && fields.get("content_is_public").map(String::as_str) != Some("yes") {
        return refuse(
            "content_is_public",
            "PHAROS takes public content only; private messages go to the police or the gendarmerie",
        );
    }
    let (case, _) = match state.store.case_file(&case_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return (StatusCode::NOT_FOUND, "No such case.").into_response(),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let category = Category::from_code(&case.category).unwrap_or(Category::Other);
    let subject = format!("case:{}", case.id);
    let found =
        tokio::try_join!(state.store.evidence(&case.id), state.store.audit_of(&subject), state.store.list_staff());
    let (evidence, trail, staff_list) = match found {
        Ok(found) => found,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    // Child sexual abuse material is pointed at, never copied, even to the police.
    let carry_files = category != Category::Csam;
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
        if carry_files && e.media_type.is_some() {
            match state.store.evidence_file(&case.id, &e.id).await {
                Ok(Some((meta, bytes))) => {
                    let ext = meta.media_type.map_or("bin", |m| m.extension());
                    let name = format!("evidence/{}.{ext}", meta.sha256.as_deref().unwrap_or(&e.id));
                    item.file = Some(name.clone());
                    captures.push((name, bytes));
                }
                Ok(None) => {}
                Err(err) => return crate::error::AppError::from(err).into_response(),
            }
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
    let now = Timestamp::now();
    let manifest = Manifest {
        bundle_version: 1,
        target,
        legal_basis: target.legal_basis().to_owned(),
        helpline: crate::notices::notifier_name(&state.settings, &state.directory),
        case: case.id.clone(),
        created_at: now.to_string(),
        category: category.code().to_owned(),
        legal_ground: legal_ground(category).offence.to_owned(),
        age_band: case.age_band.clone(),
        fields,
        items,
        timeline,
        files: BTreeMap::new(),
    };
    let summary = match (Summary { m: &manifest, target: target.recipient() }).render() {
        Ok(html) => html,
        Err(e) => return crate::error::AppError::Internal(e.to_string()).into_response(),
    };
    let zip = match bundle::build(manifest, captures, summary, &state.bundle_key) {
        Ok(zip) => zip,
        Err(e) => return crate::error::AppError::Internal(e).into_response(),
    };
    let code = target.code();
    audit_subject(&state, &staff.id, &format!("case.escalation.{code}"), &format!("case:{}", case.id)).await;
    let short = super::short_id(&case.id);
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"relais-{code}-{short}.zip\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        zip,
    )
        .into_response()
}
