//! The intake round: takes in the webhook bodies stored by the webhook
//! route. Each message joins its sender's open conversation or opens one
//! with its case in the queue, scored for risk from its words; an
//! attachment is fetched and kept as sealed evidence on the case; the
//! platform's statuses move the replies they name. A body that fails half
//! way is tried again: what was taken in is found seen and not taken twice.

use jiff::SignedDuration;
use relais_core::case::{CaseFile, Skill};
use relais_core::evidence::MediaType;
use relais_core::messaging::REDELIVERY_HORIZON;
use relais_core::risk::{RiskInput, assess};
use relais_core::{AgeBand, Category};
use relais_store::messaging::{AppChannel, InboxItem, Incoming, TakenIn};
use relais_store::{NewCase, NewEvidence, StoreError};

use super::graph::{Graph, NotFetched};
use relais_core::messaging::AttachmentNote;

use super::meta::{self, Content, Event};
use crate::chat::bus;
use crate::state::AppState;

/// Takes in the bodies due now; returns how many.
pub async fn take_in_due(state: &AppState) -> Result<usize, StoreError> {
    let settings = &state.settings.messaging;
    // Long enough for a body's attachments to be fetched before another round takes it.
    let lease = SignedDuration::from_secs(4 * settings.request_timeout_seconds.max(1) as i64 + 5);
    let due = state.store.due_webhooks(state.clock.now(), lease, 16).await?;
    let count = due.len();
    for item in due {
        let id = item.id.clone();
        let attempt = item.attempts + 1;
        match take_in_body(state, item).await {
            Ok(()) => state.store.webhook_taken(&id).await?,
            // Signed by the platform yet unreadable: kept for the supervisors, never guessed at.
            Err(Trouble::Unreadable(error)) => {
                tracing::error!(inbox = %id, %error, "a messaging webhook could not be read; kept aside");
                state.store.webhook_failed(&id, &error, None).await?;
            }
            Err(Trouble::Retry(error)) => {
                let retry_at = (attempt < settings.max_attempts).then(|| {
                    state.clock.now()
                        + crate::notices::delivery::backoff(
                            attempt,
                            settings.base_backoff_seconds,
                            settings.max_backoff_seconds,
                            rand::random(),
                        )
                });
                if retry_at.is_none() {
                    metrics::counter!("relais_messaging_webhooks_given_up_total").increment(1);
                    tracing::error!(inbox = %id, %error, "a messaging webhook could not be taken in; given up");
                } else {
                    tracing::warn!(inbox = %id, %error, attempt, "a messaging webhook could not be taken in; will retry");
                }
                state.store.webhook_failed(&id, &error, retry_at).await?;
            }
        }
    }
    Ok(count)
}

/// Why a body was not taken in whole.
enum Trouble {
    /// To try again later (Meta or the database unavailable).
    Retry(String),
    /// Never readable.
    Unreadable(String),
}

impl From<StoreError> for Trouble {
    fn from(e: StoreError) -> Trouble {
        Trouble::Retry(e.to_string())
    }
}

async fn take_in_body(state: &AppState, item: InboxItem) -> Result<(), Trouble> {
    // A channel removed since: what it delivered goes with it.
    let Some(channel) = state.store.app_channel(item.channel_id).await? else { return Ok(()) };
    if channel.secrets.app_secret.is_empty() {
        return Ok(());
    }
    let events = match meta::parse(channel.kind, &channel.account_id, &item.body) {
        Ok(events) => events,
        Err(e) => return Err(Trouble::Unreadable(e.to_string())),
    };
    for event in events {
        match event {
            Event::Message { id, from, content, sent_at } => {
                let now = state.clock.now();
                // A capture replayed after its id was forgotten opens nothing.
                if sent_at.is_some_and(|at| at < now - REDELIVERY_HORIZON) {
                    metrics::counter!("relais_messaging_stale_messages_total").increment(1);
                    continue;
                }
                if state.store.seen(channel.id, &id).await? {
                    continue;
                }
                message(state, &channel, id, from, content).await?;
            }
            Event::Status { id, status, error } => {
                let moved = state.store.delivery_status(channel.id, &id, status, error.as_deref()).await?;
                if let Some(conversation) = moved {
                    state.chat_bus.publish(&state.store, conversation, bus::Event::Delivery).await;
                }
            }
            Event::ReadUpTo { from, watermark } => {
                if let Some(conversation) = state.store.read_up_to(&channel, &from, watermark).await? {
                    state.chat_bus.publish(&state.store, conversation, bus::Event::Delivery).await;
                }
            }
        }
    }
    Ok(())
}

async fn message(
    state: &AppState,
    channel: &AppChannel,
    id: String,
    from: String,
    content: Content,
) -> Result<(), Trouble> {
    let now = state.clock.now();
    let locale = state.settings.messaging.locale;
    let (text, evidence) = match content {
        Content::Text(text) => (text, None),
        Content::Other(kind) => (AttachmentNote::NotRead(&kind).render(locale), None),
        Content::Media { kind, source, caption } => {
            let limit = state.settings.messaging.max_media_bytes;
            let (note, evidence) = match Graph::new(state).fetch(channel, &source, limit).await {
                Ok(fetched) => match MediaType::sniff(&fetched.bytes) {
                    Some(media) => {
                        let item = NewEvidence {
                            url: None,
                            platform_content_id: Some(id.clone()),
                            file: Some((media, fetched.bytes)),
                            captured_at: Some(now),
                            added_by: None,
                        };
                        (AttachmentNote::Kept(kind).render(locale), Some(item))
                    }
                    None => (AttachmentNote::RefusedType(kind).render(locale), None),
                },
                Err(NotFetched::TooLarge(size)) => (AttachmentNote::TooLarge(kind, size, limit).render(locale), None),
                Err(NotFetched::Unreachable(failure)) if failure.retry => {
                    return Err(Trouble::Retry(failure.why.store()));
                }
                Err(NotFetched::Unreachable(failure)) => {
                    (AttachmentNote::Lost(kind, &failure.why.render(locale)).render(locale), None)
                }
            };
            let text = match caption.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                Some(caption) => format!("{note}\n{caption}"),
                None => note,
            };
            (text, evidence)
        }
    };
    let text: String = text.trim().chars().take(relais_core::conversation::MAX_MESSAGE_CHARS).collect();
    let text = if text.is_empty() { AttachmentNote::NotRead("empty").render(locale) } else { text };
    let risk = assess(&RiskInput { text: &text, category: None, age_band: AgeBand::Unknown, declared_danger: false });
    let mut case =
        NewCase::waiting(channel.kind.channel(), Category::Other, AgeBand::Unknown, risk.level, Skill::Listener, now);
    case.file = Some(CaseFile { risk_rules: risk.rules(), ..Default::default() });
    let closed_notice = state.home_helpline().and_then(|line| match line.hours.status(now).is_open() {
        Some(false) => Some(format!("closed:{}", crate::public::landing::hours_line(line, now, locale).1)),
        _ => None,
    });
    let incoming = Incoming { external_id: id, from, text, evidence, new_case: case, locale, closed_notice };
    match state.store.take_in(channel, incoming, now).await? {
        TakenIn::Opened { .. } => {
            metrics::counter!("relais_messaging_conversations_total", "app" => channel.kind.code()).increment(1);
            metrics::counter!("relais_messaging_messages_total", "app" => channel.kind.code()).increment(1);
            // The queue's wait and the consoles' lists see it at their next look.
        }
        TakenIn::Joined { conversation, seq } => {
            metrics::counter!("relais_messaging_messages_total", "app" => channel.kind.code()).increment(1);
            state.chat_bus.publish(&state.store, conversation, bus::Event::Message(seq)).await;
        }
        TakenIn::Stopped(Some(conversation)) => {
            state.chat_bus.publish(&state.store, conversation, bus::Event::Moved).await;
        }
        TakenIn::Stopped(None) | TakenIn::Again => {}
        TakenIn::Blocked => metrics::counter!("relais_messaging_blocked_total").increment(1),
    }
    Ok(())
}
