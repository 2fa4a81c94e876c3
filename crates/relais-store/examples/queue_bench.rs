//! Intake and take-next throughput on SQLite and, when a server is named, on
//! PostgreSQL, side by side in one run; each beside the raw insert rate of
//! its database with the same durability (one transaction per write,
//! SQLite in WAL with synchronous=FULL, PostgreSQL with its defaults: fsync
//! and synchronous_commit on): the ceiling any intake can reach there.
//!
//!   cargo run --release -p relais-store --example queue_bench [N]
//!   RELAIS_BENCH_POSTGRES_URL=postgres://… (a schema of its own is made in it, and dropped)

#![allow(clippy::print_stdout, clippy::expect_used)]

use std::time::Instant;

use relais_core::case::CaseFile;
use relais_core::case::{ContactChannel, Skill};
use relais_core::risk::RiskLevel;
use relais_core::{AgeBand, Category};
use relais_store::{NewCase, Store};

/// Rows per second of `n` single-row inserts of a 300-byte body, each its own transaction.
async fn raw_inserts(pool: &sqlx::AnyPool, n: usize) -> f64 {
    sqlx::query("CREATE TABLE raw_rows (id TEXT PRIMARY KEY, body BYTEA NOT NULL)").execute(pool).await.expect("table");
    let body = vec![7u8; 300];
    let started = Instant::now();
    for i in 0..n {
        sqlx::query("INSERT INTO raw_rows (id, body) VALUES ($1, $2)")
            .bind(i.to_string())
            .bind(&body)
            .execute(pool)
            .await
            .expect("insert");
    }
    n as f64 / started.elapsed().as_secs_f64()
}

/// Web-form cases opened one after the other (sealed file, its own wrapped key, queue columns).
async fn intake(store: &Store, n: usize) -> f64 {
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
    n as f64 / started.elapsed().as_secs_f64()
}

/// Twenty counsellors take at once until the queue is empty; every case is taken once.
async fn take_next(store: &Store, n: usize) -> f64 {
    let hash = relais_store::passwords::hash("a long enough secret").expect("hash");
    let mut staff = Vec::new();
    for i in 0..20 {
        let role = relais_core::staff::Role::Listener;
        let name = format!("c{i}");
        let added = store.add_staff(&name, role, &hash, relais_store::Actor::Cli, jiff::Timestamp::now());
        staff.push(added.await.expect("staff").id);
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
    assert_eq!(taken, n, "every case taken exactly once");
    taken as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    sqlx::any::install_default_drivers();
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let dir = tempfile::tempdir().expect("temporary directory");
    let sqlite_dir = dir.path().join("sqlite");
    std::fs::create_dir_all(&sqlite_dir).expect("directory");

    // SQLite: the raw rows in a database of their own with the store's settings.
    let raw_sqlite_url = format!("sqlite://{}?mode=rwc", dir.path().join("raw.db").display());
    // One connection, so that its pragmas hold for every insert.
    let raw_sqlite =
        sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&raw_sqlite_url).await.expect("raw SQLite");
    for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] {
        sqlx::query(pragma).execute(&raw_sqlite).await.expect("pragma");
    }
    let sqlite = Store::open(None, &sqlite_dir).await.expect("SQLite store");

    // PostgreSQL: a schema of its own for the store, the raw rows beside it.
    let postgres = match std::env::var("RELAIS_BENCH_POSTGRES_URL") {
        Ok(url) => {
            let schema = format!("bench_{}", uuid::Uuid::now_v7().simple());
            let admin = sqlx::AnyPool::connect(&url).await.expect("PostgreSQL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&admin).await.expect("schema");
            let separator = if url.contains('?') { '&' } else { '?' };
            let scoped = format!("{url}{separator}options=-c%20search_path%3D{schema}");
            let raw = sqlx::AnyPool::connect(&scoped).await.expect("raw PostgreSQL");
            let store = Store::open(Some(&scoped), &sqlite_dir).await.expect("PostgreSQL store");
            Some((admin, schema, raw, store))
        }
        Err(_) => None,
    };

    // Interleaved: each measure on SQLite, then at once on PostgreSQL.
    let mut rows: Vec<(&str, f64, Option<f64>)> = Vec::new();
    let raw_s = raw_inserts(&raw_sqlite, n).await;
    let raw_p = match &postgres {
        Some((_, _, raw, _)) => Some(raw_inserts(raw, n).await),
        None => None,
    };
    rows.push(("raw insert (one transaction each), rows/s", raw_s, raw_p));
    let intake_s = intake(&sqlite, n).await;
    let intake_p = match &postgres {
        Some((_, _, _, store)) => Some(intake(store, n).await),
        None => None,
    };
    rows.push(("web-form intake (sealed case + its key), cases/s", intake_s, intake_p));
    let take_s = take_next(&sqlite, n).await;
    let take_p = match &postgres {
        Some((_, _, _, store)) => Some(take_next(store, n).await),
        None => None,
    };
    rows.push(("take next, 20 counsellors at once, cases/s", take_s, take_p));

    println!(
        "machine: {} cores; {n} rows each; SQLite WAL, synchronous=FULL; PostgreSQL {}",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        if postgres.is_some() {
            "on this machine, fsync and synchronous_commit on"
        } else {
            "not measured (RELAIS_BENCH_POSTGRES_URL unset)"
        }
    );
    println!("{:<50} {:>10} {:>12}", "", "SQLite", "PostgreSQL");
    for (what, s, p) in &rows {
        let p = p.map_or("-".to_owned(), |p| format!("{p:.0}"));
        println!("{what:<50} {s:>10.0} {p:>12}");
    }
    for (what, s, p) in rows.iter().skip(1) {
        let share = |v: f64, raw: f64| format!("{:.0}%", 100.0 * v / raw);
        let p = p.zip(raw_p).map_or("-".to_owned(), |(p, raw)| share(p, raw));
        println!(
            "{:<50} {:>10} {:>12}",
            format!("  {} of raw", what.split(',').next().unwrap_or(what)),
            share(*s, raw_s),
            p
        );
    }
    if let Some((admin, schema, raw, store)) = postgres {
        store.close().await;
        raw.close().await;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).execute(&admin).await.expect("drop");
    }
}
