//! The platform's side of a notice: confirm receipt, give the decision, or
//! poll for notices. A platform only ever sees and answers its own notices;
//! anything else is "not found", so ids of other platforms' notices leak nothing.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use relais_core::id::NoticeId;
use relais_core::notice::{Decision, NoticeStatus};
use relais_store::{Callback, Notice};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::Problem;

use crate::auth::Platform;
use crate::error::AppError;
use crate::extract::{StrictJson, StrictQuery};
use crate::state::AppState;

/// A notice as its platform sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    #[schema(value_type = String)]
    pub id: NoticeId,
    pub status: NoticeStatus,
    pub sla_minutes: u32,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub approved_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub delivered_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub decided_at: Option<Timestamp>,
    /// What was sent (for platforms that poll rather than receive).
    #[schema(value_type = Option<Object>)]
    pub notice: Option<serde_json::Value>,
}

async fn view(state: &AppState, n: Notice) -> Result<NoticeView, AppError> {
    let notice = state.store.notice_body(n.id).await?.and_then(|b| serde_json::from_slice(&b).ok());
    Ok(NoticeView {
        id: n.id,
        status: n.status,
        sla_minutes: n.sla_minutes,
        approved_at: n.approved_at,
        delivered_at: n.delivered_at,
        acknowledged_at: n.acknowledged_at,
        decided_at: n.decided_at,
        notice,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    status: Option<String>,
    limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeList {
    pub notices: Vec<NoticeView>,
}

/// `GET /v1/notices?status=approved`: the platform's notices, newest first.
#[utoipa::path(
    get,
    path = "/v1/notices",
    tag = "notices",
    security(("platform_key" = [])),
    params(
        ("status" = Option<NoticeStatus>, Query, description = "Only the notices standing there"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 500, description = "1 to 500; 100 by default"),
    ),
    responses(
        (status = 200, body = NoticeList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform's key", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Platform(caller): Platform,
    StrictQuery(query): StrictQuery<ListQuery>,
) -> Result<Json<NoticeList>, AppError> {
    let client = caller.client_id();
    let status = match query.status.as_deref() {
        None => None,
        Some(code) => Some(NoticeStatus::from_code(code).filter(|s| *s != NoticeStatus::Draft).ok_or_else(|| {
            AppError::field("status", "one of approved, delivered, acknowledged, decided, dead_lettered")
        })?),
    };
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::field("limit", "1 to 500"));
    }
    let mut notices = Vec::new();
    for n in state.store.notices_of_client(client, status, limit).await? {
        notices.push(view(&state, n).await?);
    }
    Ok(Json(NoticeList { notices }))
}

/// A notice's id from the path; anything else is a notice that does not exist.
fn notice_id(text: &str) -> Result<NoticeId, AppError> {
    NoticeId::parse(text)
        .ok_or_else(|| AppError::NotFound(format!("/v1/notices/{}", text.chars().take(40).collect::<String>())))
}

fn answer(callback: Callback, id: NoticeId, what: &str) -> Result<StatusCode, AppError> {
    match callback {
        Callback::Recorded => Ok(StatusCode::OK),
        Callback::AlreadyRecorded => Ok(StatusCode::OK),
        Callback::NotFound | Callback::NotSent => Err(AppError::NotFound(format!("/v1/notices/{id}"))),
        Callback::Conflict => Err(AppError::Conflict(format!(
            "A different {what} was already recorded for this notice; it stands unchanged."
        ))),
    }
}

/// `POST /v1/notices/{id}/acknowledgement`: receipt confirmed (DSA Art. 16(4)).
#[utoipa::path(
    post,
    path = "/v1/notices/{id}/acknowledgement",
    tag = "notices",
    security(("platform_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "The notice's id (its idempotency key)")),
    responses(
        (status = 200, body = NoticeView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform's key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notice of this platform", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    Platform(caller): Platform,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<NoticeView>), AppError> {
    let client = caller.client_id();
    let id = notice_id(&id)?;
    let callback = state.store.acknowledge_notice(id, client, state.clock.now()).await?;
    let status = answer(callback, id, "acknowledgement")?;
    if callback == Callback::Recorded {
        metrics::counter!("relais_notices_acknowledged_total").increment(1);
    }
    let notice = state.store.notice(id).await?.ok_or_else(|| AppError::NotFound(format!("/v1/notices/{id}")))?;
    Ok((status, Json(view(&state, notice).await?)))
}

/// `POST /v1/notices/{id}/decision`: what the platform did (Art. 16(5), 17).
/// A decision without an acknowledgement implies receipt. The same decision
/// sent again is accepted; a different one is refused and changes nothing.
#[utoipa::path(
    post,
    path = "/v1/notices/{id}/decision",
    tag = "notices",
    request_body = Decision,
    security(("platform_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "The notice's id (its idempotency key)")),
    responses(
        (status = 200, body = NoticeView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform's key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notice of this platform", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A different decision was recorded before", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Platform(caller): Platform,
    Path(id): Path<String>,
    StrictJson(decision): StrictJson<Decision>,
) -> Result<(StatusCode, Json<NoticeView>), AppError> {
    let client = caller.client_id();
    decision.validate().map_err(|f| AppError::field(f.field, f.reason))?;
    let json = serde_json::to_string(&decision).map_err(|e| AppError::Internal(e.to_string()))?;
    let id = notice_id(&id)?;
    let callback = state.store.decide_notice(id, client, decision.summary(), &json, state.clock.now()).await?;
    let status = answer(callback, id, "decision")?;
    if callback == Callback::Recorded {
        metrics::counter!("relais_notices_decided_total", "decision" => decision.summary().to_owned()).increment(1);
    }
    let notice = state.store.notice(id).await?.ok_or_else(|| AppError::NotFound(format!("/v1/notices/{id}")))?;
    Ok((status, Json(view(&state, notice).await?)))
}
