//! `POST /v1/handoffs`: with the child's consent, the platform passes on what
//! was reported and gets a short code; whichever channel the child then uses,
//! the code brings the context to the counsellor. `GET /v1/handoffs/{id}`
//! tells the platform where its own handoff stands, never what became of it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::SignedDuration;
use relais_core::handoff::{ContentItem, HandoffCode, HandoffContext, HandoffStatus, ReportedAccount};
use relais_core::id::HandoffId;
use relais_core::{Category, CountryCode};
use relais_store::{NewHandoff, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Platform;
use crate::error::{AppError, FieldError, Problem};
use crate::extract::StrictJson;
use crate::platform_api::referrals::ReporterBody;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "consent": true,
    "country": "FR",
    "category": "harassment",
    "reporter": {"role": "victim", "age": 14},
    "content": [{"url": "https://social.example/p/123", "platform_content_id": "p123", "kind": "post"}],
    "reported_accounts": [{"platform_account_id": "u987", "handle": "@someone"}],
    "description": "They post edited photos of me every day.",
    "reporter_ref": "pseudonymous-user-1207"
}))]
pub struct HandoffBody {
    /// The user agreed to pass this report on to the helpline. Must be `true`.
    pub consent: Option<bool>,
    #[schema(value_type = String, example = "FR")]
    pub country: CountryCode,
    pub category: Category,
    pub reporter: ReporterBody,
    #[serde(default)]
    pub content: Vec<ContentItem>,
    #[serde(default)]
    pub reported_accounts: Vec<ReportedAccount>,
    /// What the user wrote, at most 4,000 characters.
    pub description: Option<String>,
    /// The platform's pseudonymous id of the reporter.
    pub reporter_ref: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandoffCreated {
    pub id: String,
    /// The code the child can read out or type: `7KQ-M2P-9XD`.
    pub code: String,
    /// The helpline page that opens with the code.
    pub url: String,
    /// RFC 3339; the context is erased then if unused.
    #[schema(format = DateTime)]
    pub expires_at: String,
    pub status: HandoffStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandoffState {
    pub id: String,
    pub status: HandoffStatus,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub expires_at: String,
}

/// Pass a report on to the helpline, with the user's consent.
#[utoipa::path(
    post,
    path = "/v1/handoffs",
    tag = "handoffs",
    request_body = HandoffBody,
    security(("platform_key" = [])),
    responses(
        (status = 201, body = HandoffCreated),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No consent, or a field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Platform(caller): Platform,
    StrictJson(body): StrictJson<HandoffBody>,
) -> Result<(StatusCode, Json<HandoffCreated>), AppError> {
    if body.consent != Some(true) {
        return Err(AppError::field(
            "consent",
            "the user's consent is required: send \"consent\": true only once they agreed to share the report",
        ));
    }
    let adult_age = state.settings.policy.adult_age;
    let age = body.reporter.age_declaration(adult_age)?;
    let role = body.reporter.role;
    let context = HandoffContext {
        content: body.content,
        reported_accounts: body.reported_accounts,
        description: body.description,
        reporter_ref: body.reporter_ref,
    };
    context.validate().map_err(|faults| {
        AppError::Invalid(faults.into_iter().map(|f| FieldError { field: f.field, detail: f.reason }).collect())
    })?;
    let json = serde_json::to_vec(&context).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = state.clock.now();
    let expires_at = now + SignedDuration::from_hours(i64::from(state.settings.handoff.ttl_hours));
    // 45 bits leave room: a collision with a live code is rare; draw again.
    for _ in 0..5 {
        let mut random = [0u8; 9];
        rand::fill(&mut random[..]);
        let code = HandoffCode::from_random(random);
        let new = NewHandoff {
            client_id: caller.client_id(),
            code: code.to_string(),
            country: body.country,
            category: body.category,
            age_band: age.band(adult_age),
            role,
            context: json.clone(),
            created_at: now,
            expires_at,
        };
        match state.store.create_handoff(new).await {
            Ok(h) => {
                metrics::counter!("relais_handoffs_total").increment(1);
                return Ok((
                    StatusCode::CREATED,
                    Json(HandoffCreated {
                        url: format!("{}/h/{code}", state.settings.public_url().trim_end_matches('/')),
                        code: code.to_string(),
                        status: h.status(now),
                        expires_at: h.expires_at.to_string(),
                        id: h.id.to_string(),
                    }),
                ));
            }
            Err(StoreError::AlreadyExists { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Internal("could not draw an unused handoff code in five tries".into()))
}

/// Where one of the caller's handoffs stands.
#[utoipa::path(
    get,
    path = "/v1/handoffs/{id}",
    tag = "handoffs",
    security(("platform_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "The id returned when the handoff was created")),
    responses(
        (status = 200, body = HandoffState),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such handoff of this platform", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    Platform(caller): Platform,
    Path(id): Path<String>,
) -> Result<Json<HandoffState>, AppError> {
    let not_found = || AppError::NotFound(format!("/v1/handoffs/{}", id.chars().take(40).collect::<String>()));
    let Some(id) = HandoffId::parse(&id) else { return Err(not_found()) };
    let handoff = state.store.handoff(id).await?.filter(|h| h.client_id == caller.client_id());
    let h = handoff.ok_or_else(not_found)?;
    Ok(Json(HandoffState {
        status: h.status(state.clock.now()),
        created_at: h.created_at.to_string(),
        expires_at: h.expires_at.to_string(),
        id: h.id.to_string(),
    }))
}
