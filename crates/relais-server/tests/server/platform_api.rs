//! The rest of the platform API and the operator endpoints, over HTTP.

use crate::common::{TestServer, field};
use relais_server::Worker;
use relais_store::ClientKind;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn report(country: &str, category: &str, age: i64, surface: Option<&str>) -> Value {
    let mut body = json!({ "country": country, "category": category, "reporter": { "role": "victim", "age": age } });
    if let Some(s) = surface {
        body["surface"] = json!(s);
    }
    body
}

#[tokio::test]
async fn statistics_are_counted_by_dimension_scoped_and_survive_a_restart() {
    // A long flush interval: the counts reach the database only at shutdown.
    let server = TestServer::start_with(|s| s.stats.flush_seconds = 3600).await;
    let (_, other) = server
        .store
        .add_client("other-platform", ClientKind::Platform, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    for body in [
        report("FR", "harassment", 14, Some("direct_message")),
        report("FR", "harassment", 14, Some("direct_message")),
        report("FR", "harassment", 30, Some("comment")),
        report("FR", "threats", 12, None),
        report("DE", "scam", 16, Some("post")),
    ] {
        assert_eq!(server.referral(body).await.0, StatusCode::OK);
    }
    let (status, _) = server.post_json("/v1/referrals", &other.expose(), &report("FR", "ncii", 15, None)).await;
    assert_eq!(status, StatusCode::OK);

    let check = |stats: &Value| {
        assert_eq!(stats["scope"], "platform");
        assert_eq!(stats["total"], 5, "{stats}");
        let t = &stats["totals"];
        assert_eq!(t["by_country"], json!({"DE": 1, "FR": 4}));
        assert_eq!(t["by_category"], json!({"harassment": 3, "scam": 1, "threats": 1}));
        assert_eq!(t["by_age_band"], json!({"13_17": 3, "18_plus": 1, "under_13": 1}));
        assert_eq!(t["by_surface"], json!({"comment": 1, "direct_message": 2, "post": 1, "unspecified": 1}));
        assert_eq!(t["by_decision"], json!({"emergency": 1, "offer_helpline": 3, "platform_only": 1}));
        let dm = stats["rows"].as_array().unwrap().iter().find(|r| r["surface"] == "direct_message").unwrap();
        assert_eq!(dm["count"], 2);
        assert!(dm["platform"].as_str().unwrap().starts_with("test-platform"));
    };
    let (status, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    assert_eq!(status, StatusCode::OK);
    check(&stats);

    // An admin key sees every platform.
    let (_, all) = server.get("/v1/stats/referrals", Some(&server.admin_key)).await;
    assert_eq!((all["scope"].as_str(), all["total"].as_u64()), (Some("all"), Some(6)));
    assert!(all["rows"].as_array().unwrap().iter().any(|r| r["platform"] == "other-platform"));

    // Nothing was written yet; a graceful stop flushes, a restart reads it back.
    assert!(server.store.referral_counts(None).await.unwrap().is_empty(), "no write on the request path");
    let server = server.restart().await;
    assert_eq!(server.store.referral_counts(None).await.unwrap().iter().map(|c| c.count).sum::<u64>(), 6);
    let (_, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    check(&stats);
    assert_eq!(server.get("/v1/stats/referrals", None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn statistics_are_flushed_in_the_background() {
    let server = TestServer::start_with(|s| s.stats.flush_seconds = 1).await;
    server.referral(report("FR", "harassment", 14, None)).await;
    assert!(server.store.referral_counts(None).await.unwrap().is_empty(), "no write on the request path");
    // One round of the worker that runs every `flush_seconds`.
    assert_eq!(server.step(Worker::Statistics).await, 1, "one cell written");
    assert!(!server.store.referral_counts(None).await.unwrap().is_empty(), "counts reached the database");
    let (_, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    assert_eq!(stats["total"], 1, "flushed counts are not counted twice");
}

#[tokio::test]
async fn the_directory_shows_its_sources_and_hides_unread_numbers() {
    let server = TestServer::start().await;
    let (status, fr) = server.get("/v1/helplines?country=FR", None).await;
    assert_eq!(status, StatusCode::OK);
    let h = &fr["helplines"][0];
    assert_eq!(h["id"], "fr-3018");
    assert_eq!(h["hours"], json!(["mon-sun 09:00-23:00"]));
    assert_eq!(h["time_zone"], "Europe/Paris");
    assert_eq!(h["confidence"], "read");
    assert!(!h["sources"].as_array().unwrap().is_empty());
    let kinds: Vec<_> = fr["alternatives"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(kinds.starts_with(&["eu-112", "fr-17"]), "{kinds:?}");

    let (_, si) = server.get("/v1/helplines?country=si", None).await;
    assert_eq!(si["helplines"][0]["phone"], Value::Null, "Slovenia's number was only inferred");

    let (_, all) = server.get("/v1/helplines", None).await;
    assert!(all["helplines"].as_array().unwrap().len() >= 25);

    let (status, problem) = server.get("/v1/helplines?country=France", None).await;
    assert_eq!((status, field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "country"));
    let (status, _) = server.get("/v1/helplines?colour=blue", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn categories_in_both_languages() {
    let server = TestServer::start().await;
    let (_, cats) = server.get("/v1/categories", None).await;
    let cats = cats.as_array().unwrap();
    assert_eq!(cats.len(), 13);
    let sextortion = cats.iter().find(|c| c["code"] == "sextortion").unwrap();
    assert_eq!(sextortion["label_fr"], "Chantage à la webcam (sextorsion)");
    assert_eq!(sextortion["label_en"], "Webcam blackmail (sextortion)");
    let emergencies: Vec<_> = cats.iter().filter(|c| c["emergency"] == true).map(|c| c["code"].clone()).collect();
    assert_eq!(emergencies, [json!("threats"), json!("self_harm")]);
}

#[tokio::test]
async fn openapi_describes_the_api_from_the_code() {
    let server = TestServer::start().await;
    let (status, doc) = server.get("/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/v1/referrals",
        "/v1/helplines",
        "/v1/categories",
        "/v1/stats/referrals",
        "/v1/notices",
        "/v1/notices/{id}/decision",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let schemas = &doc["components"]["schemas"];
    for schema in ["ReferralBody", "Referral", "Problem", "Category", "AgeBand", "Decision", "NoticeView"] {
        assert!(schemas[schema].is_object(), "{schema} missing");
    }
    assert_eq!(doc["components"]["securitySchemes"]["platform_key"]["scheme"], "bearer");
}

#[tokio::test]
async fn probes_metrics_and_unknown_routes() {
    let server = TestServer::start().await;
    assert_eq!(server.get("/healthz", None).await, (StatusCode::OK, Value::String("ok".into())));
    assert_eq!(server.get("/readyz", None).await.0, StatusCode::OK);
    server.referral(report("FR", "harassment", 14, None)).await;
    let text = server.metrics().await;
    assert!(text.contains("relais_referrals_total{decision=\"offer_helpline\"}"), "{text}");
    // Not public: without the scraper's token it is refused; with none set, there is nothing there.
    let (status, _) = server.get("/metrics", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.get("/metrics", Some("a-guess")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let closed = TestServer::start_with(|s| s.metrics.token = None).await;
    assert_eq!(closed.get("/metrics", None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(closed.get("/healthz", None).await.0, StatusCode::OK, "the probes stay open");

    let (status, problem) = server.get("/v1/nothing-here", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(problem["status"], 404);
    let response = server.http.delete(format!("{}/v1/referrals", server.url)).send().await.unwrap();
    let (status, _) = crate::common::read(response).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_postgresql_backend_serves_referrals_and_statistics() {
    let Some(server) = TestServer::start_on_postgres().await else {
        eprintln!("RELAIS_TEST_POSTGRES_URL is not set: PostgreSQL was not exercised");
        return;
    };
    assert_eq!(server.referral(report("FR", "grooming", 13, Some("direct_message"))).await.0, StatusCode::OK);
    let (_, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    assert_eq!(stats["total"], 1);
    let server = server.restart().await;
    let (_, stats) = server.get("/v1/stats/referrals", Some(&server.key)).await;
    assert_eq!(stats["total"], 1, "flushed to PostgreSQL at shutdown and read back");
    assert_eq!(server.get("/readyz", None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_directory_can_be_replaced_by_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("helplines.toml");
    std::fs::write(
        &file,
        r#"
[[helpline]]
id = "fr-test-line"
country = "FR"
name = "Ligne d'essai"
operator = "Association d'essai"
time_zone = "Europe/Paris"
hours = "24/7"
phone = { number = "0800 123 456", confidence = "read" }
channels = [{ kind = "call" }]
sources = ["configuration of this deployment"]
confidence = "read"
checked = "2026-11-28"
"#,
    )
    .unwrap();
    let server = TestServer::start_with(|s| s.directory.path = Some(file.clone())).await;
    let (_, r) = server.referral(report("FR", "harassment", 14, None)).await;
    assert_eq!(r["helpline"]["id"], "fr-test-line");
    assert_eq!(r["helpline"]["channels"][0]["uri"], "tel:0800123456");
    let (_, r) = server.referral(report("DE", "harassment", 14, None)).await;
    assert_eq!(r["decision"], "platform_only", "only the configured directory counts");
}
