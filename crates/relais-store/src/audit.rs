//! The hash chain behind the audit trail.
//!
//! Each row's hash covers the previous row's hash and this row's fields,
//! length-prefixed so that no two different rows serialise alike. Checking
//! the chain walks it from the first row and names the first row whose hash
//! does not follow, or whose number skips.

use jiff::Timestamp;
use sha2::{Digest, Sha256};

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

/// Walks rows in order of `seq`.
pub fn check<'a>(rows: impl IntoIterator<Item = &'a AuditRecord>) -> ChainCheck {
    let mut previous = GENESIS.to_vec();
    let mut expected = 1;
    for row in rows {
        if row.seq != expected {
            return ChainCheck::Broken {
                seq: expected,
                reason: format!("row {expected} is missing (the next row is {})", row.seq),
            };
        }
        if chain_hash(&previous, row.seq, row.at, &row.event)[..] != row.hash[..] {
            return ChainCheck::Broken {
                seq: row.seq,
                reason: format!("row {} does not match its hash: it was changed, or a row before it was", row.seq),
            };
        }
        previous.clone_from(&row.hash);
        expected += 1;
    }
    ChainCheck::Intact { rows: expected - 1 }
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
