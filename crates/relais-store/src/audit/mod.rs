//! The audit trail: every staff access and every change, append-only, each
//! row hashing the one before it.
//!
//! Each row's hash covers the previous row's hash and this row's fields,
//! length-prefixed so that no two different rows serialise alike; and each
//! row carries a MAC of its hash under a key derived from the master key, so
//! that whoever can write to the database but does not hold the key cannot
//! rewrite the chain to match. Deleting the newest rows leaves a shorter
//! chain that still holds: a signed checkpoint kept elsewhere (its count and
//! head) is what shows it. Checking walks the chain from the first row, a
//! page at a time, and names the first row that does not follow.
//!
//! A change and its row are written in one transaction ([`Store::audited`]):
//! there is no change without its row, and no row for a change that did not
//! happen.

mod checkpoint;

pub use checkpoint::{Checkpoint, CheckpointCheck};

use jiff::Timestamp;
use relais_core::id::{ClientId, StaffId};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

use crate::row::{Read, millis, to_millis};
use crate::{Result, Store};

/// Who did what an audit row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Staff(StaffId),
    /// An operator at the command line.
    Cli,
    /// The server itself (a worker, an alarm).
    System,
    /// A child or a parent, on a public page.
    Public,
    Platform(ClientId),
}

impl Actor {
    pub fn code(self) -> String {
        match self {
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::Cli => "cli".to_owned(),
            Actor::System => "system".to_owned(),
            Actor::Public => "public".to_owned(),
            Actor::Platform(id) => format!("client:{id}"),
        }
    }

    /// The event of this actor doing `action` on `subject`.
    pub fn did(self, action: impl Into<String>, subject: impl Into<String>) -> AuditEvent {
        AuditEvent { actor: self.code(), action: action.into(), subject: subject.into() }
    }
}

/// How the trail names what a row is about.
pub mod subject {
    use relais_core::id::{CaseId, ClientId, EvidenceId, NoticeId, StaffId};

    pub fn case(id: CaseId) -> String {
        format!("case:{id}")
    }

    pub fn notice(case: CaseId, notice: NoticeId) -> String {
        format!("case:{case} notice:{notice}")
    }

    pub fn evidence(case: CaseId, item: EvidenceId) -> String {
        format!("case:{case} evidence:{item}")
    }

    pub fn staff(id: StaffId) -> String {
        format!("staff:{id}")
    }

    pub fn client(id: ClientId) -> String {
        format!("client:{id}")
    }

    pub fn app_channel(id: relais_core::id::AppChannelId) -> String {
        format!("channel:{id}")
    }

    pub fn sender(id: relais_core::id::SenderId) -> String {
        format!("sender:{id}")
    }
}

/// The label of the audit MAC's key (see [`crate::crypto::FieldKeys::derive_key`]).
pub const MAC_KEY_LABEL: &str = "relais audit mac v1";

/// A row's MAC: its hash, under the trail's key.
pub fn row_mac(key: &[u8; 32], hash: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = <hmac::Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(b"relais audit row\0");
    mac.update(hash);
    mac.finalize().into_bytes().to_vec()
}

/// What is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// `staff:<id>`, `cli`, `system`.
    pub actor: String,
    /// A code: `console.sign_in`, `case.read`…
    pub action: String,
    /// The record concerned (`case:<id>`), or empty.
    pub subject: String,
}

/// A row of the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: u64,
    pub at: Timestamp,
    pub event: AuditEvent,
    pub hash: Vec<u8>,
    /// None on the rows written before the trail had a key.
    pub mac: Option<Vec<u8>>,
}

/// The hash of the row before the first.
pub const GENESIS: [u8; 32] = [0; 32];

pub fn chain_hash(previous: &[u8], seq: u64, at: Timestamp, event: &AuditEvent) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(previous);
    h.update(seq.to_be_bytes());
    h.update(at.as_millisecond().to_be_bytes());
    for field in [&event.actor, &event.action, &event.subject] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().into()
}

/// The outcome of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    Intact { rows: u64 },
    Broken { seq: u64, reason: String },
}

/// Walks the chain in order of `seq`, a row at a time, so that a trail of
/// millions of rows is checked in pages without being held in memory.
#[derive(Debug, Clone)]
pub struct ChainWalk {
    previous: Vec<u8>,
    expected: u64,
    broken: Option<(u64, String)>,
    /// The trail's MAC key, when the walker can check MACs.
    key: Option<[u8; 32]>,
    /// A row had a MAC: every row after it must have one too.
    keyed: bool,
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk { previous: GENESIS.to_vec(), expected: 1, broken: None, key: None, keyed: false }
    }
}

impl ChainWalk {
    /// A walk that also checks each row's MAC under `key`.
    pub fn keyed(key: [u8; 32]) -> ChainWalk {
        ChainWalk { key: Some(key), ..ChainWalk::default() }
    }

    /// Takes the next row; after the first break, rows are ignored.
    pub fn push(&mut self, row: &AuditRecord) {
        if self.broken.is_some() {
            return;
        }
        let expected = self.expected;
        let seq = row.seq;
        let reason = if seq != expected {
            Some(format!("row {expected} is missing (the next row is {seq})"))
        } else if chain_hash(&self.previous, seq, row.at, &row.event)[..] != row.hash[..] {
            Some(format!("row {seq} does not match its hash: it was changed, or a row before it was"))
        } else {
            match (&row.mac, self.key) {
                (None, _) if self.keyed => Some(format!("row {seq} lost its MAC")),
                (Some(mac), Some(key)) if row_mac(&key, &row.hash)[..] != mac[..] => {
                    Some(format!("row {seq} does not match its MAC: it was written without the key"))
                }
                _ => None,
            }
        };
        match reason {
            Some(reason) => self.broken = Some((seq.min(expected), reason)),
            None => {
                self.keyed |= row.mac.is_some();
                self.previous.clone_from(&row.hash);
                self.expected += 1;
            }
        }
    }

    /// The hash of the last row taken, while the chain holds.
    pub fn head(&self) -> Option<&[u8]> {
        (self.broken.is_none() && self.expected > 1).then_some(&self.previous[..])
    }

    pub fn finish(self) -> ChainCheck {
        match self.broken {
            Some((seq, reason)) => ChainCheck::Broken { seq, reason },
            None => ChainCheck::Intact { rows: self.expected - 1 },
        }
    }
}

/// Walks rows in order of `seq`.
pub fn check<'a>(rows: impl IntoIterator<Item = &'a AuditRecord>) -> ChainCheck {
    let mut walk = ChainWalk::default();
    rows.into_iter().for_each(|row| walk.push(row));
    walk.finish()
}

/// Rows read per page when the whole chain is checked.
const PAGE: u32 = 10_000;

fn record(r: &AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.count("seq")?,
        at: r.at("at")?,
        event: AuditEvent { actor: r.text("actor")?, action: r.text("action")?, subject: r.text("subject")? },
        hash: r.bytes("hash")?,
        mac: r.bytes_opt("mac")?,
    })
}

/// A write transaction that will append its audit row before it commits.
/// Holding it serialises the audit chain within this process; the database
/// serialises it across servers ([`crate::Dialect::lock_audit_chain`]).
pub(crate) struct Audited<'s> {
    pub tx: sqlx::Transaction<'static, sqlx::Any>,
    store: &'s Store,
    _chain: tokio::sync::MutexGuard<'s, ()>,
}

impl Audited<'_> {
    /// Appends `event` to the trail and commits the change with it.
    /// A change to a case may move the queue: once it is committed, every
    /// server's consoles and waiting children are told ([`crate::signals::CaseMoves`]).
    pub async fn commit(mut self, event: AuditEvent, at: Timestamp) -> Result<AuditRecord> {
        let moves_a_case = event.subject.starts_with("case:");
        let record = self.store.append_in(&mut self.tx, event, at).await?;
        self.tx.commit().await?;
        if moves_a_case {
            self.store.case_moved().await;
        }
        Ok(record)
    }

    /// Commits a change that turned out to need no row of its own (a child's
    /// message joining a conversation, where opening one is recorded).
    pub async fn commit_unrecorded(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Begins a change that is recorded in the audit trail in the same
    /// transaction ([`Audited::commit`]): dropped without committing, neither
    /// the change nor its row is kept.
    pub(crate) async fn audited(&self) -> Result<Audited<'_>> {
        let chain = self.audit_lock.lock().await;
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        if let Some(lock) = self.dialect.lock_audit_chain() {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        Ok(Audited { tx, store: self, _chain: chain })
    }

    /// Appends to the audit trail on its own: what changes nothing else (a
    /// read, a failed sign-in, an export).
    pub async fn append_audit(&self, event: AuditEvent, at: Timestamp) -> Result<AuditRecord> {
        let mut write = self.audited().await?;
        let record = self.append_in(&mut write.tx, event, at).await?;
        write.tx.commit().await?;
        Ok(record)
    }

    /// Appends a row within `tx`, chained to the last row and keyed.
    async fn append_in(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        event: AuditEvent,
        at: Timestamp,
    ) -> Result<AuditRecord> {
        let last =
            sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut **tx).await?;
        let (previous, seq) = match last {
            Some(row) => (row.bytes("hash")?, row.count("seq")? + 1),
            None => (GENESIS.to_vec(), 1),
        };
        let at = to_millis(at);
        let hash = chain_hash(&previous, seq, at, &event).to_vec();
        let mac = row_mac(&self.audit_key, &hash);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, subject, hash, mac) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(seq as i64)
        .bind(millis(at))
        .bind(&event.actor)
        .bind(&event.action)
        .bind(&event.subject)
        .bind(&hash)
        .bind(&mac)
        .execute(&mut **tx)
        .await?;
        Ok(AuditRecord { seq, at, event, hash, mac: Some(mac) })
    }

    /// Audit rows after `after_seq`, oldest first, at most `limit`.
    pub async fn audit_rows(&self, after_seq: u64, limit: u32) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, subject, hash, mac FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after_seq as i64)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record).collect()
    }

    /// The last `limit` rows, newest first: what the supervisors' audit page shows.
    pub async fn latest_audit(&self, limit: u32) -> Result<Vec<AuditRecord>> {
        let rows =
            sqlx::query("SELECT seq, at, actor, action, subject, hash, mac FROM audit_log ORDER BY seq DESC LIMIT $1")
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(record).collect()
    }

    /// The rows about one record (`case:ID`) and its parts, oldest first: a case's history.
    pub async fn audit_of(&self, subject: &str) -> Result<Vec<AuditRecord>> {
        // "case:ID" and what hangs off it ("case:ID evidence:…"); ids hold no LIKE wildcards.
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, subject, hash, mac FROM audit_log WHERE subject = $1 OR subject LIKE $2 \
             ORDER BY seq",
        )
        .bind(subject)
        .bind(format!("{} %", subject.replace(['%', '_'], "")))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record).collect()
    }

    /// The row numbered `seq`, if the trail has it.
    pub async fn audit_row(&self, seq: u64) -> Result<Option<AuditRecord>> {
        let row = sqlx::query("SELECT seq, at, actor, action, subject, hash, mac FROM audit_log WHERE seq = $1")
            .bind(seq as i64)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(record).transpose()
    }

    /// Checks the whole chain and every row's MAC, reading it a page at a time.
    pub async fn verify_audit(&self) -> Result<ChainCheck> {
        Ok(self.walk_audit().await?.finish())
    }

    /// Walks the whole trail, a page at a time, checking hashes and MACs.
    pub(crate) async fn walk_audit(&self) -> Result<ChainWalk> {
        let mut walk = ChainWalk::keyed(self.audit_key);
        let mut after = 0;
        loop {
            let page = self.audit_rows(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            page.iter().for_each(|row| walk.push(row));
        }
        Ok(walk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [9; 32];

    /// `n` rows, keyed from row `keyed_from` on.
    fn keyed_chain(n: u64, keyed_from: u64) -> Vec<AuditRecord> {
        let mut previous = GENESIS.to_vec();
        (1..=n)
            .map(|seq| {
                let at = Timestamp::from_second(1_800_000_000 + seq as i64).unwrap();
                let event =
                    AuditEvent { actor: format!("staff:{seq}"), action: "case.read".into(), subject: "case:1".into() };
                let hash = chain_hash(&previous, seq, at, &event).to_vec();
                previous.clone_from(&hash);
                let mac = (seq >= keyed_from).then(|| row_mac(&KEY, &hash));
                AuditRecord { seq, at, event, hash, mac }
            })
            .collect()
    }

    fn chain(n: u64) -> Vec<AuditRecord> {
        keyed_chain(n, 1)
    }

    fn check_keyed(rows: &[AuditRecord], key: [u8; 32]) -> ChainCheck {
        let mut walk = ChainWalk::keyed(key);
        rows.iter().for_each(|row| walk.push(row));
        walk.finish()
    }

    #[test]
    fn a_chain_rewritten_without_the_key_is_caught_by_its_macs() {
        let rows = chain(4);
        assert_eq!(check_keyed(&rows, KEY), ChainCheck::Intact { rows: 4 });
        // Someone with the database but not the key changes row 3 and rehashes from there on.
        let mut forged = rows.clone();
        forged[2].event.action = "case.nothing_to_see".into();
        for i in 2..4 {
            let previous = forged[i - 1].hash.clone();
            let r = &mut forged[i];
            r.hash = chain_hash(&previous, r.seq, r.at, &r.event).to_vec();
        }
        assert_eq!(check(&forged), ChainCheck::Intact { rows: 4 }, "the hashes alone hold");
        assert!(matches!(check_keyed(&forged, KEY), ChainCheck::Broken { seq: 3, .. }));
        assert!(matches!(check_keyed(&rows, [1; 32]), ChainCheck::Broken { seq: 1, .. }), "another key");
        // A MAC taken off a row after the first keyed one.
        let mut stripped = rows;
        stripped[3].mac = None;
        assert!(matches!(check_keyed(&stripped, KEY), ChainCheck::Broken { seq: 4, .. }));
        // Rows from before the trail had a key are read as they are.
        assert_eq!(check_keyed(&keyed_chain(5, 3), KEY), ChainCheck::Intact { rows: 5 });
    }

    #[test]
    fn an_untouched_chain_is_intact_and_any_change_names_its_row() {
        let rows = chain(5);
        assert_eq!(check(&rows), ChainCheck::Intact { rows: 5 });
        let mut changed = rows.clone();
        changed[2].event.action = "case.write".into();
        assert!(matches!(check(&changed), ChainCheck::Broken { seq: 3, .. }));
        let mut removed = rows.clone();
        removed.remove(1);
        assert!(matches!(check(&removed), ChainCheck::Broken { seq: 2, .. }));
        let mut rehashed = rows;
        rehashed[3].at = Timestamp::from_second(0).unwrap();
        assert!(matches!(check(&rehashed), ChainCheck::Broken { seq: 4, .. }));
    }

    #[test]
    fn fields_cannot_slide_into_each_other() {
        let at = Timestamp::from_second(1).unwrap();
        let a = AuditEvent { actor: "ab".into(), action: "c".into(), subject: String::new() };
        let b = AuditEvent { actor: "a".into(), action: "bc".into(), subject: String::new() };
        assert_ne!(chain_hash(&GENESIS, 1, at, &a), chain_hash(&GENESIS, 1, at, &b));
    }
}
