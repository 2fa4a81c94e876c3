//! `relais report`: the reports the helpline publishes, starting with the
//! trusted flagger's yearly report (DSA Art. 22(3)).
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use crate::cli::{Common, record};

#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// The trusted flagger's yearly report (DSA Art. 22(3)): JSON, CSV and a printable HTML page.
    TrustedFlagger {
        #[arg(long)]
        year: i16,
        /// Where to write the three files.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

pub async fn report(action: ReportAction) -> anyhow::Result<()> {
    let ReportAction::TrustedFlagger { year, out, common } = action;
    anyhow::ensure!((2024..=9998).contains(&year), "a year from 2024, when the DSA applied to all platforms");
    let (settings, store) = common.store().await?;
    let directory = relais_server::state::load_directory(&settings)?;
    let zone = directory
        .helplines()
        .iter()
        .find(|h| h.id == settings.handoff.home_helpline)
        .map_or(jiff::tz::TimeZone::UTC, |h| h.hours.zone.clone());
    use relais_server::notices::report;
    let notifier = relais_server::notices::notifier_name(&settings, &directory);
    let independence =
        settings.notices.statement_of_independence.clone().unwrap_or_else(|| report::INDEPENDENCE.to_owned());
    let r = report::for_year(&store, year, &zone, notifier, independence).await?;
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let base = out.join(format!("trusted-flagger-{year}"));
    let files = [
        (base.with_extension("json"), serde_json::to_string_pretty(&r)?),
        (base.with_extension("csv"), report::csv(&r)),
        (base.with_extension("html"), report::html(&r)?),
    ];
    let mut stdout = std::io::stdout().lock();
    for (path, text) in files {
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(stdout, "{}", path.display())?;
    }
    writeln!(stdout, "{} notices in {year}, to {} platforms.", r.notices, r.by_platform.len())?;
    record(&store, "report.trusted_flagger", format!("year:{year}")).await?;
    Ok(())
}
