//! How many conversations a counsellor holds at once, and whether they may
//! be given one more now.

use jiff::Timestamp;
use relais_core::conversation::ConversationState;
use relais_core::id::StaffId;

use crate::audit::{Actor, subject};
use crate::dialect::{Dialect, PerDialect};
use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// How long after a call is logged its counsellor counts as on the phone
/// (while the case stays in progress): a counsellor on a call takes no chat.
const ON_A_CALL: jiff::SignedDuration = jiff::SignedDuration::from_mins(45);

/// What decides whether a counsellor takes one more chat: their capacity,
/// the chats they hold, whether they are on a call.
macro_rules! chat_room {
    () => {
        "SELECT s.chat_capacity, \
                (SELECT COUNT(*) FROM conversations c WHERE c.held_by = s.id AND c.state = $2) AS held, \
                EXISTS (SELECT 1 FROM cases k WHERE k.assigned_to = s.id AND k.channel = $4 \
                        AND k.status = $5 AND k.created_at > $3) AS on_a_call \
         FROM staff s WHERE s.id = $1"
    };
}

/// On PostgreSQL the counsellor's row is locked for the take, so that two
/// takes of theirs at once (two tabs, two servers) count each other's chat;
/// SQLite's single writer does as much already.
const CHAT_ROOM: PerDialect = PerDialect { sqlite: chat_room!(), postgres: concat!(chat_room!(), " FOR UPDATE OF s") };

/// Whether `staff` may be given one more chat now, read within the take's transaction.
pub(crate) async fn may_take_chat(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    dialect: Dialect,
    staff: StaffId,
    now: Timestamp,
) -> Result<bool> {
    let row = sqlx::query(dialect.choose(&CHAT_ROOM))
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
