//! The test harness: the real server, on port 0, over a real database in a
//! temporary directory, spoken to over HTTP. Its clock stands still until a
//! test moves it, and its background workers run only when a test steps them,
//! so that nothing here waits for a timer.

#![allow(dead_code)]

pub mod browser;

use std::path::PathBuf;

use jiff::SignedDuration;
use relais_core::id::ClientId;
use relais_server::{AppState, Clock, Server, Settings, Worker, Workers};
use relais_store::{ClientKind, Store};
use reqwest::StatusCode;
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct TestServer {
    pub url: String,
    pub key: String,
    pub admin_key: String,
    pub platform_name: String,
    pub platform: ClientId,
    postgres_url: Option<String>,
    pub store: Store,
    /// The server's clock: `clock.advance(…)` makes time pass for it.
    pub clock: Clock,
    state: AppState,
    pub http: reqwest::Client,
    dir: Option<TempDir>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), relais_server::ServerError>>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    pub async fn start_with(tweak: impl FnOnce(&mut Settings)) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("relais.db")).await.unwrap();
        TestServer::start_on(dir, store, tweak).await
    }

    /// On PostgreSQL, when `RELAIS_TEST_POSTGRES_URL` names a database; under
    /// CI, a missing database is a failure, not a skipped test.
    pub async fn start_on_postgres() -> Option<TestServer> {
        TestServer::start_on_postgres_with(|_| {}).await
    }

    /// On PostgreSQL, with settings of the test's own.
    pub async fn start_on_postgres_with(tweak: impl FnOnce(&mut Settings)) -> Option<TestServer> {
        let url = match std::env::var("RELAIS_TEST_POSTGRES_URL") {
            Ok(url) => url,
            Err(_) if std::env::var_os("CI").is_some() => {
                panic!("CI is set but RELAIS_TEST_POSTGRES_URL is not: the PostgreSQL backend must be tested")
            }
            Err(_) => return None,
        };
        let dir = tempfile::tempdir().unwrap();
        // Servers sharing a database share its master key: so do the tests sharing this one.
        std::fs::write(dir.path().join("relais.key"), "7e".repeat(32)).unwrap();
        let store = Store::open(Some(&url), dir.path()).await.unwrap();
        let mut server = TestServer::start_on(dir, store, tweak).await;
        server.postgres_url = Some(url);
        Some(server)
    }

    async fn start_on(dir: TempDir, store: Store, tweak: impl FnOnce(&mut Settings)) -> TestServer {
        relais_server::tls::install();
        // Names are unique so that runs can share a PostgreSQL database.
        let tag = uuid_like();
        let platform_name = format!("test-platform{tag}");
        let now = jiff::Timestamp::now();
        let (platform, key) =
            store.add_client(&platform_name, ClientKind::Platform, relais_store::Actor::Cli, now).await.unwrap();
        let (_, admin) = store
            .add_client(&format!("test-admin{tag}"), ClientKind::Admin, relais_store::Actor::Cli, now)
            .await
            .unwrap();
        let mut server = TestServer::launch(dir, store, Clock::manual(now), tweak).await;
        server.key = key.expose();
        server.admin_key = admin.expose();
        server.platform_name = platform_name;
        server.platform = platform.id;
        server
    }

    async fn launch(dir: TempDir, store: Store, clock: Clock, tweak: impl FnOnce(&mut Settings)) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut settings =
            Settings { listen: listener.local_addr().unwrap(), data_dir: dir.path().to_owned(), ..Settings::default() };
        settings.metrics.token = Some(METRICS_TOKEN.to_owned());
        tweak(&mut settings);
        let url = format!("http://{}", settings.listen);
        let server = Server::new(settings, store.clone(), clock.clone()).await.unwrap();
        let state = server.state().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        // The listener is bound before the server task starts, so requests
        // sent from now on wait in its backlog: no polling needed.
        let task = tokio::spawn(server.serve(
            listener,
            async {
                let _ = stopped.await;
            },
            Workers::OnDemand,
        ));
        TestServer {
            url,
            key: String::new(),
            admin_key: String::new(),
            platform_name: String::new(),
            platform: ClientId::from(uuid::Uuid::nil()),
            postgres_url: None,
            store,
            clock,
            state,
            http: reqwest::Client::new(),
            dir: Some(dir),
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// What the handlers and workers share, to look inside (the key cache's counters).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Registers a web origin for the test platform, as `relais platform origins --add`
    /// does, and has the server read it as its periodic reload would.
    pub async fn register_origin(&self, origin: &str) {
        self.store.add_origin(self.platform, origin, relais_store::Actor::Cli, jiff::Timestamp::now()).await.unwrap();
        self.step(Worker::Keys).await;
    }

    /// Runs one round of a background worker now; what it handled.
    pub async fn step(&self, worker: Worker) -> usize {
        self.state.step(worker).await.unwrap()
    }

    /// Moves the server's clock on.
    pub fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.as_ref().unwrap().path().to_owned()
    }

    /// Stops gracefully (statistics are flushed) and restarts on the same data and clock.
    pub async fn restart(mut self) -> TestServer {
        let (key, admin_key, name) = (self.key.clone(), self.admin_key.clone(), self.platform_name.clone());
        let dir = self.stop().await;
        let store = Store::open(self.postgres_url.as_deref(), dir.path()).await.unwrap();
        let mut server = TestServer::launch(dir, store, self.clock.clone(), |_| {}).await;
        server.postgres_url = self.postgres_url.take();
        server.key = key;
        server.admin_key = admin_key;
        server.platform_name = name;
        server
    }

    pub async fn stop(&mut self) -> TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
        self.dir.take().unwrap()
    }

    /// What Prometheus reads, with the scraper's token.
    pub async fn metrics(&self) -> String {
        let r = self.http.get(format!("{}/metrics", self.url)).bearer_auth(METRICS_TOKEN).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.text().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, key: &str, body: &Value) -> (StatusCode, Value) {
        let response = self.http.post(format!("{}{path}", self.url)).bearer_auth(key).json(body).send().await.unwrap();
        read(response).await
    }

    pub async fn referral(&self, body: Value) -> (StatusCode, Value) {
        self.post_json("/v1/referrals", &self.key, &body).await
    }

    pub async fn get(&self, path: &str, key: Option<&str>) -> (StatusCode, Value) {
        let mut request = self.http.get(format!("{}{path}", self.url));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        read(request.send().await.unwrap()).await
    }
}

/// The scraper's token the test servers are given.
pub const METRICS_TOKEN: &str = "a-token-for-the-tests-scraper";

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("-{nanos:x}")
}

pub async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let text = response.text().await.unwrap();
    if status.is_client_error() || status.is_server_error() {
        assert_eq!(content_type, "application/problem+json", "error without problem details: {status} {text}");
    }
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

/// The field an error names: `errors[0].field` of a problem document, or the
/// `data-field` of the console's error page.
pub fn field(problem: &Value) -> &str {
    match problem {
        Value::String(html) => error_field(html),
        _ => problem["errors"][0]["field"].as_str().unwrap_or(""),
    }
}

/// The field the console's error page names, or "" when it names none.
pub fn error_field(html: &str) -> &str {
    html.split_once("data-field=\"").and_then(|(_, rest)| rest.split('"').next()).unwrap_or("")
}

/// A public form's page: its cookie, its form token, and the page.
pub async fn form_token(server: &TestServer, path: &str) -> (String, String, String) {
    let r = server.http.get(format!("{}{path}", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let html = r.text().await.unwrap();
    let csrf = browser::field(&html, "csrf");
    (cookie, csrf, html)
}

/// A public form sent as a French-speaking child's browser sends it.
pub async fn post_form(server: &TestServer, path: &str, cookie: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let r = server
        .http
        .post(format!("{}{path}", server.url))
        .header("cookie", cookie)
        .header("accept-language", "fr")
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}
