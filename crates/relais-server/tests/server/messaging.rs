//! Messaging apps through the real server and Piaf's stand-in for Meta: the
//! stand-in's phone sends signed webhooks as Meta does, its Graph API takes
//! the replies and tells their statuses back; the counsellor's pane is the
//! chat's, on its WebSocket.

use relais_core::id::CaseId;
use relais_core::messaging::AppKind;
use relais_core::staff::Role;
use relais_mock_platform::meta::{App, Meta, MetaChannel, Statuses, sign};
use relais_server::{Settings, Worker};
use relais_store::messaging::{AppSecrets, NewAppChannel, Template};
use reqwest::StatusCode;
use serde_json::json;

use crate::chat::{Party, console_headers, counsellor};
use crate::common::TestServer;

/// Headers of a request, by name.
type Headers = Vec<(&'static str, String)>;

const APP_SECRET: &str = "the-app-secret-of-the-test";
const ACCESS_TOKEN: &str = "the-access-token-of-the-test";
const VERIFY_TOKEN: &str = "the-verify-token-of-the-test";
const ACCOUNT: &str = "106540352242922";
const PHONE: &str = "33612345678";

/// A helpline answering on `app`, with the stand-in playing Meta; the clock at 16:00 in Paris (open).
async fn line(app: App, tweak: impl FnOnce(&mut Settings)) -> (TestServer, Meta, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let standin = format!("http://{}", listener.local_addr().unwrap());
    let graph = format!("{standin}/graph");
    let server = TestServer::start_with(|s| {
        s.chat.poll_millis = 200;
        s.messaging.graph_url = graph;
        tweak(s);
    })
    .await;
    server.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    let (meta, name) = connect(&server, app, listener, &standin).await;
    (server, meta, name)
}

/// Connects a channel of `app` to the server, and starts the stand-in on `listener`.
async fn connect(server: &TestServer, app: App, listener: tokio::net::TcpListener, standin: &str) -> (Meta, String) {
    let kind = match app {
        App::WhatsApp => AppKind::WhatsApp,
        App::Messenger => AppKind::Messenger,
        App::Instagram => AppKind::Instagram,
    };
    // Unique, so that runs can share a PostgreSQL database.
    let name = format!("{}-{}", kind.code(), uuid::Uuid::now_v7().simple());
    let secrets = AppSecrets {
        app_secret: APP_SECRET.into(),
        access_token: ACCESS_TOKEN.into(),
        verify_token: VERIFY_TOKEN.into(),
    };
    let template = (kind == AppKind::WhatsApp).then(|| Template { name: "reengage".into(), language: "fr".into() });
    let new = NewAppChannel { name: name.clone(), kind, account_id: ACCOUNT.into(), secrets, template };
    server.store.add_app_channel(new, relais_store::Actor::Cli, server.clock.now()).await.unwrap();
    let meta = Meta::new(MetaChannel {
        app,
        webhook_url: format!("{}/webhooks/meta/{name}", server.url),
        account_id: ACCOUNT.into(),
        app_secret: APP_SECRET.into(),
        access_token: ACCESS_TOKEN.into(),
    });
    meta.served_at(standin);
    let settings = relais_mock_platform::MockSettings {
        relais_api: server.url.clone(),
        relais_public: server.url.clone(),
        api_key: server.key.clone(),
        inbox: None,
        tls: None,
        meta: Some(meta.clone()),
    };
    tokio::spawn(relais_mock_platform::run(settings, listener, std::future::pending()));
    (meta, name)
}

/// Posts a body to a channel's webhook, signed with the app secret as Meta signs.
async fn post_signed(server: &TestServer, channel: &str, body: &[u8]) -> StatusCode {
    let r = server
        .http
        .post(format!("{}/webhooks/meta/{channel}", server.url))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sign(APP_SECRET.as_bytes(), body))
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    r.status()
}

/// The child writes; Relais answers 200 and takes it in.
async fn writes(server: &TestServer, meta: &Meta, text: &str) {
    let (_, status) = meta.write(PHONE, text).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    server.step(Worker::MessagingIntake).await;
}

/// The case a counsellor took with "take the next", and their pane on it.
async fn take(server: &TestServer, b: &mut crate::common::browser::Browser, csrf: &str) -> (String, Party) {
    let (status, location) = b.submit("/console/take-next", &[("csrf", csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/console/chats#pane-"), "a conversation from an app opens in the panes: {location}");
    let case = location.rsplit("pane-").next().unwrap().to_owned();
    let mut pane =
        Party::connect(server, &format!("/console/cases/{case}/chat/socket"), &console_headers(server, b)).await;
    pane.send(json!({"type": "hello", "after": 0})).await;
    (case, pane)
}

/// The next morning: the counsellor signs in again and opens the pane anew.
async fn next_morning(server: &TestServer, name: &str, case: &str) -> Party {
    let mut b = crate::common::browser::Browser::new(server);
    b.sign_in(name, crate::common::browser::PASSWORD).await;
    let mut pane =
        Party::connect(server, &format!("/console/cases/{case}/chat/socket"), &console_headers(server, &b)).await;
    pane.send(json!({"type": "hello", "after": 0})).await;
    pane
}

/// Sends the replies due, lets the stand-in's statuses arrive, and takes them in.
async fn deliver(server: &TestServer, meta: &Meta) -> usize {
    // A conversation's replies leave one after the other: a round sends the first waiting of each.
    let mut sent = 0;
    loop {
        let round = server.step(Worker::MessagingReplies).await;
        if round == 0 {
            break;
        }
        sent += round;
    }
    meta.settled().await;
    server.step(Worker::MessagingIntake).await;
    sent
}

/// The state frames until the app's window is `kind`.
async fn until_window(pane: &mut Party, kind: &str) -> serde_json::Value {
    for _ in 0..20 {
        let frame = pane.until("state").await;
        if frame["window"] == kind {
            return frame;
        }
    }
    panic!("the window never {kind}");
}

/// The delivery frames until the reply `seq` stands at `delivery`.
async fn until_delivery(pane: &mut Party, seq: u64, delivery: &str) -> serde_json::Value {
    for _ in 0..20 {
        let frame = pane.until("delivery").await;
        if frame["seq"] == seq && frame["delivery"] == delivery {
            return frame;
        }
    }
    panic!("reply {seq} never {delivery}");
}

#[tokio::test]
async fn a_whatsapp_conversation_reaches_the_pane_and_the_reply_reaches_the_phone() {
    let (server, meta, _) = line(App::WhatsApp, |_| {}).await;
    the_whatsapp_story(&server, &meta, PHONE).await;
}

#[tokio::test]
async fn a_whatsapp_conversation_on_postgresql() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let standin = format!("http://{}", listener.local_addr().unwrap());
    let graph = format!("{standin}/graph");
    let Some(server) = TestServer::start_on_postgres_with(|s| s.messaging.graph_url = graph).await else { return };
    server.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
    // A database shared between runs may hold waiting cases of earlier ones: answered first.
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let drainer = server
        .store
        .add_staff(
            &format!("drain-{}", uuid::Uuid::now_v7().simple()),
            Role::Listener,
            &hash,
            relais_store::Actor::Cli,
            server.clock.now(),
        )
        .await
        .unwrap();
    server.store.set_chat_capacity(drainer.id, 10_000, relais_store::Actor::Cli, server.clock.now()).await.unwrap();
    while server
        .store
        .take_next(drainer.id, relais_core::case::Skill::Listener, server.clock.now())
        .await
        .unwrap()
        .is_some()
    {}
    let (meta, _) = connect(&server, App::WhatsApp, listener, &standin).await;
    // A number of this run's: the database may hold earlier runs' conversations, and their replies.
    let phone = format!("336{:08}", uuid::Uuid::now_v7().as_u128() % 100_000_000);
    the_whatsapp_story(&server, &meta, &phone).await;
}

async fn the_whatsapp_story(server: &TestServer, meta: &Meta, phone: &str) {
    let writes = |text: &'static str| async move {
        let (_, status) = meta.write(phone, text).await.unwrap();
        assert_eq!(status, StatusCode::OK);
        server.step(Worker::MessagingIntake).await;
    };
    writes("Bonjour, quelqu'un a publié une photo de moi et me menace").await;
    // Meta delivers the same webhook again: stored once.
    meta.set(|b| b.repeat_deliveries = true);
    writes("vous êtes là ?").await;
    meta.set(|b| b.repeat_deliveries = false);

    let name = format!("lou{}", uuid::Uuid::now_v7().simple());
    let (mut lou, csrf) = counsellor(server, &name, Role::Listener).await;
    let (case, mut pane) = take(server, &mut lou, &csrf).await;
    let (_, html, _) = lou.get("/console/chats").await;
    let masked = format!("+33 6•• •• •• {}", &phone[phone.len() - 2..]);
    assert!(html.contains("WhatsApp") && html.contains(&masked), "the sender, masked");
    assert!(!html.contains(phone) && !html.contains("Léa"), "no number, no profile name");
    assert_eq!(pane.message().await.1, "Bonjour, quelqu'un a publié une photo de moi et me menace");
    assert_eq!(pane.message_from("child").await, "vous êtes là ?");
    until_window(&mut pane, "open").await;
    let case_id = CaseId::parse(&case).unwrap();
    let conversation = server.store.conversation_of_case(case_id).await.unwrap().unwrap();
    assert_eq!(conversation.last_seq, 3, "two messages from the child, one \"joined\", nothing twice");

    // The reply leaves through the outbox; the phone gets it; its ticks come back to the pane.
    pane.send(json!({"type": "send", "id": "r1", "text": "Je suis là. Tu as bien fait d'écrire."})).await;
    let ack = pane.until("ack").await;
    let seq = ack["seq"].as_u64().unwrap();
    assert_eq!(pane.until("message").await["delivery"], "queued");
    let sent = deliver(server, meta).await;
    assert!(sent >= 2, "\"joined\" and the reply: {sent} sent, the phone has {:?}", meta.lines());
    let replies: Vec<String> = meta.replies().into_iter().filter(|l| l.peer == phone).map(|l| l.text).collect();
    assert_eq!(replies, ["Tu parles maintenant avec un·e écoutant·e.", "Je suis là. Tu as bien fait d'écrire."]);
    until_delivery(&mut pane, seq, "read").await;
    let actions: Vec<String> =
        server.store.audit_of(&format!("case:{case}")).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert!(actions.iter().any(|a| a == "case.open_from_whatsapp"), "{actions:?}");
}

#[tokio::test]
async fn webhooks_are_refused_without_the_app_secrets_signature_and_nothing_is_kept() {
    let (server, _meta, name) = line(App::WhatsApp, |s| s.messaging.webhook_max_bytes = 64 * 1024).await;
    let url = format!("{}/webhooks/meta/{name}", server.url);
    let body = include_bytes!("../../../relais-mock-platform/fixtures/meta/whatsapp-text.json").to_vec();
    let post = |headers: Headers, body: Vec<u8>| {
        let mut request = server.http.post(&url).header("content-type", "application/json").body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        async move { crate::common::read(request.send().await.unwrap()).await }
    };
    let signed = sign(APP_SECRET.as_bytes(), &body);
    let mut altered = body.clone();
    let at = altered.iter().position(|b| *b == b'B').unwrap();
    altered[at] = b'b';
    let cases: Vec<(&str, Headers, Vec<u8>)> = vec![
        ("missing", vec![], body.clone()),
        ("forged with another secret", vec![("x-hub-signature-256", sign(b"a guess", &body))], body.clone()),
        ("altered after signing", vec![("x-hub-signature-256", signed.clone())], altered),
        (
            "without its scheme",
            vec![("x-hub-signature-256", signed.trim_start_matches("sha256=").to_owned())],
            body.clone(),
        ),
        ("Meta's old SHA-1 header only", vec![("x-hub-signature", format!("sha1={}", "0".repeat(40)))], body.clone()),
        ("not hex", vec![("x-hub-signature-256", "sha256=not-hex".into())], body.clone()),
    ];
    for (what, headers, body) in cases {
        let (status, problem) = post(headers, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {problem}");
        assert_eq!(problem["status"], 401, "{what}: a problem document");
        assert!(problem["detail"].as_str().unwrap().contains("X-Hub-Signature-256"), "{what}: names the header");
    }
    // Signed, but not JSON; larger than a webhook can be; for no channel.
    let (status, problem) =
        post(vec![("x-hub-signature-256", sign(APP_SECRET.as_bytes(), b"{oops"))], b"{oops".to_vec()).await;
    assert_eq!((status, problem["status"].as_u64()), (StatusCode::BAD_REQUEST, Some(400)), "{problem}");
    let big = vec![b' '; 65 * 1024];
    let (status, _) = post(vec![("x-hub-signature-256", sign(APP_SECRET.as_bytes(), &big))], big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = server.http.post(format!("{}/webhooks/meta/nobody", server.url)).body(body.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(server.store.webhook_backlog().await.unwrap(), (0, 0), "nothing refused was kept");

    // A signature made with the secret before it was rotated is refused once it is.
    server.store.remove_app_channel(&name, relais_store::Actor::Cli, server.clock.now()).await.unwrap();
    let rotated = AppSecrets {
        app_secret: "the-new-secret".into(),
        access_token: ACCESS_TOKEN.into(),
        verify_token: VERIFY_TOKEN.into(),
    };
    let new = NewAppChannel {
        name: name.clone(),
        kind: AppKind::WhatsApp,
        account_id: ACCOUNT.into(),
        secrets: rotated,
        template: None,
    };
    server.store.add_app_channel(new, relais_store::Actor::Cli, server.clock.now()).await.unwrap();
    let (status, _) = post(vec![("x-hub-signature-256", signed.clone())], body.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old secret's signature");
    let (status, _) = post(vec![("x-hub-signature-256", sign(b"the-new-secret", &body))], body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.store.webhook_backlog().await.unwrap(), (1, 0));

    // Meta's verification: the challenge echoed for the channel's token only.
    let verify = |query: &'static str| {
        let url = format!("{url}?{query}");
        let http = server.http.clone();
        async move {
            let r = http.get(url).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let wanted = format!("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}");
    let r = server.http.get(format!("{url}?{wanted}")).send().await.unwrap();
    assert_eq!((r.status(), r.text().await.unwrap()), (StatusCode::OK, "1158201444".to_owned()));
    assert_eq!(
        verify("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, problem) = verify("hub.mode=subscribe&hub.verify_token=guess").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.contains("hub.challenge"), "{problem}");
    assert_eq!(verify("hub.mode=unsubscribe&hub.challenge=1").await.0, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn statuses_out_of_order_and_metas_failures_only_move_a_reply_forward() {
    let (server, meta, _) = line(App::WhatsApp, |s| s.messaging.max_attempts = 3).await;
    writes(&server, &meta, "allô").await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (case, mut pane) = take(&server, &mut lou, &csrf).await;
    assert_eq!(deliver(&server, &meta).await, 1, "\"joined\" leaves");

    // "read" comes before the answer to the send: the reply ends read, never back to sent.
    meta.set(|b| b.statuses = Statuses::OutOfOrder);
    pane.send(json!({"type": "send", "id": "a", "text": "premier"})).await;
    let first = pane.until("ack").await["seq"].as_u64().unwrap();
    deliver(&server, &meta).await;
    until_delivery(&mut pane, first, "read").await;
    let conversation = server.store.conversation_of_case(CaseId::parse(&case).unwrap()).await.unwrap().unwrap();
    let stored = server.store.messages(&conversation, first - 1, 1).await.unwrap();
    assert_eq!(stored[0].delivery, Some(relais_core::messaging::Delivery::Read));

    // Rate limit, then a 500: tried again with backoff, and delivered once.
    meta.set(|b| {
        b.statuses = Statuses::InOrder;
        b.rate_limit_next = 1;
        b.fail_next = 1;
    });
    pane.send(json!({"type": "send", "id": "b", "text": "deuxième"})).await;
    let second = pane.until("ack").await["seq"].as_u64().unwrap();
    deliver(&server, &meta).await;
    let why = until_delivery(&mut pane, second, "queued").await;
    assert!(why["error"].as_str().unwrap().contains("Limite de débit"), "the counsellor reads why: {why}");
    for _ in 0..2 {
        server.advance(jiff::SignedDuration::from_mins(15));
        deliver(&server, &meta).await;
    }
    until_delivery(&mut pane, second, "read").await;
    assert_eq!(meta.replies().iter().filter(|l| l.text == "deuxième").count(), 1);

    // An answer lost after Meta took the message: sent again, the phone shows it twice
    // (the Graph API has no idempotency key), and the reply is delivered.
    meta.set(|b| b.lose_next = 1);
    pane.send(json!({"type": "send", "id": "c", "text": "troisième"})).await;
    let third = pane.until("ack").await["seq"].as_u64().unwrap();
    deliver(&server, &meta).await;
    server.advance(jiff::SignedDuration::from_mins(15));
    deliver(&server, &meta).await;
    until_delivery(&mut pane, third, "read").await;
    assert_eq!(meta.replies().iter().filter(|l| l.text == "troisième").count(), 2);

    // Meta refuses for good: failed at once, in words, and waiting for the supervisors.
    meta.set(|b| b.window_closed = true);
    pane.send(json!({"type": "send", "id": "d", "text": "quatrième"})).await;
    let fourth = pane.until("ack").await["seq"].as_u64().unwrap();
    deliver(&server, &meta).await;
    let failed = until_delivery(&mut pane, fourth, "failed").await;
    assert!(failed["error"].as_str().unwrap().contains("24 heures"), "{failed}");
    let (mut sup, sup_csrf) = counsellor(&server, "sup", Role::Supervisor).await;
    let (_, html, _) = sup.get("/console/dashboard").await;
    assert!(html.contains("data-testid=\"undelivered-replies\"") && html.contains("24 heures"), "{html}");
    meta.set(|b| b.window_closed = false);
    let path = format!("/console/cases/{case}/chat/replies/{fourth}/again");
    let (status, _) = sup.submit(&path, &[("csrf", sup_csrf.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    deliver(&server, &meta).await;
    until_delivery(&mut pane, fourth, "read").await;
    let (status, _) = sup.submit(&path, &[("csrf", sup_csrf.as_str())]).await;
    assert_eq!(status, StatusCode::CONFLICT, "delivered: nothing to send again");
    let (status, _) = lou.submit(&path, &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a supervisor's to decide");
}

#[tokio::test]
async fn the_windows_close_with_the_clock_and_the_pane_offers_only_what_the_app_allows() {
    let (server, meta, _) = line(App::WhatsApp, |_| {}).await;
    writes(&server, &meta, "bonjour").await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (case, mut pane) = take(&server, &mut lou, &csrf).await;
    let open = until_window(&mut pane, "open").await;
    assert_eq!(open["window_closes_at"], "2026-12-01T15:00:00Z", "24 hours after the child's message");
    deliver(&server, &meta).await;

    // A day later: the pane is told; free text is refused before anything leaves; the template goes.
    server.advance(jiff::SignedDuration::from_hours(25));
    let mut pane = next_morning(&server, "lou", &case).await;
    until_window(&mut pane, "template_only").await;
    pane.send(json!({"type": "send", "id": "late", "text": "tu es là ?"})).await;
    assert_eq!(pane.until("error").await["code"], "window_closed");
    pane.send(json!({"type": "reengage", "id": "t1"})).await;
    pane.until("ack").await;
    deliver(&server, &meta).await;
    assert_eq!(meta.replies().last().map(|l| l.text.as_str()), Some("template:reengage"));
    // The child answers: the window opens again.
    writes(&server, &meta, "oui je suis là").await;
    until_window(&mut pane, "open").await;
    pane.send(json!({"type": "reengage", "id": "t2"})).await;
    assert_eq!(pane.until("error").await["code"], "no_template", "only once the day has passed");
}

#[tokio::test]
async fn messenger_answers_as_a_person_for_a_week_then_nothing() {
    let (server, meta, _) = line(App::Messenger, |_| {}).await;
    writes(&server, &meta, "on se moque de moi").await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (case, _first) = take(&server, &mut lou, &csrf).await;
    let (_, html, _) = lou.get("/console/chats").await;
    assert!(html.contains("Messenger · <span class=\"mono\">…5678</span>"), "a page-scoped id, masked");
    deliver(&server, &meta).await;
    server.advance(jiff::SignedDuration::from_hours(30));
    let mut pane = next_morning(&server, "lou", &case).await;
    until_window(&mut pane, "human_agent").await;
    pane.send(json!({"type": "send", "id": "h", "text": "je suis toujours là"})).await;
    pane.until("ack").await;
    deliver(&server, &meta).await;
    let last = meta.replies().pop().unwrap();
    assert_eq!((last.text.as_str(), last.human_agent), ("je suis toujours là", true));
    server.advance(jiff::SignedDuration::from_hours(24 * 7));
    let mut pane = next_morning(&server, "lou", &case).await;
    until_window(&mut pane, "closed").await;
    pane.send(json!({"type": "send", "id": "n", "text": "encore ?"})).await;
    assert_eq!(pane.until("error").await["code"], "window_closed");
    pane.send(json!({"type": "reengage", "id": "t"})).await;
    assert_eq!(pane.until("error").await["code"], "no_template", "Messenger has none");
}

#[tokio::test]
async fn stop_ends_the_conversation_and_a_blocked_sender_is_dropped() {
    let (server, meta, _) = line(App::WhatsApp, |_| {}).await;
    writes(&server, &meta, "bonjour").await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (case, mut pane) = take(&server, &mut lou, &csrf).await;
    deliver(&server, &meta).await;
    pane.send(json!({"type": "send", "id": "x", "text": "je t'écoute"})).await;
    pane.until("ack").await;
    // STOP before the reply left: the conversation ends, and nothing more leaves.
    writes(&server, &meta, "ARRÊT").await;
    assert_eq!(pane.until("state").await["state"], "ended");
    let before = meta.replies().len();
    assert_eq!(server.step(Worker::MessagingReplies).await, 0);
    assert_eq!(meta.replies().len(), before, "no message leaves after a stop");

    // A new message opens a new case; a supervisor blocks the sender for a day.
    writes(&server, &meta, "t'es nul").await;
    let (mut sup, sup_csrf) = counsellor(&server, "sup", Role::Supervisor).await;
    let (_, second) = sup.submit("/console/take-next", &[("csrf", sup_csrf.as_str())]).await;
    let second = second.rsplit("pane-").next().unwrap().to_owned();
    assert_ne!(second, case);
    let (status, _) =
        sup.submit(&format!("/console/cases/{second}/chat/block"), &[("csrf", sup_csrf.as_str()), ("days", "2")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "1, 7 or 30 days");
    let (status, _) =
        lou.submit(&format!("/console/cases/{second}/chat/block"), &[("csrf", csrf.as_str()), ("days", "1")]).await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND, "a supervisor's to decide: {status}");
    let (status, _) =
        sup.submit(&format!("/console/cases/{second}/chat/block"), &[("csrf", sup_csrf.as_str()), ("days", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html, _) = sup.get(&format!("/console/cases/{second}/chat")).await;
    assert!(html.contains("Bloqué jusqu"), "{html}");
    let conversation = server.store.conversation_of_case(CaseId::parse(&second).unwrap()).await.unwrap().unwrap();
    writes(&server, &meta, "t'es nul !!!").await;
    let after = server.store.conversation(conversation.id).await.unwrap().unwrap();
    assert_eq!(after.last_seq, conversation.last_seq, "dropped");
    let sender = conversation.sender_id.unwrap();
    let actions: Vec<String> =
        server.store.audit_of(&format!("sender:{sender}")).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert_eq!(actions, ["sender.block"]);
}

#[tokio::test]
async fn attachments_are_kept_as_evidence_within_their_limits() {
    let (server, meta, _) = line(App::WhatsApp, |s| s.messaging.max_media_bytes = 4096).await;
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.resize(600, 0);
    let (_, status) = meta.attach(PHONE, "image", png.clone(), "image/png", Some("c'est lui")).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    server.step(Worker::MessagingIntake).await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (case, mut pane) = take(&server, &mut lou, &csrf).await;
    let first = pane.message().await.1;
    assert!(first.contains("image") && first.contains("c'est lui"), "{first}");
    let case_id = CaseId::parse(&case).unwrap();
    let kept = server.store.evidence(case_id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].size, Some(600));

    // Too large, or of a type Relais does not keep: the counsellor is told, nothing is stored.
    meta.attach(PHONE, "video", vec![0; 5000], "video/mp4", None).await.unwrap();
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff".to_vec();
    exe.resize(300, 0);
    meta.attach(PHONE, "document", exe, "application/pdf", None).await.unwrap();
    server.step(Worker::MessagingIntake).await;
    let too_large = pane.message_from("child").await;
    assert!(too_large.contains("trop lourd"), "{too_large}");
    let refused = pane.message_from("child").await;
    assert!(refused.contains("type que Relais ne garde pas"), "{refused}");
    assert_eq!(server.store.evidence(case_id).await.unwrap().len(), 1);

    // Meta cannot give the file now: tried again later, the message not lost.
    meta.set(|b| b.media_gone = true);
    meta.attach(PHONE, "image", png, "image/png", None).await.unwrap();
    server.step(Worker::MessagingIntake).await;
    let conversation = server.store.conversation_of_case(case_id).await.unwrap().unwrap();
    let (waiting, _) = server.store.webhook_backlog().await.unwrap();
    assert_eq!(waiting, 0, "a 404 from Meta is final: described, not retried for ever");
    assert!(server.store.messages(&conversation, 0, 100).await.unwrap().last().unwrap().text.contains("n'a pas pu"));
}

#[tokio::test]
async fn at_night_the_child_is_told_when_the_line_opens_and_the_queue_is_ready_by_risk() {
    let (server, meta, _) = line(App::WhatsApp, |_| {}).await;
    // 23:30 in Paris: the line is closed.
    server.clock.set("2026-11-30T22:30:00Z".parse().unwrap());
    writes(&server, &meta, "bonjour, j'ai une question").await;
    let (_, status) = meta.write("33698765432", "je veux mourir ce soir, il a tout publié").await.unwrap();
    assert_eq!(status, StatusCode::OK);
    server.step(Worker::MessagingIntake).await;
    deliver(&server, &meta).await;
    let told: Vec<(String, String)> = meta.replies().into_iter().map(|l| (l.peer, l.text)).collect();
    assert_eq!(told.len(), 2, "{told:?}");
    for (_, text) in &told {
        assert!(text.contains("demain à 09:00") && text.contains("dès l'ouverture"), "{text}");
    }
    // Both wait in the queue; at opening, the child in danger is answered first.
    server.clock.set("2026-12-01T08:00:00Z".parse().unwrap());
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (_, mut pane) = take(&server, &mut lou, &csrf).await;
    assert_eq!(pane.message().await.1, "je veux mourir ce soir, il a tout publié");
}

#[tokio::test]
async fn a_capture_replayed_after_meta_stopped_retrying_opens_nothing() {
    let (server, _meta, name) = line(App::WhatsApp, |_| {}).await;
    // Signed by the app secret (a capture of a real delivery), but sent a year ago.
    let body = include_bytes!("../../../relais-mock-platform/fixtures/meta/whatsapp-text.json");
    let status = post_signed(&server, &name, body).await;
    assert_eq!(status, StatusCode::OK, "a signed body is answered: Meta would retry otherwise");
    server.step(Worker::MessagingIntake).await;
    assert_eq!(server.store.webhook_backlog().await.unwrap(), (0, 0));
    let queue = server.store.queue_snapshot(relais_core::case::Skill::Listener).await.unwrap();
    assert_eq!(queue.waiting, 0, "nothing opened from a stale message");
    assert!(server.metrics().await.contains("relais_messaging_stale_messages_total 1"));
}

#[tokio::test]
async fn an_instagram_message_is_answered_and_read() {
    let (server, meta, _) = line(App::Instagram, |_| {}).await;
    writes(&server, &meta, "quelqu'un me demande des photos").await;
    let (mut lou, csrf) = counsellor(&server, "lou", Role::Listener).await;
    let (_, mut pane) = take(&server, &mut lou, &csrf).await;
    assert_eq!(pane.message().await.1, "quelqu'un me demande des photos");
    pane.send(json!({"type": "send", "id": "i", "text": "Ne réponds pas, on regarde ensemble."})).await;
    let seq = pane.until("ack").await["seq"].as_u64().unwrap();
    deliver(&server, &meta).await;
    assert_eq!(meta.replies().last().map(|l| l.text.as_str()), Some("Ne réponds pas, on regarde ensemble."));
    until_delivery(&mut pane, seq, "read").await;
}

#[tokio::test]
async fn a_signed_webhook_that_cannot_be_read_is_kept_for_the_supervisors_then_erased() {
    let (server, _meta, name) = line(App::WhatsApp, |_| {}).await;
    let body = br#"{"object":"page","entry":[]}"#;
    assert_eq!(post_signed(&server, &name, body).await, StatusCode::OK);
    server.step(Worker::MessagingIntake).await;
    assert_eq!(server.store.webhook_backlog().await.unwrap(), (0, 1), "given up on, not retried");
    let (mut sup, _) = counsellor(&server, "sup", Role::Supervisor).await;
    let (_, html, _) = sup.get("/console/dashboard").await;
    assert!(html.contains("data-testid=\"webhooks-given-up\""), "shown to the supervisors");
    server.advance(jiff::SignedDuration::from_hours(24 * 31));
    server.step(Worker::Retention).await;
    assert_eq!(server.store.webhook_backlog().await.unwrap(), (0, 0), "erased after a month");
}
