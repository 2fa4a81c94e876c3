//! Trusted-flagger notices (DSA Art. 16 and 22): what the helpline asks a
//! platform to do about content, on which legal ground, and the vocabulary of
//! the EU transparency database in which the platform will answer.
//!
//! The French offences come from the helpline's jurists' table (FACTS.md);
//! the `STATEMENT_CATEGORY_*`, `KEYWORD_*` and `DECISION_*` codes are those of
//! the transparency database (research/dsa.md), so the yearly report counts
//! notices in the terms the platforms and the Commission use.

use serde::{Deserialize, Serialize};

use crate::Category;

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
}

/// The measures a platform may report, in the transparency database's terms.
pub const VISIBILITY_DECISIONS: [&str; 7] = [
    "DECISION_VISIBILITY_CONTENT_REMOVED",
    "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_LABELLED",
    "DECISION_VISIBILITY_OTHER",
];
pub const ACCOUNT_DECISIONS: [&str; 2] = ["DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"];
pub const DECISION_GROUNDS: [&str; 2] = ["DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"];
pub const AUTOMATED_DECISIONS: [&str; 3] =
    ["AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED"];

/// What the platform decided about a notice: measures in the transparency
/// database's terms, or none with its reasons, and the statement-of-reasons
/// fields of DSA Art. 17(3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `DECISION_VISIBILITY_*` measures taken; empty with no account measure means no action.
    #[serde(default)]
    pub decision_visibility: Vec<String>,
    /// `DECISION_ACCOUNT_*`, if the account was acted on.
    #[serde(default)]
    pub decision_account: Option<String>,
    /// `DECISION_GROUND_*`, required when a measure was taken.
    #[serde(default)]
    pub decision_ground: Option<String>,
    /// Art. 17(3)(b): the facts and circumstances relied on.
    pub decision_facts: String,
    /// Art. 17(3)(d)/(e): the legal or contractual ground and why.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Art. 17(3)(c).
    pub automated_decision: String,
    /// Art. 17(3)(a): territorial scope (ISO 3166-1 alpha-2 codes), if limited.
    #[serde(default)]
    pub territorial_scope: Vec<String>,
    /// The statement's id in the EU transparency database, if the platform filed one.
    #[serde(default)]
    pub transparency_db_id: Option<String>,
}

/// One field at fault in a platform's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFault {
    pub field: &'static str,
    pub reason: String,
}

impl Decision {
    /// True when the platform took no measure (the notifier may appeal, Art. 20).
    pub fn no_action(&self) -> bool {
        self.decision_visibility.is_empty() && self.decision_account.is_none()
    }

    /// A short code for the statistics: the first measure, or `NO_ACTION`.
    pub fn summary(&self) -> &str {
        self.decision_visibility.first().map(String::as_str).or(self.decision_account.as_deref()).unwrap_or("NO_ACTION")
    }

    pub fn validate(&self) -> Result<(), DecisionFault> {
        let fault = |field, reason: &str| Err(DecisionFault { field, reason: reason.to_owned() });
        if let Some(v) = self.decision_visibility.iter().find(|v| !VISIBILITY_DECISIONS.contains(&v.as_str())) {
            return fault("decision_visibility", &format!("{v:?} is not a DECISION_VISIBILITY_* value"));
        }
        if self.decision_account.as_deref().is_some_and(|a| !ACCOUNT_DECISIONS.contains(&a)) {
            return fault("decision_account", "not a DECISION_ACCOUNT_* value");
        }
        match self.decision_ground.as_deref() {
            Some(g) if !DECISION_GROUNDS.contains(&g) => {
                return fault("decision_ground", "not a DECISION_GROUND_* value");
            }
            None if !self.no_action() => return fault("decision_ground", "required when a measure was taken"),
            _ => {}
        }
        if self.decision_facts.trim().is_empty() || self.decision_facts.chars().count() > 5000 {
            return fault("decision_facts", "1 to 5,000 characters");
        }
        if self.explanation.as_deref().is_some_and(|e| e.chars().count() > 2000) {
            return fault("explanation", "at most 2,000 characters");
        }
        if self.no_action() && self.explanation.as_deref().is_none_or(|e| e.trim().is_empty()) {
            return fault("explanation", "say why no action was taken");
        }
        if !AUTOMATED_DECISIONS.contains(&self.automated_decision.as_str()) {
            return fault("automated_decision", "one of AUTOMATED_DECISION_FULLY, _PARTIALLY, _NOT_AUTOMATED");
        }
        if self.territorial_scope.len() > 40
            || self.territorial_scope.iter().any(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return fault("territorial_scope", "ISO 3166-1 alpha-2 codes");
        }
        if self.transparency_db_id.as_deref().is_some_and(|id| {
            id.is_empty() || id.len() > 100 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }) {
            return fault("transparency_db_id", "the statement's id (letters, digits, dashes)");
        }
        Ok(())
    }
}

/// DSA Art. 20: a notifier may complain about a decision for at least six months after it.
pub const APPEAL_WINDOW_DAYS: i64 = 183;

/// A decision the helpline may contest: no action taken, within the window.
pub fn appealable(decision: Option<&str>, decided_at: Option<jiff::Timestamp>, now: jiff::Timestamp) -> bool {
    decision == Some("NO_ACTION")
        && decided_at.is_some_and(|at| now - at <= jiff::SignedDuration::from_hours(24 * APPEAL_WINDOW_DAYS))
}

/// The sentence of good faith every notice carries (Art. 16(2)(d)).
pub const GOOD_FAITH: &str = "Le notifiant déclare de bonne foi que les informations et allégations contenues dans \
     cette notification sont exactes et complètes. / The notifier states in good faith that the information and \
     allegations in this notice are accurate and complete.";

#[cfg(test)]
mod tests {
    use super::*;

    fn removal() -> Decision {
        Decision {
            decision_visibility: vec!["DECISION_VISIBILITY_CONTENT_REMOVED".into()],
            decision_account: None,
            decision_ground: Some("DECISION_GROUND_ILLEGAL_CONTENT".into()),
            decision_facts: "Notice from a trusted flagger; the post harasses a minor.".into(),
            explanation: None,
            automated_decision: "AUTOMATED_DECISION_NOT_AUTOMATED".into(),
            territorial_scope: vec![],
            transparency_db_id: None,
        }
    }

    #[test]
    fn only_a_recent_refusal_can_be_contested() {
        let decided: jiff::Timestamp = "2026-01-10T10:00:00Z".parse().unwrap();
        let later = |days: i64| decided + jiff::SignedDuration::from_hours(24 * days);
        assert!(appealable(Some("NO_ACTION"), Some(decided), later(30)));
        assert!(appealable(Some("NO_ACTION"), Some(decided), later(183)));
        assert!(!appealable(Some("NO_ACTION"), Some(decided), later(184)), "six months have passed");
        assert!(!appealable(Some("DECISION_VISIBILITY_CONTENT_REMOVED"), Some(decided), later(1)));
        assert!(!appealable(None, None, later(1)), "not decided yet");
    }

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
    fn a_decision_speaks_the_transparency_databases_language() {
        assert_eq!(removal().validate(), Ok(()));
        assert_eq!(removal().summary(), "DECISION_VISIBILITY_CONTENT_REMOVED");
        let made_up = Decision { decision_visibility: vec!["DELETED".into()], ..removal() };
        assert_eq!(made_up.validate().map_err(|f| f.field), Err("decision_visibility"));
        let no_ground = Decision { decision_ground: None, ..removal() };
        assert_eq!(no_ground.validate().map_err(|f| f.field), Err("decision_ground"));
        let silent_refusal =
            Decision { decision_visibility: vec![], decision_ground: None, explanation: None, ..removal() };
        assert_eq!(silent_refusal.validate().map_err(|f| f.field), Err("explanation"));
        let refusal = Decision { explanation: Some("Satire, not harassment.".into()), ..silent_refusal };
        assert_eq!((refusal.validate(), refusal.no_action(), refusal.summary()), (Ok(()), true, "NO_ACTION"));
        let scope = Decision { territorial_scope: vec!["france".into()], ..removal() };
        assert_eq!(scope.validate().map_err(|f| f.field), Err("territorial_scope"));
    }
}

/// When one approved notice was answered, for the service-level figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    pub notice_id: String,
    pub case_id: String,
    pub platform: String,
    pub approved_at: jiff::Timestamp,
    pub acknowledged_at: Option<jiff::Timestamp>,
    pub decided_at: Option<jiff::Timestamp>,
    pub sla_minutes: u32,
}

impl Timing {
    fn seconds_to(&self, at: Option<jiff::Timestamp>) -> Option<i64> {
        at.map(|at| (at - self.approved_at).as_secs().max(0))
    }

    /// Undecided, and its target has passed.
    pub fn past_target(&self, now: jiff::Timestamp) -> bool {
        self.decided_at.is_none() && (now - self.approved_at).as_secs() >= i64::from(self.sla_minutes) * 60
    }
}

/// One platform's figures: how fast it confirms and decides the helpline's notices.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformSla {
    pub platform: String,
    pub notices: u64,
    pub decided: u64,
    pub median_acknowledgement_seconds: Option<i64>,
    pub median_decision_seconds: Option<i64>,
    pub p90_decision_seconds: Option<i64>,
    /// Of the notices whose hour is known (decided, or approved over an hour ago),
    /// the share decided within one hour; none while no hour is known.
    pub decided_within_hour: Option<f64>,
    /// Undecided past their target now.
    pub past_target: u64,
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The figures per platform, sorted by platform name.
pub fn service_levels(timings: &[Timing], now: jiff::Timestamp) -> Vec<PlatformSla> {
    let mut platforms: Vec<&str> = timings.iter().map(|t| t.platform.as_str()).collect();
    platforms.sort_unstable();
    platforms.dedup();
    platforms
        .into_iter()
        .map(|platform| {
            let mine: Vec<&Timing> = timings.iter().filter(|t| t.platform == platform).collect();
            let sorted = |f: &dyn Fn(&Timing) -> Option<i64>| {
                let mut v: Vec<i64> = mine.iter().filter_map(|t| f(t)).collect();
                v.sort_unstable();
                v
            };
            let acks = sorted(&|t| t.seconds_to(t.acknowledged_at));
            let decisions = sorted(&|t| t.seconds_to(t.decided_at));
            let known = mine.iter().filter(|t| t.decided_at.is_some() || (now - t.approved_at).as_secs() >= 3600);
            let known = known.count();
            let fast = decisions.iter().filter(|s| **s <= 3600).count();
            PlatformSla {
                platform: platform.to_owned(),
                notices: mine.len() as u64,
                decided: decisions.len() as u64,
                median_acknowledgement_seconds: percentile(&acks, 0.5),
                median_decision_seconds: percentile(&decisions, 0.5),
                p90_decision_seconds: percentile(&decisions, 0.9),
                decided_within_hour: (known > 0).then(|| fast as f64 / known as f64),
                past_target: mine.iter().filter(|t| t.past_target(now)).count() as u64,
            }
        })
        .collect()
}

#[cfg(test)]
mod sla_tests {
    use super::*;

    #[test]
    fn figures_per_platform() {
        let t0: jiff::Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let at = |mins: i64| Some(t0 + jiff::SignedDuration::from_mins(mins));
        let timing = |platform: &str, ack: Option<jiff::Timestamp>, decided: Option<jiff::Timestamp>| Timing {
            notice_id: String::new(),
            case_id: String::new(),
            platform: platform.into(),
            approved_at: t0,
            acknowledged_at: ack,
            decided_at: decided,
            sla_minutes: 60,
        };
        let timings = vec![
            timing("Piaf", at(2), at(10)),
            timing("Piaf", at(4), at(30)),
            timing("Piaf", at(6), at(50)),
            timing("Piaf", at(8), at(90)),
            timing("Piaf", None, None),
            timing("Zoo", at(1), None),
        ];
        let now = t0 + jiff::SignedDuration::from_mins(120);
        let figures = service_levels(&timings, now);
        assert_eq!(figures.len(), 2);
        let piaf = &figures[0];
        assert_eq!((piaf.notices, piaf.decided, piaf.past_target), (5, 4, 1));
        assert_eq!(piaf.median_acknowledgement_seconds, Some(4 * 60));
        assert_eq!(piaf.median_decision_seconds, Some(30 * 60));
        assert_eq!(piaf.p90_decision_seconds, Some(90 * 60));
        assert_eq!(piaf.decided_within_hour, Some(3.0 / 5.0), "the undecided one past its hour counts against");
        let zoo = &figures[1];
        assert_eq!((zoo.median_decision_seconds, zoo.decided_within_hour, zoo.past_target), (None, Some(0.0), 1));
        let early = service_levels(&[timing("Zoo", None, None)], t0 + jiff::SignedDuration::from_mins(5));
        assert_eq!((early[0].decided_within_hour, early[0].past_target), (None, 0));
    }
}
