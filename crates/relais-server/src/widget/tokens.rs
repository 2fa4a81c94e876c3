//! `POST /v1/widget-tokens`: the platform's server mints a short-lived token
//! for one report; its page hands it to the widget. The token carries the
//! report (country, category, age band, role, language) sealed: the page's
//! element may repeat those values, never change them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use relais_core::handoff::{HandoffCode, HandoffStatus};
use relais_core::{Category, CountryCode, Locale};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Platform;
use crate::error::{AppError, Problem};
use crate::extract::StrictJson;
use crate::platform_api::referrals::ReporterBody;
use crate::state::AppState;
use crate::widget_token::{WidgetClaims, new_id};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "report_ref": "report-123",
    "country": "FR",
    "category": "harassment",
    "reporter": {"role": "victim", "age": 14},
    "locale": "fr"
}))]
pub struct TokenBody {
    /// The platform's id of the report the widget is shown for (1–100 characters).
    pub report_ref: String,
    /// ISO 3166-1 alpha-2 country of the reporter.
    #[schema(value_type = String, example = "FR")]
    pub country: CountryCode,
    pub category: Category,
    pub reporter: ReporterBody,
    /// The widget's language; by default French in France, English elsewhere.
    pub locale: Option<Locale>,
    /// The code of a consented handoff for this report: the helpline button then opens its page.
    pub handoff_code: Option<String>,
    /// Lifetime, 60–3600 seconds; 900 by default.
    pub ttl_seconds: Option<u32>,
    /// The instant the widget answers for (RFC 3339), as `at` in a referral; now by default.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<Timestamp>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenCreated {
    /// Opaque: it shows nothing of the report.
    pub token: String,
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: Timestamp,
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
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
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
    let adult_age = state.settings.policy.adult_age;
    let age = body.reporter.age_declaration(adult_age)?;
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
        id: new_id(),
        platform: caller.client_id(),
        platform_name: caller.name().to_owned(),
        report_ref: report.to_owned(),
        handoff,
        exp,
        at: body.at.map(|t| t.as_second()),
        country: body.country,
        category: body.category,
        age_band: age.band(adult_age),
        role: body.reporter.role,
        locale: body.locale,
    };
    let expires_at = Timestamp::from_second(exp).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((StatusCode::CREATED, Json(TokenCreated { token: state.tokens.seal(&claims), expires_at })))
}
