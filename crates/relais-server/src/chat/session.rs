//! One party's hold on one conversation, whatever carries it (a WebSocket,
//! or a stream of server-sent events with posts beside it).
//!
//! The party says the last message number it saw and gets the rest; every
//! message it sends is stored before it is acknowledged; it is woken by the
//! bus when the conversation changes and, in case a wake-up was lost, polls
//! now and then. The frames are the same both ways for every transport.

use relais_core::Locale;
use relais_core::conversation::{Author, ConversationState, MessageFault, check_message};
use relais_core::i18n::chat::{ChatText, system_message};
use relais_core::id::{ConversationId, StaffId};
use relais_core::messaging::{Delivery, Window, window};
use relais_core::undelivered::Why;
use relais_store::conversations::Refused;
use relais_store::{Actor, Conversation, Message};
use serde::{Deserialize, Serialize};

use super::bus::Event;
use crate::state::AppState;

/// Who holds the conversation open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Child,
    /// The counsellor holding it; they write.
    Counsellor(StaffId),
    /// A supervisor reading a live conversation; they do not write.
    Watcher(StaffId),
}

impl Party {
    fn author(self) -> Option<Author> {
        match self {
            Party::Child => Some(Author::Child),
            Party::Counsellor(_) => Some(Author::Counsellor),
            Party::Watcher(_) => None,
        }
    }
}

/// What a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientFrame {
    /// First, on a WebSocket: who the child is (their resume token; a
    /// counsellor's socket is known by its session) and the last message seen.
    Hello {
        #[serde(default)]
        token: Option<String>,
        #[serde(default)]
        after: u64,
    },
    /// A message; `id` is the client's, echoed in its acknowledgement.
    Send {
        id: String,
        text: String,
    },
    Typing,
    /// The child leaves (the quick exit, or "end").
    Leave,
    /// WhatsApp, once its day has passed: the counsellor sends the approved
    /// template that invites the child to write again.
    Reengage {
        id: String,
    },
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    Message {
        seq: u64,
        author: Author,
        text: String,
        /// RFC 3339.
        at: String,
        /// A reply to a messaging app: how far it got.
        #[serde(skip_serializing_if = "Option::is_none")]
        delivery: Option<Delivery>,
        /// Why it has not left, or could not be delivered.
        #[serde(skip_serializing_if = "Option::is_none")]
        delivery_error: Option<String>,
    },
    /// A reply to a messaging app got further.
    Delivery {
        seq: u64,
        delivery: Delivery,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// The message `id` is stored as number `seq`.
    Ack {
        id: String,
        seq: u64,
    },
    Typing {
        author: Author,
    },
    State {
        state: ConversationState,
        /// The child's place in the queue, while it waits.
        #[serde(skip_serializing_if = "Option::is_none")]
        position: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        wait_minutes: Option<u64>,
        /// From a messaging app, for the helpline: what the app lets it send
        /// now (`open`, `human_agent`, `template_only`, `closed`) and until when.
        #[serde(skip_serializing_if = "Option::is_none")]
        window: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        window_closes_at: Option<String>,
    },
    Error {
        code: &'static str,
        message: String,
        /// The message refused, when a `send` was.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
}

/// Where a conversation stands for one party, as last told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Standing {
    state: ConversationState,
    position: Option<u32>,
    wait_minutes: Option<u64>,
    window: Option<Window>,
}

/// Messages read at most at once when catching up.
const PAGE: u32 = 200;

/// One party's view of one conversation.
#[derive(Debug)]
pub struct Session {
    state: AppState,
    pub conversation: Conversation,
    party: Party,
    /// The language system messages and refusals are given in.
    locale: Locale,
    /// The last message number this party was given.
    last_seen: u64,
    last_state: Option<Standing>,
    /// The replies to an app whose delivery was told and may still move.
    deliveries: std::collections::BTreeMap<u64, (Delivery, Option<String>)>,
    /// The child's address, for the limit on what one address sends.
    client: Option<std::net::IpAddr>,
    /// The counsellor's console session: the conversation stays open to
    /// them only while it does (signed out, disabled, timed out: it closes).
    console_session: Option<String>,
}

impl Session {
    /// Opens the conversation for a party that saw up to `after`, with what
    /// it has not seen yet and where the conversation stands.
    pub async fn open(
        state: &AppState,
        conversation: Conversation,
        party: Party,
        locale: Locale,
        after: u64,
    ) -> Result<(Session, Vec<ServerFrame>), relais_store::StoreError> {
        let mut session = Session {
            state: state.clone(),
            last_seen: after.min(conversation.last_seq),
            conversation,
            party,
            locale,
            last_state: None,
            deliveries: Default::default(),
            client: None,
            console_session: None,
        };
        let frames = session.catch_up().await?;
        Ok((session, frames))
    }

    pub fn id(&self) -> ConversationId {
        self.conversation.id
    }

    /// The child writes from this address.
    pub fn from_address(&mut self, client: std::net::IpAddr) {
        self.client = Some(client);
    }

    /// The counsellor holds the conversation open under this console session.
    pub fn under_console_session(&mut self, token: String) {
        self.console_session = Some(token);
    }

    /// Whether the party may still hold the conversation open: a counsellor
    /// only while their console session lives.
    pub async fn still_allowed(&self) -> bool {
        let Some(token) = &self.console_session else { return true };
        let now = self.state.clock.now();
        match crate::console::session::live(&self.state, token, now).await {
            Ok(live) => live.is_some(),
            // The database is away: the next tick looks again rather than dropping a conversation.
            Err(e) => {
                tracing::warn!(error = %e, "a console session could not be checked");
                true
            }
        }
    }

    /// Whether the conversation has ended, as last read.
    pub fn ended(&self) -> bool {
        self.conversation.state == ConversationState::Ended
    }

    /// Whether the counsellor holding it open no longer does (it was passed
    /// on): the child's words are for whoever holds it now.
    pub fn passed_on(&self) -> bool {
        matches!(self.party, Party::Counsellor(staff) if self.conversation.held_by != Some(staff))
    }

    /// What the party has not seen: new messages, and where the conversation stands now.
    pub async fn catch_up(&mut self) -> Result<Vec<ServerFrame>, relais_store::StoreError> {
        if let Some(now) = self.state.store.conversation(self.conversation.id).await? {
            self.conversation = now;
        }
        let mut frames = Vec::new();
        loop {
            let page = self.state.store.messages(&self.conversation, self.last_seen, PAGE).await?;
            let full = page.len() as u32 == PAGE;
            for message in page {
                self.last_seen = message.seq;
                frames.push(self.frame(message));
            }
            if !full {
                break;
            }
        }
        frames.extend(self.standing());
        Ok(frames)
    }

    fn frame(&mut self, message: Message) -> ServerFrame {
        let text = match message.author {
            Author::System => system_message(&message.text, self.locale),
            _ => message.text,
        };
        if let Some(delivery) = message.delivery.filter(|d| *d != Delivery::Read) {
            self.deliveries.insert(message.seq, (delivery, message.delivery_error.clone()));
        }
        ServerFrame::Message {
            seq: message.seq,
            author: message.author,
            text,
            at: message.at.to_string(),
            delivery: message.delivery,
            delivery_error: message.delivery_error.map(|why| Why::render_stored(&why, self.locale)),
        }
    }

    /// The replies whose delivery moved since told.
    async fn deliveries_moved(&mut self) -> Result<Vec<ServerFrame>, relais_store::StoreError> {
        let Some((&first, _)) = self.deliveries.first_key_value() else { return Ok(Vec::new()) };
        let mut frames = Vec::new();
        let mut after = first - 1;
        while after < self.last_seen {
            let page = self.state.store.messages(&self.conversation, after, PAGE).await?;
            let Some(last) = page.last().map(|m| m.seq) else { break };
            after = last;
            for message in page.into_iter().filter(|m| m.seq <= self.last_seen) {
                let (Some(delivery), Some(told)) = (message.delivery, self.deliveries.get(&message.seq)) else {
                    continue;
                };
                let now = (delivery, message.delivery_error);
                if *told == now {
                    continue;
                }
                let error = now.1.as_deref().map(|why| Why::render_stored(why, self.locale));
                frames.push(ServerFrame::Delivery { seq: message.seq, delivery, error });
                if delivery == Delivery::Read {
                    self.deliveries.remove(&message.seq);
                } else {
                    self.deliveries.insert(message.seq, now);
                }
            }
        }
        Ok(frames)
    }

    /// What an app lets the helpline send now; none on the chat page, or for the child.
    fn window(&self) -> Option<Window> {
        let app = self.conversation.app().filter(|_| self.party != Party::Child)?;
        Some(window(app, self.conversation.last_inbound_at, self.state.clock.now()))
    }

    /// Where the conversation stands, if that changed since last told.
    pub fn standing(&mut self) -> Option<ServerFrame> {
        let place = (self.party == Party::Child && self.conversation.state == ConversationState::Waiting)
            .then(|| self.state.chat_positions.borrow().of(self.conversation.case_id))
            .flatten();
        let window = self.window().filter(|_| self.conversation.state != ConversationState::Ended);
        let now = Standing {
            state: self.conversation.state,
            position: place.map(|p| p.position),
            wait_minutes: place.and_then(|p| p.wait_seconds).map(|s| s.div_ceil(60).max(1)),
            window,
        };
        if self.last_state == Some(now) {
            return None;
        }
        self.last_state = Some(now);
        Some(ServerFrame::State {
            state: now.state,
            position: now.position,
            wait_minutes: now.wait_minutes,
            window: window.map(Window::code),
            window_closes_at: window.and_then(Window::closes_at).map(|t| t.to_string()),
        })
    }

    /// What an event on the bus means for this party.
    pub async fn on_event(&mut self, event: Event) -> Result<Vec<ServerFrame>, relais_store::StoreError> {
        match event {
            Event::Typing(author) if Some(author) != self.party.author() => Ok(vec![ServerFrame::Typing { author }]),
            Event::Typing(_) => Ok(Vec::new()),
            Event::Message(seq) if seq <= self.last_seen => Ok(Vec::new()),
            Event::Delivery => self.deliveries_moved().await,
            Event::Message(_) | Event::Moved => self.catch_up().await,
            Event::Resync => {
                let mut frames = self.catch_up().await?;
                frames.extend(self.deliveries_moved().await?);
                Ok(frames)
            }
        }
    }

    fn refusal(&self, code: &'static str, id: Option<String>) -> ServerFrame {
        let t = ChatText::get(self.locale);
        let message = match code {
            "too_long" => t.too_long,
            "too_fast" => t.too_fast,
            "ended" => t.chat_ended_refused,
            "unreadable" => t.unreadable,
            "not_yours" => t.not_yours,
            "read_only" => t.read_only,
            "window_closed" => t.window_closed,
            "no_template" => t.no_template,
            _ => t.unknown_chat,
        };
        ServerFrame::Error { code, message: message.to_owned(), id }
    }

    /// What a frame from the party does, and what it is answered.
    pub async fn on_client(&mut self, frame: ClientFrame) -> Result<Vec<ServerFrame>, relais_store::StoreError> {
        let now = self.state.clock.now();
        match frame {
            ClientFrame::Hello { .. } => Ok(Vec::new()),
            ClientFrame::Typing => {
                let Some(author) = self.party.author() else { return Ok(Vec::new()) };
                if self.state.chat_typing.check_key(&(self.conversation.id, author)).is_ok() {
                    self.state.chat_bus.publish(&self.state.store, self.conversation.id, Event::Typing(author)).await;
                }
                Ok(Vec::new())
            }
            ClientFrame::Leave => {
                if self.party == Party::Child
                    && self.state.store.end_conversation(self.conversation.id, Actor::Public, now).await?
                {
                    self.state.chat_bus.publish(&self.state.store, self.conversation.id, Event::Moved).await;
                }
                self.catch_up().await
            }
            ClientFrame::Send { id, text } => self.send(id, &text, now).await,
            ClientFrame::Reengage { id } => self.reengage(id, now).await,
        }
    }

    /// WhatsApp's approved template, queued to leave: only there, only once
    /// its day has passed, only by the counsellor holding the conversation.
    async fn reengage(
        &mut self,
        id: String,
        now: jiff::Timestamp,
    ) -> Result<Vec<ServerFrame>, relais_store::StoreError> {
        let id: String = id.chars().take(64).collect();
        let Party::Counsellor(staff) = self.party else { return Ok(vec![self.refusal("read_only", Some(id))]) };
        if self.window() != Some(Window::TemplateOnly) {
            return Ok(vec![self.refusal("no_template", Some(id))]);
        }
        let channel = match self.conversation.sender_id {
            Some(sender) => match self.state.store.sender(sender).await? {
                Some(sender) => self.state.store.app_channel(sender.channel_id).await?,
                None => None,
            },
            None => None,
        };
        if channel.and_then(|c| c.template).is_none() {
            return Ok(vec![self.refusal("no_template", Some(id))]);
        }
        if self.conversation.held_by != Some(staff) {
            return Ok(vec![self.refusal("not_yours", Some(id))]);
        }
        self.post(id, Author::System, None, crate::messaging::replies::REENGAGE, now).await
    }

    async fn send(
        &mut self,
        id: String,
        text: &str,
        now: jiff::Timestamp,
    ) -> Result<Vec<ServerFrame>, relais_store::StoreError> {
        let id: String = id.chars().take(64).collect();
        let Some(author) = self.party.author() else { return Ok(vec![self.refusal("read_only", Some(id))]) };
        let text = match check_message(text) {
            Ok(text) => text,
            Err(MessageFault::TooLong) => return Ok(vec![self.refusal("too_long", Some(id))]),
            Err(MessageFault::Empty | MessageFault::Hidden) => return Ok(vec![self.refusal("unreadable", Some(id))]),
        };
        let by_address = self.client.is_none_or(|client| self.state.chat_senders.check_key(&client).is_ok());
        if !by_address || self.state.chat_messages.check_key(&(self.conversation.id, author == Author::Child)).is_err()
        {
            return Ok(vec![self.refusal("too_fast", Some(id))]);
        }
        let staff = match self.party {
            Party::Counsellor(staff) => Some(staff),
            _ => None,
        };
        // The app would refuse it: the counsellor is told now, and what they wrote goes back in the box.
        if self.window().is_some_and(|w| !w.takes_text()) {
            return Ok(vec![self.refusal("window_closed", Some(id))]);
        }
        self.post(id, author, staff, text, now).await
    }

    /// Stores what the party sent, wakes whoever must know (the other side, the
    /// app's outbox), and answers with the acknowledgement and what the party has
    /// not seen; or with why it was refused.
    async fn post(
        &mut self,
        id: String,
        author: Author,
        staff: Option<StaffId>,
        text: &str,
        now: jiff::Timestamp,
    ) -> Result<Vec<ServerFrame>, relais_store::StoreError> {
        // The client's id makes a message sent again (its acknowledgement lost) an acknowledgement, not a copy.
        let client_ref = Some(id.as_str()).filter(|r| !r.is_empty());
        match self.state.store.post_message(self.conversation.id, author, staff, text, client_ref, now).await? {
            Ok(message) => {
                let seq = message.seq;
                self.state.chat_bus.publish(&self.state.store, self.conversation.id, Event::Message(seq)).await;
                if author != Author::System {
                    metrics::counter!("relais_chat_messages_total", "author" => author.code()).increment(1);
                }
                if self.conversation.app().is_some() {
                    self.state.chat_bus.wake(&self.state.store, crate::chat::bus::Wake::MessagingReplies).await;
                }
                if let Some(token) = &self.console_session {
                    // Writing in a chat is working at the console: the session's idle clock starts again.
                    self.state.store.touch_session(token, now).await?;
                }
                let mut frames = self.catch_up().await?;
                frames.insert(0, ServerFrame::Ack { id, seq });
                Ok(frames)
            }
            Err(Refused::Ended) => Ok(vec![self.refusal("ended", Some(id))]),
            Err(Refused::NotYours) => Ok(vec![self.refusal("not_yours", Some(id))]),
            Err(Refused::NoSuchConversation) => Ok(vec![self.refusal("unknown", Some(id))]),
        }
    }
}
