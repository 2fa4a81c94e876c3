//! What someone guessing passwords meets, and what keeps an account its
//! holder's: no answer that tells a name exists, failures that slow the
//! address they come from (never a lock a stranger can set), an alarm for a
//! guesser spread over many addresses; a one-time password changed before
//! anything else; sessions that end with the password, the account, or the
//! session's own limits, the live queue's stream too.

use crate::common::TestServer;
use crate::common::browser::{Browser, PASSWORD, field, with_staff};
use relais_core::staff::Role;
use reqwest::StatusCode;

/// A server behind a proxy on this machine, so that browsers can be at other addresses.
async fn behind_a_proxy(tweak: impl FnOnce(&mut relais_server::Settings)) -> TestServer {
    TestServer::start_with(|s| {
        s.server.trusted_proxies = vec!["127.0.0.0/8".into()];
        tweak(s);
    })
    .await
}

fn metric(text: &str, name: &str) -> u64 {
    text.lines().find_map(|l| l.strip_prefix(name)?.trim().parse::<f64>().ok()).unwrap_or(0.0) as u64
}

/// The sign-in page as answered, its one-time form token taken out.
fn answer(html: &str) -> String {
    html.replace(&field(html, "csrf"), "")
}

#[tokio::test]
async fn an_unknown_name_a_wrong_password_and_a_disabled_account_get_the_same_answer() {
    let server = TestServer::start().await;
    with_staff(&server, "sam", Role::Listener).await;
    with_staff(&server, "ex", Role::Listener).await;
    let ex = server.store.staff_by_name("ex").await.unwrap().unwrap();
    server.store.disable_staff(ex.id, relais_store::Actor::Cli, jiff::Timestamp::now()).await.unwrap();
    let checks_before = server.state().sign_in_throttle.password_checks();

    let mut answers = Vec::new();
    for (name, password) in [("nobody", PASSWORD), ("sam", "not the password"), ("ex", PASSWORD)] {
        let (status, html, set) = Browser::new(&server).sign_in(name, password).await;
        assert!(!set.iter().any(|c| c.starts_with("relais_session=")), "{name}");
        assert!(html.contains("Identifiant, mot de passe ou code incorrect."), "{name}");
        answers.push((status, answer(&html)));
    }
    assert_eq!(answers[0].0, StatusCode::UNAUTHORIZED);
    assert!(answers.iter().all(|a| *a == answers[0]), "the same status and page for all three");
    // The same work for each: one password hash checked, the unknown name's against a real hash.
    assert_eq!(server.state().sign_in_throttle.password_checks() - checks_before, 3);
    // Each failure is in the audit trail, with no name typed in it.
    let rows = server.store.audit_rows(0, 100).await.unwrap();
    let failures: Vec<&str> =
        rows.iter().filter(|r| r.event.action == "console.sign_in_failed").map(|r| r.event.actor.as_str()).collect();
    assert_eq!(
        failures,
        [
            "unknown".to_owned(),
            format!("staff:{}", server.store.staff_by_name("sam").await.unwrap().unwrap().id),
            format!("staff:{}", ex.id)
        ]
    );
    assert!(!rows.iter().any(|r| r.event.subject.contains("nobody")));
}

#[tokio::test]
async fn failures_slow_the_address_they_come_from_never_the_counsellor() {
    let server = behind_a_proxy(|s| {
        s.console.free_failures_per_name = 3;
        s.console.free_failures_per_address = 10;
        s.console.first_wait_seconds = 30;
    })
    .await;
    with_staff(&server, "sam", Role::Listener).await;
    let mut stranger = Browser::at(&server, "203.0.113.9");
    // Three failures are free; the fourth makes the next attempt wait.
    for _ in 0..4 {
        assert_eq!(stranger.sign_in("sam", "a guess at the password").await.0, StatusCode::UNAUTHORIZED);
    }
    // Held back now, even with the right password: nothing is checked until the wait is over.
    let (_, html, _) = stranger.get("/console/login").await;
    let (r, set) = stranger
        .send_form("/console/login", &[("name", "SAM "), ("password", PASSWORD), ("csrf", &field(&html, "csrf"))])
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "30");
    assert!(r.text().await.unwrap().contains("le prochain sera entendu dans 1\u{a0}min"));
    assert!(!set.iter().any(|c| c.starts_with("relais_session=")));

    // Sam, at her own desk, is not locked out by the stranger.
    let mut sam = Browser::at(&server, "198.51.100.4");
    assert_eq!(sam.sign_in("sam", PASSWORD).await.0, StatusCode::SEE_OTHER);
    assert_eq!(sam.get("/console").await.0, StatusCode::OK);

    // The wait over, the stranger is heard once more; the next failure doubles it.
    server.advance(jiff::SignedDuration::from_secs(31));
    assert_eq!(stranger.sign_in("sam", "another guess").await.0, StatusCode::UNAUTHORIZED);
    server.advance(jiff::SignedDuration::from_secs(31));
    assert_eq!(stranger.sign_in("sam", "and another").await.0, StatusCode::TOO_MANY_REQUESTS, "60 s now");
    server.advance(jiff::SignedDuration::from_secs(30));
    assert_eq!(stranger.sign_in("sam", PASSWORD).await.0, StatusCode::SEE_OTHER, "the right password, heard");
}

#[tokio::test]
async fn many_names_from_one_address_wait_too() {
    let server = behind_a_proxy(|s| {
        s.console.free_failures_per_address = 4;
        s.console.free_failures_per_name = 100;
    })
    .await;
    let mut b = Browser::at(&server, "2001:db8:1:2::17");
    for name in ["ana", "ben", "cat", "dan", "eli"] {
        assert_eq!(b.sign_in(name, "guess").await.0, StatusCode::UNAUTHORIZED);
    }
    // Another address of the same /64 is the same household, the same count.
    let mut neighbour = Browser::at(&server, "2001:db8:1:2::99");
    assert_eq!(neighbour.sign_in("eve", "guess").await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(Browser::at(&server, "2001:db8:1:3::1").sign_in("eve", "guess").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn failures_from_many_addresses_raise_the_alarm() {
    let server = behind_a_proxy(|s| s.console.alarm_failures_per_hour = 5).await;
    with_staff(&server, "sam", Role::Listener).await;
    for i in 1..=6 {
        let status = Browser::at(&server, &format!("192.0.2.{i}")).sign_in("sam", "guess").await.0;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "no address is slowed: each tried once");
    }
    let alarms: Vec<String> = server
        .store
        .audit_rows(0, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.event.action == "console.sign_in_alarm")
        .map(|r| r.event.subject)
        .collect();
    assert_eq!(alarms, ["failures_this_hour:5"], "raised once");
    assert!(metric(&server.metrics().await, "relais_console_sign_in_alarms_total") >= 1);
    assert_eq!(Browser::new(&server).sign_in("sam", PASSWORD).await.0, StatusCode::SEE_OTHER, "sam still signs in");
}

#[tokio::test]
async fn a_one_time_password_is_changed_before_anything_else() {
    let server = TestServer::start().await;
    let one_time = relais_store::passwords::one_time();
    let hash = relais_store::passwords::hash(&one_time).unwrap();
    server
        .store
        .add_staff("noa", Role::Listener, &hash, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    let mut b = Browser::new(&server);
    let (status, _, _) = b.sign_in("noa", &one_time).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for path in ["/console", "/console/dashboard", "/console/queue/events"] {
        let (status, _, location) = b.get(path).await;
        assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/console/password")), "{path}");
    }
    let (status, html, _) = b.get("/console/password").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"must-change\""), "{html}");
    let csrf = field(&html, "csrf");
    let mine = "une phrase que je retiens";
    for (current, new, repeat, fault) in [
        ("not it", mine, mine, "current"),
        (one_time.as_str(), "short", "short", "new"),
        (one_time.as_str(), mine, "une phrase que je retins", "repeat"),
        (one_time.as_str(), one_time.as_str(), one_time.as_str(), "new"),
    ] {
        let (status, html, _) = b
            .post("/console/password", &[("csrf", &csrf), ("current", current), ("new", new), ("repeat", repeat)])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fault}");
        assert!(html.contains(&format!("data-field=\"{fault}\"")), "{fault}: {html}");
    }
    let (status, _, _) = b.post("/console/password", &[("current", &one_time), ("new", mine), ("repeat", mine)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the form's token is needed");

    // Another browser signed in with the one-time password loses its session with it.
    let mut other = Browser::new(&server);
    other.sign_in("noa", &one_time).await;
    let (status, location) = b
        .submit("/console/password", &[("csrf", &csrf), ("current", &one_time), ("new", mine), ("repeat", mine)])
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/console?password_changed=1"));
    let (status, html, _) = b.get("/console?password_changed=1").await;
    assert_eq!(status, StatusCode::OK, "this browser has a fresh session");
    assert!(html.contains("Mot de passe changé"));
    assert_eq!(other.get("/console/password").await.2.as_deref(), Some("/console/login"));
    assert_eq!(Browser::new(&server).sign_in("noa", &one_time).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(Browser::new(&server).sign_in("noa", mine).await.0, StatusCode::SEE_OTHER);
    let noa = server.store.staff_by_name("noa").await.unwrap().unwrap().id;
    let changed =
        server.store.audit_rows(0, 100).await.unwrap().into_iter().find(|r| r.event.action == "staff.password_set");
    assert_eq!(changed.map(|r| r.event.actor), Some(format!("staff:{noa}")), "changed by noa herself");
}

/// Opens the live queue's stream and reads its first event.
async fn open_stream(b: &Browser) -> reqwest::Response {
    let mut r = b
        .http
        .get(format!("{}/console/queue/events", b.base))
        .header("cookie", b.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let first = r.chunk().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: queue"));
    r
}

/// Reads the stream to its end; a stream that did not end fails the test.
async fn ends(mut stream: reqwest::Response) {
    let end = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await;
    assert!(end.is_ok(), "the stream went on after its session ended");
}

#[tokio::test]
async fn the_live_queue_ends_with_its_session() {
    let server = TestServer::start_with(|s| {
        s.console.live_queue_millis = 20;
        s.console.idle_seconds = 60;
    })
    .await;
    with_staff(&server, "lou", Role::Listener).await;
    let mut b = Browser::new(&server);
    b.sign_in("lou", PASSWORD).await;

    // Left idle: the stream is no activity, and ends when the session does.
    let stream = open_stream(&b).await;
    server.advance(jiff::SignedDuration::from_secs(61));
    ends(stream).await;

    // The account disabled (someone who left, a lost laptop): the open stream ends.
    b.sign_in("lou", PASSWORD).await;
    let stream = open_stream(&b).await;
    let lou = server.store.staff_by_name("lou").await.unwrap().unwrap();
    server.store.disable_staff(lou.id, relais_store::Actor::Cli, server.clock.now()).await.unwrap();
    ends(stream).await;
    assert_eq!(b.get("/console").await.2.as_deref(), Some("/console/login"));
}

/// The live queue is pushed when a case moves, not when its next look comes:
/// here the stream looks on its own once an hour.
#[tokio::test]
async fn the_live_queue_is_pushed_when_a_case_moves() {
    let server = TestServer::start_with(|s| s.console.live_queue_millis = 3_600_000).await;
    with_staff(&server, "lou", Role::Listener).await;
    let mut b = Browser::new(&server);
    b.sign_in("lou", PASSWORD).await;
    let mut stream = open_stream(&b).await;

    let case = relais_store::NewCase::waiting(
        relais_core::case::ContactChannel::Phone,
        relais_core::Category::Sextortion,
        relais_core::AgeBand::Age13To17,
        relais_core::risk::RiskLevel::High,
        relais_core::case::Skill::Listener,
        server.clock.now(),
    );
    server.store.open_case(case).await.unwrap();
    let pushed = tokio::time::timeout(std::time::Duration::from_secs(20), stream.chunk())
        .await
        .expect("the queue was pushed as the case was opened")
        .unwrap()
        .unwrap();
    let pushed = String::from_utf8_lossy(&pushed).into_owned();
    assert!(pushed.contains("event: queue") && pushed.contains("sextorsion"), "{pushed}");
}
