//! How long the console's sign-in takes to refuse, by why it refuses: an
//! unknown name, a wrong password, a disabled account; beside a right
//! password. The refusals must not tell a name exists, by their words or by
//! their time. Rounds interleave the four kinds (one of each, in a rotating
//! order) so that a noisy neighbour hits them alike; each figure is the median
//! and the 90th percentile of its kind's answers, and the ratio of each
//! median to the unknown name's.
//!
//!   cargo run --release -p relais-server --example sign_in_bench -- [ROUNDS]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use relais_core::staff::Role;

const PASSWORD: &str = "a long enough secret";

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(60);
    relais_server::tls::install();
    let dir = tempfile::tempdir().unwrap();
    let store = relais_store::Store::open_sqlite(&dir.path().join("relais.db")).await.unwrap();
    let now = jiff::Timestamp::now();
    let hash = relais_store::passwords::hash(PASSWORD).unwrap();
    for name in ["sam", "ex"] {
        let staff = store.add_staff(name, Role::Listener, &hash, relais_store::Actor::Cli, now).await.unwrap();
        store.set_staff_password(staff.id, &hash, true, relais_store::Actor::Cli, now).await.unwrap();
    }
    let ex = store.staff_by_name("ex").await.unwrap().unwrap();
    store.disable_staff(ex.id, relais_store::Actor::Cli, now).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = relais_server::Settings { data_dir: dir.path().to_owned(), ..Default::default() };
    // Every attempt is heard: this measures the answer, not the throttle.
    settings.console.free_failures_per_address = u32::MAX;
    settings.console.free_failures_per_name = u32::MAX;
    settings.console.alarm_failures_per_hour = u32::MAX;
    tokio::spawn(relais_server::run(settings, store, listener, std::future::pending()));
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    let kinds = [
        ("unknown name", "nobody", PASSWORD),
        ("wrong password", "sam", "not the password"),
        ("disabled account", "ex", PASSWORD),
        ("right password", "sam", PASSWORD),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); kinds.len()];
    // One round of warm-up, not counted.
    for round in 0..=rounds {
        for k in 0..kinds.len() {
            let k = (k + round) % kinds.len();
            let (_, name, password) = kinds[k];
            let elapsed = attempt(&http, &url, name, password).await;
            if round > 0 {
                times[k].push(elapsed);
            }
        }
    }
    println!("machine: {} cores; {rounds} interleaved rounds, argon2id default parameters", num_cpus());
    let median = |v: &mut Vec<Duration>| {
        v.sort_unstable();
        (v[v.len() / 2], v[v.len() * 9 / 10])
    };
    let (unknown, _) = median(&mut times[0].clone());
    for ((label, _, _), t) in kinds.iter().zip(times.iter_mut()) {
        let (p50, p90) = median(t);
        println!(
            "{label:<17} p50 {:>7.2} ms   p90 {:>7.2} ms   p50 / unknown name's {:.2}",
            p50.as_secs_f64() * 1e3,
            p90.as_secs_f64() * 1e3,
            p50.as_secs_f64() / unknown.as_secs_f64()
        );
    }
}

/// One sign-in: the form's token fetched first, then the form posted; the post alone is timed.
async fn attempt(http: &reqwest::Client, url: &str, name: &str, password: &str) -> Duration {
    let page = http.get(format!("{url}/console/login")).send().await.unwrap();
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("relais_login_csrf="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned();
    let csrf = cookie.split_once('=').unwrap().1.to_owned();
    let started = Instant::now();
    let answer = http
        .post(format!("{url}/console/login"))
        .header("cookie", cookie)
        .form(&[("name", name), ("password", password), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let _ = answer.bytes().await.unwrap();
    let elapsed = started.elapsed();
    let expected = if name == "sam" && password == PASSWORD { 303 } else { 401 };
    assert_eq!(status.as_u16(), expected, "{name}");
    elapsed
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
