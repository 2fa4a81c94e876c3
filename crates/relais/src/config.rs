//! Settings: defaults, then `relais.toml` (or `--config FILE`), then
//! `RELAIS_*` environment variables (`RELAIS_DATABASE__URL` for
//! `database.url`), then command-line flags.

use std::path::{Path, PathBuf};

use std::io::Write;

use anyhow::Context;
use clap::Subcommand;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use relais_server::Settings;

use crate::cli::Common;

/// The settings' top-level names, from the settings themselves, so that a new
/// section is settable from the environment the day it is added.
fn sections() -> Vec<String> {
    let mut names = match toml::Value::try_from(Settings::default()) {
        Ok(toml::Value::Table(table)) => table.keys().cloned().collect(),
        _ => Vec::new(),
    };
    // Unset options are not serialised.
    names.push("public_url".to_owned());
    names
}

pub fn load(file: Option<&Path>) -> anyhow::Result<Settings> {
    layered(file, true)
}

/// Defaults and `RELAIS_*` variables only: the demo's, which never reads an
/// operator's `relais.toml` and keeps its embedded database (see `demo`).
pub fn environment_only() -> anyhow::Result<Settings> {
    let mut settings = layered(None, false)?;
    settings.database.url = None;
    Ok(settings)
}

fn layered(file: Option<&Path>, local_file: bool) -> anyhow::Result<Settings> {
    let mut figment = Figment::from(Serialized::defaults(Settings::default()));
    match file {
        Some(path) => {
            anyhow::ensure!(path.exists(), "the configuration file {} does not exist", path.display());
            figment = figment.merge(Toml::file_exact(path));
        }
        None if local_file && Path::new("relais.toml").exists() => {
            figment = figment.merge(Toml::file_exact("relais.toml"))
        }
        None => {}
    }
    let sections = sections();
    let env = Env::prefixed("RELAIS_").split("__").filter(move |key| {
        let section = key.as_str().split('.').next().unwrap_or_default();
        sections.iter().any(|s| s.eq_ignore_ascii_case(section))
    });
    figment
        .merge(env)
        .extract()
        .context("the configuration is not valid (check relais.toml and the RELAIS_* variables)")
}

/// Applies the flags every command shares.
pub fn with_flags(mut settings: Settings, listen: Option<std::net::SocketAddr>, data_dir: Option<PathBuf>) -> Settings {
    if let Some(listen) = listen {
        settings.listen = listen;
    }
    if let Some(dir) = data_dir {
        settings.data_dir = dir;
    }
    settings
}

/// A commented example configuration with every default.
pub fn default_toml() -> anyhow::Result<String> {
    let body = toml::to_string_pretty(&Settings::default()).context("cannot render the defaults")?;
    Ok(format!(
        "# relais.toml: every setting below is the default; keep only what you change.\n\
         # Each can also be set from the environment: RELAIS_LISTEN, RELAIS_DATABASE__URL, …\n\
         # database.url: a postgres:// URL; when absent, SQLite in data_dir.\n\
         # public_url: where children and platforms reach this server (default http://<listen>).\n\n{body}"
    ))
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print a configuration file with every default.
    Default,
    /// Print the configuration in force (defaults, file, environment).
    Show {
        #[command(flatten)]
        common: Common,
    },
}

pub fn command(action: ConfigAction) -> anyhow::Result<()> {
    let text = match action {
        ConfigAction::Default => default_toml()?,
        ConfigAction::Show { common } => toml::to_string_pretty(&common.settings(None)?.redacted())?,
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}
