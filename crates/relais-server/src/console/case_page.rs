//! The case page: what the child said and what a platform handed over, the
//! evidence, the notes, the notices and their clocks, the history, and the
//! forms that act on the case. Every opening is audited.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use relais_core::Locale;
use relais_core::case::{CaseStatus, ContactChannel, Outcome, Skill};
use relais_core::i18n::console::ConsoleText;
use relais_core::i18n::fill;
use relais_core::notice::{ActionAsked, legal_ground};
use relais_core::staff::Permission;
use relais_core::text::reveal;
use relais_store::image_hashes::HashState;
use relais_store::{AuditRecord, Evidence, Staff};
use serde::Deserialize;

use super::access::Counsellor;
use super::error::ConsoleError;
use super::locale::ConsoleLocale;
use super::{Chrome, audit, case_id, render, subject};
use crate::state::AppState;

/// One item of evidence as the case page lists it.
#[derive(Debug)]
struct EvidenceRow {
    what: String,
    platform_content_id: Option<String>,
    /// Where to download the capture, if there is one.
    file: Option<String>,
    sha256: Option<String>,
    captured: Option<String>,
    added: String,
}

#[derive(Template)]
#[template(path = "console_case.html")]
struct CasePage {
    lang: &'static str,
    title: String,
    c: Chrome,
    risk: &'static str,
    /// The current level, selected in the form that changes it (the form never suggests a level).
    risk_code: &'static str,
    risk_rules: Vec<&'static str>,
    category: &'static str,
    age: &'static str,
    channel: String,
    status: &'static str,
    /// "Handed over by …", for a platform's report.
    platform: Option<String>,
    evidence: Vec<EvidenceRow>,
    evidence_file_label: String,
    accounts: Vec<String>,
    description: Option<String>,
    id: String,
    csrf: String,
    /// Author, time (the helpline's), text.
    notes: Vec<(String, String, String)>,
    /// When, who, what.
    history: Vec<(String, String, String)>,
    /// The platform reports in the case: platform, when.
    linked: Vec<String>,
    /// The case's conversation, if it has one: who (child, line, system), when, what.
    transcript: Option<Vec<(&'static str, &'static str, String, String)>>,
    outcome: &'static str,
    /// The recorded outcome's code, selected in the form; none selected before one is recorded.
    outcome_code: &'static str,
    outcomes: Vec<(&'static str, &'static str)>,
    unknown_code: bool,
    notices: Vec<super::notices::NoticeRow>,
    /// The hashes of the child's photos: id, line, state, confirmable.
    hashes: Vec<(String, String, &'static str, bool)>,
    /// What platforms reported of them.
    hash_matches: Vec<String>,
    /// Connected platforms: client id, name.
    platforms: Vec<(String, String)>,
    /// Evidence that can be notified: id, label.
    notice_items: Vec<(String, String)>,
    actions: Vec<(&'static str, &'static str)>,
    /// Jurists and supervisors escalate.
    escalates: bool,
    /// The offence the category suggests, to start the prosecutor's form with.
    offence: &'static str,
}

#[derive(Debug, Default, Deserialize)]
pub struct CaseQuery {
    unknown_code: Option<String>,
}

/// What happened to a case, from its audit rows: who did what, when. Reads
/// and searches stay in the audit trail; they are not events of the case.
pub(super) fn history(
    t: &ConsoleText,
    trail: &[AuditRecord],
    staff: &[Staff],
    local: &dyn Fn(Timestamp) -> String,
    name_of: &dyn Fn(&Staff) -> String,
) -> Vec<(String, String, String)> {
    trail
        .iter()
        .filter_map(|r| {
            let action = r.event.action.as_str();
            let what = if let Some(skill) = action.strip_prefix("case.transfer.") {
                let queue = Skill::from_code(skill).map_or(skill, |s| t.queue(s));
                fill(t.history_transfer, &[("queue", queue)])
            } else if let Some(status) = action.strip_prefix("case.status.") {
                let status = CaseStatus::from_code(status).map_or(status, |s| t.status(s));
                fill(t.history_status, &[("status", status)])
            } else {
                t.history_actions.iter().find(|(code, _)| *code == action)?.1.to_owned()
            };
            let who = match r.event.actor.strip_prefix("staff:") {
                Some(id) => staff.iter().find(|s| s.id.to_string() == id).map_or_else(|| id.to_owned(), name_of),
                None if r.event.actor == "public" => t.actor_child.to_owned(),
                None => t.actor_operator.to_owned(),
            };
            Some((local(r.at), who, what))
        })
        .collect()
}

/// Evidence that a notice can point at (a link or a platform id): id, label.
fn notifiable(evidence: &[Evidence]) -> Vec<(String, String)> {
    evidence
        .iter()
        .filter_map(|e| {
            let label = match (&e.url, &e.platform_content_id) {
                (Some(url), Some(id)) => format!("{url} ({id})"),
                (Some(url), None) => url.clone(),
                (None, Some(id)) => id.clone(),
                (None, None) => return None,
            };
            Some((e.id.to_string(), label))
        })
        .collect()
}

pub async fn page(
    State(state): State<AppState>,
    counsellor: Counsellor,
    locale: ConsoleLocale,
    Path(id): Path<String>,
    query: Result<Query<CaseQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ConsoleError> {
    let t = locale.text();
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let id = case_id(&id)?;
    let (case, file) = state.store.case_file(id).await?.ok_or(ConsoleError::NotFound(|t| t.no_case))?;
    audit(&state, counsellor.id(), "case.read", &subject::case(case.id)).await;
    let about = subject::case(case.id);
    let (notes, evidence, trail, staff_list, linked, notices, platforms) = tokio::try_join!(
        state.store.notes(case.id),
        state.store.evidence(case.id),
        state.store.audit_of(&about),
        state.store.list_staff(),
        state.store.linked_handoffs(case.id),
        state.store.notices_of_case(case.id),
        super::notices::connected_platforms(&state),
    )?;
    let fallbacks = super::notices::fallback_contacts(&state, &notices).await?;
    let conversation = state.store.conversation_of_case(case.id).await?;
    let messages = match &conversation {
        Some(c) => state.store.messages(c, 0, 10_000).await?,
        None => Vec::new(),
    };
    let zone = state.home_zone();
    let local = |at: Timestamp| {
        let at = at.to_zoned_datetime(zone.clone());
        format!("{:02}/{:02}/{} {:02}:{:02}", at.day(), at.month(), at.year(), at.hour(), at.minute())
    };
    let notice_items = notifiable(&evidence);
    let evidence = evidence
        .into_iter()
        .map(|e| EvidenceRow {
            what: match (&e.url, e.media_type, e.size) {
                (Some(url), _, _) => url.clone(),
                (None, Some(media), Some(size)) => format!("{} · {}", media.mime(), human_size(size, locale.0)),
                _ => "contenu".to_owned(),
            },
            file: e.media_type.map(|_| format!("/console/cases/{}/evidence/{}", case.id, e.id)),
            platform_content_id: e.platform_content_id,
            sha256: e.sha256,
            captured: e.captured_at.map(local),
            added: match e.added_by_name {
                Some(name) => format!("{name}, {}", local(e.added_at)),
                None => format!("{}, {}", t.the_platform, local(e.added_at)),
            },
        })
        .collect();
    let file = file.unwrap_or_default();
    let accounts = file
        .handoff
        .iter()
        .flat_map(|h| &h.reported_accounts)
        .map(|a| match &a.handle {
            Some(handle) => format!("{handle} ({})", a.platform_account_id),
            None => a.platform_account_id.clone(),
        })
        .collect();
    let handed_over = file.handed_over_by.as_deref().map(|p| fill(t.handed_over_by, &[("platform", p)]));
    let channel = match (&handed_over, case.channel, &file.named_platform) {
        (Some(line), _, _) => line.clone(),
        // What the child typed, quoted as theirs: only a platform's own handoff says "handed over by".
        (None, ContactChannel::WebForm, Some(app)) => {
            format!("{} · {}", t.channel(case.channel.code()), fill(t.app_named_by_child, &[("app", app)]))
        }
        (None, channel, _) => t.channel(channel.code()).to_owned(),
    };
    let viewer = counsellor.staff();
    let page = CasePage {
        lang: locale.code(),
        title: fill(t.case, &[("id", &case.id.short())]),
        c: Chrome::new(locale, &format!("/console/cases/{}", case.id), true),
        risk: t.risk(case.risk),
        risk_code: case.risk.code(),
        // Rules are kept by code and explained in the reader's language.
        risk_rules: file.risk_rules.iter().map(|r| r.explain(locale.0)).collect(),
        category: case.category.label(locale.0),
        age: t.age(case.age_band.code()),
        channel,
        status: t.status(case.status),
        platform: handed_over,
        evidence,
        evidence_file_label: fill(
            t.evidence_file,
            &[("max", &human_size(state.settings.limits.evidence_file_bytes as u64, locale.0))],
        ),
        accounts,
        // Free text as it reads, its reordering characters shown for what they are.
        description: file.description.as_deref().map(|d| reveal(d).into_owned()),
        id: case.id.to_string(),
        csrf: counsellor.csrf().to_owned(),
        notes: notes.into_iter().map(|n| (n.author_name, local(n.created_at), reveal(&n.text).into_owned())).collect(),
        history: history(t, &trail, &staff_list, &local, &|s| s.name.clone()),
        linked: linked.iter().map(|h| format!("{} · {}", h.platform_name, local(h.created_at))).collect(),
        transcript: conversation.map(|_| {
            messages
                .into_iter()
                .map(|m| {
                    use relais_core::conversation::Author;
                    let (class, who, text) = match m.author {
                        Author::Child => ("child", t.child, reveal(&m.text).into_owned()),
                        Author::Counsellor => ("counsellor", t.helpline_side, reveal(&m.text).into_owned()),
                        Author::System => ("system", "", relais_core::i18n::chat::system_message(&m.text, locale.0)),
                    };
                    (class, who, local(m.at), text)
                })
                .collect()
        }),
        outcome: case.outcome.map_or(t.not_yet, |o| t.outcome(o)),
        outcome_code: case.outcome.map_or("", Outcome::code),
        outcomes: Outcome::ALL.iter().map(|o| (o.code(), t.outcome(*o))).collect(),
        unknown_code: query.unknown_code.is_some(),
        hashes: state
            .store
            .image_hashes(case.id)
            .await?
            .into_iter()
            .map(|h| {
                let line = fill(t.hash_line, &[("date", &local(h.added_at)), ("quality", &h.quality.to_string())]);
                let (state, confirmable) = match h.state() {
                    HashState::Withdrawn => (t.hash_withdrawn, false),
                    HashState::Listed => (t.hash_listed, false),
                    HashState::Waiting => (t.hash_waiting, true),
                };
                (h.id.to_string(), line, state, confirmable)
            })
            .collect(),
        hash_matches: state
            .store
            .hash_matches_of_case(case.id)
            .await?
            .into_iter()
            .map(|m| {
                let i = relais_store::image_hashes::MatchAction::ALL.iter().position(|a| *a == m.action).unwrap_or(3);
                fill(
                    t.hash_match_line,
                    &[
                        ("platform", &m.platform),
                        ("action", t.match_actions[i]),
                        ("distance", &m.distance.to_string()),
                        ("date", &local(m.reported_at)),
                    ],
                )
            })
            .collect(),
        notices: super::notices::rows(
            &notices,
            &fallbacks,
            t,
            locale.0,
            viewer,
            state.settings.notices.approval,
            state.clock.now(),
        ),
        platforms: platforms.into_iter().map(|p| (p.client_id.to_string(), p.name)).collect(),
        notice_items,
        actions: ActionAsked::ALL.iter().map(|a| (a.code(), t.action_asked(*a))).collect(),
        escalates: viewer.role.may(Permission::ApproveNotices),
        offence: legal_ground(case.category).offence,
    };
    render(page, StatusCode::OK)
}

/// A size as a person reads it: "840 Ko", "3,2 Mo"; "840 kB", "3.2 MB".
pub(crate) fn human_size(bytes: u64, locale: Locale) -> String {
    let (b, k, m, comma) = match locale {
        Locale::Fr => ("o", "Ko", "Mo", true),
        _ => ("B", "kB", "MB", false),
    };
    match bytes {
        0..1_000 => format!("{bytes} {b}"),
        1_000..1_000_000 => format!("{} {k}", bytes / 1_000),
        _ => {
            let n = format!("{:.1}", bytes as f64 / 1_000_000.0);
            let n = n.strip_suffix(".0").unwrap_or(&n);
            format!("{} {m}", if comma { n.replace('.', ",") } else { n.to_owned() })
        }
    }
}
