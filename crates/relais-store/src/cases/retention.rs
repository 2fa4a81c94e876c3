//! Retention: a closed case is erased once its period ends. Its key goes
//! (crypto-shredding everything sealed with it), and with it its file,
//! notes, evidence, notices' bodies and conversations' messages; what the
//! statistics count stays.

use jiff::Timestamp;
use relais_core::case::CaseStatus;

use crate::row::{Read, millis};
use crate::{Result, Store};

impl Store {
    /// Erases the cases closed before `closed_before`: their keys, files, notes
    /// and evidence go, and the bodies of their notices; the counts for the
    /// statistics stay. Returns how many.
    pub async fn erase_closed_cases(&self, closed_before: Timestamp, now: Timestamp) -> Result<u64> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let rows = sqlx::query("SELECT id FROM cases WHERE status = $1 AND closed_at < $2 AND erased_at IS NULL")
            .bind(CaseStatus::Closed.code())
            .bind(millis(closed_before))
            .fetch_all(&mut *tx)
            .await?;
        for row in &rows {
            let id = row.text("id")?;
            sqlx::query("DELETE FROM case_keys WHERE case_id = $1").bind(&id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM case_notes WHERE case_id = $1").bind(&id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM case_evidence WHERE case_id = $1").bind(&id).execute(&mut *tx).await?;
            // Hashes nobody confirmed go; those on the platforms' list stay there (the
            // photo stays protected), keeping only their category and age band.
            sqlx::query("DELETE FROM image_hashes WHERE case_id = $1 AND confirmed_at IS NULL")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "DELETE FROM conversation_messages WHERE conversation_id IN \
                 (SELECT id FROM conversations WHERE case_id = $1)",
            )
            .bind(&id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM messaging_outbox WHERE conversation_id IN \
                 (SELECT id FROM conversations WHERE case_id = $1)",
            )
            .bind(&id)
            .execute(&mut *tx)
            .await?;
            // Closing ended them already; a conversation from before that rule ends here, with nothing left in
            // it, and no longer says who wrote from an app.
            sqlx::query(
                "UPDATE conversations SET token_digest = NULL, state = $2, held_by = NULL, sender_id = NULL, \
                 ended_at = COALESCE(ended_at, $3) WHERE case_id = $1",
            )
            .bind(&id)
            .bind(relais_core::conversation::ConversationState::Ended.code())
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE notices SET body = NULL WHERE case_id = $1").bind(&id).execute(&mut *tx).await?;
            sqlx::query(
                "UPDATE cases SET details = NULL, reference_digest = NULL, word_digest = NULL, erased_at = $1 \
                 WHERE id = $2",
            )
            .bind(millis(now))
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        }
        // Someone who wrote from an app is forgotten with their last case (a block is kept until it ends).
        sqlx::query(
            "DELETE FROM messaging_senders WHERE NOT EXISTS \
             (SELECT 1 FROM conversations c WHERE c.sender_id = messaging_senders.id) \
             AND (blocked_until IS NULL OR blocked_until <= $1)",
        )
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        // Whether a case's child answered the survey matters as long as the case can be found.
        sqlx::query("DELETE FROM survey_taken WHERE taken_at < $1")
            .bind(millis(closed_before))
            .execute(&mut *tx)
            .await?;
        // A webhook no worker could read is kept a month for the supervisors, then goes.
        sqlx::query("DELETE FROM messaging_inbox WHERE next_attempt_at = $1 AND received_at < $2")
            .bind(i64::MAX)
            .bind(millis(now - jiff::SignedDuration::from_hours(24 * 30)))
            .execute(&mut *tx)
            .await?;
        // The platforms deliver a message again for a few days at most; what was seen before that is forgotten.
        sqlx::query("DELETE FROM messaging_seen WHERE seen_at < $1")
            .bind(millis(now - relais_core::messaging::REDELIVERY_HORIZON))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(rows.len() as u64)
    }
}
