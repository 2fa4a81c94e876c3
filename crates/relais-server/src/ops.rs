//! For operators and their probes: liveness, readiness, metrics, the API
//! description. The probes are open; `/metrics` is not public: on the main
//! address it wants the scraper's token (and answers 404 when none is set),
//! and [`metrics_routes`] serves it on an address of its own.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use relais_core::Decision;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(guarded_metrics))
        .route("/openapi.json", get(openapi))
}

/// The process answers. Does nothing else, which makes it the baseline of the
/// referral benchmark.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers too.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The routes of the metrics' own listener (`metrics.listen`): nothing else is reachable there.
pub fn metrics_routes() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

/// `/metrics` on the main address: for the scraper holding `metrics.token` only.
async fn guarded_metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let Some(expected) = state.settings.metrics.token.as_deref() else {
        return crate::error::AppError::NotFound("/metrics".to_owned()).into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !bool::from(subtle::ConstantTimeEq::ct_eq(presented.as_bytes(), expected.as_bytes())) {
        return crate::error::AppError::Unauthenticated(
            "The metrics want the scraper's token: Authorization: Bearer …",
        )
        .into_response();
    }
    metrics(State(state)).await.into_response()
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    metrics::gauge!("relais_referral_stats_pending_cells").set(state.stats.pending().len() as f64);
    match crate::notices::sla::current(&state).await {
        Ok((figures, _)) => crate::notices::sla::publish(&figures),
        Err(e) => tracing::warn!(error = %e, "the notices' service levels could not be computed"),
    }
    // What an alert watches: notices the outbox gave up on and nobody has sent again yet.
    match state.store.undelivered_notices().await {
        Ok(undelivered) => metrics::gauge!("relais_notices_undelivered").set(undelivered.len() as f64),
        Err(e) => tracing::warn!(error = %e, "the undelivered notices could not be counted"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render())
}

async fn openapi(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], state.openapi.clone())
}

/// `relais_referrals_total` by decision, registered once: looking a labelled
/// counter up in the registry on every referral costs more than the rest of
/// the bookkeeping.
#[derive(Debug)]
pub struct DecisionCounters([metrics::Counter; 3]);

impl DecisionCounters {
    pub fn new() -> Self {
        DecisionCounters(Decision::ALL.map(|d| metrics::counter!("relais_referrals_total", "decision" => d.code())))
    }

    pub fn increment(&self, decision: Decision) {
        let i = Decision::ALL.iter().position(|d| *d == decision).unwrap_or(0);
        self.0[i].increment(1);
    }
}

impl Default for DecisionCounters {
    fn default() -> Self {
        Self::new()
    }
}

/// The process-wide Prometheus recorder. `metrics` has one global recorder,
/// so every server in a process (tests start several) shares it.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
            }
            handle
        })
        .clone()
}
