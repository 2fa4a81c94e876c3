//! `relais staff`: counsellors' accounts (a one-time password printed once),
//! and their second factor.
use std::io::Write;

use anyhow::Context;
use clap::Subcommand;

use crate::cli::{Common, record};

#[derive(Debug, Subcommand)]
pub enum StaffAction {
    /// Create an account and print a one-time password for the first sign-in.
    Add {
        name: String,
        /// listener, psychologist, jurist, supervisor or admin.
        #[arg(long)]
        role: String,
        #[command(flatten)]
        common: Common,
    },
    /// List the accounts.
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Turn on the second factor for an account: prints the link (and secret)
    /// to enter in an authenticator app, once. `--off` turns it off.
    Totp {
        name: String,
        #[arg(long)]
        off: bool,
        #[command(flatten)]
        common: Common,
    },
}

pub async fn staff(action: StaffAction) -> anyhow::Result<()> {
    let common = match &action {
        StaffAction::Add { common, .. } | StaffAction::List { common } | StaffAction::Totp { common, .. } => common,
    };
    let (settings, store) = common.store().await?;
    let mut out = std::io::stdout().lock();
    match action {
        StaffAction::Add { name, role, .. } => {
            let role = relais_core::staff::Role::from_code(&role).with_context(|| {
                format!("unknown role {role:?}: listener, psychologist, jurist, supervisor or admin")
            })?;
            let name = name.trim();
            anyhow::ensure!(
                !name.is_empty() && name.len() <= 100 && !name.chars().any(char::is_control),
                "a staff name is 1 to 100 printable characters"
            );
            let password = relais_store::passwords::one_time();
            let hash = relais_store::passwords::hash(&password)?;
            let staff = store.add_staff(name, role, &hash, jiff::Timestamp::now()).await?;
            record(&store, "staff.add", format!("staff:{}", staff.id)).await?;
            writeln!(
                out,
                "Added {} ({}). Sign in at /console/login with this password, shown once:",
                staff.name,
                role.code()
            )?;
            writeln!(out, "{password}")?;
        }
        StaffAction::List { .. } => {
            for s in store.list_staff().await? {
                let state = if s.disabled_at.is_some() { "disabled" } else { "active" };
                let factor = if s.has_totp { "  one-time code" } else { "" };
                writeln!(out, "{:<24} {:<13} created {}  {state}{factor}", s.name, s.role.code(), s.created_at)?;
            }
        }
        StaffAction::Totp { name, off, .. } => {
            let staff = store.staff_by_name(name.trim()).await?.with_context(|| format!("no staff member {name:?}"))?;
            if off {
                store.set_staff_totp(staff.id, None).await?;
                record(&store, "staff.totp_off", format!("staff:{}", staff.id)).await?;
                writeln!(out, "{} signs in with a password only.", staff.name)?;
            } else {
                let secret = relais_server::console::totp::new_secret();
                let directory = relais_server::state::load_directory(&settings)?;
                let issuer = directory
                    .helplines()
                    .iter()
                    .find(|h| h.id == settings.handoff.home_helpline)
                    .map_or("Relais", |h| h.name.as_str());
                let (url, base32) = relais_server::console::totp::enrolment(&secret, &staff.name, issuer)?;
                store.set_staff_totp(staff.id, Some(&secret)).await?;
                record(&store, "staff.totp_on", format!("staff:{}", staff.id)).await?;
                writeln!(
                    out,
                    "{} now signs in with a one-time code too. Add this to their authenticator app, shown once:",
                    staff.name
                )?;
                writeln!(out, "{url}")?;
                writeln!(out, "(or type the key: {base32})")?;
            }
        }
    }
    Ok(())
}
