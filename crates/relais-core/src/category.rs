//! The taxonomy of digital violence a report can be filed under.
//!
//! The codes are the wire format shared with platforms, so they never change;
//! labels are for people and go through [`crate::i18n`]. The families group
//! categories whose handling is alike (the policy and its tests reason about
//! families, not about thirteen codes one by one).

use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, words};

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Harassment,
    HateSpeech,
    /// Non-consensual sharing of intimate images ("revenge porn").
    Ncii,
    /// Blackmail with sexual images, often after a webcam exchange.
    Sextortion,
    SexistSexualViolence,
    Threats,
    Impersonation,
    /// Publishing someone's personal information to expose them.
    Doxxing,
    SelfHarm,
    Grooming,
    /// Child sexual abuse material. Only ever handled by location, never copied.
    Csam,
    Scam,
    Other,
}

/// Categories grouped by how they are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Harassment, hate, impersonation, doxxing, scams: the core of the helpline's work.
    Harassment,
    /// Sexual harm: intimate images, sextortion, grooming, abuse material, sexist violence.
    Sexual,
    /// A life or safety at risk: threats and self-harm.
    Danger,
    /// Anything else.
    Other,
}

impl Category {
    pub const ALL: [Category; 13] = [
        Category::Harassment,
        Category::HateSpeech,
        Category::Ncii,
        Category::Sextortion,
        Category::SexistSexualViolence,
        Category::Threats,
        Category::Impersonation,
        Category::Doxxing,
        Category::SelfHarm,
        Category::Grooming,
        Category::Csam,
        Category::Scam,
        Category::Other,
    ];

    /// The wire code, as in JSON and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Category::Harassment => "harassment",
            Category::HateSpeech => "hate_speech",
            Category::Ncii => "ncii",
            Category::Sextortion => "sextortion",
            Category::SexistSexualViolence => "sexist_sexual_violence",
            Category::Threats => "threats",
            Category::Impersonation => "impersonation",
            Category::Doxxing => "doxxing",
            Category::SelfHarm => "self_harm",
            Category::Grooming => "grooming",
            Category::Csam => "csam",
            Category::Scam => "scam",
            Category::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn family(self) -> Family {
        match self {
            Category::Harassment
            | Category::HateSpeech
            | Category::Impersonation
            | Category::Doxxing
            | Category::Scam => Family::Harassment,
            Category::Ncii
            | Category::Sextortion
            | Category::SexistSexualViolence
            | Category::Grooming
            | Category::Csam => Family::Sexual,
            Category::Threats | Category::SelfHarm => Family::Danger,
            Category::Other => Family::Other,
        }
    }

    /// The label a person reads.
    pub fn label(self, locale: Locale) -> &'static str {
        use Category::*;
        let t = CategoryLabels::get(locale);
        match self {
            Harassment => t.harassment,
            HateSpeech => t.hate_speech,
            Ncii => t.ncii,
            Sextortion => t.sextortion,
            SexistSexualViolence => t.sexist_sexual_violence,
            Threats => t.threats,
            Impersonation => t.impersonation,
            Doxxing => t.doxxing,
            SelfHarm => t.self_harm,
            Grooming => t.grooming,
            Csam => t.csam,
            Scam => t.scam,
            Other => t.other,
        }
    }
}

words! {
    /// The categories' labels, as a child picks one and a counsellor reads it.
    pub(crate) struct CategoryLabels in Public / "category" {
        harassment,
        hate_speech,
        ncii,
        sextortion,
        sexist_sexual_violence,
        threats,
        impersonation,
        doxxing,
        self_harm,
        grooming,
        csam,
        scam,
        other,
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde_and_from_code() {
        for c in Category::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.code()));
            assert_eq!(Category::from_code(c.code()), Some(c));
        }
    }

    #[test]
    fn every_category_has_distinct_labels_in_both_languages() {
        for locale in [Locale::Fr, Locale::En] {
            let mut labels: Vec<_> = Category::ALL.iter().map(|c| c.label(locale)).collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), Category::ALL.len());
        }
    }
}
