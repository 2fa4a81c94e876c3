//! Evidence on a case: a counsellor attaches the link a child gives, the
//! platform's id for the content, or the capture the child sent; files are
//! typed by their bytes, sealed with the case's key and hashed on arrival, and
//! every download is audited.

use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::evidence::{EvidenceDraft, EvidenceError};
use relais_store::NewEvidence;

use super::access::Counsellor;
use super::error::ConsoleError;
use super::{audit, case_id, evidence_id, subject};
use crate::state::AppState;

/// Longest text field of the form (a link is at most 2,000 characters).
const MAX_TEXT_FIELD: usize = 4096;

/// What the upload form sent, read whole before anything is stored.
#[derive(Debug, Default)]
struct Upload {
    csrf: String,
    draft: EvidenceDraft,
}

/// The field at fault in a refused draft, and why, in the reader's words.
fn refusal(e: EvidenceError) -> ConsoleError {
    match e {
        EvidenceError::TooLarge { limit } => ConsoleError::TooLarge { field: "file", limit },
        EvidenceError::Url => ConsoleError::field("url", |t| t.evidence_url),
        EvidenceError::ContentId => ConsoleError::field("platform_content_id", |t| t.evidence_content_id),
        EvidenceError::UnexpectedType => ConsoleError::field("file", |t| t.evidence_file_type),
        EvidenceError::EmptyFile => ConsoleError::field("file", |t| t.evidence_empty_file),
        EvidenceError::CapturedInFuture => ConsoleError::field("captured_at", |t| t.evidence_in_future),
        EvidenceError::Nothing => ConsoleError::field("evidence", |t| t.evidence_nothing),
    }
}

/// `POST /console/cases/{id}/evidence` (multipart): one item of evidence.
pub async fn upload(
    State(state): State<AppState>,
    counsellor: Counsellor,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ConsoleError> {
    let limit = state.settings.limits.evidence_file_bytes;
    let multipart = multipart.map_err(|_| ConsoleError::Unsupported(|t| t.not_multipart))?;
    let upload = read_upload(multipart, limit, &state.home_zone()).await?;
    counsellor.check_token(&upload.csrf)?;
    let now = state.clock.now();
    let media = upload.draft.check(limit, now).map_err(refusal)?;
    let id = super::case_actions::live_case(&state, &id).await?.id;
    let EvidenceDraft { url, platform_content_id, file, captured_at } = upload.draft;
    let item =
        NewEvidence { url, platform_content_id, file: media.zip(file), captured_at, added_by: Some(counsellor.id()) };
    state.store.add_evidence(id, item, now).await?;
    Ok(Redirect::to(&format!("/console/cases/{id}#evidence")).into_response())
}

async fn read_upload(
    mut multipart: Multipart,
    limit: usize,
    zone: &jiff::tz::TimeZone,
) -> Result<Upload, ConsoleError> {
    let mut upload = Upload::default();
    let broken = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ConsoleError::TooLarge { field: "file", limit }
        } else {
            ConsoleError::field("body", |t| t.unreadable_form)
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            // A file input left empty still sends an empty part without a file name.
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                if bytes.len() + chunk.len() > limit {
                    return Err(ConsoleError::TooLarge { field: "file", limit });
                }
                bytes.extend_from_slice(&chunk);
            }
            let chosen = field.file_name().is_some_and(|n| !n.is_empty());
            if chosen || !bytes.is_empty() {
                upload.draft.file = Some(bytes);
            }
            continue;
        }
        let text = field.text().await.map_err(broken)?;
        if text.len() > MAX_TEXT_FIELD {
            return Err(ConsoleError::field(name, |t| t.unreadable_form));
        }
        super::access::check_text([(name.as_str().into(), text.as_str().into())])?;
        let value = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        match name.as_str() {
            "csrf" => upload.csrf = value.unwrap_or_default(),
            "url" => upload.draft.url = value,
            "platform_content_id" => upload.draft.platform_content_id = value,
            "captured_at" => {
                upload.draft.captured_at = value
                    .map(|v| capture_time(&v, zone))
                    .transpose()
                    .map_err(|()| ConsoleError::field("captured_at", |t| t.evidence_captured_at))?;
            }
            _ => return Err(ConsoleError::field(name, |t| t.unknown_field)),
        }
    }
    Ok(upload)
}

/// A moment typed in the form: the helpline's local time (what
/// `<input type="datetime-local">` sends), or an RFC 3339 instant.
fn capture_time(value: &str, zone: &jiff::tz::TimeZone) -> Result<Timestamp, ()> {
    if let Ok(at) = value.parse::<Timestamp>() {
        return Ok(at);
    }
    let local: jiff::civil::DateTime = value.parse().map_err(|_| ())?;
    local.to_zoned_datetime(zone.clone()).map(|z| z.timestamp()).map_err(|_| ())
}

/// `GET /console/cases/{id}/evidence/{evidence_id}`: the capture, as an
/// attachment that the browser never renders in the console's origin.
pub async fn download(
    State(state): State<AppState>,
    counsellor: Counsellor,
    Path((id, item)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let (id, item) = (case_id(&id)?, evidence_id(&item)?);
    let (evidence, bytes) =
        state.store.evidence_file(id, item).await?.ok_or(ConsoleError::NotFound(|t| t.no_evidence))?;
    audit(&state, counsellor.id(), "case.evidence.read", &subject::evidence(id, item)).await;
    let (mime, extension) =
        evidence.media_type.map(|m| (m.mime(), m.extension())).unwrap_or(("application/octet-stream", "bin"));
    let short = evidence.sha256.as_deref().and_then(|h| h.get(..12)).unwrap_or("file");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"preuve-{short}.{extension}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'; frame-ancestors 'none'".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_is_the_helplines() {
        let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(capture_time("2026-11-28T14:05", &paris), Ok("2026-11-28T13:05:00Z".parse().unwrap()));
        assert_eq!(capture_time("2026-07-01T14:05:00Z", &paris), Ok("2026-07-01T14:05:00Z".parse().unwrap()));
        assert_eq!(capture_time("yesterday", &paris), Err(()));
    }
}
