//! Trusted-flagger notices: drafted from a case, approved, delivered through
//! the outbox, answered by the platform. A notice's body (what the platform
//! receives) is sealed with its case's key, so it goes when the case is
//! erased; its times and its decision stay, for the service levels and the
//! yearly report. Every status move is the core's ([`NoticeStatus::on`]).

mod connectors;
mod outbox;

pub use connectors::Connector;
pub use outbox::Delivery;

use jiff::Timestamp;
use relais_core::id::{CaseId, ClientId, NoticeId, StaffId};
use relais_core::notice::{ActionAsked, NoticeEvent, NoticeStatus, Timing, legal_ground};
use relais_core::{AgeBand, Category};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::audit::{Actor, subject};
use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// A notice to write, as a draft.
#[derive(Debug, Clone)]
pub struct NewNotice {
    /// Chosen before the body is written, since the body carries it (it is the idempotency key).
    pub id: NoticeId,
    pub case_id: CaseId,
    pub client_id: ClientId,
    pub category: Category,
    pub actions: Vec<ActionAsked>,
    pub age_band: AgeBand,
    /// The JSON the platform receives; sealed with the case's key.
    pub body: Vec<u8>,
    pub sla_minutes: u32,
    pub drafted_by: StaffId,
    pub at: Timestamp,
    /// The notice whose refusal this contests (DSA Art. 20), for an appeal.
    pub appeal_of: Option<NoticeId>,
}

/// A notice and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: NoticeId,
    pub case_id: CaseId,
    pub client_id: ClientId,
    pub platform_name: String,
    pub category: Category,
    /// The type of content in the transparency database's terms, as sent.
    pub statement_category: String,
    pub actions: Vec<ActionAsked>,
    pub age_band: AgeBand,
    pub status: NoticeStatus,
    pub sla_minutes: u32,
    pub drafted_by: StaffId,
    pub approved_by: Option<StaffId>,
    pub created_at: Timestamp,
    pub approved_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub decided_at: Option<Timestamp>,
    /// The first measure (`DECISION_VISIBILITY_…`) or `NO_ACTION`.
    pub decision: Option<String>,
    /// The platform's statement of reasons, as it sent it.
    pub decision_json: Option<String>,
    /// Delivery attempts so far, and the last error.
    pub attempts: u32,
    pub last_error: Option<String>,
    /// For an appeal, the notice whose refusal it contests.
    pub appeal_of: Option<NoticeId>,
}

impl Notice {
    /// Its clock, once approved: the deadline the platform is held to.
    pub fn timing(&self) -> Option<Timing> {
        Some(Timing {
            notice_id: self.id,
            case_id: self.case_id,
            platform: self.platform_name.clone(),
            approved_at: self.approved_at?,
            acknowledged_at: self.acknowledged_at,
            decided_at: self.decided_at,
            sla_minutes: self.sla_minutes,
        })
    }
}

/// One approved notice for the trusted flagger's yearly report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub timing: Timing,
    /// `STATEMENT_CATEGORY_*`.
    pub statement_category: String,
    /// The first measure, or `NO_ACTION`; none while undecided.
    pub decision: Option<String>,
}

/// What a platform's callback did to a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// Recorded now.
    Recorded,
    /// The same thing was recorded before: nothing changed.
    AlreadyRecorded,
    /// No notice of that id for that platform.
    NotFound,
    /// It contradicts what was recorded (another decision): nothing changed.
    Conflict,
    /// The notice is not out yet (a draft).
    NotSent,
}

fn actions_text(actions: &[ActionAsked]) -> String {
    actions.iter().map(|a| a.code()).collect::<Vec<_>>().join(",")
}

fn notice_row(row: &AnyRow) -> Result<Notice> {
    let actions = row.text("action_asked")?;
    Ok(Notice {
        id: row.id("id")?,
        case_id: row.id("case_id")?,
        client_id: row.id("client_id")?,
        platform_name: row.text("platform_name")?,
        category: row.code("category")?,
        statement_category: row.text("statement_category")?,
        actions: actions
            .split(',')
            .map(|code| ActionAsked::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("action {code:?}"))))
            .collect::<Result<_>>()?,
        age_band: row.code("age_band")?,
        status: row.code("status")?,
        sla_minutes: row.small("sla_minutes")?,
        drafted_by: row.id("drafted_by")?,
        approved_by: row.id_opt("approved_by")?,
        created_at: row.at("created_at")?,
        approved_at: row.at_opt("approved_at")?,
        delivered_at: row.at_opt("delivered_at")?,
        acknowledged_at: row.at_opt("acknowledged_at")?,
        decided_at: row.at_opt("decided_at")?,
        decision: row.text_opt("decision")?,
        decision_json: row.text_opt("decision_json")?,
        attempts: row.small("attempts")?,
        last_error: row.text_opt("last_error")?,
        appeal_of: row.id_opt("appeal_of")?,
    })
}

fn timing_row(r: &AnyRow) -> Result<Timing> {
    Ok(Timing {
        notice_id: r.id("id")?,
        case_id: r.id("case_id")?,
        platform: r.text("name")?,
        approved_at: r.at("approved_at")?,
        acknowledged_at: r.at_opt("acknowledged_at")?,
        decided_at: r.at_opt("decided_at")?,
        sla_minutes: r.small("sla_minutes")?,
    })
}

/// Applies `event` to a notice within the caller's transaction, as the core's
/// rules say, writing the new status only if the notice still stands where it
/// was read (a platform's answer may race the outbox's record of the delivery).
/// Returns where the notice stands after it, or `None` if the event is refused
/// (or there is no such notice).
pub(crate) async fn apply(
    conn: &mut AnyConnection,
    notice: NoticeId,
    event: NoticeEvent,
) -> Result<Option<NoticeStatus>> {
    for _ in 0..3 {
        let row = sqlx::query("SELECT status FROM notices WHERE id = $1")
            .bind(notice.to_string())
            .fetch_optional(&mut *conn)
            .await?;
        let Some(from) = row.map(|r| r.code::<NoticeStatus>("status")).transpose()? else { return Ok(None) };
        let Some(to) = from.on(event) else { return Ok(None) };
        if to == from {
            return Ok(Some(to));
        }
        let moved = sqlx::query("UPDATE notices SET status = $1 WHERE id = $2 AND status = $3")
            .bind(to.code())
            .bind(notice.to_string())
            .bind(from.code())
            .execute(&mut *conn)
            .await?;
        if one(moved) {
            return Ok(Some(to));
        }
    }
    Err(StoreError::Busy(format!("notice {notice} kept moving while {event:?} was recorded")))
}

/// The case a notice is about, read within the caller's transaction.
pub(crate) async fn case_of(conn: &mut AnyConnection, notice: NoticeId) -> Result<CaseId> {
    let row =
        sqlx::query("SELECT case_id FROM notices WHERE id = $1").bind(notice.to_string()).fetch_one(&mut *conn).await?;
    row.id("case_id")
}

/// The platform answered: nothing more to deliver, even if the outbox had given up.
async fn outbox_done(conn: &mut AnyConnection, notice: NoticeId, at: Timestamp) -> Result<()> {
    sqlx::query("UPDATE notice_outbox SET done_at = COALESCE(done_at, $1), dead_at = NULL WHERE notice_id = $2")
        .bind(millis(at))
        .bind(notice.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Store {
    /// Writes a notice as a draft, waiting for approval (an appeal, when it
    /// contests an earlier decision), with its audit row.
    pub async fn draft_notice(&self, notice: NewNotice) -> Result<Notice> {
        let key = self.live_case_key(notice.case_id).await?;
        let id = notice.id;
        let body = key.seal(&format!("notice:{id}"), &notice.body)?;
        let mut write = self.audited().await?;
        sqlx::query(
            "INSERT INTO notices (id, case_id, client_id, category, statement_category, action_asked, age_band, \
             status, body, sla_minutes, drafted_by, created_at, appeal_of) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(id.to_string())
        .bind(notice.case_id.to_string())
        .bind(notice.client_id.to_string())
        .bind(notice.category.code())
        .bind(legal_ground(notice.category).statement_category)
        .bind(actions_text(&notice.actions))
        .bind(notice.age_band.code())
        .bind(NoticeStatus::Draft.code())
        .bind(body)
        .bind(i64::from(notice.sla_minutes))
        .bind(notice.drafted_by.to_string())
        .bind(millis(notice.at))
        .bind(notice.appeal_of.map(|a| a.to_string()))
        .execute(&mut *write.tx)
        .await?;
        let row = sqlx::query("SELECT * FROM notice_view WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *write.tx)
            .await?;
        let drafted = notice_row(&row)?;
        let action = if notice.appeal_of.is_some() { "case.notice.appeal" } else { "case.notice.draft" };
        crate::cases::worked_on(&mut write.tx, notice.case_id, notice.drafted_by, notice.at).await?;
        let by = Actor::Staff(notice.drafted_by);
        write.commit(by.did(action, subject::notice(notice.case_id, id)), notice.at).await?;
        Ok(drafted)
    }

    /// Approves a draft and puts it in the outbox, in one transaction with
    /// its audit row. False if it is not a draft.
    pub async fn approve_notice(&self, notice: NoticeId, approver: StaffId, at: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let tx = &mut write.tx;
        if apply(tx, notice, NoticeEvent::Approved).await?.is_none() {
            return Ok(false);
        }
        sqlx::query("UPDATE notices SET approved_by = $1, approved_at = $2 WHERE id = $3")
            .bind(approver.to_string())
            .bind(millis(at))
            .bind(notice.to_string())
            .execute(&mut **tx)
            .await?;
        sqlx::query("INSERT INTO notice_outbox (notice_id, next_attempt_at) VALUES ($1, $2)")
            .bind(notice.to_string())
            .bind(millis(at))
            .execute(&mut **tx)
            .await?;
        let case = case_of(tx, notice).await?;
        crate::cases::worked_on(tx, case, approver, at).await?;
        write.commit(Actor::Staff(approver).did("case.notice.approve", subject::notice(case, notice)), at).await?;
        Ok(true)
    }

    pub async fn notice(&self, notice: NoticeId) -> Result<Option<Notice>> {
        let row = sqlx::query("SELECT * FROM notice_view WHERE id = $1")
            .bind(notice.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(notice_row).transpose()
    }

    /// A case's notices and appeals, oldest first.
    pub async fn notices_of_case(&self, case: CaseId) -> Result<Vec<Notice>> {
        let rows = sqlx::query("SELECT * FROM notice_view WHERE case_id = $1 ORDER BY created_at, id")
            .bind(case.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(notice_row).collect()
    }

    /// A platform's notices, newest first, optionally of one status; drafts are never shown to it.
    pub async fn notices_of_client(
        &self,
        client: ClientId,
        status: Option<NoticeStatus>,
        limit: u32,
    ) -> Result<Vec<Notice>> {
        let rows = sqlx::query(
            "SELECT * FROM notice_view WHERE client_id = $1 AND status <> $2 AND ($3 IS NULL OR status = $3) \
             ORDER BY created_at DESC, id DESC LIMIT $4",
        )
        .bind(client.to_string())
        .bind(NoticeStatus::Draft.code())
        .bind(status.map(NoticeStatus::code))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notice_row).collect()
    }

    /// When the notices (appeals aside) approved since an instant were answered, for the service-level figures.
    pub async fn notice_timings(&self, since: Timestamp) -> Result<Vec<Timing>> {
        let rows = sqlx::query(
            "SELECT n.id, n.case_id, c.name, n.approved_at, n.acknowledged_at, n.decided_at, n.sla_minutes \
             FROM notices n JOIN clients c ON c.id = n.client_id \
             WHERE n.approved_at IS NOT NULL AND n.approved_at >= $1 AND n.appeal_of IS NULL ORDER BY n.approved_at",
        )
        .bind(millis(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(timing_row).collect()
    }

    /// The notices (appeals aside) approved in `[from, to)`, with their type of
    /// content and decision, for the trusted flagger's yearly report.
    pub async fn notice_report_rows(&self, from: Timestamp, to: Timestamp) -> Result<Vec<ReportRow>> {
        let rows = sqlx::query(
            "SELECT n.id, n.case_id, c.name, n.approved_at, n.acknowledged_at, n.decided_at, n.sla_minutes, \
             n.statement_category, n.decision FROM notices n JOIN clients c ON c.id = n.client_id \
             WHERE n.approved_at IS NOT NULL AND n.approved_at >= $1 AND n.approved_at < $2 \
             AND n.appeal_of IS NULL ORDER BY n.approved_at",
        )
        .bind(millis(from))
        .bind(millis(to))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReportRow {
                    timing: timing_row(r)?,
                    statement_category: r.text("statement_category")?,
                    decision: r.text_opt("decision")?,
                })
            })
            .collect()
    }

    /// What was (or will be) sent for a notice, opened; none once its case is erased.
    pub async fn notice_body(&self, notice: NoticeId) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT case_id, body FROM notices WHERE id = $1")
            .bind(notice.to_string())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let (Some(sealed), Some(key)) = (row.bytes_opt("body")?, self.case_key(row.id("case_id")?).await?) else {
            return Ok(None);
        };
        Ok(Some(key.open(&format!("notice:{notice}"), &sealed)?))
    }

    /// The platform confirms receipt (Art. 16(4)); this proves delivery, even if the answer to the POST never came back.
    pub async fn acknowledge_notice(&self, notice: NoticeId, client: ClientId, at: Timestamp) -> Result<Callback> {
        let Some(found) = self.notice(notice).await?.filter(|n| n.client_id == client) else {
            return Ok(Callback::NotFound);
        };
        if found.acknowledged_at.is_some() {
            return Ok(Callback::AlreadyRecorded);
        }
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        if apply(&mut tx, notice, NoticeEvent::Acknowledged).await?.is_none() {
            return Ok(Callback::NotSent);
        }
        sqlx::query(
            "UPDATE notices SET acknowledged_at = COALESCE(acknowledged_at, $1), \
             delivered_at = COALESCE(delivered_at, $1) WHERE id = $2",
        )
        .bind(millis(at))
        .bind(notice.to_string())
        .execute(&mut *tx)
        .await?;
        outbox_done(&mut tx, notice, at).await?;
        tx.commit().await?;
        Ok(Callback::Recorded)
    }

    /// The platform's decision (Art. 16(5)); implies receipt. The same decision
    /// again is already recorded; a different one is a conflict, and the first stands.
    pub async fn decide_notice(
        &self,
        notice: NoticeId,
        client: ClientId,
        summary: &str,
        decision_json: &str,
        at: Timestamp,
    ) -> Result<Callback> {
        let Some(found) = self.notice(notice).await?.filter(|n| n.client_id == client) else {
            return Ok(Callback::NotFound);
        };
        if let Some(previous) = &found.decision_json {
            return Ok(if previous == decision_json { Callback::AlreadyRecorded } else { Callback::Conflict });
        }
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        if apply(&mut tx, notice, NoticeEvent::Decided).await?.is_none() {
            return Ok(Callback::NotSent);
        }
        let decided = sqlx::query(
            "UPDATE notices SET decided_at = $1, decision = $2, decision_json = $3, \
             acknowledged_at = COALESCE(acknowledged_at, $1), delivered_at = COALESCE(delivered_at, $1) \
             WHERE id = $4 AND decision_json IS NULL",
        )
        .bind(millis(at))
        .bind(summary)
        .bind(decision_json)
        .bind(notice.to_string())
        .execute(&mut *tx)
        .await?;
        if !one(decided) {
            // Another decision landed between the read and this write; the transaction is rolled back.
            return Ok(Callback::Conflict);
        }
        outbox_done(&mut tx, notice, at).await?;
        tx.commit().await?;
        Ok(Callback::Recorded)
    }
}
