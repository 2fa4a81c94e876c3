//! `POST /v1/widget-tokens`: the platform's server mints a short-lived token
//! for one report; its page hands it to the widget.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use relais_core::handoff::{HandoffCode, HandoffStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Platform;
use crate::error::{AppError, Problem};
use crate::extract::StrictJson;
use crate::state::AppState;
use crate::widget_token::WidgetClaims;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    /// The platform's id of the report the widget is shown for (1–100 characters).
    pub report_ref: String,
    /// The code of a consented handoff for this report: the helpline button then opens its page.
    pub handoff_code: Option<String>,
    /// Lifetime, 60–3600 seconds; 900 by default.
    pub ttl_seconds: Option<u32>,
    /// The instant the widget answers for (RFC 3339), as `at` in a referral; now by default.
    #[schema(value_type = Option<String>)]
    pub at: Option<Timestamp>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenCreated {
    pub token: String,
    pub expires_at: String,
}

/// Mint a widget token for one report.
#[utoipa::path(
    post,
    path = "/v1/widget-tokens",
    tag = "widget",
    request_body = TokenBody,
    security(("platform_key" = [])),
    responses(
        (status = 201, body = TokenCreated),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Platform(caller): Platform,
    StrictJson(body): StrictJson<TokenBody>,
) -> Result<(StatusCode, Json<TokenCreated>), AppError> {
    let report = body.report_ref.trim();
    if report.is_empty() || report.chars().count() > 100 || report.chars().any(char::is_control) {
        return Err(AppError::field("report_ref", "1 to 100 printable characters"));
    }
    let ttl = body.ttl_seconds.unwrap_or(900);
    if !(60..=3600).contains(&ttl) {
        return Err(AppError::field("ttl_seconds", "between 60 and 3600 seconds"));
    }
    let now = state.clock.now();
    let handoff = match &body.handoff_code {
        None => None,
        Some(text) => {
            let unusable = || AppError::field("handoff_code", "not a pending handoff of this platform");
            let code = HandoffCode::parse(text).ok_or_else(unusable)?;
            let h = state.store.handoff_by_code(code.as_str()).await?.ok_or_else(unusable)?;
            if h.client_id != caller.client_id() || h.status(now) != HandoffStatus::Pending {
                return Err(unusable());
            }
            Some(code.to_string())
        }
    };
    let exp = now.as_second() + i64::from(ttl);
    let claims = WidgetClaims {
        p: caller.client_id().to_string(),
        n: caller.name().to_owned(),
        r: report.to_owned(),
        h: handoff,
        exp,
        at: body.at.map(|t| t.as_second()),
    };
    let expires_at = Timestamp::from_second(exp).map(|t| t.to_string()).unwrap_or_default();
    Ok((StatusCode::CREATED, Json(TokenCreated { token: state.tokens.sign(&claims), expires_at })))
}
