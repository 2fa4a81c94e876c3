//! `relais export` and `relais import`: a helpline moved from one database to
//! another (SQLite to PostgreSQL as it grows, and back), with everything it
//! holds. The export stays sealed: the target's data directory needs the
//! source's `relais.key`, copied apart from the export.
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::Common;

pub async fn export(out: Option<PathBuf>, common: Common) -> anyhow::Result<()> {
    let (_, store) = common.store().await?;
    let moved = match &out {
        Some(path) => {
            // Readable by its owner only: it holds every case's metadata and the staff's password hashes.
            let file = std::os::unix::fs::OpenOptionsExt::mode(
                std::fs::OpenOptions::new().write(true).create_new(true),
                0o600,
            )
            .open(path)
            .with_context(|| format!("cannot create {} (an export is never written over)", path.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            let moved = store.export(&mut writer, jiff::Timestamp::now()).await;
            if moved.is_err() {
                // Half an export is no export.
                let _ = std::fs::remove_file(path);
            }
            moved?
        }
        None => store.export(&mut std::io::BufWriter::new(std::io::stdout()), jiff::Timestamp::now()).await?,
    };
    store.close().await;
    let rows: u64 = moved.tables.iter().map(|(_, n)| n).sum();
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "Exported {rows} rows of {} tables{}.",
        moved.tables.len(),
        out.map(|p| format!(" to {}", p.display())).unwrap_or_default()
    )?;
    writeln!(err, "It is sealed: importing it needs this data directory's relais.key, kept apart from it.")?;
    Ok(())
}

pub async fn import(from: PathBuf, common: Common) -> anyhow::Result<()> {
    let file = std::fs::File::open(&from).with_context(|| format!("cannot read {}", from.display()))?;
    let (settings, store) = common.store().await?;
    let moved = store.import(&mut std::io::BufReader::new(file), jiff::Timestamp::now()).await?;
    let checked = store.verify_audit().await?;
    store.close().await;
    let where_ =
        if settings.database.url.is_some() { "PostgreSQL".to_owned() } else { settings.data_dir.display().to_string() };
    let mut out = std::io::stdout().lock();
    let rows: u64 = moved.tables.iter().map(|(_, n)| n).sum();
    writeln!(out, "{where_}: imported {rows} rows of {} tables from {}.", moved.tables.len(), from.display())?;
    for table in ["cases", "conversations", "notices", "staff", "clients"] {
        writeln!(out, "  {table:<14} {}", moved.rows(table))?;
    }
    match checked {
        relais_store::ChainCheck::Intact { rows } => writeln!(out, "The audit trail is intact: {rows} rows.")?,
        relais_store::ChainCheck::Broken { seq, reason } => {
            anyhow::bail!("the audit trail is broken at row {seq}: {reason}")
        }
    }
    Ok(())
}
