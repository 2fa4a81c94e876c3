//! The outbox's round: takes the notices that are due, posts each one signed
//! to its platform's endpoint, and on failure schedules the next attempt with
//! exponential backoff and jitter, until the last attempt dead-letters it.
//! Nothing is kept in memory: a server killed mid-delivery finds the same
//! notices due when it comes back (the lease expires), and the platform
//! recognises a repeat by its idempotency key.

use relais_core::undelivered::Why;
use std::time::Duration;

use jiff::SignedDuration;
use relais_store::Delivery;

use super::signature;
use crate::state::AppState;

/// Sends what is due now, in parallel; returns how many were attempted.
pub async fn deliver_due(state: &AppState) -> Result<usize, relais_store::StoreError> {
    let settings = &state.settings.notices;
    let lease = SignedDuration::from_secs(settings.request_timeout_seconds as i64 + 5);
    let due = state.store.due_deliveries(state.clock.now(), lease, 32).await?;
    let count = due.len();

    let sends = due.into_iter().map(|delivery| deliver(state, delivery));
    futures_util::future::join_all(sends).await;
    Ok(count)
}

async fn deliver(state: &AppState, delivery: Delivery) {
    let settings = &state.settings.notices;
    let attempt = delivery.attempts + 1;
    let sent_at = state.clock.now();
    let header = signature::sign(&delivery.connector.secret, sent_at.as_second(), &delivery.body);
    let result = state
        .http
        .post(&delivery.connector.endpoint)
        .header("content-type", "application/json")
        .header("idempotency-key", delivery.notice_id.to_string())
        .header(signature::HEADER, header)
        .header("x-relais-attempt", attempt.to_string())
        .timeout(Duration::from_secs(settings.request_timeout_seconds.max(1)))
        .body(delivery.body.clone())
        .send()
        .await;
    let failure = match result {
        Ok(r) if r.status().is_success() => None,
        Ok(r) => Some(Why::Status { status: r.status().as_u16() }),
        Err(e) => Some(Why::Unreachable { network: crate::tls::failure(&e) }),
    };
    let now = state.clock.now();
    let recorded = match failure {
        None => {
            metrics::counter!("relais_notices_delivered_total").increment(1);
            state.store.delivery_succeeded(delivery.notice_id, now).await
        }
        Some(error) => {
            metrics::counter!("relais_notice_delivery_failures_total").increment(1);
            let retry_at = (attempt < settings.max_attempts).then(|| {
                now + backoff(attempt, settings.base_backoff_seconds, settings.max_backoff_seconds, rand::random())
            });
            if retry_at.is_none() {
                metrics::counter!("relais_notices_dead_lettered_total").increment(1);
                tracing::error!(notice = %delivery.notice_id, ?error, attempts = attempt, "notice dead-lettered: the supervisors must take it over");
            } else {
                tracing::warn!(notice = %delivery.notice_id, ?error, attempt, "notice delivery failed; will retry");
            }
            state.store.delivery_failed(delivery.notice_id, &error.store(), retry_at, now).await
        }
    };
    if let Err(e) = recorded {
        // The lease runs out and the notice is tried again: a duplicate, recognised by its key.
        tracing::error!(notice = %delivery.notice_id, error = %e, "could not record a delivery attempt");
    }
}

/// The wait before attempt `attempt + 1`: `base · 2^(attempt-1)` capped at
/// `max`, of which a random half is kept ("equal jitter"), so that many
/// notices failing together do not all come back at the same instant.
pub fn backoff(attempt: u32, base_seconds: u64, max_seconds: u64, unit_random: f64) -> SignedDuration {
    let exp = base_seconds.max(1).saturating_mul(1u64 << (attempt.saturating_sub(1)).min(30));
    let capped = exp.min(max_seconds.max(1)) as f64;
    let jittered = capped / 2.0 + capped / 2.0 * unit_random.clamp(0.0, 1.0);
    SignedDuration::from_secs_f64(jittered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_a_ceiling_and_keeps_a_random_half() {
        let at = |attempt, random| backoff(attempt, 5, 600, random).as_secs_f64();
        assert_eq!((at(1, 0.0), at(1, 1.0)), (2.5, 5.0));
        assert_eq!((at(2, 0.0), at(2, 1.0)), (5.0, 10.0));
        assert_eq!((at(4, 0.5)), 30.0);
        assert_eq!((at(12, 0.0), at(12, 1.0)), (300.0, 600.0), "capped");
        assert_eq!(at(200, 1.0), 600.0, "no overflow");
    }
}
