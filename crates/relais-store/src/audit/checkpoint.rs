//! Checkpoints: the audit trail's length and head, signed, for safekeeping
//! away from the database (another machine, a sealed envelope, the
//! supervisor's mailbox).
//!
//! Deleting the newest rows of a hash chain leaves a shorter chain that still
//! holds, and the MACs do not tell either: only something kept elsewhere
//! remembers how long the trail was. A checkpoint says "the trail had N rows,
//! and row N hashed to H", signed with an Ed25519 key derived from the master
//! key. Checked later against the trail, it shows rows cut off the end, or
//! rows up to N rewritten. It is a few lines of text:
//!
//! ```text
//! relais audit checkpoint v1
//! rows 1204
//! head 5c0f…
//! made 2026-11-30T17:00:00Z
//! key 9b1e…
//! signature 77aa…
//! ```

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use jiff::Timestamp;

use super::ChainCheck;
use crate::{Result, Store, StoreError};

/// The label of the checkpoints' signing key (see [`crate::crypto::FieldKeys::derive_key`]).
pub const SIGNING_KEY_LABEL: &str = "relais audit checkpoint v1";

const HEADER: &str = "relais audit checkpoint v1";

/// A signed statement of the trail's length and head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub rows: u64,
    pub head: Vec<u8>,
    pub made_at: Timestamp,
    pub key: [u8; 32],
    pub signature: [u8; 64],
}

/// What a checkpoint says of the trail now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointCheck {
    /// The trail holds, starts with the checkpoint's rows, and has `added` more since.
    Holds { rows: u64, added: u64 },
    /// The trail has fewer rows than the checkpoint counted: its end was cut off.
    Cut { counted: u64, left: u64 },
    /// Row `rows` no longer hashes to the checkpoint's head: rows up to it were rewritten.
    Rewritten { rows: u64 },
    /// The chain itself is broken (see [`ChainCheck::Broken`]).
    Broken { seq: u64, reason: String },
}

fn message(rows: u64, head: &[u8], made_at: Timestamp) -> String {
    format!("{HEADER}\nrows {rows}\nhead {}\nmade {made_at}\n", hex::encode(head))
}

impl Checkpoint {
    /// The checkpoint as text, to be kept elsewhere.
    pub fn to_text(&self) -> String {
        format!(
            "{}key {}\nsignature {}\n",
            message(self.rows, &self.head, self.made_at),
            hex::encode(self.key),
            hex::encode(self.signature)
        )
    }

    /// Reads a checkpoint and checks its signature (under the key it names:
    /// whether that is this helpline's key is [`Store::check_checkpoint`]'s question).
    pub fn parse(text: &str) -> Result<Checkpoint> {
        let bad = |why: &str| StoreError::Config(format!("not a Relais audit checkpoint: {why}"));
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if lines.next() != Some(HEADER) {
            return Err(bad(&format!("the first line is not {HEADER:?}")));
        }
        let mut field = |name: &str| {
            lines
                .next()
                .and_then(|l| l.strip_prefix(name))
                .and_then(|v| v.strip_prefix(' '))
                .map(str::to_owned)
                .ok_or_else(|| bad(&format!("no {name:?} line where expected")))
        };
        let rows = field("rows")?.parse::<u64>().map_err(|_| bad("rows is not a number"))?;
        let head = hex::decode(field("head")?).map_err(|_| bad("head is not hexadecimal"))?;
        let made_at = field("made")?.parse::<Timestamp>().map_err(|_| bad("made is not an instant"))?;
        let key: [u8; 32] = hex::decode(field("key")?)
            .ok()
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| bad("key is not 32 bytes of hexadecimal"))?;
        let signature: [u8; 64] = hex::decode(field("signature")?)
            .ok()
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| bad("signature is not 64 bytes of hexadecimal"))?;
        let checkpoint = Checkpoint { rows, head, made_at, key, signature };
        let verifying = VerifyingKey::from_bytes(&key).map_err(|_| bad("key is not an Ed25519 key"))?;
        verifying
            .verify(message(rows, &checkpoint.head, made_at).as_bytes(), &Signature::from_bytes(&signature))
            .map_err(|_| bad("its signature does not match what it says: it was altered"))?;
        Ok(checkpoint)
    }
}

impl Store {
    fn checkpoint_key(&self) -> SigningKey {
        SigningKey::from_bytes(&self.keys.derive_key(SIGNING_KEY_LABEL))
    }

    /// Signs the trail's length and head, after checking the whole chain: a
    /// broken trail is not vouched for.
    pub async fn audit_checkpoint(&self, now: Timestamp) -> Result<Checkpoint> {
        let walk = self.walk_audit().await?;
        let head = walk.head().map(<[u8]>::to_vec).unwrap_or_else(|| super::GENESIS.to_vec());
        let rows = match walk.finish() {
            ChainCheck::Intact { rows } => rows,
            ChainCheck::Broken { seq, reason } => {
                return Err(StoreError::Corrupt(format!("the audit trail is broken at row {seq}: {reason}")));
            }
        };
        let key = self.checkpoint_key();
        let signature = key.sign(message(rows, &head, now).as_bytes());
        Ok(Checkpoint {
            rows,
            head,
            made_at: now,
            key: key.verifying_key().to_bytes(),
            signature: signature.to_bytes(),
        })
    }

    /// What the trail has become since `checkpoint` was made. A checkpoint
    /// signed with another key than this helpline's is refused outright.
    pub async fn check_checkpoint(&self, checkpoint: &Checkpoint) -> Result<CheckpointCheck> {
        if checkpoint.key != self.checkpoint_key().verifying_key().to_bytes() {
            return Err(StoreError::Config(
                "this checkpoint was not signed with this helpline's key (another master key made it)".into(),
            ));
        }
        let (rows, seq, reason) = match self.verify_audit().await? {
            ChainCheck::Intact { rows } => (rows, 0, String::new()),
            ChainCheck::Broken { seq, reason } => (0, seq, reason),
        };
        if seq != 0 {
            return Ok(CheckpointCheck::Broken { seq, reason });
        }
        if rows < checkpoint.rows {
            return Ok(CheckpointCheck::Cut { counted: checkpoint.rows, left: rows });
        }
        let head = match checkpoint.rows {
            0 => Some(super::GENESIS.to_vec()),
            n => self.audit_row(n).await?.map(|r| r.hash),
        };
        if head.as_deref() != Some(&checkpoint.head[..]) {
            return Ok(CheckpointCheck::Rewritten { rows: checkpoint.rows });
        }
        Ok(CheckpointCheck::Holds { rows, added: rows - checkpoint.rows })
    }
}
