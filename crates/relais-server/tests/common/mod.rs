//! The test harness: the real server, on port 0, over a real database in a
//! temporary directory, spoken to over HTTP.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod browser;

use std::path::PathBuf;
use std::sync::Arc;

use relais_server::Settings;
use relais_store::{ClientKind, SqliteStore, Store};
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
    postgres_url: Option<String>,
    pub store: Arc<dyn Store>,
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
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("relais.db")).await.unwrap());
        TestServer::start_on(dir, store, tweak).await
    }

    /// On PostgreSQL, when `RELAIS_TEST_POSTGRES_URL` names a database.
    pub async fn start_on_postgres() -> Option<TestServer> {
        let url = std::env::var("RELAIS_TEST_POSTGRES_URL").ok()?;
        let dir = tempfile::tempdir().unwrap();
        let store = relais_store::open(Some(&url), dir.path()).await.unwrap();
        let mut server = TestServer::start_on(dir, store, |_| {}).await;
        server.postgres_url = Some(url);
        Some(server)
    }

    async fn start_on(dir: TempDir, store: Arc<dyn Store>, tweak: impl FnOnce(&mut Settings)) -> TestServer {
        relais_server::tls::install();
        // Names are unique so that runs can share a PostgreSQL database.
        let tag = uuid_like();
        let platform_name = format!("test-platform{tag}");
        let (_, key) = store.add_client(&platform_name, ClientKind::Platform).await.unwrap();
        let (_, admin) = store.add_client(&format!("test-admin{tag}"), ClientKind::Admin).await.unwrap();
        let mut server = TestServer::launch(dir, store, tweak).await;
        server.key = key.expose();
        server.admin_key = admin.expose();
        server.platform_name = platform_name;
        server
    }

    async fn launch(dir: TempDir, store: Arc<dyn Store>, tweak: impl FnOnce(&mut Settings)) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut settings =
            Settings { listen: listener.local_addr().unwrap(), data_dir: dir.path().to_owned(), ..Settings::default() };
        tweak(&mut settings);
        let settings_addr = settings.listen;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(relais_server::run(settings, store.clone(), listener, async {
            let _ = stopped.await;
        }));
        // The listener is bound before the server task starts, so requests
        // sent from now on wait in its backlog: no polling needed.
        let url = format!("http://{}", settings_addr);
        TestServer {
            url,
            key: String::new(),
            admin_key: String::new(),
            platform_name: String::new(),
            postgres_url: None,
            store,
            http: reqwest::Client::new(),
            dir: Some(dir),
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.as_ref().unwrap().path().to_owned()
    }

    /// Stops gracefully (statistics are flushed) and restarts on the same data.
    pub async fn restart(mut self) -> TestServer {
        let (key, admin_key, name) = (self.key.clone(), self.admin_key.clone(), self.platform_name.clone());
        let dir = self.stop().await;
        let store = relais_store::open(self.postgres_url.as_deref(), dir.path()).await.unwrap();
        let mut server = TestServer::launch(dir, store, |_| {}).await;
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

/// The field named by a problem document.
pub fn field(problem: &Value) -> &str {
    problem["errors"][0]["field"].as_str().unwrap_or("")
}
