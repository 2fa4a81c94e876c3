//! The counsellors' console: signing in with server-side sessions (ended when
//! idle or at the end of a shift, locked after repeated failures, with an
//! optional second factor); the queue and taking the next case; intake by
//! phone and by a platform's code; the case page and what is done from it
//! (notes, evidence, transfers, status, risk, outcome, notices, escalations);
//! the supervisors' dashboard and audit trail. Every state-changing form
//! carries the session's token, every read of a case is audited, and every
//! refusal is a page in the reader's language ([`error`]).

pub mod access;
pub mod audit_page;
pub mod canned;
pub mod case_actions;
pub mod case_list;
pub mod case_page;
pub mod chats;
pub mod dashboard;
pub mod error;
pub mod escalation;
pub mod evidence;
pub mod home;
pub mod intake;
pub mod locale;
pub mod notices;
pub mod password;
pub mod queue;
pub mod session;
pub mod sign_in;
pub mod throttle;
pub mod totp;

use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use relais_core::i18n::console::ConsoleText;
use relais_core::i18n::fill;
use relais_core::id::{CaseId, EvidenceId, NoticeId, StaffId};
use relais_store::AuditEvent;

use crate::state::AppState;
pub use error::ConsoleError;
use locale::ConsoleLocale;

/// Every console route, once. The router is built from this table, and the
/// tests read it ([`ROUTES`]) to try every route with every role and with
/// none: a route added here is a route the role matrix covers.
macro_rules! console_routes {
    ($($method:ident $path:literal => $handler:path $(, $upload:ident)?;)*) => {
        /// Each route's method and path, as the router serves them.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn table(upload_limit: axum::extract::DefaultBodyLimit) -> Router<AppState> {
            Router::new() $(.route($path, console_routes!(@one $method $handler, upload_limit $(, $upload)?)))*
        }
    };
    (@one $method:ident $handler:path, $limit:ident) => { $method($handler) };
    (@one $method:ident $handler:path, $limit:ident, upload) => { $method($handler).layer($limit) };
}

console_routes! {
    get "/console" => home::page;
    get "/console/login" => sign_in::form;
    post "/console/login" => sign_in::sign_in;
    get "/console/lang/{code}" => locale::switch;
    post "/console/logout" => sign_in::sign_out;
    get "/console/password" => password::form;
    post "/console/password" => password::change;
    post "/console/take-next" => queue::take_next;
    get "/console/queue/events" => queue::events;
    post "/console/handoff" => intake::open_from_handoff;
    post "/console/phone" => intake::log_call;
    post "/console/search" => intake::search;
    get "/console/cases/{id}" => case_page::page;
    post "/console/cases/{id}/notes" => case_actions::add_note;
    post "/console/cases/{id}/evidence" => evidence::upload, upload;
    get "/console/cases/{id}/evidence/{evidence_id}" => evidence::download;
    post "/console/cases/{id}/transfer" => case_actions::transfer;
    post "/console/cases/{id}/handoff" => case_actions::link_handoff;
    post "/console/cases/{id}/outcome" => case_actions::set_outcome;
    post "/console/cases/{id}/hashes/{hash_id}/confirm" => case_actions::confirm_hash;
    post "/console/cases/{id}/risk" => case_actions::override_risk;
    post "/console/cases/{id}/status" => case_actions::change_status;
    post "/console/cases/{id}/notices" => notices::draft;
    post "/console/cases/{id}/notices/{notice_id}/approve" => notices::approve;
    post "/console/cases/{id}/notices/{notice_id}/appeal" => notices::appeal;
    post "/console/cases/{id}/notices/{notice_id}/redeliver" => notices::redeliver;
    post "/console/cases/{id}/escalations" => escalation::bundle;
    post "/console/capacity" => home::set_capacity;
    get "/console/cases" => case_list::page;
    get "/console/canned" => canned::page;
    post "/console/canned" => canned::add;
    post "/console/canned/{canned_id}/delete" => canned::remove;
    get "/console/chats" => chats::held;
    get "/console/cases/{id}/chat" => chats::one;
    get "/console/cases/{id}/chat/socket" => chats::socket;
    post "/console/cases/{id}/chat/end" => chats::end;
    post "/console/cases/{id}/chat/block" => chats::block;
    post "/console/cases/{id}/chat/replies/{seq}/again" => chats::send_again;
    get "/console/audit" => audit_page::page;
    get "/console/dashboard" => dashboard::page;
}

pub fn routes(state: &AppState) -> Router<AppState> {
    // An upload is the file plus a few short fields; the rest of the console keeps the small limit.
    let limits = &state.settings.limits;
    let upload_limit = axum::extract::DefaultBodyLimit::max(limits.evidence_file_bytes + 64 * 1024);
    table(upload_limit)
        // Every route with a case in its path asks first whether this counsellor may open it.
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), access::need_to_know))
        .layer(axum::middleware::from_fn(error::localise))
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
pub(crate) fn with_helpline(state: &AppState, template: &str) -> String {
    fill(template, &[("helpline", state.home_name())])
}

/// A console page, never cached: it shows what a child said.
pub(crate) fn render(page: impl Template, status: StatusCode) -> Result<Response, ConsoleError> {
    Ok((status, [(header::CACHE_CONTROL, "no-store")], Html(page.render()?)).into_response())
}

/// A case id from the path; anything else is a case that does not exist.
pub(crate) fn case_id(text: &str) -> Result<CaseId, ConsoleError> {
    CaseId::parse(text).ok_or(ConsoleError::NotFound(|t| t.no_case))
}

/// A notice id from the path, the same way.
pub(crate) fn notice_id(text: &str) -> Result<NoticeId, ConsoleError> {
    NoticeId::parse(text).ok_or(ConsoleError::NotFound(|t| t.no_notice))
}

/// An item of evidence's id from the path, the same way.
pub(crate) fn evidence_id(text: &str) -> Result<EvidenceId, ConsoleError> {
    EvidenceId::parse(text).ok_or(ConsoleError::NotFound(|t| t.no_evidence))
}

/// What an audit row is about: a case, or a part of one.
pub(crate) use relais_store::audit::subject;

/// Records what a staff member did, to a record or not (`subject` empty). A
/// failure to record is logged loudly but does not lock people out of the console.
pub async fn audit(state: &AppState, staff: StaffId, action: &str, subject: &str) {
    let event = AuditEvent { actor: format!("staff:{staff}"), action: action.to_owned(), subject: subject.to_owned() };
    if let Err(e) = state.store.append_audit(event, state.clock.now()).await {
        tracing::error!(error = %e, action, "could not write to the audit trail");
    }
}
