//! The audit trail, for supervisors: whether the chain holds (checked whole, a
//! page at a time) and its last rows. Reading it is itself audited.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use relais_core::i18n::fill;
use relais_core::staff::Permission;
use relais_store::ChainCheck;

use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::session::SignedIn;
use super::{Chrome, audit, render};
use crate::state::AppState;

/// The rows the page shows, newest first.
const SHOWN: u32 = 200;

#[derive(Template)]
#[template(path = "console_audit.html")]
struct AuditPage {
    lang: &'static str,
    title: &'static str,
    c: Chrome,
    chain: String,
    rows: Vec<(u64, String, String, String, String)>,
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
) -> Result<Response, ConsoleError> {
    let t = locale.text();
    let staff = signed_in.require(Permission::ReadAuditLog, |t| t.reads_audit)?;
    audit(&state, staff.id, "audit.read", "").await;
    let chain = match state.store.verify_audit().await? {
        ChainCheck::Intact { rows } => fill(t.chain_intact, &[("rows", &rows.to_string())]),
        ChainCheck::Broken { seq, reason } => fill(t.chain_broken, &[("seq", &seq.to_string()), ("reason", &reason)]),
    };
    let rows = state
        .store
        .latest_audit(SHOWN)
        .await?
        .into_iter()
        .map(|r| (r.seq, r.at.to_string(), r.event.actor, r.event.action, r.event.subject))
        .collect();
    let c = Chrome::new(locale, "/console/audit", true);
    render(AuditPage { lang: locale.code(), title: t.audit_log, c, chain, rows }, StatusCode::OK)
}
