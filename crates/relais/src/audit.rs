//! `relais audit`: checks the audit trail (its hash chain and every row's
//! MAC) and names the first row that was changed or removed; makes signed
//! checkpoints of its length and head, to keep elsewhere, and checks the
//! trail against one, which shows rows cut off its end.
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use relais_store::audit::{Checkpoint, CheckpointCheck};

use crate::cli::Common;

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Check the hash chain and the rows' MACs; name the first row that was
    /// changed or removed. With a checkpoint, also whether rows were cut off
    /// the end or rewritten since it was made.
    Verify {
        /// A checkpoint made by `relais audit checkpoint`.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Print a signed checkpoint of the trail (its length and last hash), to
    /// keep somewhere the database's administrators cannot write.
    Checkpoint {
        /// Write it to this file rather than to the standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
}

pub async fn audit(action: AuditAction) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match action {
        AuditAction::Verify { checkpoint: None, common } => {
            let (_, store) = common.store().await?;
            match store.verify_audit().await? {
                relais_store::ChainCheck::Intact { rows } => {
                    writeln!(out, "The audit trail is intact: {rows} rows, each chained to the one before.")?;
                }
                relais_store::ChainCheck::Broken { seq, reason } => {
                    anyhow::bail!("the audit trail is broken at row {seq}: {reason}")
                }
            }
        }
        AuditAction::Verify { checkpoint: Some(file), common } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let checkpoint = Checkpoint::parse(&text)?;
            let (_, store) = common.store().await?;
            match store.check_checkpoint(&checkpoint).await? {
                CheckpointCheck::Holds { rows, added } => writeln!(
                    out,
                    "The audit trail is intact and holds the checkpoint of {}: {rows} rows, {added} since.",
                    checkpoint.made_at
                )?,
                CheckpointCheck::Cut { counted, left } => anyhow::bail!(
                    "the audit trail was cut: the checkpoint of {} counted {counted} rows, {left} are left",
                    checkpoint.made_at
                ),
                CheckpointCheck::Rewritten { rows } => anyhow::bail!(
                    "the audit trail was rewritten: row {rows} no longer matches the checkpoint of {}",
                    checkpoint.made_at
                ),
                CheckpointCheck::Broken { seq, reason } => {
                    anyhow::bail!("the audit trail is broken at row {seq}: {reason}")
                }
            }
        }
        AuditAction::Checkpoint { out: file, common } => {
            let (_, store) = common.store().await?;
            let checkpoint = store.audit_checkpoint(jiff::Timestamp::now()).await?;
            match file {
                Some(path) => {
                    std::fs::write(&path, checkpoint.to_text())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    writeln!(out, "Checkpoint of {} rows written to {}.", checkpoint.rows, path.display())?;
                }
                None => write!(out, "{}", checkpoint.to_text())?,
            }
        }
    }
    Ok(())
}
