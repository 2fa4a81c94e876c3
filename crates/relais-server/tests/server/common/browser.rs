//! A browser for the console's tests: keeps cookies, posts forms, signs in.

#![allow(dead_code)]

use relais_core::staff::Role;
use reqwest::StatusCode;
use reqwest::redirect::Policy;

use super::TestServer;

pub const PASSWORD: &str = "a long enough secret";

pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
    cookies: Vec<(String, String)>,
}

impl Browser {
    pub fn new(server: &TestServer) -> Browser {
        Browser::with_client(server, reqwest::Client::builder())
    }

    /// A browser at another address, as a trusted proxy in front of the
    /// server (`server.trusted_proxies` holding 127.0.0.1) reports it.
    pub fn at(server: &TestServer, address: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", address.parse().unwrap());
        Browser::with_client(server, reqwest::Client::builder().default_headers(headers))
    }

    fn with_client(server: &TestServer, builder: reqwest::ClientBuilder) -> Browser {
        Browser { http: builder.redirect(Policy::none()).build().unwrap(), base: server.url.clone(), cookies: vec![] }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub fn keep(&mut self, response: &reqwest::Response) -> Vec<String> {
        let set: Vec<String> =
            response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        for c in &set {
            let (pair, _) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !v.is_empty() {
                self.cookies.push((k.to_owned(), v.to_owned()));
            }
        }
        set
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, String, Option<String>) {
        let r =
            self.http.get(format!("{}{path}", self.base)).header("cookie", self.cookie_header()).send().await.unwrap();
        self.keep(&r);
        let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
        (r.status(), r.text().await.unwrap(), location)
    }

    /// Posts a form with this browser's cookies, and keeps the ones it sets.
    pub async fn send_form(&mut self, path: &str, form: &[(&str, &str)]) -> (reqwest::Response, Vec<String>) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        let set = self.keep(&r);
        (r, set)
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, Vec<String>) {
        let (r, set) = self.send_form(path, form).await;
        (r.status(), r.text().await.unwrap(), set)
    }

    /// Posts a form; the answer's status and where it redirects (empty when it does not).
    pub async fn submit(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let (r, _) = self.send_form(path, form).await;
        let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        (r.status(), location)
    }

    pub async fn sign_in(&mut self, name: &str, password: &str) -> (StatusCode, String, Vec<String>) {
        let (_, html, _) = self.get("/console/login").await;
        let csrf = field(&html, "csrf");
        self.post("/console/login", &[("name", name), ("password", password), ("csrf", &csrf)]).await
    }
}

pub fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap() + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// An account whose holder already chose their password ([`PASSWORD`]).
pub async fn with_staff(server: &TestServer, name: &str, role: Role) {
    let hash = relais_store::passwords::hash(PASSWORD).unwrap();
    let staff =
        server.store.add_staff(name, role, &hash, relais_store::Actor::Cli, jiff::Timestamp::now()).await.unwrap();
    server
        .store
        .set_staff_password(staff.id, &hash, true, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
}
