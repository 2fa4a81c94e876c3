//! Staff needed per hour of the week to meet a service level.
//!
//! Each hour is treated as a steady period and solved with Erlang C, which
//! ignores callers who hang up and so errs on the side of more staff. Chats
//! count for their share of a counsellor (a chat is 1/N of one when N run at
//! once). The simulator then checks the plan as a whole.

use crate::erlang::agents_for_service_level;
use crate::sim::{Channel, HOURS_PER_WEEK, Model};

/// "80% in 60s".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub share: f64,
    pub within_seconds: f64,
}

impl Target {
    /// Reads `80% in 60s` (also `80 % in 60 s`, `0.8 in 60`).
    pub fn parse(text: &str) -> Result<Target, String> {
        let err = || format!("expected a target like \"80% in 60s\", got {text:?}");
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let (share, within) = compact.split_once("in").ok_or_else(err)?;
        let share = match share.strip_suffix('%') {
            Some(p) => p.parse::<f64>().map_err(|_| err())? / 100.0,
            None => share.parse::<f64>().map_err(|_| err())?,
        };
        let within = within.strip_suffix('s').unwrap_or(within).parse::<f64>().map_err(|_| err())?;
        if !(share > 0.0 && share < 1.0 && within >= 0.0 && within.is_finite()) {
            return Err(err());
        }
        Ok(Target { share, within_seconds: within })
    }
}

/// The steady load on `group` in each hour of the week: arrivals per second
/// and the mean handling time, chats counted for their share of a counsellor.
pub fn hourly_load(model: &Model, group: usize) -> Vec<(f64, f64)> {
    let chats_at_once = f64::from(model.groups[group].chats_at_once.max(1));
    (0..HOURS_PER_WEEK)
        .map(|h| {
            let (mut rate, mut work) = (0.0, 0.0);
            for s in model.streams.iter().filter(|s| s.group == group) {
                let total: f64 = s.profile.iter().sum();
                if total <= 0.0 {
                    continue;
                }
                let lambda = s.per_week * s.profile[h] / total / 3600.0;
                let share = if s.channel == Channel::Chat { 1.0 / chats_at_once } else { 1.0 };
                rate += lambda;
                work += lambda * s.handle_seconds * share;
            }
            (rate, if rate > 0.0 { work / rate } else { 0.0 })
        })
        .collect()
}

/// Counsellors needed in `group` for each hour of the week.
pub fn staff_needed(model: &Model, group: usize, target: Target) -> Vec<u32> {
    hourly_load(model, group)
        .into_iter()
        .map(
            |(rate, handle)| {
                if rate <= 0.0 {
                    0
                } else {
                    agents_for_service_level(rate, handle, target.share, target.within_seconds)
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_read_as_people_write_them() {
        assert_eq!(Target::parse("80% in 60s"), Ok(Target { share: 0.8, within_seconds: 60.0 }));
        assert_eq!(Target::parse(" 90 % in 20 s "), Ok(Target { share: 0.9, within_seconds: 20.0 }));
        assert_eq!(Target::parse("0.8 in 60"), Ok(Target { share: 0.8, within_seconds: 60.0 }));
        for bad in ["", "80%", "in 60s", "120% in 60s", "80% in -1s", "eighty in 60"] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_plan_meets_the_target_in_simulation() {
        let scenario = crate::scenario::Scenario::parse(include_str!("../../../scenarios/3018-baseline.toml")).unwrap();
        let variant = scenario.variants.iter().find(|v| v.name == "referrals ×5").unwrap();
        let mut model = scenario.model(variant);
        let target = Target { share: 0.8, within_seconds: 60.0 };
        let plan = staff_needed(&model, 0, target);
        assert!(plan.iter().enumerate().all(|(h, n)| (*n == 0) == (model.streams[0].profile[h] == 0.0)));
        model.groups[0].staff = plan;
        let o = crate::sim::simulate(&model, crate::sim::Options { weeks: 8, seed: 9, answer_within: 60.0 }).unwrap();
        let sl = o.total().service_level().unwrap();
        assert!(sl >= 0.8, "the Erlang C plan answers {sl:.3} within 60 s in simulation");
    }
}
