//! Text that cannot lie: no control character in any field (line breaks
//! and tabs aside in free text), no bidirectional control outside free text,
//! and in free text the reordering shown to the counsellor for what it is; a
//! child's "which app" quoted as theirs, never as a platform's handoff.

use crate::common::browser::{Browser, PASSWORD, field, with_staff};
use crate::common::{TestServer, error_field};
use relais_core::case::Skill;
use relais_core::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn handoff(extra: Value) -> Value {
    let mut body = json!({
        "consent": true, "country": "FR", "category": "harassment",
        "reporter": {"role": "victim", "age": 14},
        "reported_accounts": [{"platform_account_id": "u-1", "handle": "@lea.b"}],
        "description": "Ils se moquent de moi."
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

#[tokio::test]
async fn the_api_refuses_hidden_characters_and_names_the_field() {
    let server = TestServer::start().await;
    for (body, expected) in [
        (handoff(json!({"description": "avant\u{0}après"})), "description"),
        (handoff(json!({"description": "\u{1b}[2Jeffacé"})), "description"),
        (
            handoff(json!({"reported_accounts": [{"platform_account_id": "u-1", "handle": "@lea\nb"}]})),
            "reported_accounts[0].handle",
        ),
        (
            handoff(json!({"reported_accounts": [{"platform_account_id": "u-1", "handle": "@admin\u{202E}nimda"}]})),
            "reported_accounts[0].handle",
        ),
        (handoff(json!({"reporter_ref": "user\u{2066}-12"})), "reporter_ref"),
        (
            handoff(json!({"content": [{"url": "https://piaf.example/p/1\u{202E}gpj.exe", "kind": "post"}]})),
            "content[0].url",
        ),
    ] {
        let (status, problem) = server.post_json("/v1/handoffs", &server.key, &body).await;
        assert_eq!((status, crate::common::field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{body}");
    }
    let token =
        json!({"report_ref": "r\u{202E}1", "country": "FR", "category": "harassment", "reporter": {"role": "victim"}});
    let (status, problem) = server.post_json("/v1/widget-tokens", &server.key, &token).await;
    assert_eq!((status, crate::common::field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "report_ref"));
    let (status, problem) = server.get("/v1/widget/referral?token=wt2.x%E2%80%AEy", None).await;
    assert_eq!((status, crate::common::field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "token"));

    // Free text keeps its lines, and its reordering characters.
    let (status, created) = server
        .post_json("/v1/handoffs", &server.key, &handoff(json!({"description": "ligne 1\r\nligne 2\tet \u{202E}xyz"})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
}

#[tokio::test]
async fn the_console_shows_reordering_for_what_it_is_and_refuses_it_elsewhere() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    let trick = "appelle-moi au \u{202E}44 33 22 11 60";
    let (_, created) = server.post_json("/v1/handoffs", &server.key, &handoff(json!({"description": trick}))).await;
    let mut b = Browser::new(&server);
    b.sign_in("lou", PASSWORD).await;
    let csrf = field(&b.get("/console").await.1, "csrf");
    let (_, case_url) =
        b.submit("/console/handoff", &[("csrf", &csrf), ("code", created["code"].as_str().unwrap())]).await;
    let (_, html, _) = b.get(&case_url).await;
    assert!(html.contains("appelle-moi au ⟦RLO⟧44 33 22 11 60"), "{html}");
    assert!(!html.contains('\u{202E}'), "no reordering character reaches the page");

    // A note may carry one (shown the same way); a control character is refused, nothing kept.
    let (status, _) = b.submit(&format!("{case_url}/notes"), &[("csrf", &csrf), ("text", "vu \u{2067}ici")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(b.get(&case_url).await.1.contains("vu ⟦RLI⟧ici"));
    let (status, html, _) = b.post(&format!("{case_url}/notes"), &[("csrf", &csrf), ("text", "a\u{0}b")]).await;
    assert_eq!((status, error_field(&html)), (StatusCode::UNPROCESSABLE_ENTITY, "text"));
    let (status, html, _) =
        b.post(&format!("{case_url}/risk"), &[("csrf", &csrf), ("risk", "high"), ("reason", "vu\u{202E}")]).await;
    assert_eq!((status, error_field(&html)), (StatusCode::UNPROCESSABLE_ENTITY, "reason"));
    let case = relais_core::id::CaseId::parse(case_url.rsplit('/').next().unwrap()).unwrap();
    assert_eq!(server.store.notes(case).await.unwrap().len(), 1, "only the note that passed");
}

#[tokio::test]
async fn the_web_forms_app_is_what_the_child_typed_never_a_platforms_handoff() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    let r = server.http.get(format!("{}/contact/fr-3018", server.url)).send().await.unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let csrf = field(&r.text().await.unwrap(), "csrf");
    let send = |fields: Vec<(&'static str, String)>| {
        let request = server
            .http
            .post(format!("{}/contact/fr-3018", server.url))
            .header("cookie", &cookie)
            .header("accept-language", "fr")
            .form(&fields);
        async move {
            let r = request.send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let base = |what: &str, platform: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("what", what.to_owned()),
            ("category", "harassment".to_owned()),
            ("platform", platform.to_owned()),
            ("reach", "come_back".to_owned()),
        ]
    };
    for (what, platform) in [("un message\u{0}caché", "Piaf"), ("un message", "Pia\u{202E}f"), ("un message", "Piaf\n")]
    {
        let (status, page) = send(base(what, platform)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what:?} {platform:?}");
        assert!(page.contains("Un caractère invisible s&#39;est glissé"), "{page}");
    }
    assert_eq!(server.store.queue_snapshot(Skill::Listener).await.unwrap().waiting, 0, "nothing stored");

    let (status, _) = send(base("On m'insulte sur Piaf", "Piaf")).await;
    assert_eq!(status, StatusCode::CREATED);
    let mut b = Browser::new(&server);
    b.sign_in("lou", PASSWORD).await;
    let csrf = field(&b.get("/console").await.1, "csrf");
    let (_, case_url) = b.submit("/console/take-next", &[("csrf", &csrf)]).await;
    let (_, html, _) = b.get(&case_url).await;
    assert!(html.contains("application citée par l&#39;enfant"), "{html}");
    assert!(!html.contains("Transmis par"), "only a platform's own handoff says so");
}
