//! Platform authentication by API key, without a database read per request.
//!
//! Active keys live in a cache reloaded every few seconds (the interval
//! bounds how long a revoked key lingers on a running server); a key the
//! cache does not know yet, such as one created a moment ago by
//! `relais platform add`, is looked up once and then cached.

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

/// Active clients by public key id.
#[derive(Debug, Default)]
pub struct KeyCache {
    by_key_id: RwLock<FxHashMap<String, Arc<Entry>>>,
}

impl KeyCache {
    /// Replaces the cache with the clients in force in the store; says how many.
    pub async fn reload(&self, store: &Store) -> Result<usize, relais_store::StoreError> {
        let fresh: FxHashMap<_, _> =
            store.active_clients().await?.into_iter().map(|r| (r.client.key_id.clone(), Arc::new(entry(r)))).collect();
        let count = fresh.len();
        *self.by_key_id.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(count)
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
            None => match store.client_by_key_id(key.id).await? {
                Some(record) if record.client.revoked_at.is_none() => {
                    let entry = Arc::new(entry(record));
                    self.by_key_id.write().unwrap_or_else(|e| e.into_inner()).insert(key.id.to_owned(), entry.clone());
                    entry
                }
                _ => return Err(BAD),
            },
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
