//! The consented handoff over HTTP: the platform's call, the child's page,
//! the contact card, and every way to get them wrong.

use crate::common::{TestServer, field};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn handoff() -> Value {
    json!({
        "consent": true,
        "country": "FR",
        "category": "harassment",
        "reporter": { "role": "victim", "age": 14 },
        "content": [{ "url": "https://social.example/p/123", "platform_content_id": "p123", "kind": "post", "captured_at": "2026-11-28T14:00:00Z" }],
        "reported_accounts": [{ "platform_account_id": "u987", "handle": "@bully" }],
        "description": "They keep posting my photo with insults.",
        "reporter_ref": "anon-42"
    })
}

async fn page(server: &TestServer, path: &str) -> (StatusCode, String) {
    let r = server.http.get(format!("{}{path}", server.url)).header("accept-language", "fr-FR").send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_handoff_gives_a_code_that_opens_the_landing_page() {
    let server = TestServer::start().await;
    let (status, created) = server.post_json("/v1/handoffs", &server.key, &handoff()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let code = created["code"].as_str().unwrap();
    assert!(regex_like_code(code), "{code}");
    assert_eq!(created["url"], format!("{}/h/{code}", server.url));
    assert_eq!(created["status"], "pending");
    let expires: jiff::Timestamp = created["expires_at"].as_str().unwrap().parse().unwrap();
    let hours = (expires - jiff::Timestamp::now()).as_secs() as f64 / 3600.0;
    assert!((71.9..=72.0).contains(&hours), "72 h by default, got {hours}");

    let (status, html) = page(&server, &format!("/h/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Nous avons déjà ce que tu as signalé sur {}", server.platform_name)), "{html}");
    assert!(html.contains(code));
    assert!(html.contains("href=\"tel:3018\""));
    assert!(!html.contains("They keep posting"), "the story itself is never shown on the page");
    // Typed by hand: lower case, no dashes.
    let (status, _) = page(&server, &format!("/h/{}", code.replace('-', "").to_lowercase())).await;
    assert_eq!(status, StatusCode::OK);

    // The platform sees the status of its own handoff, and nothing of another's.
    let id = created["id"].as_str().unwrap();
    let (status, state) = server.get(&format!("/v1/handoffs/{id}"), Some(&server.key)).await;
    assert_eq!((status, state["status"].as_str()), (StatusCode::OK, Some("pending")));
    assert!(state.get("description").is_none() && state.get("content").is_none());
    let (_, other) = server
        .store
        .add_client("other", relais_store::ClientKind::Platform, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    let (status, _) = server.get(&format!("/v1/handoffs/{id}"), Some(&other.expose())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Once claimed for a case, the code no longer opens the page, and the platform sees "attached".
    let (pending, _) = server.store.pending_handoff(code, jiff::Timestamp::now()).await.unwrap().unwrap();
    let waiting = relais_store::NewCase::waiting(
        relais_core::case::ContactChannel::Handoff,
        relais_core::Category::Harassment,
        relais_core::AgeBand::Age13To17,
        relais_core::risk::RiskLevel::None,
        relais_core::case::Skill::Listener,
        jiff::Timestamp::now(),
    );
    server.store.open_case(relais_store::NewCase { handoff_id: Some(pending.id), ..waiting }).await.unwrap();
    let (_, state) = server.get(&format!("/v1/handoffs/{id}"), Some(&server.key)).await;
    assert_eq!(state["status"], "attached");
    let (status, html) = page(&server, &format!("/h/{code}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Ce code ne fonctionne pas"));
    assert!(html.contains("href=\"tel:3018\""), "the helpline's channels are still offered");
}

fn regex_like_code(code: &str) -> bool {
    let parts: Vec<_> = code.split('-').collect();
    parts.len() == 3
        && parts.iter().all(|p| p.len() == 3 && p.bytes().all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b)))
}

#[tokio::test]
async fn without_consent_or_with_bad_fields_nothing_is_stored() {
    let server = TestServer::start().await;
    let with = |path: &str, value: Value| {
        let mut body = handoff();
        let mut target = &mut body;
        let parts: Vec<&str> = path.split('.').collect();
        for part in &parts[..parts.len() - 1] {
            target = match part.parse::<usize>() {
                Ok(i) => &mut target[i],
                Err(_) => &mut target[*part],
            };
        }
        let last = parts[parts.len() - 1];
        if value.is_null() {
            target.as_object_mut().unwrap().remove(last);
        } else {
            target[last] = value;
        }
        body
    };
    let cases = [
        ("consent false", with("consent", json!(false)), "consent"),
        ("consent missing", with("consent", Value::Null), "consent"),
        ("consent as a string", with("consent", json!("yes")), "consent"),
        ("javascript link", with("content.0.url", json!("javascript:alert(document.cookie)")), "content[0].url"),
        ("data link", with("content.0.url", json!("data:text/html,<script>alert(1)</script>")), "content[0].url"),
        ("no host", with("content.0.url", json!("https://")), "content[0].url"),
        ("unknown kind", with("content.0.kind", json!("reel")), "content[0].kind"),
        ("bad capture time", with("content.0.captured_at", json!("yesterday")), "content[0].captured_at"),
        ("long description", with("description", json!("x".repeat(4001))), "description"),
        (
            "empty account id",
            with("reported_accounts.0.platform_account_id", json!("")),
            "reported_accounts[0].platform_account_id",
        ),
        ("control characters", with("reporter_ref", json!("a\u{0}b")), "reporter_ref"),
        ("negative age", with("reporter.age", json!(-1)), "reporter.age"),
        ("bad country", with("country", json!("XX")), "country"),
    ];
    for (name, body, expected) in cases {
        let (status, problem) = server.post_json("/v1/handoffs", &server.key, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {problem}");
        assert_eq!(field(&problem), expected, "{name}: {problem}");
    }
    let too_many = with("content", json!(vec![handoff()["content"][0].clone(); 51]));
    let (status, problem) = server.post_json("/v1/handoffs", &server.key, &too_many).await;
    assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "content"), "{problem}");
    let huge = with("description", json!("x".repeat(70_000)));
    assert_eq!(server.post_json("/v1/handoffs", &server.key, &huge).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(server.post_json("/v1/handoffs", "rl_live_nope", &handoff()).await.0, StatusCode::UNAUTHORIZED);

    // A description of exactly 4,000 characters is fine.
    let (status, _) =
        server.post_json("/v1/handoffs", &server.key, &with("description", json!("é".repeat(4000)))).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn script_in_a_field_is_stored_as_text_and_never_rendered() {
    let server = TestServer::start().await;
    let mut body = handoff();
    body["description"] = json!("<script>alert('x')</script>");
    body["reported_accounts"][0]["handle"] = json!("<img src=x onerror=alert(1)>");
    let (status, created) = server.post_json("/v1/handoffs", &server.key, &body).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, html) = page(&server, &format!("/h/{}", created["code"].as_str().unwrap())).await;
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{html}");
    let (_, context) =
        server.store.pending_handoff(created["code"].as_str().unwrap(), jiff::Timestamp::now()).await.unwrap().unwrap();
    let context: Value = serde_json::from_slice(&context).unwrap();
    assert_eq!(context["description"], "<script>alert('x')</script>", "kept as the child wrote it, as text");
}

#[tokio::test]
async fn guessed_codes_are_rate_limited_and_indistinguishable() {
    let server = TestServer::start_with(|s| s.limits.code_lookups_per_minute = 5).await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        let (status, html) = page(&server, &format!("/h/AAA-AAA-AA{i}")).await;
        if status == StatusCode::NOT_FOUND {
            assert!(html.contains("Ce code ne fonctionne pas"));
        }
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, [404, 404, 404, 404, 404, 429, 429, 429]);
    let (status, _) = page(&server, "/h/<script>").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "still limited, whatever the input");
}

#[tokio::test]
async fn expired_handoffs_are_erased_and_shown_as_expired() {
    let server = TestServer::start_with(|s| s.handoff.ttl_hours = 0).await;
    let (_, created) = server.post_json("/v1/handoffs", &server.key, &handoff()).await;
    let code = created["code"].as_str().unwrap();
    let (status, _) = page(&server, &format!("/h/{code}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, state) = server.get(&format!("/v1/handoffs/{}", created["id"].as_str().unwrap()), Some(&server.key)).await;
    assert_eq!(state["status"], "expired");
    // The server erases expired contexts in the background (at start, then every minute);
    // whoever got there first, the context is gone: even a claim dated before the expiry finds nothing.
    assert!(server.store.erase_expired_handoffs(jiff::Timestamp::now()).await.unwrap() <= 1);
    let created_at = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(60);
    assert!(server.store.pending_handoff(code, created_at).await.unwrap().is_none());
}

#[tokio::test]
async fn the_contact_card() {
    let server = TestServer::start().await;
    let r = server.http.get(format!("{}/contact.vcf", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/vcard; charset=utf-8");
    let card = r.text().await.unwrap();
    assert!(card.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:3018\r\n"), "{card}");
    assert!(card.contains("TEL;TYPE=VOICE:3018\r\n"));
    assert!(card.trim_end().ends_with("END:VCARD"));
    let (status, _) = server.get("/contact.vcf?helpline=si-tom-telefon", None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = server.get("/contact.vcf?helpline=nowhere", None).await;
    assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "helpline"));
}
