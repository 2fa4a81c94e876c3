//! `relais channel`: the messaging-app accounts (WhatsApp, Messenger,
//! Instagram) the helpline answers on. Secrets come from the environment
//! (or the flags, which a shell's history keeps: prefer the environment) and
//! are sealed in the database; the verify token is drawn here when none is
//! given, and printed once for Meta's dashboard.
use std::io::Write;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use relais_core::messaging::AppKind;
use relais_store::messaging::{AppSecrets, NewAppChannel, Template};

use crate::cli::Common;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum App {
    Whatsapp,
    Messenger,
    Instagram,
}

impl From<App> for AppKind {
    fn from(app: App) -> AppKind {
        match app {
            App::Whatsapp => AppKind::WhatsApp,
            App::Messenger => AppKind::Messenger,
            App::Instagram => AppKind::Instagram,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ChannelAction {
    /// Connect an account; prints its webhook's address and verify token.
    Add {
        app: App,
        /// Its name, in the webhook's address: lowercase letters, digits and dashes.
        #[arg(long)]
        name: String,
        /// WhatsApp: the phone number's id; Messenger: the page's id; Instagram: the account's id.
        #[arg(long)]
        account_id: String,
        /// The Meta app's secret, which signs the webhooks.
        #[arg(long, env = "RELAIS_META_APP_SECRET", hide_env_values = true)]
        app_secret: String,
        /// The access token replies are sent with.
        #[arg(long, env = "RELAIS_META_ACCESS_TOKEN", hide_env_values = true)]
        access_token: String,
        /// The token Meta echoes when the webhook is set up; drawn at random if not given.
        #[arg(long, env = "RELAIS_META_VERIFY_TOKEN", hide_env_values = true)]
        verify_token: Option<String>,
        /// WhatsApp: the approved template that invites the child to write again, as NAME:LANGUAGE.
        #[arg(long, value_name = "NAME:LANGUAGE")]
        template: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// List the connected accounts (never their secrets).
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Disconnect an account: its webhooks are refused, its secrets erased,
    /// what waited to leave given up on; its conversations stay with their cases.
    Remove {
        name: String,
        #[command(flatten)]
        common: Common,
    },
}

pub async fn channels(action: ChannelAction) -> anyhow::Result<()> {
    let common = match &action {
        ChannelAction::Add { common, .. } | ChannelAction::List { common } | ChannelAction::Remove { common, .. } => {
            common
        }
    };
    let (settings, store) = common.store().await?;
    let webhook = |name: &str| format!("{}/webhooks/meta/{name}", settings.public_url().trim_end_matches('/'));
    let mut out = std::io::stdout().lock();
    let now = jiff::Timestamp::now();
    match action {
        ChannelAction::Add { app, name, account_id, app_secret, access_token, verify_token, template, .. } => {
            let kind = AppKind::from(app);
            anyhow::ensure!(
                !name.is_empty()
                    && name.len() <= 40
                    && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "--name: 1 to 40 lowercase letters, digits and dashes (it is part of the webhook's address)"
            );
            anyhow::ensure!(
                !account_id.is_empty() && account_id.len() <= 32 && account_id.chars().all(|c| c.is_ascii_digit()),
                "--account-id: the account's numeric id at Meta"
            );
            anyhow::ensure!(!app_secret.trim().is_empty(), "the app secret is empty");
            anyhow::ensure!(!access_token.trim().is_empty(), "the access token is empty");
            let template = match template {
                None => None,
                Some(_) if kind != AppKind::WhatsApp => anyhow::bail!("--template: only WhatsApp has templates"),
                Some(text) => {
                    let (name, language) = text
                        .split_once(':')
                        .filter(|(n, l)| !n.is_empty() && !l.is_empty())
                        .context("--template: NAME:LANGUAGE, such as reengage:fr")?;
                    Some(Template { name: name.to_owned(), language: language.to_owned() })
                }
            };
            let drawn = verify_token.is_none();
            let verify_token = verify_token.unwrap_or_else(|| {
                let mut random = [0u8; 18];
                rand::fill(&mut random[..]);
                hex::encode(random)
            });
            let secrets = AppSecrets { app_secret, access_token, verify_token: verify_token.clone() };
            let new = NewAppChannel { name: name.clone(), kind, account_id, secrets, template };
            let channel = match store.add_app_channel(new, relais_store::Actor::Cli, now).await {
                Err(relais_store::StoreError::AlreadyExists { .. }) => {
                    anyhow::bail!("a channel named {name} is connected already")
                }
                other => other?,
            };
            writeln!(out, "{} channel {} connected.", kind.name(), channel.name)?;
            writeln!(out, "Webhook address (in Meta's dashboard): {}", webhook(&channel.name))?;
            if drawn {
                writeln!(out, "Verify token (shown once; paste it beside the address): {verify_token}")?;
            }
        }
        ChannelAction::List { .. } => {
            let channels = store.app_channels().await?;
            if channels.is_empty() {
                writeln!(out, "No messaging channel is connected.")?;
            }
            for c in channels {
                let template = c.template.map(|t| format!(" template {}:{}", t.name, t.language)).unwrap_or_default();
                writeln!(
                    out,
                    "{:<24} {:<10} account {:<20}{template} since {}  {}",
                    c.name,
                    c.kind.code(),
                    c.account_id,
                    c.created_at.strftime("%Y-%m-%d"),
                    webhook(&c.name)
                )?;
            }
        }
        ChannelAction::Remove { name, .. } => {
            anyhow::ensure!(
                store.remove_app_channel(&name, relais_store::Actor::Cli, now).await?,
                "no channel named {name} is connected"
            );
            writeln!(out, "Channel {name} disconnected: its webhooks are refused and its secrets erased.")?;
        }
    }
    Ok(())
}
