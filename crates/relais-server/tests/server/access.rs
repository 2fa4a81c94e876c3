//! Who may use which console route, and which cases a counsellor may open.
//! The role matrix reads the console's own route table, so that a route added
//! to the console is a route tried here with every role and with none.

use crate::common::TestServer;
use crate::common::browser::{Browser, PASSWORD, with_staff};
use relais_core::case::{ContactChannel, Skill};
use relais_core::staff::Role;
use relais_store::{Actor, NewCase};
use reqwest::StatusCode;

/// What a request should meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Sent to the sign-in form.
    ToSignIn,
    /// A 403.
    Refused,
    /// Heard: whatever the route answers, neither of the above nor a server error.
    Served,
}

/// Who may use each route. A route of the table without an answer here fails
/// the test: say who may use it.
fn expect(method: &str, path: &str, role: Option<Role>) -> Expect {
    use Expect::*;
    let works_cases = |r: Role| r != Role::Admin;
    match (method, path, role) {
        ("get", "/console/login", _) | ("get", "/console/lang/{code}", _) => Served,
        // No sign-in form was shown to this client: its token is missing.
        ("post", "/console/login", _) => Refused,
        (_, _, None) => ToSignIn,
        // Signed out: to the sign-in form (the audit trail shows it was a sign-out).
        ("post", "/console/logout", _) => ToSignIn,
        (_, "/console/password", _) | ("get", "/console", _) => Served,
        (
            _,
            "/console/take-next"
            | "/console/queue/events"
            | "/console/handoff"
            | "/console/phone"
            | "/console/search"
            | "/console/chats"
            | "/console/capacity",
            Some(r),
        ) => {
            if works_cases(r) {
                Served
            } else {
                Refused
            }
        }
        ("get", "/console/canned", Some(r)) => {
            if works_cases(r) {
                Served
            } else {
                Refused
            }
        }
        (_, p, Some(r)) if p.starts_with("/console/cases/{id}") => {
            // The case is a colleague's: only a supervisor may open it.
            if r == Role::Supervisor { Served } else { Refused }
        }
        ("post", "/console/canned" | "/console/canned/{canned_id}/delete", Some(r))
        | ("get", "/console/audit" | "/console/dashboard" | "/console/cases", Some(r)) => {
            if matches!(r, Role::Supervisor | Role::Admin) { Served } else { Refused }
        }
        _ => panic!("{method} {path} has no expectation: say who may use it"),
    }
}

#[tokio::test]
async fn every_console_route_with_every_role_and_with_none() {
    let server = TestServer::start().await;
    let roles = [Role::Listener, Role::Psychologist, Role::Jurist, Role::Supervisor, Role::Admin];
    for role in roles {
        with_staff(&server, role.code(), role).await;
    }
    with_staff(&server, "colleague", Role::Listener).await;
    let colleague = server.store.staff_by_name("colleague").await.unwrap().unwrap().id;
    let now = server.clock.now();
    // A case a colleague is handling: in no queue, assigned to them alone.
    let case = server
        .store
        .open_case(NewCase {
            assigned_to: Some(colleague),
            opened_by: Actor::Staff(colleague),
            ..NewCase::waiting(
                ContactChannel::Phone,
                relais_core::Category::Harassment,
                relais_core::AgeBand::Age13To17,
                relais_core::risk::RiskLevel::None,
                Skill::Listener,
                now,
            )
        })
        .await
        .unwrap();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut refused_cases = 0;
    let mut tried = 0;
    for &(method, route) in relais_server::console::ROUTES {
        let path = route
            .replace("{id}", &case.id.to_string())
            .replace("{evidence_id}", &uuid::Uuid::now_v7().to_string())
            .replace("{notice_id}", &uuid::Uuid::now_v7().to_string())
            .replace("{code}", "en");
        for role in std::iter::once(None).chain(roles.map(Some)) {
            // A session of its own for each request: signing out in one does not spoil the next.
            let mut request = match method {
                "get" => http.get(format!("{}{path}", server.url)),
                "post" => http.post(format!("{}{path}", server.url)).form(&[("csrf", "the-form-token")]),
                other => panic!("a route with method {other}"),
            };
            if let Some(role) = role {
                let staff = server.store.staff_by_name(role.code()).await.unwrap().unwrap();
                let token = format!("{:064x}", uuid::Uuid::now_v7().as_u128());
                server.store.create_session(&token, staff.id, "the-form-token", server.clock.now()).await.unwrap();
                request = request.header("cookie", format!("relais_session={token}"));
            }
            let response = request.send().await.unwrap();
            let status = response.status();
            let to_sign_in = response.headers().get("location").is_some_and(|l| l == "/console/login");
            let met = match status {
                StatusCode::SEE_OTHER if to_sign_in => Expect::ToSignIn,
                StatusCode::FORBIDDEN => Expect::Refused,
                s => {
                    assert!(!s.is_server_error(), "{method} {path} as {role:?}: {s}");
                    Expect::Served
                }
            };
            assert_eq!(met, expect(method, route, role), "{method} {route} as {role:?}: {status}");
            if met == Expect::Refused && route.starts_with("/console/cases/") {
                refused_cases += 1;
            }
            tried += 1;
        }
    }
    assert_eq!(tried, relais_server::console::ROUTES.len() * 6);
    // Every refusal about a case is in the audit trail, with who was refused.
    let refusals = server
        .store
        .audit_of(&format!("case:{}", case.id))
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.event.action == "case.access_refused")
        .count();
    assert_eq!(refusals, refused_cases);
    assert!(refused_cases >= 4 * 14, "four roles on every case route: {refused_cases}");
    let rows = server.store.audit_rows(0, 10_000).await.unwrap();
    assert_eq!(rows.iter().filter(|r| r.event.action == "console.sign_out").count(), roles.len());
}

async fn waiting_case(server: &TestServer, skill: Skill) -> relais_core::id::CaseId {
    server
        .store
        .open_case(NewCase::waiting(
            ContactChannel::WebForm,
            relais_core::Category::Harassment,
            relais_core::AgeBand::Age13To17,
            relais_core::risk::RiskLevel::None,
            skill,
            server.clock.now(),
        ))
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_counsellor_opens_their_queue_their_cases_and_their_work_a_supervisor_all() {
    let server = TestServer::start().await;
    for (name, role) in
        [("lou", Role::Listener), ("sam", Role::Listener), ("jo", Role::Jurist), ("sup", Role::Supervisor)]
    {
        with_staff(&server, name, role).await;
    }
    let mut b = std::collections::HashMap::new();
    for name in ["lou", "sam", "jo", "sup"] {
        let mut browser = Browser::new(&server);
        browser.sign_in(name, PASSWORD).await;
        b.insert(name, browser);
    }
    let case = waiting_case(&server, Skill::Listener).await;
    let page = format!("/console/cases/{case}");
    assert_eq!(status(&mut b, "lou", &page).await, StatusCode::OK, "in the listeners' queue");
    assert_eq!(status(&mut b, "jo", &page).await, StatusCode::FORBIDDEN, "not in the jurists' queue");

    let csrf = crate::common::browser::field(&b.get_mut("lou").unwrap().get("/console").await.1, "csrf");
    b.get_mut("lou").unwrap().submit("/console/take-next", &[("csrf", csrf.as_str())]).await;
    let (status_sam, html, _) = b.get_mut("sam").unwrap().get(&page).await;
    assert_eq!(status_sam, StatusCode::FORBIDDEN, "lou's case now");
    assert!(html.contains("Ce refus est noté au journal d&#39;audit."), "{html}");
    assert!(!html.contains(&format!("href=\"{page}\"")), "no way back to a case the reader may not open");

    b.get_mut("lou").unwrap().submit(&format!("{page}/transfer"), &[("csrf", csrf.as_str()), ("to", "jurist")]).await;
    assert_eq!(status(&mut b, "lou", &page).await, StatusCode::OK, "lou worked on it");
    assert_eq!(status(&mut b, "jo", &page).await, StatusCode::OK, "in the jurists' queue now");
    assert_eq!(status(&mut b, "sam", &page).await, StatusCode::FORBIDDEN);
    assert_eq!(status(&mut b, "sup", &page).await, StatusCode::OK, "a supervisor opens all");

    let refused: Vec<String> = server
        .store
        .audit_of(&format!("case:{case}"))
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.event.action == "case.access_refused")
        .map(|r| r.event.actor)
        .collect();
    let sam = server.store.staff_by_name("sam").await.unwrap().unwrap().id;
    let jo = server.store.staff_by_name("jo").await.unwrap().unwrap().id;
    assert_eq!(refused, [format!("staff:{jo}"), format!("staff:{sam}"), format!("staff:{sam}")]);
}

/// What `name`'s browser gets at `page`.
async fn status(browsers: &mut std::collections::HashMap<&str, Browser>, name: &str, page: &str) -> StatusCode {
    browsers.get_mut(name).unwrap().get(page).await.0
}

#[tokio::test]
async fn the_childs_code_read_out_opens_their_case_to_whoever_answers() {
    let server = TestServer::start().await;
    with_staff(&server, "sam", Role::Listener).await;
    with_staff(&server, "lou", Role::Listener).await;
    let lou = server.store.staff_by_name("lou").await.unwrap().unwrap().id;
    let reference = relais_core::case::CaseReference::from_random([7; 9]);
    let case = server
        .store
        .open_case(NewCase {
            reference: Some(reference.clone()),
            assigned_to: Some(lou),
            ..NewCase::waiting(
                ContactChannel::WebForm,
                relais_core::Category::Harassment,
                relais_core::AgeBand::Age13To17,
                relais_core::risk::RiskLevel::None,
                Skill::Listener,
                server.clock.now(),
            )
        })
        .await
        .unwrap();
    let mut sam = Browser::new(&server);
    sam.sign_in("sam", PASSWORD).await;
    assert_eq!(sam.get(&format!("/console/cases/{}", case.id)).await.0, StatusCode::FORBIDDEN);
    let csrf = crate::common::browser::field(&sam.get("/console").await.1, "csrf");
    let (status, location) = sam.submit("/console/search", &[("csrf", csrf.as_str()), ("code", &reference.code)]).await;
    assert_eq!((status, location.clone()), (StatusCode::SEE_OTHER, format!("/console/cases/{}", case.id)));
    assert_eq!(sam.get(&location).await.0, StatusCode::OK, "the child called back and read their code to sam");
}

#[tokio::test]
async fn a_helpline_may_widen_what_a_role_opens() {
    let server = TestServer::start_with(|s| {
        s.console.access.listener = vec![relais_core::case::access::Access::All];
        s.console.access.supervisor = vec![relais_core::case::access::Access::Queue];
    })
    .await;
    with_staff(&server, "sam", Role::Listener).await;
    with_staff(&server, "sup", Role::Supervisor).await;
    let case = waiting_case(&server, Skill::Jurist).await;
    let mut sam = Browser::new(&server);
    sam.sign_in("sam", PASSWORD).await;
    assert_eq!(sam.get(&format!("/console/cases/{case}")).await.0, StatusCode::OK);
    let mut sup = Browser::new(&server);
    sup.sign_in("sup", PASSWORD).await;
    assert_eq!(sup.get(&format!("/console/cases/{case}")).await.0, StatusCode::FORBIDDEN, "narrowed");
}
