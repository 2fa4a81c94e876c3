//! The wait shown to a child comes from the live queue and the listeners
//! signed in, and rises as the queue grows.

use crate::common::TestServer;
use relais_core::case::{ContactChannel, Skill};
use relais_core::risk::RiskLevel;
use relais_core::staff::Role;
use serde_json::{Value, json};

async fn wait_shown(server: &TestServer) -> Value {
    // Saturday 16:00 in Paris: the line is open, so a wait is shown.
    let (_, r) = server
        .referral(json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}, "at": "2026-11-28T16:00:00+01:00"}))
        .await;
    r["helpline"]["estimated_wait_seconds"].clone()
}

/// The wait shown once the estimate is recomputed (what the server does every `queue.refresh_seconds`).
async fn shows(server: &TestServer, expected: Value) {
    server.step(relais_server::Worker::LiveWait).await;
    assert_eq!(wait_shown(server).await, expected);
}

async fn queue(server: &TestServer, n: usize) {
    for _ in 0..n {
        server
            .store
            .open_case(relais_store::NewCase::waiting(
                ContactChannel::WebForm,
                relais_core::Category::Harassment,
                relais_core::AgeBand::Age13To17,
                RiskLevel::None,
                Skill::Listener,
                jiff::Timestamp::now(),
            ))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_wait_rises_as_the_queue_grows() {
    let server = TestServer::start_with(|s| {
        s.queue.refresh_seconds = 1;
        s.queue.handle_seconds = 600.0;
    })
    .await;
    // Nobody signed in: no wait can be promised.
    shows(&server, Value::Null).await;

    // Two listeners sign in.
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    for name in ["ana", "bo"] {
        let s = server
            .store
            .add_staff(name, Role::Listener, &hash, relais_store::Actor::Cli, jiff::Timestamp::now())
            .await
            .unwrap();
        server.store.create_session(&format!("token-{name}"), s.id, "csrf", jiff::Timestamp::now()).await.unwrap();
    }
    shows(&server, json!(0)).await;

    // Four children wait: the next waits for three departures at 2 per 600 s.
    queue(&server, 4).await;
    shows(&server, json!(900)).await;

    // The widget says it in words: 900 s is about 15 minutes.
    let (_, token) = server
        .post_json(
            "/v1/widget-tokens",
            &server.key,
            &json!({"report_ref": "r1", "at": "2026-11-28T16:00:00+01:00", "country": "FR",
                "category": "harassment", "reporter": {"role": "victim", "age": 14}}),
        )
        .await;
    let (_, answer) = server
        .get(
            &format!(
                "/v1/widget/referral?token={}&country=FR&category=harassment&age_band=13_17",
                token["token"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(answer["helpline"]["wait_line"], "Attente estimée : environ 15 min", "{answer}");
    queue(&server, 4).await;
    shows(&server, json!(2100)).await;
}
