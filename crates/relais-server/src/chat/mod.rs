//! The live chat: a child writes to a counsellor, from the same queue as
//! every other contact.
//!
//! [`child`] is the child's page and the start of a conversation; [`session`]
//! one party's hold on a conversation (what it has not seen, what it sends);
//! [`socket`] the transports (a WebSocket, or server-sent events and posts
//! where WebSockets are blocked); [`bus`] who is woken when a conversation
//! changes, within a server and between servers; [`queue`] each waiting
//! child's place. The counsellor's side is in `crate::console::chats`.

pub mod bus;
pub mod child;
pub mod queue;
pub mod session;
pub mod socket;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Tells whoever holds a case's conversation open that it moved (taken,
/// passed on): they read it again. Nothing when the case has no conversation.
pub async fn moved(state: &AppState, case: relais_core::id::CaseId) {
    match state.store.conversation_of_case(case).await {
        Ok(Some(conversation)) => state.chat_bus.publish(&state.store, conversation.id, bus::Event::Moved).await,
        Ok(None) => {}
        // The parties poll: they will see it a little later.
        Err(e) => tracing::warn!(error = %e, "could not tell a conversation's parties that it moved"),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/chat/{helpline}", get(child::page))
        .route("/chat/{helpline}/start", post(child::start))
        .route("/chat/socket", get(socket::child_socket))
        .route("/chat/stream", post(socket::child_stream))
        .route("/chat/post", post(socket::child_post))
        .route("/chat/survey", post(crate::public::survey::chat))
}
