//! `GET /contact.vcf`: the helpline's contact card, for mobile operators that
//! add it to teenagers' phone directories and for anyone who wants it saved.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardQuery {
    /// A helpline id from the directory; the configured home helpline by default.
    pub helpline: Option<String>,
}

pub async fn card(
    State(state): State<AppState>,
    query: Result<Query<CardQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    let Query(query) = query.map_err(|e| AppError::field("query", e.body_text()))?;
    let id = query.helpline.as_deref().unwrap_or(&state.settings.handoff.home_helpline);
    let h = state
        .directory
        .helplines()
        .iter()
        .find(|h| h.id == id)
        .ok_or_else(|| AppError::field("helpline", "no helpline with this id in the directory"))?;
    let mut lines = vec![
        "BEGIN:VCARD".to_owned(),
        "VERSION:3.0".to_owned(),
        format!("FN:{}", escape(&h.name)),
        format!("ORG:{}", escape(&h.operator)),
    ];
    if let Some(phone) = &h.phone {
        lines.push(format!("TEL;TYPE=VOICE:{}", phone.dial));
    }
    if let Some(site) = &h.website {
        lines.push(format!("URL:{}", escape(site)));
    }
    lines.push(format!(
        "NOTE:{}",
        escape(&format!(
            "Hours ({}): {}",
            h.hours.zone.iana_name().unwrap_or("UTC"),
            h.hours.schedule.describe().join("; ")
        ))
    ));
    lines.push("END:VCARD".to_owned());
    let body = lines.join("\r\n") + "\r\n";
    let filename = format!("attachment; filename=\"{}.vcf\"", h.id);
    Ok((
        [(header::CONTENT_TYPE, "text/vcard; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, filename)],
        body,
    ))
}

/// vCard text values escape backslashes, commas, semicolons and newlines.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace('\n', "\\n")
}
