//! The console over HTTP: sessions, CSRF, logout, idle expiry, and the
//! counsellor's work (see `sign_in` for what a password guesser meets).

use crate::common::TestServer;
use crate::common::browser::{Browser, PASSWORD, field, with_staff};
use relais_core::staff::Role;
use reqwest::StatusCode;
use reqwest::redirect::Policy;

#[tokio::test]
async fn sign_in_see_the_console_sign_out() {
    let server = TestServer::start().await;
    with_staff(&server, "camille", Role::Jurist).await;
    let mut b = Browser::new(&server);
    let (status, _, _) = b.get("/console").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "signed out: to the sign-in form");

    let (status, _, set) = b.sign_in("camille", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let session = set.iter().find(|c| c.starts_with("relais_session=")).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"), "{session}");
    let (status, html, _) = b.get("/console").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Connecté·e : camille (juriste)"), "{html}");

    // Signing out needs the form's token; without it nothing happens.
    let (status, _, _) = b.post("/console/logout", &[("csrf", "")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(b.get("/console").await.0, StatusCode::OK, "still signed in");

    let old_cookie = b.cookie_header();
    let csrf = field(&b.get("/console").await.1, "csrf");
    let (status, _, _) = b.post("/console/logout", &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The old cookie, replayed, opens nothing.
    let r = b.http.get(format!("{}/console", server.url)).header("cookie", old_cookie).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Both are in the audit trail, after the accounts' creation, and the chain holds.
    let rows = server.store.audit_rows(0, 100).await.unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.event.action.as_str()).collect();
    assert_eq!(
        actions,
        ["platform.add", "admin.add", "staff.add", "staff.password_set", "console.sign_in", "console.sign_out"]
    );
    let camille = server.store.staff_by_name("camille").await.unwrap().unwrap().id;
    assert!(rows[4..].iter().all(|r| r.event.actor == format!("staff:{camille}")));
    assert!(matches!(server.store.verify_audit().await.unwrap(), relais_store::ChainCheck::Intact { rows: 6 }));
}

#[tokio::test]
async fn a_sign_in_without_the_form_token_is_refused() {
    let server = TestServer::start().await;
    with_staff(&server, "alex", Role::Supervisor).await;
    let mut b = Browser::new(&server);
    let (status, _, _) =
        b.post("/console/login", &[("name", "alex"), ("password", PASSWORD), ("csrf", "forged")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let _ = b.get("/console/login").await;
    let (status, _, _) =
        b.post("/console/login", &[("name", "alex"), ("password", PASSWORD), ("csrf", "forged")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the token must match the one given to this browser");
}

#[tokio::test]
async fn an_idle_session_ends() {
    let server = TestServer::start_with(|s| s.console.idle_seconds = 1).await;
    with_staff(&server, "noa", Role::Psychologist).await;
    let mut b = Browser::new(&server);
    assert_eq!(b.sign_in("noa", PASSWORD).await.0, StatusCode::SEE_OTHER);
    assert_eq!(b.get("/console").await.0, StatusCode::OK);
    // Time passes on the server's clock: idle past the limit, the session has ended.
    server.advance(jiff::SignedDuration::from_millis(2100));
    let (status, _, location) = b.get("/console").await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/console/login")));
}

#[tokio::test]
async fn a_counsellor_opens_a_platforms_report_and_takes_the_next_case() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    with_staff(&server, "root", Role::Admin).await;

    // A platform hands a report over; the child calls with the code.
    let (_, handoff) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &serde_json::json!({
                "consent": true, "country": "FR", "category": "harassment",
                "reporter": {"role": "victim", "age": 14},
                "content": [{"url": "https://piaf.example/p/77", "kind": "post"}],
                "reported_accounts": [{"platform_account_id": "u-1", "handle": "@lea.b"}],
                "description": "Ils se moquent de moi <b>tous les jours</b>."
            }),
        )
        .await;
    let code = handoff["code"].as_str().unwrap();
    let mut b = Browser::new(&server);
    b.sign_in("lou", PASSWORD).await;
    let csrf = field(&b.get("/console").await.1, "csrf");
    let (status, location) =
        b.submit("/console/handoff", &[("csrf", csrf.as_str()), ("code", &code.to_lowercase())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let case_url = location;
    let (status, html, _) = b.get(&case_url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Transmis par {}", server.platform_name)), "{html}");
    assert!(html.contains("https://piaf.example/p/77") && html.contains("@lea.b (u-1)"));
    assert!(
        html.contains("Ils se moquent de moi &#60;b&#62;tous les jours&#60;/b&#62;.") || html.contains("&lt;b&gt;"),
        "{html}"
    );
    // The code was used once: again, it opens nothing.
    let (status, location) = b.submit("/console/handoff", &[("csrf", csrf.as_str()), ("code", code)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/console?unknown_code=1");
    let (_, state) = server.get(&format!("/v1/handoffs/{}", handoff["id"].as_str().unwrap()), Some(&server.key)).await;
    assert_eq!(state["status"], "attached");

    // The child reports again a day later and reads out the new code: it joins the same case.
    let (_, again) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &serde_json::json!({
                "consent": true, "country": "FR", "category": "harassment",
                "reporter": {"role": "victim", "age": 14},
                "content": [{"url": "https://piaf.example/p/78", "platform_content_id": "post-78", "kind": "post"}]
            }),
        )
        .await;
    let (status, location) = b
        .submit(&format!("{case_url}/handoff"), &[("csrf", csrf.as_str()), ("code", again["code"].as_str().unwrap())])
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, case_url.as_str()));
    let (status, location) =
        b.submit(&format!("{case_url}/handoff"), &[("csrf", csrf.as_str()), ("code", "AAA-AAA-AAA")]).await;
    assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("{case_url}?unknown_code=1")));
    let case_id = relais_core::id::CaseId::parse(case_url.rsplit('/').next().unwrap()).unwrap();
    let linked = server.store.linked_handoffs(case_id).await.unwrap();
    assert_eq!(linked.len(), 2, "both reports are part of the case");
    let urls: Vec<_> = server.store.evidence(case_id).await.unwrap().into_iter().filter_map(|e| e.url).collect();
    assert_eq!(urls, ["https://piaf.example/p/77", "https://piaf.example/p/78"]);

    // How it ended, from the fixed list only.
    let (status, _) =
        b.submit(&format!("{case_url}/outcome"), &[("csrf", csrf.as_str()), ("outcome", "content_removed")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = b.submit(&format!("{case_url}/outcome"), &[("csrf", csrf.as_str()), ("outcome", "fixed")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = b.submit(&format!("{case_url}/outcome"), &[("csrf", "forged"), ("outcome", "referred")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html, _) = b.get(&case_url).await;
    assert!(html.contains("data-testid=\"outcome\">contenu retiré"), "{html}");
    assert!(html.contains("<option value=\"content_removed\" selected>"), "{html}");
    assert!(html.contains("a rattaché le signalement d&#39;une plateforme"), "{html}");

    // The queue is empty until the web form brings a case.
    let (status, location) = b.submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/console?empty=1");
    let actions: Vec<String> =
        server.store.audit_rows(0, 100).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert!(
        actions.contains(&"case.open_from_handoff".to_owned()) && actions.contains(&"case.read".to_owned()),
        "{actions:?}"
    );

    // An admin manages accounts but does not work cases.
    let mut admin = Browser::new(&server);
    admin.sign_in("root", PASSWORD).await;
    let csrf = field(&admin.get("/console").await.1, "csrf");
    let (status, _, _) = admin.post("/console/take-next", &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = admin.get(&case_url).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn notes_are_kept_and_a_transfer_reaches_the_jurists_queue() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    with_staff(&server, "jo", Role::Jurist).await;
    let (_, handoff) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &serde_json::json!({"consent": true, "country": "FR", "category": "ncii", "reporter": {"role": "victim", "age": 16}}),
        )
        .await;
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf = field(&lou.get("/console").await.1, "csrf");
    let code = handoff["code"].as_str().unwrap();
    let (status, location) = lou.submit("/console/handoff", &[("csrf", csrf.as_str()), ("code", code)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let case_url = location;

    let (status, _, _) =
        lou.post(&format!("{case_url}/notes"), &[("csrf", &csrf), ("text", "Photos <b>partagées</b> hier soir")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = lou.post(&format!("{case_url}/notes"), &[("csrf", "wrong"), ("text", "x")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html, _) = lou.get(&case_url).await;
    assert!(html.contains("Photos &#60;b&#62;partagées&#60;/b&#62; hier soir") || html.contains("&lt;b&gt;"), "{html}");
    assert!(!html.contains("<b>partagées</b>"));

    let (status, _, _) = lou.post(&format!("{case_url}/transfer"), &[("csrf", &csrf), ("to", "jurist")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut jo = Browser::new(&server);
    jo.sign_in("jo", PASSWORD).await;
    let (_, home, _) = jo.get("/console").await;
    assert!(home.contains("data-testid=\"queue-length\">(1)"), "{home}");
    let csrf = field(&home, "csrf");
    let (status, _, _) = jo.post("/console/take-next", &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html, _) = jo.get(&case_url).await;
    assert!(html.contains("lou ·"), "the jurist reads the listener's note");
    // The case's history, from the audit trail: who did what, reads left out.
    let history = &html[html.find("data-testid=\"history\"").unwrap()..];
    let history = &history[..history.find("</ol>").unwrap()];
    let lines: Vec<&str> = history.split("<li>").skip(1).collect();
    let whats: Vec<String> = lines.iter().map(|l| l.split("</span> · ").nth(1).unwrap().replace("</li>", "")).collect();
    assert_eq!(
        whats,
        [
            "lou a ouvert le dossier avec le code d&#39;une plateforme",
            "lou a ajouté une note",
            "lou a transféré le dossier : Juristes",
            "jo a pris le dossier dans la file",
        ],
        "{history}"
    );
}

#[tokio::test]
async fn role_boundaries_risk_overrides_and_status_moves() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    with_staff(&server, "sup", Role::Supervisor).await;
    let (_, handoff) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &serde_json::json!({"consent": true, "country": "FR", "category": "scam", "reporter": {"role": "victim", "age": 15}}),
        )
        .await;
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    // A listener cannot read the audit trail.
    assert_eq!(lou.get("/console/audit").await.0, StatusCode::FORBIDDEN);

    let csrf = field(&lou.get("/console").await.1, "csrf");
    let (_, _, _) = lou.post("/console/handoff", &[("csrf", &csrf), ("code", handoff["code"].as_str().unwrap())]).await;
    let case_id = server
        .store
        .audit_rows(0, 100)
        .await
        .unwrap()
        .iter()
        .find(|r| r.event.action == "case.open_from_handoff")
        .unwrap()
        .event
        .subject
        .clone();
    let case_url = format!("/console/cases/{}", case_id.trim_start_matches("case:"));

    let (status, page, _) =
        lou.post(&format!("{case_url}/risk"), &[("csrf", &csrf), ("risk", "high"), ("reason", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    // The refusal is a page in the reader's language that names the field and leads back to the case.
    assert_eq!(crate::common::error_field(&page), "reason", "{page}");
    assert!(
        page.contains("Dites pourquoi le risque change") && page.contains(&format!("href=\"{case_url}\"")),
        "{page}"
    );
    let (status, _, _) = lou
        .post(
            &format!("{case_url}/risk"),
            &[("csrf", &csrf), ("risk", "high"), ("reason", "il a parlé d'un rendez-vous")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html, _) = lou.get(&case_url).await;
    assert!(html.contains("data-testid=\"risk\">élevé"), "{html}");
    assert!(html.contains("<option value=\"high\" selected>"), "the form starts from the current level: {html}");
    assert!(!html.contains("<option value=\"immediate_danger\" selected>"), "{html}");
    assert!(
        html.contains("Risque changé en « élevé »") && html.contains("rendez-vous"),
        "the reason is kept as a note"
    );

    for (to, expected) in [
        ("resolved", StatusCode::SEE_OTHER),
        ("waiting_for_platform", StatusCode::CONFLICT),
        ("closed", StatusCode::SEE_OTHER),
        ("in_progress", StatusCode::SEE_OTHER),
        ("new", StatusCode::CONFLICT),
        ("archived", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (status, _, _) = lou.post(&format!("{case_url}/status"), &[("csrf", &csrf), ("to", to)]).await;
        assert_eq!(status, expected, "{to}");
    }

    // A supervisor reads the trail, whose chain holds, with every move in it.
    let mut sup = Browser::new(&server);
    sup.sign_in("sup", PASSWORD).await;
    let (status, html, _) = sup.get("/console/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Chaîne intacte"), "{html}");
    for action in ["case.risk_override", "case.status.resolved", "case.status.closed", "case.status.in_progress"] {
        assert!(html.contains(action), "{action}");
    }
}

#[tokio::test]
async fn the_supervisor_dashboard_counts_todays_and_this_months_cases() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    with_staff(&server, "sup", Role::Supervisor).await;
    let mut opened = Vec::new();
    for (category, platform) in [
        (relais_core::Category::Harassment, "TikTok"),
        (relais_core::Category::Harassment, "Instagram"),
        (relais_core::Category::Sextortion, "mon ex 06 11 22 33 44"),
    ] {
        let case = server
            .store
            .open_case(relais_store::NewCase {
                school_level: Some(relais_core::case::SchoolLevel::College),
                platform: Some(relais_core::case::platform_name(platform)),
                ..relais_store::NewCase::waiting(
                    relais_core::case::ContactChannel::WebForm,
                    category,
                    relais_core::AgeBand::Age13To17,
                    relais_core::risk::RiskLevel::None,
                    relais_core::case::Skill::Listener,
                    jiff::Timestamp::now(),
                )
            })
            .await
            .unwrap();
        opened.push(case.id);
    }
    let removed = relais_core::case::Outcome::from_code("content_removed").unwrap();
    let lou_id = server.store.staff_by_name("lou").await.unwrap().unwrap().id;
    assert!(server.store.set_case_outcome(opened[0], removed, lou_id, jiff::Timestamp::now()).await.unwrap());
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    assert_eq!(lou.get("/console/dashboard").await.0, StatusCode::FORBIDDEN);
    let mut sup = Browser::new(&server);
    sup.sign_in("sup", PASSWORD).await;
    let (status, html, _) = sup.get("/console/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<strong>3</strong> en attente"), "{html}");
    assert!(html.contains("<td>Harcèlement</td><td class=\"num\">2</td><td class=\"num\">2</td>"), "{html}");
    assert!(html.contains("<td>collège</td>") && html.contains("<td>tiktok</td>") && html.contains("<td>autre</td>"));
    assert!(!html.contains("06 11 22 33 44"), "free text typed by a child never reaches the statistics");
    assert!(html.contains("<svg role=\"img\""));
    // What became of the month's cases: one content removed, two not recorded yet.
    assert!(html.contains("<strong>Par issue</strong>"), "{html}");
    assert!(html.contains("<td>contenu retiré</td><td class=\"num\">1</td><td class=\"num\">1</td>"), "{html}");
    assert!(html.contains("<td>issue pas encore notée</td><td class=\"num\">2</td>"), "{html}");
}

#[tokio::test]
async fn a_counsellor_finds_a_case_by_the_code_a_child_reads_out() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    let case = server
        .store
        .open_case(relais_store::NewCase {
            reference: Some(relais_core::case::CaseReference { code: "K7M2-Q9XD".into(), word: "girafe" }),
            ..relais_store::NewCase::waiting(
                relais_core::case::ContactChannel::WebForm,
                relais_core::Category::Doxxing,
                relais_core::AgeBand::Under13,
                relais_core::risk::RiskLevel::Low,
                relais_core::case::Skill::Listener,
                jiff::Timestamp::now(),
            )
        })
        .await
        .unwrap();
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf = field(&lou.get("/console").await.1, "csrf");
    let (status, location) = lou.submit("/console/search", &[("csrf", csrf.as_str()), ("code", "k7m2 q9xd")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/console/cases/{}", case.id));
    let (status, _, _) = lou.post("/console/search", &[("csrf", &csrf), ("code", "AAAA-AAAA")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = lou.post("/console/search", &[("csrf", "nope"), ("code", "K7M2-Q9XD")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn twenty_counsellors_pressing_take_next_at_once_never_get_the_same_case() {
    let server = TestServer::start().await;
    let hash = relais_store::passwords::hash(PASSWORD).unwrap();
    for i in 0..20 {
        server
            .store
            .open_case(relais_store::NewCase::waiting(
                relais_core::case::ContactChannel::WebForm,
                relais_core::Category::Harassment,
                relais_core::AgeBand::Age13To17,
                relais_core::risk::RiskLevel::None,
                relais_core::case::Skill::Listener,
                jiff::Timestamp::now() + jiff::SignedDuration::from_millis(i),
            ))
            .await
            .unwrap();
    }
    // Twenty listeners signed in (sessions made directly: the test is about taking, not signing in).
    let mut sessions = Vec::new();
    for i in 0..20 {
        let staff = server
            .store
            .add_staff(&format!("l{i}"), Role::Listener, &hash, relais_store::Actor::Cli, jiff::Timestamp::now())
            .await
            .unwrap();
        server
            .store
            .set_staff_password(staff.id, &hash, true, relais_store::Actor::Cli, jiff::Timestamp::now())
            .await
            .unwrap();
        let token = format!("{i:064}");
        server.store.create_session(&token, staff.id, &format!("csrf{i}"), jiff::Timestamp::now()).await.unwrap();
        sessions.push((token, format!("csrf{i}")));
    }
    let http = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let presses = sessions.into_iter().map(|(token, csrf)| {
        let http = http.clone();
        let url = format!("{}/console/take-next", server.url);
        tokio::spawn(async move {
            let r = http
                .post(url)
                .header("cookie", format!("relais_session={token}"))
                .form(&[("csrf", csrf)])
                .send()
                .await
                .unwrap();
            r.headers()["location"].to_str().unwrap().to_owned()
        })
    });
    let mut taken = Vec::new();
    for press in presses.collect::<Vec<_>>() {
        taken.push(press.await.unwrap());
    }
    assert!(taken.iter().all(|l| l.starts_with("/console/cases/")), "{taken:?}");
    taken.sort();
    taken.dedup();
    assert_eq!(taken.len(), 20, "twenty distinct cases for twenty counsellors");
}

#[tokio::test]
async fn a_call_is_logged_as_a_case_of_the_counsellor_who_answers() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf = field(&lou.get("/console").await.1, "csrf");
    let (status, location) = lou
        .submit(
            "/console/phone",
            &[
                ("csrf", csrf.as_str()),
                ("category", "sextortion"),
                ("age_band", "13_17"),
                ("summary", "Il demande 200 euros avant ce soir sinon il publie."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let case_url = location;
    let (_, html, _) = lou.get(&case_url).await;
    assert!(html.contains("data-testid=\"risk\">élevé"), "a blackmail deadline: {html}");
    assert!(html.contains("un chantage avec une échéance"));
    assert!(html.contains("data-testid=\"status\">en cours"));
    for (field_name, value) in [("category", "bullying"), ("age_band", "12"), ("summary", " ")] {
        let mut form = vec![
            ("csrf", csrf.clone()),
            ("category", "harassment".into()),
            ("age_band", "13_17".into()),
            ("summary", "x".into()),
        ];
        for f in &mut form {
            if f.0 == field_name {
                f.1 = value.into();
            }
        }
        let (status, _, _) =
            lou.post("/console/phone", &form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field_name}");
    }
}

/// A small PNG header followed by a marker: typed as an image by its bytes.
fn png(marker: &str) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    bytes.extend_from_slice(marker.as_bytes());
    bytes
}

impl Browser {
    /// Sends the evidence form as a browser would (multipart), with these parts.
    async fn upload(&mut self, path: &str, parts: Vec<(&str, Part)>) -> (StatusCode, serde_json::Value) {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in parts {
            form = match part {
                Part::Text(t) => form.text(name.to_owned(), t),
                Part::File(file_name, bytes, mime) => form.part(
                    name.to_owned(),
                    reqwest::multipart::Part::bytes(bytes).file_name(file_name).mime_str(mime).unwrap(),
                ),
            };
        }
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
    }
}

type Parts = Vec<(&'static str, Part)>;

enum Part {
    Text(String),
    File(&'static str, Vec<u8>, &'static str),
}

fn text(s: &str) -> Part {
    Part::Text(s.to_owned())
}

#[tokio::test]
async fn evidence_is_typed_by_its_bytes_sealed_hashed_and_refused_when_hostile() {
    let server = TestServer::start_with(|s| s.limits.evidence_file_bytes = 4096).await;
    with_staff(&server, "lou", Role::Listener).await;
    with_staff(&server, "root", Role::Admin).await;
    // A platform's report brings its content item as the first piece of evidence.
    let (_, handoff) = server
        .post_json(
            "/v1/handoffs",
            &server.key,
            &serde_json::json!({
                "consent": true, "country": "FR", "category": "sextortion",
                "reporter": {"role": "victim", "age": 15},
                "content": [{"url": "https://piaf.example/p/91", "platform_content_id": "post-91", "kind": "post",
                             "captured_at": "2026-11-27T20:00:00Z"}]
            }),
        )
        .await;
    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf = field(&lou.get("/console").await.1, "csrf");
    let (_, case_url) =
        lou.submit("/console/handoff", &[("csrf", csrf.as_str()), ("code", handoff["code"].as_str().unwrap())]).await;
    let case_id = relais_core::id::CaseId::parse(case_url.rsplit('/').next().unwrap()).unwrap();
    let evidence_url = format!("{case_url}/evidence");

    // The capture the child sent, with the time they took it.
    let capture = png("MARKER-the-blackmail-message");
    let (status, body) = lou
        .upload(
            &evidence_url,
            vec![
                ("csrf", text(&csrf)),
                ("url", text("")),
                ("file", Part::File("capture.png", capture.clone(), "image/png")),
                ("captured_at", text("2026-11-27T21:40")),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let items = server.store.evidence(case_id).await.unwrap();
    assert_eq!(items.len(), 2, "the platform's item and the capture: {items:?}");
    assert_eq!(
        (items[0].url.as_deref(), items[0].platform_content_id.as_deref(), items[0].added_by_name.as_deref()),
        (Some("https://piaf.example/p/91"), Some("post-91"), None)
    );
    let shot = &items[1];
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&capture))
    };
    assert_eq!(shot.sha256.as_deref(), Some(sha256.as_str()));
    assert_eq!(shot.captured_at, Some("2026-11-27T20:40:00Z".parse().unwrap()), "Paris time, in winter");
    assert_eq!(shot.added_by_name.as_deref(), Some("lou"));

    // The case page lists both, with the hash; the file comes back as an attachment, audited.
    let (_, html, _) = lou.get(&case_url).await;
    assert!(html.contains("https://piaf.example/p/91") && html.contains("post-91"), "{html}");
    assert!(html.contains(&sha256));
    let download = format!("{case_url}/evidence/{}", shot.id);
    assert!(html.contains(&download));
    let r =
        lou.http.get(format!("{}{download}", server.url)).header("cookie", lou.cookie_header()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.unwrap().to_vec(), capture);
    let actions: Vec<String> =
        server.store.audit_rows(0, 1000).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert!(actions.contains(&"case.evidence.add".into()) && actions.contains(&"case.evidence.read".into()));
    // Sealed at rest: the capture's bytes are not in the database file.
    let db = std::fs::read(server.data_dir().join("relais.db")).unwrap_or_default();
    let wal = std::fs::read(server.data_dir().join("relais.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(!bytes.windows(28).any(|w| w == b"MARKER-the-blackmail-message"), "the capture is in clear");
    }

    // Hostile and broken uploads: refused by field, nothing stored.
    let cases: Vec<(Parts, StatusCode, &str)> = vec![
        (
            vec![("csrf", text(&csrf)), ("file", Part::File("big.png", png(&"x".repeat(5000)), "image/png"))],
            StatusCode::PAYLOAD_TOO_LARGE,
            "file",
        ),
        (
            vec![
                ("csrf", text(&csrf)),
                ("file", Part::File("photo.png", b"<script>alert(1)</script>".to_vec(), "image/png")),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
            "file",
        ),
        (
            vec![
                ("csrf", text(&csrf)),
                ("file", Part::File("a.exe", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff".to_vec(), "image/png")),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
            "file",
        ),
        (vec![("csrf", text(&csrf)), ("url", text("javascript:alert(1)"))], StatusCode::UNPROCESSABLE_ENTITY, "url"),
        (vec![("csrf", text(&csrf)), ("url", text(""))], StatusCode::UNPROCESSABLE_ENTITY, "evidence"),
        (
            vec![("csrf", text(&csrf)), ("url", text("https://piaf.example/p/1")), ("captured_at", text("hier"))],
            StatusCode::UNPROCESSABLE_ENTITY,
            "captured_at",
        ),
        (
            vec![("csrf", text(&csrf)), ("url", text("https://piaf.example/p/1")), ("owner", text("x"))],
            StatusCode::UNPROCESSABLE_ENTITY,
            "owner",
        ),
    ];
    for (parts, expected, field_name) in cases {
        let (status, problem) = lou.upload(&evidence_url, parts).await;
        assert_eq!(status, expected, "{problem}");
        assert_eq!(crate::common::field(&problem), field_name, "{problem}");
    }
    // Without the form token, with an unknown case, as an admin: refused.
    let (status, _) = lou.upload(&evidence_url, vec![("url", text("https://piaf.example/p/2"))]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = lou
        .upload("/console/cases/nope/evidence", vec![("csrf", text(&csrf)), ("url", text("https://piaf.example/p/2"))])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut root = Browser::new(&server);
    root.sign_in("root", PASSWORD).await;
    let root_csrf = field(&root.get("/console").await.1, "csrf");
    let (status, _) =
        root.upload(&evidence_url, vec![("csrf", text(&root_csrf)), ("url", text("https://piaf.example/p/3"))]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = root.get(&download).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A form-encoded post is not an upload.
    let (status, _, _) = lou.post(&evidence_url, &[("csrf", &csrf), ("url", "https://piaf.example/p/4")]).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(server.store.evidence(case_id).await.unwrap().len(), 2, "nothing half-stored");
    // Another case's file is not reachable through this one.
    let (status, _, _) = lou.get(&format!("/console/cases/nope/evidence/{}", shot.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_console_speaks_english_when_asked_and_names_the_helpline_from_the_directory() {
    let server = TestServer::start().await;
    with_staff(&server, "alex", Role::Listener).await;
    let mut b = Browser::new(&server);
    b.sign_in("alex", PASSWORD).await;
    let (_, html, _) = b.get("/console").await;
    assert!(html.contains("<title>Console du 3018</title>") && html.contains("Prendre le suivant"), "{html}");

    // The switch remembers the choice and returns to the page it was pressed on.
    let (status, _, location) = b.get("/console/lang/en?back=/console").await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/console")));
    let (_, html, _) = b.get("/console").await;
    assert!(html.contains("<title>3018 console</title>") && html.contains("Take next"), "{html}");
    assert!(html.contains("Signed in: alex (listener)") || html.contains("Signed in: alex"), "{html}");
    assert!(!html.contains("Prendre le suivant"));
    let csrf = field(&html, "csrf");
    let (_, case_url) = b
        .submit(
            "/console/phone",
            &[
                ("csrf", csrf.as_str()),
                ("category", "sextortion"),
                ("age_band", "13_17"),
                ("summary", "He says send money before tonight or he will leak my photos"),
            ],
        )
        .await;
    let (_, html, _) = b.get(&case_url).await;
    assert!(html.contains("data-testid=\"status\">in progress"), "{html}");
    assert!(html.contains("blackmail with a deadline"), "the rule explained in the reader's language: {html}");
    assert!(html.contains("<strong>Risk:</strong>") && html.contains("at most 20 MB"), "{html}");

    // The way back never leaves the console.
    for hostile in ["//evil.example/console", "https://evil.example/", "/console/lang/fr", "/console\\@evil"] {
        let (_, _, location) = b.get(&format!("/console/lang/fr?back={}", hostile.replace('/', "%2F"))).await;
        assert_eq!(location.as_deref(), Some("/console"), "{hostile}");
    }
    // The browser's preference is the default for a first visit.
    let r = server
        .http
        .get(format!("{}/console/login", server.url))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("3018 console — sign in"));
}

#[tokio::test]
async fn an_account_with_a_second_factor_needs_a_fresh_code() {
    use relais_server::console::totp;
    let server = TestServer::start().await;
    with_staff(&server, "noa", Role::Supervisor).await;
    let staff = server.store.staff_by_name("noa").await.unwrap().unwrap();
    let secret = totp::new_secret();
    server
        .store
        .set_staff_totp(staff.id, Some(&secret), relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    let sign_in = |code: Option<String>| {
        let mut b = Browser::new(&server);
        async move {
            let (_, html, _) = b.get("/console/login").await;
            let csrf = field(&html, "csrf");
            let mut form = vec![("name", "noa".to_owned()), ("password", PASSWORD.to_owned()), ("csrf", csrf)];
            if let Some(code) = code {
                form.push(("totp", code));
            }
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post("/console/login", &form).await.0
        }
    };
    // The password alone, or with a wrong code, is not enough.
    assert_eq!(sign_in(None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(Some("000000".into())).await, StatusCode::UNAUTHORIZED);
    let now = jiff::Timestamp::now().as_second() as u64;
    let code = totp::code_at(&secret, now).unwrap();
    assert_eq!(sign_in(Some(code.clone())).await, StatusCode::SEE_OTHER);
    // The same code a second time (someone who saw it over a shoulder) is refused.
    assert_eq!(sign_in(Some(code)).await, StatusCode::UNAUTHORIZED);
    let actions: Vec<String> =
        server.store.audit_rows(0, 100).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert_eq!(actions.iter().filter(|a| *a == "console.sign_in_failed").count(), 3, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| *a == "console.sign_in").count(), 1);
    // Without a second factor, the field is simply ignored.
    server.store.set_staff_totp(staff.id, None, relais_store::Actor::Cli, jiff::Timestamp::now()).await.unwrap();
    assert_eq!(sign_in(None).await, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn nothing_is_added_to_a_case_erased_by_retention_and_the_counsellor_is_told_so() {
    let server = TestServer::start().await;
    with_staff(&server, "lou", Role::Listener).await;
    let lou_id = server.store.staff_by_name("lou").await.unwrap().unwrap().id;
    let now = jiff::Timestamp::now();
    let case = server
        .store
        .open_case(relais_store::NewCase {
            assigned_to: Some(lou_id),
            ..relais_store::NewCase::waiting(
                relais_core::case::ContactChannel::Phone,
                relais_core::Category::Harassment,
                relais_core::AgeBand::Age13To17,
                relais_core::risk::RiskLevel::None,
                relais_core::case::Skill::Listener,
                now,
            )
        })
        .await
        .unwrap();
    for status in [relais_core::case::CaseStatus::Resolved, relais_core::case::CaseStatus::Closed] {
        assert!(server.store.set_case_status(case.id, status, lou_id, now).await.unwrap());
    }
    let tomorrow = now + jiff::SignedDuration::from_hours(24);
    assert_eq!(server.store.erase_closed_cases(tomorrow, now).await.unwrap(), 1);

    let mut lou = Browser::new(&server);
    lou.sign_in("lou", PASSWORD).await;
    let csrf = field(&lou.get("/console").await.1, "csrf");
    let case_url = format!("/console/cases/{}", case.id);
    assert_eq!(lou.get(&case_url).await.0, StatusCode::OK, "its page still opens");
    for (path, form) in [
        ("notes", vec![("csrf", csrf.as_str()), ("text", "Rappel de la mère.")]),
        ("outcome", vec![("csrf", csrf.as_str()), ("outcome", "referred")]),
        ("risk", vec![("csrf", csrf.as_str()), ("risk", "high"), ("reason", "Nouvelle menace.")]),
        ("notices", vec![("csrf", csrf.as_str()), ("platform", "x"), ("explanation", "x"), ("action", "removal")]),
    ] {
        let (status, page, _) = lou.post(&format!("{case_url}/{path}"), &form).await;
        assert_eq!(status, StatusCode::GONE, "{path}: {page}");
        assert!(page.contains("effacé au terme de sa durée de conservation"), "{path}: {page}");
    }
    let (status, _) = lou
        .upload(&format!("{case_url}/evidence"), vec![("csrf", text(&csrf)), ("url", text("https://piaf.example/p/1"))])
        .await;
    assert_eq!(status, StatusCode::GONE, "no evidence either");
}
