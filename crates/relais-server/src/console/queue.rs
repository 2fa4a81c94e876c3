//! The queue as counsellors see it: the waiting cases of their skill in
//! answering order, taking the next one, and the same list pushed to the
//! first page as it changes.

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use relais_core::Locale;
use relais_core::i18n::console::ConsoleText;
use relais_store::QueuedCase;
use serde::Deserialize;

use super::access::{Counsellor, CounsellorForm};
use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use crate::state::AppState;

/// One line of the queue, as the console shows it.
#[derive(Debug, serde::Serialize, PartialEq, Eq)]
pub struct QueueRow {
    pub risk: &'static str,
    pub category: &'static str,
    pub age: &'static str,
    pub waited: String,
}

pub fn queue_rows(cases: &[QueuedCase], now: Timestamp, locale: Locale) -> Vec<QueueRow> {
    let t = ConsoleText::get(locale);
    cases
        .iter()
        .map(|c| QueueRow {
            risk: t.risk(c.risk),
            category: c.category.label(locale),
            age: t.age(c.age_band.code()),
            waited: format!("{} min", (now - c.queued_at).as_secs().max(0) / 60),
        })
        .collect()
}

/// A form that carries nothing but its token.
#[derive(Debug, Deserialize)]
pub struct Nothing {}

/// `POST /console/take-next`: the most urgent waiting case of the counsellor's skill becomes theirs.
pub async fn take_next(
    State(state): State<AppState>,
    CounsellorForm(counsellor, Nothing {}): CounsellorForm<Nothing>,
) -> Result<Response, ConsoleError> {
    let staff = counsellor.staff();
    match state.store.take_next(staff.id, staff.role.skill(), state.clock.now()).await? {
        // A chat opens where the counsellor writes; any other case on its page.
        Some(case) if case.channel.is_conversation() => {
            crate::chat::moved(&state, case.id).await;
            Ok(Redirect::to(&format!("/console/chats#pane-{}", case.id)).into_response())
        }
        Some(case) => Ok(Redirect::to(&format!("/console/cases/{}", case.id)).into_response()),
        None => Ok(Redirect::to("/console?empty=1").into_response()),
    }
}

/// `GET /console/queue/events`: the queue, pushed to the console as it changes
/// (server-sent events). A case moving on any server wakes the stream
/// ([`relais_store::Store::case_moves`]); the queue is also read again every
/// `live_queue_millis` (the minutes waited go on, and a signal can be lost).
/// Sent only when it changed; the stream ends with the session.
pub async fn events(State(state): State<AppState>, counsellor: Counsellor, locale: ConsoleLocale) -> Response {
    let skill = counsellor.staff().role.skill();
    let token = counsellor.signed_in.token;
    let moves = state.store.case_moves();
    let start = (state, moves, None::<String>, tokio::time::Instant::now());
    let stream = futures_util::stream::unfold(start, move |(state, mut moves, last, mut read_at)| {
        let token = token.clone();
        async move {
            loop {
                if last.is_some() {
                    let beat = state.settings.console.live_queue_millis.max(10);
                    let mut closing = state.closing.subscribe();
                    let moved = tokio::select! {
                        () = tokio::time::sleep(std::time::Duration::from_millis(beat)) => false,
                        _ = moves.changed() => true,
                        // The server shuts down: the stream ends, and the console reconnects to the next one.
                        _ = closing.wait_for(|closing| *closing) => return None,
                    };
                    if moved {
                        // At most a few reads a second however fast cases move: the first change
                        // is shown at once, the ones right after it together.
                        tokio::time::sleep_until(read_at + PACE).await;
                    }
                }
                // A session that ended (sign-out, idle, end of shift, a new password,
                // a disabled account) ends the stream. Streaming is not activity:
                // a console left open on an empty desk still goes idle.
                match super::session::live(&state, &token, state.clock.now()).await {
                    Ok(Some(_)) => {}
                    _ => return None,
                }
                moves.mark_unchanged();
                read_at = tokio::time::Instant::now();
                let waiting = state.store.waiting_cases(skill, 100).await.ok()?;
                let json = serde_json::to_string(&queue_rows(&waiting, state.clock.now(), locale.0)).ok()?;
                if last.as_deref() != Some(json.as_str()) {
                    let event = Event::default().event("queue").data(json.clone());
                    return Some((Ok::<_, std::convert::Infallible>(event), (state, moves, Some(json), read_at)));
                }
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// The shortest time between two reads of the queue for one console.
const PACE: std::time::Duration = std::time::Duration::from_millis(100);
