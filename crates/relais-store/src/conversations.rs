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
use relais_core::conversation::{Author, ConversationState};
use relais_core::id::{CaseId, ConversationId, StaffId};
use sqlx::any::AnyRow;

use crate::audit::{Actor, subject};
use crate::cases::{NewCase, QueuedCase};
use crate::crypto::DataKey;
use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// A conversation, without its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: ConversationId,
    pub case_id: CaseId,
    /// `webchat` (messaging apps next).
    pub channel: String,
    pub state: ConversationState,
    /// The number of its last message; 0 before the first.
    pub last_seq: u64,
    pub held_by: Option<StaffId>,
    /// The child's language, for what the helpline says of itself.
    pub locale: Locale,
    pub created_at: Timestamp,
    pub ended_at: Option<Timestamp>,
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
}

/// The columns a conversation is read from, for statements written whole with `concat!`.
macro_rules! columns {
    () => {
        "id, case_id, channel, state, last_seq, held_by, locale, created_at, ended_at"
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
    })
}

/// What a message's body is sealed under: its conversation and its number.
fn aad(conversation: ConversationId, seq: u64) -> String {
    format!("message:{conversation}:{seq}")
}

/// Appends a message within the caller's transaction: the next number, the sealed body.
pub(crate) async fn append(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    key: &DataKey,
    conversation: ConversationId,
    author: Author,
    staff: Option<StaffId>,
    text: &str,
    at: Timestamp,
) -> Result<Option<Message>> {
    let row = sqlx::query(
        "UPDATE conversations SET last_seq = last_seq + 1, updated_at = $1 \
         WHERE id = $2 AND state <> $3 RETURNING last_seq",
    )
    .bind(millis(at))
    .bind(conversation.to_string())
    .bind(ConversationState::Ended.code())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let seq = row.count("last_seq")?;
    sqlx::query(
        "INSERT INTO conversation_messages (conversation_id, seq, author, staff_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(conversation.to_string())
    .bind(seq as i64)
    .bind(author.code())
    .bind(staff.map(|s| s.to_string()))
    .bind(key.seal(&aad(conversation, seq), text.as_bytes())?)
    .bind(millis(at))
    .execute(&mut **tx)
    .await?;
    Ok(Some(Message { seq, author, staff_id: staff, text: text.to_owned(), at }))
}

/// Where a conversation goes when its case changes hands.
struct Hand {
    to: ConversationState,
    holder: Option<StaffId>,
    /// Only from this state (a take finds it waiting); any but ended otherwise.
    only_from: Option<ConversationState>,
}

/// How long after a call is logged its counsellor counts as on the phone
/// (while the case stays in progress): a counsellor on a call takes no chat.
const ON_A_CALL: jiff::SignedDuration = jiff::SignedDuration::from_mins(45);

/// Whether `staff` may be given one more chat now, read within the take's transaction.
pub(crate) async fn may_take_chat(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    staff: StaffId,
    now: Timestamp,
) -> Result<bool> {
    let row = sqlx::query(
        "SELECT s.chat_capacity, \
                (SELECT COUNT(*) FROM conversations c WHERE c.held_by = s.id AND c.state = $2) AS held, \
                EXISTS (SELECT 1 FROM cases k WHERE k.assigned_to = s.id AND k.channel = $4 \
                        AND k.status = $5 AND k.created_at > $3) AS on_a_call \
         FROM staff s WHERE s.id = $1",
    )
    .bind(staff.to_string())
    .bind(ConversationState::Active.code())
    .bind(millis(now - ON_A_CALL))
    .bind(relais_core::case::ContactChannel::Phone.code())
    .bind(relais_core::case::CaseStatus::InProgress.code())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(false) };
    Ok(relais_core::conversation::may_take_another(
        row.small("held")?,
        row.small("chat_capacity")?,
        row.flag("on_a_call")?,
    ))
}

impl Store {
    /// A counsellor took a chat's case: the conversation is theirs, and the
    /// child is told who joined (`joined:<skill>`).
    pub(crate) async fn hold_conversation(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
        staff: StaffId,
        skill: relais_core::case::Skill,
        at: Timestamp,
    ) -> Result<()> {
        let said = format!("joined:{}", skill.code());
        let hand =
            Hand { to: ConversationState::Active, holder: Some(staff), only_from: Some(ConversationState::Waiting) };
        self.hand_over(tx, case, hand, &said, at).await
    }

    /// A chat's case passed to another skill: the conversation waits in that
    /// queue, and the child is told who will answer (`transferred:<skill>`).
    pub(crate) async fn requeue_conversation(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
        skill: relais_core::case::Skill,
        at: Timestamp,
    ) -> Result<()> {
        let said = format!("transferred:{}", skill.code());
        let hand = Hand { to: ConversationState::Waiting, holder: None, only_from: None };
        self.hand_over(tx, case, hand, &said, at).await
    }

    /// Moves a case's conversation (not an ended one) to a state and a holder,
    /// with what the helpline says of it, within the caller's transaction.
    async fn hand_over(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
        hand: Hand,
        said: &str,
        at: Timestamp,
    ) -> Result<()> {
        let row = sqlx::query(
            "UPDATE conversations SET state = $1, held_by = $2, updated_at = $3 \
             WHERE case_id = $4 AND state <> $5 AND ($6 = '' OR state = $6) RETURNING id",
        )
        .bind(hand.to.code())
        .bind(hand.holder.map(|s| s.to_string()))
        .bind(millis(at))
        .bind(case.to_string())
        .bind(ConversationState::Ended.code())
        .bind(hand.only_from.map_or("", ConversationState::code))
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else { return Ok(()) };
        let key = self
            .case_key_in(tx, case)
            .await?
            .ok_or_else(|| StoreError::Erased { what: "case", id: case.to_string() })?;
        append(tx, &key, row.id("id")?, Author::System, None, said, at).await?;
        Ok(())
    }

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
            append(&mut write.tx, &key, id, Author::Child, None, first, at).await?;
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
    pub async fn post_message(
        &self,
        conversation: ConversationId,
        author: Author,
        staff: Option<StaffId>,
        text: &str,
        at: Timestamp,
    ) -> Result<std::result::Result<Message, Refused>> {
        let Some(found) = self.conversation(conversation).await? else { return Ok(Err(Refused::NoSuchConversation)) };
        let key = self.live_case_key(found.case_id).await?;
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let Some(message) = append(&mut tx, &key, conversation, author, staff, text, at).await? else {
            return Ok(Err(Refused::Ended));
        };
        tx.commit().await?;
        Ok(Ok(message))
    }

    /// Messages after `after_seq`, in order, at most `limit`; none once the case is erased.
    pub async fn messages(&self, conversation: &Conversation, after_seq: u64, limit: u32) -> Result<Vec<Message>> {
        let Some(key) = self.case_key(conversation.case_id).await? else { return Ok(Vec::new()) };
        let rows = sqlx::query(
            "SELECT seq, author, staff_id, body, created_at FROM conversation_messages \
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
                })
            })
            .collect()
    }

    /// Ends a conversation (the counsellor closes it, or the child leaves),
    /// with a system message saying so. False if it had ended already.
    pub async fn end_conversation(&self, conversation: ConversationId, by: Actor, at: Timestamp) -> Result<bool> {
        let Some(found) = self.conversation(conversation).await? else { return Ok(false) };
        let key = self.live_case_key(found.case_id).await?;
        let mut write = self.audited().await?;
        if append(&mut write.tx, &key, conversation, Author::System, None, "ended", at).await?.is_none() {
            return Ok(false);
        }
        let done = sqlx::query(
            "UPDATE conversations SET state = $1, ended_at = $2, updated_at = $2 WHERE id = $3 AND state <> $1",
        )
        .bind(ConversationState::Ended.code())
        .bind(millis(at))
        .bind(conversation.to_string())
        .execute(&mut *write.tx)
        .await?;
        if !one(done) {
            return Ok(false);
        }
        write.commit(by.did("case.chat_end", subject::case(found.case_id)), at).await?;
        Ok(true)
    }

    /// The child writes again from the follow-up page, with their code and
    /// word: the message joins the case's conversation (opened now if the case
    /// came from the web form), and a finished case goes back in the queue.
    pub async fn write_again(&self, case: CaseId, text: &str, locale: Locale, at: Timestamp) -> Result<Conversation> {
        use relais_core::case::{CaseChange, CaseStatus};
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
        append(&mut write.tx, &key, id, Author::Child, None, text, at).await?;
        let row = sqlx::query(concat!("SELECT ", columns!(), " FROM conversations WHERE id = $1"))
            .bind(id.to_string())
            .fetch_one(&mut *write.tx)
            .await?;
        let conversation = conversation_row(&row)?;
        write.commit(Actor::Public.did("case.child_wrote_again", subject::case(case)), at).await?;
        Ok(conversation)
    }

    /// How many conversations a counsellor may hold at once.
    pub async fn chat_capacity(&self, staff: StaffId) -> Result<u32> {
        let row = sqlx::query("SELECT chat_capacity FROM staff WHERE id = $1")
            .bind(staff.to_string())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => r.small("chat_capacity"),
            None => Err(StoreError::NotFound { what: "staff member", name: staff.to_string() }),
        }
    }

    /// Sets how many conversations a counsellor holds at once (0 to 10).
    pub async fn set_chat_capacity(&self, staff: StaffId, capacity: u32, by: Actor, at: Timestamp) -> Result<()> {
        let mut write = self.audited().await?;
        let done = sqlx::query("UPDATE staff SET chat_capacity = $1 WHERE id = $2")
            .bind(i64::from(capacity.min(10)))
            .bind(staff.to_string())
            .execute(&mut *write.tx)
            .await?;
        if !one(done) {
            return Err(StoreError::NotFound { what: "staff member", name: staff.to_string() });
        }
        write.commit(by.did(format!("staff.chat_capacity.{}", capacity.min(10)), subject::staff(staff)), at).await?;
        Ok(())
    }
}
