//! The transports of a conversation: a WebSocket, and for networks that
//! block them (schools, some mobile operators), a stream of server-sent
//! events read with `fetch` and posts beside it. Both carry the same frames
//! ([`super::session`]) and end the same way: when the party leaves, when
//! the conversation ends, when the server shuts down.
//!
//! The child is known by their resume token only, sent in the first frame
//! or the request's body, never in an address (addresses end up in logs).

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::session::{ClientFrame, Party, ServerFrame, Session};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::extract::StrictJson;
use crate::state::AppState;

/// The largest frame a client may send: a message of 2,000 characters, in
/// any script, with room for its JSON.
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// Frames a client may send in a second before its socket is closed (typing included).
const FRAMES_PER_SECOND: u32 = 20;
/// How long a new socket has to say who it is.
const HELLO_WITHIN: Duration = Duration::from_secs(10);

/// `GET /chat/socket`: the child's WebSocket.
pub async fn child_socket(State(state): State<AppState>, client: ClientAddr, upgrade: WebSocketUpgrade) -> Response {
    if state.chat_connects.check_key(&client.0).is_err() {
        return AppError::TooManyRequests.into_response();
    }
    sized(upgrade).on_upgrade(move |socket| child(socket, state, client.0))
}

/// A chat socket's limits and buffers. Frames are small and each is written
/// at once, so the buffers are a few KiB rather than the library's 128 KiB
/// each way: ten thousand children waiting cost megabytes, not gigabytes.
pub fn sized(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_write_buffer_size(64 * 1024)
}

/// The first frame of a socket: who it is (a child's resume token) and the
/// last message number it saw. None, after closing the socket, when it says
/// nothing in time or something else.
pub async fn hello(socket: &mut WebSocket) -> Option<(Option<String>, u64)> {
    let heard = tokio::time::timeout(HELLO_WITHIN, socket.recv()).await;
    let Ok(Some(Ok(WsMessage::Text(text)))) = heard else {
        refuse(socket, "say hello first").await;
        return None;
    };
    let Ok(ClientFrame::Hello { token, after }) = serde_json::from_str::<ClientFrame>(&text) else {
        refuse(socket, "the first frame is a hello").await;
        return None;
    };
    Some((token, after))
}

async fn child(mut socket: WebSocket, state: AppState, client: std::net::IpAddr) {
    let Some((token, after)) = hello(&mut socket).await else { return };
    let Some(token) = token else { return refuse(&mut socket, "the hello carries the resume token").await };
    let (mut session, initial) = match open_child(&state, &token, after).await {
        Ok(opened) => opened,
        Err(frame) => {
            let _ = send(&mut socket, &[frame]).await;
            return refuse(&mut socket, "unknown conversation").await;
        }
    };
    session.from_address(client);
    run(socket, (session, initial), state).await;
}

/// The child's conversation, opened at `after`; a refusal frame when the token opens none.
async fn open_child(state: &AppState, token: &str, after: u64) -> Result<(Session, Vec<ServerFrame>), ServerFrame> {
    let unknown = |locale| {
        let t = relais_core::i18n::chat::ChatText::get(locale);
        ServerFrame::Error { code: "unknown", message: t.unknown_chat.to_owned(), id: None }
    };
    let found = state.store.conversation_by_token(token).await.ok().flatten();
    let Some(conversation) = found else { return Err(unknown(relais_core::Locale::Fr)) };
    let locale = conversation.locale;
    Session::open(state, conversation, Party::Child, locale, after).await.map_err(|e| {
        tracing::error!(error = %e, "a conversation could not be opened");
        unknown(locale)
    })
}

async fn send(socket: &mut WebSocket, frames: &[ServerFrame]) -> Result<(), axum::Error> {
    for frame in frames {
        let text = serde_json::to_string(frame).unwrap_or_default();
        socket.send(WsMessage::Text(text.into())).await?;
    }
    Ok(())
}

/// Closes a socket that broke the rules (code 1008, policy).
async fn refuse(socket: &mut WebSocket, reason: &'static str) {
    close(socket, 1008, reason).await;
}

async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) {
    let frame = CloseFrame { code, reason: reason.into() };
    let _ = socket.send(WsMessage::Close(Some(frame))).await;
}

/// Serves one party's socket until it leaves, the conversation ends (closed
/// normally, code 1000, once the last frames are sent), the party may no
/// longer hold it, or the server shuts down.
pub async fn run(mut socket: WebSocket, opened: (Session, Vec<ServerFrame>), state: AppState) {
    let (mut session, initial) = opened;
    let mut events = state.chat_bus.subscribe(session.id());
    let mut positions = state.chat_positions.subscribe();
    let mut closing = state.closing.subscribe();
    let mut poll = tokio::time::interval(Duration::from_millis(state.settings.chat.poll_millis.max(50)));
    poll.reset();
    if send(&mut socket, &initial).await.is_err() {
        return;
    }
    let mut window = (tokio::time::Instant::now(), 0u32);
    loop {
        if *closing.borrow_and_update() {
            // Subscribed after the shutdown began: no change will come to wake it.
            return close(&mut socket, 1012, "the server restarts: reconnect").await;
        }
        if session.ended() {
            return close(&mut socket, 1000, "the conversation has ended").await;
        }
        if session.passed_on() {
            return close(&mut socket, 1000, "the conversation was passed on").await;
        }
        let frames = tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(incoming)) = incoming else { return };
                // Every frame counts against the window, pings and binary ones too.
                let now = tokio::time::Instant::now();
                if now.duration_since(window.0) >= Duration::from_secs(1) {
                    window = (now, 0);
                }
                window.1 += 1;
                if window.1 > FRAMES_PER_SECOND {
                    return refuse(&mut socket, "too many frames").await;
                }
                match incoming {
                    WsMessage::Text(text) => match serde_json::from_str::<ClientFrame>(&text) {
                        Ok(frame) => session.on_client(frame).await,
                        Err(_) => Ok(vec![unreadable()]),
                    },
                    WsMessage::Binary(_) => Ok(vec![unreadable()]),
                    WsMessage::Ping(_) | WsMessage::Pong(_) => Ok(Vec::new()),
                    WsMessage::Close(_) => return,
                }
            },
            event = events.recv() => match event {
                Ok(event) => session.on_event(event).await,
                Err(RecvError::Lagged(_)) => session.catch_up().await,
                Err(RecvError::Closed) => return,
            },
            changed = positions.changed() => match changed {
                Ok(()) => Ok(session.standing().into_iter().collect()),
                Err(_) => return,
            },
            _ = poll.tick() => {
                if !session.still_allowed().await {
                    return refuse(&mut socket, "signed out").await;
                }
                session.catch_up().await
            },
            changed = closing.changed() => match changed {
                Ok(()) => continue,
                Err(_) => return,
            },
        };
        let frames = match frames {
            Ok(frames) => frames,
            Err(e) => {
                tracing::error!(error = %e, "a conversation could not be read");
                return close(&mut socket, 1011, "the conversation could not be read; reconnect").await;
            }
        };
        if send(&mut socket, &frames).await.is_err() {
            return;
        }
    }
}

fn unreadable() -> ServerFrame {
    ServerFrame::Error {
        code: "unreadable",
        message: "A frame is a JSON object: hello, send, typing or leave.".to_owned(),
        id: None,
    }
}

/// The child's token and the last message they saw, in a request's body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamBody {
    token: String,
    #[serde(default)]
    after: u64,
}

/// `POST /chat/stream`: the conversation as server-sent events, for a
/// network that blocks WebSockets.
pub async fn child_stream(
    State(state): State<AppState>,
    client: ClientAddr,
    StrictJson(body): StrictJson<StreamBody>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, AppError> {
    if state.chat_connects.check_key(&client.0).is_err() {
        return Err(AppError::TooManyRequests);
    }
    let (session, initial) = open_child(&state, &body.token, body.after)
        .await
        .map_err(|_| AppError::NotFound("this conversation".to_owned()))?;
    let watch = Watch {
        events: state.chat_bus.subscribe(session.id()),
        positions: state.chat_positions.subscribe(),
        closing: state.closing.subscribe(),
        poll: tokio::time::interval(Duration::from_millis(state.settings.chat.poll_millis.max(50))),
    };
    let stream =
        futures_util::stream::unfold((session, initial, watch), |(mut session, mut pending, mut w)| async move {
            loop {
                if !pending.is_empty() {
                    let frame = pending.remove(0);
                    let event = SseEvent::default().data(serde_json::to_string(&frame).unwrap_or_default());
                    return Some((Ok(event), (session, pending, w)));
                }
                // Everything was said: an ended conversation, or a server shutting down, ends the stream.
                if session.ended() || *w.closing.borrow_and_update() {
                    return None;
                }
                let (events, positions, closing, poll) = (&mut w.events, &mut w.positions, &mut w.closing, &mut w.poll);
                let frames = tokio::select! {
                    event = events.recv() => match event {
                        Ok(event) => session.on_event(event).await,
                        Err(RecvError::Lagged(_)) => session.catch_up().await,
                        Err(RecvError::Closed) => return None,
                    },
                    changed = positions.changed() => match changed {
                        Ok(()) => Ok(session.standing().into_iter().collect()),
                        Err(_) => return None,
                    },
                    _ = poll.tick() => session.catch_up().await,
                    changed = closing.changed() => match changed {
                        Ok(()) => continue,
                        Err(_) => return None,
                    },
                };
                pending = frames.ok()?;
            }
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// What a stream waits on between its frames.
struct Watch {
    events: tokio::sync::broadcast::Receiver<super::bus::Event>,
    positions: tokio::sync::watch::Receiver<std::sync::Arc<super::queue::Positions>>,
    closing: tokio::sync::watch::Receiver<bool>,
    poll: tokio::time::Interval,
}

/// What a child posts beside the stream.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    token: String,
    frame: ClientFrame,
}

/// `POST /chat/post`: a frame (send, typing, leave) from a child reading the
/// stream; answered with the frames a socket would have sent back (an
/// acknowledgement, or the refusal of the message, as on a socket).
pub async fn child_post(
    State(state): State<AppState>,
    client: ClientAddr,
    StrictJson(body): StrictJson<PostBody>,
) -> Result<Response, AppError> {
    // Every post counts against the address (a send, a typing, a leave), before anything is read.
    if state.chat_senders.check_key(&client.0).is_err() {
        return Err(AppError::TooManyRequests);
    }
    let found = state.store.conversation_by_token(&body.token).await?;
    let Some(conversation) = found else { return Err(AppError::NotFound("this conversation".to_owned())) };
    let (locale, seen) = (conversation.locale, conversation.last_seq);
    let (mut session, _) = Session::open(&state, conversation, Party::Child, locale, seen).await?;
    let frames: Vec<ServerFrame> = session
        .on_client(body.frame)
        .await?
        .into_iter()
        .filter(|f| matches!(f, ServerFrame::Ack { .. } | ServerFrame::Error { .. }))
        .collect();
    Ok((StatusCode::OK, Json(frames)).into_response())
}
