//! Meta's Graph API, the little of it Relais uses: sending a reply (text,
//! text marked as a person's answer, WhatsApp's approved template) and
//! fetching what a child attached. Its base address is a setting, so the
//! tests and the demo speak to a stand-in.
//!
//! A failure comes back in words a counsellor can act on, and says whether
//! trying again later may help (a rate limit, Meta unavailable) or not (the
//! window has closed, the person cannot be reached).

use relais_core::undelivered::Why;
use std::time::Duration;

use relais_core::messaging::AppKind;
use relais_store::messaging::AppChannel;
use serde::Deserialize;
use serde_json::json;

use crate::state::AppState;

/// What is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outgoing<'a> {
    /// Words, within the standard window.
    Text(&'a str),
    /// Messenger and Instagram, after the first day: words marked as a
    /// person's answer (the `HUMAN_AGENT` tag), up to seven days.
    HumanAgent(&'a str),
    /// WhatsApp: an approved template (its name and language).
    Template { name: &'a str, language: &'a str },
}

/// A call that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// For the counsellor and the supervisors, in their language.
    pub why: Why,
    /// Whether another attempt later may succeed.
    pub retry: bool,
}

impl Failure {
    pub fn retry(why: Why) -> Failure {
        Failure { why, retry: true }
    }

    pub fn final_(why: Why) -> Failure {
        Failure { why, retry: false }
    }
}

/// An attachment fetched.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
}

/// Why an attachment was not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFetched {
    /// Larger than the limit (its size, if Meta said it).
    TooLarge(Option<u64>),
    /// It could not be reached; another attempt may do.
    Unreachable(Failure),
}

/// The Graph API as a channel reaches it.
#[derive(Debug, Clone, Copy)]
pub struct Graph<'a> {
    state: &'a AppState,
}

#[derive(Deserialize)]
struct Sent {
    /// WhatsApp.
    #[serde(default)]
    messages: Vec<SentMessage>,
    /// Messenger and Instagram.
    message_id: Option<String>,
}

#[derive(Deserialize)]
struct SentMessage {
    id: String,
}

#[derive(Deserialize)]
struct MediaInfo {
    url: String,
    file_size: Option<u64>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: GraphError,
}

#[derive(Deserialize)]
struct GraphError {
    #[serde(default)]
    message: String,
    code: Option<i64>,
    error_subcode: Option<i64>,
}

impl<'a> Graph<'a> {
    pub fn new(state: &'a AppState) -> Graph<'a> {
        Graph { state }
    }

    fn url(&self, path: &str) -> String {
        let settings = &self.state.settings.messaging;
        format!("{}/{}/{path}", settings.graph_url.trim_end_matches('/'), settings.graph_version)
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.state.settings.messaging.request_timeout_seconds.max(1))
    }

    /// Sends to `to` on `channel`; returns the platform's id for the message.
    pub async fn send(&self, channel: &AppChannel, to: &str, out: Outgoing<'_>) -> Result<String, Failure> {
        let body = match (channel.kind, out) {
            (AppKind::WhatsApp, Outgoing::Text(text) | Outgoing::HumanAgent(text)) => json!({
                "messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
                "type": "text", "text": { "preview_url": false, "body": text },
            }),
            (AppKind::WhatsApp, Outgoing::Template { name, language }) => json!({
                "messaging_product": "whatsapp", "to": to, "type": "template",
                "template": { "name": name, "language": { "code": language } },
            }),
            (_, Outgoing::Text(text)) => json!({
                "recipient": { "id": to }, "messaging_type": "RESPONSE", "message": { "text": text },
            }),
            (_, Outgoing::HumanAgent(text)) => json!({
                "recipient": { "id": to }, "messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT",
                "message": { "text": text },
            }),
            (_, Outgoing::Template { .. }) => {
                return Err(Failure::final_(Why::NoTemplates));
            }
        };
        let response = self
            .state
            .http
            .post(self.url(&format!("{}/messages", channel.account_id)))
            .bearer_auth(&channel.secrets.access_token)
            .timeout(self.timeout())
            .json(&body)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(unreachable)?;
        if !status.is_success() {
            return Err(refused(status.as_u16(), &bytes));
        }
        let sent: Sent = serde_json::from_slice(&bytes).map_err(|_| Failure::retry(Why::AnswerUnreadable))?;
        sent.messages
            .into_iter()
            .next()
            .map(|m| m.id)
            .or(sent.message_id)
            .ok_or_else(|| Failure::retry(Why::AnswerWithoutId))
    }

    /// Fetches an attachment, refusing more than `max_bytes`.
    pub async fn fetch(
        &self,
        channel: &AppChannel,
        source: &super::meta::MediaSource,
        max_bytes: u64,
    ) -> Result<Fetched, NotFetched> {
        let url = match source {
            super::meta::MediaSource::Url(url) => url.clone(),
            // WhatsApp: the media id gives a short-lived address, read with the token.
            super::meta::MediaSource::GraphId(id) => {
                let response = self
                    .state
                    .http
                    .get(self.url(id))
                    .bearer_auth(&channel.secrets.access_token)
                    .timeout(self.timeout())
                    .send()
                    .await
                    .map_err(|e| NotFetched::Unreachable(unreachable(e)))?;
                let status = response.status();
                let bytes = response.bytes().await.map_err(|e| NotFetched::Unreachable(unreachable(e)))?;
                if !status.is_success() {
                    return Err(NotFetched::Unreachable(refused(status.as_u16(), &bytes)));
                }
                let info: MediaInfo = serde_json::from_slice(&bytes)
                    .map_err(|_| NotFetched::Unreachable(Failure::retry(Why::AnswerUnreadable)))?;
                if info.file_size.is_some_and(|size| size > max_bytes) {
                    return Err(NotFetched::TooLarge(info.file_size));
                }
                info.url
            }
        };
        let mut response = self
            .state
            .http
            .get(url)
            .bearer_auth(&channel.secrets.access_token)
            .timeout(self.timeout())
            .send()
            .await
            .map_err(|e| NotFetched::Unreachable(unreachable(e)))?;
        if !response.status().is_success() {
            let status = response.status().as_u16();
            return Err(NotFetched::Unreachable(refused(status, &[])));
        }
        if response.content_length().is_some_and(|size| size > max_bytes) {
            return Err(NotFetched::TooLarge(response.content_length()));
        }
        // Read in pieces: a server that does not say the size is stopped at the limit.
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| NotFetched::Unreachable(unreachable(e)))? {
            if (bytes.len() + chunk.len()) as u64 > max_bytes {
                return Err(NotFetched::TooLarge(None));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched { bytes })
    }
}

fn unreachable(e: reqwest::Error) -> Failure {
    Failure::retry(Why::Unreachable { network: crate::tls::failure(&e) })
}

/// What a refusal means, from its HTTP status and Meta's error body.
fn refused(status: u16, body: &[u8]) -> Failure {
    let error = serde_json::from_slice::<ErrorBody>(body).ok().map(|b| b.error);
    let (code, subcode, message) = match &error {
        Some(e) => (e.code, e.error_subcode, e.message.as_str()),
        None => (None, None, ""),
    };
    // Messenger says the window passed with a subcode of its generic code 10.
    let why = match (code, subcode) {
        (Some(10), Some(2018278 | 2018108 | 2018065)) => Some(Why::WindowPassed),
        (Some(code), _) => Some(Why::from_graph(code, message)),
        (None, _) => None,
    };
    match (status, why) {
        (_, Some(Why::WindowPassed)) => Failure::final_(Why::WindowPassed),
        (_, Some(why)) if why.retries() => Failure::retry(why),
        (500..=599 | 429, _) => Failure::retry(Why::Unavailable { status }),
        (_, Some(why)) => Failure::final_(why),
        (_, None) => Failure::final_(Why::RefusedStatus { status }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_window_is_final_and_said_in_words() {
        let body = br#"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"fbtrace_id":"x"}}"#;
        let failure = refused(400, body);
        assert!(!failure.retry);
        assert_eq!(failure.why, Why::WindowPassed);
        let messenger = br#"{"error":{"message":"(#10) This message is sent outside of allowed window.","code":10,"error_subcode":2018278}}"#;
        assert!(!refused(400, messenger).retry);
    }

    #[test]
    fn a_rate_limit_and_an_outage_are_tried_again() {
        let body = br#"{"error":{"message":"(#130429) Rate limit hit","code":130429}}"#;
        assert!(refused(400, body).retry);
        assert!(refused(503, b"<html>").retry);
        assert!(refused(429, b"").retry);
    }

    #[test]
    fn an_unknown_refusal_keeps_metas_words() {
        let body = br#"{"error":{"message":"(#100) Invalid parameter","code":100}}"#;
        let failure = refused(400, body);
        assert!(!failure.retry);
        assert_eq!(failure.why, Why::Refused { code: 100, says: "(#100) Invalid parameter".into() });
    }
}
