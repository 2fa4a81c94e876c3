//! The server's background work. Each worker is one round of work, which the
//! server repeats on its own interval and a test runs once, on demand
//! ([`AppState::step`]), so that nothing in a test waits for a timer.

use std::time::Duration;

use jiff::SignedDuration;
use relais_store::StoreError;
use tokio::task::JoinSet;

use crate::state::AppState;

/// One kind of background work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worker {
    /// Delivers the notices that are due (and records each attempt).
    Outbox,
    /// Writes the referral counts held in memory.
    Statistics,
    /// Erases what has outlived its purpose: the context of handoffs not used
    /// in time, closed cases past the retention period; and lets the rate
    /// limiters forget idle addresses.
    Retention,
    /// Recomputes the wait shown to children from the live queue.
    LiveWait,
    /// Reloads the API keys in force, so that a revoked key stops working.
    Keys,
    /// Works out each waiting chat's place in the queue, for the children waiting.
    ChatQueue,
    /// Takes in what the messaging apps' webhooks delivered.
    MessagingIntake,
    /// Sends the helpline's replies to the messaging apps.
    MessagingReplies,
}

impl Worker {
    pub const ALL: [Worker; 8] = [
        Worker::Outbox,
        Worker::Statistics,
        Worker::Retention,
        Worker::LiveWait,
        Worker::Keys,
        Worker::ChatQueue,
        Worker::MessagingIntake,
        Worker::MessagingReplies,
    ];

    /// How long the worker rests between rounds.
    fn interval(self, state: &AppState) -> Duration {
        let s = &state.settings;
        match self {
            Worker::Outbox => Duration::from_millis(s.notices.poll_milliseconds.max(10)),
            Worker::Statistics => Duration::from_secs(s.stats.flush_seconds.max(1)),
            Worker::Retention => Duration::from_secs(60),
            Worker::LiveWait => Duration::from_secs(s.queue.refresh_seconds.max(1)),
            Worker::Keys => Duration::from_secs(s.auth.refresh_seconds.max(1)),
            Worker::ChatQueue => Duration::from_secs(s.chat.positions_seconds.max(1)),
            Worker::MessagingIntake | Worker::MessagingReplies => {
                Duration::from_millis(s.messaging.poll_millis.max(10))
            }
        }
    }
}

impl AppState {
    /// Runs one round of `worker` now; returns how many things it handled
    /// (notices attempted, cells written, records erased).
    pub async fn step(&self, worker: Worker) -> Result<usize, StoreError> {
        match worker {
            Worker::Outbox => crate::notices::delivery::deliver_due(self).await,
            Worker::Statistics => self.stats.flush(&self.store).await,
            Worker::Retention => {
                let now = self.clock.now();
                let handoffs = self.store.erase_expired_handoffs(now).await?;
                if handoffs > 0 {
                    tracing::info!(erased = handoffs, "expired handoffs erased");
                }
                let horizon = SignedDuration::from_hours(24 * i64::from(self.settings.retention.closed_case_days));
                let cases = self.store.erase_closed_cases(now - horizon, now).await?;
                if cases > 0 {
                    tracing::info!(erased = cases, "closed cases erased after the retention period");
                }
                self.code_lookups.retain_recent();
                self.widget_calls.retain_recent();
                self.widget_token_calls.retain_recent();
                self.forget_expired_widget_tokens(now);
                self.chat_messages.retain_recent();
                self.chat_senders.retain_recent();
                self.chat_typing.retain_recent();
                self.chat_starts.retain_recent();
                self.chat_connects.retain_recent();
                let forgotten = self.sign_in_throttle.prune(&self.store, now).await?;
                Ok((handoffs + cases + forgotten) as usize)
            }
            Worker::LiveWait => self.refresh_live_wait().await.map(|()| 1),
            Worker::Keys => self.keys.reload(&self.store).await,
            Worker::ChatQueue => {
                // Channels whose readers all left go; the rest are the conversations open here.
                let open = self.chat_bus.open_conversations();
                metrics::gauge!("relais_chat_open_conversations").set(open as f64);
                crate::chat::queue::refresh(self).await
            }
            Worker::MessagingIntake => crate::messaging::intake::take_in_due(self).await,
            Worker::MessagingReplies => crate::messaging::replies::send_due(self).await,
        }
    }
}

/// How long a worker woken by a case move lets others follow before it reads the queue.
const SETTLE: Duration = Duration::from_millis(100);

/// What wakes a worker before its next look.
enum Wake<'a> {
    /// Work given to it: an approval in the console, a webhook, a reply (on
    /// this server or another), an operator revoking a key.
    Given(&'a tokio::sync::Notify),
    /// A case moved, here or on another server: the queue it reads changed.
    CaseMoves,
}

impl Worker {
    fn woken_by(self, state: &AppState) -> Option<Wake<'_>> {
        match self {
            Worker::Outbox => Some(Wake::Given(&state.outbox)),
            Worker::MessagingIntake => Some(Wake::Given(&state.messaging_inbox)),
            Worker::MessagingReplies => Some(Wake::Given(&state.messaging_replies)),
            Worker::Keys => Some(Wake::Given(&state.keys_changed)),
            // The wait shown to children and each waiting chat's place follow the queue.
            Worker::LiveWait | Worker::ChatQueue => Some(Wake::CaseMoves),
            Worker::Statistics | Worker::Retention => None,
        }
    }

    /// Whether a round that handled something leaves more to do at once: the
    /// outboxes go straight on while there is more to send (the keys' reload
    /// counts what it loaded, not work left).
    fn drains(self) -> bool {
        matches!(self, Worker::Outbox | Worker::MessagingIntake | Worker::MessagingReplies)
    }
}

/// Starts every worker on its interval, until the set is dropped or aborted.
pub(crate) fn spawn(state: &AppState) -> JoinSet<()> {
    let mut set = JoinSet::new();
    for worker in Worker::ALL {
        let state = state.clone();
        set.spawn(async move {
            let rest = worker.interval(&state);
            let mut moves = state.store.case_moves();
            loop {
                moves.mark_unchanged();
                let busy = match state.step(worker).await {
                    Ok(handled) => handled > 0,
                    Err(e) => {
                        tracing::warn!(error = %e, ?worker, "a background round failed; will retry");
                        false
                    }
                };
                match worker.woken_by(&state) {
                    Some(Wake::Given(_)) if busy && worker.drains() => {}
                    Some(Wake::Given(notify)) => {
                        tokio::select! {
                            () = tokio::time::sleep(rest) => {}
                            () = notify.notified() => {}
                        }
                    }
                    Some(Wake::CaseMoves) => {
                        tokio::select! {
                            () = tokio::time::sleep(rest) => {}
                            // A burst of intake settles into one round.
                            _ = moves.changed() => tokio::time::sleep(SETTLE).await,
                        }
                    }
                    None => tokio::time::sleep(rest).await,
                }
            }
        });
    }
    set
}
