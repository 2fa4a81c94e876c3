//! `GET /embed/two-choice?token=…`: the widget on a page of its own, for
//! apps that show it in a web view or a frame rather than in their own page.
//!
//! Everything the widget shows comes from the token (country, category, age
//! band, role, language): the address carries nothing else a page could
//! change. Only the platform's registered origins may frame the page, and a
//! `report_href` must lead to one of them. A token that has expired still
//! gives the helpline's number: a child who waited too long is not turned away.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use relais_core::Locale;
use relais_core::i18n::Ui;
use serde::Deserialize;

use crate::public::landing::preferred;
use crate::security;
use crate::state::AppState;
use crate::widget_token::{TokenError, WidgetClaims};

#[derive(Debug, Deserialize)]
pub struct EmbedQuery {
    pub token: Option<String>,
    /// The page's language when the token names none.
    pub locale: Option<Locale>,
    /// Where "Report to …" leads: a link on an origin registered for the platform.
    pub report_href: Option<String>,
}

/// The widget's attributes, all read from the token.
struct Widget {
    token: String,
    country: String,
    category: &'static str,
    age_band: &'static str,
    role: &'static str,
    report_href: Option<String>,
}

#[derive(Template)]
#[template(path = "embed.html")]
struct Embed {
    lang: &'static str,
    title: String,
    widget: Option<Widget>,
    fallback_href: String,
    fallback_label: String,
}

pub async fn page(State(state): State<AppState>, Query(q): Query<EmbedQuery>, headers: HeaderMap) -> Response {
    let opened = q.token.as_deref().map(|t| state.tokens.open(t, state.clock.now()));
    let claims: Option<&WidgetClaims> = match &opened {
        Some(Ok(claims)) => Some(claims),
        _ => None,
    };
    let lang = claims.and_then(|c| c.locale).or(q.locale).unwrap_or_else(|| preferred(&headers));
    let platform = match &opened {
        Some(Ok(claims)) => Some(claims.platform),
        Some(Err(TokenError::Expired { platform })) => Some(*platform),
        _ => None,
    };
    let origins = platform.map(|p| state.keys.origins(p)).unwrap_or_default();
    let policy = security::embed_policy(&origins);
    if let Some(href) = &q.report_href
        && !crate::origin::of_link(href).is_some_and(|o| origins.contains(&o))
    {
        return framed(
            crate::public::error::page(&state, StatusCode::UNPROCESSABLE_ENTITY, lang, Ui::PageUnreadable),
            &policy,
        );
    }
    let home = state.directory.helplines().iter().find(|h| h.id == state.settings.handoff.home_helpline);
    let (fallback_href, fallback_label) = match home.and_then(|h| h.phone.as_ref().map(|p| (h, p))) {
        Some((h, p)) => (format!("tel:{}", p.dial), Ui::Call { helpline: &h.name }.render(lang)),
        None => ("/contact.vcf".to_owned(), "Contact".to_owned()),
    };
    let widget = claims.map(|c| Widget {
        token: q.token.clone().unwrap_or_default(),
        country: c.country.to_string(),
        category: c.category.code(),
        age_band: c.age_band.code(),
        role: c.role.code(),
        report_href: q.report_href.clone(),
    });
    let status = match &opened {
        Some(Ok(_)) | Some(Err(TokenError::Expired { .. })) => StatusCode::OK,
        _ => StatusCode::UNAUTHORIZED,
    };
    let page = Embed {
        lang: lang.code(),
        title: Ui::WidgetTitle { formal: false }.render(lang),
        widget,
        fallback_href,
        fallback_label,
    };
    match page.render() {
        Ok(html) => framed((status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(), &policy),
        Err(e) => {
            tracing::error!(error = %e, "embed page did not render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Sets the page's own policy, which the security middleware then leaves as it is.
fn framed(mut response: Response, policy: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}
