//! The first risk score of a contact, from what the child wrote and declared.
//!
//! Deliberately simple and transparent: a handful of rules, in French and
//! English, each with a name the counsellor sees next to the score ("words of
//! suicide", "a blackmail deadline"). It orders the queue until a person has
//! read the case; a counsellor or supervisor overrides it, with a reason.
//! It errs towards raising the risk: a child wrongly put first costs a few
//! minutes to another; a child in danger left waiting costs far more.

use serde::{Deserialize, Serialize};

use crate::age::AgeBand;
use crate::category::Category;
use crate::i18n::{Locale, words};

/// How urgent a case is, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    None,
    Low,
    High,
    ImmediateDanger,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 4] = [RiskLevel::None, RiskLevel::Low, RiskLevel::High, RiskLevel::ImmediateDanger];

    /// As forms and the store spell it (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            RiskLevel::None => "none",
            RiskLevel::Low => "low",
            RiskLevel::High => "high",
            RiskLevel::ImmediateDanger => "immediate_danger",
        }
    }

    pub fn from_code(code: &str) -> Option<RiskLevel> {
        RiskLevel::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What the score is computed from.
#[derive(Debug, Clone, Copy)]
pub struct RiskInput<'a> {
    /// What the child wrote (a web form, the first chat messages, a handoff's description).
    pub text: &'a str,
    pub category: Option<Category>,
    pub age_band: AgeBand,
    /// The child ticked "I am in danger right now".
    pub declared_danger: bool,
}

/// A rule that fired, and the words that made it fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    pub rule: Rule,
    /// The phrase found in the text, when the rule reads the text.
    pub matched: Option<&'static str>,
}

/// The rules, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    DeclaredDanger,
    SuicideWithTime,
    SuicideOrSelfHarm,
    DeathThreat,
    BlackmailDeadline,
    DangerCategory,
    Under13,
}

impl Rule {
    pub fn level(self) -> RiskLevel {
        match self {
            Rule::DeclaredDanger | Rule::SuicideWithTime => RiskLevel::ImmediateDanger,
            Rule::SuicideOrSelfHarm | Rule::DeathThreat | Rule::BlackmailDeadline | Rule::DangerCategory => {
                RiskLevel::High
            }
            Rule::Under13 => RiskLevel::Low,
        }
    }

    pub const ALL: [Rule; 7] = [
        Rule::DeclaredDanger,
        Rule::SuicideWithTime,
        Rule::SuicideOrSelfHarm,
        Rule::DeathThreat,
        Rule::BlackmailDeadline,
        Rule::DangerCategory,
        Rule::Under13,
    ];

    /// How the rule is kept with a case, so it is explained in the reader's language.
    pub fn code(self) -> &'static str {
        match self {
            Rule::DeclaredDanger => "declared_danger",
            Rule::SuicideWithTime => "suicide_with_time",
            Rule::SuicideOrSelfHarm => "suicide_or_self_harm",
            Rule::DeathThreat => "death_threat",
            Rule::BlackmailDeadline => "blackmail_deadline",
            Rule::DangerCategory => "danger_category",
            Rule::Under13 => "under_13",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the counsellor reads next to the score.
    pub fn explain(self, locale: Locale) -> &'static str {
        let t = RuleWords::get(locale);
        match self {
            Rule::DeclaredDanger => t.declared_danger,
            Rule::SuicideWithTime => t.suicide_with_time,
            Rule::SuicideOrSelfHarm => t.suicide_or_self_harm,
            Rule::DeathThreat => t.death_threat,
            Rule::BlackmailDeadline => t.blackmail_deadline,
            Rule::DangerCategory => t.danger_category,
            Rule::Under13 => t.under_13,
        }
    }
}

words! {
    /// Why a case scored as it did, as the counsellor reads it.
    pub(crate) struct RuleWords in Console / "risk" {
        declared_danger,
        suicide_with_time,
        suicide_or_self_harm,
        death_threat,
        blackmail_deadline,
        danger_category,
        under_13,
    }
}

/// The score and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub level: RiskLevel,
    pub fired: Vec<Fired>,
}

impl Assessment {
    /// The rules that fired, as the case file keeps them.
    pub fn rules(&self) -> Vec<Rule> {
        self.fired.iter().map(|f| f.rule).collect()
    }
}

// Phrases are matched on text lowered, stripped of accents and of punctuation.
const SUICIDE: &[&str] = &[
    "suicide",
    "suicider",
    "me tuer",
    "envie de mourir",
    "veux mourir",
    "vais mourir",
    "en finir",
    "plus envie de vivre",
    "me faire du mal",
    "scarifie",
    "scarifier",
    "me couper",
    "kill myself",
    "want to die",
    "end it all",
    "hurt myself",
    "self harm",
    "cut myself",
    "dont want to live",
    "better off dead",
];
const SOON: &[&str] = &[
    "ce soir",
    "cette nuit",
    "maintenant",
    "tout de suite",
    "aujourd hui",
    "demain",
    "tonight",
    "right now",
    "today",
    "tomorrow",
];
/// Idioms that use the words of death for laughter.
const NOT_SUICIDE: &[&str] = &["mourir de rire", "mort de rire", "dying of laughter", "dying laughing"];
const THREAT: &[&str] = &[
    "va me tuer",
    "vont me tuer",
    "menace de mort",
    "menaces de mort",
    "me frapper",
    "sait ou j habite",
    "savent ou j habite",
    "will kill me",
    "going to kill me",
    "death threat",
    "knows where i live",
    "beat me up",
];
const BLACKMAIL: &[&str] = &[
    "chantage",
    "sinon il publie",
    "sinon elle publie",
    "envoyer les photos",
    "balancer les photos",
    "diffuser mes photos",
    "de l argent",
    "blackmail",
    "or else",
    "send money",
    "leak my",
    "post my pictures",
    "share my photos",
];
const DEADLINE: &[&str] = &[
    "avant ce soir",
    "d ici ce soir",
    "avant minuit",
    "dans une heure",
    "dans 1 heure",
    "d ici demain",
    "avant demain",
    "sinon",
    "by tonight",
    "before tonight",
    "before midnight",
    "within an hour",
    "by tomorrow",
    "or else",
    "in 24 hours",
    "dans 24 heures",
];

/// Scores a contact.
pub fn assess(input: &RiskInput<'_>) -> Assessment {
    let text = normalise(input.text);
    let mut masked = text.clone();
    for idiom in NOT_SUICIDE {
        masked = masked.replace(idiom, " ");
    }
    let find =
        |haystack: &str, phrases: &[&'static str]| phrases.iter().copied().find(|p| contains_phrase(haystack, p));
    let mut fired = Vec::new();
    if input.declared_danger {
        fired.push(Fired { rule: Rule::DeclaredDanger, matched: None });
    }
    if let Some(word) = find(&masked, SUICIDE) {
        let rule = if find(&masked, SOON).is_some() { Rule::SuicideWithTime } else { Rule::SuicideOrSelfHarm };
        fired.push(Fired { rule, matched: Some(word) });
    }
    if let Some(word) = find(&text, THREAT) {
        fired.push(Fired { rule: Rule::DeathThreat, matched: Some(word) });
    }
    let blackmail = find(&text, BLACKMAIL);
    if let (Some(deadline), true) =
        (find(&text, DEADLINE), blackmail.is_some() || input.category == Some(Category::Sextortion))
    {
        fired.push(Fired { rule: Rule::BlackmailDeadline, matched: Some(deadline) });
    }
    if matches!(input.category, Some(Category::Threats | Category::SelfHarm | Category::Grooming)) {
        fired.push(Fired { rule: Rule::DangerCategory, matched: None });
    }
    if input.age_band == AgeBand::Under13 {
        fired.push(Fired { rule: Rule::Under13, matched: None });
    }
    let level = fired.iter().map(|f| f.rule.level()).max().unwrap_or(RiskLevel::None);
    Assessment { level, fired }
}

/// Lower case, French accents removed, anything but letters and digits a single space.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c != ' ' || !out.ends_with(' ') {
            out.push(c);
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// A phrase matches from the start of a word, so that a stem ("scarifi",
/// "suicide") also catches the words made from it; it never matches inside a
/// word ("tuer" is not found in "statuer").
fn contains_phrase(normalised: &str, phrase: &str) -> bool {
    normalised.contains(&format!(" {phrase}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_risk_level_reads_back_from_its_code() {
        for level in super::RiskLevel::ALL {
            assert_eq!(super::RiskLevel::from_code(level.code()), Some(level));
            assert_eq!(serde_json::to_value(level).unwrap(), level.code(), "the same spelling as serde");
        }
        assert_eq!(super::RiskLevel::from_code("urgent"), None);
    }

    use rstest::rstest;

    use super::*;

    fn score(text: &str) -> (RiskLevel, Vec<Rule>) {
        let a = assess(&RiskInput { text, category: None, age_band: AgeBand::Age13To17, declared_danger: false });
        (a.level, a.fired.into_iter().map(|f| f.rule).collect())
    }

    #[rstest]
    #[case::fr_suicide("j'ai plus envie de vivre, je veux en finir", RiskLevel::High, Rule::SuicideOrSelfHarm)]
    #[case::fr_suicide_tonight("Je vais me suicider ce soir", RiskLevel::ImmediateDanger, Rule::SuicideWithTime)]
    #[case::fr_accents_and_case("JE VEUX MOURIR… MAINTENANT", RiskLevel::ImmediateDanger, Rule::SuicideWithTime)]
    #[case::fr_self_harm("je me scarifie depuis que ça a commencé", RiskLevel::High, Rule::SuicideOrSelfHarm)]
    #[case::en_suicide("I just want to die", RiskLevel::High, Rule::SuicideOrSelfHarm)]
    #[case::en_tonight("i'm going to kill myself tonight", RiskLevel::ImmediateDanger, Rule::SuicideWithTime)]
    #[case::fr_threat("il a dit qu'il sait où j'habite et qu'il va me tuer", RiskLevel::High, Rule::DeathThreat)]
    #[case::en_threat("he says he knows where I live", RiskLevel::High, Rule::DeathThreat)]
    #[case::fr_sextortion(
        "il me fait du chantage, il veut de l'argent avant ce soir sinon il publie",
        RiskLevel::High,
        Rule::BlackmailDeadline
    )]
    #[case::en_sextortion(
        "send money by tonight or else he will leak my videos",
        RiskLevel::High,
        Rule::BlackmailDeadline
    )]
    fn words_raise_the_risk(#[case] text: &str, #[case] level: RiskLevel, #[case] rule: Rule) {
        let (got, rules) = score(text);
        assert_eq!(got, level, "{text}");
        assert!(rules.contains(&rule), "{text}: {rules:?}");
    }

    #[rstest]
    #[case::laughing_fr("mdr je suis mort de rire, on va mourir de rire")]
    #[case::laughing_en("we were dying of laughter")]
    #[case::plain("quelqu'un a créé un faux compte avec mes photos")]
    #[case::deadline_alone("je dois rendre mon devoir avant ce soir")]
    #[case::empty("")]
    fn ordinary_words_do_not(#[case] text: &str) {
        assert_eq!(score(text).0, RiskLevel::None, "{text}");
    }

    #[test]
    fn declarations_category_and_age_count_too() {
        let base = RiskInput { text: "", category: None, age_band: AgeBand::Age13To17, declared_danger: false };
        assert_eq!(assess(&RiskInput { declared_danger: true, ..base }).level, RiskLevel::ImmediateDanger);
        assert_eq!(assess(&RiskInput { category: Some(Category::Grooming), ..base }).level, RiskLevel::High);
        assert_eq!(assess(&RiskInput { age_band: AgeBand::Under13, ..base }).level, RiskLevel::Low);
        // A sextortion report needs only the deadline to be read as blackmail.
        let a = assess(&RiskInput { text: "il a dit dans une heure", category: Some(Category::Sextortion), ..base });
        assert_eq!(a.level, RiskLevel::High);
        assert_eq!(a.fired[0].matched, Some("dans une heure"));
        // Every rule explains itself in both languages.
        for f in assess(&RiskInput {
            text: "je veux mourir ce soir",
            declared_danger: true,
            age_band: AgeBand::Under13,
            ..base
        })
        .fired
        {
            assert!(!f.rule.explain(Locale::Fr).is_empty() && !f.rule.explain(Locale::En).is_empty());
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_scored_without_panic(text in "\\PC{0,300}") {
            let _ = assess(&RiskInput { text: &text, category: None, age_band: AgeBand::Unknown, declared_danger: false });
        }
    }
}
