//! `/proteger`: a child sends the PDQ hashes of intimate photos (computed on
//! the phone), sees them on the case, and withdraws one; everything malformed
//! or unauthorised is refused, naming the field, with nothing stored.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestServer, field, form_token, post_form};

fn grab(page: &str, testid: &str) -> String {
    let marker = format!("data-testid=\"{testid}\"");
    let rest = &page[page.find(&marker).unwrap() + marker.len()..];
    rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()].to_owned()
}

/// A web-form case; its code and word.
async fn case(server: &TestServer) -> (String, String) {
    let (cookie, csrf, _) = form_token(server, "/contact/fr-3018").await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("what", "Quelqu'un menace de publier une photo de moi."),
        ("category", "sextortion"),
        ("reach", "come_back"),
    ];
    let (status, page) = post_form(server, "/contact/fr-3018", &cookie, &fields).await;
    assert_eq!(status, StatusCode::CREATED, "{page}");
    (grab(&page, "case-code"), grab(&page, "case-word"))
}

const A: &str = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
const B: &str = "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064";

fn image(hash: &str, quality: u8) -> Value {
    json!({"hash": hash, "quality": quality, "dihedral": vec![A; 7]})
}

async fn send(server: &TestServer, body: &Value) -> (StatusCode, Value) {
    server.post_json("/proteger/empreintes", "", body).await
}

#[tokio::test]
async fn a_childs_photos_are_protected_by_their_hashes_and_can_be_withdrawn() {
    let server = TestServer::start().await;
    let (code, word) = case(&server).await;
    let (status, body) =
        send(&server, &json!({"code": code, "word": word, "images": [image(A, 100), image(B, 87)]})).await;
    assert_eq!((status, body["added"].as_u64()), (StatusCode::CREATED, Some(2)), "{body}");
    let (status, body) = send(&server, &json!({"code": code, "word": word, "images": [image(A, 100)]})).await;
    assert_eq!((status, body["added"].as_u64()), (StatusCode::CREATED, Some(0)), "the same photo is not added twice");

    // From the follow-up page, the child sees them and withdraws one.
    let (cookie, csrf, _) = form_token(&server, "/suivi").await;
    let look = [("csrf", csrf.as_str()), ("code", code.as_str()), ("word", word.as_str())];
    let (_, followup) = post_form(&server, "/suivi", &cookie, &look).await;
    assert!(followup.contains("action=\"/proteger\"") && followup.contains("Protéger une photo intime"), "{followup}");
    let (status, page) = post_form(&server, "/proteger", &cookie, &look).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page.matches("en attente de vérification").count(), 2, "{page}");
    assert!(!page.contains(A) && !page.contains(B), "the page shows no hash, only dates and states");
    let stored = server.store.image_hashes(case_id(&server, &code, &word).await).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].dihedral.len(), 7);
    let withdraw = stored[0].id.to_string();
    let mut fields = look.to_vec();
    fields.push(("withdraw", &withdraw));
    let (status, page) = post_form(&server, "/proteger", &cookie, &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("est retiré : les plateformes") && page.contains("— retirée"), "{page}");
    let stored = server.store.image_hashes(stored[0].case_id).await.unwrap();
    assert!(stored[0].withdrawn_at.is_some() && stored[1].withdrawn_at.is_none());

    // The page reached from the chat asks for the code and the word.
    let (_, _, html) = crate::advice::get(&server, "/proteger?lang=en").await;
    assert!(html.contains("Protect an intimate photo") && html.contains("name=\"code\""), "{html}");
    assert!(html.contains("src=\"/assets/protect.js\""));
}

async fn case_id(server: &TestServer, code: &str, word: &str) -> relais_core::id::CaseId {
    server.store.case_by_reference(code, Some(word)).await.unwrap().unwrap().id
}

#[tokio::test]
async fn bad_hashes_and_wrong_words_are_refused_and_nothing_is_kept() {
    let server = TestServer::start().await;
    let (code, word) = case(&server).await;
    let with = |images: Value| json!({"code": code, "word": word, "images": images});
    let cases: Vec<(&str, Value, StatusCode, &str)> = vec![
        ("blurry", with(json!([image(A, 30)])), StatusCode::UNPROCESSABLE_ENTITY, "images[0].quality"),
        ("short hash", with(json!([image("abc", 100)])), StatusCode::UNPROCESSABLE_ENTITY, "images[0].hash"),
        ("not hex", with(json!([image(&"z".repeat(64), 100)])), StatusCode::UNPROCESSABLE_ENTITY, "images[0].hash"),
        (
            "a bad turned hash",
            with(json!([{"hash": A, "quality": 90, "dihedral": [A, A, A, A, A, A, "0"]}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "images[0].dihedral[6]",
        ),
        (
            "six turned hashes",
            with(json!([{"hash": A, "quality": 90, "dihedral": [A, A, A, A, A, A]}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "images[0].dihedral",
        ),
        ("no photo", with(json!([])), StatusCode::UNPROCESSABLE_ENTITY, "images"),
        ("too many", with(json!(vec![image(A, 90); 21])), StatusCode::UNPROCESSABLE_ENTITY, "images"),
        (
            "a wrong word",
            json!({"code": code, "word": "faux", "images": [image(A, 90)]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "code",
        ),
        (
            "the image itself",
            json!({"code": code, "word": word, "images": [image(A, 90)], "photo": "/9j/4AAQ"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "photo",
        ),
        ("a quality over 100", with(json!([image(A, 101)])), StatusCode::UNPROCESSABLE_ENTITY, "images[0].quality"),
    ];
    for (name, body, status, expected) in cases {
        let (got, problem) = send(&server, &body).await;
        assert_eq!((got, field(&problem)), (status, expected), "{name}: {problem}");
    }
    let (status, _) = server
        .http
        .post(format!("{}/proteger/empreintes", server.url))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(server.store.image_hashes(case_id(&server, &code, &word).await).await.unwrap().is_empty(), "nothing kept");
}
