//! `relais audit verify`: walks the audit trail's hash chain and names the
//! first row that was changed or removed.
use std::io::Write;

use clap::Subcommand;

use crate::cli::Common;

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Check the hash chain; name the first row that was changed or removed.
    Verify {
        #[command(flatten)]
        common: Common,
    },
}

pub async fn audit(action: AuditAction) -> anyhow::Result<()> {
    let AuditAction::Verify { common } = action;
    let (_, store) = common.store().await?;
    match store.verify_audit().await? {
        relais_store::ChainCheck::Intact { rows } => {
            writeln!(
                std::io::stdout().lock(),
                "The audit trail is intact: {rows} rows, each chained to the one before."
            )?;
            Ok(())
        }
        relais_store::ChainCheck::Broken { seq, reason } => {
            anyhow::bail!("the audit trail is broken at row {seq}: {reason}")
        }
    }
}
