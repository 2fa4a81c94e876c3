//! Pages for children and parents: the landing page a handoff code opens,
//! the anonymous web form and its call-back variant, the follow-up page, and
//! the helpline's contact card. Server-rendered, readable on the smallest
//! phone, working without script; a refusal is a page in the child's
//! language ([`error`]). Every one has the quick exit ([`QuickExit`]).

pub mod advice;
pub mod contact;
pub mod error;
pub mod followup;
pub mod form;
pub mod landing;
pub mod protect;
pub mod survey;

use axum::Router;
use axum::routing::{get, post};

use relais_core::Locale;

use crate::state::AppState;

/// A public page with its status, never cached (a child's page must not be
/// found again in a shared phone's cache); a page that fails to render is
/// logged and answered 500, never shown half.
pub fn render(page: impl askama::Template, status: axum::http::StatusCode, what: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    match page.render() {
        Ok(html) => {
            (status, [(axum::http::header::CACHE_CONTROL, "no-store")], axum::response::Html(html)).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, page = what, "a public page did not render");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The quick exit every public page carries: a link to a neutral site that,
/// with the page's script (`/assets/quick-exit.js`), replaces the page in
/// the tab's history, forgets what the page kept in session storage, and
/// answers the Escape key too. Without script it is still a way out.
#[derive(Debug, Clone)]
pub struct QuickExit {
    pub label: &'static str,
    pub hint: &'static str,
    pub url: String,
}

impl QuickExit {
    pub fn new(state: &AppState, lang: Locale) -> QuickExit {
        let t = relais_core::i18n::chat::ChatText::get(lang);
        QuickExit { label: t.quick_exit, hint: t.quick_exit_hint, url: state.settings.public.quick_exit_url.clone() }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/h/{code}", get(landing::page))
        .route("/contact.vcf", get(contact::card))
        .route("/contact/{helpline}", get(form::form).post(form::submit))
        .route("/callback/{helpline}", get(form::callback_form))
        .route("/suivi", get(followup::form).post(followup::lookup))
        .route("/proteger", get(protect::form).post(protect::open))
        .route("/proteger/empreintes", post(protect::add))
        .route("/conseils", get(advice::index))
        .route("/conseils/{category}", get(advice::sheet))
        .route("/suis-je-harcele", get(advice::check))
}
