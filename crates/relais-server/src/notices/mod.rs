//! The trusted-flagger pipeline: notices written from a case, approved, put
//! in the outbox in the same transaction, delivered signed and retried until
//! the platform has them; the platform's acknowledgement and decision come
//! back through the platform API (or the platform polls for its notices).

pub mod api;
pub mod body;
pub mod delivery;
pub mod report;
pub mod signature;
pub mod sla;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/notices", get(api::list))
        .route("/v1/notices/{id}/acknowledgement", post(api::acknowledge))
        .route("/v1/notices/{id}/decision", post(api::decide))
}

/// Who signs notices, bundles and the yearly report: the settings, or the
/// home helpline's operator and name from the directory.
pub fn notifier_name(settings: &crate::Settings, directory: &relais_core::Directory) -> String {
    settings.notices.notifier_name.clone().unwrap_or_else(|| {
        match directory.helplines().iter().find(|h| h.id == settings.handoff.home_helpline) {
            Some(h) => format!("{} ({})", h.operator, h.name),
            None => "Relais".to_owned(),
        }
    })
}
