//! Cases: what the helpline keeps of a contact, the queue they wait in, and
//! their life from the first contact to erasure. Each case has its own data
//! key, wrapped by the master key: its file, notes and evidence are sealed
//! with it, and erasing the key erases them all (crypto-shredding). Every
//! move of a case is decided by the core's rules ([`CaseStatus::after`]) and
//! written only if the case still stands where it was read.

pub(crate) mod evidence;
mod lists;
mod notes;
mod retention;
mod workers;

pub(crate) use workers::worked_on;

pub use evidence::{Evidence, NewEvidence};
pub use lists::CaseFilter;
pub use notes::CaseNote;

use jiff::Timestamp;
use relais_core::case::{
    CaseChange, CaseDimension, CaseFile, CaseReference, CaseStatus, ContactChannel, Outcome, QueuePlace, SchoolLevel,
    Skill,
};
use relais_core::id::{CaseId, HandoffId, StaffId};
use relais_core::risk::RiskLevel;
use relais_core::{AgeBand, Category};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::audit::subject::case as subject;
use crate::audit::{Actor, Audited};
use crate::crypto::DataKey;
use crate::dialect::PerDialect;
use crate::row::{Read, is_unique_violation, millis, one};
use crate::{Result, Store, StoreError};

/// A case to open.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub channel: ContactChannel,
    pub category: Category,
    pub age_band: AgeBand,
    pub risk: RiskLevel,
    pub skill: Skill,
    pub at: Timestamp,
    /// The child's code and secret word; only keyed digests are kept.
    pub reference: Option<CaseReference>,
    pub school_level: Option<SchoolLevel>,
    /// Sealed at rest with the case's key.
    pub file: Option<CaseFile>,
    /// Opened by a counsellor already talking with the child: in progress, theirs.
    pub assigned_to: Option<StaffId>,
    /// The platform concerned, from a known list (see `relais_core::case::platform_name`), for the statistics.
    pub platform: Option<String>,
    /// Evidence that comes with the contact (a platform's content items).
    pub evidence: Vec<NewEvidence>,
    /// The platform report the case was opened from, linked to it.
    pub handoff_id: Option<HandoffId>,
    /// Who opened it, for the audit trail: a counsellor, or the public (a web form).
    pub opened_by: Actor,
}

impl NewCase {
    /// A case waiting in `skill`'s queue, with nothing more than what orders
    /// it; the other fields are set with struct update syntax.
    pub fn waiting(
        channel: ContactChannel,
        category: Category,
        age_band: AgeBand,
        risk: RiskLevel,
        skill: Skill,
        at: Timestamp,
    ) -> NewCase {
        NewCase {
            channel,
            category,
            age_band,
            risk,
            skill,
            at,
            reference: None,
            school_level: None,
            file: None,
            assigned_to: None,
            platform: None,
            evidence: Vec::new(),
            handoff_id: None,
            opened_by: Actor::Public,
        }
    }
}

/// A case as the queue and the console see it, without its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedCase {
    pub id: CaseId,
    pub channel: ContactChannel,
    pub category: Category,
    pub age_band: AgeBand,
    pub minor: bool,
    pub risk: RiskLevel,
    pub status: CaseStatus,
    pub assigned_to: Option<StaffId>,
    /// Since when it waits in its queue (or waited, before it was taken).
    pub queued_at: Timestamp,
    /// When the contact came in; a transfer or the child writing again does not change it.
    pub opened_at: Timestamp,
    pub outcome: Option<Outcome>,
    /// When retention erased its file, notes and evidence; nothing can be added to it since.
    pub erased_at: Option<Timestamp>,
}

impl QueuedCase {
    /// Its place in the answering order.
    pub fn place(&self) -> QueuePlace {
        QueuePlace { risk: self.risk, minor: self.minor, queued_at: self.queued_at }
    }
}

/// The live queue of one skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueSnapshot {
    pub waiting: u64,
    pub oldest_queued_at: Option<Timestamp>,
    /// Cases being handled now.
    pub in_progress: u64,
}

/// Cases opened since an instant, counted by one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCount {
    pub dimension: CaseDimension,
    /// The value's code (`harassment`, `13_17`…), or `unknown` when none was recorded.
    pub value: String,
    pub count: u64,
}

fn case_row(row: &AnyRow) -> Result<QueuedCase> {
    let risk = row.int("risk")?;
    Ok(QueuedCase {
        id: row.id("id")?,
        channel: row.code("channel")?,
        category: row.code("category")?,
        age_band: row.code("age_band")?,
        minor: row.flag("minor")?,
        risk: RiskLevel::from_rank(risk).ok_or_else(|| StoreError::Corrupt(format!("risk {risk}")))?,
        status: row.code("status")?,
        assigned_to: row.id_opt("assigned_to")?,
        queued_at: row.at("queued_at")?,
        opened_at: row.at("created_at")?,
        outcome: row.code_opt("outcome")?,
        erased_at: row.at_opt("erased_at")?,
    })
}

/// Gives the first waiting case to a counsellor. On SQLite the subquery and
/// the update run under the single writer; on PostgreSQL, rows another
/// server is taking at that moment are skipped rather than waited for.
const TAKE_NEXT: PerDialect = PerDialect {
    sqlite: "UPDATE cases SET status = $1, assigned_to = $2, updated_at = $3 \
             WHERE id = (SELECT id FROM cases WHERE skill = $4 AND status = $5 AND ($6 = 1 OR NOT EXISTS (SELECT 1 FROM conversations v WHERE v.case_id = cases.id AND v.state = $7)) \
                         ORDER BY risk DESC, minor DESC, queued_at, id LIMIT 1) \
               AND status = $5 \
             RETURNING id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at",
    postgres: "UPDATE cases SET status = $1, assigned_to = $2, updated_at = $3 \
               WHERE id = (SELECT id FROM cases WHERE skill = $4 AND status = $5 AND ($6 = 1 OR NOT EXISTS (SELECT 1 FROM conversations v WHERE v.case_id = cases.id AND v.state = $7)) \
                           ORDER BY risk DESC, minor DESC, queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 AND status = $5 \
               RETURNING id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at",
};

/// A move of a case's life, by whom, recorded as what.
struct Step {
    change: CaseChange,
    by: StaffId,
    action: String,
    at: Timestamp,
    /// The skill the case goes to, when the move changes it (a transfer).
    to_skill: Option<Skill>,
}

fn staff_of(actor: Actor) -> Option<StaffId> {
    match actor {
        Actor::Staff(id) => Some(id),
        _ => None,
    }
}

impl Store {
    /// The case's data key, unwrapped; none once the case is erased.
    pub(crate) async fn case_key(&self, case: CaseId) -> Result<Option<DataKey>> {
        let mut conn = self.pool.acquire().await?;
        self.case_key_in(&mut conn, case).await
    }

    /// The same, read on the caller's connection: a transaction holding
    /// SQLite's write lock must not wait for a second connection from the
    /// pool, which the writers queued behind that lock may all be holding.
    pub(crate) async fn case_key_in(&self, conn: &mut AnyConnection, case: CaseId) -> Result<Option<DataKey>> {
        let row = sqlx::query("SELECT wrapped FROM case_keys WHERE case_id = $1")
            .bind(case.to_string())
            .fetch_optional(conn)
            .await?;
        match row {
            Some(r) => Ok(Some(self.keys.data_key(&case.to_string(), &r.bytes("wrapped")?)?)),
            None => Ok(None),
        }
    }

    /// The key of a case that must still hold something: an erased case is
    /// `Erased`, one that never was is `NotFound`.
    pub(crate) async fn live_case_key(&self, case: CaseId) -> Result<DataKey> {
        if let Some(key) = self.case_key(case).await? {
            return Ok(key);
        }
        let exists = sqlx::query("SELECT 1 AS one FROM cases WHERE id = $1")
            .bind(case.to_string())
            .fetch_optional(&self.pool)
            .await?
            .is_some();
        Err(if exists {
            StoreError::Erased { what: "case", id: case.to_string() }
        } else {
            StoreError::NotFound { what: "case", name: case.to_string() }
        })
    }

    /// Opens a case, waiting in its skill's queue (or in progress, with the
    /// counsellor who opened it), with its file and evidence sealed under a
    /// key of its own. A reference already in use is `AlreadyExists`: draw another.
    pub async fn open_case(&self, case: NewCase) -> Result<QueuedCase> {
        let mut write = self.audited().await?;
        let (opened, _) = self.insert_case(&mut write.tx, &case).await?;
        let action = match (case.handoff_id, case.channel) {
            (Some(_), _) => "case.open_from_handoff",
            (None, ContactChannel::Phone) => "case.open_from_call",
            (None, ContactChannel::WebForm) => "case.open_from_form",
            (None, ContactChannel::Chat) => "case.open_from_chat",
            (None, _) => "case.open",
        };
        write.commit(case.opened_by.did(action, subject(opened.id)), case.at).await?;
        Ok(opened)
    }

    /// Writes a new case within the caller's transaction: the case, its key,
    /// its evidence, its handoff's link, who worked on it. Its data key is
    /// returned, for what the caller seals with it next.
    pub(crate) async fn insert_case(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        case: &NewCase,
    ) -> Result<(QueuedCase, DataKey)> {
        let id = CaseId::from(uuid::Uuid::now_v7());
        let at = millis(case.at);
        let (data_key, wrapped) = self.keys.new_data_key(&id.to_string())?;
        let file = case.file.as_ref().map(|f| data_key.seal(&id.to_string(), &f.to_json())).transpose()?;
        let (reference, word) = match &case.reference {
            Some(r) => (Some(self.keys.digest(&r.code)), Some(self.keys.digest(r.word))),
            None => (None, None),
        };
        let status = if case.assigned_to.is_some() { CaseStatus::InProgress } else { CaseStatus::New };
        let inserted = sqlx::query(
            "INSERT INTO cases (id, channel, category, age_band, minor, risk, skill, status, queued_at, created_at, \
             updated_at, reference_digest, word_digest, school_level, details, assigned_to, platform) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9, $10, $11, $12, $13, $14, $15) \
             RETURNING id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at",
        )
        .bind(id.to_string())
        .bind(case.channel.code())
        .bind(case.category.code())
        .bind(case.age_band.code())
        .bind(i64::from(QueuePlace::minor(case.age_band)))
        .bind(case.risk.rank())
        .bind(case.skill.code())
        .bind(status.code())
        .bind(at)
        .bind(reference)
        .bind(word)
        .bind(case.school_level.map(SchoolLevel::code))
        .bind(file)
        .bind(case.assigned_to.map(|s| s.to_string()))
        .bind(&case.platform)
        .fetch_one(&mut **tx)
        .await;
        let row = match inserted {
            Ok(row) => row,
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::AlreadyExists { what: "case reference", name: String::new() });
            }
            Err(e) => return Err(e.into()),
        };
        sqlx::query("INSERT INTO case_keys (case_id, wrapped) VALUES ($1, $2)")
            .bind(id.to_string())
            .bind(&wrapped)
            .execute(&mut **tx)
            .await?;
        for item in &case.evidence {
            evidence::insert(tx, &data_key, id, item, case.at).await?;
        }
        if let Some(handoff) = case.handoff_id {
            crate::handoffs::claim_for_case(tx, handoff, id, case.at).await?;
        }
        for staff in case.assigned_to.into_iter().chain(staff_of(case.opened_by)) {
            worked_on(tx, id, staff, case.at).await?;
        }
        Ok((case_row(&row)?, data_key))
    }

    /// Gives the first case of the queue to `staff`, atomically: two
    /// counsellors asking at once never get the same case.
    pub async fn take_next(&self, staff: StaffId, skill: Skill, now: Timestamp) -> Result<Option<QueuedCase>> {
        let (from, to) = (CaseStatus::New, CaseStatus::New.after(CaseChange::Take));
        let Some(to) = to else { return Ok(None) };
        let mut write = self.audited().await?;
        // A conversation (the chat page, a messaging app) is offered only to a counsellor under their
        // capacity and not on a call.
        let chats = crate::conversations::may_take_chat(&mut write.tx, self.dialect, staff, now).await?;
        let row = sqlx::query(self.dialect.choose(&TAKE_NEXT))
            .bind(to.code())
            .bind(staff.to_string())
            .bind(millis(now))
            .bind(skill.code())
            .bind(from.code())
            .bind(i64::from(chats))
            .bind(relais_core::conversation::ConversationState::Waiting.code())
            .fetch_optional(&mut *write.tx)
            .await?;
        let Some(taken) = row.as_ref().map(case_row).transpose()? else { return Ok(None) };
        worked_on(&mut write.tx, taken.id, staff, now).await?;
        // A case with a conversation waiting (a chat, or a web form the child wrote to again) is theirs to answer.
        self.follow_case(&mut write.tx, taken.id, CaseChange::Take, (staff, skill), now).await?;
        write.commit(Actor::Staff(staff).did("case.take", subject(taken.id)), now).await?;
        Ok(Some(taken))
    }

    /// How many wait in a skill's queue, since when, and how many are being handled.
    pub async fn queue_snapshot(&self, skill: Skill) -> Result<QueueSnapshot> {
        let row = sqlx::query(
            "SELECT COUNT(*) FILTER (WHERE status = $2) AS waiting, \
                    MIN(queued_at) FILTER (WHERE status = $2) AS oldest, \
                    COUNT(*) FILTER (WHERE status = $3) AS busy \
             FROM cases WHERE skill = $1",
        )
        .bind(skill.code())
        .bind(CaseStatus::New.code())
        .bind(CaseStatus::InProgress.code())
        .fetch_one(&self.pool)
        .await?;
        Ok(QueueSnapshot {
            waiting: row.count("waiting")?,
            oldest_queued_at: row.at_opt("oldest")?,
            in_progress: row.count("busy")?,
        })
    }

    /// The waiting cases of a skill, in answering order.
    pub async fn waiting_cases(&self, skill: Skill, limit: u32) -> Result<Vec<QueuedCase>> {
        let rows = sqlx::query(
            "SELECT id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at \
             FROM cases WHERE skill = $1 AND status = $2 \
             ORDER BY risk DESC, minor DESC, queued_at, id LIMIT $3",
        )
        .bind(skill.code())
        .bind(CaseStatus::New.code())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(case_row).collect()
    }

    /// Applies `change` by `by` if the core's rules allow it from where the
    /// case stands, in one transaction with its conversation's move and its
    /// audit row (`action`); false if the change is not allowed, or there is
    /// no such case. The write names the status it was read in, so a change
    /// made meanwhile elsewhere (on PostgreSQL, another server) makes it try
    /// again from there.
    async fn change_case(
        &self,
        case: CaseId,
        step: Step,
        write: impl Fn(CaseStatus, CaseStatus) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> Result<bool> {
        let Step { change, by, action, at, to_skill } = step;
        for _ in 0..3 {
            let mut audited = self.audited().await?;
            let row = sqlx::query("SELECT status, skill, assigned_to FROM cases WHERE id = $1 AND erased_at IS NULL")
                .bind(case.to_string())
                .fetch_optional(&mut *audited.tx)
                .await?;
            let Some(row) = row else { return Ok(false) };
            let from: CaseStatus = row.code("status")?;
            let Some(to) = from.after(change) else { return Ok(false) };
            if one(write(from, to).execute(&mut *audited.tx).await?) {
                worked_on(&mut audited.tx, case, by, at).await?;
                // Whoever has the case in hand after the move: its counsellor, or the one moving an unassigned case.
                let holder = row.id_opt("assigned_to")?.unwrap_or(by);
                let skill = to_skill.map_or_else(|| row.code("skill"), Ok)?;
                self.follow_case(&mut audited.tx, case, change, (holder, skill), at).await?;
                audited.commit(Actor::Staff(by).did(action, subject(case)), at).await?;
                return Ok(true);
            }
        }
        Err(StoreError::Busy(format!("case {case} kept moving while it was changed")))
    }

    /// Puts a case back in the queue of another skill (a psychologist, a jurist), waiting for whoever is free there.
    pub async fn transfer_case(&self, case: CaseId, to: Skill, by: StaffId, at: Timestamp) -> Result<bool> {
        let action = format!("case.transfer.{}", to.code());
        let step = Step { change: CaseChange::Transfer, by, action, at, to_skill: Some(to) };
        self.change_case(case, step, |from, next| {
            sqlx::query(
                "UPDATE cases SET skill = $1, status = $2, assigned_to = NULL, queued_at = $3, updated_at = $3 \
                 WHERE id = $4 AND status = $5 AND erased_at IS NULL",
            )
            .bind(to.code())
            .bind(next.code())
            .bind(millis(at))
            .bind(case.to_string())
            .bind(from.code())
        })
        .await
    }

    /// Moves a case along its life, if the move is allowed from where it stands.
    /// The counsellor who moves an unassigned case takes it; its conversation
    /// follows (held when taken, ended when the case is resolved or closed).
    pub async fn set_case_status(&self, case: CaseId, to: CaseStatus, by: StaffId, at: Timestamp) -> Result<bool> {
        let action = format!("case.status.{}", to.code());
        let step = Step { change: CaseChange::Move(to), by, action, at, to_skill: None };
        self.change_case(case, step, |from, next| {
            sqlx::query(
                "UPDATE cases SET status = $1, updated_at = $2, assigned_to = COALESCE(assigned_to, $3), \
                 closed_at = $4 WHERE id = $5 AND status = $6 AND erased_at IS NULL",
            )
            .bind(next.code())
            .bind(millis(at))
            .bind(by.to_string())
            // Closing starts the retention period; reopening stops it.
            .bind((next == CaseStatus::Closed).then(|| millis(at)))
            .bind(case.to_string())
            .bind(from.code())
        })
        .await
    }

    /// Sets a case's risk by hand (the caller keeps the reason, sealed, as a note).
    pub async fn set_case_risk(&self, case: CaseId, risk: RiskLevel, by: StaffId, at: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let done = sqlx::query("UPDATE cases SET risk = $1, updated_at = $2 WHERE id = $3 AND erased_at IS NULL")
            .bind(risk.rank())
            .bind(millis(at))
            .bind(case.to_string())
            .execute(&mut *write.tx)
            .await?;
        self.finish_case_change(write, one(done), case, by, "case.risk_override", at).await
    }

    /// Records how a case ended (or changes it).
    pub async fn set_case_outcome(&self, case: CaseId, outcome: Outcome, by: StaffId, at: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let done = sqlx::query("UPDATE cases SET outcome = $1, updated_at = $2 WHERE id = $3 AND erased_at IS NULL")
            .bind(outcome.code())
            .bind(millis(at))
            .bind(case.to_string())
            .execute(&mut *write.tx)
            .await?;
        self.finish_case_change(write, one(done), case, by, "case.outcome", at).await
    }

    /// Commits a change to a case with its audit row if it was made; drops it otherwise.
    pub(crate) async fn finish_case_change(
        &self,
        mut write: Audited<'_>,
        done: bool,
        case: CaseId,
        by: StaffId,
        action: &str,
        at: Timestamp,
    ) -> Result<bool> {
        if !done {
            return Ok(false);
        }
        worked_on(&mut write.tx, case, by, at).await?;
        write.commit(Actor::Staff(by).did(action, subject(case)), at).await?;
        Ok(true)
    }

    /// The case a reference code names (and, for the child, its secret word,
    /// compared in constant time).
    pub async fn case_by_reference(&self, code: &str, word: Option<&str>) -> Result<Option<QueuedCase>> {
        let [digest, legacy] = self.keys.digests(code);
        let row = sqlx::query(
            "SELECT id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at, \
             word_digest FROM cases WHERE reference_digest IN ($1, $2) AND erased_at IS NULL",
        )
        .bind(digest)
        .bind(legacy)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        if let Some(word) = word {
            let stored = row.bytes_opt("word_digest")?.unwrap_or_default();
            // Either digest of the word may be the one kept: a reference made before or after the change.
            let matches =
                self.keys.digests(&word.trim().to_lowercase()).iter().fold(false, |found, given| {
                    found | bool::from(subtle::ConstantTimeEq::ct_eq(&stored[..], &given[..]))
                });
            if !matches {
                return Ok(None);
            }
        }
        case_row(&row).map(Some)
    }

    /// A case and its file, opened; the file is none once the case is erased.
    pub async fn case_file(&self, case: CaseId) -> Result<Option<(QueuedCase, Option<CaseFile>)>> {
        let row = sqlx::query(
            "SELECT id, channel, category, age_band, minor, risk, status, assigned_to, queued_at, outcome, erased_at, created_at, details \
             FROM cases WHERE id = $1",
        )
        .bind(case.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let file = match (row.bytes_opt("details")?, self.case_key(case).await?) {
            (Some(sealed), Some(key)) => {
                let json = key.open(&case.to_string(), &sealed)?;
                Some(CaseFile::from_json(&json).map_err(|e| StoreError::Corrupt(format!("case {case}'s file: {e}")))?)
            }
            // Erased: without its key, nothing of the text can be read.
            _ => None,
        };
        Ok(Some((case_row(&row)?, file)))
    }

    /// Cases opened since `since`, counted by each of the dimensions the association reports.
    pub async fn case_counts(&self, since: Timestamp) -> Result<Vec<CaseCount>> {
        let rows = sqlx::query(
            "SELECT 'category' AS dimension, category AS value, COUNT(*) AS n FROM cases \
               WHERE created_at >= $1 GROUP BY category \
             UNION ALL SELECT 'age_band', age_band, COUNT(*) FROM cases \
               WHERE created_at >= $1 GROUP BY age_band \
             UNION ALL SELECT 'school_level', COALESCE(school_level, 'unknown'), COUNT(*) FROM cases \
               WHERE created_at >= $1 GROUP BY COALESCE(school_level, 'unknown') \
             UNION ALL SELECT 'platform', COALESCE(platform, 'unknown'), COUNT(*) FROM cases \
               WHERE created_at >= $1 GROUP BY COALESCE(platform, 'unknown') \
             UNION ALL SELECT 'channel', channel, COUNT(*) FROM cases \
               WHERE created_at >= $1 GROUP BY channel \
             UNION ALL SELECT 'outcome', COALESCE(outcome, 'unknown'), COUNT(*) FROM cases \
               WHERE created_at >= $1 GROUP BY COALESCE(outcome, 'unknown') \
             ORDER BY dimension, n DESC, value",
        )
        .bind(millis(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let dimension = r.text("dimension")?;
                Ok(CaseCount {
                    dimension: CaseDimension::ALL
                        .into_iter()
                        .find(|d| d.code() == dimension)
                        .ok_or_else(|| StoreError::Corrupt(format!("dimension {dimension:?}")))?,
                    value: r.text("value")?,
                    count: r.count("n")?,
                })
            })
            .collect()
    }
}
