//! The advice pages and the self-check: every sheet for its reader, the
//! general one for a category without its own, the services with their
//! hours, the line's ways in; the self-check ending on the right sheet with
//! nothing stored; the landing page's and the widget's links to them.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestServer;

pub(crate) async fn get(server: &TestServer, path: &str) -> (StatusCode, String, String) {
    let r = server.http.get(format!("{}{path}", server.url)).header("accept-language", "fr").send().await.unwrap();
    let cache = r.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (r.status(), cache, r.text().await.unwrap())
}

#[tokio::test]
async fn sheets_for_children_and_parents_with_the_services_and_the_way_in() {
    let server = TestServer::start().await;
    server.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    let (status, cache, html) = get(&server, "/conseils").await;
    assert_eq!((status, cache.as_str()), (StatusCode::OK, "no-store"));
    for expected in [
        "Des conseils pour toi",
        "/conseils/harassment?lang=fr",
        "/suis-je-harcele?lang=fr",
        "119 Allô Enfance en Danger",
        "24 h/24",
        "data-quick-exit",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    let (_, _, child) = get(&server, "/conseils/harassment").await;
    assert!(child.contains("On te harcèle en ligne") && child.contains("Code pénal, art. 222-33-2-2"), "{child}");
    assert!(child.contains("data-kind=\"call\"") && child.contains("tel:3018"), "the line's ways in");
    let (_, _, parent) = get(&server, "/conseils/harassment?qui=parent").await;
    assert!(parent.contains("Votre enfant est harcelé en ligne") && parent.contains("vous"), "{parent}");
    let (_, _, english) = get(&server, "/conseils/sextortion?lang=en").await;
    assert!(english.contains("Someone is blackmailing you with images"));
    let (status, _, scam) = get(&server, "/conseils/scam?qui=parent").await;
    assert_eq!(status, StatusCode::OK);
    assert!(scam.contains("Votre enfant a été victime d&#39;une arnaque en ligne"), "{scam}");
    // A category without a sheet of its own is answered with the general one (see the core's test).
    let (_, _, other) = get(&server, "/conseils/other?qui=parent").await;
    assert!(other.contains("Votre enfant vit quelque chose de difficile en ligne"), "{other}");
    let (status, _, missing) = get(&server, "/conseils/not-a-category").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("data-quick-exit"));
}

#[tokio::test]
async fn the_self_check_ends_on_the_right_sheet_and_keeps_nothing() {
    let server = TestServer::start().await;
    let before = server.store.audit_rows(0, 1000).await.unwrap().len();
    let (status, _, form) = get(&server, "/suis-je-harcele").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("method=\"get\"") && form.contains("name=\"chantage\""), "a form sent by GET: {form}");
    let (_, cache, result) = get(&server, "/suis-je-harcele?lang=fr&fait=1&messages=oui&chantage=oui").await;
    assert_eq!(cache, "no-store");
    assert!(result.contains("/conseils/sextortion?lang=fr") && result.contains("data-testid=\"reach\""), "{result}");
    let (_, _, threatened) = get(&server, "/suis-je-harcele?lang=fr&fait=1&menace=oui").await;
    assert!(threatened.contains("appelle le 17 ou le 112"), "{threatened}");
    let (_, _, nothing) = get(&server, "/suis-je-harcele?lang=fr&fait=1").await;
    assert!(
        nothing.contains("/conseils/other?lang=fr") && nothing.contains("tu as le droit d&#39;en parler"),
        "{nothing}"
    );
    assert_eq!(server.store.audit_rows(0, 1000).await.unwrap().len(), before, "nothing recorded");
}

#[tokio::test]
async fn the_landing_page_and_the_widget_lead_to_the_reports_sheet() {
    let server = TestServer::start().await;
    let (status, handoff) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &json!({"consent": true, "country": "FR", "category": "sextortion", "reporter": {"role": "victim", "age": 14}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{handoff}");
    let code = handoff["code"].as_str().unwrap();
    let (_, _, landing) = get(&server, &format!("/h/{code}")).await;
    assert!(landing.contains("href=\"/conseils/sextortion?lang=fr\""), "{landing}");
    assert!(landing.contains("Ton code") && landing.contains("tu as signalé"), "a child: tu");
    // A parent's handoff: the page speaks to an adult, and leads to the parents' advice.
    let (_, parents) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &json!({"consent": true, "country": "FR", "category": "harassment", "reporter": {"role": "parent", "age": 11}}),
        )
        .await;
    let (_, _, landing) = get(&server, &format!("/h/{}", parents["code"].as_str().unwrap())).await;
    assert!(landing.contains("Votre code") && landing.contains("vous avez signalé"), "{landing}");
    assert!(landing.contains("/conseils/harassment?lang=fr&#38;qui=parent"), "{landing}");

    let (status, token) = server
        .post_json(
            "/v1/widget-tokens",
            &server.key,
            // During opening hours, whatever the time the test runs.
            &json!({"report_ref": "r1", "country": "FR", "category": "ncii", "reporter": {"role": "parent", "age": 12},
                    "at": "2026-11-28T15:00:00Z"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{token}");
    let token = token["token"].as_str().unwrap();
    let (status, answer) = server.get(&format!("/v1/widget/referral?token={token}"), None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["title"], "Que voulez-vous faire ?", "a parent is addressed as an adult");
    assert!(answer["explanation"].as_str().unwrap().starts_with("Vous pouvez"), "{answer}");
    let url = answer["more_help"]["url"].as_str().unwrap();
    assert!(url.ends_with("/conseils/ncii?lang=fr&qui=parent"), "the parents' version: {url}");
}

#[tokio::test]
async fn the_counsellors_ready_answers_link_to_the_sheets() {
    let server = crate::chat::open_server().await;
    let (status, _) = crate::chat::start(&server, json!({"message": "bonjour", "locale": "fr"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (mut lou, csrf) = crate::chat::counsellor(&server, "lou", relais_core::staff::Role::Listener).await;
    lou.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    let (_, html, _) = lou.get("/console/chats").await;
    assert!(html.contains("Conseils · Quelqu&#39;un te fait du chantage avec des images"), "{html}");
    assert!(html.contains(&format!("{}/conseils/sextortion?lang=fr", server.url)), "{html}");
}
