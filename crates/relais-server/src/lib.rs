//! The Relais HTTP server.
//!
//! Routes are grouped by audience: [`platform_api`] for the platforms'
//! servers, [`ops`] for operators and their probes. [`run`] is the seam the
//! binary and the integration tests share: it takes a bound listener and a
//! shutdown signal, so tests start the real server on port 0.

pub mod auth;
pub mod bundle;
pub mod console;
pub mod error;
pub mod extract;
pub mod notices;
pub mod openapi;
pub mod ops;
pub mod platform_api;
pub mod public;
pub mod settings;
pub mod state;
pub mod stats;
pub mod tls;
pub mod widget;
pub mod widget_token;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use settings::Settings;
pub use state::AppState;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Store(#[from] relais_store::StoreError),
    #[error("cannot read the helpline directory {path}: {source}")]
    DirectoryFile { path: String, source: std::io::Error },
    #[error(transparent)]
    Directory(#[from] relais_core::directory::DirectoryError),
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// The whole application, for a given state.
pub fn router(state: AppState) -> Router {
    let body_limit = state.settings.limits.body_bytes;
    Router::new()
        .merge(platform_api::routes())
        .merge(ops::routes())
        .merge(public::routes())
        .merge(widget::routes())
        .merge(console::routes(&state.settings.limits))
        .merge(notices::routes())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then flushes what is held in memory.
pub async fn run(
    settings: Settings,
    store: Arc<dyn relais_store::Store>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let state = AppState::new(settings, store).await?;
    let mut workers = state.spawn_workers();
    let app = router(state.clone());
    tracing::info!(addr = %listener.local_addr()?, "relais is listening");
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await?;
    workers.abort_all();
    state.stats.flush(state.store.as_ref()).await;
    tracing::info!("relais stopped");
    Ok(())
}
