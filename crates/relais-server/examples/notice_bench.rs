//! How fast the helpline's side of a notice is: from approval to receipt by
//! the stand-in platform (p50, p99), one notice at a time with the default
//! settings; and the outbox's throughput when a burst of notices is approved
//! at once. The hour belongs to the platform; this measures our share of it.
//! Two platforms side by side in one run: one over plain HTTP on this
//! machine, one over HTTPS (a certificate from the run's own authority), so
//! that what TLS costs shows against the same machine's noise.
//!
//!   cargo run --release -p relais-server --example notice_bench -- [NOTICES]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use relais_core::id::{CaseId, ClientId, NoticeId, StaffId};
use relais_mock_platform::inbox::Inbox;
use relais_store::{ClientKind, NewCase, NewNotice, Store};

/// One stand-in platform, as the benchmark drives it.
struct Platform {
    label: &'static str,
    client_id: ClientId,
    inbox: Inbox,
}

#[tokio::main]
async fn main() {
    let burst: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    relais_server::tls::install();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("relais.db")).await.unwrap();
    let relais = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relais_url = format!("http://{}", relais.local_addr().unwrap());
    let roots = dir.path().join("roots.pem");
    let identity = relais_mock_platform::TlsIdentity::throwaway("Benchmark authority", &roots).unwrap();
    let now = jiff::Timestamp::now();
    let mut platforms = Vec::new();
    for (label, tls) in [("HTTP", None), ("HTTPS", Some(identity))] {
        let (client, key) = store
            .add_client(&format!("Piaf {label}"), ClientKind::Platform, relais_store::Actor::Cli, now)
            .await
            .unwrap();
        let secret = b"benchmark secret".to_vec();
        let inbox = Inbox::new(secret.clone());
        // The platform only receives here: its moderators answer later.
        inbox.set(|b| b.acknowledge_after = Duration::from_secs(3600));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let endpoint = match tls {
            Some(_) => format!("https://localhost:{port}/notices"),
            None => format!("http://127.0.0.1:{port}/notices"),
        };
        let mock = relais_mock_platform::MockSettings {
            relais_api: relais_url.clone(),
            relais_public: relais_url.clone(),
            api_key: key.expose(),
            inbox: Some(inbox.clone()),
            tls,
            meta: None,
        };
        tokio::spawn(relais_mock_platform::run(mock, listener, std::future::pending()));
        let connector = relais_store::Connector {
            client_id: client.id,
            endpoint,
            secret,
            sla_minutes: 60,
            category_minutes: Default::default(),
            fallback_contact: None,
        };
        store.set_connector(connector, relais_store::Actor::Cli, now).await.unwrap();
        platforms.push(Platform { label, client_id: client.id, inbox });
    }
    let mut settings = relais_server::Settings { data_dir: dir.path().to_owned(), ..Default::default() };
    settings.notices.extra_roots_pem = Some(roots);
    let poll = settings.notices.poll_milliseconds;
    tokio::spawn(relais_server::run(settings, store.clone(), relais, std::future::pending()));

    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let jurist =
        store.add_staff("jo", relais_core::staff::Role::Jurist, &hash, relais_store::Actor::Cli, now).await.unwrap().id;
    let case = store
        .open_case(NewCase::waiting(
            relais_core::case::ContactChannel::Phone,
            relais_core::Category::Harassment,
            relais_core::AgeBand::Age13To17,
            relais_core::risk::RiskLevel::Low,
            relais_core::case::Skill::Jurist,
            now,
        ))
        .await
        .unwrap()
        .id;
    println!("machine: {} cores; SQLite WAL, synchronous=FULL; worker polling every {poll} ms (the default)", cores());
    for platform in &platforms {
        measure(&store, platform, case, jurist, burst).await;
    }
}

/// Approval to receipt one at a time, then a burst, to one platform.
async fn measure(store: &Store, platform: &Platform, case: CaseId, jurist: StaffId, burst: usize) {
    let draft = |n: usize| async move {
        let id = NoticeId::from(uuid::Uuid::now_v7());
        let body = serde_json::json!({
            "id": id, "idempotency_key": id,
            "items": [{"url": format!("https://piaf.example/p/{n}"), "platform_content_id": format!("post-{n}")}],
            "explanation": "Harcèlement d'une élève de 14 ans, publications quotidiennes.",
        });
        store
            .draft_notice(NewNotice {
                id,
                case_id: case,
                client_id: platform.client_id,
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
        id
    };
    let wait_for = |id: NoticeId| async move {
        let id = id.to_string();
        loop {
            if let Some(at) = platform.inbox.received_at(&id) {
                return at;
            }
            tokio::time::sleep(Duration::from_micros(500)).await;
        }
    };

    // One at a time: approval to receipt, as a jurist experiences it.
    const ONE_BY_ONE: usize = 200;
    let mut latencies = Vec::with_capacity(ONE_BY_ONE);
    for n in 0..ONE_BY_ONE {
        let id = draft(n).await;
        let approved = Instant::now();
        store.approve_notice(id, jurist, jiff::Timestamp::now()).await.unwrap();
        let received = wait_for(id).await;
        latencies.push(received.saturating_duration_since(approved));
        // Approvals arrive at random moments relative to the worker's polling.
        tokio::time::sleep(Duration::from_millis(rand::random::<u64>() % 50)).await;
    }
    latencies.sort_unstable();
    let pct = |p: f64| latencies[((p * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len()) - 1];

    // A burst: many notices approved at once (a raid on one child, a wave of reposts).
    let mut ids = Vec::with_capacity(burst);
    for n in 0..burst {
        ids.push(draft(ONE_BY_ONE + n).await);
    }
    let started = Instant::now();
    for id in &ids {
        store.approve_notice(*id, jurist, jiff::Timestamp::now()).await.unwrap();
    }
    let approved_in = started.elapsed();
    let mut last = started;
    for id in ids {
        last = last.max(wait_for(id).await);
    }
    let total = last.saturating_duration_since(started);
    let label = platform.label;
    println!(
        "{label:<5} approval to receipt, one at a time ({ONE_BY_ONE} notices): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3
    );
    println!(
        "{label:<5} burst of {burst}: approved in {:.2} s, all received in {:.2} s: {:.0} notices/s through the outbox",
        approved_in.as_secs_f64(),
        total.as_secs_f64(),
        burst as f64 / total.as_secs_f64()
    );
    let counts = platform.inbox.counts();
    println!(
        "{label:<5} platform: {} notices, {} duplicates, {} bad signatures",
        counts.notices, counts.duplicates, counts.bad_signatures
    );
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
