//! Who worked on a case: recorded in the transaction of the work itself,
//! and read, with where the case stands, to decide who may open it (see
//! `relais_core::case::access`).

use jiff::Timestamp;
use relais_core::case::access::Standing;
use relais_core::id::{CaseId, StaffId};

use crate::row::{Read, millis};
use crate::{Result, Store};

/// Records that `staff` worked on `case`, within the work's transaction.
pub(crate) async fn worked_on(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    case: CaseId,
    staff: StaffId,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_workers (case_id, staff_id, since) VALUES ($1, $2, $3) \
         ON CONFLICT (case_id, staff_id) DO NOTHING",
    )
    .bind(case.to_string())
    .bind(staff.to_string())
    .bind(millis(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// What decides whether `staff` may open a case: where it stands, whose
    /// it is, and whether they worked on it. None if there is no such case.
    pub async fn case_standing(&self, case: CaseId, staff: StaffId) -> Result<Option<Standing>> {
        let row = sqlx::query(
            "SELECT c.status, c.skill, c.assigned_to, \
                    EXISTS (SELECT 1 FROM case_workers w WHERE w.case_id = c.id AND w.staff_id = $2) AS worked_on, \
                    EXISTS (SELECT 1 FROM notices n WHERE n.case_id = c.id AND n.status = $3) AS awaiting_approval \
             FROM cases c WHERE c.id = $1",
        )
        .bind(case.to_string())
        .bind(staff.to_string())
        .bind(relais_core::notice::NoticeStatus::Draft.code())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Standing {
            status: row.code("status")?,
            skill: row.code("skill")?,
            assigned_to: row.id_opt("assigned_to")?,
            worked_on: row.flag("worked_on")?,
            awaiting_approval: row.flag("awaiting_approval")?,
        }))
    }

    /// A counsellor found a case by the code the child read out to them: they
    /// are working on it now (and may open it), as the audit trail records.
    pub async fn found_by_reference(&self, case: CaseId, by: StaffId, at: Timestamp) -> Result<()> {
        let write = self.audited().await?;
        self.finish_case_change(write, true, case, by, "case.search", at).await.map(|_| ())
    }
}
