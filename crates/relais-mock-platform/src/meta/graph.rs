//! The Graph API's side: sends taken (or refused on command), media served.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;

use super::{App, Line, Meta, Statuses};

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

pub(super) async fn send(
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

pub(super) async fn media_info(
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

pub(super) async fn media_bytes(State(meta): State<Meta>, Path(media): Path<String>) -> Response {
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
