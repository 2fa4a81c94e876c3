//! The people who answer: roles and what each may do.
//!
//! Listeners, psychologists and jurists work cases; supervisors also see the
//! line as a whole and the audit trail; admins manage accounts. Permissions
//! are named after what they allow, so a route asks "may this role read the
//! audit log?" rather than comparing roles.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// The shortest password a staff member may choose (ANSSI's guidance for a
/// password with a throttled sign-in is about this long).
pub const MIN_PASSWORD_LENGTH: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Listener,
    Psychologist,
    Jurist,
    Supervisor,
    Admin,
}

/// Something a staff member may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    WorkCases,
    SuperviseLine,
    ReadAuditLog,
    ManageStaff,
    /// Send a trusted-flagger notice to a platform.
    ApproveNotices,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Listener, Role::Psychologist, Role::Jurist, Role::Supervisor, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Listener => "listener",
            Role::Psychologist => "psychologist",
            Role::Jurist => "jurist",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The queue this role answers; supervisors and admins stand in for listeners.
    pub fn skill(self) -> crate::case::Skill {
        use crate::case::Skill;
        match self {
            Role::Psychologist => Skill::Psychologist,
            Role::Jurist => Skill::Jurist,
            Role::Listener | Role::Supervisor | Role::Admin => Skill::Listener,
        }
    }

    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            WorkCases => matches!(self, Role::Listener | Role::Psychologist | Role::Jurist | Role::Supervisor),
            SuperviseLine | ReadAuditLog => matches!(self, Role::Supervisor | Role::Admin),
            ManageStaff => self == Role::Admin,
            ApproveNotices => matches!(self, Role::Jurist | Role::Supervisor),
        }
    }

    /// The role's name.
    pub fn label(self, locale: crate::Locale) -> &'static str {
        let t = RoleWords::get(locale);
        match self {
            Role::Listener => t.listener,
            Role::Psychologist => t.psychologist,
            Role::Jurist => t.jurist,
            Role::Supervisor => t.supervisor,
            Role::Admin => t.admin,
        }
    }
}

crate::i18n::words! {
    /// The roles' names.
    pub(crate) struct RoleWords in Console / "role" {
        listener,
        psychologist,
        jurist,
        supervisor,
        admin,
    }
}

/// When a signed-in session ends by itself: left idle (a console open on an
/// empty desk), or at the end of a shift however busy (a session stolen early
/// in the day does not last into the night).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    pub idle: SignedDuration,
    pub shift: SignedDuration,
}

impl SessionLimits {
    /// Whether a session opened at `opened_at` and last used at `last_seen_at` has ended by `now`.
    pub fn ended(&self, opened_at: Timestamp, last_seen_at: Timestamp, now: Timestamp) -> bool {
        now - last_seen_at > self.idle || now - opened_at > self.shift
    }
}

/// How failed sign-ins slow down the next attempt from the same place.
///
/// Nothing locks an account: a lock that anyone who knows a counsellor's name
/// can set would let a stranger keep a line closed. Failures are counted by
/// where they come from (a client address, or an address and a name); past a
/// number of free failures, each one doubles the wait before the next
/// attempt, up to a ceiling. A quiet spell forgets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Failures before any wait.
    pub free: u32,
    /// The wait after the first failure past the free ones; doubled by each next.
    pub first_wait: SignedDuration,
    pub max_wait: SignedDuration,
    /// Failures are forgotten after this long without one.
    pub forget_after: SignedDuration,
}

/// Failed attempts from one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last: Timestamp,
}

impl Backoff {
    /// The failures to count on at `now`: none if the last was long enough ago.
    pub fn current(&self, failures: Option<Failures>, now: Timestamp) -> Option<Failures> {
        failures.filter(|f| now - f.last < self.forget_after)
    }

    /// How long, from `now`, until another attempt is heard; `None` if it may be made now.
    pub fn wait(&self, failures: Option<Failures>, now: Timestamp) -> Option<SignedDuration> {
        let f = self.current(failures, now)?;
        let past = f.count.checked_sub(self.free).filter(|p| *p > 0)?;
        // 2^31 times any wait is past any ceiling: the doubling stops there.
        let doubled =
            (0..(past - 1).min(31)).try_fold(self.first_wait, |w, _| w.checked_mul(2)).unwrap_or(self.max_wait);
        let ready = f.last + doubled.min(self.max_wait);
        (ready > now).then(|| ready - now)
    }

    /// The failures after one more at `now`.
    pub fn fail(&self, failures: Option<Failures>, now: Timestamp) -> Failures {
        let count = self.current(failures, now).map_or(0, |f| f.count);
        Failures { count: count.saturating_add(1), last: now }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listener_works_cases_but_cannot_read_the_audit_log() {
        assert!(Role::Listener.may(Permission::WorkCases));
        assert!(!Role::Listener.may(Permission::ReadAuditLog));
        assert!(Role::Supervisor.may(Permission::ReadAuditLog));
        assert!(!Role::Supervisor.may(Permission::ManageStaff));
        assert!(Role::Admin.may(Permission::ManageStaff));
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }

    #[test]
    fn a_session_ends_when_idle_or_at_the_end_of_the_shift() {
        let limits = SessionLimits { idle: SignedDuration::from_mins(30), shift: SignedDuration::from_hours(12) };
        let t0: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let at = |mins: i64| t0 + SignedDuration::from_mins(mins);
        assert!(!limits.ended(t0, at(10), at(40)), "idle for thirty minutes exactly: not yet");
        assert!(limits.ended(t0, at(10), at(41)), "idle for 31 minutes");
        assert!(!limits.ended(t0, at(719), at(720)));
        assert!(limits.ended(t0, at(720), at(721)), "twelve hours since sign-in, however busy");
    }

    #[test]
    fn the_password_texts_say_the_length_that_is_checked() {
        for locale in [crate::Locale::Fr, crate::Locale::En] {
            let min = MIN_PASSWORD_LENGTH.to_string();
            assert!(crate::i18n::refusal::RefusalText::get(locale).password_short.contains(&min));
            assert!(crate::i18n::console::ConsoleText::get(locale).new_password_hint.contains(&min));
        }
    }

    #[test]
    fn failures_past_the_free_ones_double_the_wait_up_to_a_ceiling() {
        let backoff = Backoff {
            free: 3,
            first_wait: SignedDuration::from_secs(30),
            max_wait: SignedDuration::from_mins(15),
            forget_after: SignedDuration::from_hours(1),
        };
        let t0: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        let mut failures = None;
        let mut waits = Vec::new();
        for _ in 0..10 {
            failures = Some(backoff.fail(failures, t0));
            waits.push(backoff.wait(failures, t0).map_or(0, |w| w.as_secs()));
        }
        assert_eq!(waits, [0, 0, 0, 30, 60, 120, 240, 480, 900, 900]);
        let later = t0 + SignedDuration::from_mins(15);
        assert_eq!(backoff.wait(failures, later), None, "the wait is over");
        assert_eq!(backoff.fail(failures, later).count, 11, "but the count stands");
        let quiet = t0 + SignedDuration::from_hours(1);
        assert_eq!(backoff.fail(failures, quiet).count, 1, "forgotten after a quiet hour");
        let many = Failures { count: u32::MAX, last: t0 };
        assert_eq!(backoff.wait(Some(many), t0), Some(SignedDuration::from_mins(15)), "no overflow");
    }
}
