//! Platform authentication by API key, without a database read per request.
//!
//! Active keys live in a cache reloaded every few seconds (the interval
//! bounds how long a revoked key lingers on a running server); a key the
//! cache does not know yet, such as one created a moment ago by
//! `relais platform add`, is looked up once and then cached. A key id found
//! nowhere is remembered too, until the next reload, so that a flood of
//! well-formed unknown keys costs one database read each, not one a request.
//! [`Platform`] admits a platform's key only: an admin key reads statistics
//! and does nothing in a platform's name.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use relais_core::id::ClientId;
use relais_store::{ClientKind, ClientRecord, PresentedKey, Store};
use rustc_hash::FxHashMap;

use crate::error::AppError;
use crate::state::AppState;

/// An authenticated caller: one reference-counted pointer into the cache.
#[derive(Debug, Clone)]
pub struct Caller(Arc<Entry>);

impl Caller {
    pub fn client_id(&self) -> ClientId {
        self.0.client_id
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    pub fn kind(&self) -> ClientKind {
        self.0.kind
    }
}

#[derive(Debug)]
struct Entry {
    client_id: ClientId,
    name: String,
    kind: ClientKind,
    secret_hash: Vec<u8>,
}

/// The most unknown key ids remembered between two reloads; past it the
/// memory is emptied rather than grown by whoever sends random keys.
const MAX_UNKNOWN: usize = 10_000;

/// Active clients by public key id, and the key ids known to be no one's.
#[derive(Debug, Default)]
pub struct KeyCache {
    by_key_id: RwLock<FxHashMap<String, Arc<Entry>>>,
    unknown: RwLock<rustc_hash::FxHashSet<String>>,
    /// Each platform's registered web origins (see `crate::origin`).
    origins: RwLock<FxHashMap<ClientId, Vec<String>>>,
    /// Reads of the database for a key the cache did not know.
    lookups: AtomicU64,
}

impl KeyCache {
    /// Replaces the cache with the clients in force in the store; says how many.
    pub async fn reload(&self, store: &Store) -> Result<usize, relais_store::StoreError> {
        let fresh: FxHashMap<_, _> =
            store.active_clients().await?.into_iter().map(|r| (r.client.key_id.clone(), Arc::new(entry(r)))).collect();
        let mut origins: FxHashMap<ClientId, Vec<String>> = FxHashMap::default();
        for (client, origin) in store.all_origins().await? {
            origins.entry(client).or_default().push(origin);
        }
        let count = fresh.len();
        *self.by_key_id.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        *self.origins.write().unwrap_or_else(|e| e.into_inner()) = origins;
        self.unknown.write().unwrap_or_else(|e| e.into_inner()).clear();
        Ok(count)
    }

    /// The web origins a platform registered, as of the last reload.
    pub fn origins(&self, client: ClientId) -> Vec<String> {
        self.origins.read().unwrap_or_else(|e| e.into_inner()).get(&client).cloned().unwrap_or_default()
    }

    /// How many times a key the cache did not know was looked up in the database.
    pub fn database_lookups(&self) -> u64 {
        self.lookups.load(Ordering::Relaxed)
    }

    fn get(&self, key_id: &str) -> Option<Arc<Entry>> {
        self.by_key_id.read().unwrap_or_else(|e| e.into_inner()).get(key_id).cloned()
    }

    /// Checks a presented key.
    pub async fn authenticate(&self, store: &Store, presented: &str) -> Result<Caller, AppError> {
        const BAD: AppError = AppError::Unauthenticated("The API key is not valid, or has been revoked.");
        let key = PresentedKey::parse(presented).ok_or(AppError::Unauthenticated(
            "The API key is malformed: expected Authorization: Bearer rl_live_<id>_<secret>.",
        ))?;
        let entry = match self.get(key.id) {
            Some(entry) => entry,
            None if self.unknown.read().unwrap_or_else(|e| e.into_inner()).contains(key.id) => return Err(BAD),
            None => {
                self.lookups.fetch_add(1, Ordering::Relaxed);
                match store.client_by_key_id(key.id).await? {
                    Some(record) if record.client.revoked_at.is_none() => {
                        let entry = Arc::new(entry(record));
                        let mut known = self.by_key_id.write().unwrap_or_else(|e| e.into_inner());
                        known.insert(key.id.to_owned(), entry.clone());
                        entry
                    }
                    _ => {
                        let mut unknown = self.unknown.write().unwrap_or_else(|e| e.into_inner());
                        if unknown.len() >= MAX_UNKNOWN {
                            unknown.clear();
                        }
                        unknown.insert(key.id.to_owned());
                        return Err(BAD);
                    }
                }
            }
        };
        if key.matches(&entry.secret_hash) { Ok(Caller(entry)) } else { Err(BAD) }
    }
}

fn entry(record: ClientRecord) -> Entry {
    Entry {
        client_id: record.client.id,
        name: record.client.name,
        kind: record.client.kind,
        secret_hash: record.secret_hash,
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(header::AUTHORIZATION).ok_or(AppError::Unauthenticated(
            "An API key is required: send Authorization: Bearer <your platform key>.",
        ))?;
        let value = header.to_str().ok().and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
        let token =
            value.ok_or(AppError::Unauthenticated("The Authorization header must be: Bearer <your platform key>."))?;
        state.keys.authenticate(&state.store, token).await
    }
}

/// A platform's key: what creates referrals, handoffs and widget tokens, and
/// answers notices. An admin key is refused (403): it reads statistics only.
#[derive(Debug, Clone)]
pub struct Platform(pub Caller);

impl FromRequestParts<AppState> for Platform {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.kind() != ClientKind::Platform {
            return Err(AppError::Forbidden(
                "This is an admin key: it reads statistics. Use the platform's own key to act in its name.",
            ));
        }
        Ok(Platform(caller))
    }
}
