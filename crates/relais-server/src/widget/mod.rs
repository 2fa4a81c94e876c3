//! The safe button on a platform's own page: the token the platform's server
//! mints, the public answer the widget asks for, and a page for in-app web
//! views. The script itself is served with the other assets (`crate::assets`).

pub mod answer;
pub mod embed;
pub mod tokens;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/widget-tokens", post(tokens::create))
        .route("/v1/widget/referral", get(answer::referral))
        .route("/embed/two-choice", get(embed::page))
}
