//! Cases: what the helpline keeps of a contact, and the order they are answered in.
//!
//! A case's life is a small state machine (new → in progress → waiting for the
//! platform → resolved → closed, and reopened when the child comes back). The
//! queue puts the most at risk first, then minors before adults, then the
//! longest waiting; that order is a pure function here so the store's SQL and
//! the console's display can be checked against it.

pub mod access;
mod file;

pub use file::{CaseFile, Reach};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::AgeBand;
use crate::risk::RiskLevel;

/// How a case ended, as the association counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Listened to, informed, advised: the most common end of a call.
    ListenedAndAdvised,
    /// The platform removed or restricted the content.
    ContentRemoved,
    /// The platform refused, and nothing more could be done.
    PlatformRefused,
    /// Reported to the police (PHAROS) or the prosecutor.
    ReportedToAuthorities,
    /// Passed to another service (school, child protection, health).
    Referred,
    /// The child could not be reached again.
    NoFurtherContact,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::ListenedAndAdvised,
        Outcome::ContentRemoved,
        Outcome::PlatformRefused,
        Outcome::ReportedToAuthorities,
        Outcome::Referred,
        Outcome::NoFurtherContact,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::ListenedAndAdvised => "listened_and_advised",
            Outcome::ContentRemoved => "content_removed",
            Outcome::PlatformRefused => "platform_refused",
            Outcome::ReportedToAuthorities => "reported_to_authorities",
            Outcome::Referred => "referred",
            Outcome::NoFurtherContact => "no_further_contact",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// How the contact reached the helpline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    /// Logged by the counsellor who answered the call.
    Phone,
    /// The public anonymous web form.
    WebForm,
    /// A platform's handoff code.
    Handoff,
    /// The chat page.
    Chat,
    WhatsApp,
    Messenger,
    Instagram,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 7] = [
        ContactChannel::Phone,
        ContactChannel::WebForm,
        ContactChannel::Handoff,
        ContactChannel::Chat,
        ContactChannel::WhatsApp,
        ContactChannel::Messenger,
        ContactChannel::Instagram,
    ];

    /// Whether the child and the counsellor write to each other, live (the
    /// chat page, a messaging app): such a case opens in the chat panes.
    pub fn is_conversation(self) -> bool {
        matches!(
            self,
            ContactChannel::Chat | ContactChannel::WhatsApp | ContactChannel::Messenger | ContactChannel::Instagram
        )
    }

    pub fn code(self) -> &'static str {
        match self {
            ContactChannel::Phone => "phone",
            ContactChannel::WebForm => "web_form",
            ContactChannel::Handoff => "handoff",
            ContactChannel::Chat => "chat",
            ContactChannel::WhatsApp => "whatsapp",
            ContactChannel::Messenger => "messenger",
            ContactChannel::Instagram => "instagram",
        }
    }

    pub fn from_code(code: &str) -> Option<ContactChannel> {
        ContactChannel::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    New,
    InProgress,
    WaitingForPlatform,
    Resolved,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 5] = [
        CaseStatus::New,
        CaseStatus::InProgress,
        CaseStatus::WaitingForPlatform,
        CaseStatus::Resolved,
        CaseStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::New => "new",
            CaseStatus::InProgress => "in_progress",
            CaseStatus::WaitingForPlatform => "waiting_for_platform",
            CaseStatus::Resolved => "resolved",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether a case may move from `self` to `next`. Resolved and closed cases
    /// reopen (the child came back); nothing goes back to `new`.
    pub fn can_become(self, next: CaseStatus) -> bool {
        use CaseStatus::*;
        matches!(
            (self, next),
            (New, InProgress)
                | (InProgress, WaitingForPlatform | Resolved)
                | (WaitingForPlatform, InProgress | Resolved)
                | (Resolved, Closed | InProgress)
                | (Closed, InProgress)
        )
    }

    /// Where a case in this status stands after `change`, or `None` if the
    /// change is not allowed from here. A counsellor takes a waiting case; a
    /// transfer puts a waiting or open case back in a queue (another skill's),
    /// waiting again, since nobody there holds it yet; every other move is one
    /// [`can_become`](CaseStatus::can_become) allows.
    pub fn after(self, change: CaseChange) -> Option<CaseStatus> {
        use CaseStatus::*;
        match change {
            CaseChange::Take => (self == New).then_some(InProgress),
            CaseChange::Transfer => matches!(self, New | InProgress).then_some(New),
            CaseChange::Move(next) => self.can_become(next).then_some(next),
            // A finished case goes back in the queue; one in hand stays with its counsellor.
            CaseChange::ChildReturns => Some(match self {
                Resolved | Closed => New,
                other => other,
            }),
            // Nobody is left to answer in the queue; a counsellor who holds the case closes it themselves.
            CaseChange::ChildLeaves => Some(match self {
                New => Resolved,
                other => other,
            }),
        }
    }
}

/// Something done to a case that changes where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseChange {
    /// A counsellor takes it from the queue.
    Take,
    /// Sent to another skill's queue (a psychologist, a jurist).
    Transfer,
    /// Moved along its life by a counsellor.
    Move(CaseStatus),
    /// The child writes again, with their code and secret word.
    ChildReturns,
    /// The child leaves a chat (the "leave" button) before anyone answered.
    ChildLeaves,
}

/// Which counsellors a queued case waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    Listener,
    Psychologist,
    Jurist,
}

impl Skill {
    pub fn code(self) -> &'static str {
        match self {
            Skill::Listener => "listener",
            Skill::Psychologist => "psychologist",
            Skill::Jurist => "jurist",
        }
    }

    pub fn from_code(code: &str) -> Option<Skill> {
        [Skill::Listener, Skill::Psychologist, Skill::Jurist].into_iter().find(|s| s.code() == code)
    }
}

impl RiskLevel {
    /// As stored: higher is more urgent.
    pub fn rank(self) -> i64 {
        match self {
            RiskLevel::None => 0,
            RiskLevel::Low => 1,
            RiskLevel::High => 2,
            RiskLevel::ImmediateDanger => 3,
        }
    }

    pub fn from_rank(rank: i64) -> Option<RiskLevel> {
        [RiskLevel::None, RiskLevel::Low, RiskLevel::High, RiskLevel::ImmediateDanger]
            .into_iter()
            .find(|r| r.rank() == rank)
    }
}

/// School level, for the statistics the association reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolLevel {
    Primaire,
    College,
    Lycee,
    Other,
}

impl SchoolLevel {
    pub const ALL: [SchoolLevel; 4] =
        [SchoolLevel::Primaire, SchoolLevel::College, SchoolLevel::Lycee, SchoolLevel::Other];

    pub fn code(self) -> &'static str {
        match self {
            SchoolLevel::Primaire => "primaire",
            SchoolLevel::College => "college",
            SchoolLevel::Lycee => "lycee",
            SchoolLevel::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<SchoolLevel> {
        SchoolLevel::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// What the association counts cases by, on the dashboard and in its reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseDimension {
    Category,
    AgeBand,
    SchoolLevel,
    /// The platform concerned, from a fixed list (see [`platform_name`]).
    Platform,
    Channel,
    Outcome,
}

impl CaseDimension {
    pub const ALL: [CaseDimension; 6] = [
        CaseDimension::Category,
        CaseDimension::AgeBand,
        CaseDimension::SchoolLevel,
        CaseDimension::Platform,
        CaseDimension::Channel,
        CaseDimension::Outcome,
    ];

    /// The dimension's name, which is also its column in the store.
    pub fn code(self) -> &'static str {
        match self {
            CaseDimension::Category => "category",
            CaseDimension::AgeBand => "age_band",
            CaseDimension::SchoolLevel => "school_level",
            CaseDimension::Platform => "platform",
            CaseDimension::Channel => "channel",
            CaseDimension::Outcome => "outcome",
        }
    }
}

/// What a child keeps to come back to the same case without an account:
/// a code (`K7M2-Q9XD`, 40 bits) and a secret word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReference {
    pub code: String,
    pub word: &'static str,
}

/// Easy words a child can remember and spell, in French.
const WORDS: [&str; 32] = [
    "girafe", "pomme", "nuage", "soleil", "tigre", "banane", "fusee", "castor", "cerise", "dauphin", "etoile",
    "fraise", "hibou", "koala", "lune", "mangue", "orage", "panda", "pirate", "renard", "sirene", "tortue", "volcan",
    "zebre", "ananas", "baleine", "comete", "dragon", "flocon", "griotte", "lapin", "olive",
];

impl CaseReference {
    /// From nine random bytes: eight for the code, one for the word.
    pub fn from_random(bytes: [u8; 9]) -> CaseReference {
        CaseReference { code: crate::code::format(&bytes[..8], 4), word: WORDS[(bytes[8] & 31) as usize] }
    }

    /// Reads a code as typed: any case, with or without the dash, I/L as 1 and O as 0.
    pub fn parse_code(input: &str) -> Option<String> {
        crate::code::read(input, 8, 4)
    }
}

/// Platforms named in the statistics; anything else counts as "autre", so
/// that no free text a child typed is kept in clear.
const PLATFORMS: &[&str] = &[
    "tiktok",
    "instagram",
    "snapchat",
    "youtube",
    "facebook",
    "messenger",
    "whatsapp",
    "discord",
    "x",
    "twitch",
    "roblox",
    "fortnite",
    "telegram",
    "piaf",
];

/// The platform's name for the statistics: one of a fixed list, `autre`, or `non précisé`.
pub fn platform_name(typed: &str) -> String {
    let lower = typed.trim().to_lowercase();
    match PLATFORMS.iter().find(|p| **p == lower) {
        Some(p) => (*p).to_owned(),
        None if lower.is_empty() => "non précisé".to_owned(),
        None => "autre".to_owned(),
    }
}

/// What decides a waiting case's place in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuePlace {
    pub risk: RiskLevel,
    /// Minors (and those of unknown age) before adults.
    pub minor: bool,
    pub queued_at: Timestamp,
}

impl QueuePlace {
    /// Whether a case of this age band counts as a minor's in the queue:
    /// minors first, and a child who declared no age is not put behind adults.
    pub fn minor(age_band: AgeBand) -> bool {
        age_band.is_minor() != Some(false)
    }

    /// Sorts ascending into answering order: risk, then minors, then the longest waiting.
    pub fn order_key(&self) -> (std::cmp::Reverse<i64>, std::cmp::Reverse<bool>, Timestamp) {
        (std::cmp::Reverse(self.risk.rank()), std::cmp::Reverse(self.minor), self.queued_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_moves_forward_and_can_reopen_but_never_back_to_new() {
        use CaseStatus::*;
        assert!(New.can_become(InProgress));
        assert!(InProgress.can_become(WaitingForPlatform));
        assert!(WaitingForPlatform.can_become(Resolved));
        assert!(Resolved.can_become(Closed));
        assert!(Closed.can_become(InProgress), "reopened");
        for s in CaseStatus::ALL {
            assert!(!s.can_become(New));
            assert!(!s.can_become(s), "{s:?} to itself is not a move");
            assert_eq!(CaseStatus::from_code(s.code()), Some(s));
        }
        assert!(!New.can_become(Closed), "a case is worked before it is closed");
    }

    #[test]
    fn taking_and_transferring_go_through_the_same_rules_as_a_move() {
        use CaseChange::*;
        use CaseStatus::*;
        assert_eq!(New.after(Take), Some(InProgress));
        assert_eq!(InProgress.after(Take), None, "taken once");
        assert_eq!(Closed.after(ChildReturns), Some(New), "a child who writes again is answered again");
        assert_eq!(Resolved.after(ChildReturns), Some(New));
        assert_eq!(InProgress.after(ChildReturns), Some(InProgress), "their counsellor has it in hand");
        assert_eq!(New.after(ChildReturns), Some(New));
        assert_eq!(New.after(ChildLeaves), Some(Resolved), "a child who left is no longer waited for");
        assert_eq!(InProgress.after(ChildLeaves), Some(InProgress), "their counsellor closes it");
        assert_eq!(Closed.after(ChildLeaves), Some(Closed));
        assert_eq!(New.after(Transfer), Some(New), "to another queue, still waiting");
        assert_eq!(InProgress.after(Transfer), Some(New));
        for s in [WaitingForPlatform, Resolved, Closed] {
            assert_eq!(s.after(Transfer), None, "{s:?} is not transferred");
        }
        for from in CaseStatus::ALL {
            for to in CaseStatus::ALL {
                assert_eq!(from.after(Move(to)).is_some(), from.can_become(to));
            }
        }
    }

    #[test]
    fn minors_and_the_undeclared_come_before_adults() {
        assert!(QueuePlace::minor(AgeBand::Under13) && QueuePlace::minor(AgeBand::Age13To17));
        assert!(QueuePlace::minor(AgeBand::Unknown), "a child who declared no age is not put behind adults");
        assert!(!QueuePlace::minor(AgeBand::Adult));
        for c in ContactChannel::ALL {
            assert_eq!(ContactChannel::from_code(c.code()), Some(c));
        }
        for l in SchoolLevel::ALL {
            assert_eq!(SchoolLevel::from_code(l.code()), Some(l));
        }
    }

    #[test]
    fn platforms_are_named_from_a_list_never_as_typed() {
        assert_eq!(platform_name(" TikTok "), "tiktok");
        assert_eq!(platform_name("my friend's secret group 06 12 34 56 78"), "autre");
        assert_eq!(platform_name(""), "non précisé");
    }

    #[test]
    fn references_parse_back_as_typed() {
        let r = CaseReference::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(r.code.len(), 9);
        assert_eq!(CaseReference::parse_code(&r.code.to_lowercase().replace('-', "")), Some(r.code.clone()));
        assert!(WORDS.contains(&r.word));
        assert_eq!(CaseReference::parse_code("<b>"), None);
        assert_eq!(CaseReference::parse_code("1234-5678-9"), None);
    }

    #[test]
    fn the_queue_order_is_risk_then_minors_then_waiting_time() {
        let t = |s| Timestamp::from_second(s).unwrap();
        let mut places = [
            QueuePlace { risk: RiskLevel::None, minor: true, queued_at: t(1) },
            QueuePlace { risk: RiskLevel::High, minor: false, queued_at: t(5) },
            QueuePlace { risk: RiskLevel::High, minor: true, queued_at: t(9) },
            QueuePlace { risk: RiskLevel::None, minor: false, queued_at: t(0) },
            QueuePlace { risk: RiskLevel::ImmediateDanger, minor: false, queued_at: t(99) },
            QueuePlace { risk: RiskLevel::High, minor: true, queued_at: t(3) },
        ];
        places.sort_by_key(QueuePlace::order_key);
        let order: Vec<i64> = places.iter().map(|p| p.queued_at.as_second()).collect();
        assert_eq!(order, [99, 3, 9, 5, 1, 0]);
    }
}
