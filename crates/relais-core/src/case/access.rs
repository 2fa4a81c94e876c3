//! Need to know: which cases a counsellor may open.
//!
//! A listener, a psychologist or a jurist opens the cases waiting in the
//! queue they answer, those assigned to them and those they worked on
//! (took, wrote in, moved, notified about, or found by the code the child
//! read out to them); a jurist also opens a case whose notice waits for an
//! approval (someone must read the case to approve it); a supervisor opens all. Each helpline may widen or
//! narrow this per role (`[console.access]`); whatever is refused is refused
//! with a 403 that goes to the audit trail.

use serde::{Deserialize, Serialize};

use super::{CaseStatus, Skill};
use crate::id::StaffId;

/// A reason to open a case (`all`, `queue`, `assigned`, `worked_on`, `approval`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Any case.
    All,
    /// Waiting in the queue the counsellor's role answers.
    Queue,
    /// Assigned to the counsellor now.
    Assigned,
    /// Worked on by the counsellor at some point.
    WorkedOn,
    /// A notice on the case waits for an approval.
    Approval,
}

/// Where a case stands, as far as opening it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub status: CaseStatus,
    pub skill: Skill,
    pub assigned_to: Option<StaffId>,
    /// The counsellor asking worked on it.
    pub worked_on: bool,
    /// A notice on it waits for an approval.
    pub awaiting_approval: bool,
}

/// Whether a counsellor who answers `skill`'s queue, with these grants, may open the case.
pub fn may_open(grants: &[Access], me: StaffId, skill: Skill, case: &Standing) -> bool {
    grants.iter().any(|reach| match reach {
        Access::All => true,
        Access::Queue => case.status == CaseStatus::New && case.skill == skill,
        Access::Assigned => case.assigned_to == Some(me),
        Access::WorkedOn => case.worked_on,
        Access::Approval => case.awaiting_approval,
    })
}

/// What each role may open by default: its queue, its cases and the cases it
/// worked on; a jurist, also the cases with a notice to approve; a supervisor, all.
pub const COUNSELLOR: &[Access] = &[Access::Queue, Access::Assigned, Access::WorkedOn];
pub const JURIST: &[Access] = &[Access::Queue, Access::Assigned, Access::WorkedOn, Access::Approval];
pub const SUPERVISOR: &[Access] = &[Access::All];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counsellor_opens_their_queue_their_cases_and_their_work_only() {
        let me = StaffId::from(uuid::Uuid::from_u128(1));
        let colleague = StaffId::from(uuid::Uuid::from_u128(2));
        let waiting = Standing {
            status: CaseStatus::New,
            skill: Skill::Listener,
            assigned_to: None,
            worked_on: false,
            awaiting_approval: false,
        };
        assert!(may_open(COUNSELLOR, me, Skill::Listener, &waiting), "in my queue");
        assert!(!may_open(COUNSELLOR, me, Skill::Jurist, &waiting), "another queue");
        let theirs = Standing { status: CaseStatus::InProgress, assigned_to: Some(colleague), ..waiting };
        assert!(!may_open(COUNSELLOR, me, Skill::Listener, &theirs), "a colleague's case");
        assert!(may_open(COUNSELLOR, me, Skill::Listener, &Standing { assigned_to: Some(me), ..theirs }));
        assert!(may_open(COUNSELLOR, me, Skill::Listener, &Standing { worked_on: true, ..theirs }));
        assert!(may_open(SUPERVISOR, me, Skill::Listener, &theirs));
        let to_approve = Standing { awaiting_approval: true, ..theirs };
        assert!(may_open(JURIST, me, Skill::Jurist, &to_approve), "a notice to approve");
        assert!(!may_open(COUNSELLOR, me, Skill::Listener, &to_approve), "not a listener's to approve");
        assert!(!may_open(&[], me, Skill::Listener, &waiting), "no grant, no case");
    }
}
