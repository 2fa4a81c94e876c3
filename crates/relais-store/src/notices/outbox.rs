//! The outbox: approved notices waiting to be delivered. A worker leases the
//! ones due (so that no other worker sends them meanwhile), and records each
//! attempt: delivered, retried later, or given up on and raised to the
//! supervisors. Nothing is kept in memory: a server killed mid-delivery finds
//! the same notices due once their lease runs out.

use jiff::{SignedDuration, Timestamp};
use relais_core::id::{NoticeId, StaffId};
use relais_core::notice::{NoticeEvent, NoticeStatus};
use relais_core::undelivered::Why;
use sqlx::AnyConnection;

use super::{Connector, Notice, apply, notice_row};
use crate::dialect::PerDialect;
use crate::row::{Read, millis};
use crate::{Result, Store};

/// A notice due for delivery, with what is needed to send it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub notice_id: NoticeId,
    /// Attempts made before this one.
    pub attempts: u32,
    pub body: Vec<u8>,
    pub connector: Connector,
}

/// The notices due now. PostgreSQL skips those another server is leasing at
/// the same moment; SQLite's single writer (the transaction begins with the
/// write lock) already keeps two workers apart.
const DUE: PerDialect = PerDialect {
    sqlite: "SELECT o.notice_id, o.attempts, n.case_id, n.client_id, n.body FROM notice_outbox o \
             JOIN notices n ON n.id = o.notice_id \
             WHERE o.done_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= $1 \
             ORDER BY o.next_attempt_at LIMIT $2",
    postgres: "SELECT o.notice_id, o.attempts, n.case_id, n.client_id, n.body FROM notice_outbox o \
               JOIN notices n ON n.id = o.notice_id \
               WHERE o.done_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= $1 \
               ORDER BY o.next_attempt_at LIMIT $2 FOR UPDATE OF o SKIP LOCKED",
};

/// The last attempt failed, or none can be made: the supervisors take over.
async fn dead_letter(conn: &mut AnyConnection, notice: NoticeId, error: &str, at: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE notice_outbox SET attempts = attempts + 1, last_error = $1, dead_at = $2 \
         WHERE notice_id = $3 AND done_at IS NULL",
    )
    .bind(error)
    .bind(millis(at))
    .bind(notice.to_string())
    .execute(&mut *conn)
    .await?;
    apply(conn, notice, NoticeEvent::GivenUp).await?;
    Ok(())
}

impl Store {
    /// Notices whose next attempt is due, leased for `lease`.
    pub async fn due_deliveries(&self, now: Timestamp, lease: SignedDuration, limit: u32) -> Result<Vec<Delivery>> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let due =
            sqlx::query(self.dialect.choose(&DUE)).bind(millis(now)).bind(i64::from(limit)).fetch_all(&mut *tx).await?;
        let mut out = Vec::new();
        for row in &due {
            let notice_id: NoticeId = row.id("notice_id")?;
            sqlx::query("UPDATE notice_outbox SET next_attempt_at = $1 WHERE notice_id = $2")
                .bind(millis(now + lease))
                .bind(notice_id.to_string())
                .execute(&mut *tx)
                .await?;
            // A notice that can never leave (its case erased, its platform
            // disconnected) is dead-lettered, not leased again forever.
            let key = self.case_key_in(&mut tx, row.id("case_id")?).await?;
            let (Some(key), Some(sealed)) = (key, row.bytes_opt("body")?) else {
                dead_letter(&mut tx, notice_id, &Why::CaseErased.store(), now).await?;
                continue;
            };
            let Some(connector) = self.connector_in(&mut tx, row.id("client_id")?).await? else {
                dead_letter(&mut tx, notice_id, &Why::PlatformDisconnected.store(), now).await?;
                continue;
            };
            out.push(Delivery {
                body: key.open(&format!("notice:{notice_id}"), &sealed)?,
                attempts: row.small("attempts")?,
                connector,
                notice_id,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// The platform took the notice.
    pub async fn delivery_succeeded(&self, notice: NoticeId, at: Timestamp) -> Result<()> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        sqlx::query(
            "UPDATE notice_outbox SET done_at = $1, attempts = attempts + 1, last_error = NULL \
             WHERE notice_id = $2 AND done_at IS NULL",
        )
        .bind(millis(at))
        .bind(notice.to_string())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE notices SET delivered_at = COALESCE(delivered_at, $1) WHERE id = $2")
            .bind(millis(at))
            .bind(notice.to_string())
            .execute(&mut *tx)
            .await?;
        apply(&mut tx, notice, NoticeEvent::Delivered).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An attempt failed: retried at `retry_at`, or dead-lettered when there is none.
    pub async fn delivery_failed(
        &self,
        notice: NoticeId,
        error: &str,
        retry_at: Option<Timestamp>,
        at: Timestamp,
    ) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        match retry_at {
            Some(retry) => {
                sqlx::query(
                    "UPDATE notice_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
                     WHERE notice_id = $3 AND done_at IS NULL",
                )
                .bind(&error)
                .bind(millis(retry))
                .bind(notice.to_string())
                .execute(&mut *tx)
                .await?;
            }
            None => dead_letter(&mut tx, notice, &error, at).await?,
        }
        tx.commit().await?;
        Ok(())
    }

    /// The notices the outbox gave up on, oldest first: the supervisors' to
    /// send again or pass on (those of erased cases left out: they can never
    /// leave, and their erasure was meant).
    pub async fn undelivered_notices(&self) -> Result<Vec<Notice>> {
        let rows = sqlx::query(
            "SELECT * FROM notice_view n \
             WHERE n.status = $1 AND NOT EXISTS \
               (SELECT 1 FROM cases k WHERE k.id = n.case_id AND k.erased_at IS NOT NULL) \
             ORDER BY n.approved_at, n.id",
        )
        .bind(NoticeStatus::DeadLettered.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notice_row).collect()
    }

    /// Puts a dead-lettered notice back in the outbox for a fresh round of
    /// attempts, due at once, by `by`. False if it is not dead-lettered.
    pub async fn redeliver_notice(&self, notice: NoticeId, by: StaffId, at: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let tx = &mut write.tx;
        if apply(tx, notice, NoticeEvent::SentAgain).await?.is_none() {
            return Ok(false);
        }
        // The last error stays until the next attempt replaces it: the console keeps saying why.
        sqlx::query(
            "UPDATE notice_outbox SET attempts = 0, dead_at = NULL, done_at = NULL, next_attempt_at = $1 \
             WHERE notice_id = $2",
        )
        .bind(millis(at))
        .bind(notice.to_string())
        .execute(&mut **tx)
        .await?;
        let case = super::case_of(tx, notice).await?;
        crate::cases::worked_on(tx, case, by, at).await?;
        let event = crate::Actor::Staff(by).did("case.notice.redeliver", crate::audit::subject::notice(case, notice));
        write.commit(event, at).await?;
        Ok(true)
    }
}
