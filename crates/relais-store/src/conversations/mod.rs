//! Conversations and their messages. A conversation is opened with its case
//! (one transaction: the case, its key, the conversation, the first message,
//! the audit row), waits in the case's queue, and is held once a counsellor
//! takes the case. Each message is numbered in its conversation's order and
//! sealed with the case's key, under associated data naming the message, so
//! that a sealed body moved to another message does not open. A message is
//! stored before anyone is told of it: the caller acknowledges only what
//! this module returned.

use jiff::Timestamp;
use relais_core::Locale;
use relais_core::case::{CaseChange, CaseStatus, Outcome};
use relais_core::conversation::{Author, ConversationState};
use relais_core::id::{CaseId, ConversationId, SenderId, StaffId};
use relais_core::messaging::{AppKind, Delivery};
use sqlx::any::AnyRow;

use crate::audit::{Actor, subject};
use crate::cases::{NewCase, QueuedCase};
use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// A conversation, without its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: ConversationId,
    pub case_id: CaseId,
    /// `webchat`, or the messaging app's code (`whatsapp`, `messenger`, `instagram`).
    pub channel: String,
    pub state: ConversationState,
    /// The number of its last message; 0 before the first.
    pub last_seq: u64,
    pub held_by: Option<StaffId>,
    /// The child's language, for what the helpline says of itself.
    pub locale: Locale,
    pub created_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    /// From a messaging app: who writes (their address sealed elsewhere).
    pub sender_id: Option<SenderId>,
    /// From a messaging app: the child's last message, which the app's window counts from.
    pub last_inbound_at: Option<Timestamp>,
}

impl Conversation {
    /// The messaging app it comes from; none for the chat page.
    pub fn app(&self) -> Option<AppKind> {
        AppKind::from_code(&self.channel)
    }
}

/// A message, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub seq: u64,
    pub author: Author,
    /// The counsellor who wrote it; none for the child and the system.
    pub staff_id: Option<StaffId>,
    /// The text; for a system message, a code the reader's language renders
    /// (`joined:jurist`, `transferred:psychologist`, `ended`).
    pub text: String,
    pub at: Timestamp,
    /// A reply to a messaging app: how far it got.
    pub delivery: Option<Delivery>,
    /// Why it could not be delivered, in the platform's words.
    pub delivery_error: Option<String>,
}

/// A chat to open, with the case it belongs to.
#[derive(Debug, Clone)]
pub struct NewConversation {
    pub case: NewCase,
    /// The child's resume token: only its digest is kept.
    pub token: String,
    pub locale: Locale,
    /// What the child wrote first, if they wrote before the chat opened.
    pub first_message: Option<String>,
}

/// Why a message was not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    NoSuchConversation,
    /// The conversation ended: it takes no more messages.
    Ended,
    /// A counsellor writing in a conversation someone else holds now (it was passed on).
    NotYours,
}

/// The columns a conversation is read from, for statements written whole with `concat!`.
macro_rules! columns {
    () => {
        "id, case_id, channel, state, last_seq, held_by, locale, created_at, ended_at, sender_id, last_inbound_at"
    };
}

fn conversation_row(row: &AnyRow) -> Result<Conversation> {
    let locale = row.text("locale")?;
    Ok(Conversation {
        id: row.id("id")?,
        case_id: row.id("case_id")?,
        channel: row.text("channel")?,
        state: row.code("state")?,
        last_seq: row.count("last_seq")?,
        held_by: row.id_opt("held_by")?,
        locale: Locale::from_code(&locale).ok_or_else(|| StoreError::Corrupt(format!("locale {locale:?}")))?,
        created_at: row.at("created_at")?,
        ended_at: row.at_opt("ended_at")?,
        sender_id: row.id_opt("sender_id")?,
        last_inbound_at: row.at_opt("last_inbound_at")?,
    })
}

mod append;
mod capacity;
mod follow;

pub(crate) use append::{Appended, Entry, aad, append};
pub(crate) use capacity::may_take_chat;

impl Store {
    /// Opens a chat and its case, waiting in the case's queue; the first
    /// message, if the child wrote one, is stored with it.
    pub async fn open_conversation(&self, new: NewConversation) -> Result<(Conversation, QueuedCase)> {
        let id = ConversationId::from(uuid::Uuid::now_v7());
        let at = new.case.at;
        let mut write = self.audited().await?;
        let (case, key) = self.insert_case(&mut write.tx, &new.case).await?;
        let row = sqlx::query(concat!(
            "INSERT INTO conversations (id, case_id, channel, state, token_digest, locale, created_at, updated_at) \
             VALUES ($1, $2, 'webchat', $3, $4, $5, $6, $6) RETURNING ",
            columns!()
        ))
        .bind(id.to_string())
        .bind(case.id.to_string())
        .bind(ConversationState::Waiting.code())
        .bind(self.keys.digest(&new.token))
        .bind(new.locale.code())
        .bind(millis(at))
        .fetch_one(&mut *write.tx)
        .await?;
        let mut conversation = conversation_row(&row)?;
        if let Some(first) = &new.first_message {
            let entry = Entry::child(first);
            append(&mut write.tx, &key, id, entry, at).await?;
            conversation.last_seq = 1;
        }
        write.commit(Actor::Public.did("case.open_from_chat", subject::case(case.id)), at).await?;
        Ok((conversation, case))
    }

    pub async fn conversation(&self, id: ConversationId) -> Result<Option<Conversation>> {
        let row = sqlx::query(concat!("SELECT ", columns!(), " FROM conversations WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(conversation_row).transpose()
    }

    /// The conversation a child's resume token opens; none once its case is erased.
    pub async fn conversation_by_token(&self, token: &str) -> Result<Option<Conversation>> {
        let row = sqlx::query(concat!("SELECT ", columns!(), " FROM conversations WHERE token_digest = $1"))
            .bind(self.keys.digest(token))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(conversation_row).transpose()
    }

    /// A case's conversation, its latest if it had several.
    pub async fn conversation_of_case(&self, case: CaseId) -> Result<Option<Conversation>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM conversations WHERE case_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(case.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(conversation_row).transpose()
    }

    /// The conversations a counsellor holds now, oldest first.
    pub async fn held_conversations(&self, staff: StaffId) -> Result<Vec<Conversation>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM conversations WHERE held_by = $1 AND state = $2 ORDER BY created_at, id"
        ))
        .bind(staff.to_string())
        .bind(ConversationState::Active.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(conversation_row).collect()
    }

    /// Stores a message; it exists for everyone once this returns `Ok(Ok(_))`.
    /// A message sent again with the same `client_ref` (its acknowledgement
    /// was lost) is not stored twice: the first one is returned.
    pub async fn post_message(
        &self,
        conversation: ConversationId,
        author: Author,
        staff: Option<StaffId>,
        text: &str,
        client_ref: Option<&str>,
        at: Timestamp,
    ) -> Result<std::result::Result<Message, Refused>> {
        let Some(found) = self.conversation(conversation).await? else { return Ok(Err(Refused::NoSuchConversation)) };
        let key = self.live_case_key(found.case_id).await?;
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let entry = Entry { author, staff, text, client_ref, external_id: None };
        match append(&mut tx, &key, conversation, entry, at).await? {
            Appended::New(message) => {
                tx.commit().await?;
                Ok(Ok(message))
            }
            Appended::Again(message) => Ok(Ok(message)),
            Appended::Refused => {
                drop(tx);
                let now = self.conversation(conversation).await?;
                Ok(Err(match now {
                    Some(c) if c.state == ConversationState::Ended => Refused::Ended,
                    Some(_) => Refused::NotYours,
                    None => Refused::NoSuchConversation,
                }))
            }
        }
    }

    /// Messages after `after_seq`, in order, at most `limit`; none once the case is erased.
    pub async fn messages(&self, conversation: &Conversation, after_seq: u64, limit: u32) -> Result<Vec<Message>> {
        let Some(key) = self.case_key(conversation.case_id).await? else { return Ok(Vec::new()) };
        let rows = sqlx::query(
            "SELECT seq, author, staff_id, body, created_at, delivery, delivery_error FROM conversation_messages \
             WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(conversation.id.to_string())
        .bind(after_seq as i64)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let seq = r.count("seq")?;
                let body = key.open(&aad(conversation.id, seq), &r.bytes("body")?)?;
                Ok(Message {
                    seq,
                    author: r.code("author")?,
                    staff_id: r.id_opt("staff_id")?,
                    text: String::from_utf8(body).map_err(|_| StoreError::Corrupt(format!("message {seq}")))?,
                    at: r.at("created_at")?,
                    delivery: r.code_opt("delivery")?,
                    delivery_error: r.text_opt("delivery_error")?,
                })
            })
            .collect()
    }

    /// Ends a conversation (the counsellor closes it, or the child leaves),
    /// with a system message saying so. False if it had ended already. A child
    /// who leaves before anyone answered takes their case out of the queue
    /// (resolved, "no further contact"): nobody waits for a child who is gone,
    /// and their code and word still bring them back.
    pub async fn end_conversation(&self, conversation: ConversationId, by: Actor, at: Timestamp) -> Result<bool> {
        let Some(found) = self.conversation(conversation).await? else { return Ok(false) };
        let mut write = self.audited().await?;
        if !self.end_in(&mut write.tx, found.case_id, conversation, at).await? {
            return Ok(false);
        }
        if by == Actor::Public {
            let row = sqlx::query("SELECT status FROM cases WHERE id = $1")
                .bind(found.case_id.to_string())
                .fetch_one(&mut *write.tx)
                .await?;
            let from: CaseStatus = row.code("status")?;
            let to = from.after(CaseChange::ChildLeaves).unwrap_or(from);
            if to != from {
                sqlx::query(
                    "UPDATE cases SET status = $1, outcome = COALESCE(outcome, $2), updated_at = $3 \
                     WHERE id = $4 AND status = $5",
                )
                .bind(to.code())
                .bind(Outcome::NoFurtherContact.code())
                .bind(millis(at))
                .bind(found.case_id.to_string())
                .bind(from.code())
                .execute(&mut *write.tx)
                .await?;
            }
        }
        write.commit(by.did("case.chat_end", subject::case(found.case_id)), at).await?;
        Ok(true)
    }

    /// Ends a conversation within the caller's transaction, with the system's
    /// "ended"; false if it had ended already.
    pub(crate) async fn end_in(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
        conversation: ConversationId,
        at: Timestamp,
    ) -> Result<bool> {
        let key = self
            .case_key_in(tx, case)
            .await?
            .ok_or_else(|| StoreError::Erased { what: "case", id: case.to_string() })?;
        if !matches!(append(tx, &key, conversation, Entry::system("ended"), at).await?, Appended::New(_)) {
            return Ok(false);
        }
        let done = sqlx::query(
            "UPDATE conversations SET state = $1, ended_at = $2, updated_at = $2 WHERE id = $3 AND state <> $1",
        )
        .bind(ConversationState::Ended.code())
        .bind(millis(at))
        .bind(conversation.to_string())
        .execute(&mut **tx)
        .await?;
        Ok(one(done))
    }

    /// The child writes again from the follow-up page, with their code and
    /// word: the message joins the case's conversation (opened now if the case
    /// came from the web form), and a finished case goes back in the queue.
    pub async fn write_again(&self, case: CaseId, text: &str, locale: Locale, at: Timestamp) -> Result<Conversation> {
        let key = self.live_case_key(case).await?;
        let mut write = self.audited().await?;
        let row = sqlx::query("SELECT status, assigned_to FROM cases WHERE id = $1 AND erased_at IS NULL")
            .bind(case.to_string())
            .fetch_optional(&mut *write.tx)
            .await?;
        let Some(row) = row else { return Err(StoreError::Erased { what: "case", id: case.to_string() }) };
        let status: CaseStatus = row.code("status")?;
        let returns = status.after(CaseChange::ChildReturns).unwrap_or(status);
        // Back in the queue, the conversation waits with its case; in a counsellor's hands, it is theirs.
        let holder: Option<StaffId> = if returns == CaseStatus::New { None } else { row.id_opt("assigned_to")? };
        if returns != status {
            sqlx::query(
                "UPDATE cases SET status = $1, assigned_to = NULL, queued_at = $2, updated_at = $2, closed_at = NULL \
                 WHERE id = $3",
            )
            .bind(returns.code())
            .bind(millis(at))
            .bind(case.to_string())
            .execute(&mut *write.tx)
            .await?;
        }
        let state = if holder.is_some() { ConversationState::Active } else { ConversationState::Waiting };
        let found = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM conversations WHERE case_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(case.to_string())
        .fetch_optional(&mut *write.tx)
        .await?;
        let id = match found.as_ref().map(conversation_row).transpose()? {
            Some(c) => {
                sqlx::query(
                    "UPDATE conversations SET state = $1, held_by = $2, ended_at = NULL, updated_at = $3 WHERE id = $4",
                )
                .bind(state.code())
                .bind(holder.map(|h| h.to_string()))
                .bind(millis(at))
                .bind(c.id.to_string())
                .execute(&mut *write.tx)
                .await?;
                c.id
            }
            None => {
                let id = ConversationId::from(uuid::Uuid::now_v7());
                sqlx::query(
                    "INSERT INTO conversations (id, case_id, channel, state, held_by, locale, created_at, updated_at) \
                     VALUES ($1, $2, 'webchat', $3, $4, $5, $6, $6)",
                )
                .bind(id.to_string())
                .bind(case.to_string())
                .bind(state.code())
                .bind(holder.map(|h| h.to_string()))
                .bind(locale.code())
                .bind(millis(at))
                .execute(&mut *write.tx)
                .await?;
                id
            }
        };
        append(&mut write.tx, &key, id, Entry::child(text), at).await?;
        let row = sqlx::query(concat!("SELECT ", columns!(), " FROM conversations WHERE id = $1"))
            .bind(id.to_string())
            .fetch_one(&mut *write.tx)
            .await?;
        let conversation = conversation_row(&row)?;
        write.commit(Actor::Public.did("case.child_wrote_again", subject::case(case)), at).await?;
        Ok(conversation)
    }
}
