//! The counsellors' console. For now: signing in and out, with server-side
//! sessions that end when left idle or at the end of a shift, CSRF tokens on
//! every form, and accounts locked after repeated failures.

pub mod cases;
pub mod dashboard;
pub mod escalation;
pub mod evidence;
pub mod locale;
pub mod notices;
pub mod session;
pub mod totp;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::{SignedDuration, Timestamp};
use relais_core::i18n::console::ConsoleText;
use relais_core::i18n::fill;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::state::AppState;
use locale::ConsoleLocale;
use relais_store::AuditEvent;
use session::{LOGIN_CSRF_COOKIE, SESSION_COOKIE, SignedIn, cookie, cookie_value, random_token};

pub fn routes(limits: &crate::settings::Limits) -> Router<AppState> {
    // An upload is the file plus a few short fields; the rest of the console keeps the small limit.
    let upload_limit = axum::extract::DefaultBodyLimit::max(limits.evidence_file_bytes + 64 * 1024);
    Router::new()
        .route("/console", get(home))
        .route("/console/login", get(login_form).post(login))
        .route("/console/lang/{code}", get(locale::switch))
        .route("/console/logout", post(logout))
        .route("/console/take-next", post(cases::take_next))
        .route("/console/handoff", post(cases::open_from_handoff))
        .route("/console/cases/{id}", get(cases::case_page))
        .route("/console/cases/{id}/notes", post(cases::add_note))
        .route("/console/cases/{id}/evidence", post(evidence::upload).layer(upload_limit))
        .route("/console/cases/{id}/evidence/{evidence_id}", get(evidence::download))
        .route("/console/cases/{id}/transfer", post(cases::transfer))
        .route("/console/cases/{id}/handoff", post(cases::link_handoff))
        .route("/console/cases/{id}/outcome", post(cases::set_outcome))
        .route("/console/cases/{id}/notices", post(notices::draft))
        .route("/console/cases/{id}/escalations", post(escalation::bundle))
        .route("/console/cases/{id}/notices/{notice_id}/approve", post(notices::approve))
        .route("/console/cases/{id}/notices/{notice_id}/appeal", post(notices::appeal))
        .route("/console/cases/{id}/notices/{notice_id}/redeliver", post(notices::redeliver))
        .route("/console/cases/{id}/risk", post(cases::override_risk))
        .route("/console/cases/{id}/status", post(cases::change_status))
        .route("/console/audit", get(cases::audit_log))
        .route("/console/dashboard", get(dashboard::page))
        .route("/console/queue/events", get(cases::queue_events))
        .route("/console/search", post(cases::search))
        .route("/console/phone", post(cases::log_call))
}

#[derive(Template)]
#[template(path = "console_login.html")]
struct LoginPage {
    lang: &'static str,
    title: String,
    c: Chrome,
    error: Option<&'static str>,
    csrf: String,
}

#[derive(Template)]
#[template(path = "console_home.html")]
struct HomePage {
    lang: &'static str,
    title: String,
    c: Chrome,
    who: String,
    csrf: String,
    notice: Option<&'static str>,
    works_cases: bool,
    supervises: bool,
    queue: Vec<cases::QueueRow>,
    categories: Vec<(&'static str, &'static str)>,
    ages: Vec<(&'static str, &'static str)>,
    /// Cases with a notice past its target: link, platform.
    overdue: Vec<(String, String)>,
}

/// What every console page carries around its content: its words, the
/// language switch and the way back.
#[derive(Debug)]
pub(crate) struct Chrome {
    pub t: &'static ConsoleText,
    /// The other language's code, for the switch.
    pub other: &'static str,
    /// This page, to come back to after switching language.
    pub here: String,
    pub back_home: bool,
}

impl Chrome {
    pub fn new(locale: ConsoleLocale, here: &str, back_home: bool) -> Chrome {
        Chrome { t: locale.text(), other: locale.other(), here: here.to_owned(), back_home }
    }
}

/// A console sentence with the helpline's name in it.
/// The end of a case's id: what its page's title, a bundle's file name and the
/// dashboard show, so that a supervisor can tell one case from another by it.
pub(crate) fn short_id(id: &str) -> &str {
    &id[id.len().saturating_sub(8)..]
}

pub(crate) fn with_helpline(state: &AppState, template: &str) -> String {
    fill(template, &[("helpline", state.home_name())])
}

pub(crate) fn render(t: impl Template, status: StatusCode) -> Response {
    match t.render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "console page did not render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The sign-in form, with a fresh token tying the form to this browser.
fn login_page(state: &AppState, locale: ConsoleLocale, error: Option<&'static str>, status: StatusCode) -> Response {
    let csrf = random_token();
    let mut response = render(
        LoginPage {
            lang: locale.code(),
            title: with_helpline(state, locale.text().sign_in_title),
            c: Chrome::new(locale, "/console/login", false),
            error,
            csrf: csrf.clone(),
        },
        status,
    );
    if let Ok(v) = cookie(&state.settings, LOGIN_CSRF_COOKIE, &csrf, "/console").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

async fn login_form(State(state): State<AppState>, locale: ConsoleLocale) -> Response {
    login_page(&state, locale, None, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
    /// The one-time code, for accounts with a second factor.
    #[serde(default)]
    totp: String,
}

/// A real hash to check unknown names against, so that timing does not tell which names exist.
fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| relais_store::passwords::hash(&random_token()).unwrap_or_default()).clone()
}

async fn login(
    State(state): State<AppState>,
    locale: ConsoleLocale,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = locale.text();
    let expected = cookie_value(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !bool::from(expected.as_bytes().ct_eq(form.csrf.as_bytes())) {
        return (
            StatusCode::FORBIDDEN,
            "The form has expired or did not come from this site: reload the sign-in page.",
        )
            .into_response();
    }
    let now = Timestamp::now();
    let staff = match state.store.staff_by_name(form.name.trim()).await {
        Ok(s) => s,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let hash = staff.as_ref().map(|s| s.password_hash.clone()).unwrap_or_else(dummy_hash);
    let password = form.password;
    let matches =
        tokio::task::spawn_blocking(move || relais_store::passwords::verify(&password, &hash)).await.unwrap_or(false);
    let Some(staff) = staff.filter(|s| s.disabled_at.is_none()) else {
        return login_page(&state, locale, Some(t.wrong_credentials), StatusCode::UNAUTHORIZED);
    };
    if staff.locked_until.is_some_and(|until| until > now) {
        metrics::counter!("relais_console_locked_logins_total").increment(1);
        return login_page(&state, locale, Some(t.locked), StatusCode::TOO_MANY_REQUESTS);
    }
    // The second factor, for accounts that have one: checked only after the
    // password, and each code accepted once.
    let matches = matches && (!staff.has_totp || second_factor(&state, &staff.id, &form.totp, now).await);
    if !matches {
        audit(&state, &staff.id, "console.sign_in_failed").await;
        let failures = state.store.record_failed_login(&staff.id).await.unwrap_or(0);
        if failures >= state.settings.console.max_failed_logins {
            let until = now + SignedDuration::from_secs(state.settings.console.lockout_seconds as i64);
            if let Err(e) = state.store.lock_staff(&staff.id, until).await {
                tracing::error!(error = %e, "could not lock an account");
            }
            tracing::warn!(staff = %staff.id, "account locked after repeated failed sign-ins");
            audit(&state, &staff.id, "console.account_locked").await;
        }
        return login_page(&state, locale, Some(t.wrong_credentials), StatusCode::UNAUTHORIZED);
    }
    let token = random_token();
    let csrf = random_token();
    let opened = async {
        state.store.clear_failed_logins(&staff.id).await?;
        state.store.create_session(&token, &staff.id, &csrf, now).await
    };
    if let Err(e) = opened.await {
        return crate::error::AppError::from(e).into_response();
    }
    tracing::info!(staff = %staff.id, "signed in");
    audit(&state, &staff.id, "console.sign_in").await;
    let mut response = Redirect::to("/console").into_response();
    if let Ok(v) = cookie(&state.settings, SESSION_COOKIE, &token, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

async fn second_factor(state: &AppState, staff_id: &str, code: &str, now: Timestamp) -> bool {
    let secret = match state.store.staff_totp_secret(staff_id).await {
        Ok(Some(secret)) => secret,
        Ok(None) => return false,
        Err(e) => {
            tracing::error!(error = %e, "could not read a second factor");
            return false;
        }
    };
    let Some(step) = totp::check(&secret, code, now.as_second().max(0) as u64) else { return false };
    state.store.claim_totp_step(staff_id, step).await.unwrap_or(false)
}

#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    empty: Option<String>,
    unknown_code: Option<String>,
    transferred: Option<String>,
    not_found: Option<String>,
}

async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
    query: Result<axum::extract::Query<HomeQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let s = &signed_in.session.staff;
    let works_cases = s.role.may(relais_core::staff::Permission::WorkCases);
    let overdue = if works_cases {
        match crate::notices::sla::current(&state).await {
            Ok((_, overdue)) => {
                overdue.into_iter().map(|t| (format!("/console/cases/{}#notices", t.case_id), t.platform)).collect()
            }
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    } else {
        vec![]
    };
    let queue = if works_cases {
        match state.store.waiting_cases(s.role.skill(), 100).await {
            Ok(waiting) => cases::queue_rows(&waiting, Timestamp::now(), locale.0),
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    } else {
        vec![]
    };
    let t = locale.text();
    let notice = query.ok().and_then(|axum::extract::Query(q)| {
        if q.empty.is_some() {
            Some(t.queue_empty)
        } else if q.not_found.is_some() {
            Some(t.no_case_with_code)
        } else if q.transferred.is_some() {
            Some(t.transferred)
        } else if q.unknown_code.is_some() {
            Some(t.unknown_handoff_code)
        } else {
            None
        }
    });
    render(
        HomePage {
            lang: locale.code(),
            title: with_helpline(&state, t.title),
            c: Chrome::new(locale, "/console", false),
            who: fill(t.signed_in_as, &[("name", &s.name), ("role", s.role.label(locale.0))]),
            csrf: signed_in.session.csrf_token.clone(),
            notice,
            works_cases,
            supervises: s.role.may(relais_core::staff::Permission::SuperviseLine),
            queue,
            categories: relais_core::Category::ALL.iter().map(|c| (c.code(), c.label(locale.0))).collect(),
            ages: ["unknown", "under_13", "13_17", "18_plus"].into_iter().map(|a| (a, t.age(a))).collect(),
            overdue,
        },
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

async fn logout(State(state): State<AppState>, signed_in: SignedIn, Form(form): Form<CsrfForm>) -> Response {
    if !signed_in.csrf_matches(&form.csrf) {
        return (StatusCode::FORBIDDEN, "Missing or wrong form token.").into_response();
    }
    if let Err(e) = state.store.end_session(&signed_in.token, Timestamp::now()).await {
        return crate::error::AppError::from(e).into_response();
    }
    audit(&state, &signed_in.session.staff.id, "console.sign_out").await;
    let mut response = Redirect::to("/console/login").into_response();
    if let Ok(v) = session::expired_cookie(SESSION_COOKIE, "/").parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// Records what a staff member did to a record (see [`audit`]).
pub async fn audit_subject(state: &AppState, staff_id: &str, action: &str, subject: &str) {
    let event =
        AuditEvent { actor: format!("staff:{staff_id}"), action: action.to_owned(), subject: subject.to_owned() };
    if let Err(e) = state.store.append_audit(event, Timestamp::now()).await {
        tracing::error!(error = %e, action, "could not write to the audit trail");
    }
}

/// Records what a staff member did. A failure to record is logged loudly but
/// does not lock people out of the console.
pub async fn audit(state: &AppState, staff_id: &str, action: &str) {
    audit_subject(state, staff_id, action, "").await;
}
