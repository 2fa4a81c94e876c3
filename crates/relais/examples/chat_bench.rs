//! The chat under load, on this machine, against a release `relais serve`
//! in a process of its own (SQLite, default settings but for the limits
//! meant for one child):
//!
//! 1. latency: conversations held by counsellors, children writing at a
//!    steady total rate; the time from a child's send to the counsellor's
//!    socket receiving it (stored, then fanned out), p50 and p99, beside a
//!    bare WebSocket relay with no storage measured in the same run, the two
//!    interleaved round by round;
//! 2. saturation: the same pairs writing as fast as acknowledgements come
//!    back (each message stored before it is acknowledged);
//! 3. memory: children waiting, each on an open WebSocket; the server's
//!    resident memory before and after they connect, per connection.
//!
//!   cargo run --release -p relais --example chat_bench -- RELAIS_BIN [WAITING] [RATE] [SECONDS]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashMap;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use relais_core::staff::Role;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

mod support;

use support::{Socket, connect, percentile, rss_kib, spawn, text};

/// Conversations held for the latency and saturation runs.
const PAIRS: usize = 200;
const COUNSELLORS: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--bare-relay") {
        return bare_relay();
    }
    let relais = args.get(1).expect("the path of a release relais binary").clone();
    let waiting: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let rate: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(500);
    let seconds: u64 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(10);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(relais, waiting, rate, seconds));
}

async fn run(relais: String, waiting: usize, rate: u64, seconds: u64) {
    relais_server::tls::install();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let directory = support::open_around_the_clock(dir.path());

    // Counsellors and their sessions, made in the database before the server starts.
    let store = relais_store::Store::open_sqlite(&data.join("relais.db")).await.unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let now = jiff::Timestamp::now();
    let mut sessions = Vec::new();
    for i in 0..COUNSELLORS {
        let staff =
            store.add_staff(&format!("c{i}"), Role::Listener, &hash, relais_store::Actor::Cli, now).await.unwrap();
        store.set_staff_password(staff.id, &hash, true, relais_store::Actor::Cli, now).await.unwrap();
        store.set_chat_capacity(staff.id, 10, relais_store::Actor::Cli, now).await.unwrap();
        let token = format!("{:064x}", i + 1);
        store.create_session(&token, staff.id, "csrf", now).await.unwrap();
        sessions.push((staff.id, token));
    }

    let (mut server, url) =
        spawn(Command::new(&relais).args(["serve", "--listen", "127.0.0.1:0", "--data-dir"]).arg(&data).envs([
            ("RELAIS_DIRECTORY__PATH", directory.to_str().unwrap()),
            ("RELAIS_CHAT__STARTS_PER_HOUR", "10000000"),
            ("RELAIS_CHAT__CONNECTS_PER_MINUTE", "10000000"),
            ("RELAIS_CHAT__MESSAGES_PER_MINUTE", "10000000"),
            ("RELAIS_CHAT__SENDS_PER_MINUTE_PER_ADDRESS", "10000000"),
            ("RELAIS_CONSOLE__IDLE_SECONDS", "86400"),
        ]));
    let (mut bare, bare_url) = spawn(Command::new(std::env::current_exe().unwrap()).arg("--bare-relay"));
    let http = reqwest::Client::new();
    println!("machine: {} cores; relais {}", std::thread::available_parallelism().map_or(1, usize::from), url);

    // Conversations held by counsellors: children started them, counsellors took them.
    let mut pairs = Vec::new();
    for i in 0..PAIRS {
        let token = start(&http, &url).await;
        let (staff, session) = &sessions[i % COUNSELLORS];
        let case =
            store.take_next(*staff, relais_core::case::Skill::Listener, jiff::Timestamp::now()).await.unwrap().unwrap();
        pairs.push((token, case.id.to_string(), session.clone()));
    }
    let mut relais_pairs = Vec::new();
    for (token, case, session) in &pairs {
        let mut child = connect(&format!("{url}/chat/socket"), &[]).await;
        child.send(text(json!({"type": "hello", "token": token, "after": u64::MAX}))).await.unwrap();
        let headers = [("cookie", format!("relais_session={session}")), ("origin", url.clone())];
        let mut pane = connect(&format!("{url}/console/cases/{case}/chat/socket"), &headers).await;
        pane.send(text(json!({"type": "hello", "after": u64::MAX}))).await.unwrap();
        relais_pairs.push((child, pane));
    }
    let mut bare_pairs = Vec::new();
    for i in 0..PAIRS {
        let child = connect(&format!("{bare_url}/relay/{i}/child"), &[]).await;
        let pane = connect(&format!("{bare_url}/relay/{i}/counsellor"), &[]).await;
        bare_pairs.push((child, pane));
    }
    let mut relais_pairs = Pairs::new(relais_pairs);
    let mut bare_pairs = Pairs::new(bare_pairs);
    tokio::time::sleep(Duration::from_millis(500)).await;

    // 1. Latency at a steady rate, interleaved rounds.
    let per_round = (seconds / 2).max(1);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        ours.extend(relais_pairs.steady(rate, per_round).await);
        theirs.extend(bare_pairs.steady(rate, per_round).await);
    }
    println!(
        "steady {rate} msg/s, {} s each, {PAIRS} conversations: relais p50 {:.2} ms p99 {:.2} ms ({} messages) | bare relay p50 {:.2} ms p99 {:.2} ms ({} messages)",
        per_round * 2,
        percentile(&mut ours, 50.0),
        percentile(&mut ours, 99.0),
        ours.len(),
        percentile(&mut theirs, 50.0),
        percentile(&mut theirs, 99.0),
        theirs.len()
    );

    // 2. Saturation: each pair writes its next message once the last is acknowledged.
    let ours = relais_pairs.saturate(seconds).await;
    let theirs = bare_pairs.saturate(seconds).await;
    println!(
        "saturation, {PAIRS} conversations writing back to back: relais {ours:.0} msg/s stored and delivered | bare relay {theirs:.0} msg/s"
    );
    drop(relais_pairs);
    drop(bare_pairs);

    // 3. Memory: children waiting, each on an open socket.
    let mut tokens = Vec::new();
    let started = Instant::now();
    let (sender, mut receiver) = tokio::sync::mpsc::channel(64);
    for _ in 0..8 {
        let (http, url, sender, quota) = (http.clone(), url.clone(), sender.clone(), waiting / 8 + 1);
        tokio::spawn(async move {
            for _ in 0..quota {
                if sender.send(start(&http, &url).await).await.is_err() {
                    return;
                }
            }
        });
    }
    drop(sender);
    while tokens.len() < waiting {
        tokens.push(receiver.recv().await.unwrap());
    }
    drop(receiver);
    println!("{waiting} chats opened in {:.1} s", started.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kib(server.id());
    let mut held = Vec::with_capacity(waiting);
    for token in &tokens {
        let mut child = connect(&format!("{url}/chat/socket"), &[]).await;
        child.send(text(json!({"type": "hello", "token": token, "after": u64::MAX}))).await.unwrap();
        held.push(child);
    }
    // Every socket has had its first frames: the server holds them all.
    for child in &mut held {
        let _ = tokio::time::timeout(Duration::from_secs(30), child.next()).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(server.id());
    println!(
        "{waiting} children waiting on open WebSockets: server resident memory {:.1} MiB -> {:.1} MiB, {:.1} KiB per connection",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after.saturating_sub(before)) as f64 / waiting as f64
    );
    drop(held);
    for child in [&mut server, &mut bare] {
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        let _ = child.wait();
    }
}

async fn start(http: &reqwest::Client, url: &str) -> String {
    support::deployment::start_chat(http, url, "bonjour").await
}

/// Children's sending halves, and readers of both sides' frames.
struct Pairs {
    children: Vec<SplitSink<Socket, Message>>,
    /// Send instants by message id, and the latencies seen.
    sent: Arc<Mutex<HashMap<String, Instant>>>,
    latencies: Arc<Mutex<Vec<f64>>>,
    acked: Arc<AtomicU64>,
    /// Per pair: a message acknowledged (for the closed loop).
    acks: Vec<tokio::sync::mpsc::UnboundedReceiver<()>>,
    next: u64,
}

impl Pairs {
    fn new(sockets: Vec<(Socket, Socket)>) -> Pairs {
        let sent = Arc::new(Mutex::new(HashMap::new()));
        let latencies = Arc::new(Mutex::new(Vec::new()));
        let acked = Arc::new(AtomicU64::new(0));
        let mut children = Vec::new();
        let mut acks = Vec::new();
        for (child, pane) in sockets {
            let (sink, stream) = child.split();
            children.push(sink);
            let (ack, ack_rx) = tokio::sync::mpsc::unbounded_channel();
            acks.push(ack_rx);
            tokio::spawn(read_acks(stream, ack, acked.clone()));
            tokio::spawn(read_pane(pane, sent.clone(), latencies.clone()));
        }
        Pairs { children, sent, latencies, acked, acks, next: 0 }
    }

    async fn send(&mut self, pair: usize) {
        self.next += 1;
        let id = format!("m{}", self.next);
        self.sent.lock().unwrap().insert(id.clone(), Instant::now());
        let frame = json!({"type": "send", "id": id, "text": id});
        self.children[pair].send(text(frame)).await.unwrap();
    }

    /// Sends at `rate` per second in all for `seconds`; the latencies seen.
    async fn steady(&mut self, rate: u64, seconds: u64) -> Vec<f64> {
        self.latencies.lock().unwrap().clear();
        let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let until = Instant::now() + Duration::from_secs(seconds);
        let mut pair = 0;
        while Instant::now() < until {
            tick.tick().await;
            self.send(pair).await;
            pair = (pair + 1) % self.children.len();
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        std::mem::take(&mut *self.latencies.lock().unwrap())
    }

    /// Each pair sends its next message when the last was acknowledged; messages per second.
    async fn saturate(&mut self, seconds: u64) -> f64 {
        for ack in &mut self.acks {
            while ack.try_recv().is_ok() {}
        }
        let start = self.acked.load(Ordering::Relaxed);
        let begun = Instant::now();
        let until = begun + Duration::from_secs(seconds);
        for pair in 0..self.children.len() {
            self.send(pair).await;
        }
        while Instant::now() < until {
            let mut progressed = false;
            for pair in 0..self.children.len() {
                while self.acks[pair].try_recv().is_ok() {
                    progressed = true;
                    self.send(pair).await;
                }
            }
            if !progressed {
                tokio::time::sleep(Duration::from_micros(200)).await;
            }
        }
        (self.acked.load(Ordering::Relaxed) - start) as f64 / begun.elapsed().as_secs_f64()
    }
}

async fn read_acks(
    mut stream: SplitStream<Socket>,
    ack: tokio::sync::mpsc::UnboundedSender<()>,
    acked: Arc<AtomicU64>,
) {
    while let Some(Ok(message)) = stream.next().await {
        if let Message::Text(text) = message
            && text.contains("\"type\":\"ack\"")
        {
            acked.fetch_add(1, Ordering::Relaxed);
            let _ = ack.send(());
        }
    }
}

async fn read_pane(mut pane: Socket, sent: Arc<Mutex<HashMap<String, Instant>>>, latencies: Arc<Mutex<Vec<f64>>>) {
    while let Some(Ok(message)) = pane.next().await {
        let Message::Text(text) = message else { continue };
        let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
        if frame["type"] == "message"
            && frame["author"] == "child"
            && let Some(at) = frame["text"].as_str().and_then(|id| sent.lock().unwrap().remove(id))
        {
            latencies.lock().unwrap().push(at.elapsed().as_secs_f64() * 1e3);
        }
    }
}

/// A WebSocket relay with nothing behind it: what a child's frame costs to
/// reach a counsellor's socket on this machine, stored nowhere. Pairs meet by
/// number; the child's frames are acknowledged and forwarded.
fn bare_relay() {
    use axum::extract::ws::{Message as Ws, WebSocketUpgrade};
    use axum::extract::{Path, State};
    use axum::routing::get;
    type Rooms = Arc<Mutex<HashMap<u64, tokio::sync::broadcast::Sender<String>>>>;
    async fn relay(
        Path((pair, side)): Path<(u64, String)>,
        State(rooms): State<Rooms>,
        upgrade: WebSocketUpgrade,
    ) -> axum::response::Response {
        let room = rooms.lock().unwrap().entry(pair).or_insert_with(|| tokio::sync::broadcast::channel(1024).0).clone();
        upgrade.on_upgrade(move |mut socket| async move {
            if side == "counsellor" {
                let mut rx = room.subscribe();
                while let Ok(frame) = rx.recv().await {
                    if socket.send(Ws::Text(frame.into())).await.is_err() {
                        return;
                    }
                }
            } else {
                let mut seq = 0u64;
                while let Some(Ok(Ws::Text(text))) = socket.recv().await {
                    let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                    seq += 1;
                    let ack = json!({"type": "ack", "id": frame["id"], "seq": seq}).to_string();
                    let _ = room.send(
                        json!({"type": "message", "author": "child", "text": frame["text"], "seq": seq}).to_string(),
                    );
                    if socket.send(Ws::Text(ack.into())).await.is_err() {
                        return;
                    }
                }
            }
        })
    }
    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        eprintln!("bare relay addr={}", listener.local_addr().unwrap());
        let app = axum::Router::new().route("/relay/{pair}/{side}", get(relay)).with_state(Rooms::default());
        axum::serve(listener, app).await.unwrap();
    });
}
