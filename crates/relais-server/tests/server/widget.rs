//! The widget's server side over HTTP: tokens, the public answer, the script
//! and the embed page.

use crate::common::{TestServer, field};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn token(server: &TestServer, body: Value) -> (StatusCode, Value) {
    server.post_json("/v1/widget-tokens", &server.key, &body).await
}

async fn answer(server: &TestServer, query: &str) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let r = server.http.get(format!("{}/v1/widget/referral?{query}", server.url)).send().await.unwrap();
    let headers = r.headers().clone();
    let (status, body) = crate::common::read(r).await;
    (status, body, headers)
}

#[tokio::test]
async fn a_token_lets_the_page_ask_for_the_two_choices() {
    let server = TestServer::start().await;
    let (status, created) = token(&server, json!({ "report_ref": "report-1" })).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let t = created["token"].as_str().unwrap();
    assert!(!t.contains(&server.key), "no platform secret in the token");

    let (status, a, headers) =
        answer(&server, &format!("token={t}&country=FR&category=harassment&age_band=13_17&locale=en")).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(a["decision"], "offer_helpline");
    assert_eq!(a["report_label"], format!("Report to {}", server.platform_name));
    assert_eq!(a["helpline"]["label"], "Talk to 3018");
    assert_eq!(a["helpline"]["url"], Value::Null, "no handoff, no landing page");
    let kinds: Vec<_> =
        a["helpline"]["channels"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["call", "chat", "web", "callback"]);

    // Counted in the platform's statistics.
    let (_, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    assert_eq!(stats["total"], 1);
}

#[tokio::test]
async fn a_token_bound_to_a_handoff_leads_to_its_landing_page() {
    let server = TestServer::start().await;
    let (_, handoff) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &json!({"consent": true, "country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}}),
        )
        .await;
    let code = handoff["code"].as_str().unwrap();
    let (status, created) = token(&server, json!({ "report_ref": "r2", "handoff_code": code.to_lowercase() })).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (_, a, _) = answer(
        &server,
        &format!("token={}&country=FR&category=harassment&age_band=13_17", created["token"].as_str().unwrap()),
    )
    .await;
    assert_eq!(a["helpline"]["url"], format!("{}/h/{code}", server.url));
    assert_eq!(a["report_label"], format!("Signaler à {}", server.platform_name));

    // Another platform cannot bind this handoff.
    let (_, other) =
        server.store.add_client("other", relais_store::ClientKind::Platform, jiff::Timestamp::now()).await.unwrap();
    let (status, problem) = server
        .post_json("/v1/widget-tokens", &other.expose(), &json!({ "report_ref": "x", "handoff_code": code }))
        .await;
    assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "handoff_code"));
}

#[tokio::test]
async fn emergencies_and_adults() {
    let server = TestServer::start().await;
    let (_, created) = token(&server, json!({ "report_ref": "r" })).await;
    let t = created["token"].as_str().unwrap();
    let (_, a, _) = answer(&server, &format!("token={t}&country=FR&category=threats&age_band=13_17")).await;
    assert_eq!(a["decision"], "emergency");
    assert_eq!(a["alternatives"][0]["uri"], "tel:112");
    assert_eq!(a["alternatives"][1]["uri"], "tel:17");
    assert_eq!(a["alternatives_title"], "En danger ? Appelle maintenant :");
    let (_, a, _) = answer(&server, &format!("token={t}&country=FR&category=harassment&age_band=18_plus")).await;
    assert_eq!(a["decision"], "platform_only");
    assert_eq!(a["helpline"], Value::Null);
    assert_eq!(a["alternatives"][0]["uri"], "tel:116006");
}

#[tokio::test]
async fn bad_tokens_and_bad_parameters() {
    let server = TestServer::start_with(|s| s.limits.widget_calls_per_minute = 1000).await;
    let (_, created) = token(&server, json!({ "report_ref": "r" })).await;
    let t = created["token"].as_str().unwrap();
    let forged = format!("{}x", &t[..t.len() - 1]);
    for bad in ["", "wt1.abc.def", forged.as_str(), &server.key] {
        let (status, _, headers) = answer(&server, &format!("token={bad}&country=FR&category=harassment")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(headers["access-control-allow-origin"], "*", "errors are readable by the page too");
    }
    for (query, expected) in [
        (format!("token={t}&country=FRA&category=harassment"), "country"),
        (format!("token={t}&country=FR&category=bullying"), "category"),
        (format!("token={t}&country=FR&category=harassment&age_band=12"), "age_band"),
        (format!("token={t}&country=FR&category=harassment&role=teacher"), "role"),
        (format!("token={t}&country=FR&category=harassment&locale=de"), "locale"),
        (format!("token={t}&country=FR"), "category"),
    ] {
        let (status, problem, _) = answer(&server, &query).await;
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{query}: {problem}");
    }
    for (body, expected) in [
        (json!({}), "report_ref"),
        (json!({ "report_ref": "" }), "report_ref"),
        (json!({ "report_ref": "x".repeat(101) }), "report_ref"),
        (json!({ "report_ref": "r", "ttl_seconds": 5 }), "ttl_seconds"),
        (json!({ "report_ref": "r", "handoff_code": "AAA-AAA-AAA" }), "handoff_code"),
        (json!({ "report_ref": "r", "handoff_code": "<b>" }), "handoff_code"),
    ] {
        let (status, problem) = token(&server, body.clone()).await;
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{body}");
    }
    assert_eq!(
        server.post_json("/v1/widget-tokens", "", &json!({"report_ref": "r"})).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_widget_endpoint_is_rate_limited() {
    let server = TestServer::start_with(|s| s.limits.widget_calls_per_minute = 3).await;
    let (_, created) = token(&server, json!({ "report_ref": "r" })).await;
    let q = format!("token={}&country=FR&category=harassment", created["token"].as_str().unwrap());
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(answer(&server, &q).await.0.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn the_script_and_the_embed_page() {
    let server = TestServer::start().await;
    let r = server.http.get(format!("{}/widget.js", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    let js = r.text().await.unwrap();
    assert!(js.contains("customElements.define(\"relais-safe-button\""));
    assert!(!js.contains("innerHTML"), "data is only ever inserted as text");

    let r = server
        .http
        .get(format!("{}/embed/two-choice?token=wt1.x&country=FR&category=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&report_href=javascript:alert(1)", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("<relais-safe-button"));
    assert!(html.contains("<script src=\"/widget.js\"></script>"));
    assert!(!html.contains("<script>alert(1)"), "attributes are escaped: {html}");
    assert!(!html.contains("javascript:alert"), "no script URL reaches the page");
    assert!(html.contains("href=\"tel:3018\""), "a plain link when scripts cannot run");
}
