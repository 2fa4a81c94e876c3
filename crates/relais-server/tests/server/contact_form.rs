//! The public contact form: a case in the queue, scored for risk, and a code
//! and secret word for the child; refusals that store nothing.

use crate::common::{TestServer, form_token, post_form};
use relais_core::case::Skill;
use relais_core::risk::RiskLevel;
use reqwest::StatusCode;

async fn post(server: &TestServer, cookie: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    post_form(server, "/contact/fr-3018", cookie, fields).await
}

async fn waiting(server: &TestServer) -> u64 {
    server.store.queue_snapshot(Skill::Listener).await.unwrap().waiting
}

#[tokio::test]
async fn a_child_writes_and_gets_a_code_and_a_word() {
    let server = TestServer::start().await;
    let (cookie, csrf, html) = form_token(&server, "/contact/fr-3018").await;
    assert!(html.contains("Écrire au 3018") && html.contains("name=\"what\""));
    let (status, page) = post(
        &server,
        &cookie,
        &[
            ("csrf", &csrf),
            ("what", "Ils publient mes photos. Je veux mourir ce soir."),
            ("category", "harassment"),
            ("platform", "Piaf"),
            ("links", "https://piaf.example/p/1\nhttps://piaf.example/p/2"),
            ("age_band", "13_17"),
            ("school_level", "college"),
            ("reach", "come_back"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{page}");
    assert!(page.contains("Ton code") && page.contains("Ton mot secret"));
    assert_eq!(waiting(&server).await, 1);
    let grab = |testid: &str| {
        let marker = format!("data-testid=\"{testid}\"");
        let start = page.find(&marker).unwrap() + marker.len();
        let rest = &page[start..];
        rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()].to_owned()
    };
    let (code, word) = (grab("case-code"), grab("case-word"));
    let case = server.store.case_by_reference(&code, None).await.unwrap().unwrap();
    let links: Vec<_> = server.store.evidence(case.id).await.unwrap().into_iter().filter_map(|e| e.url).collect();
    assert_eq!(links, ["https://piaf.example/p/1", "https://piaf.example/p/2"], "the links are the case's evidence");

    // The child comes back: the right word shows the case's state; a wrong one, nothing.
    let (cookie2, csrf2, _) = form_token(&server, "/suivi").await;
    let follow = |fields: Vec<(&'static str, String)>| {
        let http = server.http.clone();
        let url = format!("{}/suivi", server.url);
        let cookie2 = cookie2.clone();
        async move {
            let r = http
                .post(url)
                .header("cookie", cookie2)
                .header("accept-language", "fr")
                .form(&fields)
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) =
        follow(vec![("csrf", csrf2.clone()), ("code", code.to_lowercase()), ("word", word.to_uppercase())]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("une personne du 3018 le lise"), "{html}");
    assert!(!html.contains("Ils publient"), "nothing of the content");
    let (status, html) =
        follow(vec![("csrf", csrf2.clone()), ("code", code.clone()), ("word", "licorne".into())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("ne correspondent à aucun dossier"));

    let staff = server
        .store
        .add_staff(
            "ana",
            relais_core::staff::Role::Listener,
            &relais_store::passwords::hash("a long enough secret").unwrap(),
            relais_store::Actor::Cli,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let case = server.store.take_next(staff.id, Skill::Listener, jiff::Timestamp::now()).await.unwrap().unwrap();
    assert_eq!(case.risk, RiskLevel::ImmediateDanger, "the words of suicide with 'ce soir' put the case first");
    assert!(case.minor);
    let rows = server.store.audit_rows(0, 10).await.unwrap();
    let opened = rows.iter().find(|r| r.event.action == "case.open_from_form").expect("the opening is in the trail");
    assert_eq!((opened.event.actor.as_str(), opened.event.subject.clone()), ("public", format!("case:{}", case.id)));
}

#[tokio::test]
async fn the_callback_page_asks_for_a_number() {
    let server = TestServer::start().await;
    let (cookie, csrf, html) = form_token(&server, "/callback/fr-3018").await;
    assert!(html.contains("value=\"callback\" checked"));
    let (status, page) = post(&server, &cookie, &[("csrf", &csrf), ("what", "aidez-moi"), ("reach", "callback")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("numéro de téléphone"));
    let (status, _) = post(
        &server,
        &cookie,
        &[("csrf", &csrf), ("what", "aidez-moi"), ("reach", "callback"), ("phone", "06 12 34 56 78")],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let r = server.http.get(format!("{}/contact/nowhere", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn refused_forms_store_nothing() {
    let server = TestServer::start().await;
    let (cookie, csrf, _) = form_token(&server, "/contact/fr-3018").await;
    let (status, _) = post(&server, "", &[("csrf", &csrf), ("what", "hello")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no form token cookie");
    let (status, _) = post(&server, &cookie, &[("csrf", "forged"), ("what", "hello")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let long = "x".repeat(4001);
    for (fields, needle) in [
        (vec![("what", "   ")], "quelques mots"),
        (vec![("what", long.as_str())], "trop long"),
        (vec![("what", "regarde"), ("links", "javascript:alert(1)")], "https://"),
    ] {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend(fields);
        let (status, page) = post(&server, &cookie, &all).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(needle), "{needle}");
    }
    // What the child wrote comes back escaped, never as markup.
    let (status, page) =
        post(&server, &cookie, &[("csrf", &csrf), ("what", "<script>alert(1)</script>"), ("links", "ftp://x")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("&lt;script") || page.contains("&#60;script"), "kept, escaped, for the child to correct");
    assert_eq!(waiting(&server).await, 0, "nothing was stored");
}
