//! `GET /v1/widget/referral`: the public call the widget makes from the
//! platform's page, authorised by a widget token and rate-limited per address
//! and per token. It answers the referral decision for the report the token
//! carries, ready to display: labels in the reporter's language, channels with
//! their state now, emergency numbers first when it is an emergency. The
//! page's attributes may repeat the report's values, never change them; a
//! token's report is counted once in the statistics however often it is used.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use relais_core::age::AgeDeclaration;
use relais_core::i18n::Ui;
use relais_core::policy::decide;
use relais_core::referral::Choice;
use relais_core::{AgeBand, Category, CountryCode, Decision, Locale, ReferralRequest, ReporterRole};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::client_addr::ClientAddr;
use crate::error::{AppError, Problem};
use crate::extract::StrictQuery;
use crate::public::landing::{ChannelLink, channel_links, hours_line};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WidgetQuery {
    /// A widget token from `POST /v1/widget-tokens`.
    pub token: String,
    /// The token's country, repeated by the page; another is refused.
    #[param(example = "FR")]
    pub country: Option<String>,
    /// The token's category, repeated by the page; another is refused.
    #[param(value_type = Option<relais_core::Category>)]
    pub category: Option<String>,
    /// The token's age band, repeated by the page; another is refused.
    #[param(value_type = Option<relais_core::AgeBand>)]
    pub age_band: Option<String>,
    /// The token's role, repeated by the page; another is refused.
    #[param(value_type = Option<relais_core::ReporterRole>)]
    pub role: Option<String>,
    /// The page's language, a BCP 47 tag (`de`, `de-AT`). The token's, if it
    /// names one, may be repeated, not changed; a language Relais does not
    /// speak counts as none given, and the reporter's country decides.
    #[param(pattern = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    pub locale: Option<String>,
    /// Where "Report to …" leads: a link on an origin the platform registered; any other is refused.
    pub report_href: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetChannel {
    #[schema(value_type = relais_core::directory::ChannelKind)]
    pub kind: String,
    pub uri: String,
    pub label: String,
    pub available_now: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetHelpline {
    pub name: String,
    pub phone: Option<String>,
    pub open_now: Option<bool>,
    /// "Open until 23:00", "Closed right now. Opens tomorrow at 09:00."
    pub hours_line: String,
    pub wait_line: Option<String>,
    /// The button's label: "Talk to 3018".
    pub label: String,
    /// The landing page of the report's handoff, when the user consented to one.
    pub url: Option<String>,
    pub channels: Vec<WidgetChannel>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetAlternative {
    pub name: String,
    /// A `tel:` or web link.
    pub uri: String,
    #[schema(value_type = relais_core::directory::AlternativeKind)]
    pub kind: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetAnswer {
    pub decision: Decision,
    pub locale: Locale,
    pub title: String,
    pub explanation: String,
    /// The buttons in display order.
    pub choices: Vec<Choice>,
    /// "Report to <platform>".
    pub report_label: String,
    pub helpline: Option<WidgetHelpline>,
    /// Shown first when the decision is `emergency`.
    pub alternatives_title: Option<String>,
    pub alternatives: Vec<WidgetAlternative>,
    /// The page's "Report to …" link, once checked against the platform's origins.
    pub report_href: Option<String>,
    /// "More help": the advice sheet for the report's category, for its reader (a parent's
    /// version for a parent), on this server.
    pub more_help: MoreHelp,
}

/// A link to the advice for the report.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoreHelp {
    pub label: String,
    pub url: String,
}

/// The decision for the widget, ready to display.
#[utoipa::path(
    get,
    path = "/v1/widget/referral",
    tag = "widget",
    params(WidgetQuery),
    responses(
        (status = 200, body = WidgetAnswer),
        (status = 401, description = "Invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many calls from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn referral(
    State(state): State<AppState>,
    client: ClientAddr,
    query: Result<StrictQuery<WidgetQuery>, AppError>,
) -> Response {
    let mut response = match answer(&state, client, query) {
        Ok(answer) => Json(answer).into_response(),
        Err(e) => e.into_response(),
    };
    // Called from the platform's pages, whatever their origin; no credentials travel.
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Refuses a value the page gives that is not the token's.
fn repeat<T: PartialEq + std::fmt::Display>(field: &'static str, given: Option<T>, bound: T) -> Result<T, AppError> {
    match given {
        Some(value) if value != bound => Err(AppError::field(
            field,
            format!("the token was made for {bound}: the page may repeat it, not change it"),
        )),
        _ => Ok(bound),
    }
}

fn answer(
    state: &AppState,
    client: ClientAddr,
    query: Result<StrictQuery<WidgetQuery>, AppError>,
) -> Result<WidgetAnswer, AppError> {
    if state.widget_calls.check_key(&client.0).is_err() {
        return Err(AppError::TooManyRequests);
    }
    let StrictQuery(q) = query?;
    let now = state.clock.now();
    let claims = state.tokens.open(&q.token, now).map_err(|_| {
        AppError::Unauthenticated("The widget token is invalid or has expired: ask the platform for a new one.")
    })?;
    if state.widget_token_calls.check_key(&claims.id).is_err() {
        return Err(AppError::TooManyRequests);
    }
    let country =
        q.country.as_deref().map(CountryCode::parse).transpose().map_err(|e| AppError::field("country", e))?;
    let country = repeat("country", country, claims.country)?;
    let category = q
        .category
        .as_deref()
        .map(|c| Category::from_code(c).ok_or_else(|| AppError::field("category", "not a known category")))
        .transpose()?;
    let category = repeat("category", category.map(Category::code), claims.category.code()).map(|_| claims.category)?;
    let band = q
        .age_band
        .as_deref()
        .map(|b| {
            AgeBand::from_code(b).ok_or_else(|| AppError::field("age_band", "under_13, 13_17, 18_plus or unknown"))
        })
        .transpose()?;
    let band = repeat("age_band", band.map(AgeBand::code), claims.age_band.code()).map(|_| claims.age_band)?;
    let role = match q.role.as_deref() {
        None => None,
        Some(code) => {
            Some(ReporterRole::from_code(code).ok_or_else(|| AppError::field("role", "victim, parent or witness"))?)
        }
    };
    let role = repeat("role", role.map(ReporterRole::code), claims.role.code()).map(|_| claims.role)?;
    // The page passes its own language ("de-AT"); one Relais does not speak
    // leaves the choice to the country, as if none were given.
    let asked = match q.locale.as_deref() {
        None => None,
        Some(tag) => {
            Locale::from_tag(tag).map_err(|_| AppError::field("locale", "a language tag such as de or de-AT"))?
        }
    };
    let locale = match claims.locale {
        Some(bound) => Some(repeat("locale", asked.map(Locale::code), bound.code()).map(|_| bound)?),
        None => asked,
    };
    let report_href = match q.report_href {
        None => None,
        Some(href) => {
            let registered = crate::origin::of_link(&href).filter(|o| state.keys.origins(claims.platform).contains(o));
            if registered.is_none() {
                return Err(AppError::field("report_href", "not a link on an origin registered for this platform"));
            }
            Some(href)
        }
    };
    let at = claims.at.and_then(|s| Timestamp::from_second(s).ok()).unwrap_or(now);
    let request =
        ReferralRequest { country, category, role, age: AgeDeclaration::Band(band), locale, surface: None, at };
    let referral = decide(&request, &state.directory, &state.settings.policy, state.live_wait());
    let lang = referral.locale;
    if state.count_widget_report(&claims.id, claims.exp) {
        state.stats.record(relais_store::ReferralCountKey {
            client_id: claims.platform,
            day: now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            country,
            category,
            age_band: band,
            surface: None,
            decision: referral.decision,
        });
    }
    let helpline = match (&referral.helpline, state.directory.primary(country)) {
        (Some(_), Some(h)) => {
            let (_, line) = hours_line(h, at, lang);
            let status = h.hours.status(at).is_open();
            Some(WidgetHelpline {
                name: h.name.clone(),
                phone: h.phone.as_ref().map(|p| p.display.clone()),
                open_now: status,
                hours_line: line,
                wait_line: referral
                    .helpline
                    .as_ref()
                    .and_then(|o| o.estimated_wait_seconds)
                    .map(|s| Ui::WaitAbout { minutes: s.div_ceil(60).max(1) }.render(lang)),
                label: Ui::TalkTo { helpline: &h.name }.render(lang),
                url: claims.handoff.as_ref().map(|code| {
                    // The landing page speaks the widget's language, not the phone's guess.
                    format!("{}/h/{code}?lang={}", state.settings.public_url().trim_end_matches('/'), lang.code())
                }),
                channels: channel_links(
                    h,
                    at,
                    lang,
                    crate::chat::child::chat_url(state, &h.id, claims.handoff.as_deref()).as_deref(),
                )
                .into_iter()
                .map(channel)
                .collect(),
            })
        }
        _ => None,
    };
    let alternatives = referral
        .alternatives
        .iter()
        .map(|a| WidgetAlternative {
            name: a.name.to_owned(),
            uri: match (a.phone, a.url) {
                (Some(phone), _) => {
                    format!("tel:{}", phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())
                }
                (None, Some(url)) => url.to_owned(),
                (None, None) => String::new(),
            },
            kind: serde_json::to_value(a.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
        })
        .collect::<Vec<_>>();
    let formal = referral.formal;
    let alternatives_title = (!alternatives.is_empty()).then(|| {
        if referral.decision == Decision::Emergency { Ui::InDanger { formal } } else { Ui::OtherHelp { formal } }
            .render(lang)
    });
    Ok(WidgetAnswer {
        decision: referral.decision,
        locale: lang,
        title: Ui::WidgetTitle { formal }.render(lang),
        explanation: referral.explanation.clone(),
        choices: referral.choices.to_vec(),
        report_label: Ui::ReportTo { platform: &claims.platform_name }.render(lang),
        helpline,
        alternatives_title,
        alternatives,
        report_href,
        more_help: MoreHelp {
            label: Ui::MoreHelp.render(lang),
            url: format!(
                "{}/conseils/{}?lang={}{}",
                state.settings.public_url().trim_end_matches('/'),
                claims.category.code(),
                lang.code(),
                if claims.role == ReporterRole::Parent { "&qui=parent" } else { "" }
            ),
        },
    })
}

fn channel(c: ChannelLink) -> WidgetChannel {
    WidgetChannel { kind: c.kind.to_owned(), uri: c.uri, label: c.label, available_now: c.available }
}
