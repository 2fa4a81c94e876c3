//! The hash list platforms block uploads with: the PDQ hashes of children's
//! intimate images, confirmed by a counsellor, never the images, never who
//! the child is (only the case's category and age band).
//!
//! - `GET /v1/hashes?since=…`: the feed, in order, each hash added or taken
//!   off (a tombstone: stop blocking it); fetch again from `next_since`.
//! - `GET /v1/hashes.txt`: the list as it stands, one `pdq <hash>` line per
//!   hash: the file format python-threatexchange's `LocalFileSignalExchangeAPI`
//!   reads, so a Hasher-Matcher-Actioner bank imports it as it is.
//! - `POST /v1/hashes/match`: which of a batch of hashes are within 31 bits of
//!   the list (and, when asked, of the listed pictures turned and flipped).
//! - `POST /v1/hashes/{id}/matches`: what the platform did about a match,
//!   shown on the case and counted in the yearly report.
//!
//! Both list answers carry `Relais-Signature: ed25519=<hex>` over their exact
//! bytes, with the helpline's list key (`relais pdq public-key`).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ed25519_dalek::Signer;
use relais_core::id::ImageHashId;
use relais_core::{AgeBand, Category};
use relais_pdq::{Hash, Index, MATCH_DISTANCE};
use relais_store::image_hashes::MatchAction;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Platform;
use crate::error::{AppError, Problem};
use crate::extract::StrictJson;
use crate::state::AppState;

/// Derives the key that signs the list from the helpline's master key.
pub const KEY_LABEL: &str = "relais hash list v1";
/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "relais-signature";
/// Hashes at most in one match request.
pub const MAX_BATCH: usize = 500;
/// Entries at most in one page of the feed.
pub const MAX_PAGE: u32 = 1000;

/// The names of the eight variants, the original first.
const VARIANTS: [&str; 8] = ["orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipp", "flipm"];

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The last `seq` already fetched (0, or absent, for the whole feed).
    #[param(minimum = 0)]
    pub since: Option<i64>,
    /// Entries at most in this page (1 to 1000; 500 by default).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// A hash added to the list, or taken off it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HashEntry {
    /// Its place in the feed.
    pub seq: i64,
    /// The hash's id on the list: report matches with it.
    #[schema(format = Uuid)]
    pub id: String,
    /// `add`: block what matches. `remove`: a tombstone, stop blocking it (the child withdrew it).
    #[schema(value_type = String, pattern = "^(add|remove)$")]
    pub action: &'static str,
    /// Always `pdq`, as python-threatexchange names the signal type.
    #[schema(value_type = String, pattern = "^pdq$")]
    pub signal_type: &'static str,
    /// 64 lowercase hexadecimal digits.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub hash: String,
    /// 50 to 100.
    pub quality: u8,
    /// The picture turned and flipped: rot90, rot180, rot270, flipx, flipy, flipp, flipm.
    pub dihedral: Vec<String>,
    pub category: Category,
    pub age_band: AgeBand,
    #[schema(format = DateTime)]
    pub at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HashFeed {
    pub entries: Vec<HashEntry>,
    /// Fetch again with `since` set to this.
    pub next_since: i64,
    /// Whether more entries are waiting now.
    pub more: bool,
}

fn signed(state: &AppState, content_type: &'static str, body: Vec<u8>) -> Response {
    let signature = state.list_key.sign(&body);
    let mut response = (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("ed25519={}", hex::encode(signature.to_bytes()))) {
        response.headers_mut().insert(SIGNATURE_HEADER, value);
    }
    response
}

/// The feed of the hash list, in order.
#[utoipa::path(
    get,
    path = "/v1/hashes",
    tag = "hashes",
    params(FeedQuery),
    security(("platform_key" = [])),
    responses(
        (status = 200, body = HashFeed, headers(("relais-signature" = String, description = "`ed25519=<hex>`: the helpline's list key's signature of the body's bytes"))),
        (status = 400, description = "A parameter that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn feed(
    State(state): State<AppState>,
    Platform(_caller): Platform,
    query: Result<Query<FeedQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(q) = query.map_err(|e| AppError::field("query", e.body_text()))?;
    let since = q.since.unwrap_or(0);
    if since < 0 {
        return Err(AppError::field("since", "0 or more"));
    }
    let limit = q.limit.unwrap_or(500);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(AppError::field("limit", format!("1 to {MAX_PAGE}")));
    }
    let rows = state.store.hash_feed(since, limit + 1).await?;
    let more = rows.len() > limit as usize;
    let entries: Vec<HashEntry> = rows
        .into_iter()
        .take(limit as usize)
        .map(|e| HashEntry {
            seq: e.seq,
            id: e.id.to_string(),
            action: if e.added { "add" } else { "remove" },
            signal_type: "pdq",
            hash: e.hash.to_string(),
            quality: e.quality,
            dihedral: e.dihedral.iter().map(Hash::to_string).collect(),
            category: e.category,
            age_band: e.age_band,
            at: e.at.to_string(),
        })
        .collect();
    let next_since = entries.last().map_or(since, |e| e.seq);
    let body =
        serde_json::to_vec(&HashFeed { entries, next_since, more }).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(signed(&state, "application/json", body))
}

/// The list as it stands, one `pdq <hash>` line per hash.
#[utoipa::path(
    get,
    path = "/v1/hashes.txt",
    tag = "hashes",
    security(("platform_key" = [])),
    responses(
        (status = 200, body = String, content_type = "text/plain", headers(("relais-signature" = String, description = "`ed25519=<hex>` over the body's bytes"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn file(State(state): State<AppState>, Platform(_caller): Platform) -> Result<Response, AppError> {
    let listed = state.store.listed_hashes().await?;
    let body: String = listed.iter().map(|h| format!("pdq {}\n", h.hash)).collect();
    Ok(signed(&state, "text/plain; charset=utf-8", body.into_bytes()))
}

/// The listed hashes, indexed with their turned and flipped variants.
#[derive(Debug)]
pub struct ListIndex {
    /// The feed's head this index reflects.
    head: i64,
    index: Index,
    /// For each position in the index: the listed hash and which variant.
    positions: Vec<(ImageHashId, u8)>,
}

async fn list_index(state: &AppState) -> Result<Arc<ListIndex>, AppError> {
    let head = state.store.hash_feed_head().await?;
    if let Some(index) = state.hash_index.read().await.as_ref().filter(|i| i.head == head) {
        return Ok(index.clone());
    }
    let mut guard = state.hash_index.write().await;
    if let Some(index) = guard.as_ref().filter(|i| i.head == head) {
        return Ok(index.clone());
    }
    let listed = state.store.listed_hashes().await?;
    let mut index = Index::new();
    let mut positions = Vec::with_capacity(listed.len() * 8);
    for h in &listed {
        for (variant, hash) in std::iter::once(&h.hash).chain(&h.dihedral).enumerate() {
            index.add(*hash);
            positions.push((h.id, variant as u8));
        }
    }
    let built = Arc::new(ListIndex { head, index, positions });
    *guard = Some(built.clone());
    Ok(built)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"hashes": ["f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"], "dihedral": true}))]
pub struct MatchBody {
    /// PDQ hashes of what users upload, 64 hexadecimal digits each; 1 to 500 (a request fits in 64 kB).
    pub hashes: Vec<String>,
    /// Also match the listed pictures turned and flipped.
    #[serde(default)]
    pub dihedral: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HashMatch {
    /// The listed hash's id: report what you did with `POST /v1/hashes/{id}/matches`.
    #[schema(format = Uuid)]
    pub id: String,
    /// Bits that differ, 0 to 31.
    pub distance: u32,
    /// Which variant of the listed picture matched: `orig`, or `rot90` … `flipm` when asked.
    #[schema(value_type = String)]
    pub variant: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchResult {
    /// The hash asked about, as sent (lowercase).
    pub hash: String,
    /// Nearest first; empty when nothing matches.
    pub matches: Vec<HashMatch>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchAnswer {
    pub results: Vec<MatchResult>,
}

/// Which of a batch of hashes match the list (Hamming distance 31 or less).
#[utoipa::path(
    post,
    path = "/v1/hashes/match",
    tag = "hashes",
    request_body = MatchBody,
    security(("platform_key" = [])),
    responses(
        (status = 200, body = MatchAnswer),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A hash that is not one, or too many", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn matching(
    State(state): State<AppState>,
    Platform(_caller): Platform,
    StrictJson(body): StrictJson<MatchBody>,
) -> Result<Json<MatchAnswer>, AppError> {
    if body.hashes.is_empty() || body.hashes.len() > MAX_BATCH {
        return Err(AppError::field("hashes", format!("1 to {MAX_BATCH} hashes")));
    }
    let queries = body
        .hashes
        .iter()
        .enumerate()
        .map(|(i, h)| h.parse::<Hash>().map_err(|e| AppError::field(&format!("hashes[{i}]"), e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let list = list_index(&state).await?;
    let results = queries
        .iter()
        .map(|query| {
            // The index answers nearest first: a listed picture's first variant found is its nearest,
            // and the answer keeps that order.
            let mut seen = Vec::new();
            let mut best: Vec<HashMatch> = Vec::new();
            for found in list.index.within(query, MATCH_DISTANCE) {
                let (id, variant) = list.positions[found.position as usize];
                if (variant != 0 && !body.dihedral) || seen.contains(&id) {
                    continue;
                }
                seen.push(id);
                best.push(HashMatch {
                    id: id.to_string(),
                    distance: found.distance,
                    variant: VARIANTS[variant as usize],
                });
            }
            MatchResult { hash: query.to_string(), matches: best }
        })
        .collect();
    metrics::counter!("relais_hash_match_queries_total").increment(queries.len() as u64);
    Ok(Json(MatchAnswer { results }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"action": "removed", "distance": 4}))]
pub struct MatchReport {
    /// What the platform did: `removed`, `blocked` (stopped at upload), `restricted`, or `none`.
    #[schema(value_type = String, pattern = "^(removed|blocked|restricted|none)$")]
    pub action: String,
    /// The distance of the match, 0 to 31.
    pub distance: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchRecorded {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(value_type = String)]
    pub action: &'static str,
}

/// Reports a match of a listed hash, and what the platform did.
#[utoipa::path(
    post,
    path = "/v1/hashes/{id}/matches",
    tag = "hashes",
    params(("id" = String, Path, format = Uuid, description = "The listed hash's id")),
    request_body = MatchReport,
    security(("platform_key" = [])),
    responses(
        (status = 201, body = MatchRecorded),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An admin key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No hash on the list has this id", body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    Platform(caller): Platform,
    Path(id): Path<String>,
    StrictJson(body): StrictJson<MatchReport>,
) -> Result<(StatusCode, Json<MatchRecorded>), AppError> {
    let Some(hash_id) = ImageHashId::parse(&id) else {
        return Err(AppError::NotFound(format!("/v1/hashes/{}/matches", id.chars().take(40).collect::<String>())));
    };
    let action = MatchAction::from_code(&body.action)
        .ok_or_else(|| AppError::field("action", "removed, blocked, restricted or none"))?;
    if body.distance > MATCH_DISTANCE {
        return Err(AppError::field("distance", "0 to 31: beyond, it is not a match"));
    }
    if !state.store.is_listed(hash_id).await? {
        return Err(AppError::NotFound(format!("/v1/hashes/{hash_id}/matches")));
    }
    state.store.report_hash_match(hash_id, caller.client_id(), action, body.distance, state.clock.now()).await?;
    metrics::counter!("relais_hash_matches_reported_total", "action" => action.code()).increment(1);
    Ok((StatusCode::CREATED, Json(MatchRecorded { id: hash_id.to_string(), action: action.code() })))
}
