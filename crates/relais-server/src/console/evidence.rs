//! Evidence on a case: a counsellor attaches the link a child gives, the
//! platform's id for the content, or the capture the child sent; files are
//! typed by their bytes, sealed with the case's key and hashed on arrival, and
//! every download is audited.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::evidence::{EvidenceDraft, EvidenceError};
use relais_store::NewEvidence;

use super::audit_subject;
use super::cases::counsellor;
use super::session::SignedIn;
use crate::error::AppError;
use crate::state::AppState;

/// Longest text field of the form (a link is at most 2,000 characters).
const MAX_TEXT_FIELD: usize = 4096;

/// What the upload form sent, read whole before anything is stored.
#[derive(Debug, Default)]
struct Upload {
    csrf: String,
    draft: EvidenceDraft,
}

/// `POST /console/cases/{id}/evidence` (multipart): one item of evidence.
pub async fn upload(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let limit = state.settings.limits.evidence_file_bytes;
    let zone = state.home_zone();
    let upload = match multipart {
        Ok(multipart) => read_upload(multipart, limit, &zone).await,
        Err(rejection) => Err(AppError::UnsupportedMediaType(rejection.body_text())),
    };
    let upload = match upload {
        Ok(upload) => upload,
        Err(e) => return e.into_response(),
    };
    let staff = match counsellor(&signed_in, Some(&upload.csrf)) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let now = Timestamp::now();
    let media = match upload.draft.check(limit, now) {
        Ok(media) => media,
        Err(EvidenceError::TooLarge { limit }) => return AppError::FieldTooLarge("file", limit).into_response(),
        Err(e) => return AppError::field(e.field(), e.to_string()).into_response(),
    };
    match state.store.case_file(&id).await {
        Ok(Some(_)) => {}
        Ok(None) => return AppError::NotFound(format!("/console/cases/{id}")).into_response(),
        Err(e) => return AppError::from(e).into_response(),
    }
    let EvidenceDraft { url, platform_content_id, file, captured_at } = upload.draft;
    let item =
        NewEvidence { url, platform_content_id, file: media.zip(file), captured_at, added_by: Some(staff.id.clone()) };
    match state.store.add_evidence(&id, item, now).await {
        Ok(evidence) => {
            audit_subject(&state, &staff.id, "case.evidence.add", &format!("case:{id} evidence:{}", evidence.id)).await;
            Redirect::to(&format!("/console/cases/{id}#evidence")).into_response()
        }
        Err(e) => AppError::from(e).into_response(),
    }
}

async fn read_upload(mut multipart: Multipart, limit: usize, zone: &jiff::tz::TimeZone) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::FieldTooLarge("file", limit)
        } else {
            AppError::field("body", e.body_text())
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            // A file input left empty still sends an empty part without a file name.
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(too_large)? {
                if bytes.len() + chunk.len() > limit {
                    return Err(AppError::FieldTooLarge("file", limit));
                }
                bytes.extend_from_slice(&chunk);
            }
            let chosen = field.file_name().is_some_and(|n| !n.is_empty());
            if chosen || !bytes.is_empty() {
                upload.draft.file = Some(bytes);
            }
            continue;
        }
        let text = field.text().await.map_err(too_large)?;
        if text.len() > MAX_TEXT_FIELD {
            return Err(AppError::field(&name, format!("at most {MAX_TEXT_FIELD} bytes")));
        }
        let value = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        match name.as_str() {
            "csrf" => upload.csrf = value.unwrap_or_default(),
            "url" => upload.draft.url = value,
            "platform_content_id" => upload.draft.platform_content_id = value,
            "captured_at" => {
                upload.draft.captured_at = value
                    .map(|v| capture_time(&v, zone))
                    .transpose()
                    .map_err(|()| AppError::field("captured_at", "a date and time, such as 2026-11-28T14:05"))?;
            }
            _ => return Err(AppError::field(&name, "not a field of this form")),
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
    signed_in: SignedIn,
    Path((id, evidence_id)): Path<(String, String)>,
) -> Response {
    let staff = match counsellor(&signed_in, None) {
        Ok(staff) => staff,
        Err(refused) => return refused.into_response(),
    };
    let found = match state.store.evidence_file(&id, &evidence_id).await {
        Ok(found) => found,
        Err(e) => return AppError::from(e).into_response(),
    };
    let Some((evidence, bytes)) = found else {
        return AppError::NotFound(format!("/console/cases/{id}/evidence/{evidence_id}")).into_response();
    };
    audit_subject(&state, &staff.id, "case.evidence.read", &format!("case:{id} evidence:{evidence_id}")).await;
    let (mime, extension) =
        evidence.media_type.map(|m| (m.mime(), m.extension())).unwrap_or(("application/octet-stream", "bin"));
    let short = evidence.sha256.as_deref().and_then(|h| h.get(..12)).unwrap_or("file");
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"preuve-{short}.{extension}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_owned()),
        ],
        bytes,
    )
        .into_response()
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
