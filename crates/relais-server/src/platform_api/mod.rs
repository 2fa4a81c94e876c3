//! The API the platforms' servers call: referrals, the helpline directory,
//! the category taxonomy, and their own statistics.

pub mod answers;
pub mod categories;
pub mod handoffs;
pub mod hashes;
pub mod helplines;
pub mod referrals;
pub mod stats;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/referrals", post(referrals::create))
        .route("/v1/handoffs", post(handoffs::create))
        .route("/v1/handoffs/{id}", get(handoffs::status))
        .route("/v1/helplines", get(helplines::list))
        .route("/v1/categories", get(categories::list))
        .route("/v1/stats/referrals", get(stats::referrals))
        .route("/v1/hashes", get(hashes::feed))
        .route("/v1/hashes.txt", get(hashes::file))
        .route("/v1/hashes/match", post(hashes::matching))
        .route("/v1/hashes/{id}/matches", post(hashes::report))
}
