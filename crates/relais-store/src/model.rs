//! The rows the store hands out.

use jiff::Timestamp;
use relais_core::case::{CaseStatus, ContactChannel, SchoolLevel, Skill};
use relais_core::handoff::HandoffStatus;
use relais_core::risk::RiskLevel;
use relais_core::staff::Role;

/// Who holds an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKind {
    /// A platform asking for referrals; sees only its own statistics.
    Platform,
    /// The helpline's own scripts; sees all statistics.
    Admin,
}

impl ClientKind {
    pub fn code(self) -> &'static str {
        match self {
            ClientKind::Platform => "platform",
            ClientKind::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<ClientKind> {
        match code {
            "platform" => Some(ClientKind::Platform),
            "admin" => Some(ClientKind::Admin),
            _ => None,
        }
    }
}

/// A registered API client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub key_id: String,
    pub name: String,
    pub kind: ClientKind,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// A client with the hash that authenticates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRecord {
    pub client: Client,
    pub secret_hash: Vec<u8>,
}

/// The dimensions referrals are counted by. Codes are the API's wire codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReferralCountKey {
    pub client_id: String,
    /// UTC date, `YYYY-MM-DD`.
    pub day: String,
    pub country: String,
    pub category: String,
    pub age_band: String,
    /// Empty when the platform did not say.
    pub surface: String,
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralCount {
    pub key: ReferralCountKey,
    pub count: u64,
}

/// A handoff to be stored; `context` is the JSON the store seals.
#[derive(Debug, Clone)]
pub struct NewHandoff {
    pub client_id: String,
    /// The code as shown to the child (`7KQ-M2P-9XD`); only its digest is kept.
    pub code: String,
    pub country: String,
    pub category: String,
    pub age_band: String,
    pub context: Vec<u8>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A stored handoff, without its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    pub id: String,
    pub client_id: String,
    pub platform_name: String,
    pub country: String,
    pub category: String,
    pub age_band: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub attached_at: Option<Timestamp>,
}

impl Handoff {
    pub fn status(&self, now: Timestamp) -> HandoffStatus {
        if self.attached_at.is_some() {
            HandoffStatus::Attached
        } else if now >= self.expires_at {
            HandoffStatus::Expired
        } else {
            HandoffStatus::Pending
        }
    }
}

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// argon2id, PHC string.
    pub password_hash: String,
    pub failed_logins: u32,
    pub locked_until: Option<Timestamp>,
    pub created_at: Timestamp,
    pub disabled_at: Option<Timestamp>,
    /// Signing in also asks for a one-time code from an authenticator app.
    pub has_totp: bool,
}

/// A signed-in staff member's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub staff: Staff,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

/// A case to open.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub channel: ContactChannel,
    pub category: String,
    pub age_band: String,
    pub minor: bool,
    pub risk: RiskLevel,
    pub skill: Skill,
    pub at: Timestamp,
    /// The child's code and secret word; only keyed digests are kept.
    pub reference: Option<(String, String)>,
    pub school_level: Option<SchoolLevel>,
    /// The case file as JSON; sealed at rest.
    pub details: Option<Vec<u8>>,
    /// Opened by a counsellor already talking with the child: in progress, theirs.
    pub assigned_to: Option<String>,
    /// The platform concerned, from a known list (see the server), for the statistics.
    pub platform: Option<String>,
    /// Evidence that comes with the contact (a platform's content items).
    pub evidence: Vec<NewEvidence>,
    /// The platform report the case was opened from, linked to it.
    pub handoff_id: Option<String>,
}

/// Cases opened since an instant, counted by one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCount {
    /// `category`, `age_band`, `school_level`, `platform` or `channel`.
    pub dimension: &'static str,
    pub value: String,
    pub count: u64,
}

impl NewCase {
    /// A case waiting in `skill`'s queue, with nothing more than what orders it;
    /// the other fields are set with struct update syntax.
    pub fn waiting(
        channel: ContactChannel,
        category: &str,
        age_band: &str,
        risk: RiskLevel,
        skill: Skill,
        at: Timestamp,
    ) -> NewCase {
        NewCase {
            channel,
            category: category.to_owned(),
            age_band: age_band.to_owned(),
            // Minors, and those whose age is unknown, come before adults.
            minor: age_band != "18_plus",
            risk,
            skill,
            at,
            reference: None,
            school_level: None,
            details: None,
            assigned_to: None,
            platform: None,
            evidence: Vec::new(),
            handoff_id: None,
        }
    }
}

/// A case as the queue sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedCase {
    pub id: String,
    pub category: String,
    pub age_band: String,
    pub minor: bool,
    pub risk: RiskLevel,
    pub status: CaseStatus,
    pub assigned_to: Option<String>,
    pub queued_at: Timestamp,
    pub outcome: Option<relais_core::case::Outcome>,
}

/// The live queue of one skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueSnapshot {
    pub waiting: u64,
    pub oldest_queued_at: Option<Timestamp>,
    /// Cases being handled now.
    pub in_progress: u64,
}

/// A counsellor's note, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNote {
    pub author_name: String,
    pub text: String,
    pub created_at: Timestamp,
}

/// Evidence to attach to a case, already checked (see `relais_core::evidence`).
#[derive(Debug, Clone, Default)]
pub struct NewEvidence {
    pub url: Option<String>,
    pub platform_content_id: Option<String>,
    pub file: Option<(relais_core::evidence::MediaType, Vec<u8>)>,
    pub captured_at: Option<Timestamp>,
    /// The staff member who attached it; none when it came from a platform.
    pub added_by: Option<String>,
}

/// One item of evidence, opened, without the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: String,
    pub case_id: String,
    pub url: Option<String>,
    pub platform_content_id: Option<String>,
    pub media_type: Option<relais_core::evidence::MediaType>,
    pub size: Option<u64>,
    /// Hex SHA-256 of the file as received.
    pub sha256: Option<String>,
    pub captured_at: Option<Timestamp>,
    pub added_by_name: Option<String>,
    pub added_at: Timestamp,
}

/// Where a platform receives notices, and how they are signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connector {
    pub client_id: String,
    pub endpoint: String,
    /// The HMAC key shared with the platform (opened).
    pub secret: Vec<u8>,
    pub sla_minutes: u32,
    /// Tighter (or looser) targets for some categories, by category code: a
    /// platform may promise 30 minutes on sextortion and the hour elsewhere.
    pub category_minutes: std::collections::BTreeMap<String, u32>,
    pub fallback_contact: Option<String>,
}

impl Connector {
    /// The target for a notice of this category.
    pub fn sla_for(&self, category: &str) -> u32 {
        self.category_minutes.get(category).copied().unwrap_or(self.sla_minutes)
    }

    /// `csam=30,sextortion=30`, as the column keeps it; `None` when there is none.
    pub(crate) fn category_minutes_text(&self) -> Option<String> {
        (!self.category_minutes.is_empty())
            .then(|| self.category_minutes.iter().map(|(c, m)| format!("{c}={m}")).collect::<Vec<_>>().join(","))
    }

    /// Reads the column back; a pair it cannot read is left out (the platform's target then applies).
    pub(crate) fn parse_category_minutes(text: Option<&str>) -> std::collections::BTreeMap<String, u32> {
        text.unwrap_or("")
            .split(',')
            .filter_map(|pair| {
                let (category, minutes) = pair.split_once('=')?;
                Some((category.trim().to_owned(), minutes.trim().parse().ok()?))
            })
            .collect()
    }
}

/// A notice to write, as a draft.
#[derive(Debug, Clone)]
pub struct NewNotice {
    /// Chosen before the body is written, since the body carries it (it is the idempotency key).
    pub id: String,
    pub case_id: String,
    pub client_id: String,
    pub category: String,
    pub statement_category: String,
    pub action_asked: String,
    pub age_band: String,
    /// The JSON the platform receives; sealed with the case's key.
    pub body: Vec<u8>,
    pub sla_minutes: u32,
    pub drafted_by: String,
    pub at: Timestamp,
    /// The notice whose refusal this contests (DSA Art. 20), for an appeal.
    pub appeal_of: Option<String>,
}

/// A notice and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: String,
    pub case_id: String,
    pub client_id: String,
    pub platform_name: String,
    pub category: String,
    pub statement_category: String,
    pub action_asked: String,
    pub age_band: String,
    pub status: relais_core::notice::NoticeStatus,
    pub sla_minutes: u32,
    pub drafted_by: String,
    pub approved_by: Option<String>,
    pub created_at: Timestamp,
    pub approved_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub decided_at: Option<Timestamp>,
    /// The first measure (`DECISION_VISIBILITY_…`) or `NO_ACTION`.
    pub decision: Option<String>,
    /// The platform's statement of reasons, as it sent it.
    pub decision_json: Option<String>,
    /// Delivery attempts so far, and the last error.
    pub attempts: u32,
    pub last_error: Option<String>,
    /// For an appeal, the notice whose refusal it contests.
    pub appeal_of: Option<String>,
}

/// A notice due for delivery, with what is needed to send it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub notice_id: String,
    pub attempts: u32,
    pub body: Vec<u8>,
    pub connector: Connector,
}

/// What a platform's callback did to a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// Recorded now.
    Recorded,
    /// The same thing was recorded before: nothing changed.
    AlreadyRecorded,
    /// No notice of that id for that platform.
    NotFound,
    /// It contradicts what was recorded (another decision): nothing changed.
    Conflict,
    /// The notice is not out yet (a draft).
    NotSent,
}
