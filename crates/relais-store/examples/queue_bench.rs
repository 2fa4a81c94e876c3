//! Intake and take-next throughput on SQLite, beside the raw insert rate of
//! the same database settings (WAL, synchronous=FULL, one transaction per
//! write): the ceiling any intake on this machine can reach.
//!
//!   cargo run --release -p relais-store --example queue_bench [N]

#![allow(clippy::print_stdout, clippy::expect_used)]

use std::time::Instant;

use relais_core::case::CaseFile;
use relais_core::case::{ContactChannel, Skill};
use relais_core::risk::RiskLevel;
use relais_core::{AgeBand, Category};
use relais_store::{NewCase, Store};

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let dir = tempfile::tempdir().expect("temporary directory");

    // 1. Raw SQLite: the same pragmas, a row of the same size, one transaction each.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.path().join("raw.db"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full);
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("raw database");
    sqlx::query("CREATE TABLE t (id TEXT PRIMARY KEY, body BLOB NOT NULL)").execute(&pool).await.expect("table");
    let body = vec![7u8; 300];
    let started = Instant::now();
    for i in 0..n {
        sqlx::query("INSERT INTO t (id, body) VALUES ($1, $2)")
            .bind(i.to_string())
            .bind(&body)
            .execute(&pool)
            .await
            .expect("insert");
    }
    let raw = n as f64 / started.elapsed().as_secs_f64();

    // 2. Intake: a web-form case (sealed file, its own wrapped key, queue columns).
    let store = Store::open(None, dir.path()).await.expect("store");
    let file = CaseFile {
        description: Some("Ils publient mes photos depuis lundi, je ne sais plus quoi faire.".into()),
        named_platform: Some("tiktok".into()),
        reach: Some(relais_core::case::Reach::ComeBack),
        ..CaseFile::default()
    };
    let started = Instant::now();
    for i in 0..n {
        store
            .open_case(NewCase {
                file: Some(file.clone()),
                platform: Some("tiktok".into()),
                ..NewCase::waiting(
                    ContactChannel::WebForm,
                    Category::Harassment,
                    AgeBand::Age13To17,
                    [RiskLevel::None, RiskLevel::Low, RiskLevel::High][i % 3],
                    Skill::Listener,
                    jiff::Timestamp::now(),
                )
            })
            .await
            .expect("intake");
    }
    let intake = n as f64 / started.elapsed().as_secs_f64();

    // 3. Take next: 20 counsellors at once until the queue is empty.
    let hash = relais_store::passwords::hash("a long enough secret").expect("hash");
    let mut staff = Vec::new();
    for i in 0..20 {
        staff.push(
            store
                .add_staff(
                    &format!("c{i}"),
                    relais_core::staff::Role::Listener,
                    &hash,
                    relais_store::Actor::Cli,
                    jiff::Timestamp::now(),
                )
                .await
                .expect("staff")
                .id,
        );
    }
    let started = Instant::now();
    let tasks: Vec<_> = staff
        .into_iter()
        .map(|id| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut taken = 0usize;
                while store.take_next(id, Skill::Listener, jiff::Timestamp::now()).await.expect("take").is_some() {
                    taken += 1;
                }
                taken
            })
        })
        .collect();
    let mut taken = 0;
    for t in tasks {
        taken += t.await.expect("task");
    }
    let take = taken as f64 / started.elapsed().as_secs_f64();
    assert_eq!(taken, n, "every case taken exactly once");

    println!(
        "machine: {} cores; {n} rows each; SQLite WAL, synchronous=FULL",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    println!("raw SQLite insert (one transaction each)   {raw:>8.0} rows/s");
    println!("web-form intake (sealed case + its key)   {intake:>8.0} cases/s   ({:.0}% of raw)", 100.0 * intake / raw);
    println!("take next, 20 counsellors at once         {take:>8.0} cases/s   ({:.0}% of raw)", 100.0 * take / raw);
}
