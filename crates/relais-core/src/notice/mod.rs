//! Trusted-flagger notices (DSA Art. 16 and 22): what the helpline asks a
//! platform to do about content, on which legal ground, and the vocabulary of
//! the EU transparency database in which the platform will answer.
//!
//! The French offences come from the helpline's jurists' table (FACTS.md);
//! the `STATEMENT_CATEGORY_*`, `KEYWORD_*` and `DECISION_*` codes are those of
//! the transparency database (research/dsa.md), so the yearly report counts
//! notices in the terms the platforms and the Commission use.

mod decision;
mod sla;

pub use decision::{
    ACCOUNT_DECISIONS, APPEAL_WINDOW_DAYS, AUTOMATED_DECISIONS, DECISION_GROUNDS, Decision, DecisionFault,
    VISIBILITY_DECISIONS, appealable,
};
pub use sla::{PlatformSla, Timing, service_levels};

use serde::{Deserialize, Serialize};

use crate::Category;
use crate::id::StaffId;
use crate::staff::{Permission, Role};

/// The French offence a notice cites, and the category in the EU's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalGround {
    /// As a jurist writes it in a notice.
    pub offence: &'static str,
    pub statement_category: &'static str,
    pub keywords: &'static [&'static str],
}

/// The ground a notice about content of this category stands on.
pub fn legal_ground(category: Category) -> LegalGround {
    let g = |offence, statement_category, keywords| LegalGround { offence, statement_category, keywords };
    match category {
        Category::Harassment => g(
            "Harcèlement moral en ligne, aggravé lorsque la victime est mineure (code pénal, art. 222-33-2-2 ; \
             harcèlement scolaire, art. 222-33-2-3)",
            "STATEMENT_CATEGORY_CYBER_VIOLENCE",
            &["KEYWORD_CYBER_HARASSMENT", "KEYWORD_CYBER_BULLYING_INTIMIDATION"],
        ),
        Category::HateSpeech => g(
            "Provocation à la haine, injure et diffamation aggravées (loi du 29 juillet 1881)",
            "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
            &["KEYWORD_HATE_SPEECH"],
        ),
        Category::Ncii => g(
            "Diffusion sans consentement d'images à caractère sexuel (code pénal, art. 226-2-1)",
            "STATEMENT_CATEGORY_CYBER_VIOLENCE",
            &["KEYWORD_NON_CONSENSUAL_IMAGE_SHARING"],
        ),
        Category::Sextortion => g(
            "Sollicitation d'un mineur pour obtenir des images sexuelles, chantage et extorsion \
             (code pénal, art. 227-23-1 ; art. 312-1 et 312-10)",
            "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
            &["KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS"],
        ),
        Category::SexistSexualViolence => g(
            "Harcèlement sexuel et outrage sexiste (code pénal, art. 222-33 ; art. 222-33-1-1)",
            "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
            &["KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN"],
        ),
        Category::Threats => g(
            "Menaces (code pénal, art. 222-17 et 222-18)",
            "STATEMENT_CATEGORY_VIOLENCE",
            &["KEYWORD_CYBER_INCITEMENT"],
        ),
        Category::Impersonation => g(
            "Usurpation d'identité, y compris en ligne (code pénal, art. 226-4-1)",
            "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
            &["KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING"],
        ),
        Category::Doxxing => g(
            "Diffusion d'informations personnelles exposant une personne à un risque (code pénal, art. 223-1-1)",
            "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
            &["KEYWORD_CYBER_STALKING"],
        ),
        Category::SelfHarm => g(
            "Provocation au suicide (code pénal, art. 223-13)",
            "STATEMENT_CATEGORY_SELF_HARM",
            &["KEYWORD_SUICIDE", "KEYWORD_SELF_MUTILATION"],
        ),
        Category::Grooming => g(
            "Propositions sexuelles à un mineur de quinze ans par voie électronique (code pénal, art. 227-22-1)",
            "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
            &["KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS"],
        ),
        Category::Csam => g(
            "Images pédopornographiques (code pénal, art. 227-23)",
            "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
            &["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"],
        ),
        Category::Scam => {
            g("Escroquerie (code pénal, art. 313-1)", "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", &["KEYWORD_PHISHING"])
        }
        Category::Other => {
            g("À préciser par le ou la juriste dans l'explication", "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE", &[])
        }
    }
}

/// What the helpline asks the platform to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionAsked {
    Removal,
    Restriction,
    AccountAction,
    /// Keep the content and its metadata for the police, even once removed.
    PreserveEvidence,
}

impl ActionAsked {
    pub const ALL: [ActionAsked; 4] =
        [ActionAsked::Removal, ActionAsked::Restriction, ActionAsked::AccountAction, ActionAsked::PreserveEvidence];

    pub fn code(self) -> &'static str {
        match self {
            ActionAsked::Removal => "removal",
            ActionAsked::Restriction => "restriction",
            ActionAsked::AccountAction => "account_action",
            ActionAsked::PreserveEvidence => "preserve_evidence",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionAsked> {
        ActionAsked::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Where a notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Written by a counsellor, waiting for a jurist's or supervisor's approval.
    Draft,
    /// Approved: in the outbox until the platform has it.
    Approved,
    /// The platform's endpoint took it (2xx).
    Delivered,
    /// The platform confirmed receipt (Art. 16(4)).
    Acknowledged,
    /// The platform decided (Art. 16(5)).
    Decided,
    /// Every delivery attempt failed: the supervisors take over.
    DeadLettered,
}

impl NoticeStatus {
    pub const ALL: [NoticeStatus; 6] = [
        NoticeStatus::Draft,
        NoticeStatus::Approved,
        NoticeStatus::Delivered,
        NoticeStatus::Acknowledged,
        NoticeStatus::Decided,
        NoticeStatus::DeadLettered,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "draft",
            NoticeStatus::Approved => "approved",
            NoticeStatus::Delivered => "delivered",
            NoticeStatus::Acknowledged => "acknowledged",
            NoticeStatus::Decided => "decided",
            NoticeStatus::DeadLettered => "dead_lettered",
        }
    }

    pub fn from_code(code: &str) -> Option<NoticeStatus> {
        NoticeStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The moves a notice's life allows. A platform's receipt or decision may
    /// come before the delivery was confirmed (the answer to the POST was lost)
    /// or after the outbox gave up: it proves delivery, and moves the notice on.
    pub fn can_become(self, next: NoticeStatus) -> bool {
        use NoticeStatus::*;
        matches!(
            (self, next),
            (Draft, Approved)
                | (Approved, Delivered | DeadLettered | Acknowledged | Decided)
                | (Delivered, Acknowledged | Decided)
                | (DeadLettered, Approved | Acknowledged | Decided)
                | (Acknowledged, Decided)
        )
    }

    /// Where a notice in this status stands after `event`, or `None` if the
    /// event cannot happen to it now. Approval takes a draft and a fresh round
    /// of delivery a dead letter, nothing else. Any other event is refused for
    /// a draft (nothing was sent); it moves the notice where [`can_become`]
    /// allows, and otherwise is recorded with the status left as it is (a
    /// delivery confirmed after the platform already answered).
    ///
    /// [`can_become`]: NoticeStatus::can_become
    pub fn on(self, event: NoticeEvent) -> Option<NoticeStatus> {
        use NoticeStatus::*;
        let next = match event {
            NoticeEvent::Approved | NoticeEvent::SentAgain => Approved,
            NoticeEvent::Delivered => Delivered,
            NoticeEvent::GivenUp => DeadLettered,
            NoticeEvent::Acknowledged => Acknowledged,
            NoticeEvent::Decided => Decided,
        };
        match event {
            NoticeEvent::Approved => (self == Draft).then_some(next),
            NoticeEvent::SentAgain => (self == DeadLettered).then_some(next),
            _ if self == Draft => None,
            _ if self.can_become(next) => Some(next),
            _ => Some(self),
        }
    }
}

/// What happens to a notice after it is drafted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeEvent {
    /// A jurist or a supervisor approved it: into the outbox.
    Approved,
    /// The platform's endpoint took it.
    Delivered,
    /// The outbox made its last attempt, or no attempt can be made.
    GivenUp,
    /// A supervisor put a dead letter back in the outbox.
    SentAgain,
    /// The platform confirmed receipt.
    Acknowledged,
    /// The platform decided.
    Decided,
}

/// Who may send a notice a counsellor drafted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalRule {
    /// A jurist or a supervisor approves (they may approve their own drafts).
    JuristOrSupervisor,
    /// A jurist or a supervisor other than the one who drafted it.
    FourEyes,
}

impl ApprovalRule {
    /// Whether a staff member of `role` may approve a draft written by `author`.
    pub fn allows(self, role: Role, approver: StaffId, author: StaffId) -> bool {
        role.may(Permission::ApproveNotices) && (self == ApprovalRule::JuristOrSupervisor || approver != author)
    }
}

/// The sentence of good faith every notice carries (Art. 16(2)(d)).
pub const GOOD_FAITH: &str = "Le notifiant déclare de bonne foi que les informations et allégations contenues dans \
     cette notification sont exactes et complètes. / The notifier states in good faith that the information and \
     allegations in this notice are accurate and complete.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_a_ground_in_the_eus_terms() {
        for category in Category::ALL {
            let ground = legal_ground(category);
            assert!(ground.statement_category.starts_with("STATEMENT_CATEGORY_"));
            assert!(ground.keywords.iter().all(|k| k.starts_with("KEYWORD_")));
            assert!(!ground.offence.is_empty());
        }
        assert!(legal_ground(Category::Harassment).offence.contains("222-33-2-2"));
        assert!(legal_ground(Category::Csam).offence.contains("227-23"));
    }

    #[test]
    fn a_notice_moves_on_with_what_the_platform_proves() {
        use NoticeEvent as E;
        use NoticeStatus::*;
        assert_eq!(Draft.on(E::Approved), Some(Approved));
        assert_eq!(Approved.on(E::Approved), None, "approved once");
        assert_eq!(Draft.on(E::Decided), None, "a draft was never sent");
        assert_eq!(Approved.on(E::Decided), Some(Decided), "a decision proves delivery");
        assert_eq!(DeadLettered.on(E::Acknowledged), Some(Acknowledged), "even after the outbox gave up");
        assert_eq!(Acknowledged.on(E::Delivered), Some(Acknowledged), "a late delivery is recorded, the status stands");
        assert_eq!(Approved.on(E::GivenUp), Some(DeadLettered));
        assert_eq!(Decided.on(E::GivenUp), Some(Decided));
        assert_eq!(DeadLettered.on(E::SentAgain), Some(Approved));
        assert_eq!(Draft.on(E::SentAgain), None, "a draft is approved, not sent again");
        for s in NoticeStatus::ALL {
            assert!(!s.can_become(Draft), "{s:?}");
            assert!(!Decided.can_become(s), "a decision is final: {s:?}");
            assert_eq!(NoticeStatus::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn four_eyes_means_another_jurist_or_supervisor() {
        let (jo, sam) = (StaffId::from(uuid::Uuid::from_u128(1)), StaffId::from(uuid::Uuid::from_u128(2)));
        let rule = ApprovalRule::JuristOrSupervisor;
        assert!(rule.allows(Role::Jurist, jo, jo), "their own draft");
        assert!(!rule.allows(Role::Listener, jo, sam), "a listener drafts, never approves");
        assert!(!rule.allows(Role::Admin, jo, sam));
        let four_eyes = ApprovalRule::FourEyes;
        assert!(!four_eyes.allows(Role::Jurist, jo, jo));
        assert!(four_eyes.allows(Role::Supervisor, sam, jo));
        assert!(!four_eyes.allows(Role::Psychologist, sam, jo));
    }
}
