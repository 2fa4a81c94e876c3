//! What every handler shares.

use std::sync::Arc;
use std::time::Duration;

use relais_core::Directory;
use relais_store::Store;
use tokio::task::JoinSet;

use crate::ServerError;
use crate::auth::KeyCache;
use crate::settings::Settings;
use crate::stats::StatsBuffer;

/// Cloned by axum for every extractor of every request, so it is one
/// reference count, not one per field.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

#[derive(Debug)]
pub struct Shared {
    pub settings: Settings,
    pub store: Arc<dyn Store>,
    pub directory: Directory,
    pub keys: KeyCache,
    pub stats: StatsBuffer,
    pub metrics: metrics_exporter_prometheus::PrometheusHandle,
    pub referrals_counter: crate::ops::DecisionCounters,
    pub answers: crate::platform_api::answers::AnswerCache,
    pub openapi: String,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub async fn new(settings: Settings, store: Arc<dyn Store>) -> Result<AppState, ServerError> {
        let mut directory = match &settings.directory.path {
            None => Directory::builtin()?,
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|source| ServerError::DirectoryFile { path: path.display().to_string(), source })?;
                Directory::from_toml(&text)?
            }
        };
        directory.resolve_relais_uris(&settings.public_url());
        let keys = KeyCache::default();
        keys.reload(store.as_ref()).await?;
        let metrics = crate::ops::metrics_handle();
        Ok(AppState(Arc::new(Shared {
            settings,
            store,
            directory,
            keys,
            stats: StatsBuffer::default(),
            metrics,
            referrals_counter: crate::ops::DecisionCounters::new(),
            answers: Default::default(),
            openapi: crate::openapi::document(),
        })))
    }

    /// The background work: flushing statistics, refreshing the key cache.
    pub fn spawn_workers(&self) -> JoinSet<()> {
        let mut set = JoinSet::new();
        let s = self.clone();
        set.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(s.settings.stats.flush_seconds.max(1)));
            tick.tick().await;
            loop {
                tick.tick().await;
                s.stats.flush(s.store.as_ref()).await;
            }
        });
        let s = self.clone();
        set.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(s.settings.auth.refresh_seconds.max(1)));
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(e) = s.keys.reload(s.store.as_ref()).await {
                    tracing::warn!(error = %e, "could not reload API keys; keeping the cached ones");
                }
            }
        });
        set
    }
}
