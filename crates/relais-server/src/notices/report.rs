//! The trusted flagger's yearly report (DSA Art. 22(3), recital 62): the
//! notices of a year counted by platform, by type of content and by the action
//! taken, with the time platforms took to decide and the statement of
//! independence the report must carry. Counts and platform names only: no
//! personal data, by construction (nothing else is read).

use std::collections::BTreeMap;

use askama::Template;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use relais_core::notice::{Timing, service_levels};
use relais_store::ReportRow as Row;
use serde::Serialize;

/// The statement the report carries unless the settings give another.
pub const INDEPENDENCE: &str = "The helpline is an association independent of every provider of online platforms: \
     it receives no funding from the platforms it notifies for handling notices, no platform sits on its board, and \
     its jurists decide what to notify on the law alone, each notice being approved by a jurist or a supervisor.";

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Count {
    pub key: String,
    pub notices: u64,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Cell {
    pub platform: String,
    pub content_type: String,
    pub action: String,
    pub notices: u64,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Times {
    pub platform: String,
    pub notices: u64,
    pub decided: u64,
    pub median_decision_seconds: Option<i64>,
    pub p90_decision_seconds: Option<i64>,
    pub decided_within_hour: Option<f64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct YearReport {
    pub report: &'static str,
    pub year: i16,
    pub notifier: String,
    pub from: String,
    pub to: String,
    pub statement_of_independence: String,
    pub notices: u64,
    pub by_platform: Vec<Count>,
    pub by_content_type: Vec<Count>,
    pub by_action: Vec<Count>,
    pub breakdown: Vec<Cell>,
    pub time_to_decision: Vec<Times>,
    /// Matches of the helpline's image hash list that platforms reported, by
    /// platform and what they did (`removed`, `blocked`, `restricted`, `none`).
    pub hash_matches: Vec<HashMatches>,
}

fn counts(keys: impl Iterator<Item = String>) -> Vec<Count> {
    let mut map: BTreeMap<String, u64> = BTreeMap::new();
    for k in keys {
        *map.entry(k).or_default() += 1;
    }
    let mut v: Vec<Count> = map.into_iter().map(|(key, notices)| Count { key, notices }).collect();
    v.sort_by(|a, b| b.notices.cmp(&a.notices).then(a.key.cmp(&b.key)));
    v
}

/// Matches of the hash list reported by one platform, with one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashMatches {
    pub platform: String,
    pub action: &'static str,
    pub matches: u64,
}

/// Builds the report from the year's notices; `end` is the first instant after the year.
pub fn build(year: i16, notifier: String, independence: String, rows: &[Row], end: jiff::Timestamp) -> YearReport {
    let action = |r: &Row| r.decision.clone().unwrap_or_else(|| "PENDING".to_owned());
    let mut cells: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for r in rows {
        *cells.entry((r.timing.platform.clone(), r.statement_category.clone(), action(r))).or_default() += 1;
    }
    let timings: Vec<Timing> = rows.iter().map(|r| r.timing.clone()).collect();
    YearReport {
        report: "Trusted flagger report, Regulation (EU) 2022/2065, Article 22(3)",
        year,
        notifier,
        from: format!("{year}-01-01"),
        to: format!("{year}-12-31"),
        statement_of_independence: independence,
        notices: rows.len() as u64,
        by_platform: counts(rows.iter().map(|r| r.timing.platform.clone())),
        by_content_type: counts(rows.iter().map(|r| r.statement_category.clone())),
        by_action: counts(rows.iter().map(action)),
        breakdown: cells
            .into_iter()
            .map(|((platform, content_type, action), notices)| Cell { platform, content_type, action, notices })
            .collect(),
        time_to_decision: service_levels(&timings, end)
            .into_iter()
            .map(|s| Times {
                platform: s.platform,
                notices: s.notices,
                decided: s.decided,
                median_decision_seconds: s.median_decision_seconds,
                p90_decision_seconds: s.p90_decision_seconds,
                decided_within_hour: s.decided_within_hour,
            })
            .collect(),
        hash_matches: Vec::new(),
    }
}

/// The year's first instant and the next year's, on the helpline's calendar.
pub fn year_bounds(year: i16, zone: &TimeZone) -> Option<(jiff::Timestamp, jiff::Timestamp)> {
    let start = Date::new(year, 1, 1).ok()?.to_datetime(jiff::civil::Time::midnight());
    let end = Date::new(year.checked_add(1)?, 1, 1).ok()?.to_datetime(jiff::civil::Time::midnight());
    Some((
        start.to_zoned_datetime(zone.clone()).ok()?.timestamp(),
        end.to_zoned_datetime(zone.clone()).ok()?.timestamp(),
    ))
}

/// The breakdown as CSV (RFC 4180): one line per platform, type of content and action.
pub fn csv(report: &YearReport) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
    };
    let mut out = String::from("year,platform,content_type,action,notices\r\n");
    for c in &report.breakdown {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            report.year,
            quote(&c.platform),
            quote(&c.content_type),
            quote(&c.action),
            c.notices
        ));
    }
    out
}

#[derive(Template)]
#[template(path = "report_trusted_flagger.html")]
struct Page<'a> {
    r: &'a YearReport,
    times: Vec<(String, u64, u64, String, String, String)>,
}

pub fn html(report: &YearReport) -> Result<String, askama::Error> {
    let d = super::sla::duration;
    let times = report
        .time_to_decision
        .iter()
        .map(|t| {
            (
                t.platform.clone(),
                t.notices,
                t.decided,
                d(t.median_decision_seconds),
                d(t.p90_decision_seconds),
                super::sla::share(t.decided_within_hour),
            )
        })
        .collect();
    Page { r: report, times }.render()
}

/// The report for a year, from the store.
pub async fn for_year(
    store: &relais_store::Store,
    year: i16,
    zone: &TimeZone,
    notifier: String,
    independence: String,
) -> Result<YearReport, relais_store::StoreError> {
    let (start, end) =
        year_bounds(year, zone).ok_or_else(|| relais_store::StoreError::Corrupt(format!("year {year}")))?;
    let rows = store.notice_report_rows(start, end).await?;
    let mut report = build(year, notifier, independence, &rows, end);
    report.hash_matches = store
        .hash_match_counts(start, end)
        .await?
        .into_iter()
        .map(|(platform, action, matches)| HashMatches { platform, action: action.code(), matches })
        .collect();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(platform: &str, content_type: &str, decision: Option<&str>, minutes: Option<i64>) -> Row {
        let t0: jiff::Timestamp = "2026-03-02T10:00:00Z".parse().unwrap();
        Row {
            timing: Timing {
                notice_id: relais_core::id::NoticeId::from(uuid::Uuid::nil()),
                case_id: relais_core::id::CaseId::from(uuid::Uuid::nil()),
                platform: platform.into(),
                approved_at: t0,
                acknowledged_at: None,
                decided_at: minutes.map(|m| t0 + jiff::SignedDuration::from_mins(m)),
                sla_minutes: 60,
            },
            statement_category: content_type.into(),
            decision: decision.map(str::to_owned),
        }
    }

    #[test]
    fn counts_by_platform_type_and_action_with_times() {
        let rows = vec![
            row("Piaf", "STATEMENT_CATEGORY_CYBER_VIOLENCE", Some("DECISION_VISIBILITY_CONTENT_REMOVED"), Some(20)),
            row("Piaf", "STATEMENT_CATEGORY_CYBER_VIOLENCE", Some("DECISION_VISIBILITY_CONTENT_REMOVED"), Some(40)),
            row("Piaf", "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", Some("NO_ACTION"), Some(200)),
            row("Zoo, Inc.", "STATEMENT_CATEGORY_CYBER_VIOLENCE", None, None),
        ];
        let end: jiff::Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
        let r = build(2026, "e-Enfance (3018)".into(), INDEPENDENCE.into(), &rows, end);
        assert_eq!(r.notices, 4);
        assert_eq!(r.by_platform[0], Count { key: "Piaf".into(), notices: 3 });
        assert_eq!(r.by_action[0], Count { key: "DECISION_VISIBILITY_CONTENT_REMOVED".into(), notices: 2 });
        assert!(r.by_action.contains(&Count { key: "PENDING".into(), notices: 1 }));
        assert_eq!(r.breakdown.len(), 3);
        let piaf = &r.time_to_decision[0];
        assert_eq!((piaf.median_decision_seconds, piaf.decided_within_hour), (Some(40 * 60), Some(2.0 / 3.0)));
        let csv = csv(&r);
        assert!(csv.starts_with("year,platform,content_type,action,notices\r\n"));
        assert!(csv.contains("2026,\"Zoo, Inc.\",STATEMENT_CATEGORY_CYBER_VIOLENCE,PENDING,1\r\n"), "{csv}");
        let page = html(&r).unwrap();
        assert!(page.contains("Article 22(3)") && page.contains(INDEPENDENCE) && page.contains("Zoo, Inc."));
    }

    #[test]
    fn a_year_on_the_helplines_calendar() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let (start, end) = year_bounds(2026, &paris).unwrap();
        assert_eq!(start.to_string(), "2025-12-31T23:00:00Z");
        assert_eq!(end.to_string(), "2026-12-31T23:00:00Z");
    }
}
