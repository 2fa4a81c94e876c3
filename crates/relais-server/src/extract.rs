//! A JSON body extractor that names the field at fault.
//!
//! axum's own `Json` answers bad input in plain text; platforms integrating
//! on a deadline need to know which field to fix. This one checks the media
//! type, enforces the body limit, and reports serde's path to the error
//! (`reporter.role`) as problem details. Every string of a body or a query
//! is held to `relais_core::text`: no control character (but line breaks in
//! free text), no bidirectional control outside free text.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use crate::error::{AppError, FieldError};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Default)]
pub struct StrictJson<T>(pub T);

impl<T> FromRequest<AppState> for StrictJson<T>
where
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence != "application/json" {
            let shown = if content_type.is_empty() { "no Content-Type".to_owned() } else { truncate(content_type, 60) };
            return Err(AppError::UnsupportedMediaType(shown));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge(state.settings.limits.body_bytes)
            } else {
                AppError::MalformedJson("the body could not be read".to_owned(), vec![])
            }
        })?;
        parse(&bytes).map(StrictJson)
    }
}

/// Every request body of the API is a JSON object; say so rather than let
/// serde try to read an array as a struct.
fn require_object(bytes: &[u8]) -> Result<(), AppError> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        return Ok(());
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        Ok(_) => Err(AppError::field("body", "the request body must be a JSON object")),
        Err(e) => Err(AppError::MalformedJson(strip_position(&e.to_string()), vec![])),
    }
}

/// Whether a JSON text may hold a character `relais_core::text` refuses: an
/// escape (`\u0000`, `\n`), DEL, a C1 control, a line separator or a
/// bidirectional control, as UTF-8. Most bodies hold none, and skip the walk.
fn may_hide_characters(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b == b'\\' || b == 0x7f)
        || bytes.windows(2).any(|w| matches!(w, [0xC2, 0x80..=0x9F] | [0xD8, 0x9C]))
        || bytes.windows(3).any(|w| matches!(w, [0xE2, 0x80, 0x8E | 0x8F | 0xA8..=0xAE] | [0xE2, 0x81, 0xA6..=0xA9]))
}

/// Holds every string of a JSON document, keys included, to the shape of its field.
fn check_strings(value: &serde_json::Value, path: &mut String) -> Result<(), AppError> {
    use relais_core::text::{Shape, check, shape_of};
    let named = |path: &str| if path.is_empty() { "body".to_owned() } else { path.to_owned() };
    match value {
        serde_json::Value::String(text) => {
            check(text, shape_of(path)).map_err(|fault| AppError::field(&named(path), fault.explain()))
        }
        serde_json::Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let checked = check_strings(item, path);
            path.truncate(len);
            checked
        }),
        serde_json::Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            check(key, Shape::Line).map_err(|fault| AppError::field(&named(path), fault.explain()))?;
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            let checked = check_strings(item, path);
            path.truncate(len);
            checked
        }),
        _ => Ok(()),
    }
}

/// Parses a body, mapping serde's complaint to the field it concerns.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    require_object(bytes)?;
    if may_hide_characters(bytes)
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes)
    {
        check_strings(&value, &mut String::new())?;
    }
    // The common case pays nothing for error paths; a failure is parsed
    // again, tracking the path, to name the field.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(de) {
        Ok(value) => Ok(value),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let message = quote_safely(&strip_position(&inner.to_string()));
            let field = field_of(&path, &message);
            let errors = vec![FieldError { field: field.clone(), detail: message.clone() }];
            match inner.classify() {
                serde_json::error::Category::Syntax
                | serde_json::error::Category::Eof
                | serde_json::error::Category::Io => Err(AppError::MalformedJson(message, vec![])),
                serde_json::error::Category::Data => Err(AppError::Invalid(errors)),
            }
        }
    }
}

/// serde reports a missing field at its parent; name the field itself.
fn field_of(path: &str, message: &str) -> String {
    let parent = if path == "." { "" } else { path };
    if let Some(name) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        return if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") };
    }
    if parent.is_empty() { "body".to_owned() } else { parent.to_owned() }
}

/// "… at line 1 column 42" helps nobody reading a problem document.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// serde quotes the offending value between backticks (`unknown variant
/// `<script>``); a problem document must not carry hostile input back to a
/// platform's dashboard, so only plain identifiers are quoted back.
fn quote_safely(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        let quoted = i % 2 == 1;
        let plain = part.len() <= 40 && part.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if quoted {
            out.push('`');
            out.push_str(if plain { part } else { "…" });
            out.push('`');
        } else {
            out.push_str(part);
        }
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        inner: Inner,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        role: String,
    }

    fn field(body: &str) -> String {
        match parse::<Outer>(body.as_bytes()) {
            Err(AppError::Invalid(errors)) => errors[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_nested_missing_unknown_and_mistyped_fields() {
        assert_eq!(field(r#"{"inner": {}}"#), "inner.role");
        assert_eq!(field(r#"{}"#), "inner");
        assert_eq!(field(r#"{"inner": {"role": 1}}"#), "inner.role");
        assert_eq!(field(r#"{"inner": {"role": "x", "extra": 1}}"#), "inner.extra");
        assert_eq!(field(r#"{"inner": {"role": "x"}, "x": 1}"#), "x");
    }

    #[test]
    fn hostile_values_are_not_quoted_back() {
        assert_eq!(quote_safely("unknown variant `<script>`, expected `a`"), "unknown variant `…`, expected `a`");
        assert_eq!(quote_safely("missing field `role`"), "missing field `role`");
    }

    #[test]
    fn syntax_errors_are_malformed_json() {
        assert!(matches!(parse::<Outer>(b"{"), Err(AppError::MalformedJson(..))));
        assert!(matches!(parse::<Outer>(b"nope"), Err(AppError::MalformedJson(..))));
    }
}

/// A query string read into `T`, with the parameter at fault named in
/// problem details; axum's own `Query` answers a framework's sentence in
/// plain text.
#[derive(Debug, Clone, Copy, Default)]
pub struct StrictQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for StrictQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            for text in [&name, &value] {
                relais_core::text::check(text, relais_core::text::Shape::Line)
                    .map_err(|fault| AppError::field(&name, fault.explain()))?;
            }
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map(StrictQuery).map_err(|err| {
            let path = err.path().to_string();
            let message = quote_safely(&err.into_inner().to_string());
            let field = match field_of(&path, &message).as_str() {
                "body" => "query".to_owned(),
                named => named.to_owned(),
            };
            AppError::Invalid(vec![FieldError { field, detail: message }])
        })
    }
}
