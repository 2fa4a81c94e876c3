//! The counsellor's side of the chat: the conversations they hold, side by
//! side, each with its transcript, the child's typing, ready answers, a link
//! the child pasted taken as evidence in one click; passing a chat to a
//! psychologist or a jurist (the case's transfer, which requeues it); ending
//! it with the case's outcome. Whoever else may open the case (a supervisor,
//! a colleague who worked on it) reads the live conversation without writing
//! in it, and that reading goes to the audit trail.

use askama::Template;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use relais_core::case::Outcome;
use relais_core::conversation::ConversationState;
use relais_core::i18n::catalogue::{Arg, text};
use relais_core::i18n::fill;
use relais_core::id::CaseId;
use relais_core::staff::Permission;
use relais_store::{Actor, Conversation};
use serde::Deserialize;

use super::access::{Counsellor, CounsellorForm};
use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::{Chrome, audit, case_id, render, subject, with_helpline};
use crate::chat::session::{Party, Session};
use crate::state::AppState;

/// One conversation's pane.
#[derive(Debug)]
pub struct Pane {
    pub case: String,
    pub short: String,
    /// The counsellor holds it: they write, pass it on, end it.
    pub writes: bool,
    /// From a messaging app: its name, and who writes, masked.
    pub app: Option<AppPane>,
}

/// What a pane shows of a conversation from a messaging app.
#[derive(Debug)]
pub struct AppPane {
    pub name: &'static str,
    pub masked: String,
    /// WhatsApp with an approved template: the invitation to write again can be offered.
    pub reengage: bool,
    /// Until when the sender is blocked, if they are (in the helpline's time).
    pub blocked_until: Option<String>,
}

#[derive(Template)]
#[template(path = "console_chats.html")]
struct ChatsPage {
    lang: &'static str,
    title: String,
    c: Chrome,
    csrf: String,
    panes: Vec<Pane>,
    /// Ready answers: language, title, text.
    canned: Vec<(&'static str, String, String)>,
    outcomes: Vec<(&'static str, &'static str)>,
    transfer_targets: Vec<(&'static str, &'static str)>,
    /// A supervisor: blocks an abusive sender.
    supervises: bool,
}

async fn pane(state: &AppState, conversation: &Conversation, writes: bool) -> Result<Pane, ConsoleError> {
    let app = match conversation.sender_id {
        Some(sender) => match state.store.sender(sender).await? {
            Some(sender) => {
                let channel = state.store.app_channel(sender.channel_id).await?;
                let zone = state.home_zone();
                Some(AppPane {
                    name: sender.kind.name(),
                    masked: sender.masked,
                    reengage: channel.is_some_and(|c| c.template.is_some() && !c.secrets.access_token.is_empty()),
                    blocked_until: sender
                        .blocked_until
                        .filter(|until| *until > state.clock.now())
                        .map(|until| until.to_zoned_datetime(zone).strftime("%d/%m/%Y %H:%M").to_string()),
                })
            }
            None => None,
        },
        None => None,
    };
    Ok(Pane { case: conversation.case_id.to_string(), short: conversation.case_id.short(), writes, app })
}

async fn page(
    state: &AppState,
    counsellor: &Counsellor,
    locale: ConsoleLocale,
    title: String,
    panes: Vec<Pane>,
) -> Result<Response, ConsoleError> {
    let t = locale.text();
    let mut canned: Vec<(&'static str, String, String)> =
        state.store.canned_answers().await?.into_iter().map(|a| (a.locale.code(), a.title, a.body)).collect();
    canned.extend(advice_answers(state));
    let skills = [
        ("jurist", t.transfer_targets[0]),
        ("psychologist", t.transfer_targets[1]),
        ("listener", t.transfer_targets[2]),
    ];
    render(
        ChatsPage {
            lang: locale.code(),
            title,
            c: Chrome::new(locale, "/console/chats", true),
            csrf: counsellor.csrf().to_owned(),
            panes,
            canned,
            outcomes: Outcome::ALL.iter().map(|o| (o.code(), t.outcome(*o))).collect(),
            transfer_targets: skills.to_vec(),
            supervises: counsellor.staff().role.may(Permission::SuperviseLine),
        },
        StatusCode::OK,
    )
}

/// A ready answer for each advice sheet written for children: a link the
/// child can open after the conversation (and the page has a quick exit).
fn advice_answers(state: &AppState) -> Vec<(&'static str, String, String)> {
    use relais_core::advice::Reader;
    let base = state.settings.public_url();
    let base = base.trim_end_matches('/');
    let mut answers = Vec::new();
    for locale in [relais_core::Locale::Fr, relais_core::Locale::En] {
        let mut categories = state.advice.categories(Reader::Child, locale);
        categories.push(relais_core::Category::Other);
        for category in categories {
            let sheet = state.advice.sheet(category, Reader::Child, locale);
            let url = format!("{base}/conseils/{}?lang={}", category.code(), locale.code());
            let title = text(locale, "canned-advice-title", &[("title", Arg::Text(&sheet.title))]);
            let body = text(locale, "canned-advice-body", &[("url", Arg::Text(&url))]);
            answers.push((locale.code(), title, body));
        }
    }
    answers
}

/// `GET /console/chats`: every conversation the counsellor holds, side by side.
pub async fn held(
    State(state): State<AppState>,
    counsellor: Counsellor,
    locale: ConsoleLocale,
) -> Result<Response, ConsoleError> {
    let held = state.store.held_conversations(counsellor.id()).await?;
    let mut panes = Vec::with_capacity(held.len());
    for conversation in &held {
        panes.push(pane(&state, conversation, true).await?);
    }
    page(&state, &counsellor, locale, with_helpline(&state, locale.text().my_chats), panes).await
}

/// The conversation of a case the counsellor may open (the need-to-know
/// check stands in front of the route).
async fn conversation_of(state: &AppState, id: &str) -> Result<(CaseId, Conversation), ConsoleError> {
    let case = case_id(id)?;
    let found = state.store.conversation_of_case(case).await?;
    found.map(|c| (case, c)).ok_or(ConsoleError::NotFound(|t| t.no_chat))
}

/// Who may have a conversation open: its holder writes in it; a supervisor
/// reads it live; anyone else who may open the case reads it once it ended
/// (a child's live words are for the counsellor answering them).
fn party_of(counsellor: &Counsellor, conversation: &Conversation) -> Result<Party, ConsoleError> {
    let staff = counsellor.id();
    if conversation.held_by == Some(staff) {
        Ok(Party::Counsellor(staff))
    } else if conversation.state == ConversationState::Ended || counsellor.staff().role.may(Permission::SuperviseLine) {
        Ok(Party::Watcher(staff))
    } else {
        Err(ConsoleError::Forbidden(|t| t.live_chat_not_yours))
    }
}

/// `GET /console/cases/{id}/chat`: one case's conversation; read only unless
/// the counsellor holds it.
pub async fn one(
    State(state): State<AppState>,
    counsellor: Counsellor,
    locale: ConsoleLocale,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let (case, conversation) = conversation_of(&state, &id).await?;
    let writes = party_of(&counsellor, &conversation)? == Party::Counsellor(counsellor.id());
    let title = fill(locale.text().chat_title, &[("id", &case.short())]);
    let pane = pane(&state, &conversation, writes).await?;
    page(&state, &counsellor, locale, title, vec![pane]).await
}

/// `GET /console/cases/{id}/chat/socket`: the pane's WebSocket. The holder
/// writes; a supervisor reads, and is audited. The pane says first what it
/// has seen (a reconnecting pane gets only the rest); the socket lives as
/// long as the console session that opened it.
pub async fn socket(
    State(state): State<AppState>,
    counsellor: Counsellor,
    locale: ConsoleLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ConsoleError> {
    // A page of another site cannot open a counsellor's socket with their cookie:
    // the socket's origin must be the console's own.
    if !same_origin(&state, &headers) {
        return Err(ConsoleError::Forbidden(|t| t.form_token));
    }
    let (case, conversation) = conversation_of(&state, &id).await?;
    let party = party_of(&counsellor, &conversation)?;
    if let Party::Watcher(staff) = party {
        audit(&state, staff, "case.chat_watch", &subject::case(case)).await;
    }
    let token = counsellor.signed_in.token.clone();
    Ok(crate::chat::socket::sized(upgrade).on_upgrade(move |mut socket| async move {
        let Some((_, after)) = crate::chat::socket::hello(&mut socket).await else { return };
        match Session::open(&state, conversation, party, locale.0, after).await {
            Ok((mut session, initial)) => {
                session.under_console_session(token);
                crate::chat::socket::run(socket, (session, initial), state).await;
            }
            Err(e) => tracing::error!(error = %e, "a conversation could not be opened"),
        }
    }))
}

/// Whether a request's `Origin` is this server, as the public address or the
/// address the browser used names it.
fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else { return false };
    let public = state.settings.public_url();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    [public.trim_end_matches('/').to_owned(), format!("http://{host}"), format!("https://{host}")]
        .iter()
        .any(|own| own == origin)
}

#[derive(Debug, Deserialize)]
pub struct EndForm {
    #[serde(default)]
    outcome: String,
}

/// `POST /console/cases/{id}/chat/end`: the holder ends the conversation
/// with the case's outcome; the child is told.
pub async fn end(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<EndForm>,
) -> Result<Response, ConsoleError> {
    let outcome = Outcome::from_code(&form.outcome).ok_or(ConsoleError::field("outcome", |t| t.unknown_outcome))?;
    let (case, conversation) = conversation_of(&state, &id).await?;
    if conversation.held_by != Some(counsellor.id()) && !counsellor.staff().role.may(Permission::SuperviseLine) {
        return Err(ConsoleError::Forbidden(|t| t.not_your_chat));
    }
    if conversation.state == ConversationState::Ended {
        return Err(ConsoleError::Conflict(|t| t.chat_over));
    }
    let now = state.clock.now();
    state.store.set_case_outcome(case, outcome, counsellor.id(), now).await?;
    if state.store.end_conversation(conversation.id, Actor::Staff(counsellor.id()), now).await? {
        state.chat_bus.publish(&state.store, conversation.id, crate::chat::bus::Event::Moved).await;
    }
    Ok(Redirect::to(&format!("/console/cases/{case}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct BlockForm {
    /// 1, 7 or 30; 0 lifts the block.
    #[serde(default)]
    days: String,
}

/// `POST /console/cases/{id}/chat/block`: a supervisor drops what an abusive
/// sender writes from an app for a set time (or lifts the block); audited.
pub async fn block(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CounsellorForm(counsellor, form): CounsellorForm<BlockForm>,
) -> Result<Response, ConsoleError> {
    if !counsellor.staff().role.may(Permission::SuperviseLine) {
        return Err(ConsoleError::Forbidden(|t| t.supervisors_only));
    }
    let days: i64 = match form.days.as_str() {
        "0" => 0,
        "1" => 1,
        "7" => 7,
        "30" => 30,
        _ => return Err(ConsoleError::field("days", |t| t.block_days)),
    };
    let (case, conversation) = conversation_of(&state, &id).await?;
    let Some(sender) = conversation.sender_id else { return Err(ConsoleError::NotFound(|t| t.no_chat)) };
    let now = state.clock.now();
    let until = (days > 0).then(|| now + jiff::SignedDuration::from_hours(24 * days));
    state.store.block_sender(sender, until, counsellor.id(), now).await?;
    Ok(Redirect::to(&format!("/console/cases/{case}/chat")).into_response())
}

/// `POST /console/cases/{id}/chat/replies/{seq}/again`: a supervisor puts a
/// reply the outbox gave up on back in it (audited).
pub async fn send_again(
    State(state): State<AppState>,
    Path((id, seq)): Path<(String, String)>,
    CounsellorForm(counsellor, _): CounsellorForm<super::queue::Nothing>,
) -> Result<Response, ConsoleError> {
    if !counsellor.staff().role.may(Permission::SuperviseLine) {
        return Err(ConsoleError::Forbidden(|t| t.supervisors_only));
    }
    let seq: u64 = seq.parse().map_err(|_| ConsoleError::NotFound(|t| t.no_chat))?;
    let (_, conversation) = conversation_of(&state, &id).await?;
    if !state.store.send_reply_again(conversation.id, seq, counsellor.id(), state.clock.now()).await? {
        return Err(ConsoleError::Conflict(|t| t.reply_not_stuck));
    }
    state.chat_bus.wake(&state.store, crate::chat::bus::Wake::MessagingReplies).await;
    state.chat_bus.publish(&state.store, conversation.id, crate::chat::bus::Event::Delivery).await;
    Ok(Redirect::to("/console/dashboard#replies").into_response())
}
