//! `GET /v1/stats/referrals`: how many referrals, by what. A platform sees its
//! own; an admin key sees all. Counts not yet flushed are included.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::State;
use jiff::civil::Date;
use relais_core::id::ClientId;
use relais_core::{AgeBand, Category, CountryCode, Decision, Surface};
use relais_store::{ClientKind, ReferralCount, ReferralCountKey};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{AppError, Problem};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsRow {
    /// UTC date.
    #[schema(value_type = String, format = Date)]
    pub day: Date,
    pub platform: String,
    #[schema(value_type = String, example = "FR")]
    pub country: CountryCode,
    pub category: Category,
    pub age_band: AgeBand,
    /// `null` when the platform did not say.
    pub surface: Option<Surface>,
    pub decision: Decision,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Totals {
    pub by_country: BTreeMap<String, u64>,
    pub by_category: BTreeMap<String, u64>,
    pub by_age_band: BTreeMap<String, u64>,
    pub by_surface: BTreeMap<String, u64>,
    pub by_decision: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralStats {
    /// `platform` (the caller's own) or `all`.
    pub scope: &'static str,
    pub total: u64,
    pub totals: Totals,
    pub rows: Vec<StatsRow>,
}

/// Referral counts by day, country, category, age band, surface and decision.
#[utoipa::path(
    get,
    path = "/v1/stats/referrals",
    tag = "referrals",
    security(("platform_key" = [])),
    responses(
        (status = 200, body = ReferralStats),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn referrals(State(state): State<AppState>, caller: Caller) -> Result<Json<ReferralStats>, AppError> {
    let own = (caller.kind() == ClientKind::Platform).then_some(caller.client_id());
    let mut merged: BTreeMap<ReferralCountKey, u64> = BTreeMap::new();
    let stored = state.store.referral_counts(own).await?;
    let pending = state.stats.pending().into_iter().filter(|c| own.is_none_or(|id| c.key.client_id == id));
    for ReferralCount { key, count } in stored.into_iter().chain(pending) {
        *merged.entry(key).or_insert(0) += count;
    }
    let names: HashMap<ClientId, String> = match own {
        Some(_) => HashMap::from([(caller.client_id(), caller.name().to_owned())]),
        None => state.store.list_clients(ClientKind::Platform).await?.into_iter().map(|c| (c.id, c.name)).collect(),
    };
    let mut totals = Totals {
        by_country: BTreeMap::new(),
        by_category: BTreeMap::new(),
        by_age_band: BTreeMap::new(),
        by_surface: BTreeMap::new(),
        by_decision: BTreeMap::new(),
    };
    let mut total = 0;
    let rows = merged
        .into_iter()
        .map(|(k, count)| {
            total += count;
            *totals.by_country.entry(k.country.to_string()).or_insert(0) += count;
            *totals.by_category.entry(k.category.code().to_owned()).or_insert(0) += count;
            *totals.by_age_band.entry(k.age_band.code().to_owned()).or_insert(0) += count;
            let surface = k.surface.map_or("unspecified", |s| s.code());
            *totals.by_surface.entry(surface.to_owned()).or_insert(0) += count;
            *totals.by_decision.entry(k.decision.code().to_owned()).or_insert(0) += count;
            StatsRow {
                day: k.day,
                platform: names.get(&k.client_id).cloned().unwrap_or_else(|| k.client_id.to_string()),
                country: k.country,
                category: k.category,
                age_band: k.age_band,
                surface: k.surface,
                decision: k.decision,
                count,
            }
        })
        .collect();
    Ok(Json(ReferralStats { scope: if own.is_some() { "platform" } else { "all" }, total, totals, rows }))
}
