//! `relais demo`: Relais and Piaf, the stand-in social network, on loopback,
//! with a platform key, one account per role and Piaf receiving the
//! helpline's notices over HTTPS; it prints where to start.
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use relais_store::{ClientKind, Store, StoreError};
use tokio::net::TcpListener;

use crate::cli::DemoArgs;
use crate::config;
use crate::serve::{prepare, shutdown_signal};

pub async fn demo(args: DemoArgs) -> anyhow::Result<()> {
    // The environment tunes the demo (RELAIS_NOTICES__MAX_ATTEMPTS=2 to watch a dead letter sooner).
    let mut settings = config::with_flags(
        config::environment_only()?,
        args.listen,
        Some(args.data_dir.unwrap_or_else(|| PathBuf::from("relais-demo"))),
    );
    settings.stats.flush_seconds = 2;
    // Metrics are never public: the demo's scraper token is made now and printed below.
    let metrics_token =
        settings.metrics.token.get_or_insert_with(relais_server::console::session::random_token).clone();
    let (mut settings, listener, store) = prepare(settings).await?;
    const DEMO: &str = "Piaf";
    match store.revoke_client(DEMO, ClientKind::Platform, relais_store::Actor::Cli, jiff::Timestamp::now()).await {
        Ok(_) | Err(StoreError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let (piaf_client, key) =
        store.add_client(DEMO, ClientKind::Platform, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
    let url = settings.public_url();
    let key = key.expose();
    let piaf_addr = args.platform_listen.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8081)));
    let piaf_listener =
        TcpListener::bind(piaf_addr).await.with_context(|| format!("cannot listen on {piaf_addr} for Piaf"))?;
    let piaf = format!("http://{}", piaf_listener.local_addr()?);
    // Piaf's pages may frame the two-choice page and be where "Report to Piaf" leads.
    store.add_origin(piaf_client.id, &piaf, relais_store::Actor::Cli, jiff::Timestamp::now()).await?;
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
                category_minutes: [(relais_core::Category::Sextortion, 30)].into(),
                fallback_contact: Some("trust-and-safety@piaf.example".into()),
            },
            relais_store::Actor::Cli,
            jiff::Timestamp::now(),
        )
        .await?;
    let inbox = relais_mock_platform::inbox::Inbox::new(secret);
    inbox.set(|b| {
        b.acknowledge_after = std::time::Duration::from_secs(1);
        b.decide_after = std::time::Duration::from_secs(4);
    });
    let meta = whatsapp(&store, &mut settings, &url, &piaf).await?;
    // One Piaf for people (plain HTTP, its feed, report flow, moderation desk and Meta's stand-in),
    // and the same Piaf, sharing its inbox, over HTTPS for the helpline's notices.
    for (listener, tls) in [(piaf_listener, None), (inbox_listener, Some(identity))] {
        let piaf_settings = relais_mock_platform::MockSettings {
            relais_api: url.clone(),
            relais_public: url.clone(),
            api_key: key.clone(),
            inbox: Some(inbox.clone()),
            meta: tls.is_none().then(|| meta.clone()),
            tls,
        };
        tokio::spawn(relais_mock_platform::run(piaf_settings, listener, std::future::pending()));
    }
    let accounts = demo_staff(&store).await?;
    demo_hash_list(&store).await?;
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
         \x20 Metrics (Prometheus)     curl -s {url}/metrics -H 'Authorization: Bearer {metrics_token}'\n\n\
         A 14-year-old reports harassment in France; what should the platform show?\n\n\
         \x20 curl -s {url}/v1/referrals -H 'Authorization: Bearer {key}' \\\n\
         \x20   -H 'Content-Type: application/json' \\\n\
         \x20   -d '{{\"country\":\"FR\",\"category\":\"harassment\",\"reporter\":{{\"role\":\"victim\",\"age\":14}}}}'\n\n\
         Try \"age\":30, \"category\":\"threats\", \"country\":\"DE\" or \"at\":\"2026-11-28T22:30:00Z\".\n\
         Statistics: curl -s {url}/v1/stats/referrals -H 'Authorization: Bearer {key}'\n\n\
         The counsellors' console: {url}/console/login (passwords new at every start)\n{accounts}\n\
         Live chat, while the line is open (09:00-23:00, Paris): on Piaf, report as a 14-year-old,\n\
         share with the 3018, then tap \"Discuter par écrit\": the chat opens with Piaf's report in it\n\
         (or go straight to {url}/chat/fr-3018). In the console, sign in as ecoutant and press\n\
         \"Prendre le suivant\": the chat opens at {url}/console/chats; write, pass it to a juriste,\n\
         end it. The child's code and word then open {url}/suivi to read the replies and write again.\n\n\
         On a case opened from Piaf, the juriste can notify Piaf as a trusted flagger: Piaf checks the\n\
         signature, confirms receipt after a second and removes the content a few seconds later.\n\
         Piaf's moderation desk, {piaf}/inbox, shows what arrived and makes its inbox fail on command;\n\
         notices reach Piaf over HTTPS at {notices_endpoint}.\n\n\
         WhatsApp: {piaf}/meta is a child's phone on WhatsApp (Meta's side played by Piaf). Write from\n\
         it: the conversation waits in the console's queue like a chat; take it, answer in the pane,\n\
         and the reply arrives on the phone, with its ticks (sent, delivered, read) in the pane.\n\
         The same page makes Meta fail on command (window closed, rate limit, 500s, lost answers,\n\
         webhooks delivered twice); a reply given up on waits for the supervisors in the console.\n\n\
         Advice for children and parents: {url}/conseils, and the self-check {url}/suis-je-harcele.\n\
         Every page a child opens has a quick exit (Quitter, or the Escape key).\n\n\
         Piaf's platform key:\n{key}\n",
        dir = settings.data_dir.display(),
    )?;
    out.flush()?;
    drop(out);
    relais_server::run(settings, store, listener, shutdown_signal()).await?;
    Ok(())
}

/// A WhatsApp channel played by Piaf's stand-in for Meta: its Graph API is
/// where the demo's replies go, its phone writes to the channel's webhook.
async fn whatsapp(
    store: &Store,
    settings: &mut relais_server::Settings,
    url: &str,
    piaf: &str,
) -> anyhow::Result<relais_mock_platform::meta::Meta> {
    use relais_store::messaging::{AppSecrets, NewAppChannel, Template};
    const NAME: &str = "3018-whatsapp";
    let now = jiff::Timestamp::now();
    store.remove_app_channel(NAME, relais_store::Actor::Cli, now).await?;
    let secrets = AppSecrets {
        app_secret: relais_server::console::session::random_token(),
        access_token: relais_server::console::session::random_token(),
        verify_token: relais_server::console::session::random_token(),
    };
    let channel = NewAppChannel {
        name: NAME.to_owned(),
        kind: relais_core::messaging::AppKind::WhatsApp,
        account_id: "106540352242922".to_owned(),
        secrets: secrets.clone(),
        template: Some(Template { name: "reecrire_au_3018".to_owned(), language: "fr".to_owned() }),
    };
    store.add_app_channel(channel, relais_store::Actor::Cli, now).await?;
    settings.messaging.graph_url = format!("{piaf}/graph");
    let meta = relais_mock_platform::meta::Meta::new(relais_mock_platform::meta::MetaChannel {
        app: relais_mock_platform::meta::App::WhatsApp,
        webhook_url: format!("{url}/webhooks/meta/{NAME}"),
        account_id: "106540352242922".to_owned(),
        app_secret: secrets.app_secret,
        access_token: secrets.access_token,
    });
    meta.served_at(piaf);
    Ok(meta)
}

/// The hash of Meta's test photo of a bridge (ThreatExchange's `bridge-1`) and its
/// seven turned and flipped hashes, as `relais pdq hash --dihedral` prints them.
const DEMO_PHOTO: [&str; 8] = [
    "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",
    "30a10efd71c83f429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af",
    "adad5a64b5a102e55b62a08856dacd5ae63b847fc337b4b766b319361bc93188",
    "a5f0b457a49995e8c1065c275aaa54d8b61ba49df8fcfc0383c32f8b0bfc4f05",
    "f8f80f31e0f457b00637f5d5028f980fb36ed12a9622e1e233e64c634e9c64dd",
    "0dad2599b1a1bd1a5362576752da32a5e63b7380c2374b4866b346c91bc9ce77",
    "f0a5e102f1ccc0bd945308720fff038de34ef1e8ada9a956d2967ade5ea91a50",
    "a5f04ba8a4996a17c906a3d85aaaa927b61b5b42f8fc03fc87c3d0740bfcb0fa",
];

/// One photo on the list platforms fetch, so that the guide's commands have
/// something to match: a finished case whose child protected a photo (Meta's
/// test picture of a bridge), confirmed by the demo's jurist.
async fn demo_hash_list(store: &Store) -> anyhow::Result<()> {
    use relais_core::case::{CaseStatus, ContactChannel, Skill};
    if !store.listed_hashes().await?.is_empty() {
        return Ok(());
    }
    let now = jiff::Timestamp::now();
    let jurist = store.staff_by_name("juriste").await?.context("the demo's jurist")?.id;
    let case = store
        .open_case(relais_store::NewCase::waiting(
            ContactChannel::WebForm,
            relais_core::Category::Ncii,
            relais_core::AgeBand::Age13To17,
            relais_core::risk::RiskLevel::High,
            Skill::Jurist,
            now,
        ))
        .await?;
    store.take_next(jurist, Skill::Jurist, now).await?;
    let hashes: Vec<relais_pdq::Hash> = DEMO_PHOTO.iter().map(|h| h.parse()).collect::<Result<_, _>>()?;
    let photo =
        relais_store::image_hashes::NewImageHash { hash: hashes[0], quality: 100, dihedral: hashes[1..].to_vec() };
    store.add_image_hashes(case.id, &[photo], now).await?;
    for h in store.image_hashes(case.id).await? {
        store.confirm_image_hash(case.id, h.id, jurist, now).await?;
    }
    store.set_case_status(case.id, CaseStatus::Resolved, jurist, now).await?;
    Ok(())
}

/// One account per role, with a fresh password printed each time the demo starts.
async fn demo_staff(store: &Store) -> anyhow::Result<String> {
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
        let now = jiff::Timestamp::now();
        let id = match store.staff_by_name(name).await? {
            Some(existing) => existing.id,
            None => store.add_staff(name, role, &hash, relais_store::Actor::Cli, now).await?.id,
        };
        // A demo's accounts sign in with the printed password, with no change asked.
        store.set_staff_password(id, &hash, true, relais_store::Actor::Cli, now).await?;
        lines.push_str(&format!("  {name:<13} {password}   ({})\n", role.code()));
    }
    Ok(lines)
}
