//! The deployment guide's configurations as the tests and the benchmarks
//! run them: its blocks read from `docs/deployment.md`, and nginx started on
//! the guide's site with only addresses, ports and paths changed; a fresh
//! PostgreSQL schema for the servers it runs; a counsellor signing in to
//! them, as a browser does; and waiting on them with a deadline.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The first block of `language` under `heading` in the deployment guide that is not the unit file.
pub fn guide_block(heading: &str, language: &str) -> String {
    guide_block_where(heading, language, |b| !b.contains("relais.service"))
}

/// The block of `language` under `heading` that mentions `marker`.
pub fn guide_block_with(heading: &str, language: &str, marker: &str) -> String {
    guide_block_where(heading, language, |b| b.contains(marker))
}

fn guide_block_where(heading: &str, language: &str, wanted: impl Fn(&str) -> bool) -> String {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/deployment.md")).unwrap();
    let section = guide.split(heading).nth(1).unwrap_or_else(|| panic!("the guide has {heading:?}"));
    let fence = format!("```{language}\n");
    section
        .split(&fence)
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_owned())
        .find(|b| wanted(b))
        .unwrap_or_else(|| panic!("a {language} block under {heading:?}"))
}

/// Replaces each `from` that must be in `text` (a guide that changed fails here, not later).
pub fn substitute(mut text: String, changes: &[(&str, &str)]) -> String {
    for (from, to) in changes {
        assert!(text.contains(from), "the guide's block no longer has {from:?}");
        text = text.replace(from, to);
    }
    text
}

/// Debian's nginx, where its package puts it.
pub const NGINX: &str = "/usr/sbin/nginx";

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// nginx, stopped at the end with SIGTERM: its workers outlive a master killed outright.
pub struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let _ = self.0.wait();
    }
}

/// nginx on `port` in a directory of its own, with the guide's site in front of
/// `upstreams` (one or two servers) and the certificate and key given.
pub fn start_nginx(dir: &Path, port: u16, upstreams: &[&str], cert: &Path, key: &Path) -> Nginx {
    let mut changes = vec![
        ("listen 443 ssl;".to_owned(), format!("listen 127.0.0.1:{port} ssl;")),
        ("/etc/ssl/relais/fullchain.pem".to_owned(), cert.display().to_string()),
        ("/etc/ssl/relais/privkey.pem".to_owned(), key.display().to_string()),
        ("10.0.0.11:8080".to_owned(), upstreams[0].to_owned()),
    ];
    match upstreams.get(1) {
        Some(second) => changes.push(("10.0.0.12:8080".to_owned(), (*second).to_owned())),
        None => changes.push(("    server 10.0.0.12:8080 max_fails=1 fail_timeout=10s;\n".to_owned(), String::new())),
    }
    let changes: Vec<(&str, &str)> = changes.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let site = substitute(guide_block("## Several machines", "nginx"), &changes);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("site.conf"), site).unwrap();
    // What Debian's /etc/nginx/nginx.conf holds around a site, in a directory of its own.
    let root = std::process::Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
    let main = format!(
        "{user}worker_processes auto;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n\
         fastcgi_temp_path {dir}/fastcgi;\n  uwsgi_temp_path {dir}/uwsgi;\n  scgi_temp_path {dir}/scgi;\n\
         include {dir}/site.conf;\n}}\n",
        user = if root { "user root;\n" } else { "" },
        dir = dir.display()
    );
    std::fs::write(dir.join("nginx.conf"), main).unwrap();
    let child = std::process::Command::new(NGINX)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-e")
        .arg(dir.join("error.log"))
        .args(["-g", "daemon off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
        assert!(Instant::now() < deadline, "nginx did not start: {log}");
        std::thread::sleep(Duration::from_millis(20));
    }
    nginx
}

pub fn nginx_installed() -> bool {
    PathBuf::from(NGINX).exists()
}

/// The value a `name` cookie was set to by `response`, as `name=value`.
pub fn cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned()
}

/// The value of a form's hidden field.
pub fn form_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker).nth(1).and_then(|rest| rest.split('"').next()).unwrap().to_owned()
}

/// Signs a counsellor in at `base` (a server, or the proxy in front of them)
/// as the login page does: their session cookie, and the console's form token.
pub async fn sign_in(http: &reqwest::Client, base: &str, name: &str, password: &str) -> (String, String) {
    let login = http.get(format!("{base}/console/login")).send().await.unwrap();
    let login_cookie = cookie(&login, "relais_login_csrf");
    let csrf = form_field(&login.text().await.unwrap(), "csrf");
    let signed = http
        .post(format!("{base}/console/login"))
        .header("cookie", &login_cookie)
        .form(&[("name", name), ("password", password), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let session = cookie(&signed, "relais_session");
    let home = http.get(format!("{base}/console")).header("cookie", &session).send().await.unwrap();
    assert_eq!(home.status(), reqwest::StatusCode::OK, "{name} signed in at {base}");
    let csrf = form_field(&home.text().await.unwrap(), "csrf");
    (session, csrf)
}

/// A child starts a chat with the French line at `base`, writing `message` first: its token.
pub async fn start_chat(http: &reqwest::Client, base: &str, message: &str) -> String {
    let started: serde_json::Value = http
        .post(format!("{base}/chat/fr-3018/start"))
        .json(&serde_json::json!({"message": message, "locale": "fr"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    started["token"].as_str().expect("a chat started").to_owned()
}

/// An empty PostgreSQL database on the server `url` names: a schema of its own,
/// `{prefix}_…`. The URL that works in it, and the schema's name (to drop it).
pub async fn fresh_schema(url: &str, prefix: &str) -> (String, String) {
    let schema = format!("{prefix}_{}", uuid::Uuid::now_v7().simple());
    let admin = sqlx::PgPool::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&admin).await.unwrap();
    admin.close().await;
    let separator = if url.contains('?') { '&' } else { '?' };
    (format!("{url}{separator}options=-c%20search_path%3D{schema}"), schema)
}

/// Waits (with a deadline) until `done` holds, looking every 50 ms: for a
/// process's doing, which a test cannot step.
pub async fn until(what: &str, seconds: u64, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done().await {
        assert!(Instant::now() < deadline, "{what} within {seconds} s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
