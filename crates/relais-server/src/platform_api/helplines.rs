//! `GET /v1/helplines`: the directory, with its sources, so that anyone can
//! check where a number shown to a child came from.

use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use relais_core::CountryCode;
use relais_core::directory::{AlternativeKind, ChannelKind, Confidence, Helpline};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{AppError, Problem};
use crate::extract::StrictQuery;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HelplineQuery {
    /// ISO 3166-1 alpha-2; all countries when absent.
    #[param(example = "FR")]
    pub country: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HelplineInfo {
    pub id: String,
    #[schema(value_type = String)]
    pub country: CountryCode,
    pub name: String,
    pub operator: String,
    /// `null` when no number was read in a source.
    pub phone: Option<String>,
    pub website: Option<String>,
    pub time_zone: String,
    /// Wall-clock hours in `time_zone`: `24/7`, `unknown`, or lines like `mon-fri 09:00-17:00`.
    pub hours: Vec<String>,
    pub open_now: Option<bool>,
    pub channels: Vec<ChannelInfo>,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    /// The date the entry was last checked against its sources.
    #[schema(format = Date)]
    pub checked: String,
    pub notes: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelInfo {
    pub kind: ChannelKind,
    pub uri: String,
    /// Takes messages at any hour.
    pub always: bool,
    /// When the channel keeps its own hours.
    pub hours: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlternativeInfo {
    pub id: String,
    pub kind: AlternativeKind,
    pub name_fr: String,
    pub name_en: String,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryAnswer {
    pub helplines: Vec<HelplineInfo>,
    /// The other services of the country asked for (empty without a country).
    pub alternatives: Vec<AlternativeInfo>,
}

/// The helplines of a country (the one the policy offers first), or of all.
#[utoipa::path(
    get,
    path = "/v1/helplines",
    tag = "directory",
    params(HelplineQuery),
    responses(
        (status = 200, body = DirectoryAnswer),
        (status = 422, description = "Malformed country", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    StrictQuery(query): StrictQuery<HelplineQuery>,
) -> Result<Json<DirectoryAnswer>, AppError> {
    let now = state.clock.now();
    let dir = &state.directory;
    let answer = match query.country {
        Some(text) => {
            let country = CountryCode::parse(&text).map_err(|e| AppError::field("country", e))?;
            let alternatives = [
                AlternativeKind::Emergency,
                AlternativeKind::EmergencySms,
                AlternativeKind::SuicidePrevention,
                AlternativeKind::ChildProtection,
                AlternativeKind::VictimSupport,
                AlternativeKind::ContentReporting,
            ]
            .into_iter()
            .flat_map(|k| dir.alternatives(country, k))
            .map(|a| AlternativeInfo {
                id: a.id.clone(),
                kind: a.kind,
                name_fr: a.name.fr.clone(),
                name_en: a.name.en.clone(),
                phone: a.phone.as_ref().map(|p| p.display.clone()),
                url: a.url.clone(),
                sources: a.sources.clone(),
            })
            .collect();
            DirectoryAnswer { helplines: dir.helplines_in(country).map(|h| info(h, now)).collect(), alternatives }
        }
        None => {
            DirectoryAnswer { helplines: dir.helplines().iter().map(|h| info(h, now)).collect(), alternatives: vec![] }
        }
    };
    Ok(Json(answer))
}

fn info(h: &Helpline, now: Timestamp) -> HelplineInfo {
    HelplineInfo {
        id: h.id.clone(),
        country: h.country,
        name: h.name.clone(),
        operator: h.operator.clone(),
        phone: h.phone.as_ref().map(|p| p.display.clone()),
        website: h.website.clone(),
        time_zone: h.hours.zone.iana_name().unwrap_or("UTC").to_owned(),
        hours: h.hours.schedule.describe(),
        open_now: h.hours.status(now).is_open(),
        channels: h
            .channels
            .iter()
            .map(|c| ChannelInfo {
                kind: c.kind,
                uri: c.uri.clone(),
                always: c.always,
                hours: c.hours.as_ref().map(|o| o.schedule.describe()),
            })
            .collect(),
        sources: h.sources.clone(),
        confidence: h.confidence,
        checked: h.checked.to_string(),
        notes: h.notes.clone(),
    }
}
