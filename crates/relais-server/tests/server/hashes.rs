//! The hash list platforms block uploads with: fetched in order with
//! tombstones and a signature, matched within 31 bits (and the pictures turned
//! and flipped when asked), matches reported back onto the case.

use ed25519_dalek::{Signature, Verifier};
use relais_core::id::CaseId;
use relais_pdq::Hash;
use relais_store::image_hashes::{MatchAction, NewImageHash};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestServer, field};

const ORIGINAL: &str = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
/// The same picture, rotated by 90° (ThreatExchange's bridge-2, full size).
const ROTATED: &str = "30a10efd71cc3d429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af";
const OTHER: &str = "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064";

fn hash(text: &str) -> Hash {
    text.parse().unwrap()
}

/// A web-form case of a 13-to-17-year-old, waiting for a listener.
async fn waiting_case(server: &TestServer, category: relais_core::Category) -> relais_store::QueuedCase {
    let new = relais_store::NewCase::waiting(
        relais_core::case::ContactChannel::WebForm,
        category,
        relais_core::AgeBand::Age13To17,
        relais_core::risk::RiskLevel::High,
        relais_core::case::Skill::Listener,
        server.clock.now(),
    );
    server.store.open_case(new).await.unwrap()
}

/// A case with two hashes, the first confirmed by a jurist; the case and the hashes' ids.
async fn listed(server: &TestServer) -> (CaseId, Vec<relais_core::id::ImageHashId>) {
    let store = &server.store;
    let now = server.clock.now();
    let secret = relais_store::passwords::hash("a long enough secret").unwrap();
    let jurist =
        store.add_staff("hash-jurist", relais_core::staff::Role::Jurist, &secret, relais_store::Actor::Cli, now).await;
    let jurist = jurist.unwrap();
    let case = waiting_case(server, relais_core::Category::Sextortion).await;
    // The dihedral hashes of the original, as relais-pdq gives them for bridge-1.
    let picture = relais_pdq::hash_file(
        &std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../relais-pdq/tests/data/aaa-orig.jpg")).unwrap(),
        Default::default(),
    )
    .unwrap();
    let d = relais_pdq::dihedral(picture.picture.luma).unwrap();
    let dihedral: Vec<Hash> = d.all().iter().skip(1).map(|(_, h)| *h).collect();
    let hashes = [
        NewImageHash { hash: d.original, quality: 100, dihedral },
        NewImageHash { hash: hash(OTHER), quality: 100, dihedral: vec![hash(OTHER); 7] },
    ];
    assert_eq!(store.add_image_hashes(case.id, &hashes, now).await.unwrap(), 2);
    let ids: Vec<_> = store.image_hashes(case.id).await.unwrap().into_iter().map(|h| h.id).collect();
    assert!(store.confirm_image_hash(case.id, ids[0], jurist.id, now).await.unwrap());
    (case.id, ids)
}

async fn fetch(server: &TestServer, path: &str) -> (StatusCode, String, Option<String>) {
    let r = server.http.get(format!("{}{path}", server.url)).bearer_auth(&server.key).send().await.unwrap();
    let signature = r.headers().get("relais-signature").map(|v| v.to_str().unwrap().to_owned());
    (r.status(), r.text().await.unwrap(), signature)
}

fn verify(server: &TestServer, body: &str, signature: &str) {
    let bytes: [u8; 64] = hex::decode(signature.strip_prefix("ed25519=").unwrap()).unwrap().try_into().unwrap();
    let key = server.state().list_key.verifying_key();
    key.verify(body.as_bytes(), &Signature::from_bytes(&bytes)).expect("signed by the helpline's list key");
}

#[tokio::test]
async fn the_list_is_fetched_in_order_with_tombstones_and_a_signature() {
    let server = TestServer::start().await;
    let (case, ids) = listed(&server).await;
    let (status, body, signature) = fetch(&server, "/v1/hashes").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    verify(&server, &body, signature.as_deref().unwrap());
    let feed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(feed["entries"].as_array().unwrap().len(), 1, "only what a counsellor confirmed: {feed}");
    let entry = &feed["entries"][0];
    assert_eq!((entry["action"].as_str(), entry["signal_type"].as_str()), (Some("add"), Some("pdq")));
    assert_eq!(entry["id"], ids[0].to_string());
    assert_eq!((entry["category"].as_str(), entry["age_band"].as_str()), (Some("sextortion"), Some("13_17")));
    assert_eq!(entry["dihedral"].as_array().unwrap().len(), 7);
    assert!(!body.contains(&case.to_string()), "nothing of the case but its category and age band");
    let since = feed["next_since"].as_i64().unwrap();

    // The HMA file: one `pdq <hash>` line per listed hash.
    let (_, text, signature) = fetch(&server, "/v1/hashes.txt").await;
    verify(&server, &text, signature.as_deref().unwrap());
    assert_eq!(text, format!("pdq {}\n", entry["hash"].as_str().unwrap()));

    // The child withdraws it: a tombstone after what was fetched.
    assert!(server.store.withdraw_image_hash(case, ids[0], server.clock.now()).await.unwrap());
    let (_, body, _) = fetch(&server, &format!("/v1/hashes?since={since}")).await;
    let feed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(feed["entries"].as_array().unwrap().len(), 1);
    assert_eq!(
        (feed["entries"][0]["action"].as_str(), feed["entries"][0]["id"].as_str()),
        (Some("remove"), Some(ids[0].to_string().as_str()))
    );
    let (_, text, _) = fetch(&server, "/v1/hashes.txt").await;
    assert_eq!(text, "", "off the list");
    let (_, body, _) = fetch(&server, "/v1/hashes?since=0&limit=1").await;
    let page: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((page["entries"].as_array().unwrap().len(), page["more"].as_bool()), (1, Some(true)));

    for (query, expected) in
        [("since=-1", "since"), ("limit=0", "limit"), ("limit=5000", "limit"), ("since=abc", "query")]
    {
        let (status, body, _) = fetch(&server, &format!("/v1/hashes?{query}")).await;
        let problem: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{query}: {body}");
    }
    let r = server.http.get(format!("{}/v1/hashes", server.url)).bearer_auth(&server.admin_key).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "an admin key acts in no platform's name");
}

/// A listed hash with `bits` of its bits flipped.
fn near(text: &str, bits: usize) -> String {
    let mut h = hash(text);
    for b in 0..bits {
        h.0[b / 8] ^= 1 << (b % 8);
    }
    h.to_string()
}

#[tokio::test]
async fn uploads_are_matched_within_31_bits_and_turned_pictures_when_asked() {
    let server = TestServer::start().await;
    let (case, ids) = listed(&server).await;
    let listed_hash = server.store.image_hashes(case).await.unwrap()[0].hash.to_string();
    let ask = |hashes: Vec<String>, dihedral: bool| {
        let server = &server;
        async move {
            server.post_json("/v1/hashes/match", &server.key, &json!({"hashes": hashes, "dihedral": dihedral})).await
        }
    };
    let (status, answer) =
        ask(vec![listed_hash.clone(), near(&listed_hash, 20), near(&listed_hash, 40), OTHER.into()], false).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results[0]["matches"], json!([{"id": ids[0].to_string(), "distance": 0, "variant": "orig"}]));
    assert_eq!(results[1]["matches"][0]["distance"], 20);
    assert!(results[2]["matches"].as_array().unwrap().is_empty(), "40 bits away is another picture");
    assert!(results[3]["matches"].as_array().unwrap().is_empty(), "an unconfirmed hash is not on the list");

    // The same picture uploaded turned by 90°: found only among the turned variants.
    let (_, plain) = ask(vec![ROTATED.into()], false).await;
    assert!(plain["results"][0]["matches"].as_array().unwrap().is_empty(), "{plain}");
    let (_, turned) = ask(vec![ROTATED.into()], true).await;
    let found = &turned["results"][0]["matches"][0];
    assert_eq!(
        (found["id"].as_str(), found["variant"].as_str()),
        (Some(ids[0].to_string().as_str()), Some("rot90")),
        "{turned}"
    );
    assert!(found["distance"].as_u64().unwrap() <= 31);

    for (body, expected) in [
        (json!({"hashes": []}), "hashes"),
        (json!({"hashes": vec![ORIGINAL; 501]}), "hashes"),
        (json!({"hashes": [ORIGINAL, "abc"]}), "hashes[1]"),
        (json!({"hashes": ["g".repeat(64)]}), "hashes[0]"),
        (json!({"hashes": [ORIGINAL], "photo": "…"}), "photo"),
    ] {
        let (status, problem) = server.post_json("/v1/hashes/match", &server.key, &body).await;
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{problem}");
    }
}

#[tokio::test]
async fn a_platform_reports_what_it_did_and_the_case_shows_it() {
    let server = TestServer::start().await;
    let (case, ids) = listed(&server).await;
    let path = format!("/v1/hashes/{}/matches", ids[0]);
    let (status, body) = server.post_json(&path, &server.key, &json!({"action": "removed", "distance": 4})).await;
    assert_eq!((status, body["action"].as_str()), (StatusCode::CREATED, Some("removed")), "{body}");
    let (status, _) = server.post_json(&path, &server.key, &json!({"action": "blocked", "distance": 0})).await;
    assert_eq!(status, StatusCode::CREATED);
    let matches = server.store.hash_matches_of_case(case).await.unwrap();
    assert_eq!(matches.iter().map(|m| m.action).collect::<Vec<_>>(), vec![MatchAction::Blocked, MatchAction::Removed]);
    let year = |y: &str| -> jiff::Timestamp { format!("{y}-01-01T00:00:00Z").parse().unwrap() };
    let counts = server.store.hash_match_counts(year("2000"), year("2100")).await.unwrap();
    assert_eq!(counts.iter().map(|c| c.2).sum::<u64>(), 2);
    // Counted in the yearly trusted-flagger report, by platform and action.
    let this_year = server.clock.now().to_zoned_datetime(jiff::tz::TimeZone::UTC).year();
    let report = relais_server::notices::report::for_year(
        &server.store,
        this_year,
        &jiff::tz::TimeZone::UTC,
        "3018".into(),
        String::new(),
    )
    .await
    .unwrap();
    let actions: Vec<(&str, u64)> = report.hash_matches.iter().map(|m| (m.action, m.matches)).collect();
    assert_eq!(actions, vec![("blocked", 1), ("removed", 1)]);
    assert!(relais_server::notices::report::html(&report).unwrap().contains("Image hash list"));

    let unlisted = format!("/v1/hashes/{}/matches", ids[1]);
    for (path, body, status, expected) in [
        (unlisted.as_str(), json!({"action": "removed", "distance": 0}), StatusCode::NOT_FOUND, ""),
        ("/v1/hashes/not-an-id/matches", json!({"action": "removed", "distance": 0}), StatusCode::NOT_FOUND, ""),
        (path.as_str(), json!({"action": "deleted", "distance": 0}), StatusCode::UNPROCESSABLE_ENTITY, "action"),
        (path.as_str(), json!({"action": "removed", "distance": 40}), StatusCode::UNPROCESSABLE_ENTITY, "distance"),
        (path.as_str(), json!({"action": "removed"}), StatusCode::UNPROCESSABLE_ENTITY, "distance"),
    ] {
        let (got, problem) = server.post_json(path, &server.key, &body).await;
        assert_eq!((got, field(&problem)), (status, expected), "{path} {body}: {problem}");
    }
    assert_eq!(server.store.hash_matches_of_case(case).await.unwrap().len(), 2, "nothing more was kept");
}

/// A counsellor confirms a child's hash on the case page: it joins the feed,
/// the audit trail says who, and a platform's report shows on the case.
#[tokio::test]
async fn a_counsellor_confirms_a_hash_and_sees_what_platforms_did() {
    let server = TestServer::start().await;
    let (mut ana, csrf) = crate::chat::counsellor(&server, "ana", relais_core::staff::Role::Listener).await;
    let now = server.clock.now();
    let case = waiting_case(&server, relais_core::Category::Ncii).await;
    let new = NewImageHash { hash: hash(ORIGINAL), quality: 96, dihedral: vec![hash(ORIGINAL); 7] };
    server.store.add_image_hashes(case.id, &[new], now).await.unwrap();
    let (_, location) = ana.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    assert!(location.contains(&case.id.to_string()), "{location}");
    let (_, page, _) = ana.get(&format!("/console/cases/{}", case.id)).await;
    assert!(page.contains("Photos protégées") && page.contains("qualité 96 — à confirmer"), "{page}");
    let id = server.store.image_hashes(case.id).await.unwrap()[0].id;
    let confirm = format!("/console/cases/{}/hashes/{id}/confirm", case.id);
    let (status, _, _) = ana.post(&confirm, &[("csrf", csrf.as_str())]).await;
    assert!(status.is_redirection(), "{status}");
    let (_, page, _) = ana.get(&format!("/console/cases/{}", case.id)).await;
    assert!(page.contains("sur la liste des plateformes") && !page.contains("data-testid=\"confirm-hash\""), "{page}");
    let trail = server.store.audit_of(&format!("case:{}", case.id)).await.unwrap();
    assert!(trail.iter().any(|r| r.event.action == "case.hash.confirm" && r.event.actor.starts_with("staff:")));
    let (_, body, _) = fetch(&server, "/v1/hashes").await;
    assert!(body.contains(ORIGINAL) && body.contains("\"category\":\"ncii\""), "{body}");

    let path = format!("/v1/hashes/{id}/matches");
    server.post_json(&path, &server.key, &json!({"action": "blocked", "distance": 3})).await;
    let (_, page, _) = ana.get(&format!("/console/cases/{}", case.id)).await;
    assert!(page.contains("mise en ligne bloquée (écart 3)"), "{page}");
    // A form without its token changes nothing.
    let (status, _, _) = ana.post(&confirm, &[("csrf", "forged")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
