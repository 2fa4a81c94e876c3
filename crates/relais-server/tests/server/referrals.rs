//! `POST /v1/referrals` over HTTP, against the real server.

use crate::common::{TestServer, field};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn minor(country: &str, category: &str) -> Value {
    json!({ "country": country, "category": category, "reporter": { "role": "victim", "age": 14 } })
}

#[tokio::test]
async fn a_14_year_old_in_france_is_offered_the_3018() {
    let server = TestServer::start().await;
    let mut body = minor("FR", "harassment");
    body["at"] = json!("2026-11-28T15:00:00Z");
    body["surface"] = json!("direct_message");
    let (status, r) = server.referral(body).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["decision"], "offer_helpline");
    assert_eq!(r["helpline"]["id"], "fr-3018");
    assert_eq!(r["helpline"]["phone"], "3018");
    assert_eq!(r["helpline"]["open_now"], true);
    assert_eq!(r["helpline"]["next_opening"], Value::Null);
    assert_eq!(r["choices"], json!(["report_to_platform", "contact_helpline"]));
    let call = &r["helpline"]["channels"][0];
    assert_eq!(
        (call["kind"].as_str(), call["uri"].as_str(), &call["available_now"]),
        (Some("call"), Some("tel:3018"), &json!(true))
    );
    // Relais's own pages are linked from the public URL.
    let web = r["helpline"]["channels"].as_array().unwrap().iter().find(|c| c["kind"] == "web").unwrap();
    assert!(web["uri"].as_str().unwrap().starts_with(&server.url), "{web}");
    assert_eq!(r["locale"], "fr");
    assert!(r["explanation"].as_str().unwrap().contains("3018"));
}

#[tokio::test]
async fn an_adult_gets_adult_services_and_no_3018() {
    let server = TestServer::start().await;
    let (status, r) = server
        .referral(json!({ "country": "FR", "category": "ncii", "reporter": { "role": "victim", "age_band": "18_plus" }, "locale": "en" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(r["decision"], "platform_only");
    assert_eq!(r["helpline"], Value::Null);
    assert_eq!(r["choices"], json!(["report_to_platform"]));
    assert_eq!(r["alternatives"][0]["phone"], "116 006");
    assert_eq!(r["alternatives"][1]["url"], "https://www.internet-signalement.gouv.fr");
    assert!(r["explanation"].as_str().unwrap().starts_with("3018 is for minors"), "{}", r["explanation"]);
}

#[tokio::test]
async fn threats_put_the_emergency_numbers_first() {
    let server = TestServer::start().await;
    let (_, r) = server.referral(minor("FR", "threats")).await;
    assert_eq!(r["decision"], "emergency");
    assert_eq!(r["alternatives"][0]["phone"], "112");
    assert_eq!(r["alternatives"][1]["phone"], "17");
    assert_eq!(r["helpline"]["id"], "fr-3018");
}

#[tokio::test]
async fn at_half_past_eleven_the_line_is_closed_but_the_form_is_open() {
    let server = TestServer::start().await;
    let mut body = minor("FR", "sextortion");
    body["at"] = json!("2026-11-28T23:30:00+01:00");
    let (_, r) = server.referral(body).await;
    let h = &r["helpline"];
    assert_eq!(h["open_now"], false);
    assert_eq!(h["next_opening"], "2026-11-29T09:00:00+01:00");
    let available: Vec<(&str, bool)> = h["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["available_now"].as_bool().unwrap()))
        .collect();
    assert_eq!(available, [("call", false), ("chat", false), ("web", true), ("callback", true)]);
}

#[tokio::test]
async fn other_countries_get_their_own_helpline_or_an_explanation() {
    let server = TestServer::start().await;
    let (_, r) = server.referral(minor("be", "harassment")).await;
    assert_eq!(r["helpline"]["id"], "be-child-focus");
    assert_eq!(r["helpline"]["phone"], "116 000");
    let (status, r) = server.referral(minor("JP", "harassment")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(r["decision"], "platform_only");
    assert!(r["explanation"].as_str().unwrap().contains("JP"));
}

/// Every malformed request: the status, and the field the problem names.
#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    let server = TestServer::start().await;
    let cases: Vec<(&str, Value, StatusCode, &str)> = vec![
        (
            "unknown category",
            json!({"country": "FR", "category": "bullying", "reporter": {"role": "victim"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "category",
        ),
        (
            "three-letter country",
            json!({"country": "FRA", "category": "harassment", "reporter": {"role": "victim"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "country",
        ),
        (
            "unassigned country",
            json!({"country": "ZZ", "category": "harassment", "reporter": {"role": "victim"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "country",
        ),
        (
            "country as a number",
            json!({"country": 33, "category": "harassment", "reporter": {"role": "victim"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "country",
        ),
        (
            "missing country",
            json!({"category": "harassment", "reporter": {"role": "victim"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "country",
        ),
        (
            "missing role",
            json!({"country": "FR", "category": "harassment", "reporter": {"age": 14}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.role",
        ),
        (
            "unknown role",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "teacher"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.role",
        ),
        (
            "negative age",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": -3}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.age",
        ),
        (
            "absurd age",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 4000}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.age",
        ),
        (
            "fractional age",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14.5}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.age",
        ),
        (
            "huge age",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 1e300}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.age",
        ),
        (
            "age and band disagree",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 15, "age_band": "18_plus"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.age_band",
        ),
        (
            "unknown band",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age_band": "teen"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reporter.age_band",
        ),
        (
            "unknown locale",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim"}, "locale": "sv"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "locale",
        ),
        (
            "unknown surface",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim"}, "surface": "feed"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "surface",
        ),
        (
            "malformed instant",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim"}, "at": "tomorrow"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "at",
        ),
        (
            "unknown field",
            json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim"}, "name": "Léa"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "name",
        ),
        (
            "script in a field",
            json!({"country": "<script>alert(1)</script>", "category": "harassment", "reporter": {"role": "victim"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "country",
        ),
        ("an array", json!([1, 2, 3]), StatusCode::UNPROCESSABLE_ENTITY, "body"),
    ];
    for (name, body, status, expected_field) in cases {
        let (got, problem) = server.referral(body).await;
        assert_eq!(got, status, "{name}: {problem}");
        assert_eq!(field(&problem), expected_field, "{name}: {problem}");
        assert_eq!(problem["status"], status.as_u16(), "{name}");
        assert!(!problem["detail"].as_str().unwrap().is_empty(), "{name}");
        assert!(!problem.to_string().contains("<script>alert"), "{name}: the input is not echoed raw: {problem}");
    }
    // Nothing was counted.
    let (_, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    assert_eq!(stats["total"], 0);
}

#[tokio::test]
async fn malformed_bodies_wrong_types_and_oversized_bodies() {
    let server = TestServer::start().await;
    let url = format!("{}/v1/referrals", server.url);
    let send = |body: Vec<u8>, content_type: Option<&'static str>| {
        let mut r = server.http.post(&url).bearer_auth(&server.key).body(body);
        if let Some(ct) = content_type {
            r = r.header("content-type", ct);
        }
        async move { crate::common::read(r.send().await.unwrap()).await }
    };
    let (s, p) = send(b"{\"country\": \"FR\",".to_vec(), Some("application/json")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
    let (s, _) = send(b"".to_vec(), Some("application/json")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(b"\xff\xfe\x00".to_vec(), Some("application/json")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let (s, p) = send(deep.into_bytes(), Some("application/json")).await;
    assert_eq!((s, field(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "body"), "{p}");
    let deep_inside = format!("{{\"country\": {}{}}}", "[".repeat(5_000), "]".repeat(5_000));
    let (s, p) = send(deep_inside.into_bytes(), Some("application/json")).await;
    assert!(s.is_client_error(), "{s} {p}");
    let body = serde_json::to_vec(&minor("FR", "harassment")).unwrap();
    let (s, p) = send(body.clone(), Some("text/plain")).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{p}");
    let (s, _) = send(body.clone(), None).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (s, _) = send(body, Some("application/json; charset=utf-8")).await;
    assert_eq!(s, StatusCode::OK, "parameters of the media type are fine");
    let mut big = minor("FR", "harassment");
    big["padding"] = json!("x".repeat(100 * 1024));
    let (s, p) = send(serde_json::to_vec(&big).unwrap(), Some("application/json")).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("65536"), "{p}");
    let (_, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    assert_eq!(stats["total"], 1, "only the one good request counted");
}

#[tokio::test]
async fn keys_missing_malformed_unknown_or_revoked_get_401() {
    let server = TestServer::start_with(|s| s.auth.refresh_seconds = 1).await;
    let body = minor("FR", "harassment");
    let forged = {
        // The real key id with another secret.
        let (id, _) = server.key.rsplit_once('_').unwrap();
        format!("{id}_{}", "0".repeat(64))
    };
    let unknown = "rl_live_aaaaaaaaaaaa_".to_owned() + &"f".repeat(64);
    for key in [
        "",
        "not-a-key",
        "rl_live_",
        unknown.as_str(),
        forged.as_str(),
        &server.admin_key.replace("rl_live_", "rl_test_"),
    ] {
        let (status, problem) = server.post_json("/v1/referrals", key, &body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?}: {problem}");
    }
    let response = server.http.post(format!("{}/v1/referrals", server.url)).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer realm=\"relais\"");
    let response = server
        .http
        .post(format!("{}/v1/referrals", server.url))
        .basic_auth("user", Some("pw"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // The key works, then is revoked, then stops working within the refresh interval.
    assert_eq!(server.referral(body.clone()).await.0, StatusCode::OK);
    server
        .store
        .revoke_client(
            &server.platform_name,
            relais_store::ClientKind::Platform,
            relais_store::Actor::Cli,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    // The key cache is reloaded every `auth.refresh_seconds`: one round of that worker.
    server.step(relais_server::Worker::Keys).await;
    assert_eq!(server.referral(body.clone()).await.0, StatusCode::UNAUTHORIZED, "a revoked key is refused");
}

#[tokio::test]
async fn a_key_created_while_the_server_runs_works_at_once() {
    let server = TestServer::start().await;
    let (_, key) = server
        .store
        .add_client(
            "late-platform",
            relais_store::ClientKind::Platform,
            relais_store::Actor::Cli,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let (status, _) = server.post_json("/v1/referrals", &key.expose(), &minor("FR", "harassment")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_key_reads_statistics_and_does_nothing_in_a_platforms_name() {
    let server = TestServer::start().await;
    let (status, _) = server.get("/v1/stats/referrals", Some(&server.admin_key)).await;
    assert_eq!(status, StatusCode::OK, "statistics, all platforms'");
    let referral = json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}});
    let handoff =
        json!({"consent": true, "country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}});
    let token = json!({"report_ref": "r-1", "country": "FR", "category": "harassment", "reporter": {"role": "victim"}});
    for (path, body) in [("/v1/referrals", referral), ("/v1/handoffs", handoff), ("/v1/widget-tokens", token)] {
        let (status, problem) = server.post_json(path, &server.admin_key, &body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {problem}");
        assert!(problem["detail"].as_str().unwrap().contains("admin key"), "{problem}");
    }
}

#[tokio::test]
async fn a_flood_of_unknown_keys_reaches_the_database_once_per_key() {
    let server = TestServer::start().await;
    let body = json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}});
    let unknown = format!("rl_live_zzzzzzzzzzzz_{}", "0".repeat(64));
    let before = server.state().keys.database_lookups();
    for _ in 0..50 {
        let (status, _) = server.post_json("/v1/referrals", &unknown, &body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(server.state().keys.database_lookups() - before, 1, "the miss is remembered");
    // A key made meanwhile still works at once: its id was never asked for.
    let (_, key) = server
        .store
        .add_client("late", relais_store::ClientKind::Platform, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(server.post_json("/v1/referrals", &key.expose(), &body).await.0, StatusCode::OK);
}
