//! No notice is lost: with the platform failing half of its deliveries and
//! down for a stretch, and the Relais server killed with SIGKILL mid-run and
//! started again, every filed notice reaches the platform, and the platform
//! recognises the repeats by their idempotency key.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use relais_core::id::NoticeId;
use relais_mock_platform::inbox::Inbox;
use relais_store::{ClientKind, NewCase, NewNotice, Store};

/// What a command printed.
fn relais(data_dir: &Path, args: &[&str]) -> String {
    crate::stdout(&crate::relais(data_dir, args))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts the server; its log goes to `server-<run>.log` in the data directory, shown if the test fails.
fn serve(data_dir: &Path, port: u16, run: u32) -> Child {
    let log = std::fs::File::create(data_dir.join(format!("server-{run}.log"))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data_dir)
        .env_remove("RELAIS_DATABASE__URL")
        .env("RELAIS_NOTICES__POLL_MILLISECONDS", "20")
        .env("RELAIS_NOTICES__BASE_BACKOFF_SECONDS", "1")
        .env("RELAIS_NOTICES__MAX_BACKOFF_SECONDS", "2")
        .env("RELAIS_NOTICES__REQUEST_TIMEOUT_SECONDS", "2")
        // Downtime must not dead-letter anything here: the platform comes back.
        .env("RELAIS_NOTICES__MAX_ATTEMPTS", "1000")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

/// The end of each server log, for a failure's message.
fn logs(data_dir: &Path) -> String {
    (1..=2)
        .map(|run| {
            let text = std::fs::read_to_string(data_dir.join(format!("server-{run}.log"))).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            format!("--- server-{run}.log (end)\n{}", lines[lines.len().saturating_sub(15)..].join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn wait_ready(url: &str) {
    relais_server::tls::install();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if reqwest::get(format!("{url}/readyz")).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not become ready");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_notice_reaches_the_platform_through_failures_downtime_and_a_killed_server() {
    const NOTICES: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let key = relais(data, &["platform", "add", "Piaf"]).lines().last().unwrap().to_owned();
    let inbox_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let inbox_url = format!("http://{}/notices", inbox_listener.local_addr().unwrap());
    let connected = relais(data, &["platform", "connect", "Piaf", "--endpoint", &inbox_url]);
    let secret = connected.lines().last().unwrap().to_owned();

    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let inbox = Inbox::new(secret.into_bytes());
    // Half the deliveries fail; some arrive but their answer is lost (so they come again).
    inbox.set(|b| {
        b.fail_ratio = 0.5;
        b.fail_after_receipt_ratio = 0.2;
        // Slower than a retry, even one held back by the downtime (a few seconds, then at most
        // `max_backoff` more), so that a lost answer always means a second delivery: a receipt
        // acknowledged first would close the outbox entry and hide the repeat.
        b.acknowledge_after = Duration::from_secs(8);
        b.decide_after = Duration::from_millis(8500);
    });
    let settings = relais_mock_platform::MockSettings {
        relais_api: url.clone(),
        relais_public: url.clone(),
        api_key: key,
        inbox: Some(inbox.clone()),
        tls: None,
        meta: None,
    };
    tokio::spawn(relais_mock_platform::run(settings, inbox_listener, std::future::pending()));

    let mut server = serve(data, port, 1);
    wait_ready(&url).await;
    // The helpline files notices meanwhile, through the same database the server uses.
    let store = Store::open_sqlite(&data.join("relais.db")).await.unwrap();
    let piaf = store.list_clients(ClientKind::Platform).await.unwrap().remove(0);
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let jurist = store
        .add_staff("jo", relais_core::staff::Role::Jurist, &hash, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    let case = store
        .open_case(NewCase::waiting(
            relais_core::case::ContactChannel::Phone,
            relais_core::Category::Harassment,
            relais_core::AgeBand::Age13To17,
            relais_core::risk::RiskLevel::Low,
            relais_core::case::Skill::Jurist,
            jiff::Timestamp::now(),
        ))
        .await
        .unwrap();
    let mut filed = Vec::new();
    let file = |n: usize| {
        let store = store.clone();
        let (case_id, client_id, jurist) = (case.id, piaf.id, jurist.id);
        async move {
            let id = NoticeId::from(uuid::Uuid::now_v7());
            let body = serde_json::json!({"id": id, "idempotency_key": id, "items": [{"url": format!("https://piaf.example/p/{n}")}]});
            store
                .draft_notice(NewNotice {
                    id,
                    case_id,
                    client_id,
                    category: relais_core::Category::Harassment,
                    actions: vec![relais_core::notice::ActionAsked::Removal],
                    age_band: relais_core::AgeBand::Age13To17,
                    body: serde_json::to_vec(&body).unwrap(),
                    sla_minutes: 60,
                    drafted_by: jurist,
                    at: jiff::Timestamp::now(),
                    appeal_of: None,
                })
                .await
                .unwrap();
            assert!(store.approve_notice(id, jurist, jiff::Timestamp::now()).await.unwrap());
            id
        }
    };
    let started = Instant::now();
    for n in 0..NOTICES / 2 {
        filed.push(file(n).await);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The platform goes down for a stretch, and the server is killed outright in the middle of it.
    inbox.set(|b| b.down = true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush.
    server.wait().unwrap();
    for n in NOTICES / 2..NOTICES {
        filed.push(file(n).await);
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut server = serve(data, port, 2);
    wait_ready(&url).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    inbox.set(|b| b.down = false);

    // Every filed notice arrives, and is decided, within a bound.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let received = inbox.received();
        let received: Vec<NoticeId> = received.iter().filter_map(|id| NoticeId::parse(id)).collect();
        let mut decided = 0;
        for id in &filed {
            if store.notice(*id).await.unwrap().unwrap().decided_at.is_some() {
                decided += 1;
            }
        }
        if filed.iter().all(|id| received.contains(id)) && decided == filed.len() {
            break;
        }
        if Instant::now() >= deadline {
            let mut missing = Vec::new();
            let pool =
                sqlx::SqlitePool::connect(&format!("sqlite://{}", data.join("relais.db").display())).await.unwrap();
            for id in filed.iter().filter(|id| !received.contains(id)) {
                let row: (i64, Option<i64>, Option<i64>, i64) = sqlx::query_as(
                    "SELECT next_attempt_at, done_at, dead_at, attempts FROM notice_outbox WHERE notice_id = $1",
                )
                .bind(id.to_string())
                .fetch_one(&pool)
                .await
                .unwrap();
                missing.push((*id, row, jiff::Timestamp::now().as_millisecond()));
            }
            panic!(
                "after 90 s: {} of {} received, {decided} decided; {:?}; missing: {missing:#?}\n{}",
                filed.iter().filter(|id| received.contains(id)).count(),
                filed.len(),
                inbox.counts(),
                logs(data)
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let counts = inbox.counts();
    println!(
        "reliability: {} notices filed, {} received (none lost), {} deliveries, {} failed on purpose, \
         {} duplicates recognised by idempotency key, {} bad signatures, all decided in {:.1} s",
        filed.len(),
        counts.notices,
        counts.deliveries,
        counts.failed_on_purpose,
        counts.duplicates,
        counts.bad_signatures,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(counts.notices as usize, filed.len(), "each notice counted once by the platform");
    assert_eq!(counts.bad_signatures, 0);
    assert!(counts.failed_on_purpose > 0 && counts.duplicates > 0, "the failures really happened: {counts:?}");
    server.kill().unwrap();
    server.wait().unwrap();
}
