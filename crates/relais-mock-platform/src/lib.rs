//! Piaf, a stand-in social network.
//!
//! It does what a real platform integrating Relais does: a report flow that
//! asks what happened, who it is about and the reporter's age; with consent,
//! its server passes the report on (`POST /v1/handoffs`), mints a widget token
//! (`POST /v1/widget-tokens`), and ends the flow on the two-choice widget,
//! in its page or, as an app's web view would, framed (`/report?view=frame`).
//! The Relais key stays on this server. Its pages allow no inline script or
//! style, and scripts and connections only to Relais: the policy a careful
//! platform has, under which the widget must work. The demo and the browser
//! tests drive it.

pub mod inbox;
pub mod meta;

use std::future::Future;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// How Piaf reaches Relais.
#[derive(Debug, Clone)]
pub struct MockSettings {
    /// Where Piaf's server calls the Relais API.
    pub relais_api: String,
    /// Where the browser loads the widget from (usually the same).
    pub relais_public: String,
    /// Piaf's Relais platform key.
    pub api_key: String,
    /// Where notices arrive (`POST /notices`), if Piaf receives them.
    pub inbox: Option<inbox::Inbox>,
    /// Serve over HTTPS with this certificate, as a real platform's endpoint does.
    pub tls: Option<TlsIdentity>,
    /// Play Meta's side of a messaging app too (its Graph API under `/graph`, its desk at `/meta`).
    pub meta: Option<meta::Meta>,
}

/// A certificate chain and its private key, both PEM.
#[derive(Debug, Clone)]
pub struct TlsIdentity {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
}

impl TlsIdentity {
    /// A certificate for `localhost` from a throwaway authority of its own,
    /// whose root is written to `roots` (for Relais's `notices.extra_roots_pem`):
    /// Piaf over HTTPS as a real platform's endpoint is, with nothing to install.
    pub fn throwaway(authority_name: &str, roots: &std::path::Path) -> Result<TlsIdentity, std::io::Error> {
        let fail = |e: rcgen::Error| std::io::Error::other(e.to_string());
        let ca_key = rcgen::KeyPair::generate().map_err(fail)?;
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(fail)?;
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name.push(rcgen::DnType::CommonName, authority_name);
        let ca = rcgen::CertifiedIssuer::self_signed(ca, ca_key).map_err(fail)?;
        let key = rcgen::KeyPair::generate().map_err(fail)?;
        let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
            .map_err(fail)?
            .signed_by(&key, &ca)
            .map_err(fail)?;
        std::fs::write(roots, ca.pem())?;
        Ok(TlsIdentity { cert_pem: leaf.pem().into_bytes(), key_pem: key.serialize_pem().into_bytes() })
    }
}

#[derive(Debug, Clone)]
struct AppState {
    settings: MockSettings,
    http: reqwest::Client,
}

/// Serves Piaf until `shutdown` resolves.
pub async fn run(
    settings: MockSettings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // reqwest and the TLS acceptor both take the process's provider (see relais-server's `tls`).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let mut app = Router::new()
        .route("/", get(feed))
        .route("/report", get(report_form).post(report))
        .route("/reported", get(reported))
        .route("/piaf.css", get(stylesheet));
    if let Some(inbox) = settings.inbox.clone() {
        let state = inbox::InboxState {
            inbox,
            relais_api: settings.relais_api.clone(),
            api_key: settings.api_key.clone(),
            http: http.clone(),
        };
        let desk = Router::new()
            .route("/notices", axum::routing::post(inbox::receive))
            .route("/inbox", get(inbox::desk).post(inbox::set_desk))
            .with_state(state);
        app = app.merge(desk);
    }
    let meta_routes = settings.meta.clone().map(meta::routes);
    let tls = settings.tls.clone();
    let policy = page_policy(&settings.relais_public);
    let mut app = app.with_state(AppState { settings, http });
    if let Some(routes) = meta_routes {
        app = app.merge(routes);
    }
    let app = app.layer(axum::middleware::map_response(move |mut response: Response| {
        let policy = policy.clone();
        async move {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
            response
        }
    }));
    let Some(tls) = tls else {
        return axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    };
    let config = axum_server::tls_rustls::RustlsConfig::from_pem(tls.cert_pem, tls.key_pem).await?;
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
    });
    axum_server::from_tcp_rustls(listener.into_std()?, config)?.handle(handle).serve(app.into_make_service()).await
}

/// Piaf's own policy: Relais's script, calls to Relais and frames of Relais, nothing inline.
/// These are the directives `docs/platform-integration.md` asks of a platform.
fn page_policy(relais_public: &str) -> HeaderValue {
    let relais = relais_public.trim_end_matches('/');
    let policy = format!(
        "default-src 'none'; script-src {relais}; connect-src {relais}; frame-src {relais}; style-src 'self'; \
         img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'none'"))
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../assets/piaf.css")).into_response()
}

#[derive(Debug, Deserialize)]
struct AtQuery {
    /// Lets the demo and the tests ask about another moment (RFC 3339).
    at: Option<String>,
    /// `frame`: end the report on the two-choice page framed, as in an app's web view.
    view: Option<String>,
    /// Where the user is (`DE`) and the language of their app (`de-DE`): Piaf
    /// is a French app, used abroad too. France and French when not given.
    country: Option<String>,
    lang: Option<String>,
}

impl AtQuery {
    /// The query's moment, country and language, to carry from page to page.
    fn carried(&self) -> String {
        let mut q = String::new();
        for (name, value) in [("at", &self.at), ("country", &self.country), ("lang", &self.lang)] {
            if let Some(v) = value {
                q.push_str(&format!("&{name}={}", form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()));
            }
        }
        q
    }
}

#[derive(Template)]
#[template(path = "feed.html")]
struct Feed {
    at_query: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportForm {
    at: String,
    view: String,
    country: String,
    lang: String,
}

#[derive(Template)]
#[template(path = "choice.html")]
struct Choice {
    token: String,
    category: String,
    age_band: String,
    role: String,
    relais_public: String,
    country: String,
    locale: String,
    /// Where "Report to Piaf" leads: a page on Piaf's registered origin.
    report_href: String,
    framed: bool,
}

#[derive(Template)]
#[template(path = "reported.html")]
struct Reported;

pub(crate) fn page(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn feed(Query(q): Query<AtQuery>) -> Response {
    page(Feed { at_query: q.carried() })
}

async fn report_form(Query(q): Query<AtQuery>) -> Response {
    page(ReportForm {
        at: q.at.unwrap_or_default(),
        view: q.view.unwrap_or_default(),
        country: q.country.unwrap_or_else(|| "FR".into()),
        lang: q.lang.unwrap_or_else(|| "fr".into()),
    })
}

async fn reported() -> Response {
    page(Reported)
}

#[derive(Debug, Deserialize)]
struct ReportBody {
    post: String,
    category: String,
    role: String,
    age: Option<String>,
    description: Option<String>,
    consent: Option<String>,
    at: Option<String>,
    view: Option<String>,
    country: Option<String>,
    lang: Option<String>,
}

async fn report(State(state): State<AppState>, headers: HeaderMap, Form(body): Form<ReportBody>) -> Response {
    // Piaf's own address, as the browser reached it (the demo's loopback port).
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let report_href = format!("http://{host}/reported?post={}", body.post);
    match flow(&state, body, report_href).await {
        Ok(choice) => page(choice),
        Err(e) => {
            tracing::warn!(error = %e, "the report flow failed");
            (StatusCode::BAD_GATEWAY, format!("Piaf could not reach the helpline service: {e}")).into_response()
        }
    }
}

/// What Piaf's server does when a report is submitted.
async fn flow(state: &AppState, body: ReportBody, report_href: String) -> Result<Choice, String> {
    let age: Option<i64> = body.age.as_deref().filter(|a| !a.is_empty()).and_then(|a| a.parse().ok());
    let age_band = match age {
        None => "unknown",
        Some(a) if a < 13 => "under_13",
        Some(a) if a < 18 => "13_17",
        Some(_) => "18_plus",
    };
    let at = body.at.filter(|a| !a.is_empty());
    let mut reporter = json!({ "role": body.role });
    if let Some(age) = age {
        reporter["age"] = json!(age);
    }
    let country = body.country.filter(|c| !c.is_empty()).unwrap_or_else(|| "FR".into());
    let lang = body.lang.filter(|l| !l.is_empty()).unwrap_or_else(|| "fr".into());
    // Only the French line takes handoffs: abroad, the widget leads to the country's own.
    let handoff_code = if body.consent.as_deref() == Some("yes") && country == "FR" {
        let handoff = json!({
            "consent": true,
            "country": country,
            "category": body.category,
            "reporter": reporter.clone(),
            "content": [{ "url": format!("https://piaf.example/p/{}", body.post), "platform_content_id": body.post, "kind": "post" }],
            "reported_accounts": [{ "platform_account_id": "u-4411", "handle": "@lea.b" }],
            "description": body.description.filter(|d| !d.trim().is_empty()),
            "reporter_ref": "piaf-user-1207",
        });
        let created = call(state, "/v1/handoffs", &handoff).await?;
        created["code"].as_str().map(str::to_owned)
    } else {
        None
    };
    // The report itself is sealed in the token: the page can only repeat it.
    let mut token_body = json!({
        "report_ref": format!("report-{}", body.post),
        "country": country,
        "category": body.category,
        "reporter": reporter,
        "handoff_code": handoff_code,
    });
    if let Some(at) = at {
        token_body["at"] = json!(at);
    }
    // The token holds the language Relais speaks, if it does; the element
    // passes the app's own tag, and Relais reads what it can of it.
    let spoken = lang.split('-').next().unwrap_or_default().to_ascii_lowercase();
    if ["fr", "en", "de", "es", "it", "nl", "pl", "pt"].contains(&spoken.as_str()) {
        token_body["locale"] = json!(spoken);
    }
    let token = call(state, "/v1/widget-tokens", &token_body).await?;
    Ok(Choice {
        token: token["token"].as_str().unwrap_or_default().to_owned(),
        category: body.category,
        age_band: age_band.to_owned(),
        role: body.role,
        relais_public: state.settings.relais_public.trim_end_matches('/').to_owned(),
        country,
        locale: lang,
        report_href,
        framed: body.view.as_deref() == Some("frame"),
    })
}

async fn call(state: &AppState, path: &str, body: &Value) -> Result<Value, String> {
    let url = format!("{}{path}", state.settings.relais_api.trim_end_matches('/'));
    let response =
        state.http.post(url).bearer_auth(&state.settings.api_key).json(body).send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let value: Value = response.json().await.map_err(|e| e.to_string())?;
    if status.is_success() { Ok(value) } else { Err(format!("{path} answered {status}: {}", value["detail"])) }
}
