//! The commands.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use relais_server::Settings;
use relais_store::{ClientKind, Store, StoreError};
use tokio::net::TcpListener;

use crate::config;

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
    /// Manage the platforms allowed to call the API.
    Platform {
        #[command(subcommand)]
        action: ClientAction,
    },
    /// Manage admin API keys (all statistics), for the helpline's own scripts.
    AdminKey {
        #[command(subcommand)]
        action: ClientAction,
    },
    /// Show the configuration.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Manage staff accounts (listeners, psychologists, jurists, supervisors, admins).
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Evidence bundles: check one, or show the key that signs them.
    Bundle {
        #[command(subcommand)]
        action: BundleAction,
    },
    /// Reports the helpline publishes.
    Report {
        #[command(subcommand)]
        action: ReportAction,
    },
    /// Capacity planning: simulate scenarios, staff to a service level.
    Capacity {
        #[command(subcommand)]
        action: crate::capacity::CapacityAction,
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
    fn settings(&self, listen: Option<SocketAddr>) -> anyhow::Result<Settings> {
        Ok(config::with_flags(config::load(self.config.as_deref())?, listen, self.data_dir.clone()))
    }
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

#[derive(Debug, Subcommand)]
pub enum BundleAction {
    /// Checks a bundle's signature and every file in it; names what was altered.
    Verify {
        file: PathBuf,
        /// The helpline's public key (hex), as `relais bundle public-key` prints it; by default the
        /// key of the data directory's master key.
        #[arg(long)]
        public_key: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Prints the public key that signs this helpline's bundles, to give to their recipients.
    PublicKey {
        #[command(flatten)]
        common: Common,
    },
}

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

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Check the hash chain; name the first row that was changed or removed.
    Verify {
        #[command(flatten)]
        common: Common,
    },
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

pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = args.common.settings(args.listen)?;
    run_server(settings).await
}

async fn run_server(settings: Settings) -> anyhow::Result<()> {
    let (settings, listener, store) = prepare(settings).await?;
    relais_server::run(settings, store, listener, shutdown_signal()).await?;
    Ok(())
}

/// Binds the listener and opens the store. The public URL, when not
/// configured, names the port actually bound (`--listen 127.0.0.1:0` works).
async fn prepare(mut settings: Settings) -> anyhow::Result<(Settings, TcpListener, Arc<dyn Store>)> {
    let store = relais_store::open(settings.database.url.as_deref(), &settings.data_dir)
        .await
        .with_context(|| format!("cannot open the database in {}", settings.data_dir.display()))?;
    let listener =
        TcpListener::bind(settings.listen).await.with_context(|| format!("cannot listen on {}", settings.listen))?;
    settings.listen = listener.local_addr()?;
    Ok((settings, listener, store))
}

pub async fn demo(args: DemoArgs) -> anyhow::Result<()> {
    // The environment tunes the demo (RELAIS_NOTICES__MAX_ATTEMPTS=2 to watch a dead letter sooner).
    let mut settings = config::with_flags(
        config::environment_only()?,
        args.listen,
        Some(args.data_dir.unwrap_or_else(|| PathBuf::from("relais-demo"))),
    );
    settings.stats.flush_seconds = 2;
    let (mut settings, listener, store) = prepare(settings).await?;
    const DEMO: &str = "Piaf";
    match store.revoke_client(DEMO, ClientKind::Platform).await {
        Ok(_) | Err(StoreError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let (piaf_client, key) = store.add_client(DEMO, ClientKind::Platform).await?;
    let url = settings.public_url();
    let key = key.expose();
    let piaf_addr = args.platform_listen.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8081)));
    let piaf_listener =
        TcpListener::bind(piaf_addr).await.with_context(|| format!("cannot listen on {piaf_addr} for Piaf"))?;
    let piaf = format!("http://{}", piaf_listener.local_addr()?);
    // Piaf receives the helpline's notices over HTTPS, as a real platform does, on a certificate
    // from a throwaway authority the demo's server is told to trust; it checks their signatures
    // and removes the content a few seconds later.
    let roots = settings.data_dir.join("piaf-authority.pem");
    let identity = relais_mock_platform::TlsIdentity::throwaway("Piaf demo authority", &roots)?;
    if let Some(operator_roots) = &settings.notices.extra_roots_pem {
        let mut both = std::fs::read(&roots)?;
        both.extend(
            std::fs::read(operator_roots).with_context(|| format!("cannot read {}", operator_roots.display()))?,
        );
        std::fs::write(&roots, both)?;
    }
    settings.notices.extra_roots_pem = Some(roots);
    let inbox_listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let notices_endpoint = format!("https://localhost:{}/notices", inbox_listener.local_addr()?.port());
    let secret = relais_server::console::session::random_token().into_bytes();
    store
        .set_connector(
            relais_store::Connector {
                client_id: piaf_client.id,
                endpoint: notices_endpoint.clone(),
                secret: secret.clone(),
                sla_minutes: settings.notices.default_sla_minutes,
                // Piaf promises faster on blackmail with images, as a platform may.
                category_minutes: [("sextortion".to_owned(), 30)].into(),
                fallback_contact: Some("trust-and-safety@piaf.example".into()),
            },
            jiff::Timestamp::now(),
        )
        .await?;
    let inbox = relais_mock_platform::inbox::Inbox::new(secret);
    inbox.set(|b| {
        b.acknowledge_after = std::time::Duration::from_secs(1);
        b.decide_after = std::time::Duration::from_secs(4);
    });
    // One Piaf for people (plain HTTP, its feed, report flow and moderation desk), and the same
    // Piaf, sharing its inbox, over HTTPS for the helpline's notices.
    for (listener, tls) in [(piaf_listener, None), (inbox_listener, Some(identity))] {
        let piaf_settings = relais_mock_platform::MockSettings {
            relais_api: url.clone(),
            relais_public: url.clone(),
            api_key: key.clone(),
            inbox: Some(inbox.clone()),
            tls,
        };
        tokio::spawn(relais_mock_platform::run(piaf_settings, listener, std::future::pending()));
    }
    let accounts = demo_staff(store.as_ref()).await?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\nRelais demo: data in {dir}\n\n\
         \x20 Piaf, a social network   {piaf}/\n\
         \x20   report the post as a 14-year-old, share it with the 3018, and tap \"Parler au 3018\";\n\
         \x20   {piaf}/?at=2026-11-28T23:30:00%2B01:00 shows the line at 23:30, closed\n\
         \x20 API description          {url}/openapi.json\n\
         \x20 Helplines                {url}/v1/helplines?country=FR\n\
         \x20 Contact card             {url}/contact.vcf\n\
         \x20 Metrics                  {url}/metrics\n\n\
         A 14-year-old reports harassment in France; what should the platform show?\n\n\
         \x20 curl -s {url}/v1/referrals -H 'Authorization: Bearer {key}' \\\n\
         \x20   -H 'Content-Type: application/json' \\\n\
         \x20   -d '{{\"country\":\"FR\",\"category\":\"harassment\",\"reporter\":{{\"role\":\"victim\",\"age\":14}}}}'\n\n\
         Try \"age\":30, \"category\":\"threats\", \"country\":\"DE\" or \"at\":\"2026-11-28T22:30:00Z\".\n\
         Statistics: curl -s {url}/v1/stats/referrals -H 'Authorization: Bearer {key}'\n\n\
         The counsellors' console: {url}/console/login (passwords new at every start)\n{accounts}\n\
         On a case opened from Piaf, the juriste can notify Piaf as a trusted flagger: Piaf checks the\n\
         signature, confirms receipt after a second and removes the content a few seconds later.\n\
         Piaf's moderation desk, {piaf}/inbox, shows what arrived and makes its inbox fail on command;\n\
         notices reach Piaf over HTTPS at {notices_endpoint}.\n\n\
         Piaf's platform key:\n{key}\n",
        dir = settings.data_dir.display(),
    )?;
    out.flush()?;
    drop(out);
    relais_server::run(settings, store, listener, shutdown_signal()).await?;
    Ok(())
}

/// One account per role, with a fresh password printed each time the demo starts.
async fn demo_staff(store: &dyn Store) -> anyhow::Result<String> {
    use relais_core::staff::Role;
    let mut lines = String::new();
    for (name, role) in [
        ("ecoutant", Role::Listener),
        ("psychologue", Role::Psychologist),
        ("juriste", Role::Jurist),
        ("superviseur", Role::Supervisor),
        ("admin", Role::Admin),
    ] {
        let password = relais_store::passwords::one_time();
        let hash = relais_store::passwords::hash(&password)?;
        match store.staff_by_name(name).await? {
            Some(existing) => store.set_staff_password(&existing.id, &hash).await?,
            None => {
                store.add_staff(name, role, &hash).await?;
            }
        }
        lines.push_str(&format!("  {name:<13} {password}   ({})\n", role.code()));
    }
    Ok(lines)
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
        | ClientAction::Connect { common, .. } => common,
    };
    let settings = common.settings(None)?;
    let store = relais_store::open(settings.database.url.as_deref(), &settings.data_dir).await?;
    let mut out = std::io::stdout().lock();
    match action {
        ClientAction::Add { name, .. } => {
            let name = name.trim();
            anyhow::ensure!(
                !name.is_empty() && name.len() <= 100 && !name.chars().any(char::is_control),
                "a {what} name is 1 to 100 printable characters"
            );
            let (client, key) = store.add_client(name, kind).await?;
            audit_cli(store.as_ref(), &format!("{}.add", cli_name(kind)), format!("client:{}", client.id)).await?;
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
                if let Some(connector) = store.connector(&c.id).await? {
                    let by_category: String =
                        connector.category_minutes.iter().map(|(c, m)| format!(", {c} {m} min")).collect();
                    writeln!(
                        out,
                        "{:<24} notices to {}, target {} min{by_category}",
                        "", connector.endpoint, connector.sla_minutes
                    )?;
                }
            }
        }
        ClientAction::Revoke { name, .. } => {
            let client = store.revoke_client(&name, kind).await?;
            audit_cli(store.as_ref(), &format!("{}.revoke", cli_name(kind)), format!("client:{}", client.id)).await?;
            writeln!(out, "Revoked {what} {:?}; its key stops working within seconds.", client.name)?;
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
                    Some((category.code().to_owned(), m.trim().parse::<u32>().ok().filter(|m| minutes_ok(*m))?))
                });
                let Some((category, minutes)) = parsed else {
                    anyhow::bail!("--category-sla {pair:?}: CATEGORY=MINUTES, a category code and 1 minute to a week");
                };
                category_minutes.insert(category, minutes);
            }
            let client = store
                .list_clients(kind)
                .await?
                .into_iter()
                .find(|c| c.name == name.trim() && c.revoked_at.is_none())
                .with_context(|| format!("no platform {name:?} in force: add it first"))?;
            let secret = relais_server::console::session::random_token();
            let connector = relais_store::Connector {
                client_id: client.id.clone(),
                endpoint: endpoint.clone(),
                secret: secret.clone().into_bytes(),
                sla_minutes,
                category_minutes,
                fallback_contact,
            };
            store.set_connector(connector, jiff::Timestamp::now()).await?;
            audit_cli(store.as_ref(), "platform.connect", format!("client:{}", client.id)).await?;
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

pub async fn staff(action: StaffAction) -> anyhow::Result<()> {
    let common = match &action {
        StaffAction::Add { common, .. } | StaffAction::List { common } | StaffAction::Totp { common, .. } => common,
    };
    let settings = common.settings(None)?;
    let store = relais_store::open(settings.database.url.as_deref(), &settings.data_dir).await?;
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
            let staff = store.add_staff(name, role, &hash).await?;
            audit_cli(store.as_ref(), "staff.add", format!("staff:{}", staff.id)).await?;
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
                store.set_staff_totp(&staff.id, None).await?;
                audit_cli(store.as_ref(), "staff.totp_off", format!("staff:{}", staff.id)).await?;
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
                store.set_staff_totp(&staff.id, Some(&secret)).await?;
                audit_cli(store.as_ref(), "staff.totp_on", format!("staff:{}", staff.id)).await?;
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

pub fn bundle(action: BundleAction) -> anyhow::Result<()> {
    use relais_server::bundle;
    let helpline_key = |common: &Common| -> anyhow::Result<ed25519_dalek::VerifyingKey> {
        let settings = common.settings(None)?;
        let keys = relais_store::FieldKeys::load_or_create(&settings.data_dir)?;
        Ok(bundle::signing_key(keys.derive_key(bundle::KEY_LABEL)).verifying_key())
    };
    let mut out = std::io::stdout().lock();
    match action {
        BundleAction::PublicKey { common } => {
            writeln!(out, "{}", hex::encode(helpline_key(&common)?.to_bytes()))?;
            Ok(())
        }
        BundleAction::Verify { file, public_key, common } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let key = match public_key {
                Some(hex_key) => {
                    let raw: [u8; 32] = hex::decode(hex_key.trim())
                        .ok()
                        .and_then(|b| b.try_into().ok())
                        .context("a public key is 64 hexadecimal digits")?;
                    ed25519_dalek::VerifyingKey::from_bytes(&raw).context("not an Ed25519 public key")?
                }
                None => helpline_key(&common)?,
            };
            match bundle::verify(&bytes, Some(&key)) {
                bundle::Verdict::Intact { files, .. } => {
                    writeln!(
                        out,
                        "{}: intact, signed by the helpline's key; {files} files as listed.",
                        file.display()
                    )?;
                    Ok(())
                }
                bundle::Verdict::Altered(problems) => {
                    anyhow::bail!("{} does not check out:\n  {}", file.display(), problems.join("\n  "))
                }
            }
        }
    }
}

pub async fn report(action: ReportAction) -> anyhow::Result<()> {
    let ReportAction::TrustedFlagger { year, out, common } = action;
    anyhow::ensure!((2024..=9998).contains(&year), "a year from 2024, when the DSA applied to all platforms");
    let settings = common.settings(None)?;
    let store = relais_store::open(settings.database.url.as_deref(), &settings.data_dir).await?;
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
    let r = report::for_year(store.as_ref(), year, &zone, notifier, independence).await?;
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
    audit_cli(store.as_ref(), "report.trusted_flagger", format!("year:{year}")).await?;
    Ok(())
}

pub async fn audit(action: AuditAction) -> anyhow::Result<()> {
    let AuditAction::Verify { common } = action;
    let settings = common.settings(None)?;
    let store = relais_store::open(settings.database.url.as_deref(), &settings.data_dir).await?;
    match relais_store::verify_audit(store.as_ref()).await? {
        relais_store::ChainCheck::Intact { rows } => {
            writeln!(
                std::io::stdout().lock(),
                "The audit trail is intact: {rows} rows, each chained to the one before."
            )?;
            Ok(())
        }
        relais_store::ChainCheck::Broken { seq, reason } => {
            anyhow::bail!("the audit trail is broken at row {seq}: {reason}")
        }
    }
}

/// Records what an operator did from the command line.
async fn audit_cli(store: &dyn relais_store::Store, action: &str, subject: String) -> anyhow::Result<()> {
    let event = relais_store::AuditEvent { actor: "cli".into(), action: action.into(), subject };
    store.append_audit(event, jiff::Timestamp::now()).await?;
    Ok(())
}

pub fn config(action: ConfigAction) -> anyhow::Result<()> {
    let text = match action {
        ConfigAction::Default => config::default_toml()?,
        ConfigAction::Show { common } => toml::to_string_pretty(&common.settings(None)?)?,
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
