//! A platform's answer to a notice: the measures it took, in the EU
//! transparency database's vocabulary, or none with its reasons, with the
//! statement-of-reasons fields of DSA Art. 17(3); and the helpline's right to
//! contest a refusal (Art. 20).

use serde::{Deserialize, Serialize};

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
#[cfg_attr(feature = "openapi", schema(as = NoticeDecision, example = json!({
    "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
    "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
    "decision_facts": "Notice from a trusted flagger; the post was found to harass a minor.",
    "explanation": "Removed under our rules on harassment and Art. 222-33-2-2 of the French penal code.",
    "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
    "territorial_scope": []
})))]
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
