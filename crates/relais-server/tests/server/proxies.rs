//! Behind a TLS proxy, every child would share the proxy's address: the
//! per-address limits count the client the proxy names, but only when the
//! proxy is one the settings trust, and an IPv6 client by its /64.

use crate::common::TestServer;
use reqwest::StatusCode;

/// Looks a handoff code up (what the per-address limit counts) as the proxy forwards it for `client`.
async fn lookup(server: &TestServer, client: &str) -> StatusCode {
    let r = server
        .http
        .get(format!("{}/h/AAA-AAA-AAA", server.url))
        .header("x-forwarded-for", format!("{client}, 127.0.0.1"))
        .send()
        .await
        .unwrap();
    r.status()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_child_has_a_bucket_of_their_own() {
    let server = TestServer::start_with(|s| {
        s.limits.code_lookups_per_minute = 2;
        s.server.trusted_proxies = vec!["127.0.0.0/8".into()];
    })
    .await;
    assert_eq!(lookup(&server, "203.0.113.5").await, StatusCode::NOT_FOUND, "an unknown code, looked up");
    assert_eq!(lookup(&server, "203.0.113.5").await, StatusCode::NOT_FOUND);
    assert_eq!(lookup(&server, "203.0.113.5").await, StatusCode::TOO_MANY_REQUESTS, "this child's limit");
    assert_eq!(lookup(&server, "203.0.113.6").await, StatusCode::NOT_FOUND, "another child is not held back");
    // One IPv6 household (a /64) is one bucket, however many addresses it uses.
    assert_eq!(lookup(&server, "2001:db8:1:2::1").await, StatusCode::NOT_FOUND);
    assert_eq!(lookup(&server, "2001:db8:1:2::2").await, StatusCode::NOT_FOUND);
    assert_eq!(lookup(&server, "2001:db8:1:2:abcd::3").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(lookup(&server, "2001:db8:1:3::1").await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_forwarding_header_from_anyone_else_is_ignored() {
    let server = TestServer::start_with(|s| s.limits.code_lookups_per_minute = 2).await;
    assert_eq!(lookup(&server, "203.0.113.5").await, StatusCode::NOT_FOUND);
    assert_eq!(lookup(&server, "203.0.113.6").await, StatusCode::NOT_FOUND);
    assert_eq!(
        lookup(&server, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a header invented by the client buys no fresh bucket"
    );
}

#[tokio::test]
async fn a_trusted_proxy_that_is_not_an_address_stops_the_server_from_starting() {
    let dir = tempfile::tempdir().unwrap();
    let store = relais_store::Store::open_sqlite(&dir.path().join("relais.db")).await.unwrap();
    let mut settings = relais_server::Settings { data_dir: dir.path().to_owned(), ..Default::default() };
    settings.server.trusted_proxies = vec!["the proxy".into()];
    let error = relais_server::Server::new(settings, store, relais_server::Clock::system()).await.unwrap_err();
    assert!(error.to_string().contains("server.trusted_proxies"), "{error}");
}
