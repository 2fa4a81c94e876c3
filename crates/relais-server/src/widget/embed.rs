//! `GET /embed/two-choice?token=…`: the widget on a page of its own, for
//! apps that show it in a web view rather than in their own page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use relais_core::Locale;
use relais_core::i18n::Ui;
use serde::Deserialize;

use crate::public::landing::preferred;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct EmbedQuery {
    pub token: Option<String>,
    pub country: Option<String>,
    pub category: Option<String>,
    pub age_band: Option<String>,
    pub role: Option<String>,
    pub locale: Option<Locale>,
    /// Where "Report to …" leads inside the app.
    pub report_href: Option<String>,
}

#[derive(Template)]
#[template(path = "embed.html")]
struct Embed {
    lang: &'static str,
    title: String,
    token: String,
    country: String,
    category: String,
    age_band: String,
    role: String,
    report_href: Option<String>,
    fallback_href: String,
    fallback_label: String,
}

pub async fn page(State(state): State<AppState>, Query(q): Query<EmbedQuery>, headers: HeaderMap) -> Response {
    let lang = q.locale.unwrap_or_else(|| preferred(&headers));
    let home = state.directory.helplines().iter().find(|h| h.id == state.settings.handoff.home_helpline);
    let (fallback_href, fallback_label) = match home.and_then(|h| h.phone.as_ref().map(|p| (h, p))) {
        Some((h, p)) => (format!("tel:{}", p.dial), Ui::Call { helpline: &h.name }.render(lang)),
        None => ("/contact.vcf".to_owned(), "Contact".to_owned()),
    };
    let page = Embed {
        lang: lang.code(),
        title: Ui::WidgetTitle { formal: false }.render(lang),
        token: q.token.unwrap_or_default(),
        country: q.country.unwrap_or_else(|| "FR".into()),
        category: q.category.unwrap_or_else(|| "other".into()),
        age_band: q.age_band.unwrap_or_else(|| "unknown".into()),
        role: q.role.unwrap_or_else(|| "victim".into()),
        // Only web links: a `javascript:` URL would run in the page.
        report_href: q
            .report_href
            .filter(|h| h.starts_with("https://") || h.starts_with("http://") || h.starts_with('/')),
        fallback_href,
        fallback_label,
    };
    match page.render() {
        Ok(html) => {
            let mut r = Html(html).into_response();
            r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "embed page did not render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
