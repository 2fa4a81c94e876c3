//! `relais platform` and `relais admin-key`: the clients of the API, their
//! keys (shown once), and where a platform receives the helpline's notices.
use std::io::Write;

use anyhow::Context;
use clap::Subcommand;
use relais_store::ClientKind;

use crate::cli::Common;

#[derive(Debug, Subcommand)]
pub enum ClientAction {
    /// Register one, and print its API key once.
    Add {
        name: String,
        #[command(flatten)]
        common: Common,
    },
    /// List them, revoked ones included.
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Revoke one: its key stops working within seconds.
    Revoke {
        name: String,
        #[command(flatten)]
        common: Common,
    },
    /// The web origins a platform's pages come from: the only ones that may frame
    /// the two-choice page and that a "Report to …" link may lead to. Lists them.
    Origins {
        name: String,
        /// An origin to register, such as https://social.example; repeatable.
        #[arg(long, value_name = "ORIGIN")]
        add: Vec<String>,
        /// An origin to forget; repeatable.
        #[arg(long, value_name = "ORIGIN")]
        remove: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Where a platform receives trusted-flagger notices; prints the signing secret once.
    Connect {
        name: String,
        /// The platform's HTTPS endpoint for notices.
        #[arg(long)]
        endpoint: String,
        /// The time the helpline expects a decision in.
        #[arg(long, default_value_t = 60)]
        sla_minutes: u32,
        /// Another target for one category, as CATEGORY=MINUTES (e.g. sextortion=30); repeatable.
        #[arg(long = "category-sla", value_name = "CATEGORY=MINUTES")]
        category_sla: Vec<String>,
        /// Whom to reach when deliveries keep failing (an e-mail address or a phone number).
        #[arg(long)]
        fallback_contact: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

pub async fn clients(action: ClientAction, kind: ClientKind) -> anyhow::Result<()> {
    let what = match kind {
        ClientKind::Platform => "platform",
        ClientKind::Admin => "admin key",
    };
    let common = match &action {
        ClientAction::Add { common, .. }
        | ClientAction::List { common }
        | ClientAction::Revoke { common, .. }
        | ClientAction::Origins { common, .. }
        | ClientAction::Connect { common, .. } => common,
    };
    let (_, store) = common.store().await?;
    let mut out = std::io::stdout().lock();
    match action {
        ClientAction::Add { name, .. } => {
            let name = name.trim();
            anyhow::ensure!(
                !name.is_empty() && name.len() <= 100 && !name.chars().any(char::is_control),
                "a {what} name is 1 to 100 printable characters"
            );
            let (client, key) = store.add_client(name, kind, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
            writeln!(out, "Added {what} {:?} (id {}).", client.name, client.id)?;
            writeln!(out, "Its API key follows; it is shown only this once, so keep it in a secret store.")?;
            writeln!(out, "{}", key.expose())?;
        }
        ClientAction::List { .. } => {
            let clients = store.list_clients(kind).await?;
            if clients.is_empty() {
                writeln!(out, "No {what} yet: add one with `relais {} add NAME`.", cli_name(kind))?;
            }
            for c in clients {
                let status = match c.revoked_at {
                    Some(at) => format!("revoked {at}"),
                    None => "active".to_owned(),
                };
                writeln!(
                    out,
                    "{:<24} {:<10} created {}  key rl_live_{}_…  {status}",
                    c.name, what, c.created_at, c.key_id
                )?;
                if let Some(connector) = store.connector(c.id).await? {
                    let mut targets: Vec<(&str, u32)> =
                        connector.category_minutes.iter().map(|(c, m)| (c.code(), *m)).collect();
                    targets.sort_unstable();
                    let by_category: String = targets.iter().map(|(c, m)| format!(", {c} {m} min")).collect();
                    writeln!(
                        out,
                        "{:<24} notices to {}, target {} min{by_category}",
                        "", connector.endpoint, connector.sla_minutes
                    )?;
                }
            }
        }
        ClientAction::Revoke { name, .. } => {
            let client = store.revoke_client(&name, kind, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
            keys_changed(&store).await;
            writeln!(out, "Revoked {what} {:?}; its key stops working within seconds.", client.name)?;
        }
        ClientAction::Origins { name, add, remove, .. } => {
            anyhow::ensure!(kind == ClientKind::Platform, "only platforms serve pages");
            let client = in_force(&store, kind, &name).await?;
            let now = jiff::Timestamp::now();
            // All read before any is stored: one bad origin changes nothing.
            let changes = add
                .iter()
                .map(|o| ("--add", o))
                .chain(remove.iter().map(|o| ("--remove", o)))
                .map(|(flag, text)| {
                    relais_server::origin::parse(text)
                        .map(|origin| (flag, origin))
                        .map_err(|why| anyhow::anyhow!("{flag} {text:?}: {why}"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            for (flag, origin) in changes {
                if flag == "--add" {
                    store.add_origin(client.id, &origin, relais_store::Actor::Cli, now).await?;
                } else {
                    store.remove_origin(client.id, &origin, relais_store::Actor::Cli, now).await?;
                }
            }
            keys_changed(&store).await;
            let origins: Vec<String> =
                store.all_origins().await?.into_iter().filter(|(c, _)| *c == client.id).map(|(_, o)| o).collect();
            if origins.is_empty() {
                writeln!(out, "{:?} has no origin: its pages cannot frame the two-choice page.", client.name)?;
            }
            for origin in origins {
                writeln!(out, "{origin}")?;
            }
        }
        ClientAction::Connect { name, endpoint, sla_minutes, category_sla, fallback_contact, .. } => {
            anyhow::ensure!(kind == ClientKind::Platform, "only platforms receive notices");
            let endpoint = endpoint.trim().to_owned();
            if let Err(why) = relais_server::tls::endpoint_allowed(&endpoint) {
                anyhow::bail!("--endpoint: {why}");
            }
            let minutes_ok = |m: u32| (1..=7 * 24 * 60).contains(&m);
            anyhow::ensure!(minutes_ok(sla_minutes), "--sla-minutes: the target is 1 minute to a week");
            let mut category_minutes = std::collections::BTreeMap::new();
            for pair in &category_sla {
                let parsed = pair.split_once('=').and_then(|(c, m)| {
                    let category = relais_core::Category::from_code(c.trim())?;
                    Some((category, m.trim().parse::<u32>().ok().filter(|m| minutes_ok(*m))?))
                });
                let Some((category, minutes)) = parsed else {
                    anyhow::bail!("--category-sla {pair:?}: CATEGORY=MINUTES, a category code and 1 minute to a week");
                };
                category_minutes.insert(category, minutes);
            }
            let client = in_force(&store, kind, &name).await?;
            let secret = relais_server::console::session::random_token();
            let connector = relais_store::Connector {
                client_id: client.id,
                endpoint: endpoint.clone(),
                secret: secret.clone().into_bytes(),
                sla_minutes,
                category_minutes,
                fallback_contact,
            };
            store.set_connector(connector, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
            writeln!(
                out,
                "Notices for {:?} go to {endpoint}, signed (X-Relais-Signature) with this secret,",
                client.name
            )?;
            writeln!(out, "shown only this once; give it to the platform to check signatures:")?;
            writeln!(out, "{secret}")?;
        }
    }
    Ok(())
}

fn cli_name(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Platform => "platform",
        ClientKind::Admin => "admin-key",
    }
}

/// The client of that name still in force.
async fn in_force(store: &relais_store::Store, kind: ClientKind, name: &str) -> anyhow::Result<relais_store::Client> {
    store
        .list_clients(kind)
        .await?
        .into_iter()
        .find(|c| c.name == name.trim() && c.revoked_at.is_none())
        .with_context(|| format!("no platform {name:?} in force: add it first"))
}

/// Tells the running servers sharing this PostgreSQL database to reload the
/// keys now, not at their next look (`auth.refresh_seconds`); on SQLite the
/// one server reloads on its own.
async fn keys_changed(store: &relais_store::Store) {
    if store.signals_between_servers()
        && let Err(e) = store.signal(relais_server::chat::bus::KEYS_CHANGED).await
    {
        eprintln!("the running servers were not told ({e}); they reload the keys within auth.refresh_seconds");
    }
}
