//! `relais migrate`: brings the database to this version's schema and stops,
//! for a deployment that migrates once before starting its servers (every
//! server also migrates when it starts; migrations are applied once, under
//! the database's own lock, whoever comes first).
use std::io::Write;

use crate::cli::Common;

pub async fn migrate(common: Common) -> anyhow::Result<()> {
    let (settings, store) = common.store().await?;
    let applied = store.migrations().await?;
    let where_ =
        if settings.database.url.is_some() { "PostgreSQL".to_owned() } else { settings.data_dir.display().to_string() };
    let mut out = std::io::stdout().lock();
    match applied.last() {
        Some((version, description)) => {
            writeln!(out, "{where_}: {} migrations applied, the last {version:04} {description}", applied.len())?
        }
        None => writeln!(out, "{where_}: no migration applied")?,
    }
    store.close().await;
    Ok(())
}
