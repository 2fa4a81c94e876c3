//! `relais`: the server, its demo, and the administrative tasks that need no
//! web page: platforms and their keys, staff accounts, the audit trail,
//! evidence bundles, the yearly report, configuration and capacity planning.

mod audit;
mod bundle;
mod capacity;
mod channels;
mod cli;
mod clients;
mod config;
mod demo;
mod migrate;
mod moving;
mod pdq;
mod plots;
mod report;
mod serve;
mod staff;

use anyhow::Context;
use clap::Parser;

use crate::cli::{Cli, Command};

/// The referral hot path allocates a little per request; mimalloc's
/// thread-local free lists make that nearly free compared with glibc's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(run(cli.command))
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Demo(args) => demo::demo(args).await,
        Command::Migrate { common } => migrate::migrate(common).await,
        Command::Export { out, common } => moving::export(out, common).await,
        Command::Import { from, common } => moving::import(from, common).await,
        Command::Platform { action } => clients::clients(action, relais_store::ClientKind::Platform).await,
        Command::AdminKey { action } => clients::clients(action, relais_store::ClientKind::Admin).await,
        Command::Channel { action } => channels::channels(action).await,
        Command::Config { action } => config::command(action),
        Command::Capacity { action } => capacity::run(action),
        Command::Staff { action } => staff::staff(action).await,
        Command::Report { action } => report::report(action).await,
        Command::Bundle { action } => bundle::bundle(action),
        Command::Audit { action } => audit::audit(action).await,
        Command::Pdq { action } => pdq::run(action),
    }
}
