//! `relais staff`: counsellors' accounts (a one-time password printed once,
//! to be changed at the first sign-in), their second factor, a forgotten
//! password and a departure. Whatever changes how an account signs in ends
//! its sessions.
use std::io::Write;

use anyhow::Context;
use clap::Subcommand;

use crate::cli::Common;

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
    /// Give an account a new one-time password (printed once, to be changed at
    /// the next sign-in), for someone who forgot theirs; ends its sessions.
    ResetPassword {
        name: String,
        #[command(flatten)]
        common: Common,
    },
    /// Disable an account (someone who left, a lost laptop): it can no longer
    /// sign in, and its sessions end now. Its cases and audit rows stay.
    Disable {
        name: String,
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
        StaffAction::Add { common, .. }
        | StaffAction::List { common }
        | StaffAction::ResetPassword { common, .. }
        | StaffAction::Disable { common, .. }
        | StaffAction::Totp { common, .. } => common,
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
            let staff = store.add_staff(name, role, &hash, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
            writeln!(
                out,
                "Added {} ({}). Sign in at /console/login with this password, shown once, then choose your own:",
                staff.name,
                role.code()
            )?;
            writeln!(out, "{password}")?;
        }
        StaffAction::List { .. } => {
            for s in store.list_staff().await? {
                let state = if s.disabled_at.is_some() { "disabled" } else { "active" };
                let factor = if s.has_totp { "  one-time code" } else { "" };
                let first = if s.must_change_password { "  password to change" } else { "" };
                writeln!(out, "{:<24} {:<13} created {}  {state}{factor}{first}", s.name, s.role.code(), s.created_at)?;
            }
        }
        StaffAction::ResetPassword { name, .. } => {
            let staff = existing(&store, &name).await?;
            anyhow::ensure!(staff.disabled_at.is_none(), "{} is disabled", staff.name);
            let password = relais_store::passwords::one_time();
            let hash = relais_store::passwords::hash(&password)?;
            store.set_staff_password(staff.id, &hash, false, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
            writeln!(
                out,
                "{}'s sessions are ended. Their one-time password, shown once, to change at the next sign-in:",
                staff.name
            )?;
            writeln!(out, "{password}")?;
        }
        StaffAction::Disable { name, .. } => {
            let staff = existing(&store, &name).await?;
            if store.disable_staff(staff.id, relais_store::Actor::Cli, jiff::Timestamp::now()).await? {
                writeln!(out, "{} is disabled: they can no longer sign in, and their sessions ended.", staff.name)?;
            } else {
                writeln!(out, "{} was already disabled.", staff.name)?;
            }
        }
        StaffAction::Totp { name, off, .. } => {
            let staff = existing(&store, &name).await?;
            if off {
                store.set_staff_totp(staff.id, None, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
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
                store.set_staff_totp(staff.id, Some(&secret), relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
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

async fn existing(store: &relais_store::Store, name: &str) -> anyhow::Result<relais_store::Staff> {
    store.staff_by_name(name.trim()).await?.with_context(|| format!("no staff member {name:?}"))
}
