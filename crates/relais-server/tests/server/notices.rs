//! Trusted-flagger notices end to end: drafted and approved in the console,
//! delivered signed to the stand-in platform (a real HTTP server), answered
//! through the platform API; and every way a platform's answer can be wrong.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::common::TestServer;
use crate::common::browser::{Browser, PASSWORD, field, with_staff};
use jiff::SignedDuration;
use relais_core::Category;
use relais_core::id::{CaseId, ClientId, NoticeId};
use relais_core::notice::NoticeStatus;
use relais_core::staff::Role;
use relais_mock_platform::inbox::Inbox;
use relais_server::Worker;
use relais_store::ClientKind;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Setup {
    server: TestServer,
    inbox: Inbox,
    lou: Browser,
    jo: Browser,
    case_url: String,
    case: CaseId,
    csrf_lou: String,
    csrf_jo: String,
    items: Vec<String>,
    /// The platform's client id.
    platform: ClientId,
    /// Where the stand-in platform answers (its inbox at `/notices`, its desk at `/inbox`).
    platform_url: String,
    /// Kept for its root file, read again by the tests that check trust.
    _authority: Option<Authority>,
}

/// How a test's platform is connected.
struct Options {
    sla_minutes: u32,
    category_minutes: BTreeMap<Category, u32>,
    /// Serve the platform's endpoint over HTTPS, on a certificate from this authority.
    tls: Option<Authority>,
}

impl Default for Options {
    fn default() -> Self {
        Options { sla_minutes: 60, category_minutes: BTreeMap::new(), tls: None }
    }
}

/// A certificate authority of the test's own, its root written where the
/// server's `notices.extra_roots_pem` reads it, and a certificate for `localhost`.
struct Authority {
    dir: tempfile::TempDir,
    identity: relais_mock_platform::TlsIdentity,
}

impl Authority {
    fn new(name: &str) -> Authority {
        let dir = tempfile::tempdir().unwrap();
        let identity = relais_mock_platform::TlsIdentity::throwaway(name, &dir.path().join("roots.pem")).unwrap();
        Authority { dir, identity }
    }

    fn roots(&self) -> std::path::PathBuf {
        self.dir.path().join("roots.pem")
    }
}

/// A server, the stand-in platform receiving its notices, a listener with a case from that platform, a jurist.
async fn setup() -> Setup {
    setup_with(Options::default()).await
}

/// The same, with the platform's target in minutes.
async fn setup_with_target(sla_minutes: u32) -> Setup {
    setup_with(Options { sla_minutes, ..Options::default() }).await
}

async fn setup_with(options: Options) -> Setup {
    let roots = options.tls.as_ref().map(Authority::roots);
    let server = TestServer::start_with(|s| {
        s.notices.poll_milliseconds = 20;
        s.notices.base_backoff_seconds = 1;
        s.notices.max_backoff_seconds = 1;
        s.notices.max_attempts = 3;
        s.notices.request_timeout_seconds = 2;
        s.notices.extra_roots_pem = roots;
    })
    .await;
    let secret = b"a secret shared with the platform".to_vec();
    let inbox = Inbox::new(secret.clone());
    inbox.set(|b| {
        b.acknowledge_after = Duration::from_millis(100);
        b.decide_after = Duration::from_millis(300);
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let platform_url = match options.tls {
        Some(_) => format!("https://localhost:{port}"),
        None => format!("http://127.0.0.1:{port}"),
    };
    let settings = relais_mock_platform::MockSettings {
        relais_api: server.url.clone(),
        relais_public: server.url.clone(),
        api_key: server.key.clone(),
        inbox: Some(inbox.clone()),
        tls: options.tls.as_ref().map(|a| a.identity.clone()),
        meta: None,
    };
    tokio::spawn(relais_mock_platform::run(settings, listener, std::future::pending()));
    let client = server
        .store
        .list_clients(ClientKind::Platform)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == server.platform_name)
        .unwrap();
    let platform = client.id;
    server
        .store
        .set_connector(
            relais_store::Connector {
                client_id: client.id,
                endpoint: format!("{platform_url}/notices"),
                secret,
                sla_minutes: options.sla_minutes,
                category_minutes: options.category_minutes,
                fallback_contact: Some("trust-and-safety@piaf.example".into()),
            },
            relais_store::Actor::Cli,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    with_staff(&server, "lou", Role::Listener).await;
    with_staff(&server, "jo", Role::Jurist).await;
    let (_, handoff) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &json!({
                "consent": true, "country": "FR", "category": "harassment",
                "reporter": {"role": "victim", "age": 14},
                "content": [{"url": "https://piaf.example/p/12", "platform_content_id": "post-12", "kind": "post"}],
                "description": "Ils publient des montages de moi."
            }),
        )
        .await;
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf_lou = field(&lou.get("/console").await.1, "csrf");
    let (_, case_url) = lou
        .submit("/console/handoff", &[("csrf", csrf_lou.as_str()), ("code", handoff["code"].as_str().unwrap())])
        .await;
    let case = CaseId::parse(case_url.rsplit('/').next().unwrap()).unwrap();
    let items = server.store.evidence(case).await.unwrap().into_iter().map(|e| e.id.to_string()).collect();
    let mut jo = Browser::new(&server);
    jo.sign_in("jo", PASSWORD).await;
    let csrf_jo = field(&jo.get("/console").await.1, "csrf");
    Setup {
        server,
        inbox,
        lou,
        jo,
        case_url,
        case,
        csrf_lou,
        csrf_jo,
        items,
        platform,
        platform_url,
        _authority: options.tls,
    }
}

impl Setup {
    async fn draft(&mut self, explanation: &str) -> NoticeId {
        let mut form = vec![
            ("csrf", self.csrf_lou.clone()),
            ("platform", self.platform.to_string()),
            ("explanation", explanation.to_owned()),
            ("action", "removal".to_owned()),
            ("action", "preserve_evidence".to_owned()),
        ];
        form.extend(self.items.iter().map(|i| ("item", i.clone())));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _) = self.lou.submit(&format!("{}/notices", self.case_url), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let notices = self.server.store.notices_of_case(self.case).await.unwrap();
        notices.last().unwrap().id
    }

    /// Runs the outbox until the notice stands at `status`. A retry is made due
    /// by moving the clock past the backoff (at most a second here); the
    /// platform's answers come over HTTP after its own delays, and are waited for.
    async fn wait_for(&self, id: NoticeId, status: NoticeStatus) -> relais_store::Notice {
        for _ in 0..300 {
            let notice = self.server.store.notice(id).await.unwrap().unwrap();
            if notice.status == status {
                return notice;
            }
            if self.server.step(Worker::Outbox).await == 0 {
                if notice.status == NoticeStatus::Approved {
                    self.server.advance(SignedDuration::from_secs(1));
                } else {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
        panic!("notice {id} never became {status:?}: {:?}", self.server.store.notice(id).await.unwrap());
    }
}

#[tokio::test]
async fn a_notice_goes_from_the_case_to_the_platform_and_its_decision_comes_back() {
    let mut s = setup().await;
    let id = s.draft("Des montages humiliants d'une élève de 14 ans, publiés chaque jour.").await;
    assert_eq!(s.server.store.notice(id).await.unwrap().unwrap().status, NoticeStatus::Draft);
    assert!(s.inbox.received().is_empty(), "a draft is not sent");

    // A listener cannot send it; the jurist approves it.
    let approve = format!("{}/notices/{id}/approve", s.case_url);
    let (status, _) = s.lou.submit(&approve, &[("csrf", s.csrf_lou.as_str())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.jo.submit(&approve, &[("csrf", "forged")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.jo.submit(&approve, &[("csrf", s.csrf_jo.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = s.jo.submit(&approve, &[("csrf", s.csrf_jo.as_str())]).await;
    assert_eq!(status, StatusCode::CONFLICT, "approved once");

    // The platform receives it signed, acknowledges, then removes the content.
    let decided = s.wait_for(id, NoticeStatus::Decided).await;
    assert_eq!(decided.decision.as_deref(), Some("DECISION_VISIBILITY_CONTENT_REMOVED"));
    assert!(decided.acknowledged_at.is_some() && decided.delivered_at.is_some());
    let counts = s.inbox.counts();
    assert_eq!((counts.notices, counts.bad_signatures), (1, 0));
    let sent = s.inbox.notice(&id.to_string()).unwrap();
    assert_eq!(sent["idempotency_key"], id.to_string().as_str());
    assert_eq!(sent["items"], json!([{"url": "https://piaf.example/p/12", "platform_content_id": "post-12"}]));
    assert!(sent["legal_ground"].as_str().unwrap().contains("222-33-2-2"));
    assert_eq!(sent["statement_category"], "STATEMENT_CATEGORY_CYBER_VIOLENCE");
    assert_eq!(sent["keywords"][0], "KEYWORD_CYBER_HARASSMENT");
    assert_eq!(sent["notifier"]["trusted_flagger"], true);
    assert!(sent["notifier"]["name"].as_str().unwrap().contains("3018"));
    assert_eq!(sent["age_band"], "13_17");
    assert_eq!(sent["actions_requested"], json!(["removal", "preserve_evidence"]));
    assert!(sent["good_faith_statement"].as_str().unwrap().contains("bonne foi"));
    assert!(!sent.to_string().contains("montages de moi"), "what the child wrote stays with the helpline");

    // The case page shows the decision and the time it took.
    let (_, html, _) = s.lou.get(&s.case_url).await;
    assert!(html.contains("DECISION_VISIBILITY_CONTENT_REMOVED") && html.contains("décidée en 0 min"), "{html}");
    assert!(html.contains("data-testid=\"decision-label\">contenu retiré<"), "{html}");
    let actions: Vec<String> =
        s.server.store.audit_rows(0, 1000).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert!(actions.contains(&"case.notice.draft".into()) && actions.contains(&"case.notice.approve".into()));

    // A platform that polls sees its notices, with what was sent.
    let (status, list) = s.server.get("/v1/notices?status=decided", Some(&s.server.key)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["notices"][0]["id"], id.to_string().as_str());
    assert_eq!(list["notices"][0]["notice"]["items"][0]["platform_content_id"], "post-12");

    // The platform's times, for the supervisors and at /metrics.
    let metrics = s.server.metrics().await;
    let line = format!("relais_notice_decided_within_hour_ratio{{platform=\"{}\"}} 1", s.server.platform_name);
    assert!(metrics.contains(&line), "{metrics}");
    assert!(metrics.contains("relais_notice_decision_seconds{platform="), "{metrics}");
    with_staff(&s.server, "sup", Role::Supervisor).await;
    let mut sup = Browser::new(&s.server);
    sup.sign_in("sup", PASSWORD).await;
    let (_, html, _) = sup.get("/console/dashboard").await;
    let table = &html[html.find("data-testid=\"sla\"").unwrap()..];
    assert!(table.contains(&format!("<td>{}</td><td class=\"num\">1</td>", s.server.platform_name)), "{table}");
    assert!(table.contains("<td class=\"num\">100 %</td>"), "{table}");
}

fn removal() -> Value {
    json!({
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "decision_facts": "Removed after a trusted flagger's notice.",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED"
    })
}

#[tokio::test]
async fn wrong_answers_from_platforms_are_refused_and_change_nothing() {
    let mut s = setup().await;
    // This platform answers by hand: its inbox takes notices but never calls back.
    s.inbox.set(|b| b.acknowledge_after = Duration::from_secs(3600));
    let id = s.draft("Harcèlement d'une collégienne.").await;
    let url = |what: &str| format!("/v1/notices/{id}/{what}");

    // Before approval the platform cannot see it.
    let (status, problem) = s.server.post_json(&url("decision"), &s.server.key, &removal()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
    s.jo.submit(&format!("{}/notices/{id}/approve", s.case_url), &[("csrf", s.csrf_jo.as_str())]).await;
    s.wait_for(id, NoticeStatus::Delivered).await;

    // Another platform's key, no key, an admin key, an unknown id.
    let (_, other) = s
        .server
        .store
        .add_client("another platform", ClientKind::Platform, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    let (status, _) = s.server.post_json(&url("decision"), &other.expose(), &removal()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.server.post_json(&url("acknowledgement"), &other.expose(), &json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, list) = s.server.get("/v1/notices", Some(&other.expose())).await;
    assert_eq!((status, list["notices"].as_array().unwrap().len()), (StatusCode::OK, 0), "only its own");
    let r = s.server.http.post(format!("{}{}", s.server.url, url("decision"))).json(&removal()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = s.server.post_json(&url("decision"), &s.server.admin_key, &removal()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.server.post_json("/v1/notices/no-such-notice/decision", &s.server.key, &removal()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Malformed decisions name their field.
    for (body, field_name) in [
        (
            json!({"decision_visibility": ["DELETED"], "decision_facts": "x", "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED"}),
            "decision_visibility",
        ),
        (
            json!({"decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"], "decision_facts": "x", "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED"}),
            "decision_ground",
        ),
        (json!({"decision_facts": "x", "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED"}), "explanation"),
        (json!({"decision_facts": "x", "explanation": "no", "automated_decision": "maybe"}), "automated_decision"),
        (
            json!({"decision_facts": "x", "explanation": "no", "automated_decision": "AUTOMATED_DECISION_FULLY", "mood": "bad"}),
            "mood",
        ),
    ] {
        let (status, problem) = s.server.post_json(&url("decision"), &s.server.key, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(crate::common::field(&problem), field_name, "{problem}");
    }
    assert_eq!(s.server.store.notice(id).await.unwrap().unwrap().status, NoticeStatus::Delivered, "unchanged");

    // A decision without an acknowledgement implies receipt; the same again is fine; a contrary one is refused.
    let (status, body) = s.server.post_json(&url("decision"), &s.server.key, &removal()).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("decided")), "{body}");
    assert!(body["acknowledged_at"].is_string());
    let (status, _) = s.server.post_json(&url("decision"), &s.server.key, &removal()).await;
    assert_eq!(status, StatusCode::OK);
    let refusal = json!({"decision_facts": "Reviewed.", "explanation": "Not illegal.", "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED"});
    let (status, problem) = s.server.post_json(&url("decision"), &s.server.key, &refusal).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let notice = s.server.store.notice(id).await.unwrap().unwrap();
    assert_eq!(notice.decision.as_deref(), Some("DECISION_VISIBILITY_CONTENT_REMOVED"), "the first decision stands");
    let (status, _) = s.server.get("/v1/notices?status=drafts", Some(&s.server.key)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Drafts refused field by field.
    let platform = s.platform.to_string();
    for (form, expected) in [
        (vec![("explanation", ""), ("action", "removal")], "explanation"),
        (vec![("explanation", "x"), ("action", "burn")], "action"),
        (vec![("explanation", "x")], "action"),
    ] {
        let mut form = form;
        form.push(("platform", &platform));
        form.push(("csrf", &s.csrf_lou));
        form.push(("item", &s.items[0]));
        let (status, text, _) = s.lou.post(&format!("{}/notices", s.case_url), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(crate::common::error_field(&text), expected, "{text}");
    }
}

#[tokio::test]
async fn a_platform_that_stays_down_gets_the_notice_dead_lettered() {
    // A target of zero minutes: undecided is overdue at once.
    let mut s = setup_with_target(0).await;
    // Taken down from Piaf's moderation desk, as a demo would (the form sets the whole behaviour).
    let desk = format!("{}/inbox", s.platform_url);
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let shown = http.post(&desk).form(&[("down", "on"), ("remove", "on")]).send().await.unwrap();
    assert_eq!(shown.status(), StatusCode::SEE_OTHER);
    let refused = http.post(&desk).form(&[("fail_percent", "250")]).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().starts_with("fail_percent"));
    let id = s.draft("Menaces répétées.").await;
    s.jo.submit(&format!("{}/notices/{id}/approve", s.case_url), &[("csrf", s.csrf_jo.as_str())]).await;
    let dead = s.wait_for(id, NoticeStatus::DeadLettered).await;
    let why = dead.last_error.as_deref().map(relais_core::undelivered::Why::read);
    assert_eq!((dead.attempts, why), (3, Some(relais_core::undelivered::Why::Status { status: 503 })));
    let (_, html, _) = s.jo.get(&s.case_url).await;
    assert!(html.contains("non remise (à reprendre)"), "{html}");
    assert!(html.contains("data-testid=\"sla-breached\""), "{html}");
    assert!(html.contains("À joindre autrement : trust-and-safety@piaf.example"), "the fallback contact: {html}");
    // The case comes back to the counsellors' attention on the console's first page.
    let (_, home, _) = s.lou.get("/console").await;
    let card = &home[home.find("data-testid=\"overdue\"").expect("an overdue card")..];
    assert!(card.contains(&format!("{}#notices", s.case_url)), "{card}");
    let page = http.get(&desk).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("name=\"down\" checked"), "the desk shows the inbox down: {page}");
    assert_eq!(s.inbox.counts().failed_on_purpose, 3);

    // Raised to the supervisors: the dashboard lists it, with why and whom to reach.
    with_staff(&s.server, "sam", Role::Supervisor).await;
    let mut sam = Browser::new(&s.server);
    sam.sign_in("sam", PASSWORD).await;
    let (_, dashboard, _) = sam.get("/console/dashboard").await;
    let card = &dashboard[dashboard.find("data-testid=\"undelivered\"").expect("an undelivered card")..];
    for expected in ["HTTP 503", "trust-and-safety@piaf.example", &format!("{}#notices", s.case_url)] {
        assert!(card.contains(expected), "{expected}: {card}");
    }
    let csrf_sam = field(&dashboard, "csrf");
    let metrics = s.server.metrics().await;
    assert!(metrics.contains("relais_notices_undelivered 1"), "{metrics}");

    // Piaf is back; a listener may not send the notice again, the supervisor does, once.
    http.post(&desk).form(&[("remove", "on")]).send().await.unwrap();
    let redeliver = format!("{}/notices/{id}/redeliver", s.case_url);
    let (status, _) = s.lou.submit(&redeliver, &[("csrf", s.csrf_lou.as_str())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = sam.submit(&redeliver, &[("csrf", "forged"), ("from", "dashboard")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let elsewhere = redeliver.replace(&s.case_url, "/console/cases/not-this-case");
    let (status, _) = sam.submit(&elsewhere, &[("csrf", csrf_sam.as_str())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, back) = sam.submit(&redeliver, &[("csrf", csrf_sam.as_str()), ("from", "dashboard")]).await;
    assert_eq!((status, back.as_str()), (StatusCode::SEE_OTHER, "/console/dashboard#undelivered"));
    let decided = s.wait_for(id, NoticeStatus::Decided).await;
    assert_eq!((decided.attempts, decided.last_error), (1, None), "a fresh round, delivered at its first attempt");
    let (status, _) = sam.submit(&redeliver, &[("csrf", csrf_sam.as_str())]).await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing left to send");
    let (_, dashboard, _) = sam.get("/console/dashboard").await;
    assert!(!dashboard.contains("data-testid=\"undelivered\""), "the list is empty again");
    let metrics = s.server.metrics().await;
    assert!(metrics.contains("relais_notices_undelivered 0"), "{metrics}");
    let actions: Vec<String> =
        s.server.store.audit_rows(0, 1000).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert!(actions.contains(&"case.notice.redeliver".into()));
}

#[tokio::test]
async fn notices_reach_a_platform_over_https_on_the_target_of_their_category() {
    let options = Options {
        tls: Some(Authority::new("Piaf test authority")),
        category_minutes: [(Category::Harassment, 15), (Category::Sextortion, 30)].into(),
        ..Options::default()
    };
    let roots = options.tls.as_ref().unwrap().roots();
    let mut s = setup_with(options).await;
    assert!(s.platform_url.starts_with("https://localhost:"), "{}", s.platform_url);
    let id = s.draft("Des montages humiliants, publiés chaque jour.").await;
    assert_eq!(s.server.store.notice(id).await.unwrap().unwrap().sla_minutes, 15, "harassment's own target");
    let (_, html, _) = s.jo.get(&s.case_url).await;
    assert!(!html.contains("délai visé"), "a draft has no clock yet");
    s.jo.submit(&format!("{}/notices/{id}/approve", s.case_url), &[("csrf", s.csrf_jo.as_str())]).await;
    let decided = s.wait_for(id, NoticeStatus::Decided).await;
    assert_eq!((decided.attempts, decided.last_error), (1, None), "delivered at the first attempt");
    assert_eq!((s.inbox.counts().notices, s.inbox.counts().bad_signatures), (1, 0));
    let (_, html, _) = s.jo.get(&s.case_url).await;
    assert!(html.contains("délai visé : 15 min"), "the case page says which target the notice is held to: {html}");

    // The certificate is really checked: without the platform's authority the handshake is refused.
    let endpoint = format!("{}/notices", s.platform_url);
    let stranger = relais_server::tls::notice_client(None).unwrap();
    let error = stranger.post(&endpoint).body("{}").send().await.unwrap_err();
    assert_eq!(relais_server::tls::failure(&error), relais_core::undelivered::Network::Untrusted);
    let trusting = relais_server::tls::notice_client(Some(&roots)).unwrap();
    let answer = trusting.post(&endpoint).body("{}").send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "reached, and refused for want of a signature");
    let empty = roots.with_file_name("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let refused = relais_server::tls::notice_client(Some(&empty)).unwrap_err();
    assert!(refused.to_string().contains("no certificate"), "{refused}");
}

#[tokio::test]
async fn a_refusal_is_contested_as_a_notice_of_its_own() {
    let mut s = setup().await;
    s.inbox.set(|b| b.remove = false);
    let id = s.draft("Un compte qui se fait passer pour une élève.").await;
    s.jo.submit(&format!("{}/notices/{id}/approve", s.case_url), &[("csrf", s.csrf_jo.as_str())]).await;
    let refused = s.wait_for(id, NoticeStatus::Decided).await;
    assert_eq!(refused.decision.as_deref(), Some("NO_ACTION"));
    let (_, html, _) = s.jo.get(&s.case_url).await;
    assert!(html.contains("data-testid=\"contest\""), "the jurist is offered the appeal: {html}");

    // A listener cannot contest; the jurist can, once.
    let appeal = format!("{}/notices/{id}/appeal", s.case_url);
    let why = "Le compte usurpe l'identité d'une mineure (art. 226-4-1) : captures jointes au premier signalement.";
    let (status, _) = s.lou.submit(&appeal, &[("csrf", s.csrf_lou.as_str()), ("explanation", why)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.jo.submit(&appeal, &[("csrf", s.csrf_jo.as_str()), ("explanation", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = s.jo.submit(&appeal, &[("csrf", s.csrf_jo.as_str()), ("explanation", why)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = s.jo.submit(&appeal, &[("csrf", s.csrf_jo.as_str()), ("explanation", why)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "contested once");
    let appeal_notice = s.server.store.notices_of_case(s.case).await.unwrap().pop().unwrap();
    assert_eq!((appeal_notice.appeal_of, appeal_notice.status), (Some(id), NoticeStatus::Draft));

    // Approved a few minutes later and delivered like a notice, with its own clock; this time the
    // platform removes the content.
    s.server.advance(SignedDuration::from_mins(5));
    s.inbox.set(|b| b.remove = true);
    s.jo.submit(&format!("{}/notices/{}/approve", s.case_url, appeal_notice.id), &[("csrf", s.csrf_jo.as_str())]).await;
    let decided = s.wait_for(appeal_notice.id, NoticeStatus::Decided).await;
    assert_eq!(decided.decision.as_deref(), Some("DECISION_VISIBILITY_CONTENT_REMOVED"));
    assert!(decided.approved_at > refused.decided_at);
    let sent = s.inbox.notice(&appeal_notice.id.to_string()).unwrap();
    assert_eq!((sent["kind"].as_str(), sent["appeal_of"].as_str()), (Some("appeal"), Some(id.to_string().as_str())));
    assert_eq!(sent["items"], s.inbox.notice(&id.to_string()).unwrap()["items"], "the same content");
    assert_eq!(s.inbox.notice(&id.to_string()).unwrap()["kind"], "notice");
    let (_, html, _) = s.jo.get(&s.case_url).await;
    assert!(html.contains("Contestation (art. 20)"), "{html}");
    assert!(!html.contains("data-testid=\"contest\""), "nothing left to contest: {html}");

    // A removal cannot be contested.
    let (status, _) =
        s.jo.submit(
            &format!("{}/notices/{}/appeal", s.case_url, appeal_notice.id),
            &[("csrf", s.csrf_jo.as_str()), ("explanation", why)],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_escalation_is_a_signed_bundle_that_names_roles_not_people() {
    use std::io::Read;
    let mut s = setup().await;
    let case_id = s.case;
    let capture = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a screenshot of the post".to_vec();
    let item = relais_store::NewEvidence {
        file: Some((relais_core::evidence::MediaType::Png, capture.clone())),
        captured_at: Some("2026-11-27T19:00:00Z".parse().unwrap()),
        ..Default::default()
    };
    s.server.store.add_evidence(case_id, item, jiff::Timestamp::now()).await.unwrap();
    // The listener passes the case to the jurists, who escalate.
    let (status, _) =
        s.lou.submit(&format!("{}/transfer", s.case_url), &[("csrf", s.csrf_lou.as_str()), ("to", "jurist")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let url = format!("{}{}/escalations", s.server.url, s.case_url);
    let post = |browser: &Browser, form: Vec<(&str, &str)>| {
        browser.http.post(&url).header("cookie", browser.cookie_header()).form(&form).send()
    };

    // Refused: a listener; PHAROS for private content; a school without its referent.
    let r = post(
        &s.lou,
        vec![
            ("csrf", &s.csrf_lou),
            ("target", "pharos"),
            ("published_at", "2026-11-27T18:00"),
            ("content_is_public", "yes"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(&s.jo, vec![("csrf", &s.csrf_jo), ("target", "pharos"), ("published_at", "2026-11-27T18:00")])
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::common::error_field(&r.text().await.unwrap()), "content_is_public");
    let r = post(
        &s.jo,
        vec![("csrf", &s.csrf_jo), ("target", "school"), ("school", "Collège Jean Moulin"), ("facts", "x")],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::common::error_field(&r.text().await.unwrap()), "referent");
    let r = post(&s.jo, vec![("csrf", &s.csrf_jo), ("target", "police")]).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let r = post(
        &s.jo,
        vec![
            ("csrf", &s.csrf_jo),
            ("target", "pharos"),
            ("published_at", "2026-11-27T18:00"),
            ("content_is_public", "yes"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let zip_bytes = r.bytes().await.unwrap().to_vec();

    // Signed by the helpline's key, derived from its master key.
    let keys = relais_store::FieldKeys::load_or_create(&s.server.data_dir()).unwrap();
    let key = relais_server::bundle::signing_key(keys.derive_key(relais_server::bundle::KEY_LABEL)).verifying_key();
    assert!(matches!(
        relais_server::bundle::verify(&zip_bytes, Some(&key)),
        relais_server::bundle::Verdict::Intact { files: 2, .. }
    ));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip_bytes)).unwrap();
    let mut manifest = String::new();
    archive.by_name("manifest.json").unwrap().read_to_string(&mut manifest).unwrap();
    let m: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(m["target"], "pharos");
    assert_eq!(m["fields"]["content_is_public"], "yes");
    assert!(m["legal_ground"].as_str().unwrap().contains("222-33-2-2"));
    let with_file = m["items"].as_array().unwrap().iter().find(|i| i["file"].is_string()).unwrap();
    let mut carried = Vec::new();
    archive.by_name(with_file["file"].as_str().unwrap()).unwrap().read_to_end(&mut carried).unwrap();
    assert_eq!(carried, capture);
    assert!(m["items"].as_array().unwrap().iter().any(|i| i["url"] == "https://piaf.example/p/12"));
    let timeline = m["timeline"].to_string();
    assert!(timeline.contains("écoutant·e") && !timeline.contains("\"lou\""), "roles, not names: {timeline}");
    let actions: Vec<String> =
        s.server.store.audit_rows(0, 1000).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert!(actions.contains(&"case.escalation.pharos".into()));

    // Child sexual abuse material is never copied, not even into a bundle for the police: its location only.
    let csam = s
        .server
        .store
        .open_case(relais_store::NewCase::waiting(
            relais_core::case::ContactChannel::Phone,
            Category::Csam,
            relais_core::AgeBand::Age13To17,
            relais_core::risk::RiskLevel::High,
            relais_core::case::Skill::Jurist,
            jiff::Timestamp::now(),
        ))
        .await
        .unwrap();
    let item = relais_store::NewEvidence {
        url: Some("https://piaf.example/p/66".into()),
        file: Some((relais_core::evidence::MediaType::Png, capture.clone())),
        ..Default::default()
    };
    s.server.store.add_evidence(csam.id, item, jiff::Timestamp::now()).await.unwrap();
    let r =
        s.jo.http
            .post(format!("{}/console/cases/{}/escalations", s.server.url, csam.id))
            .header("cookie", s.jo.cookie_header())
            .form(&[
                ("csrf", s.csrf_jo.as_str()),
                ("target", "pharos"),
                ("published_at", "2026-11-27T18:00"),
                ("content_is_public", "yes"),
            ])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let zip_bytes = r.bytes().await.unwrap().to_vec();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(&zip_bytes)).unwrap();
    let names: Vec<String> = archive.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(names.iter().all(|n| !n.starts_with("evidence/")), "{names:?}");
    assert!(!zip_bytes.windows(capture.len()).any(|w| w == capture.as_slice()));
}
