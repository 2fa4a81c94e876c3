//! The webhooks the phone sends, built from Meta's documented payloads (`fixtures/meta/`).

use serde_json::{Value, json};

use super::{App, Meta};

impl Meta {
    pub(super) fn message_payload(&self, id: &str, from: &str, body: MessageBody<'_>) -> Vec<u8> {
        let channel = &self.0.channel;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let mut hook = match channel.app {
            App::WhatsApp => fixture(include_str!("../../fixtures/meta/whatsapp-text.json")),
            App::Messenger => fixture(include_str!("../../fixtures/meta/messenger-text.json")),
            App::Instagram => fixture(include_str!("../../fixtures/meta/instagram-text.json")),
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

    pub(super) fn status_payload(&self, id: &str, to: &str, status: &str) -> Vec<u8> {
        let channel = &self.0.channel;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let hook = match channel.app {
            App::WhatsApp => {
                let mut hook = fixture(include_str!("../../fixtures/meta/whatsapp-status-delivered.json"));
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
}

pub(super) enum MessageBody<'a> {
    Text(&'a str),
    Media { kind: &'a str, media_id: &'a str, mime: &'a str, caption: Option<&'a str> },
}

pub(super) fn fixture(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}
