//! Appending a message: numbered under the conversation's lock, sealed, and
//! queued to leave for a messaging app when the helpline writes in one.

use jiff::Timestamp;
use relais_core::conversation::{Author, ConversationState};
use relais_core::id::{ConversationId, StaffId};
use relais_core::messaging::Delivery;

use crate::Result;
use crate::crypto::DataKey;
use crate::row::{Read, millis};

use super::Message;

/// What a message's body is sealed under: its conversation and its number.
pub(crate) fn aad(conversation: ConversationId, seq: u64) -> String {
    format!("message:{conversation}:{seq}")
}

/// A message to store: who writes it and, for a message a client may send
/// again, the client's own reference for it.
pub(crate) struct Entry<'a> {
    pub author: Author,
    /// The counsellor writing; a counsellor writes only in a conversation they hold.
    pub staff: Option<StaffId>,
    pub text: &'a str,
    pub client_ref: Option<&'a str>,
    /// A message from a messaging app: its id there.
    pub external_id: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// What the helpline says of itself (`joined:jurist`, `ended`).
    pub(crate) fn system(text: &'a str) -> Entry<'a> {
        Entry { author: Author::System, staff: None, text, client_ref: None, external_id: None }
    }

    /// What the child wrote.
    pub(crate) fn child(text: &'a str) -> Entry<'a> {
        Entry { author: Author::Child, staff: None, text, client_ref: None, external_id: None }
    }
}

/// What became of a message to append.
pub(crate) enum Appended {
    /// Stored under a new number.
    New(Message),
    /// Stored already under this number (the same client reference): the
    /// caller drops its transaction, which numbered nothing.
    Again(Message),
    /// Not stored: the conversation ended, or the counsellor no longer holds it.
    Refused,
}

/// Appends a message within the caller's transaction: the next number, the
/// sealed body. Numbering first locks the conversation's row, so that a
/// message sent twice at once is found by the second sender once the first
/// is written, and a counsellor who lost the conversation a moment before
/// does not write in it. In a conversation from a messaging app, what the
/// helpline writes (a counsellor's reply, "a jurist joins") is queued in the
/// same transaction to leave for the app.
pub(crate) async fn append(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    key: &DataKey,
    conversation: ConversationId,
    entry: Entry<'_>,
    at: Timestamp,
) -> Result<Appended> {
    let holder = if entry.author == Author::Counsellor { entry.staff.map(|s| s.to_string()) } else { None };
    let row = sqlx::query(
        "UPDATE conversations SET last_seq = last_seq + 1, updated_at = $1 \
         WHERE id = $2 AND state <> $3 AND ($4 = '' OR held_by = $4) RETURNING last_seq, sender_id",
    )
    .bind(millis(at))
    .bind(conversation.to_string())
    .bind(ConversationState::Ended.code())
    .bind(holder.unwrap_or_default())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(Appended::Refused) };
    let outbound = row.text_opt("sender_id")?.is_some() && entry.author != Author::Child;
    let delivery = outbound.then_some(Delivery::Queued);
    let message = |seq, at| Message {
        seq,
        author: entry.author,
        staff_id: entry.staff,
        text: entry.text.to_owned(),
        at,
        delivery,
        delivery_error: None,
    };
    if let Some(client_ref) = entry.client_ref {
        let stored = sqlx::query(
            "SELECT seq, created_at FROM conversation_messages \
             WHERE conversation_id = $1 AND author = $2 AND client_ref = $3",
        )
        .bind(conversation.to_string())
        .bind(entry.author.code())
        .bind(client_ref)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(stored) = stored {
            return Ok(Appended::Again(message(stored.count("seq")?, stored.at("created_at")?)));
        }
    }
    let seq = row.count("last_seq")?;
    sqlx::query(
        "INSERT INTO conversation_messages (conversation_id, seq, author, staff_id, body, created_at, client_ref, \
         external_id, delivery) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(conversation.to_string())
    .bind(seq as i64)
    .bind(entry.author.code())
    .bind(entry.staff.map(|s| s.to_string()))
    .bind(key.seal(&aad(conversation, seq), entry.text.as_bytes())?)
    .bind(millis(at))
    .bind(entry.client_ref)
    .bind(entry.external_id)
    .bind(delivery.map(Delivery::code))
    .execute(&mut **tx)
    .await?;
    if outbound {
        sqlx::query("INSERT INTO messaging_outbox (conversation_id, seq, next_attempt_at) VALUES ($1, $2, $3)")
            .bind(conversation.to_string())
            .bind(seq as i64)
            .bind(millis(at))
            .execute(&mut **tx)
            .await?;
    }
    Ok(Appended::New(message(seq, at)))
}
