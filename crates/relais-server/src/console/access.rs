//! Who may act in the console, checked once per request. [`SignedIn`] finds
//! the session; [`need_to_know`] stands in front of every route about a case
//! and lets through only those who may open it; [`Counsellor`] also requires
//! a role that works cases;
//! [`CounsellorForm`] (and [`StaffForm`], for any role) also reads the posted
//! form and checks that it carries the session's token (every state-changing
//! form does). A handler that takes
//! one of them starts where these checks have passed.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use relais_core::case::access::may_open;
use relais_core::id::{CaseId, StaffId};
use relais_core::staff::Permission;
use relais_store::Staff;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::error::{ConsoleError, Say};
use super::session::SignedIn;
use crate::state::AppState;

/// A signed-in staff member whose role works cases.
#[derive(Debug, Clone)]
pub struct Counsellor {
    pub signed_in: SignedIn,
}

impl Counsellor {
    pub fn staff(&self) -> &Staff {
        &self.signed_in.session.staff
    }

    pub fn id(&self) -> StaffId {
        self.staff().id
    }

    /// The session's form token, for the forms of the page being drawn.
    pub fn csrf(&self) -> &str {
        &self.signed_in.session.csrf_token
    }

    /// Refused, with this reason, unless the role may do `permission`.
    pub fn require(&self, permission: Permission, say: Say) -> Result<(), ConsoleError> {
        self.signed_in.require(permission, say).map(|_| ())
    }

    /// For a form read by its handler (an upload): the token must be this session's.
    pub fn check_token(&self, presented: &str) -> Result<(), ConsoleError> {
        if self.signed_in.csrf_matches(presented) { Ok(()) } else { Err(ConsoleError::FormToken) }
    }
}

impl SignedIn {
    /// The staff member, if their role may do `permission`; refused with this reason otherwise.
    pub fn require(&self, permission: Permission, say: Say) -> Result<&Staff, ConsoleError> {
        let staff = &self.session.staff;
        if staff.role.may(permission) { Ok(staff) } else { Err(ConsoleError::Forbidden(say)) }
    }
}

impl FromRequestParts<AppState> for Counsellor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        signed_in.require(Permission::WorkCases, |t| t.works_cases).map_err(IntoResponse::into_response)?;
        Ok(Counsellor { signed_in })
    }
}

/// A counsellor's form, read whole and checked against the session's token
/// before the handler sees it.
#[derive(Debug)]
pub struct CounsellorForm<F>(pub Counsellor, pub F);

/// A form with its token beside the fields the handler reads.
#[derive(Deserialize)]
struct Tokened<F> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    form: F,
}

impl<F: DeserializeOwned + Send> FromRequest<AppState> for CounsellorForm<F> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let counsellor = Counsellor::from_request_parts(&mut parts, state).await?;
        let Tokened { csrf, form } = read_form(Request::from_parts(parts, body), state).await?;
        counsellor.check_token(&csrf).map_err(IntoResponse::into_response)?;
        Ok(CounsellorForm(counsellor, form))
    }
}

/// Any signed-in staff member's form (whatever their role), checked against
/// the session's token the same way.
#[derive(Debug)]
pub struct StaffForm<F>(pub SignedIn, pub F);

impl<F: DeserializeOwned + Send> FromRequest<AppState> for StaffForm<F> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let signed_in = SignedIn::from_request_parts(&mut parts, state).await?;
        let Tokened { csrf, form } = read_form(Request::from_parts(parts, body), state).await?;
        if !signed_in.csrf_matches(&csrf) {
            return Err(ConsoleError::FormToken.into_response());
        }
        Ok(StaffForm(signed_in, form))
    }
}

/// A URL-encoded form within the body limit, with its token beside its fields.
async fn read_form<F: DeserializeOwned>(request: Request, state: &AppState) -> Result<Tokened<F>, Response> {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(ConsoleError::Unsupported(|t| t.unreadable_form).into_response());
    }
    let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
        let limit = state.settings.limits.body_bytes;
        match rejection.status() {
            axum::http::StatusCode::PAYLOAD_TOO_LARGE => ConsoleError::TooLarge { field: "body", limit },
            _ => ConsoleError::field("body", |t| t.unreadable_form),
        }
        .into_response()
    })?;
    check_text(form_urlencoded::parse(&bytes)).map_err(IntoResponse::into_response)?;
    serde_urlencoded::from_bytes::<Tokened<F>>(&bytes)
        .map_err(|_| ConsoleError::field("body", |t| t.unreadable_form).into_response())
}

/// Holds every field of a form to `relais_core::text`, naming the first at fault.
pub fn check_text<'a>(
    fields: impl IntoIterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
) -> Result<(), ConsoleError> {
    use relais_core::text::{Fault, Shape, check, shape_of};
    for (name, value) in fields {
        let fault = check(&name, Shape::Line).err().or_else(|| check(&value, shape_of(&name)).err());
        if let Some(fault) = fault {
            let say: Say = match fault {
                Fault::Control => |t| t.text_control,
                Fault::Bidi => |t| t.text_bidi,
            };
            let field = if check(&name, Shape::Line).is_ok() { name.into_owned() } else { "body".to_owned() };
            return Err(ConsoleError::field(field, say));
        }
    }
    Ok(())
}

/// In front of every route whose path names a case (`/console/cases/{id}/…`):
/// the signed-in staff member must be allowed to open it (see
/// `relais_core::case::access` and `[console.access]`). A refusal is a 403,
/// and a row in the audit trail; a case that does not exist is left to the
/// route to say so.
pub async fn need_to_know(
    State(state): State<AppState>,
    params: RawPathParams,
    request: Request,
    next: Next,
) -> Response {
    let Some(case) = params.iter().find(|(name, _)| *name == "id").and_then(|(_, value)| CaseId::parse(value)) else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    let signed_in = match SignedIn::from_request_parts(&mut parts, &state).await {
        Ok(signed_in) => signed_in,
        Err(to_sign_in) => return to_sign_in,
    };
    let staff = &signed_in.session.staff;
    let standing = match state.store.case_standing(case, staff.id).await {
        Ok(Some(standing)) => standing,
        Ok(None) => return next.run(Request::from_parts(parts, body)).await,
        Err(e) => return ConsoleError::from(e).into_response(),
    };
    if may_open(state.settings.console.access.of(staff.role), staff.id, staff.role.skill(), &standing) {
        // The route's own extractors find the session here rather than ask the store again.
        parts.extensions.insert(signed_in);
        return next.run(Request::from_parts(parts, body)).await;
    }
    let event =
        relais_store::Actor::Staff(staff.id).did("case.access_refused", relais_store::audit::subject::case(case));
    if let Err(e) = state.store.append_audit(event, state.clock.now()).await {
        tracing::error!(error = %e, "could not write a refused access to the audit trail");
    }
    let say: Say = if staff.role.may(Permission::WorkCases) { |t| t.need_to_know } else { |t| t.works_cases };
    ConsoleError::Forbidden(say).into_response()
}

/// A form whose fields may repeat (`item=…&item=…`), as name–value pairs in order.
#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first value of a field, trimmed.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim())
    }

    /// Every value of a field, as sent.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Fields;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("form fields")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(Fields(pairs))
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Note {
        text: String,
    }

    #[test]
    fn the_token_is_read_beside_the_fields_and_repeated_fields_are_kept() {
        let note: Tokened<Note> = serde_urlencoded::from_str("csrf=abc&text=bonjour+%C3%A0+tous").unwrap();
        assert_eq!((note.csrf.as_str(), note.form.text.as_str()), ("abc", "bonjour à tous"));
        let missing: Tokened<Note> = serde_urlencoded::from_str("text=x").unwrap();
        assert_eq!(missing.csrf, "", "no token is an empty one, refused as such");
        let fields: Tokened<Fields> = serde_urlencoded::from_str("csrf=t&item=1&action=removal&item=2").unwrap();
        assert_eq!(fields.form.all("item").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(fields.form.one("action"), Some("removal"));
        assert_eq!(fields.form.one("csrf"), None, "the token is not a field of the form");
    }
}
