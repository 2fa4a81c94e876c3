//! A conversation follows its case: held when the case is taken, waiting
//! again when it is passed on, ended when it is resolved or closed.

use jiff::Timestamp;
use relais_core::case::{CaseChange, Skill};
use relais_core::conversation::{ConversationState, Follows, follows};
use relais_core::id::{CaseId, StaffId};

use crate::row::{Read, millis};
use crate::{Result, Store, StoreError};

use super::{Entry, append};

/// Where a conversation goes when its case changes hands.
struct Hand {
    to: ConversationState,
    holder: Option<StaffId>,
    /// Only from this state (a take finds it waiting); any but ended otherwise.
    only_from: Option<ConversationState>,
}

impl Store {
    /// Moves a case's conversation, if it has one, as the case just moved
    /// through `change` (see [`follows`]), within the move's transaction.
    /// `hand` is who holds the case after the move and the queue it is in.
    pub(crate) async fn follow_case(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
        change: CaseChange,
        (holder, skill): (StaffId, Skill),
        at: Timestamp,
    ) -> Result<()> {
        match follows(change) {
            Follows::Held => self.hold_conversation(tx, case, holder, skill, at).await,
            Follows::Requeued => self.requeue_conversation(tx, case, skill, at).await,
            Follows::Ended => {
                let open = sqlx::query("SELECT id FROM conversations WHERE case_id = $1 AND state <> $2")
                    .bind(case.to_string())
                    .bind(ConversationState::Ended.code())
                    .fetch_all(&mut **tx)
                    .await?;
                for row in open {
                    self.end_in(tx, case, row.id("id")?, at).await?;
                }
                Ok(())
            }
            Follows::Stays => Ok(()),
        }
    }

    /// A counsellor took a chat's case: the conversation is theirs, and the
    /// child is told who joined (`joined:<skill>`).
    async fn hold_conversation(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
        staff: StaffId,
        skill: Skill,
        at: Timestamp,
    ) -> Result<()> {
        let said = format!("joined:{}", skill.code());
        let hand =
            Hand { to: ConversationState::Active, holder: Some(staff), only_from: Some(ConversationState::Waiting) };
        self.hand_over(tx, case, hand, &said, at).await
    }

    /// A chat's case passed to another skill: the conversation waits in that
    /// queue, and the child is told who will answer (`transferred:<skill>`).
    async fn requeue_conversation(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: CaseId,
        skill: Skill,
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
        append(tx, &key, row.id("id")?, Entry::system(said), at).await?;
        Ok(())
    }
}
