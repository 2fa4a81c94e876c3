//! The desk at `/meta`: the phone's conversation, a form to write as the child, the failure modes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{App, Behaviour, Counts, Line, Meta, Statuses};

#[derive(askama::Template)]
#[template(path = "meta.html")]
struct Desk {
    app: &'static str,
    lines: Vec<Line>,
    behaviour: Behaviour,
    counts: Counts,
    phone: String,
}

pub(super) async fn desk(State(meta): State<Meta>) -> Response {
    let app = match meta.0.channel.app {
        App::WhatsApp => "WhatsApp",
        App::Messenger => "Messenger",
        App::Instagram => "Instagram",
    };
    crate::page(Desk {
        app,
        lines: meta.lines(),
        behaviour: meta.behaviour(),
        counts: meta.counts(),
        phone: DEMO_PHONE.to_owned(),
    })
}

/// The number the desk writes from.
pub const DEMO_PHONE: &str = "33612345678";

#[derive(Deserialize)]
pub(super) struct DeskForm {
    /// What the child writes, if the form is the phone's.
    text: Option<String>,
    from: Option<String>,
    /// The failure modes, if the form is the desk's.
    window_closed: Option<String>,
    rate_limit_next: Option<u32>,
    fail_next: Option<u32>,
    lose_next: Option<u32>,
    repeat_deliveries: Option<String>,
    statuses: Option<String>,
    media_gone: Option<String>,
}

pub(super) async fn set_desk(State(meta): State<Meta>, axum::Form(form): axum::Form<DeskForm>) -> Response {
    if let Some(text) = form.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let from = form.from.as_deref().filter(|f| !f.is_empty()).unwrap_or(DEMO_PHONE).to_owned();
        if let Err(e) = meta.write(&from, text).await {
            return (StatusCode::BAD_GATEWAY, format!("Relais could not be reached: {e}")).into_response();
        }
    } else if form.rate_limit_next.is_some() || form.fail_next.is_some() || form.statuses.is_some() {
        meta.set(|b| {
            b.window_closed = form.window_closed.is_some();
            b.rate_limit_next = form.rate_limit_next.unwrap_or(0);
            b.fail_next = form.fail_next.unwrap_or(0);
            b.lose_next = form.lose_next.unwrap_or(0);
            b.repeat_deliveries = form.repeat_deliveries.is_some();
            b.media_gone = form.media_gone.is_some();
            b.statuses = match form.statuses.as_deref() {
                Some("out_of_order") => Statuses::OutOfOrder,
                Some("silent") => Statuses::Silent,
                _ => Statuses::InOrder,
            };
        });
    }
    axum::response::Redirect::to("/meta").into_response()
}
