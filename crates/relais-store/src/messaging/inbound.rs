//! What comes in from the apps. A webhook's body is stored sealed, as it
//! came, before the platform is answered (the platform then never has to
//! send it again, and the answer is fast); a worker takes it in after. Each
//! message is taken in once, by the platform's id for it, in the
//! transaction that stores it: a repeated delivery finds it seen.

use jiff::{SignedDuration, Timestamp};
use relais_core::Locale;
use relais_core::conversation::{Author, ConversationState};
use relais_core::id::{AppChannelId, CaseId, ConversationId, SenderId};
use relais_core::messaging::{is_stop, mask};

use super::channels::AppChannel;
use crate::audit::{Actor, subject};
use crate::cases::{NewCase, NewEvidence};
use crate::conversations::{Entry, append};
use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// A webhook's body waiting to be taken in.
#[derive(Debug, Clone)]
pub struct InboxItem {
    pub id: String,
    pub channel_id: AppChannelId,
    pub body: Vec<u8>,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// A message from an app, read from its webhook and ready to store.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The platform's id for the message.
    pub external_id: String,
    /// The child's address at the platform (a phone number, a page-scoped id).
    pub from: String,
    /// What they wrote, or what their attachment was.
    pub text: String,
    /// Their attachment, kept as evidence on the case.
    pub evidence: Option<NewEvidence>,
    /// The case to open if the message starts a conversation.
    pub new_case: NewCase,
    /// The language the helpline answers in.
    pub locale: Locale,
    /// When the line is closed: what the child is told of its hours on a new
    /// conversation (a system code, `closed:<when>`).
    pub closed_notice: Option<String>,
}

/// What became of a message taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakenIn {
    /// Taken in before: the platform delivered it again.
    Again,
    /// The sender is blocked: dropped.
    Blocked,
    /// The child asked to stop: their conversation, if one was open, ended.
    Stopped(Option<ConversationId>),
    /// Added to the child's open conversation, as number `seq`.
    Joined { conversation: ConversationId, seq: u64 },
    /// A new conversation, with its case, waiting in the queue.
    Opened { conversation: ConversationId, case: CaseId },
}

/// A body a worker gave up on waits here, kept for the supervisors and out of every round.
const GIVEN_UP: i64 = i64::MAX;

impl Store {
    /// Stores a webhook's body as it came, sealed, due to be taken in at once.
    pub async fn receive_webhook(&self, channel: AppChannelId, body: &[u8], at: Timestamp) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO messaging_inbox (id, channel_id, body, received_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(&id)
        .bind(channel.to_string())
        .bind(self.keys.seal(&format!("inbox:{id}"), body)?)
        .bind(millis(at))
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// The bodies due now, oldest first, leased for `lease` so that no other
    /// worker takes them meanwhile.
    pub async fn due_webhooks(&self, now: Timestamp, lease: SignedDuration, limit: u32) -> Result<Vec<InboxItem>> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let rows = sqlx::query(self.dialect.choose(&DUE_WEBHOOKS))
            .bind(millis(now))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in rows {
            let id = row.text("id")?;
            sqlx::query("UPDATE messaging_inbox SET next_attempt_at = $1 WHERE id = $2")
                .bind(millis(now + lease))
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            due.push(InboxItem {
                body: self.keys.open(&format!("inbox:{id}"), &row.bytes("body")?)?,
                channel_id: row.id("channel_id")?,
                attempts: row.small("attempts")?,
                id,
            });
        }
        tx.commit().await?;
        Ok(due)
    }

    /// A body was taken in whole: it goes (the messages are in their conversations).
    pub async fn webhook_taken(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM messaging_inbox WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    /// Taking a body in failed: tried again at `retry_at`, or kept and given
    /// up on when there is none.
    pub async fn webhook_failed(&self, id: &str, error: &str, retry_at: Option<Timestamp>) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        sqlx::query(
            "UPDATE messaging_inbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(retry_at.map_or(GIVEN_UP, millis))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How many bodies wait to be taken in, and how many were given up on.
    pub async fn webhook_backlog(&self) -> Result<(u64, u64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) FILTER (WHERE next_attempt_at < $1) AS waiting, \
                    COUNT(*) FILTER (WHERE next_attempt_at = $1) AS given_up FROM messaging_inbox",
        )
        .bind(GIVEN_UP)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.count("waiting")?, row.count("given_up")?))
    }

    /// Whether a message was taken in already (its attachment need not be fetched again).
    pub async fn seen(&self, channel: AppChannelId, external_id: &str) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM messaging_seen WHERE channel_id = $1 AND external_id = $2")
            .bind(channel.to_string())
            .bind(external_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Takes one message in, in one transaction: once by its id; dropped if
    /// its sender is blocked; "STOP" ends the open conversation and stops
    /// what was waiting to leave; otherwise it joins the sender's open
    /// conversation, or opens one with its case in the queue.
    pub async fn take_in(&self, channel: &AppChannel, incoming: Incoming, at: Timestamp) -> Result<TakenIn> {
        let mut write = self.audited().await?;
        let fresh = sqlx::query(
            "INSERT INTO messaging_seen (channel_id, external_id, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (channel_id, external_id) DO NOTHING",
        )
        .bind(channel.id.to_string())
        .bind(&incoming.external_id)
        .bind(millis(at))
        .execute(&mut *write.tx)
        .await?;
        if !one(fresh) {
            return Ok(TakenIn::Again);
        }
        let stop = is_stop(&incoming.text);
        let digest = self.keys.digest(&format!("{}:{}", channel.id, incoming.from));
        let found =
            sqlx::query("SELECT id, blocked_until FROM messaging_senders WHERE channel_id = $1 AND digest = $2")
                .bind(channel.id.to_string())
                .bind(&digest)
                .fetch_optional(&mut *write.tx)
                .await?;
        let sender: SenderId = match found {
            Some(row) if row.at_opt("blocked_until")?.is_some_and(|until| until > at) => {
                write.commit_unrecorded().await?;
                return Ok(TakenIn::Blocked);
            }
            Some(row) => row.id("id")?,
            // Someone unknown saying "stop" has nothing to stop: nothing about them is kept.
            None if stop => {
                write.commit_unrecorded().await?;
                return Ok(TakenIn::Stopped(None));
            }
            None => {
                let id = SenderId::from(uuid::Uuid::now_v7());
                sqlx::query(
                    "INSERT INTO messaging_senders (id, channel_id, digest, address, masked, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id.to_string())
                .bind(channel.id.to_string())
                .bind(&digest)
                .bind(self.keys.seal(&format!("sender:{id}"), incoming.from.as_bytes())?)
                .bind(mask(channel.kind, &incoming.from))
                .bind(millis(at))
                .execute(&mut *write.tx)
                .await?;
                id
            }
        };
        let open = sqlx::query(
            "SELECT id, case_id FROM conversations WHERE sender_id = $1 AND state <> $2 \
             ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(sender.to_string())
        .bind(ConversationState::Ended.code())
        .fetch_optional(&mut *write.tx)
        .await?;
        let open: Option<(ConversationId, CaseId)> =
            open.map(|r| Ok::<_, StoreError>((r.id("id")?, r.id("case_id")?))).transpose()?;
        let entry = Entry {
            author: Author::Child,
            staff: None,
            text: &incoming.text,
            client_ref: None,
            external_id: Some(&incoming.external_id),
        };
        match (open, stop) {
            (None, true) => {
                write.commit_unrecorded().await?;
                Ok(TakenIn::Stopped(None))
            }
            (Some((conversation, case)), true) => {
                let key = self.key_of(&mut write.tx, case).await?;
                append(&mut write.tx, &key, conversation, entry, at).await?;
                self.end_in(&mut write.tx, case, conversation, at).await?;
                // Not even "the conversation has ended" leaves after a stop.
                super::outbound::abandon(&mut write.tx, conversation, "the child wrote STOP", at).await?;
                write.commit(Actor::Public.did("case.chat_stop", subject::case(case)), at).await?;
                Ok(TakenIn::Stopped(Some(conversation)))
            }
            (Some((conversation, case)), false) => {
                let key = self.key_of(&mut write.tx, case).await?;
                let seq = match append(&mut write.tx, &key, conversation, entry, at).await? {
                    crate::conversations::Appended::New(message) => message.seq,
                    _ => return Err(StoreError::Busy(format!("conversation {conversation} ended meanwhile"))),
                };
                self.inbound_at(&mut write.tx, conversation, at).await?;
                if let Some(item) = &incoming.evidence {
                    crate::cases::evidence::insert(&mut write.tx, &key, case, item, at).await?;
                }
                write.commit_unrecorded().await?;
                Ok(TakenIn::Joined { conversation, seq })
            }
            (None, false) => {
                let (case, key) = self.insert_case(&mut write.tx, &incoming.new_case).await?;
                let conversation = ConversationId::from(uuid::Uuid::now_v7());
                sqlx::query(
                    "INSERT INTO conversations (id, case_id, channel, state, locale, sender_id, created_at, \
                     updated_at, last_inbound_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)",
                )
                .bind(conversation.to_string())
                .bind(case.id.to_string())
                .bind(channel.kind.code())
                .bind(ConversationState::Waiting.code())
                .bind(incoming.locale.code())
                .bind(sender.to_string())
                .bind(millis(at))
                .execute(&mut *write.tx)
                .await?;
                append(&mut write.tx, &key, conversation, entry, at).await?;
                if let Some(notice) = &incoming.closed_notice {
                    append(&mut write.tx, &key, conversation, Entry::system(notice), at).await?;
                }
                if let Some(item) = &incoming.evidence {
                    crate::cases::evidence::insert(&mut write.tx, &key, case.id, item, at).await?;
                }
                let action = format!("case.open_from_{}", channel.kind.code());
                write.commit(Actor::Public.did(action, subject::case(case.id)), at).await?;
                Ok(TakenIn::Opened { conversation, case: case.id })
            }
        }
    }

    /// A case's key within a transaction; an erased case takes nothing more.
    async fn key_of(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
    ) -> Result<crate::crypto::DataKey> {
        self.case_key_in(tx, case).await?.ok_or_else(|| StoreError::Erased { what: "case", id: case.to_string() })
    }

    /// The child just wrote: the app's window opens again from now.
    async fn inbound_at(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        conversation: ConversationId,
        at: Timestamp,
    ) -> Result<()> {
        sqlx::query("UPDATE conversations SET last_inbound_at = $1 WHERE id = $2")
            .bind(millis(at))
            .bind(conversation.to_string())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// The bodies due; PostgreSQL skips those another server is leasing.
const DUE_WEBHOOKS: crate::dialect::PerDialect = crate::dialect::PerDialect {
    sqlite: "SELECT id, channel_id, body, attempts FROM messaging_inbox WHERE next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2",
    postgres: "SELECT id, channel_id, body, attempts FROM messaging_inbox WHERE next_attempt_at <= $1 \
               ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED",
};
