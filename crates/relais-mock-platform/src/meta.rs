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
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use serde_json::{Value, json};
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

    pub fn channel(&self) -> &MetaChannel {
        &self.0.channel
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

    fn message_payload(&self, id: &str, from: &str, body: MessageBody<'_>) -> Vec<u8> {
        let channel = &self.0.channel;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let mut hook = match channel.app {
            App::WhatsApp => fixture(include_str!("../fixtures/meta/whatsapp-text.json")),
            App::Messenger => fixture(include_str!("../fixtures/meta/messenger-text.json")),
            App::Instagram => fixture(include_str!("../fixtures/meta/instagram-text.json")),
        };
        match channel.app {
            App::WhatsApp => {
                let value = &mut hook["entry"][0]["changes"][0]["value"];
                value["metadata"]["phone_number_id"] = json!(channel.account_id);
                value["contacts"][0]["wa_id"] = json!(from);
                let message = &mut value["messages"][0];
                message["from"] = json!(from);
                message["id"] = json!(id);
                message["timestamp"] = json!(now.as_secs().to_string());
                match body {
                    MessageBody::Text(text) => message["text"]["body"] = json!(text),
                    MessageBody::Media { kind, media_id, mime, caption } => {
                        message["type"] = json!(kind);
                        message.as_object_mut().map(|m| m.remove("text"));
                        message[kind] = json!({ "id": media_id, "mime_type": mime });
                        if let Some(caption) = caption {
                            message[kind]["caption"] = json!(caption);
                        }
                    }
                }
            }
            App::Messenger | App::Instagram => {
                hook["entry"][0]["id"] = json!(channel.account_id);
                let event = &mut hook["entry"][0]["messaging"][0];
                event["sender"]["id"] = json!(from);
                event["recipient"]["id"] = json!(channel.account_id);
                event["timestamp"] = json!(now.as_millis() as u64);
                event["message"]["mid"] = json!(id);
                match body {
                    MessageBody::Text(text) => event["message"]["text"] = json!(text),
                    MessageBody::Media { kind, media_id, caption, .. } => {
                        let base = self.0.base_url.lock().unwrap_or_else(|e| e.into_inner()).clone();
                        let kind = if kind == "document" { "file" } else { kind };
                        event["message"].as_object_mut().map(|m| m.remove("text"));
                        event["message"]["attachments"] =
                            json!([{ "type": kind, "payload": { "url": format!("{base}/graph-media/{media_id}") } }]);
                        if let Some(caption) = caption {
                            event["message"]["text"] = json!(caption);
                        }
                    }
                }
            }
        }
        serde_json::to_vec(&hook).unwrap_or_default()
    }

    fn status_payload(&self, id: &str, to: &str, status: &str) -> Vec<u8> {
        let channel = &self.0.channel;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let hook = match channel.app {
            App::WhatsApp => {
                let mut hook = fixture(include_str!("../fixtures/meta/whatsapp-status-delivered.json"));
                let value = &mut hook["entry"][0]["changes"][0]["value"];
                value["metadata"]["phone_number_id"] = json!(channel.account_id);
                let s = &mut value["statuses"][0];
                s["id"] = json!(id);
                s["status"] = json!(status);
                s["recipient_id"] = json!(to);
                s["timestamp"] = json!(now.as_secs().to_string());
                hook
            }
            App::Messenger | App::Instagram => {
                let object = if channel.app == App::Messenger { "page" } else { "instagram" };
                let event = match status {
                    "read" => json!({ "mid": id, "watermark": now.as_millis() as u64 + 1000 }),
                    _ => json!({ "mids": [id], "watermark": now.as_millis() as u64 }),
                };
                let kind = if status == "read" { "read" } else { "delivery" };
                json!({ "object": object, "entry": [{ "id": channel.account_id, "time": now.as_millis() as u64,
                    "messaging": [{ "sender": { "id": to }, "recipient": { "id": channel.account_id },
                                    "timestamp": now.as_millis() as u64, kind: event }] }] })
            }
        };
        serde_json::to_vec(&hook).unwrap_or_default()
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

enum MessageBody<'a> {
    Text(&'a str),
    Media { kind: &'a str, media_id: &'a str, mime: &'a str, caption: Option<&'a str> },
}

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

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
        .route("/graph/{version}/{account}/messages", post(send))
        .route("/graph/{version}/{media}", get(media_info))
        .route("/graph-media/{media}", get(media_bytes))
        .route("/meta", get(desk).post(set_desk))
        .with_state(meta)
}

fn graph_error(status: StatusCode, code: i64, subcode: Option<i64>, message: &str) -> Response {
    let mut error = json!({ "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AStandIn" });
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    (status, axum::Json(json!({ "error": error }))).into_response()
}

fn authorised(meta: &Meta, headers: &HeaderMap) -> bool {
    let expected = format!("Bearer {}", meta.0.channel.access_token);
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) == Some(expected.as_str())
}

#[derive(Deserialize)]
struct SendBody {
    /// WhatsApp.
    to: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    text: Option<Value>,
    template: Option<Value>,
    /// Messenger and Instagram.
    recipient: Option<Value>,
    message: Option<Value>,
    tag: Option<String>,
}

async fn send(
    State(meta): State<Meta>,
    Path((_version, account)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorised(&meta, &headers) {
        return graph_error(StatusCode::UNAUTHORIZED, 190, None, "Invalid OAuth access token.");
    }
    if account != meta.0.channel.account_id {
        return graph_error(StatusCode::BAD_REQUEST, 100, None, "Unsupported post request.");
    }
    let Ok(sent) = serde_json::from_slice::<SendBody>(&body) else {
        return graph_error(StatusCode::BAD_REQUEST, 100, None, "Invalid parameter");
    };
    let app = meta.0.channel.app;
    let (to, text, is_template) = match app {
        App::WhatsApp => {
            let template = sent.template.as_ref().and_then(|t| t["name"].as_str()).map(|n| format!("template:{n}"));
            let text = sent.text.as_ref().and_then(|t| t["body"].as_str()).map(str::to_owned);
            let is_template = sent.kind.as_deref() == Some("template");
            (sent.to.clone(), if is_template { template } else { text }, is_template)
        }
        App::Messenger | App::Instagram => (
            sent.recipient.as_ref().and_then(|r| r["id"].as_str()).map(str::to_owned),
            sent.message.as_ref().and_then(|m| m["text"].as_str()).map(str::to_owned),
            false,
        ),
    };
    let (Some(to), Some(text)) = (to, text) else {
        return graph_error(StatusCode::BAD_REQUEST, 100, None, "Invalid parameter");
    };
    let human_agent = sent.tag.as_deref() == Some("HUMAN_AGENT");
    let (lose, statuses) = {
        let mut inner = meta.lock();
        inner.counts.sends += 1;
        let b = &mut inner.behaviour;
        let refusal = if b.rate_limit_next > 0 {
            b.rate_limit_next -= 1;
            Some(graph_error(StatusCode::BAD_REQUEST, 130429, None, "(#130429) Rate limit hit"))
        } else if b.fail_next > 0 {
            b.fail_next -= 1;
            Some(graph_error(StatusCode::INTERNAL_SERVER_ERROR, 2, None, "An unexpected error has occurred."))
        } else if b.window_closed && !is_template {
            Some(match app {
                App::WhatsApp => graph_error(StatusCode::BAD_REQUEST, 131047, None, "(#131047) Re-engagement message"),
                _ => graph_error(
                    StatusCode::BAD_REQUEST,
                    10,
                    Some(2018278),
                    "(#10) This message is sent outside of allowed window.",
                ),
            })
        } else {
            None
        };
        if let Some(refusal) = refusal {
            inner.counts.refused_sends += 1;
            return refusal;
        }
        let lose = inner.behaviour.lose_next > 0;
        if lose {
            inner.behaviour.lose_next -= 1;
        }
        (lose, inner.behaviour.statuses)
    };
    let id = meta.fresh_id(match app {
        App::WhatsApp => "wamid.out",
        App::Messenger => "m_out",
        App::Instagram => "aWdfout",
    });
    meta.lock().lines.push(Line { id: id.clone(), from_child: false, peer: to.clone(), text, human_agent });
    let status_bodies = |order: &[&str]| order.iter().map(|s| meta.status_payload(&id, &to, s)).collect::<Vec<_>>();
    match statuses {
        Statuses::InOrder if !lose => meta.tell_statuses(status_bodies(&["sent", "delivered", "read"])),
        Statuses::OutOfOrder if !lose => {
            // The "read" reaches the helpline before the answer to its send does.
            for body in status_bodies(&["read"]) {
                let _ = meta.deliver(&body).await;
            }
            meta.tell_statuses(status_bodies(&["delivered", "sent"]));
        }
        _ => {}
    }
    if lose {
        return graph_error(StatusCode::INTERNAL_SERVER_ERROR, 2, None, "An unexpected error has occurred.");
    }
    let answer = match app {
        App::WhatsApp => json!({ "messaging_product": "whatsapp", "contacts": [{ "input": to, "wa_id": to }],
                                 "messages": [{ "id": id }] }),
        _ => json!({ "recipient_id": to, "message_id": id }),
    };
    axum::Json(answer).into_response()
}

async fn media_info(
    State(meta): State<Meta>,
    Path((_version, media)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&meta, &headers) {
        return graph_error(StatusCode::UNAUTHORIZED, 190, None, "Invalid OAuth access token.");
    }
    let inner = meta.lock();
    match inner.media.get(&media).filter(|_| !inner.behaviour.media_gone) {
        Some((bytes, mime)) => {
            let base = meta.0.base_url.lock().unwrap_or_else(|e| e.into_inner()).clone();
            axum::Json(json!({ "messaging_product": "whatsapp", "url": format!("{base}/graph-media/{media}"),
                               "mime_type": mime, "sha256": sha256_hex(bytes), "file_size": bytes.len(), "id": media }))
            .into_response()
        }
        None => graph_error(StatusCode::NOT_FOUND, 100, Some(33), "Unsupported get request."),
    }
}

async fn media_bytes(State(meta): State<Meta>, Path(media): Path<String>) -> Response {
    let mut inner = meta.lock();
    inner.counts.media_downloads += 1;
    match inner.media.get(&media).filter(|_| !inner.behaviour.media_gone) {
        Some((bytes, mime)) => ([(header::CONTENT_TYPE, mime.clone())], bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(Sha256::digest(bytes))
}

#[derive(askama::Template)]
#[template(path = "meta.html")]
struct Desk {
    app: &'static str,
    lines: Vec<Line>,
    behaviour: Behaviour,
    counts: Counts,
    phone: String,
}

async fn desk(State(meta): State<Meta>) -> Response {
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
struct DeskForm {
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

async fn set_desk(State(meta): State<Meta>, axum::Form(form): axum::Form<DeskForm>) -> Response {
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
