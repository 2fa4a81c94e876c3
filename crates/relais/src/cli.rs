//! The command line's shape: the commands, the options they share, and the
//! two things every administrative command does (open the store the settings
//! name, record what it did in the audit trail). Each command lives in its
//! own module.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use relais_server::Settings;
use relais_store::{AuditEvent, Store};

use crate::{audit, bundle, capacity, clients, config, report, staff};

#[derive(Debug, Parser)]
#[command(name = "relais", version, about = "Relais: the safe button, the helpline and the platforms, linked.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Run the server with demo data, and print how to try it.
    Demo(DemoArgs),
    /// Bring the database to this version's schema, then stop (servers also do it when they start).
    Migrate {
        #[command(flatten)]
        common: Common,
    },
    /// Write the whole helpline (cases, sealed data, keys, audit trail) to a file, to move it to another database.
    Export {
        /// The file to write (never over an existing one) [default: the standard output].
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Read an export into this configuration's database, which must be empty; the data directory must hold the
    /// source's relais.key.
    Import {
        /// An export made by `relais export`.
        #[arg(value_name = "FILE")]
        from: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Manage the platforms allowed to call the API.
    Platform {
        #[command(subcommand)]
        action: clients::ClientAction,
    },
    /// Manage admin API keys (all statistics), for the helpline's own scripts.
    AdminKey {
        #[command(subcommand)]
        action: clients::ClientAction,
    },
    /// Manage the messaging-app accounts (WhatsApp, Messenger, Instagram) the helpline answers on.
    Channel {
        #[command(subcommand)]
        action: crate::channels::ChannelAction,
    },
    /// Show the configuration.
    Config {
        #[command(subcommand)]
        action: config::ConfigAction,
    },
    /// Manage staff accounts (listeners, psychologists, jurists, supervisors, admins).
    Staff {
        #[command(subcommand)]
        action: staff::StaffAction,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        action: audit::AuditAction,
    },
    /// Evidence bundles: check one, or show the key that signs them.
    Bundle {
        #[command(subcommand)]
        action: bundle::BundleAction,
    },
    /// Reports the helpline publishes.
    Report {
        #[command(subcommand)]
        action: report::ReportAction,
    },
    /// Capacity planning: simulate scenarios, staff to a service level.
    Capacity {
        #[command(subcommand)]
        action: capacity::CapacityAction,
    },
    /// PDQ image hashes, as platforms match them: hash files, compare two hashes.
    Pdq {
        #[command(subcommand)]
        action: crate::pdq::PdqAction,
    },
}

#[derive(Debug, Args)]
pub struct Common {
    /// Directory of the SQLite database [default: ./relais-data].
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Configuration file [default: ./relais.toml if present].
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
}

impl Common {
    pub fn settings(&self, listen: Option<SocketAddr>) -> anyhow::Result<Settings> {
        Ok(config::with_flags(config::load(self.config.as_deref())?, listen, self.data_dir.clone()))
    }

    /// A public key the helpline signs with, derived from the data directory's
    /// master key under `label` (evidence bundles, the hash list).
    pub fn public_key(&self, label: &str) -> anyhow::Result<ed25519_dalek::VerifyingKey> {
        let settings = self.settings(None)?;
        let keys = relais_store::FieldKeys::load_or_create(&settings.data_dir)?;
        Ok(relais_server::bundle::signing_key(keys.derive_key(label)).verifying_key())
    }

    /// The settings and the store they name, for an administrative command.
    pub async fn store(&self) -> anyhow::Result<(Settings, Store)> {
        let settings = self.settings(None)?;
        let store = Store::open(settings.database.url.as_deref(), &settings.data_dir)
            .await
            .with_context(|| format!("cannot open the database in {}", settings.data_dir.display()))?;
        Ok((settings, store))
    }
}

/// Records what an operator did from the command line.
pub async fn record(store: &Store, action: &str, subject: String) -> anyhow::Result<()> {
    let event = AuditEvent { actor: "cli".into(), action: action.into(), subject };
    store.append_audit(event, jiff::Timestamp::now()).await?;
    Ok(())
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Directory of the demo's database [default: ./relais-demo].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Address of Piaf, the stand-in social network [default: 127.0.0.1:8081].
    #[arg(long)]
    pub platform_listen: Option<SocketAddr>,
}
