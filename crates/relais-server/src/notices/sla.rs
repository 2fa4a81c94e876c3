//! The platforms' service levels on the helpline's notices: computed from the
//! store for the dashboard, the console's overdue list and `/metrics`.

use jiff::SignedDuration;
use relais_core::notice::{PlatformSla, Timing, service_levels};

use crate::state::AppState;

/// The window the figures cover.
pub const WINDOW_DAYS: i64 = 30;

/// The figures per platform, and the notices past their target now.
pub async fn current(state: &AppState) -> Result<(Vec<PlatformSla>, Vec<Timing>), relais_store::StoreError> {
    let now = state.clock.now();
    let timings = state.store.notice_timings(now - SignedDuration::from_hours(24 * WINDOW_DAYS)).await?;
    let figures = service_levels(&timings, now);
    let overdue = timings.into_iter().filter(|t| t.overdue(now)).collect();
    Ok((figures, overdue))
}

/// Publishes the figures as gauges labelled by platform (names only: no personal data).
pub fn publish(figures: &[PlatformSla]) {
    for f in figures {
        let platform = f.platform.clone();
        let gauge = |name: &'static str, value: Option<f64>, quantile: Option<&'static str>| {
            let Some(value) = value else { return };
            match quantile {
                Some(q) => metrics::gauge!(name, "platform" => platform.clone(), "quantile" => q).set(value),
                None => metrics::gauge!(name, "platform" => platform.clone()).set(value),
            }
        };
        gauge("relais_notice_acknowledgement_seconds", f.median_acknowledgement_seconds.map(|s| s as f64), Some("0.5"));
        gauge("relais_notice_decision_seconds", f.median_decision_seconds.map(|s| s as f64), Some("0.5"));
        gauge("relais_notice_decision_seconds", f.p90_decision_seconds.map(|s| s as f64), Some("0.9"));
        gauge("relais_notice_decided_within_hour_ratio", f.decided_within_hour, None);
        gauge("relais_notices_past_target", Some(f.overdue as f64), None);
        gauge("relais_notices_window", Some(f.notices as f64), None);
    }
}

/// "12 min", "1 h 05": what a supervisor reads in a table.
pub fn duration(seconds: Option<i64>) -> String {
    match seconds {
        None => "—".to_owned(),
        Some(s) if s < 60 => format!("{s} s"),
        Some(s) if s < 3600 => format!("{} min", s / 60),
        Some(s) => format!("{} h {:02}", s / 3600, (s % 3600) / 60),
    }
}

/// "83 %": a share as a supervisor reads it; "—" while unknown.
pub fn share(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "—".to_owned(), |r| format!("{:.0} %", r * 100.0))
}
