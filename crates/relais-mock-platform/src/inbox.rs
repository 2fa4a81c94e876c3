//! Piaf's trusted-flagger inbox: where Relais posts notices. It checks each
//! signature the way the integration guide tells platforms to, recognises a
//! notice received twice by its idempotency key, and acknowledges and decides
//! after configurable delays by calling Relais back. On command it fails:
//! some deliveries answered 500, some left hanging past Relais's time-out,
//! or the whole inbox down for a while. Its moderation desk (`/inbox`) shows
//! what arrived and sets that behaviour from a browser or `curl`.

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

/// Upper bounds for the desk's delays: a stand-in, not a place to park a notice for days.
const MAX_DELAY_SECONDS: f64 = 24.0 * 3600.0;

impl Behaviour {
    /// The behaviour a desk form describes: a box left unticked is off, a
    /// number left empty is the default. An error names the field.
    pub fn from_form(pairs: &[(String, String)]) -> Result<Behaviour, String> {
        let value = |name: &str| pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim());
        let ticked = |name: &str| value(name).is_some_and(|v| matches!(v, "on" | "true" | "1" | "yes"));
        let number = |name: &str, max: f64| -> Result<Option<f64>, String> {
            match value(name) {
                None | Some("") => Ok(None),
                Some(v) => match v.parse::<f64>() {
                    Ok(n) if n.is_finite() && (0.0..=max).contains(&n) => Ok(Some(n)),
                    _ => Err(format!("{name}: a number from 0 to {max}")),
                },
            }
        };
        let defaults = Behaviour::default();
        let share = |name: &str| number(name, 100.0).map(|n| n.map_or(0.0, |p| p / 100.0));
        let delay = |name: &str, default: Duration| {
            number(name, MAX_DELAY_SECONDS).map(|n| n.map_or(default, Duration::from_secs_f64))
        };
        let behaviour = Behaviour {
            fail_ratio: share("fail_percent")?,
            fail_after_receipt_ratio: share("lost_reply_percent")?,
            hang_ratio: share("hang_percent")?,
            hang: defaults.hang,
            down: ticked("down"),
            acknowledge_after: delay("acknowledge_after_seconds", defaults.acknowledge_after)?,
            decide_after: delay("decide_after_seconds", defaults.decide_after)?,
            remove: ticked("remove"),
        };
        if behaviour.fail_ratio + behaviour.hang_ratio > 1.0 {
            return Err("hang_percent: refused and unanswered deliveries add up to more than 100 %".to_owned());
        }
        Ok(behaviour)
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

#[derive(askama::Template)]
#[template(path = "desk.html")]
struct Desk {
    counts: Counts,
    b: Behaviour,
    fail_percent: String,
    lost_reply_percent: String,
    hang_percent: String,
    acknowledge_after: String,
    decide_after: String,
}

/// `GET /inbox`: the moderation desk.
pub(crate) async fn desk(State(state): State<InboxState>) -> axum::response::Response {
    let (counts, b) = {
        let inner = state.inbox.lock();
        (inner.counts.clone(), inner.behaviour.clone())
    };
    let percent = |ratio: f64| format!("{}", (ratio * 100.0).round());
    crate::page(Desk {
        fail_percent: percent(b.fail_ratio),
        lost_reply_percent: percent(b.fail_after_receipt_ratio),
        hang_percent: percent(b.hang_ratio),
        acknowledge_after: format!("{}", b.acknowledge_after.as_secs_f64()),
        decide_after: format!("{}", b.decide_after.as_secs_f64()),
        counts,
        b,
    })
}

/// `POST /inbox`, a form: sets the whole behaviour, then shows the desk again.
pub(crate) async fn set_desk(State(state): State<InboxState>, body: Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    let pairs: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(pairs) => pairs,
        Err(_) => return (StatusCode::BAD_REQUEST, "body: not a form").into_response(),
    };
    match Behaviour::from_form(&pairs) {
        Ok(behaviour) => {
            tracing::info!(?behaviour, "Piaf's inbox behaviour changed");
            state.inbox.set(|b| *b = behaviour);
            axum::response::Redirect::to("/inbox").into_response()
        }
        Err(why) => (StatusCode::UNPROCESSABLE_ENTITY, why).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_desk_form_sets_the_whole_behaviour() {
        let b = Behaviour::from_form(&form(&[("down", "on"), ("fail_percent", "50"), ("decide_after_seconds", "0.5")]))
            .unwrap();
        assert!(b.down && !b.remove, "unticked is off");
        assert_eq!((b.fail_ratio, b.decide_after), (0.5, Duration::from_millis(500)));
        assert_eq!(b.acknowledge_after, Behaviour::default().acknowledge_after, "empty is the default");
        for (bad, field) in [
            (vec![("fail_percent", "150")], "fail_percent"),
            (vec![("hang_percent", "-1")], "hang_percent"),
            (vec![("decide_after_seconds", "NaN")], "decide_after_seconds"),
            (vec![("decide_after_seconds", "1e9")], "decide_after_seconds"),
            (vec![("fail_percent", "60"), ("hang_percent", "60")], "hang_percent"),
        ] {
            let err = Behaviour::from_form(&form(&bad)).unwrap_err();
            assert!(err.starts_with(field), "{err}");
        }
    }
}
