//! What leaves for the apps: the helpline's messages in conversations from
//! a messaging app, queued in the transaction that stored them (see
//! `conversations::append`), sent by a worker in each conversation's order,
//! retried with backoff, given up on for the supervisors; and the platform's
//! word on each (sent, delivered, read, failed), which only moves a reply
//! forward.

use jiff::{SignedDuration, Timestamp};
use relais_core::Locale;
use relais_core::conversation::Author;
use relais_core::id::{AppChannelId, CaseId, ConversationId, StaffId};
use relais_core::messaging::Delivery;

use super::channels::AppChannel;
use crate::audit::{Actor, subject};
use crate::dialect::PerDialect;
use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// A reply due to leave, with what is needed to send it.
#[derive(Debug, Clone)]
pub struct Reply {
    pub conversation: ConversationId,
    pub seq: u64,
    /// Attempts made before this one.
    pub attempts: u32,
    pub author: Author,
    /// The text; for a system message, its code (rendered in `locale`).
    pub text: String,
    pub locale: Locale,
    pub channel: AppChannel,
    /// The child's address at the platform, opened.
    pub to: String,
    /// The child's last message: the app's window counts from it.
    pub last_inbound_at: Option<Timestamp>,
}

/// A reply the outbox gave up on, for the supervisors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undelivered {
    pub conversation: ConversationId,
    pub case_id: CaseId,
    pub seq: u64,
    pub app: relais_core::messaging::AppKind,
    pub error: Option<String>,
    pub given_up_at: Timestamp,
}

macro_rules! due {
    () => {
        "SELECT o.conversation_id, o.seq, o.attempts, m.author, m.body, c.case_id, c.locale, c.last_inbound_at, \
                s.id AS sender_id, s.address, s.channel_id \
         FROM messaging_outbox o \
         JOIN conversation_messages m ON m.conversation_id = o.conversation_id AND m.seq = o.seq \
         JOIN conversations c ON c.id = o.conversation_id \
         JOIN messaging_senders s ON s.id = c.sender_id \
         WHERE o.done_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= $1 \
           AND NOT EXISTS (SELECT 1 FROM messaging_outbox p WHERE p.conversation_id = o.conversation_id \
                           AND p.seq < o.seq AND p.done_at IS NULL AND p.dead_at IS NULL)"
    };
}

/// The replies due now, the first waiting of each conversation only (a
/// reply never overtakes the one before it). PostgreSQL skips the rows
/// another server is leasing.
const DUE: PerDialect = PerDialect {
    sqlite: concat!(due!(), " ORDER BY o.next_attempt_at LIMIT $2"),
    postgres: concat!(due!(), " ORDER BY o.next_attempt_at LIMIT $2 FOR UPDATE OF o SKIP LOCKED"),
};

/// Gives up on everything a conversation has waiting to leave, with the
/// reason, within the caller's transaction: its replies show as failed.
pub(crate) async fn abandon(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    conversation: ConversationId,
    reason: &str,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE conversation_messages SET delivery = $1, delivery_error = $2 WHERE conversation_id = $3 \
         AND seq IN (SELECT seq FROM messaging_outbox WHERE conversation_id = $3 AND done_at IS NULL AND dead_at IS NULL)",
    )
    .bind(Delivery::Failed.code())
    .bind(reason)
    .bind(conversation.to_string())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE messaging_outbox SET dead_at = $1, last_error = $2 \
         WHERE conversation_id = $3 AND done_at IS NULL AND dead_at IS NULL",
    )
    .bind(millis(at))
    .bind(reason)
    .bind(conversation.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Replies whose attempt is due, leased for `lease`.
    pub async fn due_replies(&self, now: Timestamp, lease: SignedDuration, limit: u32) -> Result<Vec<Reply>> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let rows =
            sqlx::query(self.dialect.choose(&DUE)).bind(millis(now)).bind(i64::from(limit)).fetch_all(&mut *tx).await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in rows {
            let conversation: ConversationId = row.id("conversation_id")?;
            let seq = row.count("seq")?;
            sqlx::query("UPDATE messaging_outbox SET next_attempt_at = $1 WHERE conversation_id = $2 AND seq = $3")
                .bind(millis(now + lease))
                .bind(conversation.to_string())
                .bind(seq as i64)
                .execute(&mut *tx)
                .await?;
            // A reply that can never leave (its case erased, its channel removed) is given up on, not leased forever.
            let Some(key) = self.case_key_in(&mut tx, row.id("case_id")?).await? else {
                abandon(&mut tx, conversation, "its case was erased", now).await?;
                continue;
            };
            let channel_id: AppChannelId = row.id("channel_id")?;
            let channel = self.app_channel_in(&mut tx, channel_id).await?;
            let Some(channel) = channel.filter(|c| !c.secrets.access_token.is_empty()) else {
                abandon(&mut tx, conversation, "the channel was disconnected", now).await?;
                continue;
            };
            let sender: relais_core::id::SenderId = row.id("sender_id")?;
            let body = key.open(&crate::conversations::aad(conversation, seq), &row.bytes("body")?)?;
            let locale = row.text("locale")?;
            due.push(Reply {
                conversation,
                seq,
                attempts: row.small("attempts")?,
                author: row.code("author")?,
                text: String::from_utf8(body).map_err(|_| StoreError::Corrupt(format!("message {seq}")))?,
                locale: Locale::from_code(&locale).ok_or_else(|| StoreError::Corrupt(format!("locale {locale:?}")))?,
                to: String::from_utf8(self.keys.open(&format!("sender:{sender}"), &row.bytes("address")?)?)
                    .map_err(|_| StoreError::Corrupt(format!("sender {sender}")))?,
                last_inbound_at: row.at_opt("last_inbound_at")?,
                channel,
            });
        }
        tx.commit().await?;
        Ok(due)
    }

    /// The platform took the reply, under its id `external_id`.
    pub async fn reply_sent(
        &self,
        conversation: ConversationId,
        seq: u64,
        external_id: &str,
        at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        sqlx::query(
            "UPDATE messaging_outbox SET done_at = $1, attempts = attempts + 1, last_error = NULL \
             WHERE conversation_id = $2 AND seq = $3",
        )
        .bind(millis(at))
        .bind(conversation.to_string())
        .bind(seq as i64)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE conversation_messages SET external_id = $1 WHERE conversation_id = $2 AND seq = $3")
            .bind(external_id)
            .bind(conversation.to_string())
            .bind(seq as i64)
            .execute(&mut *tx)
            .await?;
        // Its status may have come first (a "read" before the answer to the send): the reply only moves forward.
        move_delivery(&mut tx, conversation, seq, Delivery::Sent, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An attempt failed: tried again at `retry_at`, or given up on when there
    /// is none (the reply shows as failed, with the reason).
    pub async fn reply_failed(
        &self,
        conversation: ConversationId,
        seq: u64,
        error: &str,
        retry_at: Option<Timestamp>,
        at: Timestamp,
    ) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        sqlx::query(
            "UPDATE messaging_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, dead_at = $3 \
             WHERE conversation_id = $4 AND seq = $5 AND done_at IS NULL",
        )
        .bind(&error)
        .bind(millis(retry_at.unwrap_or(at)))
        .bind(retry_at.is_none().then(|| millis(at)))
        .bind(conversation.to_string())
        .bind(seq as i64)
        .execute(&mut *tx)
        .await?;
        // The counsellor sees why it has not left yet; it shows as failed once given up on.
        sqlx::query("UPDATE conversation_messages SET delivery_error = $1 WHERE conversation_id = $2 AND seq = $3")
            .bind(&error)
            .bind(conversation.to_string())
            .bind(seq as i64)
            .execute(&mut *tx)
            .await?;
        if retry_at.is_none() {
            move_delivery(&mut tx, conversation, seq, Delivery::Failed, Some(&error)).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The platform's word on a reply (sent, delivered, read, failed with
    /// its reason). Returns the conversation it belongs to when it moved the
    /// reply, so that whoever has it open is told; none for a status of a
    /// message this helpline does not know (or one that moves nothing).
    pub async fn delivery_status(
        &self,
        channel: AppChannelId,
        external_id: &str,
        status: Delivery,
        error: Option<&str>,
    ) -> Result<Option<ConversationId>> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let row = sqlx::query(
            "SELECT m.conversation_id, m.seq FROM conversation_messages m \
             JOIN conversations c ON c.id = m.conversation_id JOIN messaging_senders s ON s.id = c.sender_id \
             WHERE m.external_id = $1 AND s.channel_id = $2 AND m.author <> $3",
        )
        .bind(external_id)
        .bind(channel.to_string())
        .bind(Author::Child.code())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let conversation: ConversationId = row.id("conversation_id")?;
        let moved = move_delivery(&mut tx, conversation, row.count("seq")?, status, error).await?;
        tx.commit().await?;
        Ok(moved.then_some(conversation))
    }

    /// Messenger's read receipt: everything the helpline sent to `from` up to
    /// `watermark` was read. Returns the conversation whose replies moved.
    pub async fn read_up_to(
        &self,
        channel: &AppChannel,
        from: &str,
        watermark: Timestamp,
    ) -> Result<Option<ConversationId>> {
        let digest = self.keys.digest(&format!("{}:{}", channel.id, from));
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let rows = sqlx::query(
            "SELECT m.conversation_id, m.seq FROM conversation_messages m \
             JOIN conversations c ON c.id = m.conversation_id JOIN messaging_senders s ON s.id = c.sender_id \
             WHERE s.channel_id = $1 AND s.digest = $2 AND m.external_id IS NOT NULL AND m.author <> $3 \
               AND m.created_at <= $4 ORDER BY m.seq",
        )
        .bind(channel.id.to_string())
        .bind(&digest)
        .bind(Author::Child.code())
        .bind(millis(watermark))
        .fetch_all(&mut *tx)
        .await?;
        let mut moved = None;
        for row in rows {
            let conversation: ConversationId = row.id("conversation_id")?;
            if move_delivery(&mut tx, conversation, row.count("seq")?, Delivery::Read, None).await? {
                moved = Some(conversation);
            }
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// The counsellors' replies the outbox gave up on, newest first: the supervisors' to send again
    /// or follow up. (What the helpline says of itself, "a listener joins", shows as not delivered
    /// in the conversation only.)
    pub async fn undelivered_replies(&self, limit: u32) -> Result<Vec<Undelivered>> {
        let rows = sqlx::query(
            "SELECT o.conversation_id, o.seq, o.last_error, o.dead_at, c.case_id, c.channel FROM messaging_outbox o \
             JOIN conversations c ON c.id = o.conversation_id JOIN cases k ON k.id = c.case_id \
             JOIN conversation_messages m ON m.conversation_id = o.conversation_id AND m.seq = o.seq \
             WHERE o.dead_at IS NOT NULL AND k.erased_at IS NULL AND m.author = $2 ORDER BY o.dead_at DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .bind(Author::Counsellor.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Undelivered {
                    conversation: r.id("conversation_id")?,
                    case_id: r.id("case_id")?,
                    seq: r.count("seq")?,
                    app: r.code("channel")?,
                    error: r.text_opt("last_error")?,
                    given_up_at: r.at("dead_at")?,
                })
            })
            .collect()
    }

    /// Puts a reply the outbox gave up on back in it, due at once, by `by`.
    /// False if it is not given up on, or its conversation was stopped by the child.
    pub async fn send_reply_again(
        &self,
        conversation: ConversationId,
        seq: u64,
        by: StaffId,
        at: Timestamp,
    ) -> Result<bool> {
        let mut write = self.audited().await?;
        let done = sqlx::query(
            "UPDATE messaging_outbox SET dead_at = NULL, attempts = 0, next_attempt_at = $1 \
             WHERE conversation_id = $2 AND seq = $3 AND dead_at IS NOT NULL AND last_error <> $4",
        )
        .bind(millis(at))
        .bind(conversation.to_string())
        .bind(seq as i64)
        .bind(STOPPED)
        .execute(&mut *write.tx)
        .await?;
        if !one(done) {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE conversation_messages SET delivery = $1, delivery_error = NULL \
             WHERE conversation_id = $2 AND seq = $3",
        )
        .bind(Delivery::Queued.code())
        .bind(conversation.to_string())
        .bind(seq as i64)
        .execute(&mut *write.tx)
        .await?;
        let case: CaseId = sqlx::query("SELECT case_id FROM conversations WHERE id = $1")
            .bind(conversation.to_string())
            .fetch_one(&mut *write.tx)
            .await?
            .id("case_id")?;
        crate::cases::worked_on(&mut write.tx, case, by, at).await?;
        write.commit(Actor::Staff(by).did("case.reply.send_again", subject::case(case)), at).await?;
        Ok(true)
    }
}

/// Why nothing leaves after a child's "STOP": what it was given up with, and never sent again.
pub(crate) const STOPPED: &str = "the child wrote STOP";

/// Moves a reply's delivery as the core allows; true if it moved.
async fn move_delivery(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    conversation: ConversationId,
    seq: u64,
    status: Delivery,
    error: Option<&str>,
) -> Result<bool> {
    let row = sqlx::query("SELECT delivery FROM conversation_messages WHERE conversation_id = $1 AND seq = $2")
        .bind(conversation.to_string())
        .bind(seq as i64)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(false) };
    let now: Delivery = row.code_opt("delivery")?.unwrap_or(Delivery::Queued);
    let next = now.then(status);
    if next == now {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE conversation_messages SET delivery = $1, delivery_error = COALESCE($2, delivery_error) \
         WHERE conversation_id = $3 AND seq = $4",
    )
    .bind(next.code())
    .bind(error.filter(|_| next == Delivery::Failed))
    .bind(conversation.to_string())
    .bind(seq as i64)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}
