//! What every handler and every background worker shares.

use std::sync::Arc;

use relais_core::Directory;
use relais_store::Store;

use crate::ServerError;
use crate::auth::KeyCache;
use crate::clock::Clock;
use crate::settings::Settings;
use crate::stats::StatsBuffer;

/// Cloned by axum for every extractor of every request, so it is one
/// reference count, not one per field.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

#[derive(Debug)]
pub struct Shared {
    pub settings: Settings,
    pub store: Store,
    /// Every handler and worker reads the time here, never from the system directly.
    pub clock: Clock,
    pub directory: Directory,
    /// The advice sheets and other services (see `relais_core::advice`).
    pub advice: relais_core::advice::Advice,
    pub keys: KeyCache,
    pub stats: StatsBuffer,
    pub metrics: metrics_exporter_prometheus::PrometheusHandle,
    pub referrals_counter: crate::ops::DecisionCounters,
    pub answers: crate::platform_api::answers::AnswerCache,
    pub openapi: String,
    /// The proxies whose forwarding headers name the client.
    pub proxies: crate::client_addr::TrustedProxies,
    /// Handoff-code lookups per client address, against guessing.
    pub code_lookups: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// Widget answers per client address.
    pub widget_calls: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    pub tokens: crate::widget_token::TokenSealer,
    /// Widget answers per token: a copied token is limited even from many addresses.
    pub widget_token_calls: governor::DefaultKeyedRateLimiter<String>,
    /// Failed sign-ins to the console, by address and by address and name.
    pub sign_in_throttle: crate::console::throttle::SignInThrottle,
    /// The widget tokens whose report was counted, with their expiry: a token's report counts once.
    widget_counted: std::sync::Mutex<rustc_hash::FxHashMap<String, i64>>,
    /// Delivers notices to platforms.
    pub http: reqwest::Client,
    /// Signs evidence bundles; derived from the master key.
    pub bundle_key: ed25519_dalek::SigningKey,
    /// Signs the hash list platforms fetch (`GET /v1/hashes`): a key of its
    /// own, so that a platform trusting the list trusts nothing else.
    pub list_key: ed25519_dalek::SigningKey,
    /// The listed hashes, indexed for matching, as fresh as the feed's head.
    pub hash_index: tokio::sync::RwLock<Option<Arc<crate::platform_api::hashes::ListIndex>>>,
    /// Wakes the outbox worker when a notice is approved here, rather than at its next look.
    pub outbox: Arc<tokio::sync::Notify>,
    /// Wakes the messaging intake when a webhook was stored.
    pub messaging_inbox: tokio::sync::Notify,
    /// Wakes the messaging replies when a counsellor wrote in a conversation from an app.
    pub messaging_replies: Arc<tokio::sync::Notify>,
    /// Wakes the keys' reload when an operator revoked a key (on PostgreSQL, from any machine).
    pub keys_changed: Arc<tokio::sync::Notify>,
    /// The wait a child would have now, in seconds plus one; 0 when unknown.
    live_wait: std::sync::atomic::AtomicU64,
    /// Wakes whoever holds a conversation open when it changes.
    pub chat_bus: Arc<crate::chat::bus::Bus>,
    /// Every waiting chat's place in the queue, as of the last beat.
    pub chat_positions: tokio::sync::watch::Sender<Arc<crate::chat::queue::Positions>>,
    /// Messages per conversation and side (the child's is `true`).
    pub chat_messages: governor::DefaultKeyedRateLimiter<(relais_core::id::ConversationId, bool)>,
    /// What children send per client address, across conversations.
    pub chat_senders: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// "Is typing" is told once every two seconds per conversation and side,
    /// however many connections a party has open.
    pub chat_typing:
        governor::DefaultKeyedRateLimiter<(relais_core::id::ConversationId, relais_core::conversation::Author)>,
    /// Conversations started per client address.
    pub chat_starts: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// Chat connections per client address.
    pub chat_connects: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// Becomes true when the server shuts down: long-lived connections (chats,
    /// the live queue) close, so that the shutdown does not wait on them.
    pub closing: tokio::sync::watch::Sender<bool>,
}

/// A limiter of `n` per minute (at least one).
fn per_minute<K: Clone + Eq + std::hash::Hash>(n: u32) -> governor::DefaultKeyedRateLimiter<K> {
    governor::RateLimiter::keyed(governor::Quota::per_minute(
        std::num::NonZeroU32::new(n).unwrap_or(std::num::NonZeroU32::MIN),
    ))
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The helpline directory the settings name (the built-in one by default),
/// with its `relais:` links pointing at this server.
pub fn load_directory(settings: &Settings) -> Result<Directory, ServerError> {
    let mut directory = match &settings.directory.path {
        None => Directory::builtin()?,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|source| ServerError::DirectoryFile { path: path.display().to_string(), source })?;
            Directory::from_toml(&text)?
        }
    };
    directory.resolve_relais_uris(&settings.public_url());
    Ok(directory)
}

/// The advice the settings name, or the one shipped in the binary.
pub fn load_advice(settings: &Settings) -> Result<relais_core::advice::Advice, ServerError> {
    match &settings.directory.advice_path {
        None => relais_core::advice::Advice::builtin(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|source| ServerError::DirectoryFile { path: path.display().to_string(), source })?;
            relais_core::advice::Advice::from_toml(&text)
        }
    }
    .map_err(|e| ServerError::Settings(e.to_string()))
}

impl AppState {
    pub async fn new(settings: Settings, store: Store, clock: Clock) -> Result<AppState, ServerError> {
        let sign_in_throttle = crate::console::throttle::SignInThrottle::new(&settings.console);
        let directory = load_directory(&settings)?;
        let advice = load_advice(&settings)?;
        let keys = KeyCache::default();
        keys.reload(&store).await?;
        // One name for this process in every signal it sends, the store's case moves and the bus's.
        let instance = store.instance().to_owned();
        let metrics = crate::ops::metrics_handle();
        let settings_limit = settings.limits.code_lookups_per_minute;
        let widget_limit = settings.limits.widget_calls_per_minute;
        let token_limit = settings.limits.widget_calls_per_token_per_minute;
        let field_keys = relais_store::FieldKeys::load_or_create(&settings.data_dir)?;
        let http = crate::tls::notice_client(settings.notices.extra_roots_pem.as_deref()).map_err(ServerError::Io)?;
        let proxies = crate::client_addr::TrustedProxies::parse(&settings.server.trusted_proxies)
            .map_err(ServerError::Settings)?;
        let exit = &settings.public.quick_exit_url;
        if !exit.starts_with("https://") || exit.contains(['"', '<', '>', ' ']) {
            return Err(ServerError::Settings(format!(
                "public.quick_exit_url must be an https:// address of a neutral site (got {exit:?})"
            )));
        }
        let chat = settings.chat.clone();
        // Woken by this server, and by the others through the signals' bus.
        let (outbox, messaging_replies) = (Arc::new(tokio::sync::Notify::new()), Arc::new(tokio::sync::Notify::new()));
        let keys_changed = Arc::new(tokio::sync::Notify::new());
        Ok(AppState(Arc::new(Shared {
            settings,
            store,
            clock,
            directory,
            advice,
            keys,
            stats: StatsBuffer::default(),
            metrics,
            referrals_counter: crate::ops::DecisionCounters::new(),
            answers: Default::default(),
            proxies,
            openapi: crate::openapi::document(),
            code_lookups: governor::RateLimiter::keyed(governor::Quota::per_minute(
                std::num::NonZeroU32::new(settings_limit).unwrap_or(std::num::NonZeroU32::MIN),
            )),
            widget_calls: governor::RateLimiter::keyed(governor::Quota::per_minute(
                std::num::NonZeroU32::new(widget_limit).unwrap_or(std::num::NonZeroU32::MIN),
            )),
            tokens: crate::widget_token::TokenSealer::new(field_keys.derive_key("relais widget tokens v2")),
            widget_token_calls: governor::RateLimiter::keyed(governor::Quota::per_minute(
                std::num::NonZeroU32::new(token_limit).unwrap_or(std::num::NonZeroU32::MIN),
            )),
            widget_counted: Default::default(),
            sign_in_throttle,
            live_wait: std::sync::atomic::AtomicU64::new(0),
            outbox: outbox.clone(),
            messaging_inbox: tokio::sync::Notify::new(),
            messaging_replies: messaging_replies.clone(),
            bundle_key: crate::bundle::signing_key(field_keys.derive_key(crate::bundle::KEY_LABEL)),
            list_key: crate::bundle::signing_key(field_keys.derive_key(crate::platform_api::hashes::KEY_LABEL)),
            hash_index: Default::default(),
            http,
            chat_bus: Arc::new(crate::chat::bus::Bus::new(instance, outbox, messaging_replies, keys_changed.clone())),
            keys_changed,
            chat_positions: tokio::sync::watch::Sender::new(Arc::default()),
            chat_messages: per_minute(chat.messages_per_minute),
            chat_senders: per_minute(chat.sends_per_minute_per_address),
            chat_typing: governor::RateLimiter::keyed(
                governor::Quota::per_minute(std::num::NonZeroU32::new(30).unwrap_or(std::num::NonZeroU32::MIN))
                    .allow_burst(std::num::NonZeroU32::MIN),
            ),
            chat_starts: governor::RateLimiter::keyed(governor::Quota::per_hour(
                std::num::NonZeroU32::new(chat.starts_per_hour).unwrap_or(std::num::NonZeroU32::MIN),
            )),
            chat_connects: per_minute(chat.connects_per_minute),
            closing: tokio::sync::watch::Sender::new(false),
        })))
    }

    /// The time zone of the helpline this server answers for (its days, its
    /// opening hours), from the directory; UTC if the directory lacks it.
    pub fn home_zone(&self) -> jiff::tz::TimeZone {
        self.home_helpline().map(|h| h.hours.zone.clone()).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// The helpline this server answers for, from the directory.
    pub fn home_helpline(&self) -> Option<&relais_core::directory::Helpline> {
        self.directory.helplines().iter().find(|h| h.id == self.settings.handoff.home_helpline)
    }

    /// Its name as people say it ("3018"), for the console and the child's pages.
    pub fn home_name(&self) -> &str {
        self.home_helpline().map(|h| h.name.as_str()).unwrap_or("Relais")
    }

    /// The estimated wait for a child contacting the line now, from the live
    /// queue and the listeners signed in; `None` when no one is there.
    pub fn live_wait(&self) -> Option<u32> {
        match self.live_wait.load(std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            n => Some(u32::try_from(n - 1).unwrap_or(u32::MAX)),
        }
    }

    /// Whether the report of the token `id` is to be counted now: the first time only.
    pub fn count_widget_report(&self, id: &str, exp: i64) -> bool {
        let mut counted = self.widget_counted.lock().unwrap_or_else(|e| e.into_inner());
        counted.insert(id.to_owned(), exp).is_none()
    }

    /// Forgets the tokens that have expired: they can no longer be used, so cannot be counted again.
    pub fn forget_expired_widget_tokens(&self, now: jiff::Timestamp) {
        let mut counted = self.widget_counted.lock().unwrap_or_else(|e| e.into_inner());
        counted.retain(|_, exp| *exp > now.as_second());
    }

    /// Recomputes the live wait estimate.
    pub async fn refresh_live_wait(&self) -> Result<(), relais_store::StoreError> {
        let now = self.clock.now();
        let snapshot = self.store.queue_snapshot(relais_core::case::Skill::Listener).await?;
        let since = now - jiff::SignedDuration::from_secs(self.settings.console.idle_seconds as i64);
        let online = self.store.counsellors_online(relais_core::staff::Role::Listener, since).await?;
        let wait = relais_capacity::erlang::expected_wait_now(
            snapshot.waiting,
            snapshot.in_progress,
            online,
            self.settings.queue.handle_seconds,
        );
        let stored = wait.map(|w| w.round().clamp(0.0, f64::from(u32::MAX - 1)) as u64 + 1).unwrap_or(0);
        self.live_wait.store(stored, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}
