//! Errors as RFC 9457 problem details.
//!
//! A client gets a sentence it can act on and the field at fault; an internal
//! failure gets a plain apology while its cause goes to the log, inside the
//! request's span. Bad input is never a 500.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One field at fault, by its dotted path in the request (`reporter.age`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub detail: String,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Syntactically broken JSON.
    #[error("malformed JSON: {0}")]
    MalformedJson(String, Vec<FieldError>),
    /// Well-formed, but fields are wrong.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    #[error("unsupported media type")]
    UnsupportedMediaType(String),
    #[error("request body too large")]
    TooLarge(usize),
    /// One field (an uploaded file) is over its own limit.
    #[error("{0} too large")]
    FieldTooLarge(&'static str, usize),
    #[error("unauthenticated")]
    Unauthenticated(&'static str),
    #[error("forbidden")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request contradicts what is recorded; nothing changed.
    #[error("conflict")]
    Conflict(String),
    #[error("too many requests")]
    TooManyRequests,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &str, detail: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError { field: field.to_owned(), detail: detail.into() }])
    }

    fn problem(&self) -> (StatusCode, Problem) {
        let p = |status: StatusCode, slug: &str, title, detail: String, errors| {
            (
                status,
                Problem { kind: format!("urn:relais:problem:{slug}"), title, status: status.as_u16(), detail, errors },
            )
        };
        match self {
            AppError::MalformedJson(detail, errors) => p(
                StatusCode::BAD_REQUEST,
                "malformed-json",
                "Malformed JSON",
                format!("The request body is not valid JSON: {detail}"),
                errors.clone(),
            ),
            AppError::Invalid(errors) => {
                let detail = match errors.as_slice() {
                    [one] => format!("{}: {}", one.field, one.detail),
                    _ => format!("{} fields are invalid.", errors.len()),
                };
                p(StatusCode::UNPROCESSABLE_ENTITY, "validation", "Invalid request", detail, errors.clone())
            }
            AppError::UnsupportedMediaType(got) => p(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                format!("Send the body as application/json (got {got})."),
                vec![],
            ),
            AppError::TooLarge(limit) => p(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Request body too large",
                format!("The request body is larger than the limit of {limit} bytes."),
                vec![],
            ),
            AppError::FieldTooLarge(field, limit) => p(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Too large",
                format!("{field}: larger than the limit of {limit} bytes."),
                vec![FieldError { field: (*field).to_owned(), detail: format!("at most {limit} bytes") }],
            ),
            AppError::Unauthenticated(why) => {
                p(StatusCode::UNAUTHORIZED, "unauthenticated", "Unauthenticated", (*why).to_owned(), vec![])
            }
            AppError::Forbidden(why) => p(StatusCode::FORBIDDEN, "forbidden", "Forbidden", (*why).to_owned(), vec![]),
            AppError::NotFound(path) => {
                p(StatusCode::NOT_FOUND, "not-found", "Not found", format!("There is nothing at {path}."), vec![])
            }
            AppError::Conflict(detail) => p(StatusCode::CONFLICT, "conflict", "Conflict", detail.clone(), vec![]),
            AppError::MethodNotAllowed => p(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                "This resource does not accept that method.".to_owned(),
                vec![],
            ),
            AppError::TooManyRequests => p(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many requests",
                "Too many requests from this address; wait a minute and try again.".to_owned(),
                vec![],
            ),
            AppError::Internal(_) => p(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "Something went wrong on our side; it has been logged. Please try again.".to_owned(),
                vec![],
            ),
        }
    }
}

impl From<relais_store::StoreError> for AppError {
    fn from(e: relais_store::StoreError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let (status, problem) = self.problem();
        let mut response = (status, axum::Json(problem)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::TOO_MANY_REQUESTS {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"relais\""));
        }
        response
    }
}

pub async fn not_found(uri: axum::http::Uri) -> AppError {
    AppError::NotFound(uri.path().chars().take(200).collect())
}

pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

impl AppError {
    /// The problem document for a status a framework answered with its own words.
    fn for_status(status: StatusCode, body_limit: usize) -> AppError {
        match status {
            StatusCode::NOT_FOUND => AppError::NotFound("this address".to_owned()),
            StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge(body_limit),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType("another media type".to_owned()),
            StatusCode::TOO_MANY_REQUESTS => AppError::TooManyRequests,
            s if s.is_server_error() => AppError::Internal(format!("a {s} answered without problem details")),
            _ => AppError::field("request", "the request's path, query or body could not be read"),
        }
    }
}

/// Who a path answers: the console's pages, the pages a child opens, or the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    Console,
    Public,
    Api,
}

fn audience(path: &str) -> Audience {
    if path == "/console" || path.starts_with("/console/") {
        Audience::Console
    } else if ["/h/", "/contact/", "/callback/", "/suivi", "/embed/"].iter().any(|p| path.starts_with(p)) {
        Audience::Public
    } else {
        Audience::Api
    }
}

/// The last word on every refusal: an answer a framework gave in its own
/// plain text (a path that does not decode, a form that does not parse, a
/// method not allowed) is answered again in the server's words, as the
/// console's error page, a child's error page or problem details, by who the
/// path is for. What the handlers answered themselves passes untouched.
pub async fn normalize(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    let ours = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| {
        ct.starts_with("application/problem+json") || ct.starts_with("text/html") || ct.starts_with("application/json")
    });
    if !(status.is_client_error() || status.is_server_error()) || ours {
        return response;
    }
    match audience(&path) {
        Audience::Console => {
            let locale = crate::console::locale::ConsoleLocale::from_headers(&headers);
            crate::console::error::page_for_status(status, locale, state.settings.limits.body_bytes)
        }
        Audience::Public => {
            let lang = crate::public::landing::preferred(&headers);
            crate::public::error::page(&state, status, lang, relais_core::i18n::Ui::PageUnreadable)
        }
        Audience::Api => AppError::for_status(status, state.settings.limits.body_bytes).into_response(),
    }
}
