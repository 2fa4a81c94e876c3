//! Declared ages and age bands.
//!
//! Platforms know a user's declared age, sometimes only a band, often nothing
//! reliable. The policy needs one question answered — is this a minor? — and
//! must treat "unknown" as its own answer, since a child who declared no age is
//! not to be turned away.

use serde::{Deserialize, Serialize};

/// A declared age in whole years, within what a human can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Age(pub(crate) u8);

/// The oldest age accepted; anything above is a typo or a probe.
pub const MAX_AGE: i64 = 120;

impl Age {
    /// Parses a declared age; negative and absurd values are refused.
    pub fn new(years: i64) -> Result<Age, String> {
        if years < 0 {
            return Err(format!("an age cannot be negative (got {years})"));
        }
        if years > MAX_AGE {
            return Err(format!("an age above {MAX_AGE} is not plausible (got {years})"));
        }
        Ok(Age(years as u8))
    }

    pub fn years(self) -> u8 {
        self.0
    }

    pub fn band(self, adult_age: u8) -> AgeBand {
        if self.0 < 13 {
            AgeBand::Under13
        } else if self.0 < adult_age {
            AgeBand::Age13To17
        } else {
            AgeBand::Adult
        }
    }
}

/// The bands the API, the statistics and the policy speak in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AgeBand {
    #[serde(rename = "under_13")]
    Under13,
    #[serde(rename = "13_17")]
    Age13To17,
    #[serde(rename = "18_plus")]
    Adult,
    #[serde(rename = "unknown")]
    Unknown,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [AgeBand::Under13, AgeBand::Age13To17, AgeBand::Adult, AgeBand::Unknown];

    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Under13 => "under_13",
            AgeBand::Age13To17 => "13_17",
            AgeBand::Adult => "18_plus",
            AgeBand::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.code() == code)
    }

    /// `Some(true)` for a minor, `Some(false)` for an adult, `None` when unknown.
    pub fn is_minor(self) -> Option<bool> {
        match self {
            AgeBand::Under13 | AgeBand::Age13To17 => Some(true),
            AgeBand::Adult => Some(false),
            AgeBand::Unknown => None,
        }
    }
}

/// What the reporter declared about their age: an exact age, a band, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeDeclaration {
    Exact(Age),
    Band(AgeBand),
    Undeclared,
}

impl AgeDeclaration {
    /// Combines the two optional request fields. Both may be given if they agree.
    pub fn from_parts(age: Option<Age>, band: Option<AgeBand>, adult_age: u8) -> Result<AgeDeclaration, String> {
        match (age, band) {
            (Some(a), Some(b)) if b != AgeBand::Unknown && a.band(adult_age) != b => {
                Err(format!("age {} does not fall in the age band {}", a.years(), b.code()))
            }
            (Some(a), _) => Ok(AgeDeclaration::Exact(a)),
            (None, Some(b)) => Ok(AgeDeclaration::Band(b)),
            (None, None) => Ok(AgeDeclaration::Undeclared),
        }
    }

    pub fn band(self, adult_age: u8) -> AgeBand {
        match self {
            AgeDeclaration::Exact(a) => a.band(adult_age),
            AgeDeclaration::Band(b) => b,
            AgeDeclaration::Undeclared => AgeBand::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bands_split_at_13_and_at_the_adult_age() {
        let band = |y| Age::new(y).unwrap().band(18);
        assert_eq!(band(0), AgeBand::Under13);
        assert_eq!(band(12), AgeBand::Under13);
        assert_eq!(band(13), AgeBand::Age13To17);
        assert_eq!(band(17), AgeBand::Age13To17);
        assert_eq!(band(18), AgeBand::Adult);
        assert_eq!(band(120), AgeBand::Adult);
    }

    #[test]
    fn conflicting_age_and_band_are_refused() {
        let a = Age::new(15).unwrap();
        assert!(AgeDeclaration::from_parts(Some(a), Some(AgeBand::Adult), 18).is_err());
        assert_eq!(AgeDeclaration::from_parts(Some(a), Some(AgeBand::Age13To17), 18), Ok(AgeDeclaration::Exact(a)));
    }

    proptest! {
        #[test]
        fn only_plausible_ages_parse(years in -1000i64..1000) {
            prop_assert_eq!(Age::new(years).is_ok(), (0..=MAX_AGE).contains(&years));
        }

        #[test]
        fn band_codes_round_trip(i in 0usize..4) {
            let b = AgeBand::ALL[i];
            prop_assert_eq!(AgeBand::from_code(b.code()), Some(b));
        }
    }
}
