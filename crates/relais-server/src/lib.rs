//! The Relais HTTP server.
//!
//! Routes are grouped by audience: [`platform_api`] for the platforms'
//! servers (referrals, handoffs, widget tokens, statistics) and [`notices`]
//! for their answers to the helpline's notices; [`widget`] for the safe
//! button a platform embeds; [`public`] for the pages a child opens (the
//! landing page, the web form, the follow-up page); [`console`] for the
//! counsellors; [`ops`] for operators and their probes. [`workers`] holds the
//! background work: the outbox, the statistics, retention, the live wait, the
//! key cache.
//!
//! [`Server`] is the seam the binary and the integration tests share: it
//! serves on a bound listener until a shutdown signal, so tests start the real
//! server on port 0, with a clock they set and workers they run on demand.

pub mod assets;
pub mod auth;
pub mod bundle;
pub mod chat;
pub mod client_addr;
pub mod clock;
pub mod console;
pub mod error;
pub mod extract;
pub mod messaging;
pub mod notices;
pub mod openapi;
pub mod ops;
pub mod origin;
pub mod platform_api;
pub mod public;
pub mod security;
pub mod settings;
pub mod state;
pub mod stats;
pub mod tls;
pub mod widget;
pub mod widget_token;
pub mod workers;

use axum::Router;
use std::future::Future;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use clock::Clock;
pub use settings::Settings;
pub use state::AppState;
pub use workers::Worker;

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
    /// A setting that cannot be used as it is; the message says which and why.
    #[error("{0}")]
    Settings(String),
}

/// The whole application, for a given state.
pub fn router(state: AppState) -> Router {
    let body_limit = state.settings.limits.body_bytes;
    Router::new()
        .merge(platform_api::routes())
        .merge(ops::routes())
        .merge(public::routes())
        .merge(widget::routes())
        .merge(chat::routes())
        .merge(assets::routes())
        .merge(console::routes(&state))
        .merge(notices::routes())
        .merge(messaging::routes(&state))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::normalize))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Whether the background work runs by itself or when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workers {
    /// Each worker on its own interval: how a server runs.
    Background,
    /// Only when [`AppState::step`] is called: how a test drives it.
    OnDemand,
}

/// A server ready to serve: its state built, its keys loaded.
#[derive(Debug)]
pub struct Server {
    state: AppState,
}

impl Server {
    pub async fn new(settings: Settings, store: relais_store::Store, clock: Clock) -> Result<Server, ServerError> {
        Ok(Server { state: AppState::new(settings, store, clock).await? })
    }

    /// What the handlers and the workers share; a test keeps a clone to step the workers.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then flushes what is held in memory.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
        workers: Workers,
    ) -> Result<(), ServerError> {
        let state = self.state;
        let mut running = match workers {
            Workers::Background => workers::spawn(&state),
            Workers::OnDemand => tokio::task::JoinSet::new(),
        };
        if let Some(addr) = state.settings.metrics.listen {
            let metrics = TcpListener::bind(addr).await?;
            tracing::info!(metrics_addr = %metrics.local_addr()?, "metrics are served apart");
            let app = ops::metrics_routes().with_state(state.clone());
            running.spawn(async move {
                if let Err(e) = axum::serve(metrics, app).await {
                    tracing::error!(error = %e, "the metrics listener stopped");
                }
            });
        }
        if state.store.signals_between_servers() {
            running.spawn(chat::bus::listen(state.store.clone(), state.chat_bus.clone()));
        }
        let app = router(state.clone());
        tracing::info!(addr = %listener.local_addr()?, "relais is listening");
        let closing = state.closing.clone();
        let shutdown = async move {
            shutdown.await;
            // Open chats close now: the shutdown waits for every connection to end.
            closing.send_replace(true);
        };
        axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await?;
        running.abort_all();
        if let Err(e) = state.stats.flush(&state.store).await {
            tracing::error!(error = %e, "referral statistics could not be written at shutdown");
        }
        tracing::info!("relais stopped");
        Ok(())
    }
}

/// Serves on the system's clock with every worker running, until `shutdown` resolves.
pub async fn run(
    settings: Settings,
    store: relais_store::Store,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    Server::new(settings, store, Clock::system()).await?.serve(listener, shutdown, Workers::Background).await
}
