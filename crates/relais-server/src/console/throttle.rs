//! How the sign-in form answers someone guessing passwords.
//!
//! Failures are counted by the client's address, and by the address with the
//! name tried; past the free ones, each further failure doubles the wait
//! before the next attempt is heard (see [`Backoff`]). Nothing locks an
//! account, so a stranger who knows a counsellor's name cannot keep them out:
//! the counsellor's own address has no failures. A guesser spread over many
//! addresses is not slowed by any of this; the failures of the last hour,
//! counted together, raise an alarm instead (a log line, a metric, an audit
//! row) for people to act on.
//!
//! The counts are in memory: a restart forgets them, and each instance of
//! Relais counts its own.

use std::net::IpAddr;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};
use relais_core::staff::{Backoff, Failures};
use rustc_hash::FxHashMap;

use crate::settings::ConsoleSettings;

/// Entries kept at most per map, so that a flood of names cannot fill memory.
const MAX_ENTRIES: usize = 100_000;

/// A name as counted: case and spaces ignored, and cut short, so that long
/// or varied spellings of one name share a count.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase().chars().take(100).collect()
}

#[derive(Debug, Default)]
struct Alarm {
    window_start: Option<Timestamp>,
    failures: u32,
    raised: bool,
}

#[derive(Debug)]
pub struct SignInThrottle {
    by_address: Mutex<FxHashMap<IpAddr, Failures>>,
    by_name: Mutex<FxHashMap<(IpAddr, String), Failures>>,
    alarm: Mutex<Alarm>,
    address: Backoff,
    name: Backoff,
    alarm_threshold: u32,
    /// Password hashes checked: one per attempt heard, whatever the name.
    checks: std::sync::atomic::AtomicU64,
}

/// What a failure changed beyond the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    Counted,
    /// This failure took the last hour's past the alarm's threshold.
    AlarmRaised {
        failures_this_hour: u32,
    },
}

impl SignInThrottle {
    pub fn new(settings: &ConsoleSettings) -> SignInThrottle {
        let (address, name) = settings.backoffs();
        SignInThrottle {
            by_address: Mutex::default(),
            by_name: Mutex::default(),
            alarm: Mutex::default(),
            address,
            name,
            alarm_threshold: settings.alarm_failures_per_hour.max(1),
            checks: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// How long before an attempt from `address` for `name` is heard; `None` if now.
    pub fn wait(&self, address: IpAddr, name: &str, now: Timestamp) -> Option<SignedDuration> {
        let by_address = lock(&self.by_address).get(&address).copied();
        let by_name = lock(&self.by_name).get(&(address, name_key(name))).copied();
        self.address.wait(by_address, now).max(self.name.wait(by_name, now))
    }

    pub fn failed(&self, address: IpAddr, name: &str, now: Timestamp) -> AfterFailure {
        {
            let mut map = lock(&self.by_address);
            let next = self.address.fail(map.get(&address).copied(), now);
            make_room(&mut map, &self.address, now);
            map.insert(address, next);
        }
        {
            let mut map = lock(&self.by_name);
            let key = (address, name_key(name));
            let next = self.name.fail(map.get(&key).copied(), now);
            make_room(&mut map, &self.name, now);
            map.insert(key, next);
        }
        let mut alarm = lock(&self.alarm);
        if alarm.window_start.is_none_or(|start| now - start >= SignedDuration::from_hours(1)) {
            *alarm = Alarm { window_start: Some(now), failures: 0, raised: false };
        }
        alarm.failures += 1;
        if alarm.failures >= self.alarm_threshold && !alarm.raised {
            alarm.raised = true;
            return AfterFailure::AlarmRaised { failures_this_hour: alarm.failures };
        }
        AfterFailure::Counted
    }

    /// Counts a password check (one per attempt heard).
    pub fn checked(&self) {
        self.checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        metrics::counter!("relais_console_password_checks_total").increment(1);
    }

    /// How many password checks were made: the same work for every attempt
    /// heard is what keeps timing from telling a name exists.
    pub fn password_checks(&self) -> u64 {
        self.checks.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A success forgets the failures for this name from this address, not
    /// the address's: one good password does not buy another name more guesses.
    pub fn succeeded(&self, address: IpAddr, name: &str) {
        lock(&self.by_name).remove(&(address, name_key(name)));
    }

    /// Whether the alarm is raised for the current hour.
    pub fn alarm_raised(&self, now: Timestamp) -> bool {
        let alarm = lock(&self.alarm);
        alarm.raised && alarm.window_start.is_some_and(|start| now - start < SignedDuration::from_hours(1))
    }

    /// Drops the counts a quiet hour has forgotten.
    pub fn prune(&self, now: Timestamp) {
        lock(&self.by_address).retain(|_, f| self.address.current(Some(*f), now).is_some());
        lock(&self.by_name).retain(|_, f| self.name.current(Some(*f), now).is_some());
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Before an insert into a full map: the forgotten entries go, and if that
/// is not enough, the oldest half (a flood's, most likely).
fn make_room<K: Eq + std::hash::Hash + Clone>(map: &mut FxHashMap<K, Failures>, backoff: &Backoff, now: Timestamp) {
    if map.len() < MAX_ENTRIES {
        return;
    }
    map.retain(|_, f| backoff.current(Some(*f), now).is_some());
    if map.len() >= MAX_ENTRIES {
        let mut lasts: Vec<Timestamp> = map.values().map(|f| f.last).collect();
        let middle = lasts.len() / 2;
        let (_, cut, _) = lasts.select_nth_unstable(middle);
        let cut = *cut;
        map.retain(|_, f| f.last > cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> SignInThrottle {
        SignInThrottle::new(&ConsoleSettings {
            free_failures_per_address: 4,
            free_failures_per_name: 2,
            first_wait_seconds: 30,
            max_wait_seconds: 900,
            alarm_failures_per_hour: 6,
            ..ConsoleSettings::default()
        })
    }

    #[test]
    fn a_name_guessed_from_one_address_waits_there_only() {
        let t = throttle();
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let (stranger, counsellor): (IpAddr, IpAddr) =
            ("203.0.113.9".parse().unwrap(), "198.51.100.4".parse().unwrap());
        for _ in 0..3 {
            t.failed(stranger, "Camille", now);
        }
        assert_eq!(t.wait(stranger, " camille ", now), Some(SignedDuration::from_secs(30)), "two free, then 30 s");
        assert_eq!(t.wait(counsellor, "camille", now), None, "the counsellor's own address is not held back");
        assert_eq!(t.wait(stranger, "sam", now), None, "another name, under the address's free failures");
        t.failed(stranger, "sam", now);
        t.failed(stranger, "lou", now);
        assert_eq!(t.wait(stranger, "noa", now), Some(SignedDuration::from_secs(30)), "the address's own wait");
        t.succeeded(stranger, "camille");
        assert_eq!(t.wait(stranger, "camille", now), Some(SignedDuration::from_secs(30)), "the address still waits");
    }

    #[test]
    fn failures_from_everywhere_raise_the_alarm_once_an_hour() {
        let t = throttle();
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let mut raised = Vec::new();
        for i in 0..8u8 {
            let address = IpAddr::from([192, 0, 2, i]);
            if let AfterFailure::AlarmRaised { failures_this_hour } = t.failed(address, "camille", now) {
                raised.push(failures_this_hour);
            }
        }
        assert_eq!(raised, [6]);
        assert!(t.alarm_raised(now));
        let later = now + SignedDuration::from_hours(1);
        assert!(!t.alarm_raised(later));
        t.prune(later);
        assert!(lock(&t.by_address).is_empty() && lock(&t.by_name).is_empty());
    }

    #[test]
    fn a_flood_of_names_does_not_fill_memory() {
        let t = throttle();
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let address: IpAddr = "203.0.113.9".parse().unwrap();
        for i in 0..(MAX_ENTRIES + 10) {
            t.failed(address, &format!("name-{i}"), now + SignedDuration::from_millis(i as i64));
        }
        assert!(lock(&t.by_name).len() <= MAX_ENTRIES);
    }
}
