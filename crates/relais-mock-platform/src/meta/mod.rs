//! A stand-in for Meta's side of WhatsApp, Messenger and Instagram: a child's
//! phone that writes to the helpline (signed webhooks, in the payloads of
//! `fixtures/meta/`, whose README links Meta's documentation), and the Graph
//! API that receives the helpline's replies and attachments' requests, then
//! tells what became of each reply (sent, delivered, read) by webhook.
//!
//! On command it fails as Meta does: the window closed (WhatsApp's 131047,
//! Messenger's 10/2018278), its rate limit (130429), 500s, an answer lost
//! after the message went out (the helpline cannot know, sends again, and the
//! phone shows it twice), every webhook delivered twice, statuses out of
//! order. Its desk (`/meta`) shows the phone and sets that behaviour.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Which of Meta's apps the stand-in plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    WhatsApp,
    Messenger,
    Instagram,
}

/// What the stand-in knows of the helpline's channel.
#[derive(Debug, Clone)]
pub struct MetaChannel {
    pub app: App,
    /// Where the webhooks go: `<relais>/webhooks/meta/<channel>`.
    pub webhook_url: String,
    pub account_id: String,
    pub app_secret: String,
    pub access_token: String,
}

/// How the statuses of a reply come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statuses {
    /// After the answer to the send: sent, delivered, read.
    InOrder,
    /// Read before the answer to the send, then delivered, then sent.
    OutOfOrder,
    /// None.
    Silent,
}

/// How the stand-in behaves; changed at any time through [`Meta::set`].
#[derive(Debug, Clone)]
pub struct Behaviour {
    /// Refuse every free-text send as outside the messaging window.
    pub window_closed: bool,
    /// Refuse the next sends with Meta's rate-limit error (before any 500 asked for).
    pub rate_limit_next: u32,
    /// Answer the next sends 500, before taking them.
    pub fail_next: u32,
    /// Take the next sends (the phone shows them), then answer 500.
    pub lose_next: u32,
    /// Deliver every webhook twice, as Meta does now and then.
    pub repeat_deliveries: bool,
    pub statuses: Statuses,
    /// Refuse attachments' downloads (404).
    pub media_gone: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            window_closed: false,
            rate_limit_next: 0,
            fail_next: 0,
            lose_next: 0,
            repeat_deliveries: false,
            statuses: Statuses::InOrder,
            media_gone: false,
        }
    }
}

/// One line of the phone's conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The message's id at Meta.
    pub id: String,
    /// True for what the child wrote, false for the helpline's replies.
    pub from_child: bool,
    /// The child's address.
    pub peer: String,
    /// The text; `template:<name>` for a template; `[image]` for an attachment.
    pub text: String,
    /// A reply sent with the `HUMAN_AGENT` tag.
    pub human_agent: bool,
}

/// What the stand-in counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub webhooks_sent: u64,
    /// Webhooks Relais did not answer 200.
    pub webhooks_refused: u64,
    pub sends: u64,
    pub refused_sends: u64,
    pub media_downloads: u64,
}

#[derive(Debug, Default)]
struct Inner {
    behaviour: Behaviour,
    counts: Counts,
    lines: Vec<Line>,
    /// Media id → (bytes, MIME type).
    media: HashMap<String, (Vec<u8>, String)>,
}

#[derive(Debug)]
struct Shared {
    channel: MetaChannel,
    /// Where this stand-in is reached, for attachments' addresses.
    base_url: Mutex<String>,
    inner: Mutex<Inner>,
    next_id: AtomicU64,
    /// Status webhooks still on their way.
    in_flight: AtomicUsize,
    settled: tokio::sync::Notify,
    http: reqwest::Client,
}

/// The stand-in, shared by its HTTP routes and whoever drives it.
#[derive(Debug, Clone)]
pub struct Meta(Arc<Shared>);

impl Meta {
    pub fn new(channel: MetaChannel) -> Meta {
        // reqwest takes the process's provider (see relais-server's `tls`).
        let _ = rustls::crypto::ring::default_provider().install_default();
        Meta(Arc::new(Shared {
            channel,
            base_url: Mutex::new(String::new()),
            inner: Mutex::default(),
            next_id: AtomicU64::new(1),
            in_flight: AtomicUsize::new(0),
            settled: tokio::sync::Notify::new(),
            http: reqwest::Client::new(),
        }))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Where the stand-in is served (for attachments' addresses).
    pub fn served_at(&self, base_url: &str) {
        *self.0.base_url.lock().unwrap_or_else(|e| e.into_inner()) = base_url.trim_end_matches('/').to_owned();
    }

    pub fn set(&self, change: impl FnOnce(&mut Behaviour)) {
        change(&mut self.lock().behaviour);
    }

    pub fn behaviour(&self) -> Behaviour {
        self.lock().behaviour.clone()
    }

    pub fn counts(&self) -> Counts {
        self.lock().counts.clone()
    }

    /// The phone's conversation with the helpline, oldest first.
    pub fn lines(&self) -> Vec<Line> {
        self.lock().lines.clone()
    }

    /// The helpline's replies the phone got.
    pub fn replies(&self) -> Vec<Line> {
        self.lines().into_iter().filter(|l| !l.from_child).collect()
    }

    fn fresh_id(&self, prefix: &str) -> String {
        format!("{prefix}{:012}", self.0.next_id.fetch_add(1, Ordering::Relaxed))
    }

    /// Waits until every status webhook on its way has been answered.
    pub async fn settled(&self) {
        loop {
            let notified = self.0.settled.notified();
            if self.0.in_flight.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }

    /// The child writes `text` from `from`; returns the message's id and Relais's answer.
    pub async fn write(&self, from: &str, text: &str) -> Result<(String, StatusCode), reqwest::Error> {
        let id = self.fresh_id(self.id_prefix());
        self.lock().lines.push(Line {
            id: id.clone(),
            from_child: true,
            peer: from.to_owned(),
            text: text.to_owned(),
            human_agent: false,
        });
        let body = self.message_payload(&id, from, MessageBody::Text(text));
        let status = self.deliver(&body).await?;
        Ok((id, status))
    }

    /// The child sends an attachment (`image`, `video`, `audio`, `document`).
    pub async fn attach(
        &self,
        from: &str,
        kind: &str,
        bytes: Vec<u8>,
        mime: &str,
        caption: Option<&str>,
    ) -> Result<(String, StatusCode), reqwest::Error> {
        let id = self.fresh_id(self.id_prefix());
        let media_id = self.fresh_id("");
        self.lock().media.insert(media_id.clone(), (bytes, mime.to_owned()));
        self.lock().lines.push(Line {
            id: id.clone(),
            from_child: true,
            peer: from.to_owned(),
            text: format!("[{kind}]"),
            human_agent: false,
        });
        let body = self.message_payload(&id, from, MessageBody::Media { kind, media_id: &media_id, mime, caption });
        let status = self.deliver(&body).await?;
        Ok((id, status))
    }

    fn id_prefix(&self) -> &'static str {
        match self.0.channel.app {
            App::WhatsApp => "wamid.standin",
            App::Messenger => "m_standin",
            App::Instagram => "aWdfstandin",
        }
    }

    /// Posts a webhook signed as Meta signs it (twice when asked to repeat).
    pub async fn deliver(&self, body: &[u8]) -> Result<StatusCode, reqwest::Error> {
        let times = if self.lock().behaviour.repeat_deliveries { 2 } else { 1 };
        let mut status = StatusCode::OK;
        for _ in 0..times {
            let response = self
                .0
                .http
                .post(&self.0.channel.webhook_url)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", sign(self.0.channel.app_secret.as_bytes(), body))
                .body(body.to_vec())
                .send()
                .await?;
            status = response.status();
            let mut inner = self.lock();
            inner.counts.webhooks_sent += 1;
            if !status.is_success() {
                inner.counts.webhooks_refused += 1;
            }
        }
        Ok(status)
    }

    /// Sends the statuses of a reply, in the background, counted until answered.
    fn tell_statuses(&self, statuses: Vec<Vec<u8>>) {
        if statuses.is_empty() {
            return;
        }
        self.0.in_flight.fetch_add(1, Ordering::SeqCst);
        let meta = self.clone();
        tokio::spawn(async move {
            for body in statuses {
                if let Err(e) = meta.deliver(&body).await {
                    tracing::warn!(error = %e, "a status webhook could not be delivered");
                }
            }
            meta.0.in_flight.fetch_sub(1, Ordering::SeqCst);
            meta.0.settled.notify_waiters();
        });
    }
}

mod desk;
mod graph;
mod payloads;

pub use desk::DEMO_PHONE;
use payloads::MessageBody;

/// `sha256=<hex HMAC-SHA256 of the body under the app secret>`, as Meta signs.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The Graph API's routes: `/graph/{version}/{account}/messages`, `/graph/{version}/{media}`,
/// and the attachments' bytes at `/graph-media/{media}`.
pub fn routes(meta: Meta) -> Router {
    Router::new()
        .route("/graph/{version}/{account}/messages", post(graph::send))
        .route("/graph/{version}/{media}", get(graph::media_info))
        .route("/graph-media/{media}", get(graph::media_bytes))
        .route("/meta", get(desk::desk).post(desk::set_desk))
        .with_state(meta)
}
