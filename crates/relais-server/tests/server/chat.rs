//! The live chat over the real transports: a child and a counsellor on
//! WebSockets, the child's fallback stream and posts, and every refusal.

use std::time::Duration;

use crate::common::TestServer;
use crate::common::browser::{Browser, PASSWORD, field, with_staff};
use futures_util::{SinkExt, StreamExt};
use relais_core::staff::Role;
use relais_server::Worker;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A party on a WebSocket, reading frames as the page would.
pub(crate) struct Party {
    socket: Socket,
}

impl Party {
    pub(crate) async fn connect(server: &TestServer, path: &str, headers: &[(&'static str, String)]) -> Party {
        let url = format!("{}{path}", server.url.replace("http://", "ws://"));
        let mut request = url.into_client_request().unwrap();
        for (name, value) in headers {
            request.headers_mut().insert(*name, value.parse().unwrap());
        }
        let (socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        Party { socket }
    }

    pub(crate) async fn child(server: &TestServer, token: &str, after: u64) -> Party {
        let mut party = Party::connect(server, "/chat/socket", &[]).await;
        party.send(json!({"type": "hello", "token": token, "after": after})).await;
        party
    }

    pub(crate) async fn send(&mut self, frame: Value) {
        self.socket.send(Message::Text(frame.to_string().into())).await.unwrap();
    }

    /// The next frame; a test never waits long for one (the server answers at once).
    pub(crate) async fn next(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(10), self.socket.next())
                .await
                .expect("a frame within ten seconds");
            let Some(Ok(message)) = message else { return json!({"type": "closed", "reason": "dropped"}) };
            match message {
                Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                Message::Close(frame) => {
                    return json!({"type": "closed", "reason": frame.map(|f| f.reason.to_string())});
                }
                _ => continue,
            }
        }
    }

    /// Frames until one of `kind` comes.
    pub(crate) async fn until(&mut self, kind: &str) -> Value {
        let mut passed = Vec::new();
        for _ in 0..50 {
            let frame = self.next().await;
            if frame["type"] == kind {
                return frame;
            }
            passed.push(frame);
        }
        panic!("no {kind} frame among {passed:?}");
    }

    /// The next message frame's text.
    pub(crate) async fn message(&mut self) -> (String, String) {
        let frame = self.until("message").await;
        (frame["author"].as_str().unwrap().to_owned(), frame["text"].as_str().unwrap().to_owned())
    }

    /// The next message of `author`, passing over the party's own.
    pub(crate) async fn message_from(&mut self, author: &str) -> String {
        loop {
            let (who, text) = self.message().await;
            if who == author {
                return text;
            }
        }
    }
}

pub(crate) async fn start(server: &TestServer, body: Value) -> (StatusCode, Value) {
    let r = server.http.post(format!("{}/chat/fr-3018/start", server.url)).json(&body).send().await.unwrap();
    crate::common::read(r).await
}

/// A counsellor signed in, the session's cookie and form token.
pub(crate) async fn counsellor(server: &TestServer, name: &str, role: Role) -> (Browser, String) {
    with_staff(server, name, role).await;
    let mut b = Browser::new(server);
    b.sign_in(name, PASSWORD).await;
    let csrf = field(&b.get("/console").await.1, "csrf");
    (b, csrf)
}

/// The counsellor takes the next contact (a chat) and opens its pane's socket: the case's id, the pane.
pub(crate) async fn take_and_open(server: &TestServer, b: &mut Browser, csrf: &str) -> (String, Party) {
    let (_, location) = b.submit("/console/take-next", &[("csrf", csrf)]).await;
    let case = location.rsplit("pane-").next().unwrap().to_owned();
    let mut pane =
        Party::connect(server, &format!("/console/cases/{case}/chat/socket"), &console_headers(server, b)).await;
    pane.send(json!({"type": "hello", "after": 0})).await;
    (case, pane)
}

pub(crate) fn console_headers(server: &TestServer, b: &Browser) -> Vec<(&'static str, String)> {
    vec![("cookie", b.cookie_header()), ("origin", server.url.clone())]
}

/// The server answers chats at any hour in these tests (the directory's line is open 09:00–23:00, Paris).
pub(crate) async fn open_server() -> TestServer {
    let server = TestServer::start_with(|s| s.chat.poll_millis = 200).await;
    server.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    server
}

#[tokio::test]
async fn a_child_and_a_counsellor_talk_through_the_one_queue() {
    let server = open_server().await;
    let (status, started) = start(
        &server,
        json!({"age_band": "13_17", "category": "harassment", "message": "on se moque de moi sur Piaf", "locale": "fr"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    let token = started["token"].as_str().unwrap().to_owned();
    assert_eq!(started["code"].as_str().unwrap().len(), 9, "the case's code, to come back with");

    // The child waits, and is told their place.
    server.step(Worker::ChatQueue).await;
    let mut child = Party::child(&server, &token, 0).await;
    assert_eq!(child.message().await, ("child".into(), "on se moque de moi sur Piaf".into()));
    let state = child.until("state").await;
    assert_eq!((state["state"].as_str(), state["position"].as_u64()), (Some("waiting"), Some(1)));

    // A listener takes the next contact: the chat, most urgent; it opens where they write.
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (status, location) = lou.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/console/chats#pane-"), "{location}");
    let case = location.rsplit("pane-").next().unwrap().to_owned();
    let (status, html, _) = lou.get("/console/chats").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("data-case=\"{case}\"")) && html.contains("data-writes=\"true\""), "{html}");
    assert_eq!(child.message().await.1, "Tu parles maintenant avec un·e écoutant·e.");

    let mut pane =
        Party::connect(&server, &format!("/console/cases/{case}/chat/socket"), &console_headers(&server, &lou)).await;
    pane.send(json!({"type": "hello", "after": 0})).await;
    assert_eq!(pane.message().await.1, "on se moque de moi sur Piaf");

    // Typing and messages both ways, each acknowledged once stored.
    pane.send(json!({"type": "typing"})).await;
    assert_eq!(child.until("typing").await["author"], "counsellor");
    pane.send(json!({"type": "send", "id": "c1", "text": "Je suis là. Tu peux m'en dire plus ?"})).await;
    assert_eq!(pane.until("ack").await["id"], "c1");
    assert_eq!(child.message().await, ("counsellor".into(), "Je suis là. Tu peux m'en dire plus ?".into()));
    child.send(json!({"type": "send", "id": "k1", "text": "ils partagent https://piaf.example/p/9"})).await;
    let ack = child.until("ack").await;
    assert_eq!(ack["id"], "k1");
    assert_eq!(pane.message_from("child").await, "ils partagent https://piaf.example/p/9");

    // Passed to a jurist: the child is told, and waits in the jurists' queue.
    let (status, _) =
        lou.submit(&format!("/console/cases/{case}/transfer"), &[("csrf", csrf.as_str()), ("to", "jurist")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(child.message_from("system").await.contains("un·e juriste"));
    let (mut jo, jo_csrf) = counsellor(&server, "jo", Role::Jurist).await;
    let (_, location) = jo.submit("/console/take-next", &[("csrf", jo_csrf.as_str())]).await;
    assert!(location.ends_with(&case));
    assert_eq!(child.message_from("system").await, "Tu parles maintenant avec un·e juriste.");

    // Lou's pane closes: the child's words are for the jurist now. Lou, who worked
    // on the case, reads the conversation in it once it has ended, not live.
    assert_eq!(pane.until("closed").await["reason"], "the conversation was passed on");
    let url = format!("{}/console/cases/{case}/chat/socket", server.url.replace("http://", "ws://"));
    let mut request = url.into_client_request().unwrap();
    for (name, value) in console_headers(&server, &lou) {
        request.headers_mut().insert(name, value.parse().unwrap());
    }
    assert!(tokio_tungstenite::connect_async(request).await.is_err(), "refused before the upgrade");
    let (status, html, _) = lou.get(&format!("/console/cases/{case}/chat")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("seul·e un·e superviseur·e la lit en direct"), "{html}");
    // A supervisor reads the live conversation, without writing in it, and is audited for it.
    let (sup, _) = counsellor(&server, "sup", Role::Supervisor).await;
    let mut watch =
        Party::connect(&server, &format!("/console/cases/{case}/chat/socket"), &console_headers(&server, &sup)).await;
    watch.send(json!({"type": "hello", "after": 0})).await;
    assert_eq!(watch.message().await.1, "on se moque de moi sur Piaf");
    watch.send(json!({"type": "send", "id": "s1", "text": "coucou"})).await;
    assert_eq!(watch.until("error").await["code"], "read_only");

    // The jurist ends it with the outcome; the child is told, and can write no more.
    let (status, _) = jo
        .submit(
            &format!("/console/cases/{case}/chat/end"),
            &[("csrf", jo_csrf.as_str()), ("outcome", "listened_and_advised")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(child.message_from("system").await, "La conversation est terminée.");
    assert_eq!(child.until("state").await["state"], "ended");
    assert_eq!(child.next().await["reason"], "the conversation has ended", "the socket closes once all is said");
    let r = server
        .http
        .post(format!("{}/chat/post", server.url))
        .json(&json!({"token": token, "frame": {"type": "send", "id": "k2", "text": "attends"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(crate::common::read(r).await.1[0]["code"], "ended");
    // Ended, the conversation is the case's to read for whoever worked on it.
    let (status, _, _) = lou.get(&format!("/console/cases/{case}/chat")).await;
    assert_eq!(status, StatusCode::OK);
    let actions: Vec<String> =
        server.store.audit_of(&format!("case:{case}")).await.unwrap().into_iter().map(|r| r.event.action).collect();
    for expected in ["case.open_from_chat", "case.take", "case.transfer.jurist", "case.chat_watch", "case.chat_end"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
}

#[tokio::test]
async fn a_child_who_lost_the_network_comes_back_into_the_same_conversation() {
    let server = open_server().await;
    let (_, started) = start(&server, json!({"message": "allô", "locale": "fr"})).await;
    let token = started["token"].as_str().unwrap().to_owned();
    let mut child = Party::child(&server, &token, 0).await;
    assert_eq!(child.message().await.1, "allô");
    drop(child);
    // Meanwhile a counsellor answers.
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (_, mut pane) = take_and_open(&server, &mut lou, &csrf).await;
    pane.send(json!({"type": "send", "id": "1", "text": "bonjour"})).await;
    pane.until("ack").await;
    // The child comes back with the last number seen (1): only what they missed.
    let mut child = Party::child(&server, &token, 1).await;
    assert_eq!(child.message().await.1, "Tu parles maintenant avec un·e écoutant·e.");
    assert_eq!(child.message().await.1, "bonjour");
}

#[tokio::test]
async fn the_fallback_stream_and_posts_carry_the_same_conversation() {
    let server = open_server().await;
    let (_, started) = start(&server, json!({"message": "premier", "locale": "en"})).await;
    let token = started["token"].as_str().unwrap().to_owned();
    let mut stream = server
        .http
        .post(format!("{}/chat/stream", server.url))
        .json(&json!({"token": token, "after": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(stream.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut read = String::new();
    while !read.contains("premier") {
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk()).await.unwrap().unwrap().unwrap();
        read.push_str(&String::from_utf8_lossy(&chunk));
    }
    let post = |frame: Value| {
        let request =
            server.http.post(format!("{}/chat/post", server.url)).json(&json!({"token": token, "frame": frame}));
        async move {
            let r = request.send().await.unwrap();
            crate::common::read(r).await
        }
    };
    let (status, answer) = post(json!({"type": "send", "id": "p1", "text": "second"})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer[0]["type"], "ack");
    while !read.contains("second") {
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk()).await.unwrap().unwrap().unwrap();
        read.push_str(&String::from_utf8_lossy(&chunk));
    }
    let (status, answer) = post(json!({"type": "send", "id": "p2", "text": "x".repeat(2001)})).await;
    assert_eq!((status, answer[0]["code"].as_str()), (StatusCode::OK, Some("too_long")), "refused as on a socket");
    assert!(answer[0]["message"].as_str().unwrap().contains("2,000"), "in the child's language: {answer}");
    let (status, _) = post(json!({"type": "leave"})).await;
    assert_eq!(status, StatusCode::OK);
    while !read.contains("\"ended\"") {
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk()).await.unwrap().unwrap().unwrap();
        read.push_str(&String::from_utf8_lossy(&chunk));
    }
    let (_, answer) = post(json!({"type": "send", "id": "p3", "text": "encore"})).await;
    assert_eq!(answer[0]["code"].as_str(), Some("ended"));
    let r = server
        .http
        .post(format!("{}/chat/post", server.url))
        .json(&json!({"token": "nope", "frame": {"type": "typing"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "a forged token opens nothing");
}

#[tokio::test]
async fn bad_input_is_refused_and_harms_nothing() {
    let server = TestServer::start_with(|s| {
        s.chat.messages_per_minute = 3;
        s.chat.starts_per_hour = 2;
    })
    .await;
    server.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    let (_, started) = start(&server, json!({"locale": "fr"})).await;
    let token = started["token"].as_str().unwrap().to_owned();

    // A forged token, a socket that says nothing, a frame that is not JSON, one too large.
    let mut forged = Party::child(&server, "a-guess", 0).await;
    assert_eq!(forged.next().await["code"], "unknown");
    assert_eq!(forged.next().await["type"], "closed");
    let mut rude = Party::connect(&server, "/chat/socket", &[]).await;
    rude.send(json!({"type": "send", "id": "1", "text": "hi"})).await;
    assert_eq!(rude.next().await["type"], "closed", "the first frame is a hello");
    let mut child = Party::child(&server, &token, 0).await;
    child.until("state").await;
    child.socket.send(Message::Text("{not json".into())).await.unwrap();
    assert_eq!(child.until("error").await["code"], "unreadable");
    child.socket.send(Message::Binary(vec![1, 2, 3].into())).await.unwrap();
    assert_eq!(child.until("error").await["code"], "unreadable");
    child.send(json!({"type": "send", "id": "nul", "text": "a\u{0}b"})).await;
    assert_eq!(child.until("error").await["id"], "nul");
    let huge = json!({"type": "send", "id": "big", "text": "x".repeat(20_000)});
    child.socket.send(Message::Text(huge.to_string().into())).await.unwrap();
    assert_eq!(child.next().await["type"], "closed", "a frame over 16 KiB closes the socket");

    // A flood: three messages a minute here, the rest refused, the conversation intact.
    let mut child = Party::child(&server, &token, 0).await;
    child.until("state").await;
    let mut codes = Vec::new();
    for i in 0..5 {
        child.send(json!({"type": "send", "id": i.to_string(), "text": format!("m{i}")})).await;
        let frame = loop {
            let f = child.next().await;
            if f["type"] == "ack" || f["type"] == "error" {
                break f;
            }
        };
        codes.push(frame["type"].as_str().unwrap().to_owned() + frame["code"].as_str().unwrap_or(""));
    }
    assert_eq!(codes, ["ack", "ack", "ack", "errortoo_fast", "errortoo_fast"]);
    let conversation = server.store.conversation_by_token(&token).await.unwrap().unwrap();
    assert_eq!(conversation.last_seq, 3, "only what was acknowledged is stored");

    // Too many starts from one address; a closed line; an unknown helpline; a bad answer.
    let (status, other) = start(&server, json!({"locale": "fr"})).await;
    assert_eq!(status, StatusCode::CREATED);
    // Another conversation is untouched by the flood next door.
    let mut neighbour = Party::child(&server, other["token"].as_str().unwrap(), 0).await;
    neighbour.until("state").await;
    neighbour.send(json!({"type": "send", "id": "n1", "text": "bonjour"})).await;
    assert_eq!(neighbour.until("ack").await["seq"], 1);
    let (status, problem) = start(&server, json!({"locale": "fr"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{problem}");
    let r = server.http.post(format!("{}/chat/nowhere/start", server.url)).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (status, problem) = start(&server, json!({"category": "gossip"})).await;
    assert_eq!((status, crate::common::field(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, "category"));
    let closed = TestServer::start().await;
    closed.clock.set("2026-11-30T23:30:00Z".parse().unwrap());
    let (status, problem) = start(&closed, json!({"locale": "fr"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("Ouverture"), "{problem}");
}

#[tokio::test]
async fn a_page_of_another_site_cannot_open_a_counsellors_socket() {
    let server = open_server().await;
    start(&server, json!({"locale": "fr"})).await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (_, location) = lou.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    let case = location.rsplit("pane-").next().unwrap().to_owned();
    let url = format!("{}/console/cases/{case}/chat/socket", server.url.replace("http://", "ws://"));
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("cookie", lou.cookie_header().parse().unwrap());
    request.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_err(), "refused before the upgrade");
}

#[tokio::test]
async fn the_widget_and_the_landing_page_lead_to_this_chat_with_the_platforms_code() {
    let server = open_server().await;
    let report =
        json!({"consent": true, "country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}});
    let (_, handoff) = server.post_json("/v1/handoffs", &server.key, &report).await;
    let code = handoff["code"].as_str().unwrap();
    let token_body = json!({"report_ref": "r", "country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}, "handoff_code": code});
    let (_, token) = server.post_json("/v1/widget-tokens", &server.key, &token_body).await;
    let (_, answer) =
        server.get(&format!("/v1/widget/referral?token={}", token["token"].as_str().unwrap()), None).await;
    let chat = answer["helpline"]["channels"].as_array().unwrap().iter().find(|c| c["kind"] == "chat").unwrap().clone();
    assert_eq!(chat["uri"], format!("{}/chat/fr-3018?code={code}", server.url));
    let landing = server.http.get(format!("{}/h/{code}", server.url)).send().await.unwrap().text().await.unwrap();
    assert!(landing.contains(&format!("{}/chat/fr-3018?code={code}", server.url)), "{landing}");

    // With the platform's code, its report joins the conversation: the child does not tell it again.
    let (status, started) = start(&server, json!({"handoff_code": code, "locale": "fr"})).await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    let conversation = server.store.conversation_by_token(started["token"].as_str().unwrap()).await.unwrap().unwrap();
    let (case, file) = server.store.case_file(conversation.case_id).await.unwrap().unwrap();
    assert_eq!(case.channel, relais_core::case::ContactChannel::Chat);
    assert_eq!(file.unwrap().handed_over_by.as_deref(), Some(server.platform_name.as_str()));

    // A line this server does not answer keeps the directory's chat link.
    let elsewhere = TestServer::start_with(|s| s.chat.enabled = false).await;
    elsewhere.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    let (_, token) = elsewhere.post_json("/v1/widget-tokens", &elsewhere.key, &json!({"report_ref": "r", "country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}})).await;
    let (_, answer) =
        elsewhere.get(&format!("/v1/widget/referral?token={}", token["token"].as_str().unwrap()), None).await;
    let chat = answer["helpline"]["channels"].as_array().unwrap().iter().find(|c| c["kind"] == "chat").unwrap().clone();
    assert!(!chat["uri"].as_str().unwrap().contains("/chat/"), "{chat}");
    assert_eq!(
        elsewhere.http.get(format!("{}/chat/fr-3018", elsewhere.url)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_counsellor_finds_their_cases_and_chats_and_a_supervisor_finds_any_case() {
    let server = open_server().await;
    let (_, started) = start(&server, json!({"category": "sextortion", "locale": "fr"})).await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (_, location) = lou.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    let case = location.rsplit("pane-").next().unwrap().to_owned();
    let short = &case[case.len() - 8..];

    // Lou's first page lists her case, and her chats held out of her capacity.
    let (_, home, _) = lou.get("/console").await;
    assert!(home.contains(short) && home.contains("(1 / 3)"), "{home}");
    // A capacity she sets herself, from none to five.
    let (status, _) = lou.submit("/console/capacity", &[("csrf", csrf.as_str()), ("capacity", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(lou.get("/console").await.1.contains("(1 / 1)"));
    let (status, html, _) = lou.post("/console/capacity", &[("csrf", csrf.as_str()), ("capacity", "9")]).await;
    assert_eq!((status, crate::common::error_field(&html)), (StatusCode::UNPROCESSABLE_ENTITY, "capacity"));
    // At capacity, another chat waits for someone else.
    start(&server, json!({"locale": "fr"})).await;
    let (_, location) = lou.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    assert_eq!(location, "/console?empty=1", "a chat is not given past her capacity");

    // A supervisor keeps ready answers, which every pane offers.
    let (mut sup, sup_csrf) = counsellor(&server, "sup", Role::Supervisor).await;
    let text = "Garde des captures d'écran : elles serviront de preuves.";
    let (status, _) = sup
        .submit(
            "/console/canned",
            &[("csrf", sup_csrf.as_str()), ("locale", "fr"), ("title", "Preuves"), ("text", text)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, html, _) =
        lou.post("/console/canned", &[("csrf", csrf.as_str()), ("locale", "fr"), ("title", "x"), ("text", "y")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
    let (status, html, _) = sup
        .post("/console/canned", &[("csrf", sup_csrf.as_str()), ("locale", "sv"), ("title", "x"), ("text", "y")])
        .await;
    assert_eq!((status, crate::common::error_field(&html)), (StatusCode::UNPROCESSABLE_ENTITY, "locale"));
    let pane = lou.get("/console/chats").await.1;
    assert!(pane.contains("Preuves") && pane.contains("Garde des captures"), "{pane}");

    // The supervisor finds the case by its channel, category and counsellor; not by another.
    let lou_id = server.store.staff_by_name("lou").await.unwrap().unwrap().id;
    let (status, list, _) =
        sup.get(&format!("/console/cases?channel=chat&category=sextortion&counsellor={lou_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(short), "{list}");
    let (_, list, _) = sup.get("/console/cases?category=harassment&status=in_progress").await;
    assert!(!list.contains(short));
    let (_, list, _) = sup.get("/console/cases?from=2026-11-30&to=2026-11-30").await;
    assert!(list.contains(short), "opened that day, the helpline's day");
    let (status, html, _) = sup.get("/console/cases?from=yesterday").await;
    assert_eq!((status, crate::common::error_field(&html)), (StatusCode::UNPROCESSABLE_ENTITY, "from"));
    assert_eq!(lou.get("/console/cases").await.0, StatusCode::FORBIDDEN);
    let _ = started;
}

#[tokio::test]
async fn with_their_code_and_word_a_child_reads_the_replies_and_writes_again() {
    let server = open_server().await;
    let (_, started) = start(&server, json!({"message": "j'ai peur", "locale": "fr"})).await;
    let (code, word) = (started["code"].as_str().unwrap().to_owned(), started["word"].as_str().unwrap().to_owned());
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (case, mut pane) = take_and_open(&server, &mut lou, &csrf).await;
    pane.send(json!({"type": "send", "id": "1", "text": "Tu as bien fait d'écrire. Garde les captures."})).await;
    pane.until("ack").await;
    lou.submit(
        &format!("/console/cases/{case}/chat/end"),
        &[("csrf", csrf.as_str()), ("outcome", "listened_and_advised")],
    )
    .await;
    lou.submit(&format!("/console/cases/{case}/status"), &[("csrf", csrf.as_str()), ("to", "resolved")]).await;

    // The case page keeps the conversation.
    let (_, page, _) = lou.get(&format!("/console/cases/{case}")).await;
    assert!(page.contains("data-testid=\"transcript\"") && page.contains("Garde les captures."), "{page}");

    // Days later, the child comes back with the code and the word.
    let mut child = Browser::new(&server);
    let (_, form, _) = child.get("/suivi").await;
    let follow = |page: &str, text: Option<&'static str>| {
        let mut fields = vec![("csrf", field(page, "csrf")), ("code", code.clone()), ("word", word.clone())];
        if let Some(text) = text {
            fields.push(("text", text.to_owned()));
        }
        fields
    };
    let fields = follow(&form, None);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, html, _) = child.post("/suivi", &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Garde les captures.") && html.contains("j&#39;ai peur"), "{html}");
    // The form on the page answered, as a browser would send it.
    let fields = follow(&html, Some("ils recommencent"));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, html, _) = child.post("/suivi", &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"written\"") && html.contains("ils recommencent"), "{html}");

    // The case is back in the queue, and whoever takes it holds the conversation again.
    let (_, location) = lou.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    assert!(location.ends_with(&case), "{location}");
    let conversation =
        server.store.conversation_of_case(relais_core::id::CaseId::parse(&case).unwrap()).await.unwrap().unwrap();
    assert_eq!(conversation.state, relais_core::conversation::ConversationState::Active);
    let mut pane =
        Party::connect(&server, &format!("/console/cases/{case}/chat/socket"), &console_headers(&server, &lou)).await;
    pane.send(json!({"type": "hello", "after": 0})).await;
    assert_eq!(pane.message_from("child").await, "j'ai peur");
    assert_eq!(pane.message_from("child").await, "ils recommencent");
}

#[tokio::test]
async fn outside_opening_hours_the_page_says_when_the_line_opens_and_offers_the_form() {
    let server = TestServer::start().await;
    server.clock.set("2026-11-30T23:30:00Z".parse().unwrap());
    let r =
        server.http.get(format!("{}/chat/fr-3018", server.url)).header("accept-language", "fr").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("data-testid=\"closed\"") && html.contains("Ouverture aujourd&#39;hui à 09:00"), "{html}");
    assert!(html.contains("href=\"/contact/fr-3018?lang=fr\""), "the web form instead");
    assert!(!html.contains("id=\"start-form\""), "no chat to start");
}

#[tokio::test]
async fn a_conversation_follows_its_case_and_a_pane_lives_as_long_as_its_session() {
    let server = TestServer::start_with(|s| {
        s.chat.poll_millis = 100;
        s.chat.sends_per_minute_per_address = 8;
    })
    .await;
    server.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    let (_, started) = start(&server, json!({"message": "bonjour", "locale": "fr"})).await;
    let token = started["token"].as_str().unwrap().to_owned();
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;

    // Moving a waiting chat's case to "in progress" by hand is taking it: the child is told.
    let case = server.store.waiting_cases(relais_core::case::Skill::Listener, 10).await.unwrap()[0].id;
    let (status, _) =
        lou.submit(&format!("/console/cases/{case}/status"), &[("csrf", csrf.as_str()), ("to", "in_progress")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut child = Party::child(&server, &token, 0).await;
    assert_eq!(child.message().await.1, "bonjour");
    assert_eq!(child.message().await.1, "Tu parles maintenant avec un·e écoutant·e.");

    // A message sent again with its id (its acknowledgement lost) is acknowledged, not stored twice.
    for _ in 0..2 {
        child.send(json!({"type": "send", "id": "same", "text": "tu es là ?"})).await;
        assert_eq!(child.until("ack").await["seq"], 3);
    }
    assert_eq!(server.store.conversation_by_token(&token).await.unwrap().unwrap().last_seq, 3);

    // A pane that saw up to 2 gets only the rest.
    let headers = console_headers(&server, &lou);
    let mut pane = Party::connect(&server, &format!("/console/cases/{case}/chat/socket"), &headers).await;
    pane.send(json!({"type": "hello", "after": 2})).await;
    let first = pane.next().await;
    assert_eq!((first["type"].as_str(), first["seq"].as_u64()), (Some("message"), Some(3)), "{first}");

    // "Is typing" is told once every two seconds per side, whatever the number of connections.
    let mut second = Party::child(&server, &token, 3).await;
    second.until("state").await;
    child.send(json!({"type": "typing"})).await;
    second.send(json!({"type": "typing"})).await;
    child.send(json!({"type": "send", "id": "after-typing", "text": "voilà"})).await;
    let mut typings = 0;
    loop {
        let frame = pane.next().await;
        match frame["type"].as_str() {
            Some("typing") => typings += 1,
            Some("message") if frame["text"] == "voilà" => break,
            _ => {}
        }
    }
    assert_eq!(typings, 1);

    // Signed out, the pane closes at its next look (no request needed).
    let (status, _) = lou.submit("/console/logout", &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(pane.until("closed").await["reason"], "signed out");

    // Resolving the case ends its conversation: the child is told and their socket closes.
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf = field(&lou.get("/console").await.1, "csrf");
    let (status, _) =
        lou.submit(&format!("/console/cases/{case}/status"), &[("csrf", csrf.as_str()), ("to", "resolved")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(child.message_from("system").await, "La conversation est terminée.");
    assert_eq!(child.until("closed").await["reason"], "the conversation has ended");

    // A child who leaves before anyone answered is not waited for.
    let (_, other) = start(&server, json!({"locale": "fr"})).await;
    let mut leaving = Party::child(&server, other["token"].as_str().unwrap(), 0).await;
    leaving.until("state").await;
    leaving.send(json!({"type": "leave"})).await;
    assert_eq!(leaving.until("closed").await["reason"], "the conversation has ended");
    assert!(server.store.waiting_cases(relais_core::case::Skill::Listener, 10).await.unwrap().is_empty());
    let (_, location) = lou.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    assert!(!location.contains("chats"), "nothing to take: {location}");

    // Every post beside a stream counts against the address, whatever it carries.
    let (_, third) = start(&server, json!({"locale": "fr"})).await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let frame = json!({"token": third["token"], "frame": {"type": "typing"}});
        let r = server.http.post(format!("{}/chat/post", server.url)).json(&frame).send().await.unwrap();
        statuses.push(r.status().as_u16());
    }
    // Three sends above and five posts use the address's eight; the rest wait.
    assert!(statuses[0] == 200 && statuses.ends_with(&[429, 429]), "{statuses:?}");
}
