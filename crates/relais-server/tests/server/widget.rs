//! The widget's server side over HTTP: tokens, the public answer, the script
//! and the embed page.

use crate::common::{TestServer, field};
use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A token request for a 14-year-old harassed in France, with `extra` merged in.
fn report(extra: Value) -> Value {
    let mut body = json!({
        "report_ref": "report-1",
        "country": "FR",
        "category": "harassment",
        "reporter": {"role": "victim", "age": 14},
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

async fn token(server: &TestServer, body: Value) -> (StatusCode, Value) {
    server.post_json("/v1/widget-tokens", &server.key, &body).await
}

async fn minted(server: &TestServer, extra: Value) -> String {
    let (status, created) = token(server, report(extra)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["token"].as_str().unwrap().to_owned()
}

async fn answer(server: &TestServer, query: &str) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let r = server.http.get(format!("{}/v1/widget/referral?{query}", server.url)).send().await.unwrap();
    let headers = r.headers().clone();
    let (status, body) = crate::common::read(r).await;
    (status, body, headers)
}

/// A handoff the reporter consented to; its code.
async fn consented_handoff(server: &TestServer) -> String {
    let body =
        json!({"consent": true, "country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}});
    let (_, handoff) = server.post_json("/v1/handoffs", &server.key, &body).await;
    handoff["code"].as_str().unwrap().to_owned()
}

async fn total_referrals(server: &TestServer) -> Value {
    server.get("/v1/stats/referrals", Some(&server.key)).await.1["total"].clone()
}

#[tokio::test]
async fn a_token_lets_the_page_ask_for_the_two_choices() {
    let server = TestServer::start().await;
    let t = minted(&server, json!({ "locale": "en" })).await;
    assert!(!t.contains(&server.key), "no platform secret in the token");

    let (status, a, headers) = answer(&server, &format!("token={t}")).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(a["decision"], "offer_helpline");
    assert_eq!(a["report_label"], format!("Report to {}", server.platform_name));
    assert_eq!(a["helpline"]["label"], "Talk to 3018");
    assert_eq!(a["helpline"]["url"], Value::Null, "no handoff, no landing page");
    let kinds: Vec<_> =
        a["helpline"]["channels"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["call", "chat", "web", "callback"]);
    assert_eq!(total_referrals(&server).await, 1, "counted in the platform's statistics");
}

#[tokio::test]
async fn a_token_shows_nothing_of_the_report_or_its_handoff() {
    let server = TestServer::start().await;
    let code = &consented_handoff(&server).await;
    let t = minted(&server, json!({ "report_ref": "report-77341", "handoff_code": code })).await;
    let body = t.strip_prefix("wt2.").expect("a sealed token");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body).unwrap();
    let readable = String::from_utf8_lossy(&bytes);
    for secret in [code, "report-77341", "harassment", "13_17", &server.platform_name] {
        assert!(!readable.contains(secret) && !t.contains(secret), "{secret} readable in the token");
    }
}

#[tokio::test]
async fn the_page_may_repeat_the_report_never_change_it() {
    let server = TestServer::start_with(|s| s.limits.widget_calls_per_minute = 1000).await;
    let t = minted(&server, json!({})).await;
    let (status, a, _) =
        answer(&server, &format!("token={t}&country=FR&category=harassment&age_band=13_17&role=victim")).await;
    assert_eq!(status, StatusCode::OK, "the same values: {a}");
    for (query, expected) in [
        ("country=DE", "country"),
        ("category=threats", "category"),
        ("age_band=18_plus", "age_band"),
        ("role=parent", "role"),
    ] {
        let (status, problem, _) = answer(&server, &format!("token={t}&{query}")).await;
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{query}: {problem}");
    }
    // A token that names its language keeps it; one that does not lets the page choose.
    let fr = minted(&server, json!({ "locale": "fr" })).await;
    let (status, problem, _) = answer(&server, &format!("token={fr}&locale=en")).await;
    assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "locale"));
    let (_, a, _) = answer(&server, &format!("token={t}&locale=en")).await;
    assert_eq!(a["locale"], "en");
    assert_eq!(total_referrals(&server).await, 1, "one report, counted once however often it is asked");
}

#[tokio::test]
async fn a_copied_token_is_limited_on_its_own_and_counted_once() {
    let server = TestServer::start_with(|s| {
        s.limits.widget_calls_per_minute = 1000;
        s.limits.widget_calls_per_token_per_minute = 3;
    })
    .await;
    let copied = minted(&server, json!({})).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(answer(&server, &format!("token={copied}")).await.0.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let other = minted(&server, json!({ "report_ref": "report-2" })).await;
    assert_eq!(answer(&server, &format!("token={other}")).await.0, StatusCode::OK, "another token is not held back");
    assert_eq!(total_referrals(&server).await, 2, "two reports, whatever the calls");
}

#[tokio::test]
async fn report_href_only_on_an_origin_registered_for_the_platform() {
    let server = TestServer::start().await;
    let t = minted(&server, json!({})).await;
    let href = "https://social.example/report/12?step=done";
    let q = format!("token={t}&report_href={}", urlencoding(href));
    let (status, problem, _) = answer(&server, &q).await;
    assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "report_href"), "not registered yet");

    server.register_origin("https://social.example").await;
    let (status, a, _) = answer(&server, &q).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["report_href"], href);
    for bad in [
        "https://social.example.evil.example/x",
        "http://social.example/x",
        "javascript:alert(1)",
        "https://user@social.example/x",
        "/relative",
    ] {
        let (status, problem, _) = answer(&server, &format!("token={t}&report_href={}", urlencoding(bad))).await;
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "report_href"), "{bad}");
    }
}

#[tokio::test]
async fn a_token_bound_to_a_handoff_leads_to_its_landing_page() {
    let server = TestServer::start().await;
    let code = &consented_handoff(&server).await;
    let t = minted(&server, json!({ "report_ref": "r2", "handoff_code": code.to_lowercase() })).await;
    let (_, a, _) = answer(&server, &format!("token={t}")).await;
    assert_eq!(a["helpline"]["url"], format!("{}/h/{code}?lang=fr", server.url));
    assert_eq!(a["report_label"], format!("Signaler à {}", server.platform_name));

    // Another platform cannot bind this handoff.
    let (_, other) = server
        .store
        .add_client("other", relais_store::ClientKind::Platform, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    let (status, problem) =
        server.post_json("/v1/widget-tokens", &other.expose(), &report(json!({ "handoff_code": code }))).await;
    assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "handoff_code"));
}

#[tokio::test]
async fn emergencies_and_adults() {
    let server = TestServer::start().await;
    let t = minted(&server, json!({ "category": "threats" })).await;
    let (_, a, _) = answer(&server, &format!("token={t}")).await;
    assert_eq!(a["decision"], "emergency");
    assert_eq!(a["alternatives"][0]["uri"], "tel:112");
    assert_eq!(a["alternatives"][1]["uri"], "tel:17");
    assert_eq!(a["alternatives_title"], "En danger ? Appelle maintenant :");
    let t = minted(&server, json!({ "reporter": {"role": "victim", "age": 30} })).await;
    let (_, a, _) = answer(&server, &format!("token={t}")).await;
    assert_eq!(a["decision"], "platform_only");
    assert_eq!(a["helpline"], Value::Null);
    assert_eq!(a["alternatives"][0]["uri"], "tel:116006");
}

#[tokio::test]
async fn bad_tokens_and_bad_parameters() {
    let server = TestServer::start_with(|s| s.limits.widget_calls_per_minute = 1000).await;
    let t = minted(&server, json!({})).await;
    let forged = format!("{}x", &t[..t.len() - 1]);
    let old_kind = "wt1.eyJwIjoiMSIsImhjIjoiN0tRLU0yUC05WEQifQ.c2ln";
    for bad in ["", old_kind, forged.as_str(), &server.key] {
        let (status, _, headers) = answer(&server, &format!("token={bad}")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(headers["access-control-allow-origin"], "*", "errors are readable by the page too");
    }
    server.advance(jiff::SignedDuration::from_secs(901));
    assert_eq!(answer(&server, &format!("token={t}")).await.0, StatusCode::UNAUTHORIZED, "expired after 900 s");

    let t = minted(&server, json!({})).await;
    for (query, expected) in [
        (format!("token={t}&country=FRA"), "country"),
        (format!("token={t}&category=bullying"), "category"),
        (format!("token={t}&age_band=12"), "age_band"),
        (format!("token={t}&role=teacher"), "role"),
        (format!("token={t}&locale=de_DE!"), "locale"),
        (format!("token={t}&colour=red"), "colour"),
    ] {
        let (status, problem, _) = answer(&server, &query).await;
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{query}: {problem}");
    }
    for (body, expected) in [
        (json!({}), "report_ref"),
        (report(json!({ "report_ref": "" })), "report_ref"),
        (report(json!({ "report_ref": "x".repeat(101) })), "report_ref"),
        (report(json!({ "ttl_seconds": 5 })), "ttl_seconds"),
        (report(json!({ "handoff_code": "AAA-AAA-AAA" })), "handoff_code"),
        (report(json!({ "handoff_code": "<b>" })), "handoff_code"),
        (report(json!({ "country": "France" })), "country"),
        (report(json!({ "category": "bullying" })), "category"),
        (report(json!({ "reporter": {"role": "teacher"} })), "reporter.role"),
        (report(json!({ "reporter": {"role": "victim", "age": 300} })), "reporter.age"),
        (report(json!({ "locale": "sv" })), "locale"),
        (json!({ "report_ref": "r", "category": "harassment", "reporter": {"role": "victim"} }), "country"),
    ] {
        let (status, problem) = token(&server, body.clone()).await;
        assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{body}: {problem}");
    }
    assert_eq!(server.post_json("/v1/widget-tokens", "", &report(json!({}))).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_widget_endpoint_is_rate_limited_per_address() {
    let server = TestServer::start_with(|s| s.limits.widget_calls_per_minute = 3).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        // A fresh token each time: the address is what is held back.
        let t = minted(&server, json!({ "report_ref": format!("r{i}") })).await;
        statuses.push(answer(&server, &format!("token={t}")).await.0.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn the_script_is_served_with_its_styles() {
    let server = TestServer::start().await;
    let r = server.http.get(format!("{}/widget.js", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    assert_eq!(r.headers()["cross-origin-resource-policy"], "cross-origin", "loaded by platforms' pages");
    let js = r.text().await.unwrap();
    assert!(js.contains("customElements.define(\"relais-safe-button\""));
    assert!(!js.contains("innerHTML"), "data is only ever inserted as text");
    assert!(!js.contains("/*WIDGET_CSS*/"), "the styles are in the script");
    assert!(js.contains(".btn"), "the styles are in the script");
    let r = server.http.get(format!("{}/widget.css", server.url)).send().await.unwrap();
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
}

async fn embed(server: &TestServer, query: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let r = server.http.get(format!("{}/embed/two-choice?{query}", server.url)).send().await.unwrap();
    (r.status(), r.headers().clone(), r.text().await.unwrap())
}

fn frame_ancestors(headers: &reqwest::header::HeaderMap) -> String {
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    csp.split(';').map(str::trim).find_map(|d| d.strip_prefix("frame-ancestors ")).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_embed_page_shows_the_tokens_report_and_only_its_platform_frames_it() {
    let server = TestServer::start().await;
    let t = minted(&server, json!({ "category": "ncii", "reporter": {"role": "parent"} })).await;

    // Before the platform registers an origin, nothing may frame it.
    let (status, headers, _) = embed(&server, &format!("token={t}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(frame_ancestors(&headers), "'none'");

    server.register_origin("https://social.example").await;
    server.register_origin("https://m.social.example").await;
    // Whatever the address says, the element carries the token's report.
    let (status, headers, html) = embed(
        &server,
        &format!("token={t}&country=DE&category=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&report_href=https://social.example/done"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(frame_ancestors(&headers), "https://m.social.example https://social.example");
    assert!(headers.get("x-frame-options").is_none(), "its platform may frame it");
    assert!(html.contains("country=\"FR\""), "{html}");
    assert!(html.contains("category=\"ncii\""));
    assert!(html.contains("reporter-role=\"parent\""));
    assert!(html.contains("report-href=\"https://social.example/done\""));
    assert!(!html.contains("alert(1)"), "nothing from the address reaches the page");
    assert!(html.contains("<script src=\"/widget.js\"></script>"));
    assert!(html.contains("href=\"tel:3018\""), "a plain link when scripts cannot run");

    // A link to an origin the platform did not register is refused, never rendered.
    for bad in ["https://evil.example/x", "javascript:alert(1)"] {
        let (status, _, html) = embed(&server, &format!("token={t}&report_href={}", urlencoding(bad))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(!html.contains("evil.example") && !html.contains("javascript:"), "{html}");
    }
}

#[tokio::test]
async fn an_expired_or_forged_token_still_gives_the_helplines_number() {
    let server = TestServer::start().await;
    server.register_origin("https://social.example").await;
    let t = minted(&server, json!({})).await;
    server.advance(jiff::SignedDuration::from_secs(3600));
    let (status, headers, html) = embed(&server, &format!("token={t}")).await;
    assert_eq!(status, StatusCode::OK, "a child who waited is not turned away");
    assert_eq!(frame_ancestors(&headers), "https://social.example", "still framed by its platform");
    assert!(!html.contains("<relais-safe-button"), "no widget on a dead token");
    assert!(html.contains("href=\"tel:3018\""), "{html}");

    let (status, headers, html) = embed(&server, "token=wt2.forged").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(frame_ancestors(&headers), "'none'");
    assert!(html.contains("href=\"tel:3018\""));
}

fn urlencoding(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A child is answered in the page's language when Relais speaks it, else in
/// their country's: every word of the widget, the two-choice page and the
/// landing page it leads to.
#[tokio::test]
async fn a_child_reads_the_widget_in_their_language() {
    let server = TestServer::start().await;
    // An Austrian child on a page in Austrian German: German, to the Austrian line.
    let t = minted(&server, json!({"country": "AT", "at": "2026-12-01T15:00:00Z"})).await;
    let (status, a, _) = answer(&server, &format!("token={t}&locale=de-AT")).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["locale"], "de");
    assert_eq!(a["title"], "Was möchtest du tun?");
    assert!(a["explanation"].as_str().unwrap().starts_with("Du kannst"), "{a}");
    assert_eq!(a["more_help"]["label"], "Mehr Hilfe und Tipps");
    assert!(a["more_help"]["url"].as_str().unwrap().ends_with("lang=de"), "{a}");

    // A page in a language Relais does not speak: the country's (Portuguese), not an error.
    let t = minted(&server, json!({"country": "PT"})).await;
    let (status, a, _) = answer(&server, &format!("token={t}&locale=sv-SE")).await;
    assert_eq!((status, a["locale"].as_str()), (StatusCode::OK, Some("pt")), "{a}");

    // No language at all, a Spanish child: Spanish.
    let t = minted(&server, json!({"country": "ES"})).await;
    let (_, a, _) = answer(&server, &format!("token={t}")).await;
    assert_eq!(a["locale"], "es", "{a}");
    assert_eq!(a["title"], "¿Qué quieres hacer?", "{a}");

    // A French child on a page in Polish: the landing page of the handoff speaks Polish too.
    let code = consented_handoff(&server).await;
    let t = minted(&server, json!({"handoff_code": code})).await;
    let (_, a, _) = answer(&server, &format!("token={t}&locale=pl")).await;
    let landing = a["helpline"]["url"].as_str().unwrap().to_owned();
    assert!(landing.ends_with("?lang=pl"), "{landing}");
    let html = server.http.get(&landing).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("lang=\"pl\""), "{html}");
    assert!(html.contains("Twój kod"), "the child's code, in Polish: {html}");
}
