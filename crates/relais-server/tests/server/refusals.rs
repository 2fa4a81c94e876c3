//! Every refusal is in the server's words, for whoever reads it: problem
//! details on the API, the console's error page in the console, a child's
//! error page on the public pages; never a framework's sentence in plain text.

use crate::common::TestServer;
use crate::common::browser::{Browser, PASSWORD, field, with_staff};
use relais_core::staff::Role;
use reqwest::StatusCode;

fn content_type(r: &reqwest::Response) -> String {
    r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn the_api_names_the_parameter_at_fault_in_problem_details() {
    let server = TestServer::start().await;
    for path in ["/v1/helplines?country[]=FR", "/v1/notices?limit=lots", "/v1/notices?status=decided&what=1"] {
        let r = server.http.get(format!("{}{path}", server.url)).bearer_auth(&server.key).send().await.unwrap();
        assert!(r.status().is_client_error(), "{path}: {}", r.status());
        assert_eq!(content_type(&r), "application/problem+json", "{path}");
        let body = r.text().await.unwrap();
        assert!(!body.contains("Failed to deserialize"), "{path}: {body}");
    }
    let (status, problem) = server.get("/v1/notices?limit=lots", Some(&server.key)).await;
    assert_eq!((status, crate::common::field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "limit"), "{problem}");
    // A body the framework could not take, and a method the path does not answer.
    let r = server
        .http
        .post(format!("{}/v1/referrals", server.url))
        .bearer_auth(&server.key)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (r.status(), content_type(&r).as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "application/problem+json")
    );
    let r = server.http.delete(format!("{}/v1/helplines", server.url)).send().await.unwrap();
    assert_eq!((r.status(), content_type(&r).as_str()), (StatusCode::METHOD_NOT_ALLOWED, "application/problem+json"));
}

#[tokio::test]
async fn the_console_and_the_public_pages_answer_with_pages() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf = field(&lou.get("/console").await.1, "csrf");
    let case = "/console/cases/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    // A path that does not decode, a form sent as something else, a form without its token.
    let (status, page, _) = lou.get("/console/cases/%FF%FE").await;
    assert!(status.is_client_error() && page.contains("<h1>"), "{status}: {page}");
    let r = lou
        .http
        .post(format!("{}{case}/notes", server.url))
        .header("cookie", lou.cookie_header())
        .header("content-type", "text/plain")
        .body(format!("csrf={csrf}&text=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(content_type(&r).starts_with("text/html"), "{}", content_type(&r));
    let (status, page, _) = lou.post(&format!("{case}/notes"), &[("text", "Une note.")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a missing form token is refused as such, not as bad input");
    assert!(page.contains("rechargez la page"), "{page}");
    let r = lou
        .http
        .post(format!("{}/console/login", server.url))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error() && content_type(&r).starts_with("text/html"), "{}", r.status());
    // A child's form posted as something else gets a page in the child's words.
    let r = server
        .http
        .post(format!("{}/contact/fr-3018", server.url))
        .header("content-type", "application/json")
        .header("accept-language", "fr-FR")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error() && content_type(&r).starts_with("text/html"), "{}", r.status());
    let page = r.text().await.unwrap();
    assert!(page.contains("pas pu être lu") && !page.contains("Failed"), "{page}");
}

#[tokio::test]
async fn the_language_switch_leads_back_into_the_console_only() {
    let server = TestServer::start().await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (back, expected) in [
        ("%2Fconsole%2Fdashboard", "/console/dashboard"),
        ("%2Fconsole%0D%0ASet-Cookie%3A%20x%3D1", "/console"),
        ("%2Fconsole%2F..%2F..%2Fmetrics", "/console"),
        ("%2Fconsole%00", "/console"),
        ("https%3A%2F%2Fevil.example%2Fconsole", "/console"),
    ] {
        let r = http.get(format!("{}/console/lang/en?back={back}", server.url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{back}");
        assert_eq!(r.headers()["location"], expected, "{back}");
        assert!(r.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("x=")));
    }
}
