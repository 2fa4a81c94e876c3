//! `POST /v1/referrals`: the safe-button decision. The hot path: no database
//! write, no password hashing, one lock for the statistics.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use relais_core::age::{Age, AgeDeclaration};
use relais_core::{AgeBand, Category, CountryCode, Locale, ReferralRequest, ReporterRole, Surface};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Platform;
use crate::error::{AppError, Problem};
use crate::extract::StrictJson;
use crate::state::AppState;

/// A report, as the platform describes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "country": "FR",
    "category": "harassment",
    "reporter": {"role": "victim", "age": 14},
    "surface": "direct_message"
}))]
pub struct ReferralBody {
    /// ISO 3166-1 alpha-2 country of the reporter.
    #[schema(value_type = String, example = "FR")]
    pub country: CountryCode,
    pub category: Category,
    pub reporter: ReporterBody,
    /// The language of the answer's sentences; by default French in France, English elsewhere.
    pub locale: Option<Locale>,
    pub surface: Option<Surface>,
    /// The instant to decide for (RFC 3339); by default, now.
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-11-28T15:00:00Z")]
    pub at: Option<Timestamp>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReporterBody {
    pub role: ReporterRole,
    /// Declared age in years (0–120).
    pub age: Option<i64>,
    /// Declared age band, when the exact age is not known.
    pub age_band: Option<AgeBand>,
}

impl ReporterBody {
    /// The declared age, from the exact age or the band; both must agree.
    pub fn age_declaration(&self, adult_age: u8) -> Result<AgeDeclaration, AppError> {
        let age = self.age.map(Age::new).transpose().map_err(|e| AppError::field("reporter.age", e))?;
        AgeDeclaration::from_parts(age, self.age_band, adult_age).map_err(|e| AppError::field("reporter.age_band", e))
    }
}

impl ReferralBody {
    fn validate(self, adult_age: u8, now: Timestamp) -> Result<ReferralRequest, AppError> {
        let age = self.reporter.age_declaration(adult_age)?;
        Ok(ReferralRequest {
            country: self.country,
            category: self.category,
            role: self.reporter.role,
            age,
            locale: self.locale,
            surface: self.surface,
            at: self.at.unwrap_or(now),
        })
    }
}

/// Decide whether and how to show the helpline for one report.
#[utoipa::path(
    post,
    path = "/v1/referrals",
    tag = "referrals",
    request_body = ReferralBody,
    security(("platform_key" = [])),
    responses(
        (status = 200, description = "The decision", body = relais_core::Referral),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, malformed or revoked key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Platform(caller): Platform,
    StrictJson(body): StrictJson<ReferralBody>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let request = body.validate(state.settings.policy.adult_age, now)?;
    let wait_seconds = state.live_wait();
    let (decision, body) = state.answers.answer(&request, &state.directory, &state.settings.policy, wait_seconds)?;
    state.stats.record(relais_store::ReferralCountKey {
        client_id: caller.client_id(),
        day: now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
        country: request.country,
        category: request.category,
        age_band: request.age.band(state.settings.policy.adult_age),
        surface: request.surface,
        decision,
    });
    state.referrals_counter.increment(decision);
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
