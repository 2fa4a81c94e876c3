//! Messaging apps (WhatsApp, Messenger, Instagram) into the same
//! conversations as the chat page: the same queue, case and counsellor pane.
//!
//! [`webhook`] receives what Meta sends (signature first, stored before the
//! 200); [`intake`] takes it in (a conversation joined or opened, an
//! attachment kept as evidence, a reply's status moved); [`replies`] sends
//! what the helpline writes, as the app's window allows; [`graph`] is the
//! Graph API client both use; [`meta`] reads Meta's payloads.

pub mod graph;
pub mod intake;
pub mod meta;
pub mod replies;
pub mod webhook;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/webhooks/meta/{channel}", get(webhook::verify).post(webhook::receive))
        // Meta batches events: a webhook may be larger than the API's bodies (checked again in the handler).
        .layer(axum::extract::DefaultBodyLimit::max(state.settings.messaging.webhook_max_bytes + 1))
}
