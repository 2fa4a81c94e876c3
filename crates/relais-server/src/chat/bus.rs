//! Who is told when a conversation changes.
//!
//! The store is the truth; the bus only wakes whoever holds a conversation
//! open (the child's page, the counsellor's pane, a supervisor watching) to
//! read it again. Within one server, each conversation with someone
//! connected has a broadcast channel of its own, so a message wakes its two
//! or three readers, not every connection. Between servers sharing a
//! PostgreSQL database, every event is also sent as a signal
//! (`relais_store::signals`) and each server hands the others' to its own
//! connections; a signal lost with a dropped connection is made up for by
//! the readers' own polling.
//!
//! The same signals wake the workers of every server ([`Wake`]): a notice
//! approved on one server, or a reply written there to a messaging app, may
//! be leased by another server's worker, which would otherwise find it only
//! at its next look.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use relais_core::conversation::Author;
use relais_core::id::ConversationId;
use relais_store::Store;
use relais_store::signals::Signal;
use tokio::sync::{Notify, broadcast};

/// What happened to a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A message was stored with this number.
    Message(u64),
    /// Someone is typing.
    Typing(Author),
    /// The conversation changed hands or state (taken, passed on, ended).
    Moved,
    /// A reply to a messaging app got further (sent, delivered, read, failed).
    Delivery,
    /// Anything may have been missed: read again.
    Resync,
}

impl Event {
    fn encode(self) -> String {
        match self {
            Event::Message(seq) => format!("m{seq}"),
            Event::Typing(author) => format!("t{}", author.code()),
            Event::Moved => "s".to_owned(),
            Event::Delivery => "d".to_owned(),
            Event::Resync => "r".to_owned(),
        }
    }

    fn decode(text: &str) -> Option<Event> {
        let (kind, rest) = text.split_at_checked(1)?;
        match kind {
            "m" => rest.parse().ok().map(Event::Message),
            "t" => Author::from_code(rest).map(Event::Typing),
            "s" => Some(Event::Moved),
            "d" => Some(Event::Delivery),
            "r" => Some(Event::Resync),
            _ => None,
        }
    }
}

/// Events a reader may fall behind by before it is told to read again.
const BACKLOG: usize = 32;

#[derive(Debug)]
pub struct Bus {
    channels: Mutex<HashMap<ConversationId, broadcast::Sender<Event>>>,
    /// This server, in the signals it sends, so that it skips its own.
    instance: String,
    /// The notices' outbox worker, woken here when any server approves a notice.
    outbox: Arc<Notify>,
    /// The messaging replies' worker, woken when a counsellor on any server answers in an app.
    replies: Arc<Notify>,
    /// The API keys' reload, woken when an operator revokes a key or changes a platform's origins.
    keys: Arc<Notify>,
}

impl Default for Bus {
    fn default() -> Self {
        Bus::new(uuid::Uuid::now_v7().simple().to_string(), Arc::default(), Arc::default(), Arc::default())
    }
}

/// What `relais platform revoke` and `origins` signal: an operator's command
/// is not a server, so it names itself `cli`.
pub const KEYS_CHANGED: &str = "wake cli keys";

/// Work another server may have given this one's workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A notice was approved, or is to be sent again.
    Outbox,
    /// A reply to a messaging app is waiting.
    MessagingReplies,
    /// The platforms' keys or origins changed (`relais platform revoke`, `origins`).
    Keys,
}

impl Wake {
    fn code(self) -> &'static str {
        match self {
            Wake::Outbox => "outbox",
            Wake::MessagingReplies => "replies",
            Wake::Keys => "keys",
        }
    }
}

impl Bus {
    /// A bus for the process named `instance` in its signals (the store's
    /// [`instance`](relais_store::Store::instance), so that one name marks all it sends).
    pub fn new(instance: String, outbox: Arc<Notify>, replies: Arc<Notify>, keys: Arc<Notify>) -> Bus {
        Bus { channels: Mutex::default(), instance, outbox, replies, keys }
    }

    /// Wakes this server's worker, and the other servers' (any of them may
    /// hold the lease on the work; each one's poll is the backstop).
    pub async fn wake(&self, store: &Store, wake: Wake) {
        self.notify(wake);
        if store.signals_between_servers()
            && let Err(e) = store.signal(&format!("wake {} {}", self.instance, wake.code())).await
        {
            tracing::warn!(error = %e, "could not wake the other servers' workers; they will look in their own time");
        }
    }

    fn notify(&self, wake: Wake) {
        match wake {
            Wake::Outbox => self.outbox.notify_one(),
            Wake::MessagingReplies => self.replies.notify_one(),
            Wake::Keys => self.keys.notify_one(),
        }
    }

    /// Events of one conversation, from now on.
    pub fn subscribe(&self, conversation: ConversationId) -> broadcast::Receiver<Event> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        channels.entry(conversation).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe()
    }

    /// Tells this server's readers of the conversation, and the other servers'.
    pub async fn publish(&self, store: &Store, conversation: ConversationId, event: Event) {
        self.deliver(conversation, event);
        if store.signals_between_servers() {
            let payload = format!("chat {} {conversation} {}", self.instance, event.encode());
            if let Err(e) = store.signal(&payload).await {
                // The other servers' readers poll: they will see it a little later.
                tracing::warn!(error = %e, "could not signal a conversation's event to the other servers");
            }
        }
    }

    /// Hands an event to this server's readers; a channel nobody reads any more is dropped.
    fn deliver(&self, conversation: ConversationId, event: Event) {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = channels.get(&conversation) {
            if sender.receiver_count() == 0 {
                channels.remove(&conversation);
            } else {
                let _ = sender.send(event);
            }
        }
    }

    /// Conversations with a reader on this server.
    pub fn open_conversations(&self) -> usize {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        channels.retain(|_, sender| sender.receiver_count() > 0);
        channels.len()
    }

    /// What another server signalled, handed to this server's readers. A
    /// lost connection tells every reader here to read again.
    pub fn heard(&self, signal: Signal) {
        match signal {
            Signal::Lost => {
                {
                    let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
                    for sender in channels.values() {
                        let _ = sender.send(Event::Resync);
                    }
                }
                // Listening again (or for the first time): what was loaded before may be stale,
                // so every worker that others can give work looks now rather than at its next round.
                for wake in [Wake::Outbox, Wake::MessagingReplies, Wake::Keys] {
                    self.notify(wake);
                }
            }
            Signal::Payload(payload) => {
                let mut parts = payload.split(' ');
                let (kind, instance) = (parts.next(), parts.next());
                if instance.is_none_or(|i| i == self.instance) {
                    return;
                }
                match (kind, parts.next(), parts.next()) {
                    (Some("chat"), Some(id), Some(event)) => {
                        if let (Some(id), Some(event)) = (ConversationId::parse(id), Event::decode(event)) {
                            self.deliver(id, event);
                        }
                    }
                    (Some("wake"), Some("outbox"), None) => self.notify(Wake::Outbox),
                    (Some("wake"), Some("replies"), None) => self.notify(Wake::MessagingReplies),
                    (Some("wake"), Some("keys"), None) => self.notify(Wake::Keys),
                    _ => {}
                }
            }
        }
    }
}

/// Listens for the other servers' signals for as long as the server runs.
pub async fn listen(store: Store, bus: std::sync::Arc<Bus>) {
    loop {
        let mut listener = match store.listen().await {
            Ok(Some(listener)) => {
                // What was signalled before the listener was up was missed: whoever holds a
                // conversation or the queue open reads it again, the workers look again (so
                // state loaded before this point is read once more after it).
                tracing::info!("listening for the other servers' signals");
                store.heard(&Signal::Lost);
                bus.heard(Signal::Lost);
                listener
            }
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "could not listen for the other servers' signals; trying again");
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                continue;
            }
        };
        loop {
            match listener.next().await {
                Ok(Signal::Lost) => {
                    // Listen again first, on a connection of its own: the readers are told to read
                    // again once it listens (above), so nothing signalled meanwhile falls between.
                    tracing::warn!("the signal listener lost its connection; listening again");
                    // A database going away and back is not knocked on in a tight loop.
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    break;
                }
                Ok(signal) => {
                    store.heard(&signal);
                    bus.heard(signal);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the signal listener failed; listening again");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_travel_as_short_text() {
        for event in [Event::Message(42), Event::Typing(Author::Counsellor), Event::Moved, Event::Resync] {
            assert_eq!(Event::decode(&event.encode()), Some(event));
        }
        assert_eq!(Event::decode("mxyz"), None);
        assert_eq!(Event::decode(""), None);
    }

    #[test]
    fn a_reader_hears_its_conversation_and_another_servers_signals_but_not_its_own() {
        let bus = Bus::default();
        let (mine, other) =
            (ConversationId::from(uuid::Uuid::from_u128(1)), ConversationId::from(uuid::Uuid::from_u128(2)));
        let mut reader = bus.subscribe(mine);
        bus.deliver(other, Event::Moved);
        bus.heard(Signal::Payload(format!("chat another-server {mine} m7")));
        bus.heard(Signal::Payload(format!("chat {} {mine} m8", bus.instance)));
        bus.heard(Signal::Payload("nonsense".into()));
        assert_eq!(reader.try_recv().ok(), Some(Event::Message(7)));
        assert!(reader.try_recv().is_err(), "its own signal and others' conversations are not heard");
        bus.heard(Signal::Lost);
        assert_eq!(reader.try_recv().ok(), Some(Event::Resync));
        drop(reader);
        assert_eq!(bus.open_conversations(), 0, "nobody reads it any more");
    }

    #[test]
    fn another_servers_wake_reaches_this_servers_worker_and_its_own_does_not() {
        use futures_util::FutureExt;
        let (outbox, replies) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
        let keys = Arc::new(Notify::new());
        let bus = Bus::new("this-server".into(), outbox.clone(), replies.clone(), keys.clone());
        bus.heard(Signal::Payload(format!("wake {} outbox", bus.instance)));
        bus.heard(Signal::Payload("wake another-server nonsense".into()));
        bus.heard(Signal::Payload("wake".into()));
        assert!(outbox.notified().now_or_never().is_none(), "its own signal, and nonsense, wake nothing");
        assert!(replies.notified().now_or_never().is_none());
        bus.heard(Signal::Payload("wake another-server outbox".into()));
        assert!(outbox.notified().now_or_never().is_some(), "an approval on another server wakes the outbox here");
        bus.heard(Signal::Payload("wake another-server replies".into()));
        assert!(replies.notified().now_or_never().is_some());
        // An operator's command (not a server) revoked a key.
        bus.heard(Signal::Payload(KEYS_CHANGED.into()));
        assert!(keys.notified().now_or_never().is_some());
        // Listening again after a loss: every worker looks at once.
        bus.heard(Signal::Lost);
        assert!(outbox.notified().now_or_never().is_some() && replies.notified().now_or_never().is_some());
        assert!(keys.notified().now_or_never().is_some());
    }
}
