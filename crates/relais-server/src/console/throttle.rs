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
use relais_store::sign_in::SignInScopes;
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

/// What the throttle made of an attempt.
#[derive(Debug)]
pub enum Attempt {
    /// Not heard until this wait is over.
    HeldBack(SignedDuration),
    /// Heard, and counted under these scopes until it succeeds.
    Heard(SignInScopes),
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

    /// Begins an attempt from `address` for `name`: held back for the wait
    /// still to run, or heard, and then counted as a failure until
    /// [`succeeded`](Self::succeeded) takes it back: attempts sent together
    /// are counted before any password is checked.
    pub async fn attempt(
        &self,
        store: &Store,
        address: IpAddr,
        name: &str,
        now: Timestamp,
    ) -> Result<Attempt, StoreError> {
        let scopes = store.sign_in_scopes(&address.to_string(), &name_key(name));
        Ok(match store.begin_sign_in(&scopes, (&self.address, &self.name), now).await? {
            Some(wait) => Attempt::HeldBack(wait),
            None => Attempt::Heard(scopes),
        })
    }

    /// A heard attempt failed (it is counted already): the hour's alarm counts it.
    pub async fn failed(&self, store: &Store, now: Timestamp) -> Result<AfterFailure, StoreError> {
        Ok(match store.sign_in_failed(self.alarm_threshold, now).await? {
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

    /// A heard attempt succeeded: taken back from the address's count, and the
    /// name's failures from that address forgotten (not the address's: one
    /// good password does not buy another name more guesses).
    pub async fn succeeded(&self, store: &Store, attempt: &SignInScopes) -> Result<(), StoreError> {
        store.sign_in_succeeded(attempt).await
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

    /// One failed attempt, as the sign-in form makes it.
    async fn fail(t: &SignInThrottle, s: &Store, address: IpAddr, name: &str, now: Timestamp) -> AfterFailure {
        match t.attempt(s, address, name, now).await.unwrap() {
            Attempt::Heard(_) => t.failed(s, now).await.unwrap(),
            Attempt::HeldBack(wait) => panic!("held back {wait:?}"),
        }
    }

    async fn wait(
        t: &SignInThrottle,
        s: &Store,
        address: IpAddr,
        name: &str,
        now: Timestamp,
    ) -> Option<SignedDuration> {
        match t.attempt(s, address, name, now).await.unwrap() {
            Attempt::HeldBack(wait) => Some(wait),
            // Heard: this look is not an attempt; it is taken back as a success would.
            Attempt::Heard(scopes) => {
                s.sign_in_succeeded(&scopes).await.unwrap();
                None
            }
        }
    }

    #[tokio::test]
    async fn a_name_guessed_from_one_address_waits_there_only() {
        let (t, (_dir, s)) = (throttle(), store().await);
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let (stranger, counsellor): (IpAddr, IpAddr) =
            ("203.0.113.9".parse().unwrap(), "198.51.100.4".parse().unwrap());
        for _ in 0..3 {
            fail(&t, &s, stranger, "Camille", now).await;
        }
        let thirty = Some(SignedDuration::from_secs(30));
        assert_eq!(wait(&t, &s, stranger, " camille ", now).await, thirty, "two free, then 30 s");
        assert_eq!(
            wait(&t, &s, counsellor, "camille", now).await,
            None,
            "the counsellor's own address is not held back"
        );
        assert_eq!(wait(&t, &s, stranger, "sam", now).await, None, "another name, under the address's free failures");
        fail(&t, &s, stranger, "sam", now).await;
        fail(&t, &s, stranger, "lou", now).await;
        assert_eq!(wait(&t, &s, stranger, "noa", now).await, thirty, "the address's own wait: four free, then 30 s");
        // Camille, from her desk, signs in: the address's count is as it was, her name's failures there forgotten.
        let Attempt::Heard(scopes) = t.attempt(&s, counsellor, "camille", now).await.unwrap() else { panic!() };
        t.succeeded(&s, &scopes).await.unwrap();
        let (by_address, by_name) = s.sign_in_failures(&scopes).await.unwrap();
        assert_eq!(
            (by_address.map(|f| f.count), by_name),
            (Some(0), None),
            "a success is no failure, and forgets the name's"
        );
    }

    /// Attempts sent together are counted before any password is checked: past
    /// the free ones, they are held back, however many arrive at once.
    #[tokio::test]
    async fn attempts_sent_together_are_counted_before_they_are_checked() {
        let (t, (_dir, s)) = (std::sync::Arc::new(throttle()), store().await);
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let (t, s) = (t.clone(), s.clone());
            tasks.spawn(
                async move { matches!(t.attempt(&s, stranger, "camille", now).await.unwrap(), Attempt::Heard(_)) },
            );
        }
        let mut heard = 0;
        while let Some(done) = tasks.join_next().await {
            heard += usize::from(done.unwrap());
        }
        assert_eq!(heard, 3, "two free failures for the name, and the third heard before the wait");
    }

    #[tokio::test]
    async fn failures_from_everywhere_raise_the_alarm_once_an_hour() {
        let (t, (_dir, s)) = (throttle(), store().await);
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let mut raised = Vec::new();
        for i in 0..8u8 {
            let address = IpAddr::from([192, 0, 2, i]);
            if let AfterFailure::AlarmRaised { failures_this_hour } = fail(&t, &s, address, "camille", now).await {
                raised.push(failures_this_hour);
            }
        }
        assert_eq!(raised, [6]);
        assert!(s.sign_in_alarm_raised(now).await.unwrap());
        let later = now + SignedDuration::from_hours(1);
        assert!(!s.sign_in_alarm_raised(later).await.unwrap());
        assert_eq!(t.prune(&s, later).await.unwrap(), 16, "each address's count and each name's from it");
        assert_eq!(wait(&t, &s, IpAddr::from([192, 0, 2, 0]), "camille", later).await, None);
    }
}
