//! Lists of cases: a counsellor's own, and the supervisors' search.

use jiff::Timestamp;
use relais_core::Category;
use relais_core::case::{CaseStatus, ContactChannel};
use relais_core::id::StaffId;

use super::{QueuedCase, case_row};
use crate::row::millis;
use crate::{Result, Store};

/// What the supervisors' list is narrowed by; each left out matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub channel: Option<ContactChannel>,
    pub category: Option<Category>,
    pub assigned_to: Option<StaffId>,
    /// Opened at or after.
    pub from: Option<Timestamp>,
    /// Opened before.
    pub to: Option<Timestamp>,
}

impl Store {
    /// The cases a counsellor has in hand: assigned to them, neither resolved nor closed, oldest first.
    pub async fn open_cases_of(&self, staff: StaffId) -> Result<Vec<QueuedCase>> {
        let rows = sqlx::query(
            "SELECT id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at \
             FROM cases WHERE assigned_to = $1 AND status IN ($2, $3) ORDER BY queued_at, id",
        )
        .bind(staff.to_string())
        .bind(CaseStatus::InProgress.code())
        .bind(CaseStatus::WaitingForPlatform.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(case_row).collect()
    }

    /// Cases as a supervisor narrows them, newest first, at most `limit`.
    pub async fn find_cases(&self, filter: &CaseFilter, limit: u32) -> Result<Vec<QueuedCase>> {
        let rows = sqlx::query(
            "SELECT id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at \
             FROM cases WHERE ($1 = '' OR status = $1) AND ($2 = '' OR channel = $2) AND ($3 = '' OR category = $3) \
             AND ($4 = '' OR assigned_to = $4) AND created_at >= $5 AND created_at < $6 \
             ORDER BY created_at DESC, id DESC LIMIT $7",
        )
        .bind(filter.status.map_or("", CaseStatus::code))
        .bind(filter.channel.map_or("", ContactChannel::code))
        .bind(filter.category.map_or("", Category::code))
        .bind(filter.assigned_to.map(|s| s.to_string()).unwrap_or_default())
        .bind(filter.from.map_or(i64::MIN, millis))
        .bind(filter.to.map_or(i64::MAX, millis))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(case_row).collect()
    }
}
