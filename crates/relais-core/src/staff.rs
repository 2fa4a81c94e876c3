//! The people who answer: roles and what each may do.
//!
//! Listeners, psychologists and jurists work cases; supervisors also see the
//! line as a whole and the audit trail; admins manage accounts. Permissions
//! are named after what they allow, so a route asks "may this role read the
//! audit log?" rather than comparing roles.

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
}
