//! The case file: what a case holds beyond what orders it in the queue —
//! what the child said, what a platform handed over, how to reach the child
//! again, why the risk was scored as it was. It is sealed at rest with the
//! case's own key, as this JSON, written and read here only.

use serde::{Deserialize, Serialize};

use crate::handoff::HandoffContext;
use crate::risk::Rule;

/// How the child asked to be reached again (the web form's question).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Call me back: the only case in which a phone number is kept.
    Callback,
    /// I will come back with my code and my word.
    ComeBack,
    /// Do not contact me.
    None,
}

impl Reach {
    pub fn code(self) -> &'static str {
        match self {
            Reach::Callback => "callback",
            Reach::ComeBack => "come_back",
            Reach::None => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<Reach> {
        [Reach::Callback, Reach::ComeBack, Reach::None].into_iter().find(|r| r.code() == code)
    }
}

/// What a case holds, opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct CaseFile {
    /// What the child wrote, or the counsellor's summary of a call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The platform that handed the report over, by its registered name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handed_over_by: Option<String>,
    /// The report as the platform passed it on, with the child's consent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handoff: Option<HandoffContext>,
    /// The app the child named on the web form, as typed (the statistics keep
    /// only its name from a fixed list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub named_platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach: Option<Reach>,
    /// Kept only when the child asked to be called back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The child ticked "I am in danger now".
    #[serde(default)]
    pub declared_danger: bool,
    /// The rules that scored the risk, kept by code and explained in the reader's language.
    #[serde(default, with = "rule_codes")]
    pub risk_rules: Vec<Rule>,
}

impl CaseFile {
    /// The file as it is sealed.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings, booleans and lists only: serialising cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn from_json(bytes: &[u8]) -> Result<CaseFile, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// A file as written by any version: the first ones kept one `platform` key
/// for the platform that handed a report over and, on the web form, for the
/// app the child named.
#[derive(Deserialize)]
struct Stored {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    handed_over_by: Option<String>,
    #[serde(default)]
    handoff: Option<HandoffContext>,
    #[serde(default)]
    named_platform: Option<String>,
    #[serde(default)]
    platform: Option<String>,
    #[serde(default)]
    reach: Option<Reach>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    declared_danger: bool,
    #[serde(default, with = "rule_codes")]
    risk_rules: Vec<Rule>,
}

impl From<Stored> for CaseFile {
    fn from(s: Stored) -> CaseFile {
        let nonempty = |t: Option<String>| t.filter(|t| !t.trim().is_empty());
        let (handed_over_by, named_platform) = match (s.handoff.is_some(), s.platform) {
            (true, platform) => (s.handed_over_by.or(platform), s.named_platform),
            (false, platform) => (s.handed_over_by, s.named_platform.or(platform)),
        };
        CaseFile {
            description: nonempty(s.description),
            handed_over_by: nonempty(handed_over_by),
            handoff: s.handoff,
            named_platform: nonempty(named_platform),
            reach: s.reach,
            phone: nonempty(s.phone),
            declared_danger: s.declared_danger,
            risk_rules: s.risk_rules,
        }
    }
}

/// Rules by code; a code this version does not know (written by a newer one) is left out.
mod rule_codes {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::risk::Rule;

    pub fn serialize<S: Serializer>(rules: &[Rule], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(rules.iter().map(|r| r.code()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Rule>, D::Error> {
        let codes = Vec::<String>::deserialize(d)?;
        Ok(codes.iter().filter_map(|c| Rule::from_code(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_back_as_written() {
        let file = CaseFile {
            description: Some("Ils publient des montages de moi.".into()),
            handed_over_by: Some("Piaf".into()),
            handoff: Some(HandoffContext {
                content: vec![],
                reported_accounts: vec![],
                description: Some("Ils publient des montages de moi.".into()),
                reporter_ref: None,
            }),
            risk_rules: vec![Rule::Under13, Rule::DeathThreat],
            ..CaseFile::default()
        };
        assert_eq!(CaseFile::from_json(&file.to_json()).unwrap(), file);
    }

    #[test]
    fn files_of_the_first_versions_are_read_with_their_meaning() {
        let handed = br#"{"platform":"Piaf","handoff":{"content":[],"reported_accounts":[],"description":null,
            "reporter_ref":null},"description":"x","risk_rules":["under_13","rule_of_a_newer_version"]}"#;
        let file = CaseFile::from_json(handed).unwrap();
        assert_eq!((file.handed_over_by.as_deref(), file.named_platform), (Some("Piaf"), None));
        assert_eq!(file.risk_rules, [Rule::Under13], "an unknown rule is left out, the file still opens");
        let typed = br#"{"description":"x","platform":"TikTok","reach":"callback","phone":"06 12 34 56 78",
            "declared_danger":true,"risk_rules":[]}"#;
        let file = CaseFile::from_json(typed).unwrap();
        assert_eq!((file.handed_over_by, file.named_platform.as_deref()), (None, Some("TikTok")));
        assert_eq!((file.reach, file.declared_danger), (Some(Reach::Callback), true));
        let empty = br#"{"description":"x","platform":"","risk_rules":[]}"#;
        assert_eq!(CaseFile::from_json(empty).unwrap().named_platform, None, "an empty answer is no answer");
    }
}
