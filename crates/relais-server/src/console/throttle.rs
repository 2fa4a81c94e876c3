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
//! The counts are in the database ([`relais_store::Store::record_sign_in_failure`]):
//! every server sharing it holds back the same guesser, and a restart
//! forgets nothing.

use std::net::IpAddr;

use jiff::{SignedDuration, Timestamp};
use relais_core::staff::Backoff;
use relais_store::{Store, StoreError};

use crate::settings::ConsoleSettings;

/// A name as counted: case and spaces ignored, and cut short, so that long
/// or varied spellings of one name share a count.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase().chars().take(100).collect()
}

#[derive(Debug)]
pub struct SignInThrottle {
    address: Backoff,
    name: Backoff,
    alarm_threshold: u32,
    /// Password hashes checked by this server: one per attempt heard, whatever the name.
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
            address,
            name,
            alarm_threshold: settings.alarm_failures_per_hour.max(1),
            checks: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// How long before an attempt from `address` for `name` is heard; `None` if now.
    pub async fn wait(
        &self,
        store: &Store,
        address: IpAddr,
        name: &str,
        now: Timestamp,
    ) -> Result<Option<SignedDuration>, StoreError> {
        let scopes = store.sign_in_scopes(&address.to_string(), &name_key(name));
        let (by_address, by_name) = store.sign_in_failures(&scopes).await?;
        Ok(self.address.wait(by_address, now).max(self.name.wait(by_name, now)))
    }

    pub async fn failed(
        &self,
        store: &Store,
        address: IpAddr,
        name: &str,
        now: Timestamp,
    ) -> Result<AfterFailure, StoreError> {
        let scopes = store.sign_in_scopes(&address.to_string(), &name_key(name));
        let raised =
            store.record_sign_in_failure(&scopes, (&self.address, &self.name), self.alarm_threshold, now).await?;
        Ok(match raised {
            Some(failures_this_hour) => AfterFailure::AlarmRaised { failures_this_hour },
            None => AfterFailure::Counted,
        })
    }

    /// Counts a password check (one per attempt heard).
    pub fn checked(&self) {
        self.checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        metrics::counter!("relais_console_password_checks_total").increment(1);
    }

    /// How many password checks this server made: the same work for every
    /// attempt heard is what keeps timing from telling a name exists.
    pub fn password_checks(&self) -> u64 {
        self.checks.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A success forgets the failures for this name from this address, not
    /// the address's: one good password does not buy another name more guesses.
    pub async fn succeeded(&self, store: &Store, address: IpAddr, name: &str) -> Result<(), StoreError> {
        store.forget_sign_in_name(&store.sign_in_scopes(&address.to_string(), &name_key(name))).await
    }

    /// Drops the counts a quiet spell has forgotten.
    pub async fn prune(&self, store: &Store, now: Timestamp) -> Result<u64, StoreError> {
        let quiet = self.address.forget_after.min(self.name.forget_after);
        store.forget_sign_in_failures(now - quiet).await
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

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(None, dir.path()).await.unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn a_name_guessed_from_one_address_waits_there_only() {
        let (t, (_dir, s)) = (throttle(), store().await);
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let (stranger, counsellor): (IpAddr, IpAddr) =
            ("203.0.113.9".parse().unwrap(), "198.51.100.4".parse().unwrap());
        for _ in 0..3 {
            t.failed(&s, stranger, "Camille", now).await.unwrap();
        }
        let wait = |address, name: &'static str| t.wait(&s, address, name, now);
        assert_eq!(
            wait(stranger, " camille ").await.unwrap(),
            Some(SignedDuration::from_secs(30)),
            "two free, then 30 s"
        );
        assert_eq!(wait(counsellor, "camille").await.unwrap(), None, "the counsellor's own address is not held back");
        assert_eq!(wait(stranger, "sam").await.unwrap(), None, "another name, under the address's free failures");
        t.failed(&s, stranger, "sam", now).await.unwrap();
        t.failed(&s, stranger, "lou", now).await.unwrap();
        assert_eq!(wait(stranger, "noa").await.unwrap(), Some(SignedDuration::from_secs(30)), "the address's own wait");
        t.succeeded(&s, stranger, "camille").await.unwrap();
        assert_eq!(
            wait(stranger, "camille").await.unwrap(),
            Some(SignedDuration::from_secs(30)),
            "the address still waits"
        );
    }

    #[tokio::test]
    async fn failures_from_everywhere_raise_the_alarm_once_an_hour() {
        let (t, (_dir, s)) = (throttle(), store().await);
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let mut raised = Vec::new();
        for i in 0..8u8 {
            let address = IpAddr::from([192, 0, 2, i]);
            if let AfterFailure::AlarmRaised { failures_this_hour } =
                t.failed(&s, address, "camille", now).await.unwrap()
            {
                raised.push(failures_this_hour);
            }
        }
        assert_eq!(raised, [6]);
        assert!(s.sign_in_alarm_raised(now).await.unwrap());
        let later = now + SignedDuration::from_hours(1);
        assert!(!s.sign_in_alarm_raised(later).await.unwrap());
        assert_eq!(t.prune(&s, later).await.unwrap(), 16, "each address's count and each name's from it");
        assert_eq!(t.wait(&s, IpAddr::from([192, 0, 2, 0]), "camille", later).await.unwrap(), None);
    }
}
