//! How fast platforms answer the helpline's notices. One deadline per notice
//! (its approval plus the target it is held to) answers both questions the
//! console asks: is it overdue now (undecided past its deadline: chase it),
//! and did it miss its target (overdue, or decided after the deadline).

use jiff::{SignedDuration, Timestamp};

use crate::id::{CaseId, NoticeId};

/// When one approved notice was answered, against its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    pub notice_id: NoticeId,
    pub case_id: CaseId,
    pub platform: String,
    pub approved_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub decided_at: Option<Timestamp>,
    pub sla_minutes: u32,
}

impl Timing {
    fn seconds_to(&self, at: Option<Timestamp>) -> Option<i64> {
        at.map(|at| (at - self.approved_at).as_secs().max(0))
    }

    /// When the platform should have decided by.
    pub fn deadline(&self) -> Timestamp {
        self.approved_at + SignedDuration::from_mins(i64::from(self.sla_minutes))
    }

    /// Undecided, and its deadline has come: one to chase now.
    pub fn overdue(&self, now: Timestamp) -> bool {
        self.decided_at.is_none() && now >= self.deadline()
    }

    /// Its target was missed: decided at or after the deadline, or overdue now.
    pub fn missed_target(&self, now: Timestamp) -> bool {
        self.decided_at.unwrap_or(now) >= self.deadline()
    }
}

/// One platform's figures: how fast it confirms and decides the helpline's notices.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformSla {
    pub platform: String,
    pub notices: u64,
    pub decided: u64,
    pub median_acknowledgement_seconds: Option<i64>,
    pub median_decision_seconds: Option<i64>,
    pub p90_decision_seconds: Option<i64>,
    /// Of the notices whose hour is known (decided, or approved over an hour ago),
    /// the share decided within one hour; none while no hour is known.
    pub decided_within_hour: Option<f64>,
    /// Undecided past their deadline now.
    pub overdue: u64,
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The figures per platform, sorted by platform name.
pub fn service_levels(timings: &[Timing], now: Timestamp) -> Vec<PlatformSla> {
    let mut platforms: Vec<&str> = timings.iter().map(|t| t.platform.as_str()).collect();
    platforms.sort_unstable();
    platforms.dedup();
    platforms
        .into_iter()
        .map(|platform| {
            let mine: Vec<&Timing> = timings.iter().filter(|t| t.platform == platform).collect();
            let sorted = |f: &dyn Fn(&Timing) -> Option<i64>| {
                let mut v: Vec<i64> = mine.iter().filter_map(|t| f(t)).collect();
                v.sort_unstable();
                v
            };
            let acks = sorted(&|t| t.seconds_to(t.acknowledged_at));
            let decisions = sorted(&|t| t.seconds_to(t.decided_at));
            let known = mine.iter().filter(|t| t.decided_at.is_some() || (now - t.approved_at).as_secs() >= 3600);
            let known = known.count();
            let fast = decisions.iter().filter(|s| **s <= 3600).count();
            PlatformSla {
                platform: platform.to_owned(),
                notices: mine.len() as u64,
                decided: decisions.len() as u64,
                median_acknowledgement_seconds: percentile(&acks, 0.5),
                median_decision_seconds: percentile(&decisions, 0.5),
                p90_decision_seconds: percentile(&decisions, 0.9),
                decided_within_hour: (known > 0).then(|| fast as f64 / known as f64),
                overdue: mine.iter().filter(|t| t.overdue(now)).count() as u64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_per_platform() {
        let t0: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let at = |mins: i64| Some(t0 + SignedDuration::from_mins(mins));
        let timing = |platform: &str, ack: Option<Timestamp>, decided: Option<Timestamp>| Timing {
            notice_id: NoticeId::from(uuid::Uuid::nil()),
            case_id: CaseId::from(uuid::Uuid::nil()),
            platform: platform.into(),
            approved_at: t0,
            acknowledged_at: ack,
            decided_at: decided,
            sla_minutes: 60,
        };
        let timings = vec![
            timing("Piaf", at(2), at(10)),
            timing("Piaf", at(4), at(30)),
            timing("Piaf", at(6), at(50)),
            timing("Piaf", at(8), at(90)),
            timing("Piaf", None, None),
            timing("Zoo", at(1), None),
        ];
        let now = t0 + SignedDuration::from_mins(120);
        let figures = service_levels(&timings, now);
        assert_eq!(figures.len(), 2);
        let piaf = &figures[0];
        assert_eq!((piaf.notices, piaf.decided, piaf.overdue), (5, 4, 1));
        assert_eq!(piaf.median_acknowledgement_seconds, Some(4 * 60));
        assert_eq!(piaf.median_decision_seconds, Some(30 * 60));
        assert_eq!(piaf.p90_decision_seconds, Some(90 * 60));
        assert_eq!(piaf.decided_within_hour, Some(3.0 / 5.0), "the undecided one past its hour counts against");
        let zoo = &figures[1];
        assert_eq!((zoo.median_decision_seconds, zoo.decided_within_hour, zoo.overdue), (None, Some(0.0), 1));
        let early = service_levels(&[timing("Zoo", None, None)], t0 + SignedDuration::from_mins(5));
        assert_eq!((early[0].decided_within_hour, early[0].overdue), (None, 0));
    }

    #[test]
    fn one_deadline_says_both_what_is_overdue_and_what_missed_its_target() {
        let t0: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let mins = |m: i64| t0 + SignedDuration::from_mins(m);
        let timing = |decided: Option<Timestamp>| Timing {
            notice_id: NoticeId::from(uuid::Uuid::nil()),
            case_id: CaseId::from(uuid::Uuid::nil()),
            platform: "Piaf".into(),
            approved_at: t0,
            acknowledged_at: None,
            decided_at: decided,
            sla_minutes: 60,
        };
        let waiting = timing(None);
        assert_eq!(waiting.deadline(), mins(60));
        assert!(!waiting.overdue(mins(59)) && !waiting.missed_target(mins(59)));
        assert!(waiting.overdue(mins(60)) && waiting.missed_target(mins(60)));
        let late = timing(Some(mins(75)));
        assert!(!late.overdue(mins(120)), "decided: nothing to chase");
        assert!(late.missed_target(mins(120)), "but it was decided late");
        let in_time = timing(Some(mins(59)));
        assert!(!in_time.overdue(mins(600)) && !in_time.missed_target(mins(600)));
    }
}
