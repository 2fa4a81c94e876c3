//! Several servers on one PostgreSQL database behind nginx, as the
//! deployment guide configures them, measured in one run:
//!
//! 1. referral throughput through nginx (TLS) with one server behind it and
//!    with two, and to one server without the proxy (plain HTTP), rounds
//!    interleaved (wrk, the same request);
//! 2. how long a queue change made on one server takes to reach a console
//!    open on the other (the case-move signal, PostgreSQL `NOTIFY`), beside
//!    a console on the same server, p50 and p99: a counsellor on server A
//!    takes the next case, consoles on A and B wait for their queue to change
//!    (changes 150 ms apart, past the consoles' pace between reads).
//!
//!   instances_bench RELAIS_BINARY SECONDS_PER_ROUND ROUNDS TAKES
//!   (RELAIS_BENCH_POSTGRES_URL names the database; a schema of its own is made in it)

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use relais_core::case::{ContactChannel, Skill};
use relais_core::risk::RiskLevel;
use relais_core::{AgeBand, Category};
use relais_store::{Actor, NewCase, Store};
use support::deployment::{free_port, start_nginx};

const PASSWORD: &str = "a long enough secret";

/// A server process, killed however the run ends (a failed measure must not leave it running).
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads a console's live queue, sending the arrival time of each change.
fn watch(http: reqwest::Client, base: String, session: String) -> tokio::sync::mpsc::UnboundedReceiver<Instant> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut stream =
            http.get(format!("{base}/console/queue/events")).header("cookie", session).send().await.unwrap();
        while let Ok(Some(chunk)) = stream.chunk().await {
            let at = Instant::now();
            for _ in String::from_utf8_lossy(&chunk).matches("event: queue") {
                let _ = tx.send(at);
            }
        }
    });
    rx
}

/// wrk against `url` for `seconds`: requests per second and p99 in milliseconds.
fn wrk(url: &str, seconds: u64, script: &Path) -> (f64, f64) {
    let out = Command::new("wrk")
        .args(["-t2", "-c64", "--latency", "-d"])
        .arg(format!("{seconds}s"))
        .arg("-s")
        .arg(script)
        .arg(url)
        .output()
        .expect("wrk is installed (apt-get install -y wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let rate = text.lines().find_map(|l| l.strip_prefix("Requests/sec:")).map(|v| v.trim().parse().unwrap()).unwrap();
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| {
            let v = v.trim();
            let (number, unit) = v.split_at(v.find(|c: char| c.is_alphabetic()).unwrap());
            let number: f64 = number.parse().unwrap();
            match unit {
                "us" => number / 1000.0,
                "s" => number * 1000.0,
                _ => number,
            }
        })
        .unwrap();
    let errors = text.lines().find(|l| l.contains("Non-2xx")).unwrap_or("");
    assert!(errors.is_empty(), "every referral answered 200: {errors}");
    (rate, p99)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let binary = args.get(1).expect("the relais binary").clone();
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let rounds: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(3);
    let takes: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(200);
    let url =
        std::env::var("RELAIS_BENCH_POSTGRES_URL").expect("RELAIS_BENCH_POSTGRES_URL names a PostgreSQL database");
    relais_server::tls::install();
    let root = tempfile::tempdir().unwrap();
    let (database, schema) = support::deployment::fresh_schema(&url, "bench").await;

    // The data directories share one master key; the store made here adds the platform and staff.
    let dirs: Vec<_> = ["a", "b"].iter().map(|n| root.path().join(n)).collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("relais.key"), "7e".repeat(32)).unwrap();
    }
    let store = Store::open(Some(&database), &dirs[0]).await.unwrap();
    let (_, key) = store
        .add_client("Bench", relais_store::ClientKind::Platform, Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    let hash = relais_store::passwords::hash(PASSWORD).unwrap();
    for name in ["taker", "watcher-a", "watcher-b"] {
        let staff = store
            .add_staff(name, relais_core::staff::Role::Listener, &hash, Actor::Cli, jiff::Timestamp::now())
            .await
            .unwrap();
        store.set_staff_password(staff.id, &hash, true, Actor::Cli, jiff::Timestamp::now()).await.unwrap();
    }

    // Two servers, configured as the guide shows; nginx with one of them, and with both.
    let ports = [free_port(), free_port()];
    let toml = support::deployment::substitute(
        support::deployment::guide_block("## Several machines", "toml"),
        &[
            ("postgres://relais:change-me@db.example.org:5432/relais", &database),
            ("https://relais.example.org", &format!("https://localhost:{}", ports[1])),
            ("\"10.0.0.10\"", "\"127.0.0.1\""),
        ],
    );
    let config = root.path().join("relais.toml");
    std::fs::write(&config, toml).unwrap();
    let directory = support::open_around_the_clock(root.path());
    let servers: Vec<_> = dirs
        .iter()
        .map(|dir| {
            let (child, url) = support::spawn(
                Command::new(&binary)
                    .args(["serve", "--listen", "127.0.0.1:0", "--config"])
                    .arg(&config)
                    .arg("--data-dir")
                    .arg(dir)
                    .env("RELAIS_DIRECTORY__PATH", &directory)
                    // The consoles' own look comes once a minute: a change seen sooner was pushed.
                    .env("RELAIS_CONSOLE__LIVE_QUEUE_MILLIS", "60000"),
            );
            (Server(child), url)
        })
        .collect();
    let (a, b) = (servers[0].1.clone(), servers[1].1.clone());
    let identity =
        relais_mock_platform::TlsIdentity::throwaway("Bench authority", &root.path().join("ca.pem")).unwrap();
    let (cert, private) = (root.path().join("cert.pem"), root.path().join("key.pem"));
    std::fs::write(&cert, &identity.cert_pem).unwrap();
    std::fs::write(&private, &identity.key_pem).unwrap();
    let upstream = |u: &str| u.trim_start_matches("http://").to_owned();
    let one = start_nginx(&root.path().join("nginx-one"), ports[0], &[&upstream(&a)], &cert, &private);
    let two = start_nginx(&root.path().join("nginx-two"), ports[1], &[&upstream(&a), &upstream(&b)], &cert, &private);

    // 1. Referral throughput, one server behind nginx against two, interleaved.
    let script = root.path().join("referral.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Authorization\"] = \"Bearer {}\"\n\
             wrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.body = '{{\"country\":\"FR\",\"category\":\"harassment\",\"reporter\":{{\"role\":\"victim\",\"age\":14}}}}'\n",
            key.expose()
        ),
    )
    .unwrap();
    let (mut direct, mut with_one, mut with_two) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        direct.push(wrk(&format!("{a}/v1/referrals"), seconds, &script));
        with_one.push(wrk(&format!("https://localhost:{}/v1/referrals", ports[0]), seconds, &script));
        with_two.push(wrk(&format!("https://localhost:{}/v1/referrals", ports[1]), seconds, &script));
    }

    // 2. A queue change on A, seen by consoles on A and on B. The console shows the first 100
    // cases and these are all alike: the queue is filled 50 at a time, so that each take shows.
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let (taker, csrf) = support::deployment::sign_in(&http, &a, "taker", PASSWORD).await;
    let (watcher_a, _) = support::deployment::sign_in(&http, &a, "watcher-a", PASSWORD).await;
    let (watcher_b, _) = support::deployment::sign_in(&http, &b, "watcher-b", PASSWORD).await;
    let mut on_a = watch(http.clone(), a.clone(), watcher_a);
    let mut on_b = watch(http.clone(), b.clone(), watcher_b);
    let (mut same, mut other) = (Vec::new(), Vec::new());
    while same.len() < takes {
        let batch = (takes - same.len()).min(50);
        for _ in 0..batch {
            let case = NewCase::waiting(
                ContactChannel::Phone,
                Category::Harassment,
                AgeBand::Age13To17,
                RiskLevel::None,
                Skill::Listener,
                jiff::Timestamp::now(),
            );
            store.open_case(case).await.unwrap();
        }
        // The consoles show the filled queue; what they were sent meanwhile is set aside.
        for rx in [&mut on_a, &mut on_b] {
            while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(500), rx.recv()).await {}
        }
        for _ in 0..batch {
            // Changes a little further apart than a console's pace between reads (100 ms), as
            // on a line where a case moves every few seconds: each is the first of its burst.
            tokio::time::sleep(Duration::from_millis(150)).await;
            let sent = Instant::now();
            let taken = http
                .post(format!("{a}/console/take-next"))
                .header("cookie", &taker)
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(taken.status(), reqwest::StatusCode::SEE_OTHER);
            let wait = Duration::from_secs(10);
            let seen_a = tokio::time::timeout(wait, on_a.recv()).await.expect("A's console saw the change").unwrap();
            let seen_b = tokio::time::timeout(wait, on_b.recv()).await.expect("B's console saw the change").unwrap();
            same.push((seen_a - sent).as_secs_f64() * 1000.0);
            other.push((seen_b - sent).as_secs_f64() * 1000.0);
        }
    }

    println!(
        "machine: {} cores; PostgreSQL on this machine; nginx (TLS) with the guide's site; wrk -t2 -c64, {rounds} interleaved rounds of {seconds} s",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    let line = |what: &str, rounds: &[(f64, f64)]| {
        let mut rates: Vec<f64> = rounds.iter().map(|r| r.0).collect();
        let mut p99s: Vec<f64> = rounds.iter().map(|r| r.1).collect();
        let each: Vec<String> = rounds.iter().map(|(r, p)| format!("{r:.0} req/s / {p:.2} ms")).collect();
        println!(
            "{what:<32} median {:>8.0} req/s   p99 {:>6.2} ms   rounds: {}",
            support::percentile(&mut rates, 50.0),
            support::percentile(&mut p99s, 50.0),
            each.join(", ")
        );
    };
    line("referrals, 1 server, no proxy", &direct);
    line("referrals, nginx → 1 server", &with_one);
    line("referrals, nginx → 2 servers", &with_two);
    println!("queue change on A, {takes} takes one after the other, from the take sent to the console's event:");
    for (what, values) in [("console on A (same server)", &mut same), ("console on B (other server)", &mut other)] {
        println!(
            "  {what:<30} p50 {:>6.2} ms   p99 {:>6.2} ms   max {:>6.2} ms",
            support::percentile(values, 50.0),
            support::percentile(values, 99.0),
            support::percentile(values, 100.0)
        );
    }

    drop((one, two, servers));
    store.close().await;
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).execute(&admin).await.unwrap();
}
