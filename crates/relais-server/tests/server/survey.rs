//! The three questions after a contact: on `/suivi` once a case is finished,
//! at the end of a chat; once per case; counted by channel and month on the
//! supervisors' dashboard, never kept beside the case.

use relais_core::case::{CaseStatus, Skill};
use relais_core::staff::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::chat::{Party, counsellor, open_server};
use crate::common::{TestServer, form_token, post_form};

fn grab(page: &str, testid: &str) -> String {
    let marker = format!("data-testid=\"{testid}\"");
    let rest = &page[page.find(&marker).unwrap() + marker.len()..];
    rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()].to_owned()
}

#[tokio::test]
async fn a_finished_web_form_case_asks_three_questions_once() {
    let server = TestServer::start().await;
    server.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    let (cookie, csrf, _) = form_token(&server, "/contact/fr-3018").await;
    let fields =
        [("csrf", csrf.as_str()), ("what", "On se moque de moi."), ("category", "harassment"), ("reach", "come_back")];
    let (status, page) = post_form(&server, "/contact/fr-3018", &cookie, &fields).await;
    assert_eq!(status, StatusCode::CREATED, "{page}");
    let (code, word) = (grab(&page, "case-code"), grab(&page, "case-word"));

    let (cookie, csrf, _) = form_token(&server, "/suivi").await;
    let look = [("csrf", csrf.as_str()), ("code", code.as_str()), ("word", word.as_str())];
    let (_, html) = post_form(&server, "/suivi", &cookie, &look).await;
    assert!(!html.contains("data-testid=\"survey\""), "not before the case is finished");
    let answer = |heard: &'static str| {
        let mut fields = look.to_vec();
        fields.extend([("survey", "1"), ("heard", heard), ("knows_next", "somewhat"), ("would_return", "")]);
        fields
    };
    let (status, _) = post_form(&server, "/suivi", &cookie, &answer("yes")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(server.store.survey_results("2026-01").await.unwrap().is_empty(), "nothing counted before the end");

    // The counsellor finishes the case.
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let ana = server
        .store
        .add_staff("ana", Role::Listener, &hash, relais_store::Actor::Cli, server.clock.now())
        .await
        .unwrap();
    let case = server.store.take_next(ana.id, Skill::Listener, server.clock.now()).await.unwrap().unwrap();
    assert!(server.store.set_case_status(case.id, CaseStatus::Resolved, ana.id, server.clock.now()).await.unwrap());

    let (_, html) = post_form(&server, "/suivi", &cookie, &look).await;
    assert!(html.contains("data-testid=\"survey\"") && html.contains("senti·e écouté·e ?"), "{html}");
    let (status, html) = post_form(&server, "/suivi", &cookie, &answer("perhaps")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("oui, un peu ou non"), "{html}");
    let (status, html) = post_form(&server, "/suivi", &cookie, &answer("yes")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(grab(&html, "survey-done"), "Merci. Tes réponses nous aident à mieux aider.");
    let (_, html) = post_form(&server, "/suivi", &cookie, &answer("no")).await;
    assert_eq!(grab(&html, "survey-done"), "Tu as déjà répondu. Merci !", "once per case");
    let (_, html) = post_form(&server, "/suivi", &cookie, &look).await;
    assert!(!html.contains("data-testid=\"survey\""), "not asked again");

    // Counted by channel and month, nothing else.
    let results = server.store.survey_results("2026-01").await.unwrap();
    assert_eq!(results.len(), 1);
    let month = &results[0];
    assert_eq!(
        (month.month.as_str(), month.channel, month.responses),
        ("2026-11", relais_core::case::ContactChannel::WebForm, 1)
    );
    use relais_core::survey::{Answer, Question};
    assert_eq!(month.count(Question::Heard, Answer::Yes), 1);
    assert_eq!(month.count(Question::Heard, Answer::No), 0, "the refused and repeated answers were not counted");
    assert_eq!(month.count(Question::KnowsNext, Answer::Somewhat), 1);
    let (mut sup, _) = counsellor(&server, "sup", Role::Supervisor).await;
    let (_, html, _) = sup.get("/console/dashboard").await;
    let table = &html[html.find("data-testid=\"surveys\"").unwrap()..];
    assert!(table.contains("2026-11") && table.contains("100 % (1)") && table.contains("0 % (1)"), "{table}");
}

#[tokio::test]
async fn a_child_answers_at_the_end_of_a_chat_once() {
    let server = open_server().await;
    let (_, started) = crate::chat::start(&server, json!({"message": "bonjour", "locale": "fr"})).await;
    let token = started["token"].as_str().unwrap().to_owned();
    let survey = |body: serde_json::Value| {
        let (http, url) = (server.http.clone(), format!("{}/chat/survey", server.url));
        async move { crate::common::read(http.post(url).json(&body).send().await.unwrap()).await }
    };
    let (status, _) = survey(json!({"token": token, "answers": {"heard": "yes"}})).await;
    assert_eq!(status, StatusCode::CONFLICT, "not before the chat has ended");
    let mut child = Party::child(&server, &token, 0).await;
    child.send(json!({"type": "leave"})).await;
    while child.until("state").await["state"] != "ended" {}

    let (status, problem) = survey(json!({"token": token, "answers": {"heard": "maybe"}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "answers.heard");
    let (status, problem) = survey(json!({"token": "a guess", "answers": {}})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("token")));
    let (status, _) = survey(json!({"token": token, "answers": {"heard": "yes"}, "case": "x"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "nothing but the token and the answers");
    let (status, _) = survey(json!({"token": token, "answers": {"heard": "yes", "would_return": "somewhat"}})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = survey(json!({"token": token, "answers": {"heard": "no"}})).await;
    assert_eq!(status, StatusCode::CONFLICT, "once");
    let results = server.store.survey_results("2026-01").await.unwrap();
    assert_eq!((results[0].channel, results[0].responses), (relais_core::case::ContactChannel::Chat, 1));
}
