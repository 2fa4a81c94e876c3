//! Advice a child or a parent reads before or after talking to someone:
//! short sheets by category of the taxonomy (what to do now, how to keep
//! evidence, what the law says, who can help), and the other services with
//! their hours. The content lives in `data/advice.toml`, which a helpline
//! edits like the directory: every point names its source and the date it
//! was last reviewed, and a sheet without them does not load.
//!
//! A sheet is written for an audience: a child ("tu"), or a parent ("vous").
//! A category without a sheet of its own is answered with the general one
//! (`other`), so no link ever leads nowhere.

use jiff::civil::Date;
use serde::Deserialize;

use crate::i18n::{Localized, words};
use crate::{Category, CountryCode, Locale};

/// The advice shipped with Relais.
pub const BUILTIN_TOML: &str = include_str!("../../../data/advice.toml");

/// Whom a sheet speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reader {
    /// A child or a teenager, addressed as "tu".
    Child,
    /// A parent or another adult beside a child, addressed as "vous".
    Parent,
}

impl Reader {
    pub fn code(self) -> &'static str {
        match self {
            Reader::Child => "child",
            Reader::Parent => "parent",
        }
    }

    pub fn from_code(code: &str) -> Option<Reader> {
        match code {
            "child" => Some(Reader::Child),
            "parent" => Some(Reader::Parent),
            _ => None,
        }
    }
}

/// One statement, with where it comes from and when it was last checked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub text: String,
    pub source: String,
    pub reviewed: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub heading: String,
    pub points: Vec<Point>,
}

/// One sheet: a category, for a reader, in a language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    pub category: Category,
    pub reader: Reader,
    pub locale: Locale,
    pub title: String,
    /// One or two sentences before the sections.
    pub summary: String,
    pub sections: Vec<Section>,
}

/// Another service a child or a parent may turn to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub country: CountryCode,
    pub name: Localized,
    /// What it is for.
    pub what: Localized,
    pub hours: Localized,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub source: String,
    pub reviewed: Date,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, rename = "service")]
    services: Vec<Service>,
    #[serde(default, rename = "sheet")]
    sheets: Vec<Sheet>,
}

/// Why the advice cannot be used as written.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AdviceError {
    #[error("the advice file is not valid TOML: {0}")]
    Toml(String),
    #[error("two sheets for {category} / {reader} / {locale}")]
    Duplicate { category: &'static str, reader: &'static str, locale: &'static str },
    #[error(
        "no general sheet (category = \"other\") for {reader} in {locale}: a category without its own sheet would lead nowhere"
    )]
    NoGeneralSheet { reader: &'static str, locale: &'static str },
    #[error("the sheet {title:?} has an empty section or point")]
    Empty { title: String },
    #[error("service {0}: a phone or an address is needed")]
    Unreachable(String),
}

/// The sheets and services.
#[derive(Debug, Clone)]
pub struct Advice {
    sheets: Vec<Sheet>,
    services: Vec<Service>,
}

impl Advice {
    pub fn builtin() -> Result<Advice, AdviceError> {
        Advice::from_toml(BUILTIN_TOML)
    }

    /// Parses and checks the advice: every point sourced and dated (the
    /// parser refuses one without), one sheet per category, reader and
    /// language, a general sheet for each reader and language, nothing empty.
    pub fn from_toml(text: &str) -> Result<Advice, AdviceError> {
        let file: File = toml::from_str(text).map_err(|e| AdviceError::Toml(e.to_string()))?;
        for (i, a) in file.sheets.iter().enumerate() {
            if file.sheets[..i].iter().any(|b| (b.category, b.reader, b.locale) == (a.category, a.reader, a.locale)) {
                return Err(AdviceError::Duplicate {
                    category: a.category.code(),
                    reader: a.reader.code(),
                    locale: a.locale.code(),
                });
            }
            let empty = a.title.trim().is_empty()
                || a.sections.is_empty()
                || a.sections.iter().any(|s| s.points.is_empty() || s.points.iter().any(|p| p.text.trim().is_empty()));
            if empty {
                return Err(AdviceError::Empty { title: a.title.clone() });
            }
        }
        for reader in [Reader::Child, Reader::Parent] {
            for locale in [Locale::Fr, Locale::En] {
                let general =
                    file.sheets.iter().any(|s| (s.category, s.reader, s.locale) == (Category::Other, reader, locale));
                if !general {
                    return Err(AdviceError::NoGeneralSheet { reader: reader.code(), locale: locale.code() });
                }
            }
        }
        if let Some(s) = file.services.iter().find(|s| s.phone.is_none() && s.url.is_none()) {
            return Err(AdviceError::Unreachable(s.id.clone()));
        }
        Ok(Advice { sheets: file.sheets, services: file.services })
    }

    /// The language the sheets are read in: the reader's when the helpline
    /// wrote its sheets in it, English otherwise, French last. The sheets say
    /// what a helpline knows of its own country's law and services, so they
    /// are its to translate; the page around them says when they are not in
    /// the reader's language.
    pub fn language(&self, reader: Reader, locale: Locale) -> Locale {
        let has =
            |l: Locale| self.sheets.iter().any(|s| (s.category, s.reader, s.locale) == (Category::Other, reader, l));
        [locale, Locale::En, Locale::Fr].into_iter().find(|l| has(*l)).unwrap_or(Locale::Fr)
    }

    /// The sheet for a category, or the general one when it has none of its
    /// own, in the reader's language or the one [`Advice::language`] gives.
    pub fn sheet(&self, category: Category, reader: Reader, locale: Locale) -> &Sheet {
        let locale = self.language(reader, locale);
        let find = |c: Category| self.sheets.iter().find(|s| (s.category, s.reader, s.locale) == (c, reader, locale));
        find(category).or_else(|| find(Category::Other)).unwrap_or(&self.sheets[0])
    }

    /// The categories that have a sheet of their own for this reader and language, in the taxonomy's order.
    pub fn categories(&self, reader: Reader, locale: Locale) -> Vec<Category> {
        let locale = self.language(reader, locale);
        Category::ALL
            .into_iter()
            .filter(|c| *c != Category::Other)
            .filter(|c| self.sheets.iter().any(|s| (s.category, s.reader, s.locale) == (*c, reader, locale)))
            .collect()
    }

    /// The services of a country, in the file's order.
    pub fn services(&self, country: &CountryCode) -> Vec<&Service> {
        self.services.iter().filter(|s| &s.country == country).collect()
    }

    /// The oldest review date of anything shown: when the advice needs looking at again.
    pub fn oldest_review(&self) -> Option<Date> {
        let points = self.sheets.iter().flat_map(|s| &s.sections).flat_map(|s| &s.points).map(|p| p.reviewed);
        points.chain(self.services.iter().map(|s| s.reviewed)).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_advice_loads_with_a_general_sheet_for_everyone() {
        let advice = Advice::builtin().expect("the shipped advice is valid");
        for reader in [Reader::Child, Reader::Parent] {
            for locale in Locale::ALL {
                assert_eq!(advice.sheet(Category::Other, reader, locale).category, Category::Other);
                // A category without a sheet of its own is answered with the general one.
                let scam = advice.sheet(Category::Scam, reader, locale);
                assert!(scam.category == Category::Scam || scam.category == Category::Other);
            }
        }
        // Sheets not written in German are read in English, and say so (the page does).
        assert_eq!(advice.language(Reader::Child, Locale::De), Locale::En);
        assert_eq!(advice.sheet(Category::Ncii, Reader::Child, Locale::De).locale, Locale::En);
        assert_eq!(advice.language(Reader::Parent, Locale::Fr), Locale::Fr);
        let france = CountryCode::parse("FR").expect("a country");
        assert!(advice.services(&france).iter().any(|s| s.phone.as_deref() == Some("119")));
    }

    #[test]
    fn a_category_without_its_own_sheet_gets_the_general_one() {
        let general = |reader: &str, locale: &str| {
            format!(
                "[[sheet]]\ncategory = \"other\"\nreader = \"{reader}\"\nlocale = \"{locale}\"\ntitle = \"general\"\n\
                 summary = \"s\"\n[[sheet.sections]]\nheading = \"h\"\n\
                 points = [{{ text = \"t\", source = \"s\", reviewed = \"2026-11-30\" }}]\n"
            )
        };
        let file =
            ["child", "parent"].iter().flat_map(|r| ["fr", "en"].map(|l| general(r, l))).collect::<Vec<_>>().join("\n");
        let advice = Advice::from_toml(&file).expect("general sheets only");
        assert_eq!(advice.sheet(Category::Harassment, Reader::Child, Locale::Fr).title, "general");
        assert!(advice.categories(Reader::Child, Locale::Fr).is_empty());
    }

    #[test]
    fn a_point_without_its_source_or_review_date_does_not_load() {
        let sheet = |point: &str| {
            format!(
                "[[sheet]]\ncategory = \"other\"\nreader = \"child\"\nlocale = \"fr\"\ntitle = \"t\"\nsummary = \"s\"\n\
                 [[sheet.sections]]\nheading = \"h\"\npoints = [{point}]\n"
            )
        };
        let unsourced = sheet("{ text = \"un fait\", reviewed = \"2026-11-30\" }");
        assert!(matches!(Advice::from_toml(&unsourced), Err(AdviceError::Toml(e)) if e.contains("source")));
        let undated = sheet("{ text = \"un fait\", source = \"Légifrance\" }");
        assert!(matches!(Advice::from_toml(&undated), Err(AdviceError::Toml(e)) if e.contains("reviewed")));
        let whole = sheet("{ text = \"un fait\", source = \"Légifrance\", reviewed = \"2026-11-30\" }");
        assert!(matches!(Advice::from_toml(&whole), Err(AdviceError::NoGeneralSheet { .. })), "one reader only");
    }
}

words! {
    /// The words around the sheets; `{helpline}` stands for the helpline's name.
    pub struct PageText in Public / "advice" {
        index_title,
        other_reader,
        services,
        abroad,
        reach,
        self_check,
        all_sheets,
        sources,
        see,
        check_intro,
        check_none,
        check_result,
        danger,
        /// Above a sheet not yet written in the reader's language.
        other_language,
    }
}

/// The advice pages' own words in a language, addressed to their reader.
pub fn words(locale: Locale, reader: Reader) -> &'static PageText {
    PageText::for_reader(locale, crate::i18n::Reader::adult(reader == Reader::Parent))
}

/// "Suis-je harcelé·e ?": a few yes-or-no questions that end on the right
/// sheet. Nothing is kept: the answers travel in the page's address only.
pub mod self_check {
    use crate::{Category, Locale};

    /// The questions, most serious first; each points at the sheet it leads to.
    pub const QUESTIONS: [(&str, Category); 5] = [
        ("chantage", Category::Sextortion),
        ("image", Category::Ncii),
        ("menace", Category::Threats),
        ("messages", Category::Harassment),
        ("exclusion", Category::Harassment),
    ];

    /// A question's words, for a child.
    pub fn question(code: &str, locale: Locale) -> &'static str {
        let t = CheckWords::get(locale);
        match code {
            "chantage" => t.blackmail,
            "image" => t.image,
            "menace" => t.threat,
            "messages" => t.messages,
            "exclusion" => t.exclusion,
            _ => "",
        }
    }

    crate::i18n::words! {
        /// The questions, for a child.
        pub(crate) struct CheckWords in Public / "check" {
            blackmail,
            image,
            threat,
            messages,
            exclusion,
        }
    }

    /// Where the answers lead: the most serious situation answered "yes",
    /// or none (the general sheet, and the line all the same).
    pub fn result<'a>(yes: impl IntoIterator<Item = &'a str>) -> Option<Category> {
        let yes: Vec<&str> = yes.into_iter().collect();
        QUESTIONS.iter().find(|(code, _)| yes.contains(code)).map(|(_, category)| *category)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_most_serious_answer_decides() {
            assert_eq!(result(["messages", "chantage"]), Some(Category::Sextortion));
            assert_eq!(result(["exclusion"]), Some(Category::Harassment));
            assert_eq!(result([]), None);
            for (code, _) in QUESTIONS {
                assert!(!question(code, Locale::Fr).is_empty() && !question(code, Locale::En).is_empty());
            }
        }
    }
}
