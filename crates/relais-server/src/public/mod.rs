//! Pages for children and parents: the landing page a handoff code opens,
//! the anonymous web form and its call-back variant, the follow-up page, and
//! the helpline's contact card. Server-rendered, script-free, readable on the
//! smallest phone; a refusal is a page in the child's language ([`error`]).

pub mod contact;
pub mod error;
pub mod followup;
pub mod form;
pub mod landing;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/h/{code}", get(landing::page))
        .route("/contact.vcf", get(contact::card))
        .route("/contact/{helpline}", get(form::form).post(form::submit))
        .route("/callback/{helpline}", get(form::callback_form))
        .route("/suivi", get(followup::form).post(followup::lookup))
}
