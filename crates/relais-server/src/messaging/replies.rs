//! The replies round: sends what the helpline wrote in conversations from
//! the apps, in each conversation's order, as the app's window allows at the
//! moment of sending (words within the day; words marked as a person's
//! answer on Messenger and Instagram up to a week; on WhatsApp after the
//! day, only the approved template). A failure that may pass is tried again
//! with backoff; the rest, and the last attempt, show as failed, in words,
//! to the counsellor and the supervisors.

use jiff::SignedDuration;
use relais_core::conversation::Author;
use relais_core::i18n::chat::system_message;
use relais_core::messaging::{AppKind, Window, window};
use relais_core::undelivered::Why;
use relais_store::StoreError;
use relais_store::messaging::Reply;

use super::graph::{Failure, Graph, Outgoing};
use crate::chat::bus;
use crate::state::AppState;

/// What a counsellor asks for when WhatsApp's day has passed: the approved
/// template that invites the child to write again.
pub const REENGAGE: &str = "reengage";

/// Sends the replies due now, in parallel across conversations; returns how many were attempted.
pub async fn send_due(state: &AppState) -> Result<usize, StoreError> {
    let settings = &state.settings.messaging;
    let lease = SignedDuration::from_secs(settings.request_timeout_seconds.max(1) as i64 + 5);
    let due = state.store.due_replies(state.clock.now(), lease, 32).await?;
    let count = due.len();
    futures_util::future::join_all(due.into_iter().map(|reply| send(state, reply))).await;
    Ok(count)
}

async fn send(state: &AppState, reply: Reply) {
    let settings = &state.settings.messaging;
    let attempt = reply.attempts + 1;
    let now = state.clock.now();
    let result = match what_to_send(&reply, now) {
        Ok(out) => Graph::new(state).send(&reply.channel, &reply.to, out.as_outgoing()).await,
        Err(failure) => Err(failure),
    };
    let now = state.clock.now();
    let recorded = match result {
        Ok(external_id) => {
            metrics::counter!("relais_messaging_replies_sent_total", "app" => reply.channel.kind.code()).increment(1);
            state.store.reply_sent(reply.conversation, reply.seq, &external_id, now).await
        }
        Err(failure) => {
            let retry_at = (failure.retry && attempt < settings.max_attempts).then(|| {
                now + crate::notices::delivery::backoff(
                    attempt,
                    settings.base_backoff_seconds,
                    settings.max_backoff_seconds,
                    rand::random(),
                )
            });
            if retry_at.is_none() {
                metrics::counter!("relais_messaging_replies_failed_total", "app" => reply.channel.kind.code())
                    .increment(1);
                tracing::warn!(conversation = %reply.conversation, seq = reply.seq, why = ?failure.why, "a reply could not be sent");
            }
            state.store.reply_failed(reply.conversation, reply.seq, &failure.why.store(), retry_at, now).await
        }
    };
    match recorded {
        Ok(()) => state.chat_bus.publish(&state.store, reply.conversation, bus::Event::Delivery).await,
        // The lease runs out and the reply is tried again; Meta may then show it twice, never lose it.
        Err(e) => tracing::error!(conversation = %reply.conversation, error = %e, "could not record a reply's attempt"),
    }
}

/// What leaves, owned.
enum Out {
    Text(String),
    HumanAgent(String),
    Template { name: String, language: String },
}

impl Out {
    fn as_outgoing(&self) -> Outgoing<'_> {
        match self {
            Out::Text(text) => Outgoing::Text(text),
            Out::HumanAgent(text) => Outgoing::HumanAgent(text),
            Out::Template { name, language } => Outgoing::Template { name, language },
        }
    }
}

/// What the app lets the helpline send now for this reply, or why nothing.
fn what_to_send(reply: &Reply, now: jiff::Timestamp) -> Result<Out, Failure> {
    let kind = reply.channel.kind;
    let now_open = window(kind, reply.last_inbound_at, now);
    if reply.author == Author::System && reply.text == REENGAGE {
        let Some(template) = reply.channel.template.as_ref().filter(|_| kind == AppKind::WhatsApp) else {
            return Err(Failure::final_(Why::NoTemplateSet));
        };
        return Ok(Out::Template { name: template.name.clone(), language: template.language.clone() });
    }
    let text = match reply.author {
        Author::System => system_message(&reply.text, reply.locale),
        _ => reply.text.clone(),
    };
    match now_open {
        Window::Open { .. } => Ok(Out::Text(text)),
        Window::HumanAgent { .. } => Ok(Out::HumanAgent(text)),
        Window::TemplateOnly => Err(Failure::final_(Why::TemplateOnly)),
        Window::Closed => Err(Failure::final_(match kind {
            AppKind::WhatsApp => Why::QuietForADay,
            _ => Why::QuietForAWeek,
        })),
    }
}
