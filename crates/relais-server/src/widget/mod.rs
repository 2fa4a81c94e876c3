//! The safe button on a platform's own page: the token the platform's server
//! mints, the public answer the widget asks for, the script itself, and a
//! page for in-app web views.

pub mod answer;
pub mod embed;
pub mod tokens;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/widget-tokens", post(tokens::create))
        .route("/v1/widget/referral", get(answer::referral))
        .route("/widget.js", get(script))
        .route("/embed/two-choice", get(embed::page))
}

/// The web component, dependency-free, styles in its shadow root.
const WIDGET_JS: &str = include_str!("../../assets/widget.js");

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        WIDGET_JS,
    )
}
