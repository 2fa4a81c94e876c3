//! The people who answer: roles and what each may do.
//!
//! Listeners, psychologists and jurists work cases; supervisors also see the
//! line as a whole and the audit trail; admins manage accounts. Permissions
//! are named after what they allow, so a route asks "may this role read the
//! audit log?" rather than comparing roles.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

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

    /// The role's name, in French first.
    pub fn label(self, locale: crate::Locale) -> &'static str {
        match (locale, self) {
            (crate::Locale::Fr, Role::Listener) => "écoutant·e",
            (crate::Locale::Fr, Role::Psychologist) => "psychologue",
            (crate::Locale::Fr, Role::Jurist) => "juriste",
            (crate::Locale::Fr, Role::Supervisor) => "superviseur·e",
            (crate::Locale::Fr, Role::Admin) => "administrateur·rice",
            (crate::Locale::En, Role::Listener) => "listener",
            (crate::Locale::En, Role::Psychologist) => "psychologist",
            (crate::Locale::En, Role::Jurist) => "jurist",
            (crate::Locale::En, Role::Supervisor) => "supervisor",
            (crate::Locale::En, Role::Admin) => "administrator",
        }
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

/// Repeated failed sign-ins lock an account for a while, so that a password
/// cannot be guessed at the speed of a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failures in a row that lock the account.
    pub max_failures: u32,
    pub duration: SignedDuration,
}

impl Lockout {
    /// An account locked until `locked_until` is still locked at `now`.
    pub fn is_locked(locked_until: Option<Timestamp>, now: Timestamp) -> bool {
        locked_until.is_some_and(|until| until > now)
    }

    /// After the `failures`-th failure in a row at `now`: the instant the
    /// account stays locked until, if this failure locks it.
    pub fn lock_after(&self, failures: u32, now: Timestamp) -> Option<Timestamp> {
        (failures >= self.max_failures).then(|| now + self.duration)
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
    fn the_fifth_failure_locks_the_account_for_a_while() {
        let lockout = Lockout { max_failures: 5, duration: SignedDuration::from_mins(15) };
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        assert_eq!(lockout.lock_after(4, now), None);
        let until = lockout.lock_after(5, now).unwrap();
        assert_eq!(until, now + SignedDuration::from_mins(15));
        assert!(Lockout::is_locked(Some(until), now));
        assert!(!Lockout::is_locked(Some(until), until), "unlocked when the time is up");
        assert!(!Lockout::is_locked(None, now));
    }
}
