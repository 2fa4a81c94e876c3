//! What a platform receives: the elements of DSA Art. 16(2), the notifier as
//! a trusted flagger (Art. 22), the category in the transparency database's
//! terms, the child's age band and the action asked. Content is pointed at,
//! never copied: for child sexual abuse material above all, only its location
//! travels.

use jiff::Timestamp;
use relais_core::id::NoticeId;
use relais_core::notice::{ActionAsked, GOOD_FAITH, legal_ground};
use relais_core::{AgeBand, Category};
use serde::{Deserialize, Serialize};

/// One item's exact electronic location (Art. 16(2)(b)).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Item {
    pub url: Option<String>,
    pub platform_content_id: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Notifier {
    pub name: String,
    pub email: Option<String>,
    pub trusted_flagger: bool,
    pub legal_basis: &'static str,
}

impl Notifier {
    /// The helpline as a trusted flagger, from the settings and the directory.
    pub fn of(settings: &crate::Settings, directory: &relais_core::Directory) -> Notifier {
        Notifier {
            name: super::notifier_name(settings, directory),
            email: settings.notices.notifier_email.clone(),
            trusted_flagger: true,
            legal_basis: TRUSTED_FLAGGER_BASIS,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Callbacks {
    pub acknowledgement: String,
    pub decision: String,
}

/// The notice as sent. Its `id` is also its idempotency key: the same notice
/// delivered twice carries the same id.
#[derive(Debug, Serialize)]
pub struct NoticeBody {
    pub id: NoticeId,
    pub idempotency_key: NoticeId,
    /// `notice`, or `appeal` for a complaint against a refusal (DSA Art. 20).
    pub kind: &'static str,
    /// For an appeal: the notice whose decision it contests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appeal_of: Option<NoticeId>,
    pub notifier: Notifier,
    pub items: Vec<Item>,
    /// Art. 16(2)(a): why the helpline holds the content illegal.
    pub explanation: String,
    pub legal_ground: &'static str,
    pub category: &'static str,
    pub statement_category: &'static str,
    pub keywords: &'static [&'static str],
    /// `under_13`, `13_17`, `18_plus` or `unknown`: a child's notice is handled as such.
    pub age_band: AgeBand,
    pub actions_requested: Vec<ActionAsked>,
    /// Art. 16(2)(d).
    pub good_faith_statement: &'static str,
    pub sla_minutes: u32,
    pub created_at: Timestamp,
    pub callbacks: Callbacks,
}

/// Everything a notice is made of, before it is a body.
#[derive(Debug)]
pub struct Draft<'a> {
    pub id: NoticeId,
    pub notifier: Notifier,
    pub items: Vec<Item>,
    pub explanation: &'a str,
    pub category: Category,
    pub age_band: AgeBand,
    pub actions: Vec<ActionAsked>,
    pub sla_minutes: u32,
    pub created_at: Timestamp,
    pub public_url: &'a str,
    pub appeal_of: Option<NoticeId>,
}

/// What is read back of a body that was sent: its items, for an appeal that contests the same content.
#[derive(Debug, Deserialize)]
pub struct Sent {
    pub items: Vec<Item>,
}

pub fn build(d: Draft<'_>) -> NoticeBody {
    let ground = legal_ground(d.category);
    let base = d.public_url.trim_end_matches('/');
    NoticeBody {
        id: d.id,
        idempotency_key: d.id,
        kind: if d.appeal_of.is_some() { "appeal" } else { "notice" },
        appeal_of: d.appeal_of,
        notifier: d.notifier,
        items: d.items,
        explanation: d.explanation.to_owned(),
        legal_ground: ground.offence,
        category: d.category.code(),
        statement_category: ground.statement_category,
        keywords: ground.keywords,
        age_band: d.age_band,
        actions_requested: d.actions,
        good_faith_statement: GOOD_FAITH,
        sla_minutes: d.sla_minutes,
        created_at: d.created_at,
        callbacks: Callbacks {
            acknowledgement: format!("{base}/v1/notices/{}/acknowledgement", d.id),
            decision: format!("{base}/v1/notices/{}/decision", d.id),
        },
    }
}

/// DSA Art. 22: the legal basis of the notifier's priority.
pub const TRUSTED_FLAGGER_BASIS: &str = "Regulation (EU) 2022/2065, Article 22";
