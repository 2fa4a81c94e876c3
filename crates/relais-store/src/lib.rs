//! Persistence for Relais.
//!
//! The [`Store`] trait is the only door to the database. SQLite is the
//! zero-configuration default, in the data directory; PostgreSQL serves a
//! helpline that runs several server instances. Both backends implement the
//! same trait with the same SQL where the dialects agree, and the same test
//! suite runs against both.

pub mod audit;
mod backend;
pub mod crypto;
pub mod error;
pub mod keys;
pub mod model;
pub mod passwords;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;

pub use audit::{AuditEvent, AuditRecord, ChainCheck};
pub use backend::{PostgresStore, SqliteStore};
pub use crypto::FieldKeys;
pub use error::StoreError;
pub use keys::{ApiKey, KeyId, PresentedKey};
pub use model::{
    Callback, CaseCount, CaseNote, Client, ClientKind, ClientRecord, Connector, Delivery, Evidence, Handoff, NewCase,
    NewEvidence, NewHandoff, NewNotice, Notice, QueueSnapshot, QueuedCase, ReferralCount, ReferralCountKey, Staff,
    StaffSession,
};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything Relais persists, whatever the database.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug + 'static {
    /// Registers a client and returns it with its key, which is never stored
    /// and cannot be shown again.
    async fn add_client(&self, name: &str, kind: ClientKind) -> Result<(Client, ApiKey)>;

    /// Clients of a kind, revoked ones included, oldest first.
    async fn list_clients(&self, kind: ClientKind) -> Result<Vec<Client>>;

    /// Revokes the client of that name still in force.
    async fn revoke_client(&self, name: &str, kind: ClientKind) -> Result<Client>;

    /// The client holding a key id, revoked or not.
    async fn client_by_key_id(&self, key_id: &str) -> Result<Option<ClientRecord>>;

    /// Every client still in force, to warm the server's key cache.
    async fn active_clients(&self) -> Result<Vec<ClientRecord>>;

    /// Adds counts to the referral statistics, in one transaction.
    async fn add_referral_counts(&self, counts: &[ReferralCount]) -> Result<()>;

    /// The referral statistics, of one client or of all.
    async fn referral_counts(&self, client_id: Option<&str>) -> Result<Vec<ReferralCount>>;

    /// Stores a handoff, its context sealed. A code already in use is
    /// `AlreadyExists`: draw another.
    async fn create_handoff(&self, new: NewHandoff) -> Result<Handoff>;

    /// A handoff by id, context left out.
    async fn handoff(&self, id: &str) -> Result<Option<Handoff>>;

    /// A handoff by the code the child holds, context left out.
    async fn handoff_by_code(&self, code: &str) -> Result<Option<Handoff>>;

    /// Takes a pending handoff's context, once: the handoff becomes attached
    /// and its copy of the context is erased. `None` if the code is unknown,
    /// expired or already used.
    async fn claim_handoff(&self, code: &str, now: Timestamp) -> Result<Option<(Handoff, Vec<u8>)>>;

    /// Erases the context of every handoff past its expiry; returns how many.
    async fn erase_expired_handoffs(&self, now: Timestamp) -> Result<u64>;

    /// Adds a staff account; the name is unique.
    async fn add_staff(&self, name: &str, role: relais_core::staff::Role, password_hash: &str) -> Result<Staff>;

    async fn list_staff(&self) -> Result<Vec<Staff>>;

    async fn staff_by_name(&self, name: &str) -> Result<Option<Staff>>;

    /// Turns the second factor on (with this secret, sealed at rest) or off.
    async fn set_staff_totp(&self, staff_id: &str, secret: Option<&[u8]>) -> Result<()>;

    /// The staff member's TOTP secret, opened, if they have one.
    async fn staff_totp_secret(&self, staff_id: &str) -> Result<Option<Vec<u8>>>;

    /// Accepts a time step once: false if it (or a later one) was already used.
    async fn claim_totp_step(&self, staff_id: &str, step: u64) -> Result<bool>;

    /// Counts a failed login; returns the failures in a row.
    async fn record_failed_login(&self, staff_id: &str) -> Result<u32>;

    /// Locks an account until an instant, and starts the count again.
    async fn lock_staff(&self, staff_id: &str, until: Timestamp) -> Result<()>;

    async fn clear_failed_logins(&self, staff_id: &str) -> Result<()>;

    /// Opens a session; only a digest of `token` is kept.
    async fn create_session(&self, token: &str, staff_id: &str, csrf_token: &str, now: Timestamp) -> Result<()>;

    /// A session still open, with its staff member.
    async fn session(&self, token: &str) -> Result<Option<StaffSession>>;

    async fn touch_session(&self, token: &str, now: Timestamp) -> Result<()>;

    /// Ends a session (logout, expiry); its token never works again.
    async fn end_session(&self, token: &str, now: Timestamp) -> Result<()>;

    /// Appends to the audit trail, chained to the last row.
    async fn append_audit(&self, event: AuditEvent, at: Timestamp) -> Result<AuditRecord>;

    /// Audit rows after `after_seq`, oldest first, at most `limit`.
    async fn audit_rows(&self, after_seq: u64, limit: u32) -> Result<Vec<AuditRecord>>;

    /// The audit rows about one record (`case:ID`) and its parts, oldest first: a case's history.
    async fn audit_of(&self, subject: &str) -> Result<Vec<AuditRecord>>;

    /// Opens a case, waiting in its skill's queue.
    async fn open_case(&self, case: NewCase) -> Result<QueuedCase>;

    /// Gives the first case of the queue to `staff_id`, atomically: two
    /// counsellors asking at once never get the same case.
    async fn take_next(
        &self,
        staff_id: &str,
        skill: relais_core::case::Skill,
        now: Timestamp,
    ) -> Result<Option<QueuedCase>>;

    async fn queue_snapshot(&self, skill: relais_core::case::Skill) -> Result<QueueSnapshot>;

    /// The waiting cases of a skill, in answering order.
    async fn waiting_cases(&self, skill: relais_core::case::Skill, limit: u32) -> Result<Vec<QueuedCase>>;

    /// Adds a note to a case; the text is sealed.
    async fn add_note(&self, case_id: &str, author: &str, text: &str, at: Timestamp) -> Result<()>;

    /// A case's notes, oldest first, opened.
    async fn notes(&self, case_id: &str) -> Result<Vec<CaseNote>>;

    /// Attaches evidence to a case, sealed with the case's key; the file's SHA-256 is computed here.
    async fn add_evidence(&self, case_id: &str, item: NewEvidence, at: Timestamp) -> Result<Evidence>;

    /// A case's evidence, oldest first, without the files' bytes.
    async fn evidence(&self, case_id: &str) -> Result<Vec<Evidence>>;

    /// One item with its file, if it belongs to that case and has one.
    async fn evidence_file(&self, case_id: &str, evidence_id: &str) -> Result<Option<(Evidence, Vec<u8>)>>;

    /// Records how a case ended (or changes it).
    async fn set_case_outcome(&self, case_id: &str, outcome: relais_core::case::Outcome, at: Timestamp)
    -> Result<bool>;

    /// Links a platform's report (claimed already) to an existing case, with its content items as evidence.
    async fn link_handoff(
        &self,
        case_id: &str,
        handoff_id: &str,
        evidence: Vec<NewEvidence>,
        at: Timestamp,
    ) -> Result<()>;

    /// The platform reports that are part of a case.
    async fn linked_handoffs(&self, case_id: &str) -> Result<Vec<Handoff>>;

    /// Puts a case back in the queue of another skill (a psychologist, a jurist).
    async fn transfer_case(&self, case_id: &str, to: relais_core::case::Skill, at: Timestamp) -> Result<bool>;

    /// Sets a case's risk by hand (the reason goes to the audit trail, by the caller).
    async fn set_case_risk(&self, case_id: &str, risk: relais_core::risk::RiskLevel, at: Timestamp) -> Result<bool>;

    /// Moves a case along its life, if the move is allowed from where it stands.
    async fn set_case_status(
        &self,
        case_id: &str,
        to: relais_core::case::CaseStatus,
        by: &str,
        at: Timestamp,
    ) -> Result<bool>;

    /// Erases the cases closed before `closed_before`: their keys, text and notes
    /// go; the counts for the statistics stay. Returns how many.
    async fn erase_closed_cases(&self, closed_before: Timestamp, now: Timestamp) -> Result<u64>;

    /// Replaces a staff member's password (and unlocks the account).
    async fn set_staff_password(&self, staff_id: &str, password_hash: &str) -> Result<()>;

    /// Cases opened since `since`, counted by category, age band, school level, platform and channel.
    async fn case_counts(&self, since: Timestamp) -> Result<Vec<CaseCount>>;

    /// The case a reference code names (and, for the child, its secret word).
    async fn case_by_reference(&self, code: &str, word: Option<&str>) -> Result<Option<QueuedCase>>;

    /// A case and its file, opened.
    async fn case_file(&self, id: &str) -> Result<Option<(QueuedCase, Option<Vec<u8>>)>>;

    /// Staff of a role with a session used since `since`: who is there to answer.
    async fn counsellors_online(&self, role: relais_core::staff::Role, since: Timestamp) -> Result<u32>;

    /// Sets where a platform receives notices (the secret is sealed at rest).
    async fn set_connector(&self, connector: Connector, at: Timestamp) -> Result<()>;

    async fn connector(&self, client_id: &str) -> Result<Option<Connector>>;

    /// Writes a notice as a draft, waiting for approval.
    async fn draft_notice(&self, notice: NewNotice) -> Result<Notice>;

    /// Approves a draft and puts it in the outbox, in one transaction. False if it is not a draft.
    async fn approve_notice(&self, notice_id: &str, approver: &str, at: Timestamp) -> Result<bool>;

    async fn notice(&self, notice_id: &str) -> Result<Option<Notice>>;

    async fn notices_of_case(&self, case_id: &str) -> Result<Vec<Notice>>;

    /// When the notices (appeals aside) approved since an instant were answered, for the service-level figures.
    async fn notice_timings(&self, since: Timestamp) -> Result<Vec<relais_core::notice::Timing>>;

    /// The notices (appeals aside) approved in `[from, to)`, with their type of content
    /// (`STATEMENT_CATEGORY_*`) and decision, for the trusted flagger's yearly report.
    async fn notice_report_rows(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(relais_core::notice::Timing, String, Option<String>)>>;

    /// What was (or will be) sent for a notice, opened; none once its case is erased.
    async fn notice_body(&self, notice_id: &str) -> Result<Option<Vec<u8>>>;

    /// A platform's notices, newest first, optionally of one status.
    async fn notices_of_client(
        &self,
        client_id: &str,
        status: Option<relais_core::notice::NoticeStatus>,
        limit: u32,
    ) -> Result<Vec<Notice>>;

    /// Notices whose next attempt is due, leased for `lease` so that no other worker sends them meanwhile.
    async fn due_deliveries(&self, now: Timestamp, lease: jiff::SignedDuration, limit: u32) -> Result<Vec<Delivery>>;

    /// The platform took the notice.
    async fn delivery_succeeded(&self, notice_id: &str, at: Timestamp) -> Result<()>;

    /// An attempt failed: retried at `retry_at`, or dead-lettered when there is none.
    async fn delivery_failed(
        &self,
        notice_id: &str,
        error: &str,
        retry_at: Option<Timestamp>,
        at: Timestamp,
    ) -> Result<()>;

    /// The notices the outbox gave up on, oldest first: the supervisors' to send again or pass on
    /// (those of erased cases left out: they can never leave, and nothing is left to pass on).
    async fn undelivered_notices(&self) -> Result<Vec<Notice>>;

    /// Puts a dead-lettered notice back in the outbox for a fresh round of
    /// attempts, due at once. False if it is not dead-lettered.
    async fn redeliver_notice(&self, notice_id: &str, at: Timestamp) -> Result<bool>;

    /// The platform confirms receipt (Art. 16(4)).
    async fn acknowledge_notice(&self, notice_id: &str, client_id: &str, at: Timestamp) -> Result<Callback>;

    /// The platform's decision (Art. 16(5)); implies receipt. A different second decision is a conflict.
    async fn decide_notice(
        &self,
        notice_id: &str,
        client_id: &str,
        summary: &str,
        decision_json: &str,
        at: Timestamp,
    ) -> Result<Callback>;

    /// A cheap round trip, for readiness checks.
    async fn ping(&self) -> Result<()>;
}

/// Opens the store a configuration names: a `postgres://` URL, or else the
/// SQLite database `relais.db` in the data directory (created on first use).
/// The master key for sealed fields is read from (or created in) the data
/// directory either way.
/// Checks the whole audit chain, reading it in pages.
pub async fn verify_audit(store: &dyn Store) -> Result<ChainCheck> {
    let mut rows = Vec::new();
    let mut after = 0;
    loop {
        let page = store.audit_rows(after, 10_000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        rows.extend(page);
    }
    Ok(audit::check(&rows))
}

pub async fn open(database_url: Option<&str>, data_dir: &Path) -> Result<Arc<dyn Store>> {
    match database_url {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let keys = FieldKeys::load_or_create(data_dir)?;
            Ok(Arc::new(PostgresStore::connect(url, keys).await?))
        }
        Some(other) => Err(StoreError::Config(format!(
            "database.url must be a postgres:// URL (or be left out for SQLite), got a URL starting {:?}",
            other.split(':').next().unwrap_or_default()
        ))),
        None => Ok(Arc::new(SqliteStore::open(&data_dir.join("relais.db")).await?)),
    }
}
