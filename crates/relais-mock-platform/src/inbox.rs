//! Piaf's trusted-flagger inbox: where Relais posts notices. It checks each
//! signature the way the integration guide tells platforms to, recognises a
//! notice received twice by its idempotency key, and acknowledges and decides
//! after configurable delays by calling Relais back. On command it fails:
//! some deliveries answered 500, some left hanging past Relais's time-out,
//! or the whole inbox down for a while.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

/// How the inbox behaves; changed at any time through [`Inbox::set`].
#[derive(Debug, Clone)]
pub struct Behaviour {
    /// Answer 500 to this share of deliveries, before reading them.
    pub fail_ratio: f64,
    /// Record the notice, then answer 500 anyway (the sender cannot know it arrived).
    pub fail_after_receipt_ratio: f64,
    /// Hang this long (past the sender's time-out) on this share of deliveries.
    pub hang_ratio: f64,
    pub hang: Duration,
    /// While true, every delivery gets 503.
    pub down: bool,
    pub acknowledge_after: Duration,
    pub decide_after: Duration,
    /// Remove the content (else: no action, with reasons).
    pub remove: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            fail_ratio: 0.0,
            fail_after_receipt_ratio: 0.0,
            hang_ratio: 0.0,
            hang: Duration::from_secs(30),
            down: false,
            acknowledge_after: Duration::from_millis(500),
            decide_after: Duration::from_secs(3),
            remove: true,
        }
    }
}

/// What the inbox has seen, for the tests and the demo to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Deliveries that reached the handler (whatever the answer).
    pub deliveries: u64,
    /// Distinct notices received.
    pub notices: u64,
    /// Deliveries of a notice already received, recognised by its idempotency key.
    pub duplicates: u64,
    pub bad_signatures: u64,
    pub failed_on_purpose: u64,
    pub acknowledged: u64,
    pub decided: u64,
}

#[derive(Debug, Default)]
struct Inner {
    behaviour: Behaviour,
    counts: Counts,
    /// Notice id → when it first arrived.
    received: HashMap<String, std::time::Instant>,
    /// Notice id → the full notice, as received.
    bodies: HashMap<String, Value>,
}

/// The inbox, shared between its HTTP handler and whoever drives it.
#[derive(Debug, Clone)]
pub struct Inbox {
    inner: Arc<Mutex<Inner>>,
    secret: Arc<Vec<u8>>,
}

impl Inbox {
    /// An inbox that checks signatures with the secret Relais printed for this platform.
    pub fn new(secret: Vec<u8>) -> Inbox {
        Inbox { inner: Arc::default(), secret: Arc::new(secret) }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn set(&self, change: impl FnOnce(&mut Behaviour)) {
        change(&mut self.lock().behaviour);
    }

    pub fn counts(&self) -> Counts {
        self.lock().counts.clone()
    }

    /// The ids of the notices received.
    pub fn received(&self) -> Vec<String> {
        self.lock().received.keys().cloned().collect()
    }

    /// When a notice first arrived.
    pub fn received_at(&self, id: &str) -> Option<std::time::Instant> {
        self.lock().received.get(id).copied()
    }

    /// A notice as it arrived.
    pub fn notice(&self, id: &str) -> Option<Value> {
        self.lock().bodies.get(id).cloned()
    }
}

/// The few lines the integration guide shows: `t=…,v1=…`, HMAC-SHA256 of "<t>.<body>".
pub fn signature_is_valid(secret: &[u8], header: &str, body: &[u8], now: i64) -> bool {
    let field = |name: &str| header.split(',').find_map(|p| p.trim().strip_prefix(name)?.strip_prefix('='));
    let (Some(t), Some(v1)) = (field("t"), field("v1")) else { return false };
    let Ok(t_value) = t.parse::<i64>() else { return false };
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret) else { return false };
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let Ok(given) = hex::decode(v1) else { return false };
    (now - t_value).abs() <= 300 && mac.verify_slice(&given).is_ok()
}

#[derive(Debug, Clone)]
pub(crate) struct InboxState {
    pub inbox: Inbox,
    pub relais_api: String,
    pub api_key: String,
    pub http: reqwest::Client,
}

/// `POST /notices`.
pub(crate) async fn receive(State(state): State<InboxState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let roll: f64 = rand::random();
    let behaviour = {
        let mut inner = state.inbox.lock();
        inner.counts.deliveries += 1;
        inner.behaviour.clone()
    };
    if behaviour.down {
        state.inbox.lock().counts.failed_on_purpose += 1;
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    if roll < behaviour.fail_ratio {
        state.inbox.lock().counts.failed_on_purpose += 1;
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    if roll < behaviour.fail_ratio + behaviour.hang_ratio {
        state.inbox.lock().counts.failed_on_purpose += 1;
        tokio::time::sleep(behaviour.hang).await;
        return StatusCode::GATEWAY_TIMEOUT;
    }
    let signature = headers.get("x-relais-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    if !signature_is_valid(&state.inbox.secret, signature, &body, now) {
        state.inbox.lock().counts.bad_signatures += 1;
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(notice) = serde_json::from_slice::<Value>(&body) else { return StatusCode::BAD_REQUEST };
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if key.is_empty() || notice["idempotency_key"].as_str() != Some(key.as_str()) {
        return StatusCode::BAD_REQUEST;
    }
    let first = {
        let mut inner = state.inbox.lock();
        if inner.received.contains_key(&key) {
            inner.counts.duplicates += 1;
            false
        } else {
            inner.received.insert(key.clone(), std::time::Instant::now());
            inner.bodies.insert(key.clone(), notice);
            inner.counts.notices += 1;
            true
        }
    };
    if first {
        tokio::spawn(moderate(state.clone(), key, behaviour.clone()));
    }
    let lost_reply = rand::random::<f64>() < behaviour.fail_after_receipt_ratio;
    if lost_reply {
        state.inbox.lock().counts.failed_on_purpose += 1;
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    StatusCode::ACCEPTED
}

/// What Piaf's moderators do with a notice: confirm receipt, then decide.
async fn moderate(state: InboxState, id: String, behaviour: Behaviour) {
    tokio::time::sleep(behaviour.acknowledge_after).await;
    if callback(&state, &format!("/v1/notices/{id}/acknowledgement"), &json!({})).await {
        state.inbox.lock().counts.acknowledged += 1;
    }
    tokio::time::sleep(behaviour.decide_after.saturating_sub(behaviour.acknowledge_after)).await;
    let decision = if behaviour.remove {
        json!({
            "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
            "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
            "decision_facts": "Notice from a trusted flagger; the content was found to harass a minor.",
            "explanation": "Illegal under the French criminal code as the notice states.",
            "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
            "territorial_scope": [],
        })
    } else {
        json!({
            "decision_facts": "Notice from a trusted flagger, reviewed by a moderator.",
            "explanation": "The content does not break the law or our rules as we read them.",
            "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        })
    };
    if callback(&state, &format!("/v1/notices/{id}/decision"), &decision).await {
        state.inbox.lock().counts.decided += 1;
    }
}

/// Calls Relais back, trying again for a while if it is unreachable.
async fn callback(state: &InboxState, path: &str, body: &Value) -> bool {
    let url = format!("{}{path}", state.relais_api.trim_end_matches('/'));
    for attempt in 0..120u32 {
        let sent = state.http.post(&url).bearer_auth(&state.api_key).json(body).send().await;
        match sent {
            Ok(r) if r.status().is_success() => return true,
            Ok(r) if r.status().is_client_error() => {
                tracing::warn!(status = %r.status(), path, "Relais refused the callback");
                return false;
            }
            _ => tokio::time::sleep(Duration::from_millis(250 * u64::from(attempt.min(8)) + 100)).await,
        }
    }
    false
}
