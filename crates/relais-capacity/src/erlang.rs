//! Erlang C (M/M/c) and Erlang A (M/M/c+M) for one steady period.
//!
//! Rates are per second. Erlang C assumes callers wait forever, which
//! overstates waits when the line is busy; Erlang A lets waiting callers hang
//! up after an exponential patience, which is what a helpline sees.

/// A steady period: arrivals, handling, staff.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// Arrivals per second.
    pub arrival_rate: f64,
    /// Mean handling time, seconds.
    pub handle_seconds: f64,
    /// Counsellors answering.
    pub agents: u32,
}

impl Load {
    /// Offered load in Erlangs (λ × AHT).
    pub fn erlangs(&self) -> f64 {
        self.arrival_rate * self.handle_seconds
    }

    pub fn is_stable(&self) -> bool {
        self.erlangs() < f64::from(self.agents)
    }
}

/// What a queueing model says of a period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outlook {
    /// Probability that a contact waits at all.
    pub p_wait: f64,
    /// Mean wait in queue, seconds, over all contacts (abandoned ones included, until they leave).
    pub mean_wait: f64,
    /// Share of contacts that leave before being answered.
    pub p_abandon: f64,
    /// Share of counsellors' time spent handling.
    pub occupancy: f64,
}

/// Erlang B blocking probability, by the stable recursion B(k) = aB(k−1)/(k + aB(k−1)).
pub fn erlang_b(erlangs: f64, agents: u32) -> f64 {
    (1..=agents).fold(1.0, |b, k| erlangs * b / (f64::from(k) + erlangs * b))
}

/// Erlang C: the probability of waiting, or 1 when the load exceeds the staff.
pub fn erlang_c(load: &Load) -> f64 {
    let (a, c) = (load.erlangs(), f64::from(load.agents));
    if !load.is_stable() {
        return 1.0;
    }
    let b = erlang_b(a, load.agents);
    b / (1.0 - (a / c) * (1.0 - b))
}

/// Erlang C's outlook; infinite waits when unstable.
pub fn erlang_c_outlook(load: &Load) -> Outlook {
    let pw = erlang_c(load);
    let (a, c, mu) = (load.erlangs(), f64::from(load.agents), 1.0 / load.handle_seconds);
    let mean_wait = if load.is_stable() { pw / (c * mu - load.arrival_rate) } else { f64::INFINITY };
    Outlook { p_wait: pw, mean_wait, p_abandon: 0.0, occupancy: (a / c).min(1.0) }
}

/// Erlang C's service level: the share answered within `seconds`.
pub fn erlang_c_service_level(load: &Load, seconds: f64) -> f64 {
    if !load.is_stable() {
        return 0.0;
    }
    let mu = 1.0 / load.handle_seconds;
    let c = f64::from(load.agents);
    1.0 - erlang_c(load) * (-(c * mu - load.arrival_rate) * seconds).exp()
}

/// Erlang A (Palm's M/M/c+M): waiting contacts leave at rate 1/patience.
/// Solved on the birth-death chain, truncated where the tail is negligible.
pub fn erlang_a(load: &Load, patience_seconds: f64) -> Outlook {
    let (lambda, mu, theta) = (load.arrival_rate, 1.0 / load.handle_seconds, 1.0 / patience_seconds);
    let c = load.agents as usize;
    // Unnormalised probabilities, in log space to stay finite under heavy load.
    let mut log_p = vec![0.0f64];
    let mut n = 0usize;
    loop {
        n += 1;
        let death = (n.min(c) as f64) * mu + (n.saturating_sub(c) as f64) * theta;
        let next = log_p[n - 1] + (lambda / death).ln();
        log_p.push(next);
        // Past the staff, the chain decays geometrically once deaths outpace births.
        if n > c && death > lambda && next < log_p.iter().cloned().fold(f64::MIN, f64::max) - 40.0 {
            break;
        }
        if n > c + 100_000 {
            break;
        }
    }
    let max = log_p.iter().cloned().fold(f64::MIN, f64::max);
    let weights: Vec<f64> = log_p.iter().map(|l| (l - max).exp()).collect();
    let total: f64 = weights.iter().sum();
    let p = |k: usize| weights[k] / total;
    let p_wait: f64 = (c..weights.len()).map(p).sum();
    let queue: f64 = (c..weights.len()).map(|k| (k - c) as f64 * p(k)).sum();
    let busy: f64 = (0..weights.len()).map(|k| k.min(c) as f64 * p(k)).sum();
    Outlook {
        p_wait,
        mean_wait: queue / lambda,
        p_abandon: theta * queue / lambda,
        occupancy: if c == 0 { 1.0 } else { busy / c as f64 },
    }
}

/// The expected wait of a contact arriving now, given the live state of an
/// M/M/c queue: `busy` counsellors of `agents` are handling, `waiting` are
/// queued ahead. Each departure frees a counsellor after an exponential time
/// of mean AHT/c, so a newcomer with k contacts to outlast waits k·AHT/c.
/// `None` when no one is there to answer.
pub fn expected_wait_now(waiting: u64, busy: u64, agents: u32, handle_seconds: f64) -> Option<f64> {
    if agents == 0 {
        return None;
    }
    let c = u64::from(agents);
    let ahead = (waiting + busy.min(c) + 1).saturating_sub(c);
    Some(ahead as f64 * handle_seconds / c as f64)
}

/// The fewest counsellors for which Erlang C answers `share` of contacts within `seconds`.
pub fn agents_for_service_level(arrival_rate: f64, handle_seconds: f64, share: f64, seconds: f64) -> u32 {
    if arrival_rate <= 0.0 {
        return 0;
    }
    let mut agents = (arrival_rate * handle_seconds).floor() as u32 + 1;
    while erlang_c_service_level(&Load { arrival_rate, handle_seconds, agents }, seconds) < share {
        agents += 1;
    }
    agents
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn erlang_c_matches_the_closed_form() {
        // 100 calls an hour, 3-minute calls: 5 Erlangs, 7 agents. The direct formula
        // (a^c/c! · c/(c−a)) / (Σ_{k<c} a^k/k! + a^c/c! · c/(c−a)) gives P(wait) = 0.324150.
        let load = Load { arrival_rate: 100.0 / 3600.0, handle_seconds: 180.0, agents: 7 };
        assert!(close(erlang_c(&load), 0.324150, 1e-6), "{}", erlang_c(&load));
        // Mean wait = P(wait) / (cμ − λ) = 29.1735 s.
        assert!(close(erlang_c_outlook(&load).mean_wait, 29.1735, 1e-3));
        // Answered within 20 s: 1 − P(wait)·e^{−(cμ−λ)·20} = 0.740441.
        assert!(close(erlang_c_service_level(&load, 20.0), 0.740441, 1e-6));
        assert_eq!(erlang_c(&Load { agents: 5, ..load }), 1.0, "no steady state at 100 % load");
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_when_nobody_hangs_up() {
        let load = Load { arrival_rate: 100.0 / 3600.0, handle_seconds: 180.0, agents: 7 };
        let a = erlang_a(&load, 1e9);
        let c = erlang_c_outlook(&load);
        assert!(close(a.p_wait, c.p_wait, 1e-4) && close(a.mean_wait, c.mean_wait, 0.05), "{a:?} vs {c:?}");
        assert!(a.p_abandon < 1e-6);
    }

    #[test]
    fn erlang_a_stays_finite_when_the_line_is_overloaded() {
        let load = Load { arrival_rate: 200.0 / 3600.0, handle_seconds: 300.0, agents: 5 };
        let a = erlang_a(&load, 120.0);
        assert!(a.p_abandon > 0.3 && a.p_abandon < 1.0, "{a:?}");
        assert!(a.mean_wait.is_finite() && a.occupancy > 0.95);
        // Flow balance: answered + abandoned = offered.
        let answered_rate = a.occupancy * 5.0 / 300.0;
        let abandoned_rate = a.p_abandon * load.arrival_rate;
        assert!(close(answered_rate + abandoned_rate, load.arrival_rate, 1e-6));
    }

    #[test]
    fn the_live_wait_grows_with_the_queue_and_shrinks_with_staff() {
        assert_eq!(expected_wait_now(0, 2, 3, 600.0), Some(0.0), "a counsellor is free");
        assert_eq!(expected_wait_now(0, 3, 3, 600.0), Some(200.0), "all busy: the first of three to finish");
        assert_eq!(expected_wait_now(5, 3, 3, 600.0), Some(1200.0));
        assert!(expected_wait_now(5, 3, 4, 600.0) < expected_wait_now(5, 3, 3, 600.0));
        assert_eq!(expected_wait_now(5, 0, 0, 600.0), None);
    }

    #[test]
    fn staffing_to_a_target() {
        // 7 agents answer 74.0 % within 20 s, 8 agents 88.0 %.
        let n = agents_for_service_level(100.0 / 3600.0, 180.0, 0.8, 20.0);
        assert_eq!(n, 8);
        assert!(
            erlang_c_service_level(&Load { arrival_rate: 100.0 / 3600.0, handle_seconds: 180.0, agents: n - 1 }, 20.0)
                < 0.8
        );
        assert_eq!(agents_for_service_level(0.0, 180.0, 0.8, 20.0), 0);
    }

    proptest::proptest! {
        #[test]
        fn more_staff_never_waits_longer(calls_per_hour in 1.0f64..400.0, aht in 60.0f64..900.0, extra in 0u32..20) {
            let lambda = calls_per_hour / 3600.0;
            let base = (lambda * aht).floor() as u32 + 1;
            let a = erlang_c_outlook(&Load { arrival_rate: lambda, handle_seconds: aht, agents: base + extra });
            let b = erlang_c_outlook(&Load { arrival_rate: lambda, handle_seconds: aht, agents: base + extra + 1 });
            proptest::prop_assert!(b.mean_wait <= a.mean_wait + 1e-9);
            proptest::prop_assert!((0.0..=1.0).contains(&a.p_wait));
        }
    }
}
