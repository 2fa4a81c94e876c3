//! The headers every response carries: no page of Relais can be framed
//! (except the two-choice page, see `widget`), sniffed, scripted inline or
//! leak where it was opened from.

use crate::common::TestServer;
use reqwest::StatusCode;

/// Pages, API answers, assets and refusals alike.
const PATHS: [&str; 12] = [
    "/console/login",
    "/console",
    "/contact/fr-3018",
    "/h/AAA-AAA-AAA",
    "/suivi",
    "/v1/helplines?country=FR",
    "/v1/referrals",
    "/healthz",
    "/widget.js",
    "/assets/relais.css",
    "/assets/console.js",
    "/no/such/page",
];

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::start().await;
    for path in PATHS {
        let r = server.http.get(format!("{}{path}", server.url)).send().await.unwrap();
        assert_ne!(r.status(), StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert!(h["permissions-policy"].to_str().unwrap().contains("camera=()"), "{path}");
        assert!(h.get("strict-transport-security").is_none(), "{path}: HSTS on a plain-HTTP address");
    }
}

#[tokio::test]
async fn hsts_when_the_public_address_is_https() {
    let server = TestServer::start_with(|s| s.public_url = Some("https://relais.example".into())).await;
    for path in PATHS {
        let r = server.http.get(format!("{}{path}", server.url)).send().await.unwrap();
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000", "{path}");
    }
}

#[tokio::test]
async fn pages_hold_no_inline_script_or_style() {
    let server = TestServer::start().await;
    for path in ["/console/login", "/contact/fr-3018", "/h/AAA-AAA-AAA", "/suivi"] {
        let html = server.http.get(format!("{}{path}", server.url)).send().await.unwrap().text().await.unwrap();
        assert!(!html.contains("<script>") && !html.contains("<style"), "{path}");
        assert!(!html.contains("style=\""), "{path}: an inline style attribute");
        assert!(!html.contains(" onclick=") && !html.contains(" onload="), "{path}");
    }
}
