//! The deployment guide's configurations, run: `docs/deployment.md`'s blocks
//! are read from the page, and only addresses, ports and paths change.
//!
//! One machine: the systemd unit's command with its configuration serves.
//!
//! Several: two servers on one PostgreSQL database behind nginx, with a
//! throwaway certificate, the proxy trusted, requests spread round-robin.
//! Referral counts from both add up; both servers deliver notices and each
//! is delivered once; a child's chat through the proxy (a WebSocket over
//! TLS) is answered from panes on either server; failed sign-ins spread
//! over both servers hold the guesser's forwarded address back on both;
//! counsellors on both take
//! cases at once and none is taken twice; then one server is killed with
//! SIGKILL while counsellors work, and nothing they were told is lost, the
//! proxy moving them to the survivor.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use relais_core::case::{CaseStatus, ContactChannel, Skill};
use relais_core::id::{CaseId, NoticeId, StaffId};
use relais_core::risk::RiskLevel;
use relais_core::{AgeBand, Category};
use relais_store::{Actor, ClientKind, NewCase, Store};

use crate::guide::{free_port, guide_block, guide_block_with, start_nginx, substitute, until};
use crate::instances::{data_dir, message_from, postgres_url, server, socket, start};

const PASSWORD: &str = "a long enough secret";
const METRICS_TOKEN: &str = "metrics-token-for-this-test";

/// The sum of a counter's series on one server (asked directly, not through the proxy).
async fn counted(server: &str, name: &str) -> f64 {
    let text = reqwest::Client::new()
        .get(format!("{server}/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines().filter(|l| l.starts_with(name)).filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok()).sum()
}

type Wss = tokio_tungstenite::WebSocketStream<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>;

/// A WebSocket through nginx over TLS, trusting the throwaway authority in `roots`.
async fn wss(port: u16, path: &str, roots: &Path) -> Wss {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, ServerName};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut trusted = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(roots).unwrap() {
        trusted.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder().with_root_certificates(trusted).with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    let request = format!("wss://localhost:{port}{path}").into_client_request().unwrap();
    tokio_tungstenite::client_async(request, tls).await.unwrap().0
}

fn frame(value: serde_json::Value) -> tokio_tungstenite::tungstenite::Message {
    tokio_tungstenite::tungstenite::Message::Text(value.to_string().into())
}

/// A counsellor signed in through the proxy: each of their requests may reach either server.
struct Counsellor {
    id: StaffId,
    http: reqwest::Client,
    base: String,
    session: String,
    csrf: String,
}

impl Counsellor {
    async fn sign_in(http: &reqwest::Client, base: &str, name: &str, id: StaffId) -> Counsellor {
        let (session, csrf) = crate::guide::sign_in(http, base, name, PASSWORD).await;
        Counsellor { id, http: http.clone(), base: base.to_owned(), session, csrf }
    }

    /// The case given, none when the queue is empty, or the answer that said neither (a
    /// server that died under the request: not acknowledged, maybe done).
    async fn take_next(&self) -> Result<Option<CaseId>, String> {
        let answer = self
            .http
            .post(format!("{}/console/take-next", self.base))
            .header("cookie", &self.session)
            .form(&[("csrf", self.csrf.as_str())])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if answer.status() != reqwest::StatusCode::SEE_OTHER {
            return Err(answer.status().to_string());
        }
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        if location == "/console?empty=1" {
            return Ok(None);
        }
        // `/console/cases/{id}`, or `/console/chats#pane-{id}` for a conversation.
        let id = location.rsplit('/').next().and_then(|last| last.rsplit("pane-").next()).unwrap();
        Ok(Some(CaseId::parse(id).unwrap_or_else(|| panic!("a case in {location}"))))
    }
}

/// Every counsellor takes cases at once until the queue is empty; what each was told.
async fn take_all(counsellors: &Arc<Vec<Counsellor>>, told: &Arc<AtomicUsize>) -> (Vec<(StaffId, CaseId)>, usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..counsellors.len() {
        let (counsellors, told) = (counsellors.clone(), told.clone());
        tasks.spawn(async move {
            let me = &counsellors[n];
            let (mut taken, mut unanswered, mut empty) = (Vec::new(), 0, 0);
            // The queue is empty when both servers said so in a row (the proxy alternates).
            while empty < 2 {
                match me.take_next().await {
                    Ok(Some(case)) => {
                        taken.push((me.id, case));
                        told.fetch_add(1, Ordering::SeqCst);
                        empty = 0;
                    }
                    Ok(None) => empty += 1,
                    Err(_) => unanswered += 1,
                }
            }
            (taken, unanswered)
        });
    }
    let (mut taken, mut unanswered) = (Vec::new(), 0);
    while let Some(done) = tasks.join_next().await {
        let (mine, lost) = done.unwrap();
        taken.extend(mine);
        unanswered += lost;
    }
    (taken, unanswered)
}

fn no_case_twice(taken: &[(StaffId, CaseId)]) -> HashMap<CaseId, StaffId> {
    let mut by_case = HashMap::new();
    for (staff, case) in taken {
        assert!(by_case.insert(*case, *staff).is_none(), "case {case} was given twice");
    }
    by_case
}

async fn open_cases(store: &Store, n: usize) -> Vec<CaseId> {
    let mut cases = Vec::new();
    for _ in 0..n {
        let new = NewCase::waiting(
            ContactChannel::Phone,
            Category::Harassment,
            AgeBand::Age13To17,
            RiskLevel::None,
            Skill::Jurist,
            jiff::Timestamp::now(),
        );
        cases.push(store.open_case(new).await.unwrap().id);
    }
    cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_behind_nginx_share_the_work_and_survive_the_loss_of_one() {
    let Some(database) = postgres_url().await else { return };
    if !crate::guide::nginx_installed() {
        assert!(std::env::var_os("CI").is_none(), "CI installs nginx: the servers must be tested behind it");
        return;
    }
    relais_server::tls::install();
    let root = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/helplines.toml")).unwrap();
    let directory = root.path().join("helplines.toml");
    std::fs::write(&directory, shipped.replace("hours = \"mon-sun 09:00-23:00\"", "hours = \"24/7\"")).unwrap();
    let (a_dir, b_dir) = (data_dir(root.path(), "a"), data_dir(root.path(), "b"));
    let tag = uuid::Uuid::now_v7().simple().to_string();
    let store = Store::open(Some(&database), &a_dir).await.unwrap();
    let now = jiff::Timestamp::now;

    // A throwaway authority: its certificate for "localhost" serves nginx and the platform's notice endpoint.
    let roots = root.path().join("authority.pem");
    let identity = relais_mock_platform::TlsIdentity::throwaway("Relais test authority", &roots).unwrap();
    let (cert, key) = (root.path().join("fullchain.pem"), root.path().join("privkey.pem"));
    std::fs::write(&cert, &identity.cert_pem).unwrap();
    std::fs::write(&key, &identity.key_pem).unwrap();

    // The platform, with its key and its notice endpoint.
    let (piaf, piaf_key) =
        store.add_client(&format!("Piaf-{tag}"), ClientKind::Platform, Actor::Cli, now()).await.unwrap();
    let secret = format!("secret-{tag}").into_bytes();
    let inbox = relais_mock_platform::inbox::Inbox::new(secret.clone());
    let inbox_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("https://localhost:{}/notices", inbox_listener.local_addr().unwrap().port());
    let port = free_port();
    let public = format!("https://localhost:{port}");
    tokio::spawn(relais_mock_platform::run(
        relais_mock_platform::MockSettings {
            relais_api: public.clone(),
            relais_public: public.clone(),
            api_key: piaf_key.expose().to_owned(),
            inbox: Some(inbox.clone()),
            tls: Some(identity),
            meta: None,
        },
        inbox_listener,
        std::future::pending(),
    ));
    let connector = relais_store::Connector {
        client_id: piaf.id,
        endpoint,
        secret,
        sla_minutes: 60,
        category_minutes: Default::default(),
        fallback_contact: None,
    };
    store.set_connector(connector, Actor::Cli, now()).await.unwrap();

    // Four jurists with their own passwords.
    let hash = relais_store::passwords::hash(PASSWORD).unwrap();
    let mut jurists = Vec::new();
    for n in 0..4 {
        let name = format!("juriste-{n}-{tag}");
        let staff = store.add_staff(&name, relais_core::staff::Role::Jurist, &hash, Actor::Cli, now()).await.unwrap();
        store.set_staff_password(staff.id, &hash, true, Actor::Cli, now()).await.unwrap();
        jurists.push((name, staff.id));
    }

    // The servers, configured as the guide shows, and nginx in front of them.
    let config = substitute(
        guide_block("## Several machines", "toml"),
        &[
            ("postgres://relais:change-me@db.example.org:5432/relais", &database),
            ("https://relais.example.org", &public),
            ("\"10.0.0.10\"", "\"127.0.0.1\""),
            ("/var/lib/relais", a_dir.to_str().unwrap()),
        ],
    );
    let config_file = root.path().join("relais.toml");
    std::fs::write(&config_file, config).unwrap();
    let launch = |dir: &Path| {
        let mut command = server(dir, &directory);
        command
            .arg("--config")
            .arg(&config_file)
            .env("RELAIS_NOTICES__EXTRA_ROOTS_PEM", &roots)
            .env("RELAIS_NOTICES__REQUEST_TIMEOUT_SECONDS", "1")
            .env("RELAIS_STATS__FLUSH_SECONDS", "1")
            .env("RELAIS_METRICS__TOKEN", METRICS_TOKEN)
            .env("RELAIS_CONSOLE__FREE_FAILURES_PER_NAME", "2");
        start(command)
    };
    let (a, a_url) = launch(&a_dir);
    let (mut b, b_url) = launch(&b_dir);
    let upstreams = [a_url.trim_start_matches("http://"), b_url.trim_start_matches("http://")];
    let _nginx = start_nginx(&root.path().join("nginx"), port, &upstreams, &cert, &key);
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&std::fs::read(&roots).unwrap()).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let health = http.get(format!("{public}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), reqwest::StatusCode::OK, "nginx answers over TLS");
    assert!(health.headers().contains_key("strict-transport-security"), "the servers know they are behind HTTPS");

    // Referrals through the proxy: each server counts its own; the database adds them up.
    let referral =
        serde_json::json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}});
    let refer = async || {
        let answer = http.post(format!("{public}/v1/referrals")).bearer_auth(piaf_key.expose()).json(&referral);
        answer.send().await.unwrap().status()
    };
    for _ in 0..100 {
        assert_eq!(refer().await, reqwest::StatusCode::OK);
    }
    until("both servers' referral counts written", 30, async || {
        store.referral_counts(Some(piaf.id)).await.unwrap().iter().map(|c| c.count).sum::<u64>() == 100
    })
    .await;
    let (on_a, on_b) =
        (counted(&a_url, "relais_referrals_total").await, counted(&b_url, "relais_referrals_total").await);
    assert!(on_a >= 1.0 && on_b >= 1.0 && on_a + on_b == 100.0, "round-robin: {on_a} on A, {on_b} on B");

    // Notices approved: both servers' workers lease from one outbox, and each notice arrives once.
    let mut in_hand = NewCase::waiting(
        ContactChannel::Phone,
        Category::Sextortion,
        AgeBand::Age13To17,
        RiskLevel::High,
        Skill::Jurist,
        now(),
    );
    in_hand.assigned_to = Some(jurists[0].1);
    let case = store.open_case(in_hand).await.unwrap().id;
    let approve = async |n: usize| {
        let mut ids = Vec::new();
        for _ in 0..n {
            let id = NoticeId::from(uuid::Uuid::now_v7());
            let notice = store
                .draft_notice(relais_store::NewNotice {
                    id,
                    case_id: case,
                    client_id: piaf.id,
                    category: Category::Sextortion,
                    actions: vec![relais_core::notice::ActionAsked::Removal],
                    age_band: AgeBand::Age13To17,
                    // The id is the notice's idempotency key, which the platform checks.
                    body: serde_json::json!({"id": id, "idempotency_key": id}).to_string().into_bytes(),
                    sla_minutes: 60,
                    drafted_by: jurists[0].1,
                    at: now(),
                    appeal_of: None,
                })
                .await
                .unwrap();
            assert!(store.approve_notice(notice.id, jurists[0].1, now()).await.unwrap());
            ids.push(notice.id.to_string());
        }
        ids
    };
    let first_notices = approve(30).await;
    until("every notice delivered", 60, async || {
        let received: HashSet<String> = inbox.received().into_iter().collect();
        first_notices.iter().all(|id| received.contains(id))
    })
    .await;
    assert_eq!(inbox.counts().duplicates, 0, "each notice delivered once: {:?}", inbox.counts());
    // A server counts a delivery once the platform's answer is back, a moment after the platform has it.
    let delivered = async || {
        counted(&a_url, "relais_notices_delivered_total").await
            + counted(&b_url, "relais_notices_delivered_total").await
    };
    until("both servers' deliveries counted", 30, async || delivered().await >= 30.0).await;
    assert_eq!(delivered().await, 30.0, "the two servers' workers delivered each notice once between them");
    assert_eq!(inbox.counts().duplicates, 0, "and the platform saw none twice");

    // A child's chat through the proxy (a WebSocket over TLS), answered from panes open on each
    // server: one shares the child's server, the other does not.
    {
        use futures_util::SinkExt;
        let name = format!("ecoute-{tag}");
        let listener =
            store.add_staff(&name, relais_core::staff::Role::Listener, &hash, Actor::Cli, now()).await.unwrap();
        store.set_staff_password(listener.id, &hash, true, Actor::Cli, now()).await.unwrap();
        store.set_chat_capacity(listener.id, 10, Actor::Cli, now()).await.unwrap();
        let token = crate::guide::start_chat(&http, &public, "je passe par le proxy").await;
        let ours = store.conversation_by_token(&token).await.unwrap().unwrap().case_id;
        let mut child = wss(port, "/chat/socket", &roots).await;
        child.send(frame(serde_json::json!({"type": "hello", "token": token, "after": 0}))).await.unwrap();
        let counsellor = Counsellor::sign_in(&http, &public, &name, listener.id).await;
        assert_eq!(counsellor.take_next().await.unwrap(), Some(ours), "the child's chat, the only one, is offered");
        let headers = [("cookie", counsellor.session.clone()), ("origin", public.clone())];
        let mut panes = Vec::new();
        for server in [&a_url, &b_url] {
            let mut pane = socket(&format!("{server}/console/cases/{ours}/chat/socket"), &headers).await;
            pane.send(frame(serde_json::json!({"type": "hello", "after": 0}))).await.unwrap();
            assert_eq!(message_from(&mut pane, "child").await, "je passe par le proxy");
            panes.push(pane);
        }
        for (n, pane) in panes.iter_mut().enumerate() {
            let text = format!("réponse du serveur {n}");
            pane.send(frame(serde_json::json!({"type": "send", "id": format!("p{n}"), "text": text}))).await.unwrap();
            assert_eq!(message_from(&mut child, "counsellor").await, text);
        }
        child.send(frame(serde_json::json!({"type": "send", "id": "c1", "text": "merci"}))).await.unwrap();
        for pane in &mut panes {
            assert_eq!(message_from(pane, "child").await, "merci");
        }
    }

    // Failed sign-ins through the proxy: each server takes the client's address from what nginx
    // forwards (this test's client claims one, behind the trusted proxy). Three failures spread
    // over both servers (two free, then a wait) hold that address back wherever it goes next,
    // which neither server's own count would; another address is heard.
    let (jurist, _) = &jurists[1];
    // Each attempt also claims another address in a `Forwarded` header of its own, which nginx
    // drops as the guide says (the servers would believe it before `X-Forwarded-For`).
    let spoofed = AtomicUsize::new(1);
    let attempt = async |from: &str, password: &str| {
        let claim = format!("for=192.0.2.{}", spoofed.fetch_add(1, Ordering::SeqCst));
        let login = http.get(format!("{public}/console/login")).header("x-forwarded-for", from).send().await.unwrap();
        let login_cookie = crate::guide::cookie(&login, "relais_login_csrf");
        let csrf = crate::guide::form_field(&login.text().await.unwrap(), "csrf");
        let form = [("name", jurist.as_str()), ("password", password), ("csrf", csrf.as_str())];
        let answer = http.post(format!("{public}/console/login")).header("x-forwarded-for", from);
        answer.header("forwarded", claim).header("cookie", login_cookie).form(&form).send().await.unwrap().status()
    };
    const FAILED: &str = "relais_console_failed_sign_ins_total";
    for _ in 0..3 {
        assert_eq!(attempt("203.0.113.9", "a wrong guess").await, reqwest::StatusCode::UNAUTHORIZED);
        if counted(&a_url, FAILED).await == 0.0 || counted(&b_url, FAILED).await == 0.0 {
            // One request more, so that round-robin sends the next form to the other server.
            http.get(format!("{public}/healthz")).send().await.unwrap();
        }
    }
    let (on_a, on_b) = (counted(&a_url, FAILED).await, counted(&b_url, FAILED).await);
    assert!(on_a >= 1.0 && on_b >= 1.0 && on_a + on_b == 3.0, "failures spread: {on_a} on A, {on_b} on B");
    for _ in 0..2 {
        // Whichever server the proxy picks, the guesser waits, even with the right password.
        assert_eq!(attempt("203.0.113.9", PASSWORD).await, reqwest::StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(attempt("198.51.100.4", PASSWORD).await, reqwest::StatusCode::SEE_OTHER, "the counsellor's own desk");

    // Counsellors signed in through the proxy take cases at once, from both servers.
    let mut counsellors = Vec::new();
    for (name, id) in &jurists {
        counsellors.push(Counsellor::sign_in(&http, &public, name, *id).await);
    }
    let counsellors = Arc::new(counsellors);
    let ours = open_cases(&store, 60).await;
    let told = Arc::new(AtomicUsize::new(0));
    let (taken, unanswered) = take_all(&counsellors, &told).await;
    assert_eq!((unanswered, taken.len()), (0, ours.len()), "both servers answered every request, every case given");
    let by_case = no_case_twice(&taken);
    for case in &ours {
        let (held, _) = store.case_file(*case).await.unwrap().unwrap();
        assert_eq!((held.status, held.assigned_to), (CaseStatus::InProgress, by_case.get(case).copied()), "{case}");
    }
    let served: HashSet<StaffId> = taken.iter().map(|(s, _)| *s).collect();
    assert!(served.len() > 1, "the counsellors took cases side by side");

    // One server killed outright while the counsellors work and notices are on their way.
    let ours = open_cases(&store, 60).await;
    let late_notices = approve(20).await;
    told.store(0, Ordering::SeqCst);
    let work = {
        let (counsellors, told) = (counsellors.clone(), told.clone());
        tokio::spawn(async move { take_all(&counsellors, &told).await })
    };
    until("the counsellors under way", 30, async || told.load(Ordering::SeqCst) >= 10).await;
    b.0.kill().unwrap();
    b.0.wait().unwrap();
    let at_the_kill = told.load(Ordering::SeqCst);
    let (taken, unanswered) = work.await.unwrap();
    assert!(taken.len() > at_the_kill, "the survivor went on giving cases after the kill");
    let by_case = no_case_twice(&taken);
    // What a counsellor was told is theirs is theirs; a case taken by a request that died with
    // the server (never acknowledged) is still held, by one of them, in their own cases.
    let mut held_unacknowledged = 0;
    for case in &ours {
        let (held, _) = store.case_file(*case).await.unwrap().unwrap();
        assert_eq!(held.status, CaseStatus::InProgress, "{case} was taken");
        match by_case.get(case) {
            Some(staff) => assert_eq!(held.assigned_to, Some(*staff), "{case} is with whoever was told"),
            None => {
                assert!(jurists.iter().any(|(_, id)| held.assigned_to == Some(*id)), "{case} is held");
                held_unacknowledged += 1;
            }
        }
    }
    assert!(held_unacknowledged <= unanswered, "only requests that went unanswered went unacknowledged");
    until("the survivor delivers every notice, the dead server's leases run out", 60, async || {
        let received: HashSet<String> = inbox.received().into_iter().collect();
        late_notices.iter().all(|id| received.contains(id))
    })
    .await;

    // The proxy sends everyone to the survivor: sessions opened on either server still work.
    for counsellor in counsellors.iter() {
        let home = http.get(format!("{public}/console")).header("cookie", &counsellor.session).send().await.unwrap();
        assert_eq!(home.status(), reqwest::StatusCode::OK);
    }
    assert_eq!(refer().await, reqwest::StatusCode::OK, "the survivor answers referrals");
    drop(a);
}

/// The one-machine configuration and the systemd unit's command start a
/// server on the configured address that keeps its database and key in the
/// configured directory (nothing on its command line but the unit's).
#[tokio::test]
async fn the_guides_single_machine_configuration_serves() {
    relais_server::tls::install();
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("var-lib-relais");
    let config = root.path().join("relais.toml");
    let port = free_port();
    let toml = substitute(
        guide_block("## One machine", "toml"),
        &[("/var/lib/relais", data.to_str().unwrap()), ("127.0.0.1:8080", &format!("127.0.0.1:{port}"))],
    );
    std::fs::write(&config, toml).unwrap();
    let unit = guide_block_with("## One machine", "ini", "relais.service");
    let exec = unit.lines().find_map(|l| l.strip_prefix("ExecStart=")).expect("the unit starts relais");
    let mut args: Vec<&str> = exec.split_whitespace().collect();
    assert_eq!(args.remove(0), "/usr/local/bin/relais");
    let at = args.iter().position(|a| *a == "/etc/relais/relais.toml").expect("the unit names the configuration");
    args[at] = config.to_str().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(&args)
        .env_remove("RELAIS_DATABASE__URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let ready = format!("http://127.0.0.1:{port}/readyz");
    let up = async || reqwest::get(&ready).await.is_ok_and(|answer| answer.status() == reqwest::StatusCode::OK);
    until("the server up on the configured address", 30, up).await;
    assert!(data.join("relais.db").exists() && data.join("relais.key").exists(), "kept in the configured directory");
    crate::commands::stop(child);
}
