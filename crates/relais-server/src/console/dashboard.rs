//! The supervisor's dashboard: the live queues and who is signed in; the
//! cases opened today and this month by each dimension the association
//! reports (category, age band, school level, platform, channel, outcome),
//! with a chart drawn as SVG on the server; the platforms' service levels on
//! the helpline's notices; and the notices the outbox gave up on.

use relais_core::undelivered::Why;
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use relais_core::Category;
use relais_core::case::{CaseDimension, Outcome, Skill};
use relais_core::id::{CaseId, NoticeId};
use relais_core::staff::{Permission, Role};
use relais_store::CaseCount;

use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::session::SignedIn;
use super::{audit, render};
use crate::state::AppState;

#[derive(Debug)]
pub struct Bar {
    pub label: String,
    pub count: u64,
    pub width: u64,
    pub y: u64,
}

#[derive(Debug)]
pub struct Table {
    pub title: &'static str,
    pub rows: Vec<(String, u64, u64)>,
}

#[derive(Template)]
#[template(path = "console_dashboard.html")]
struct Dashboard {
    lang: &'static str,
    title: &'static str,
    c: super::Chrome,
    /// Skill, waiting, oldest wait, online.
    queues: Vec<(&'static str, u64, Option<String>, u32)>,
    bars: Vec<Bar>,
    chart_height: u64,
    tables: Vec<Table>,
    /// Per platform: the cells of the service-level table.
    sla: Vec<[String; 7]>,
    /// The notices the outbox gave up on, to send again or pass on by other means.
    undelivered: Vec<Undelivered>,
    /// What children answered after their contact: month, channel, answers, and the share of
    /// "yes" to each question.
    surveys: Vec<(String, &'static str, u64, [String; 3])>,
    /// The questions' short labels, for the table's heading.
    survey_labels: [&'static str; 3],
    /// Webhooks from the messaging apps that could not be read (kept a month).
    webhooks_given_up: u64,
    /// Replies to the messaging apps the outbox gave up on: app, case, number, why, when.
    replies: Vec<(String, CaseId, u64, String, String)>,
    csrf: String,
}

#[derive(Debug)]
pub struct Undelivered {
    pub notice_id: NoticeId,
    pub case_id: CaseId,
    /// The case's category and the end of its id: enough to tell two apart, nothing personal.
    pub case_label: String,
    pub platform: String,
    /// When it was approved, on the helpline's clock.
    pub approved: String,
    pub attempts: u32,
    pub last_error: String,
    pub contact: String,
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    locale: ConsoleLocale,
) -> Result<Response, ConsoleError> {
    let staff = signed_in.require(Permission::SuperviseLine, |t| t.supervises)?;
    audit(&state, staff.id, "dashboard.read", "").await;
    render(build(&state, locale, &signed_in.session.csrf_token).await?, StatusCode::OK)
}

async fn build(state: &AppState, locale: ConsoleLocale, csrf: &str) -> Result<Dashboard, relais_store::StoreError> {
    let t = locale.text();
    let now = state.clock.now();
    // "Today" and "this month" on the helpline's own calendar.
    let zone = state.home_zone();
    let local = now.to_zoned_datetime(zone.clone());
    let midnight =
        zone.to_zoned_datetime(local.date().to_datetime(jiff::civil::Time::midnight())).map(|z| z.timestamp());
    let first = zone
        .to_zoned_datetime(local.date().first_of_month().to_datetime(jiff::civil::Time::midnight()))
        .map(|z| z.timestamp());
    let (today, month) = (midnight.unwrap_or(now), first.unwrap_or(now));
    let since = now - jiff::SignedDuration::from_secs(state.settings.console.idle_seconds as i64);
    let mut queues = Vec::new();
    for (skill, role) in
        [(Skill::Listener, Role::Listener), (Skill::Psychologist, Role::Psychologist), (Skill::Jurist, Role::Jurist)]
    {
        let label = t.queue(skill);
        let q = state.store.queue_snapshot(skill).await?;
        let online = state.store.counsellors_online(role, since).await?;
        let oldest = q.oldest_queued_at.map(|t| format!("{} min", (now - t).as_secs().max(0) / 60));
        queues.push((label, q.waiting, oldest, online));
    }
    let today_counts = state.store.case_counts(today).await?;
    let month_counts = state.store.case_counts(month).await?;
    let label = |dimension: CaseDimension, value: &str| -> String {
        match dimension {
            CaseDimension::Category => {
                Category::from_code(value).map(|c| c.label(locale.0).to_owned()).unwrap_or_else(|| value.to_owned())
            }
            CaseDimension::AgeBand => t.age(value).to_owned(),
            CaseDimension::SchoolLevel => t.school(value).to_owned(),
            CaseDimension::Channel => t.channel(value).to_owned(),
            CaseDimension::Outcome => Outcome::from_code(value).map_or(t.outcome_pending, |o| t.outcome(o)).to_owned(),
            CaseDimension::Platform => value.to_owned(),
        }
    };
    let by = |counts: &[CaseCount], dimension: CaseDimension| -> BTreeMap<String, u64> {
        counts.iter().filter(|c| c.dimension == dimension).map(|c| (c.value.clone(), c.count)).collect()
    };
    let mut tables = Vec::new();
    for (dimension, title) in CaseDimension::ALL.into_iter().zip(t.by) {
        let (t, m) = (by(&today_counts, dimension), by(&month_counts, dimension));
        let mut rows: Vec<(String, u64, u64)> =
            m.iter().map(|(value, n)| (label(dimension, value), t.get(value).copied().unwrap_or(0), *n)).collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        tables.push(Table { title, rows });
    }
    let categories = &tables[0].rows;
    let max = categories.iter().map(|r| r.2).max().unwrap_or(1).max(1);
    let bars: Vec<Bar> = categories
        .iter()
        .enumerate()
        .map(|(i, r)| Bar { label: r.0.clone(), count: r.2, width: r.2 * 260 / max, y: i as u64 * 26 + 4 })
        .collect();
    let (figures, _) = crate::notices::sla::current(state).await?;
    let d = crate::notices::sla::duration;
    let sla = figures
        .iter()
        .map(|f| {
            [
                f.platform.clone(),
                f.notices.to_string(),
                d(f.median_acknowledgement_seconds),
                d(f.median_decision_seconds),
                d(f.p90_decision_seconds),
                crate::notices::sla::share(f.decided_within_hour),
                f.overdue.to_string(),
            ]
        })
        .collect();
    let notices = state.store.undelivered_notices().await?;
    let contacts = super::notices::fallback_contacts(state, &notices).await?;
    let undelivered = notices
        .into_iter()
        .map(|n| Undelivered {
            approved: n
                .approved_at
                .map(|at| at.to_zoned_datetime(zone.clone()).strftime("%d/%m %H:%M").to_string())
                .unwrap_or_default(),
            attempts: n.attempts,
            last_error: n.last_error.as_deref().map(|why| Why::render_stored(why, locale.0)).unwrap_or_default(),
            contact: contacts
                .iter()
                .find(|(client, _)| *client == n.client_id)
                .map_or_else(|| "—".to_owned(), |(_, contact)| contact.clone()),
            case_label: format!("{} · {}", n.category.label(locale.0), n.case_id.short()),
            platform: n.platform_name,
            notice_id: n.id,
            case_id: n.case_id,
        })
        .collect();
    let replies = state
        .store
        .undelivered_replies(100)
        .await?
        .into_iter()
        .map(|r| {
            let app = r.app.name().to_owned();
            let when = r.given_up_at.to_zoned_datetime(zone.clone()).strftime("%d/%m %H:%M").to_string();
            let why = r.error.as_deref().map(|why| Why::render_stored(why, locale.0)).unwrap_or_default();
            (app, r.case_id, r.seq, why, when)
        })
        .collect();
    // The last six months of answers, newest first.
    let since = local.date().first_of_month().checked_sub(jiff::Span::new().months(5)).unwrap_or(local.date());
    let lang = locale.0;
    let surveys = state
        .store
        .survey_results(&since.strftime("%Y-%m").to_string())
        .await?
        .into_iter()
        .map(|m| {
            let share = |q: relais_core::survey::Question| {
                let answered: u64 = relais_core::survey::Answer::ALL.iter().map(|a| m.count(q, *a)).sum();
                let yes = m.count(q, relais_core::survey::Answer::Yes);
                match (yes * 100).checked_div(answered) {
                    Some(share) => format!("{share} % ({answered})"),
                    None => "—".to_owned(),
                }
            };
            let shares = relais_core::survey::Question::ALL.map(share);
            (m.month.clone(), t.channel(m.channel.code()), m.responses, shares)
        })
        .collect();
    let survey_labels = relais_core::survey::Question::ALL.map(|q| q.label(lang));
    let (_, webhooks_given_up) = state.store.webhook_backlog().await?;
    Ok(Dashboard {
        webhooks_given_up,
        sla,
        undelivered,
        surveys,
        survey_labels,
        replies,
        csrf: csrf.to_owned(),
        lang: locale.code(),
        title: t.dashboard,
        c: super::Chrome::new(locale, "/console/dashboard", true),
        queues,
        chart_height: (bars.len() as u64 * 26 + 8).max(30),
        bars,
        tables,
    })
}
