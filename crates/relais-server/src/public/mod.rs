//! Pages for children and parents: the landing page a handoff code opens,
//! and the helpline's contact card. Server-rendered, script-free, readable
//! on the smallest phone.

pub mod contact;
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
