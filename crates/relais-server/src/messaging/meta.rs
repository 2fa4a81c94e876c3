//! What Meta's webhooks say, read into what Relais needs: messages from a
//! child, and the platform's word on the helpline's replies.
//!
//! The three apps speak two shapes. WhatsApp Business Cloud API:
//! `entry[].changes[].value.{metadata, messages[], statuses[]}`
//! (<https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples>).
//! Messenger and Instagram: `entry[].messaging[]` with `sender`, and one of
//! `message`, `delivery`, `read`
//! (<https://developers.facebook.com/docs/messenger-platform/webhooks>).
//! Unknown fields are ignored (Meta adds them without notice); an event of a
//! kind Relais does not use is skipped; an event addressed to another
//! account than the channel's is skipped too.

use jiff::Timestamp;
use relais_core::messaging::{AppKind, Delivery, MediaKind};
use serde::Deserialize;

/// One thing a webhook told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The child wrote (at `sent_at`, by the platform's clock).
    Message { id: String, from: String, content: Content, sent_at: Option<Timestamp> },
    /// How far a reply got.
    Status { id: String, status: Delivery, error: Option<String> },
    /// Messenger: everything sent to `from` up to `watermark` was read.
    ReadUpTo { from: String, watermark: Timestamp },
}

/// What a message carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(String),
    Media {
        kind: MediaKind,
        source: MediaSource,
        caption: Option<String>,
    },
    /// A kind of message Relais does not read (a location, a contact card, a
    /// reaction…): the counsellor is told one came.
    Other(String),
}

/// Where an attachment is fetched from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaSource {
    /// WhatsApp: a media id, whose address the Graph API gives.
    GraphId(String),
    /// Messenger and Instagram: an address on Meta's servers.
    Url(String),
}

/// The body is not one of Meta's webhooks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a {app} webhook: {reason}")]
pub struct Unreadable {
    app: &'static str,
    reason: String,
}

/// Reads a webhook's body for a channel of `kind` whose account is `account`.
pub fn parse(kind: AppKind, account: &str, body: &[u8]) -> Result<Vec<Event>, Unreadable> {
    let unreadable = |reason: String| Unreadable { app: kind.name(), reason };
    match kind {
        AppKind::WhatsApp => {
            let hook: WaHook = serde_json::from_slice(body).map_err(|e| unreadable(e.to_string()))?;
            if hook.object != "whatsapp_business_account" {
                return Err(unreadable(format!("object {:?}", hook.object)));
            }
            Ok(whatsapp(hook, account))
        }
        AppKind::Messenger | AppKind::Instagram => {
            let hook: PageHook = serde_json::from_slice(body).map_err(|e| unreadable(e.to_string()))?;
            let expected = if kind == AppKind::Messenger { "page" } else { "instagram" };
            if hook.object != expected {
                return Err(unreadable(format!("object {:?}", hook.object)));
            }
            Ok(page(hook, account))
        }
    }
}

// WhatsApp Business Cloud API.

#[derive(Deserialize)]
struct WaHook {
    object: String,
    #[serde(default)]
    entry: Vec<WaEntry>,
}

#[derive(Deserialize)]
struct WaEntry {
    #[serde(default)]
    changes: Vec<WaChange>,
}

#[derive(Deserialize)]
struct WaChange {
    #[serde(default)]
    field: String,
    value: Option<WaValue>,
}

#[derive(Deserialize)]
struct WaValue {
    metadata: Option<WaMetadata>,
    #[serde(default)]
    messages: Vec<WaMessage>,
    #[serde(default)]
    statuses: Vec<WaStatus>,
}

#[derive(Deserialize)]
struct WaMetadata {
    phone_number_id: String,
}

#[derive(Deserialize)]
struct WaMessage {
    from: String,
    id: String,
    /// Seconds, as a string.
    #[serde(default)]
    timestamp: String,
    #[serde(rename = "type")]
    kind: String,
    text: Option<WaText>,
    image: Option<WaMedia>,
    video: Option<WaMedia>,
    audio: Option<WaMedia>,
    document: Option<WaMedia>,
    sticker: Option<WaMedia>,
    button: Option<WaButton>,
}

#[derive(Deserialize)]
struct WaText {
    body: String,
}

#[derive(Deserialize)]
struct WaButton {
    text: String,
}

#[derive(Deserialize)]
struct WaMedia {
    id: String,
    caption: Option<String>,
}

#[derive(Deserialize)]
struct WaStatus {
    id: String,
    status: String,
    #[serde(default)]
    errors: Vec<WaError>,
}

#[derive(Deserialize)]
struct WaError {
    code: Option<i64>,
    title: Option<String>,
    message: Option<String>,
}

fn whatsapp(hook: WaHook, account: &str) -> Vec<Event> {
    let mut events = Vec::new();
    for change in hook.entry.into_iter().flat_map(|e| e.changes) {
        let Some(value) = change.value.filter(|_| change.field == "messages") else { continue };
        if value.metadata.as_ref().is_some_and(|m| m.phone_number_id != account) {
            continue;
        }
        for m in value.messages {
            let media = |kind: MediaKind, media: Option<WaMedia>| {
                media.map(|m| Content::Media { kind, source: MediaSource::GraphId(m.id), caption: m.caption })
            };
            let content = match m.kind.as_str() {
                "text" => m.text.map(|t| Content::Text(t.body)),
                "button" => m.button.map(|b| Content::Text(b.text)),
                "image" => media(MediaKind::Image, m.image),
                "video" => media(MediaKind::Video, m.video),
                "audio" => media(MediaKind::Audio, m.audio),
                "document" => media(MediaKind::Document, m.document),
                "sticker" => media(MediaKind::Sticker, m.sticker),
                _ => None,
            };
            let content = content.unwrap_or(Content::Other(m.kind));
            let sent_at = m.timestamp.parse().ok().and_then(|s| Timestamp::from_second(s).ok());
            events.push(Event::Message { id: m.id, from: m.from, content, sent_at });
        }
        for s in value.statuses {
            let Some(status) = Delivery::from_code(&s.status) else { continue };
            let error = s.errors.first().map(|e| {
                let words = e.message.clone().or_else(|| e.title.clone()).unwrap_or_default();
                // Kept as a reason, read in each counsellor's language.
                relais_core::undelivered::Why::from_graph(e.code.unwrap_or_default(), &words).store()
            });
            events.push(Event::Status { id: s.id, status, error });
        }
    }
    events
}

// Messenger and Instagram.

#[derive(Deserialize)]
struct PageHook {
    object: String,
    #[serde(default)]
    entry: Vec<PageEntry>,
}

#[derive(Deserialize)]
struct PageEntry {
    id: String,
    #[serde(default)]
    messaging: Vec<PageEvent>,
}

#[derive(Deserialize)]
struct PageEvent {
    sender: Party,
    /// Milliseconds.
    timestamp: Option<i64>,
    message: Option<PageMessage>,
    delivery: Option<PageDelivery>,
    read: Option<PageRead>,
}

#[derive(Deserialize)]
struct Party {
    id: String,
}

#[derive(Deserialize)]
struct PageMessage {
    mid: String,
    text: Option<String>,
    #[serde(default)]
    attachments: Vec<PageAttachment>,
    #[serde(default)]
    is_echo: bool,
}

#[derive(Deserialize)]
struct PageAttachment {
    #[serde(rename = "type")]
    kind: String,
    payload: Option<PagePayload>,
}

#[derive(Deserialize)]
struct PagePayload {
    url: Option<String>,
}

#[derive(Deserialize)]
struct PageDelivery {
    #[serde(default)]
    mids: Vec<String>,
}

#[derive(Deserialize)]
struct PageRead {
    /// Instagram: the message read.
    mid: Option<String>,
    /// Messenger: everything sent up to then (milliseconds) was read.
    watermark: Option<i64>,
}

fn page(hook: PageHook, account: &str) -> Vec<Event> {
    let mut events = Vec::new();
    for entry in hook.entry.into_iter().filter(|e| e.id == account) {
        for e in entry.messaging {
            if let Some(m) = e.message {
                // What the account itself sent, echoed back: not the child's.
                if m.is_echo || e.sender.id == account {
                    continue;
                }
                let attachment = m.attachments.into_iter().next();
                let content = match (m.text, attachment) {
                    (Some(text), None) => Content::Text(text),
                    (caption, Some(a)) => match (MediaKind::from_code(&a.kind), a.payload.and_then(|p| p.url)) {
                        (Some(kind), Some(url)) => Content::Media { kind, source: MediaSource::Url(url), caption },
                        _ => Content::Other(a.kind),
                    },
                    (None, None) => Content::Other("empty".to_owned()),
                };
                let sent_at = e.timestamp.and_then(|t| Timestamp::from_millisecond(t).ok());
                events.push(Event::Message { id: m.mid, from: e.sender.id, content, sent_at });
            } else if let Some(d) = e.delivery {
                events.extend(d.mids.into_iter().map(|id| Event::Status {
                    id,
                    status: Delivery::Delivered,
                    error: None,
                }));
            } else if let Some(r) = e.read {
                if let Some(id) = r.mid {
                    events.push(Event::Status { id, status: Delivery::Read, error: None });
                } else if let Some(watermark) = r.watermark.and_then(|w| Timestamp::from_millisecond(w).ok()) {
                    events.push(Event::ReadUpTo { from: e.sender.id, watermark });
                }
            }
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../relais-mock-platform/fixtures/meta/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn a_whatsapp_text_and_its_statuses_are_read() {
        let events = parse(AppKind::WhatsApp, "106540352242922", &fixture("whatsapp-text.json")).expect("reads");
        assert_eq!(
            events,
            vec![Event::Message {
                id: "wamid.HBgLMzM2MTIzNDU2NzgVAgASGBQzQUVCMEQ5RjM2QkQ3RUE1NEEwNAA=".into(),
                from: "33612345678".into(),
                content: Content::Text("Bonjour, quelqu'un a publié une photo de moi".into()),
                sent_at: Timestamp::from_second(1_764_500_000).ok(),
            }]
        );
        let events =
            parse(AppKind::WhatsApp, "106540352242922", &fixture("whatsapp-status-failed.json")).expect("reads");
        let [Event::Status { status: Delivery::Failed, error: Some(error), .. }] = events.as_slice() else {
            panic!("{events:?}")
        };
        assert_eq!(relais_core::undelivered::Why::read(error), relais_core::undelivered::Why::WindowPassed);
    }

    #[test]
    fn a_whatsapp_image_is_fetched_by_its_media_id() {
        let events = parse(AppKind::WhatsApp, "106540352242922", &fixture("whatsapp-image.json")).expect("reads");
        let [Event::Message { content: Content::Media { kind: MediaKind::Image, source, caption }, .. }] =
            events.as_slice()
        else {
            panic!("{events:?}")
        };
        assert_eq!(source, &MediaSource::GraphId("1095823498234".into()));
        assert_eq!(caption.as_deref(), Some("c'est ça qu'il envoie"));
    }

    #[test]
    fn a_webhook_for_another_account_is_skipped() {
        assert_eq!(parse(AppKind::WhatsApp, "another", &fixture("whatsapp-text.json")), Ok(vec![]));
        assert_eq!(parse(AppKind::Messenger, "another", &fixture("messenger-text.json")), Ok(vec![]));
    }

    #[test]
    fn messenger_messages_deliveries_and_read_watermarks_are_read() {
        let events = parse(AppKind::Messenger, "101010101010101", &fixture("messenger-text.json")).expect("reads");
        assert!(
            matches!(&events[..], [Event::Message { from, content: Content::Text(_), .. }] if from == "6543210987654321")
        );
        let events = parse(AppKind::Messenger, "101010101010101", &fixture("messenger-read.json")).expect("reads");
        assert!(matches!(&events[..], [Event::ReadUpTo { .. }]), "{events:?}");
    }

    #[test]
    fn an_instagram_read_names_its_message() {
        let events = parse(AppKind::Instagram, "17841400000000000", &fixture("instagram-read.json")).expect("reads");
        assert!(matches!(&events[..], [Event::Status { status: Delivery::Read, .. }]), "{events:?}");
    }

    #[test]
    fn a_body_of_another_kind_is_unreadable_not_guessed() {
        assert!(parse(AppKind::WhatsApp, "x", b"{\"object\":\"page\",\"entry\":[]}").is_err());
        assert!(parse(AppKind::Instagram, "x", b"{\"object\":\"page\",\"entry\":[]}").is_err());
        assert!(parse(AppKind::Messenger, "x", b"not json").is_err());
    }
}
