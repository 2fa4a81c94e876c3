//! The audit trail: every staff access and every change, append-only, each
//! row hashing the one before it.
//!
//! Each row's hash covers the previous row's hash and this row's fields,
//! length-prefixed so that no two different rows serialise alike. Checking
//! the chain walks it from the first row, a page at a time, and names the
//! first row whose hash does not follow, or whose number skips.

use jiff::Timestamp;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

use crate::row::{Read, millis, to_millis};
use crate::{Result, Store};

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
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk { previous: GENESIS.to_vec(), expected: 1, broken: None }
    }
}

impl ChainWalk {
    /// Takes the next row; after the first break, rows are ignored.
    pub fn push(&mut self, row: &AuditRecord) {
        if self.broken.is_some() {
            return;
        }
        let expected = self.expected;
        if row.seq != expected {
            self.broken = Some((expected, format!("row {expected} is missing (the next row is {})", row.seq)));
        } else if chain_hash(&self.previous, row.seq, row.at, &row.event)[..] != row.hash[..] {
            self.broken = Some((
                row.seq,
                format!("row {} does not match its hash: it was changed, or a row before it was", row.seq),
            ));
        } else {
            self.previous.clone_from(&row.hash);
            self.expected += 1;
        }
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
    })
}

impl Store {
    /// Appends to the audit trail, chained to the last row.
    pub async fn append_audit(&self, event: AuditEvent, at: Timestamp) -> Result<AuditRecord> {
        let _one_at_a_time = self.audit_lock.lock().await;
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        if let Some(lock) = self.dialect.lock_audit_chain() {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let last =
            sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *tx).await?;
        let (previous, seq) = match last {
            Some(row) => (row.bytes("hash")?, row.count("seq")? + 1),
            None => (GENESIS.to_vec(), 1),
        };
        let at = to_millis(at);
        let hash = chain_hash(&previous, seq, at, &event).to_vec();
        sqlx::query("INSERT INTO audit_log (seq, at, actor, action, subject, hash) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(seq as i64)
            .bind(millis(at))
            .bind(&event.actor)
            .bind(&event.action)
            .bind(&event.subject)
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(AuditRecord { seq, at, event, hash })
    }

    /// Audit rows after `after_seq`, oldest first, at most `limit`.
    pub async fn audit_rows(&self, after_seq: u64, limit: u32) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, subject, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
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
            sqlx::query("SELECT seq, at, actor, action, subject, hash FROM audit_log ORDER BY seq DESC LIMIT $1")
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(record).collect()
    }

    /// The rows about one record (`case:ID`) and its parts, oldest first: a case's history.
    pub async fn audit_of(&self, subject: &str) -> Result<Vec<AuditRecord>> {
        // "case:ID" and what hangs off it ("case:ID evidence:…"); ids hold no LIKE wildcards.
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, subject, hash FROM audit_log WHERE subject = $1 OR subject LIKE $2              ORDER BY seq",
        )
        .bind(subject)
        .bind(format!("{} %", subject.replace(['%', '_'], "")))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record).collect()
    }

    /// Checks the whole chain, reading it a page at a time.
    pub async fn verify_audit(&self) -> Result<ChainCheck> {
        let mut walk = ChainWalk::default();
        let mut after = 0;
        loop {
            let page = self.audit_rows(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            page.iter().for_each(|row| walk.push(row));
        }
        Ok(walk.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<AuditRecord> {
        let mut previous = GENESIS.to_vec();
        (1..=n)
            .map(|seq| {
                let at = Timestamp::from_second(1_800_000_000 + seq as i64).unwrap();
                let event =
                    AuditEvent { actor: format!("staff:{seq}"), action: "case.read".into(), subject: "case:1".into() };
                let hash = chain_hash(&previous, seq, at, &event).to_vec();
                previous.clone_from(&hash);
                AuditRecord { seq, at, event, hash }
            })
            .collect()
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
