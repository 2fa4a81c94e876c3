//! Messaging apps under load, on this machine, against a release `relais
//! serve` in a process of its own (SQLite), with Piaf's stand-in for Meta in
//! this process:
//!
//! 1. inbound: signed WhatsApp webhooks posted by concurrent connections, as
//!    Meta posts them; requests answered 200 per second and the time to the
//!    200 (p50, p99: the signature checked, the body sealed and committed),
//!    beside the raw durable single-row insert rate of SQLite on this disk
//!    (one committed, synced insert of the same size per transaction),
//!    measured in interleaved rounds; and how long the intake took to take
//!    the backlog in (conversations and cases opened);
//! 2. outbound: a counsellor's reply sent in the pane until the stand-in's
//!    Graph API receives it (stored, queued, woken, sent), p50 and p99.
//!
//!   cargo run --release -p relais --example messaging_bench -- RELAIS_BIN [SECONDS] [CONNECTIONS]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use relais_core::staff::Role;
use relais_mock_platform::meta::{App, Meta, MetaChannel, Statuses, sign};
use serde_json::json;
use support::{connect, percentile, spawn, text};

const APP_SECRET: &str = "bench-app-secret";
const ACCESS_TOKEN: &str = "bench-access-token";
const ACCOUNT: &str = "106540352242922";
/// The children writing: each webhook is one message of one of them.
const PHONES: u64 = 2000;
const REPLIES: usize = 200;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let relais = args.get(1).expect("the path of a release relais binary").clone();
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let connections: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(32);
    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap().block_on(run(
        relais,
        seconds,
        connections,
    ));
}

async fn run(relais: String, seconds: u64, connections: usize) {
    relais_server::tls::install();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let directory = support::open_around_the_clock(dir.path());

    // The channel, and a counsellor with a session, made before the server starts.
    let store = relais_store::Store::open_sqlite(&data.join("relais.db")).await.unwrap();
    let now = jiff::Timestamp::now();
    let secrets = relais_store::messaging::AppSecrets {
        app_secret: APP_SECRET.into(),
        access_token: ACCESS_TOKEN.into(),
        verify_token: "bench".into(),
    };
    let channel = relais_store::messaging::NewAppChannel {
        name: "bench".into(),
        kind: relais_core::messaging::AppKind::WhatsApp,
        account_id: ACCOUNT.into(),
        secrets,
        template: None,
    };
    store.add_app_channel(channel, relais_store::Actor::Cli, now).await.unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let staff = store.add_staff("lou", Role::Listener, &hash, relais_store::Actor::Cli, now).await.unwrap();
    store.set_staff_password(staff.id, &hash, true, relais_store::Actor::Cli, now).await.unwrap();
    store.set_chat_capacity(staff.id, 10, relais_store::Actor::Cli, now).await.unwrap();
    let session = format!("{:064x}", 1);
    store.create_session(&session, staff.id, "csrf", now).await.unwrap();

    let standin = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let standin_url = format!("http://{}", standin.local_addr().unwrap());
    let (mut server, url) =
        spawn(Command::new(&relais).args(["serve", "--listen", "127.0.0.1:0", "--data-dir"]).arg(&data).envs([
            ("RELAIS_DIRECTORY__PATH", directory.to_str().unwrap().to_owned()),
            ("RELAIS_MESSAGING__GRAPH_URL", format!("{standin_url}/graph")),
            ("RELAIS_CONSOLE__IDLE_SECONDS", "86400".to_owned()),
            // One counsellor sends the replies back to back: the per-conversation limit is a child's.
            ("RELAIS_CHAT__MESSAGES_PER_MINUTE", "10000000".to_owned()),
        ]));
    let meta = Meta::new(MetaChannel {
        app: App::WhatsApp,
        webhook_url: format!("{url}/webhooks/meta/bench"),
        account_id: ACCOUNT.into(),
        app_secret: APP_SECRET.into(),
        access_token: ACCESS_TOKEN.into(),
    });
    meta.served_at(&standin_url);
    meta.set(|b| b.statuses = Statuses::Silent);
    let settings = relais_mock_platform::MockSettings {
        relais_api: url.clone(),
        relais_public: url.clone(),
        api_key: String::new(),
        inbox: None,
        tls: None,
        meta: Some(meta.clone()),
    };
    tokio::spawn(relais_mock_platform::run(settings, standin, std::future::pending()));
    println!("machine: {} cores; relais {url}", std::thread::available_parallelism().map_or(1, usize::from));

    // 1. Inbound webhooks beside raw inserts, interleaved rounds.
    let template = include_str!("../../relais-mock-platform/fixtures/meta/whatsapp-text.json");
    let sample = webhook(template, 0);
    let raw_path = dir.path().join("raw.db");
    let raw = raw_sqlite(&raw_path).await;
    let per_round = (seconds / 2).max(1);
    let next = Arc::new(AtomicU64::new(1));
    let (mut latencies, mut posted, mut inserted) = (Vec::new(), 0u64, 0u64);
    let (mut posting_time, mut inserting_time) = (0.0, 0.0);
    for _ in 0..2 {
        let (l, n, t) = post_webhooks(&url, template, connections, per_round, next.clone()).await;
        latencies.extend(l);
        posted += n;
        posting_time += t;
        let (n, t) = raw_inserts(&raw, sample.len(), per_round).await;
        inserted += n;
        inserting_time += t;
    }
    println!(
        "inbound, {connections} connections, 2 x {per_round} s: {:.0} webhooks/s answered 200, p50 {:.2} ms, p99 {:.2} ms to the 200 ({posted} webhooks) | raw durable single-row inserts of {} bytes: {:.0}/s",
        posted as f64 / posting_time,
        percentile(&mut latencies, 50.0),
        percentile(&mut latencies, 99.0),
        sample.len(),
        inserted as f64 / inserting_time,
    );
    // The intake takes the backlog in behind the 200s.
    let taken_from = Instant::now();
    loop {
        let (waiting, given_up) = store.webhook_backlog().await.unwrap();
        if waiting == 0 {
            println!(
                "intake: the backlog taken in {:.1} s after the last webhook ({given_up} given up on)",
                taken_from.elapsed().as_secs_f64()
            );
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // 2. Outbound: a counsellor's replies to the stand-in's Graph API.
    let case = store.take_next(staff.id, relais_core::case::Skill::Listener, jiff::Timestamp::now()).await.unwrap();
    let case = case.expect("a conversation waits").id;
    let headers = [("cookie", format!("relais_session={session}")), ("origin", url.clone())];
    let mut pane = connect(&format!("{url}/console/cases/{case}/chat/socket"), &headers).await;
    pane.send(text(json!({"type": "hello", "after": u64::MAX}))).await.unwrap();
    let (mut sink, mut frames) = pane.split();
    tokio::spawn(async move { while frames.next().await.is_some() {} });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut out = Vec::with_capacity(REPLIES);
    for i in 0..REPLIES {
        let before = meta.replies().len();
        let sent = Instant::now();
        sink.send(text(json!({"type": "send", "id": format!("r{i}"), "text": format!("réponse {i}")}))).await.unwrap();
        while meta.replies().len() == before {
            tokio::time::sleep(Duration::from_micros(100)).await;
        }
        out.push(sent.elapsed().as_secs_f64() * 1e3);
        // A counsellor's pace, under the socket's limit on frames a second.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "outbound, {REPLIES} replies one after the other: sent in the pane -> received by the Graph API p50 {:.2} ms, p99 {:.2} ms",
        percentile(&mut out, 50.0),
        percentile(&mut out, 99.0)
    );
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    let _ = server.wait();
}

/// The fixture's webhook for message `n`, from one of the children.
fn webhook(template: &str, n: u64) -> Vec<u8> {
    let phone = format!("3361{:07}", n % PHONES);
    template
        .replace("wamid.HBgLMzM2MTIzNDU2NzgVAgASGBQzQUVCMEQ5RjM2QkQ3RUE1NEEwNAA=", &format!("wamid.bench{n:012}"))
        .replace("33612345678", &phone)
        .replace("1764500000", &jiff::Timestamp::now().as_second().to_string())
        .into_bytes()
}

/// Posts signed webhooks from `connections` clients for `seconds`: latencies, count, elapsed.
async fn post_webhooks(
    url: &str,
    template: &str,
    connections: usize,
    seconds: u64,
    next: Arc<AtomicU64>,
) -> (Vec<f64>, u64, f64) {
    let http = reqwest::Client::builder().pool_max_idle_per_host(connections).build().unwrap();
    let target = format!("{url}/webhooks/meta/bench");
    let begun = Instant::now();
    let until = begun + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (http, target, template, next) = (http.clone(), target.clone(), template.to_owned(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < until {
                let body = webhook(&template, next.fetch_add(1, Ordering::Relaxed));
                let signature = sign(APP_SECRET.as_bytes(), &body);
                let sent = Instant::now();
                let r = http
                    .post(&target)
                    .header("content-type", "application/json")
                    .header("x-hub-signature-256", signature)
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success(), "{}", r.status());
                let _ = r.bytes().await;
                latencies.push(sent.elapsed().as_secs_f64() * 1e3);
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let count = all.len() as u64;
    (all, count, begun.elapsed().as_secs_f64())
}

/// A SQLite database as Relais opens its own: WAL, every commit synced.
async fn raw_sqlite(path: &std::path::Path) -> sqlx::SqlitePool {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    sqlx::query("CREATE TABLE inbox (id INTEGER PRIMARY KEY, body BLOB NOT NULL, at INTEGER NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    pool
}

/// One committed insert of `size` bytes after another for `seconds`: count, elapsed.
async fn raw_inserts(pool: &sqlx::SqlitePool, size: usize, seconds: u64) -> (u64, f64) {
    let body = vec![7u8; size];
    let begun = Instant::now();
    let until = begun + Duration::from_secs(seconds);
    let mut count = 0;
    while Instant::now() < until {
        sqlx::query("INSERT INTO inbox (body, at) VALUES ($1, $2)")
            .bind(&body)
            .bind(count as i64)
            .execute(pool)
            .await
            .unwrap();
        count += 1;
    }
    (count, begun.elapsed().as_secs_f64())
}
