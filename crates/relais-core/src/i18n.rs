//! The one door through which text reaches a child, a parent or a counsellor.
//!
//! Every word lives in the translation files (`locales/<language>/*.ftl`,
//! Project Fluent), which a translator edits without touching Rust. The code
//! names what it says with types ([`Message`], [`Ui`], the [`words!`]
//! catalogues), so a misspelt name does not compile; the catalogue's tests
//! fail when any shipped language lacks a message, so no blank reaches a screen.

pub mod catalogue;
pub mod chat;
pub mod console;
pub mod protect;
pub mod refusal;
pub mod words;

pub use words::Reader;
pub(crate) use words::words;

use catalogue::{Arg, text};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use crate::CountryCode;

/// A language Relais speaks: those of the countries whose helplines the
/// directory lists, for the pages a child or a parent reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Fr,
    En,
    De,
    Es,
    It,
    Nl,
    Pl,
    Pt,
}

impl Locale {
    pub const ALL: [Locale; 8] =
        [Locale::Fr, Locale::En, Locale::De, Locale::Es, Locale::It, Locale::Nl, Locale::Pl, Locale::Pt];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
            Locale::De => "de",
            Locale::Es => "es",
            Locale::It => "it",
            Locale::Nl => "nl",
            Locale::Pl => "pl",
            Locale::Pt => "pt",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, for a reader looking for theirs.
    pub fn name(self) -> &'static str {
        match self {
            Locale::Fr => "Français",
            Locale::En => "English",
            Locale::De => "Deutsch",
            Locale::Es => "Español",
            Locale::It => "Italiano",
            Locale::Nl => "Nederlands",
            Locale::Pl => "Polski",
            Locale::Pt => "Português",
        }
    }

    /// The language of a BCP 47 tag ("de-AT" is German): `None` for a
    /// language Relais does not speak, an error for what is not a tag. Only
    /// the shape is checked ([`Locale::TAG_PATTERN`], as the API document
    /// says) and only the language subtag read: a region or a script changes
    /// nothing Relais says.
    pub fn from_tag(tag: &str) -> Result<Option<Locale>, NotATag> {
        let mut subtags = tag.split('-');
        let language = subtags.next().unwrap_or_default();
        let shaped = (2..=3).contains(&language.len())
            && language.chars().all(|c| c.is_ascii_alphabetic())
            && subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
        if !shaped {
            return Err(NotATag);
        }
        Ok(Locale::from_code(&language.to_ascii_lowercase()))
    }

    /// What [`Locale::from_tag`] accepts, as a regular expression.
    pub const TAG_PATTERN: &str = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$";

    /// A place in [`Locale::ALL`], for tables indexed by language.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn language(self) -> LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }

    /// The language a child of this country most likely reads, when the
    /// platform did not say: the country's own, where Relais speaks it;
    /// English elsewhere. Belgium and Switzerland have several: the one most
    /// of their children speak.
    pub fn for_country(country: &CountryCode) -> Locale {
        match country.as_str() {
            "FR" | "MC" | "LU" => Locale::Fr,
            "DE" | "AT" | "CH" | "LI" => Locale::De,
            "ES" => Locale::Es,
            "IT" | "SM" | "VA" => Locale::It,
            "NL" | "BE" => Locale::Nl,
            "PL" => Locale::Pl,
            "PT" => Locale::Pt,
            _ => Locale::En,
        }
    }

    /// The reader's first language Relais speaks, from an `Accept-Language`
    /// header ("de-AT,de;q=0.9,en;q=0.5" is German).
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let asked = fluent_langneg::accepted_languages::parse(accept_language);
        let available: Vec<LanguageIdentifier> = Locale::ALL.iter().map(|l| l.language()).collect();
        let chosen =
            fluent_langneg::negotiate_languages(&asked, &available, None, fluent_langneg::NegotiationStrategy::Lookup);
        chosen.first().and_then(|id| Locale::from_code(id.language.as_str()))
    }
}

/// A language tag that is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a language tag")]
pub struct NotATag;

/// Fills `{name}` placeholders, for the sentences that carry a value (the
/// helpline's name, a count).
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

/// A string the directory or the advice file gives in French and English:
/// data a helpline edits beside its facts, read in English by other languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub fr: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Fr => &self.fr,
            _ => &self.en,
        }
    }
}

fn reader<'a>(formal: bool) -> Arg<'a> {
    Arg::Text(Reader::adult(formal).code())
}

/// The sentences the referral policy can say. Those meant for a child say
/// "tu", as the helpline does; those for an adult reader (a parent, an adult
/// reporting) "vous" (`formal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message<'a> {
    /// A minor, a parent, a witness or someone of unknown age is offered the helpline.
    OfferHelpline { helpline: &'a str, formal: bool },
    /// Same, while the helpline is closed.
    OfferHelplineClosed { helpline: &'a str, formal: bool },
    /// An adult reporting for themselves.
    AdultPlatformOnly { helpline: &'a str },
    /// A life or safety may be at risk.
    Emergency,
    /// A life or safety may be at risk, and the helpline is there too.
    EmergencyWithHelpline { helpline: &'a str, formal: bool },
    /// The reporter's country has no helpline in the directory.
    NoHelplineInCountry { country: &'a str },
}

impl<'a> Message<'a> {
    pub fn render(self, locale: Locale) -> String {
        let (id, args) = self.message();
        text(locale, id, &args)
    }

    /// The message's name in the translation files, and its arguments.
    fn message(self) -> (&'static str, Vec<(&'static str, Arg<'a>)>) {
        match self {
            Message::OfferHelpline { helpline, formal } => {
                ("policy-offer-helpline", vec![("helpline", helpline.into()), ("reader", reader(formal))])
            }
            Message::OfferHelplineClosed { helpline, formal } => {
                ("policy-offer-helpline-closed", vec![("helpline", helpline.into()), ("reader", reader(formal))])
            }
            Message::AdultPlatformOnly { helpline } => {
                ("policy-adult-platform-only", vec![("helpline", helpline.into())])
            }
            Message::Emergency => ("policy-emergency", vec![]),
            Message::EmergencyWithHelpline { helpline, formal } => {
                ("policy-emergency-with-helpline", vec![("helpline", helpline.into()), ("reader", reader(formal))])
            }
            Message::NoHelplineInCountry { country } => {
                ("policy-no-helpline-in-country", vec![("country", country.into())])
            }
        }
    }

    /// One of each, for the tests that hold every language to every message.
    #[cfg(test)]
    fn examples() -> Vec<Message<'static>> {
        let h = "3018";
        let all = vec![
            Message::OfferHelpline { helpline: h, formal: false },
            Message::OfferHelplineClosed { helpline: h, formal: true },
            Message::AdultPlatformOnly { helpline: h },
            Message::Emergency,
            Message::EmergencyWithHelpline { helpline: h, formal: false },
            Message::NoHelplineInCountry { country: "XK" },
        ];
        // A new kind of message must be added above: this match says so.
        for m in &all {
            match m {
                Message::OfferHelpline { .. }
                | Message::OfferHelplineClosed { .. }
                | Message::AdultPlatformOnly { .. }
                | Message::Emergency
                | Message::EmergencyWithHelpline { .. }
                | Message::NoHelplineInCountry { .. } => {}
            }
        }
        all
    }
}

/// The words of the pages a child sees after tapping the helpline's button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui<'a> {
    LandingTitle {
        helpline: &'a str,
    },
    /// The landing page's words: to a child ("tu"), or to a parent (`formal`, "vous").
    AlreadyHave {
        platform: &'a str,
        formal: bool,
    },
    NoRepeat {
        formal: bool,
    },
    YourCode {
        formal: bool,
    },
    ReadTheCode {
        formal: bool,
    },
    OpenNow,
    OpenUntil {
        time: &'a str,
    },
    ClosedOpensAt {
        when: &'a str,
    },
    HoursUnknown,
    WaitAbout {
        minutes: u32,
    },
    Call {
        helpline: &'a str,
    },
    Chat,
    WriteToUs,
    CallMeBack,
    Website,
    CodeUnknownTitle,
    CodeUnknown {
        helpline: &'a str,
    },
    Expires {
        when: &'a str,
    },
    Free,
    TooManyTries,
    Tomorrow,
    Today,
    /// When the line opens: "demain à 09:00", "morgen um 09:00".
    DayAtTime {
        day: &'a str,
        time: &'a str,
    },
    /// A date, as the reader writes it: two-digit day and month, four-digit year.
    Date {
        day: &'a str,
        month: &'a str,
        year: &'a str,
    },
    ReportTo {
        platform: &'a str,
    },
    TalkTo {
        helpline: &'a str,
    },
    /// `formal`: addressed to an adult ("vous"), not to a child ("tu").
    InDanger {
        formal: bool,
    },
    OtherHelp {
        formal: bool,
    },
    WidgetTitle {
        formal: bool,
    },
    /// The widget's link to the advice pages.
    MoreHelp,
    /// The landing page's link to the advice for the report's category.
    AdviceNow,
    /// The title of a page that could not do what was asked.
    ErrorTitle,
    /// A form sent after its token expired, or from elsewhere.
    FormExpired,
    /// An address or a form that could not be read.
    PageUnreadable,
    /// A helpline this server does not know.
    NoSuchHelpline,
}

impl<'a> Ui<'a> {
    pub fn render(self, locale: Locale) -> String {
        let (id, args) = self.message();
        text(locale, id, &args)
    }

    /// The message's name in the translation files, and its arguments.
    fn message(self) -> (&'static str, Vec<(&'static str, Arg<'a>)>) {
        use Ui::*;
        match self {
            LandingTitle { helpline } => ("ui-landing-title", vec![("helpline", helpline.into())]),
            AlreadyHave { platform, formal } => {
                ("ui-already-have", vec![("platform", platform.into()), ("reader", reader(formal))])
            }
            NoRepeat { formal } => ("ui-no-repeat", vec![("reader", reader(formal))]),
            YourCode { formal } => ("ui-your-code", vec![("reader", reader(formal))]),
            ReadTheCode { formal } => ("ui-read-the-code", vec![("reader", reader(formal))]),
            OpenNow => ("ui-open-now", vec![]),
            OpenUntil { time } => ("ui-open-until", vec![("time", time.into())]),
            ClosedOpensAt { when } => ("ui-closed-opens-at", vec![("when", when.into())]),
            HoursUnknown => ("ui-hours-unknown", vec![]),
            WaitAbout { minutes } => ("ui-wait-about", vec![("minutes", minutes.into())]),
            Call { helpline } => ("ui-call", vec![("helpline", helpline.into())]),
            Chat => ("ui-chat", vec![]),
            WriteToUs => ("ui-write-to-us", vec![]),
            CallMeBack => ("ui-call-me-back", vec![]),
            Website => ("ui-website", vec![]),
            CodeUnknownTitle => ("ui-code-unknown-title", vec![]),
            CodeUnknown { helpline } => ("ui-code-unknown", vec![("helpline", helpline.into())]),
            Expires { when } => ("ui-expires", vec![("when", when.into())]),
            Free => ("ui-free", vec![]),
            TooManyTries => ("ui-too-many-tries", vec![]),
            Tomorrow => ("ui-tomorrow", vec![]),
            Today => ("ui-today", vec![]),
            DayAtTime { day, time } => ("ui-day-at-time", vec![("day", day.into()), ("time", time.into())]),
            Date { day, month, year } => {
                ("ui-date", vec![("day", day.into()), ("month", month.into()), ("year", year.into())])
            }
            ReportTo { platform } => ("ui-report-to", vec![("platform", platform.into())]),
            TalkTo { helpline } => ("ui-talk-to", vec![("helpline", helpline.into())]),
            InDanger { formal } => ("ui-in-danger", vec![("reader", reader(formal))]),
            OtherHelp { formal } => ("ui-other-help", vec![("reader", reader(formal))]),
            WidgetTitle { formal } => ("ui-widget-title", vec![("reader", reader(formal))]),
            MoreHelp => ("ui-more-help", vec![]),
            AdviceNow => ("ui-advice-now", vec![]),
            ErrorTitle => ("ui-error-title", vec![]),
            FormExpired => ("ui-form-expired", vec![]),
            PageUnreadable => ("ui-page-unreadable", vec![]),
            NoSuchHelpline => ("ui-no-such-helpline", vec![]),
        }
    }

    /// One of each, for the tests that hold every language to every word.
    #[cfg(test)]
    fn examples() -> Vec<Ui<'static>> {
        use Ui::*;
        let (h, p) = ("3018", "Piaf");
        let all = vec![
            LandingTitle { helpline: h },
            AlreadyHave { platform: p, formal: true },
            NoRepeat { formal: false },
            YourCode { formal: true },
            ReadTheCode { formal: false },
            OpenNow,
            OpenUntil { time: "23:00" },
            ClosedOpensAt { when: "demain 09:00" },
            HoursUnknown,
            WaitAbout { minutes: 4 },
            Call { helpline: h },
            Chat,
            WriteToUs,
            CallMeBack,
            Website,
            CodeUnknownTitle,
            CodeUnknown { helpline: h },
            Expires { when: "12/01" },
            Free,
            TooManyTries,
            Tomorrow,
            Today,
            DayAtTime { day: "demain", time: "09:00" },
            Date { day: "01", month: "12", year: "2026" },
            ReportTo { platform: p },
            TalkTo { helpline: h },
            InDanger { formal: true },
            OtherHelp { formal: false },
            WidgetTitle { formal: true },
            MoreHelp,
            AdviceNow,
            ErrorTitle,
            FormExpired,
            PageUnreadable,
            NoSuchHelpline,
        ];
        // A new word must be added above: this match says so.
        for u in &all {
            match u {
                LandingTitle { .. }
                | AlreadyHave { .. }
                | NoRepeat { .. }
                | YourCode { .. }
                | ReadTheCode { .. }
                | OpenNow
                | OpenUntil { .. }
                | ClosedOpensAt { .. }
                | HoursUnknown
                | WaitAbout { .. }
                | Call { .. }
                | Chat
                | WriteToUs
                | CallMeBack
                | Website
                | CodeUnknownTitle
                | CodeUnknown { .. }
                | Expires { .. }
                | Free
                | TooManyTries
                | Tomorrow
                | Today
                | DayAtTime { .. }
                | Date { .. }
                | ReportTo { .. }
                | TalkTo { .. }
                | InDanger { .. }
                | OtherHelp { .. }
                | WidgetTitle { .. }
                | MoreHelp
                | AdviceNow
                | ErrorTitle
                | FormExpired
                | PageUnreadable
                | NoSuchHelpline => {}
            }
        }
        all
    }
}

words! {
    /// The words of the public contact form; `{helpline}` stands for the helpline's name.
    pub struct FormText in Public / "form" {
        title,
        intro,
        what,
        category,
        platform,
        links,
        links_hint,
        age,
        ages[3],
        school,
        schools[4],
        reach,
        reach_none,
        reach_callback,
        reach_come_back,
        phone,
        danger,
        send,
        done_title,
        your_reference,
        your_word,
        keep_them,
        next_callback,
        next_come_back,
        next_none,
        danger_now,
        follow,
        /// Where a case stands, as the follow-up page tells the child.
        case_waiting,
        case_in_hand,
        case_finished,
        /// Why the form could not be sent: nothing was.
        error_invisible,
        error_empty,
        error_too_long,
        error_platform,
        error_link,
        error_too_many_links,
        error_phone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::catalogue::lookup;

    #[test]
    fn every_sentence_exists_in_every_language() {
        for locale in Locale::ALL {
            for m in Message::examples() {
                let (id, args) = m.message();
                assert!(lookup(locale, id, &args).is_ok(), "{m:?} in {locale:?}: {:?}", lookup(locale, id, &args));
            }
            for u in Ui::examples() {
                let (id, args) = u.message();
                assert!(lookup(locale, id, &args).is_ok(), "{u:?} in {locale:?}: {:?}", lookup(locale, id, &args));
            }
        }
    }

    /// Every catalogue of fixed words, whole in every language its domain
    /// ships, for a child and for an adult.
    #[test]
    fn every_catalogue_is_whole_in_every_language() {
        macro_rules! whole {
            ($($t:ty),* $(,)?) => {$(
                for locale in Locale::ALL.into_iter().filter(|l| <$t>::DOMAIN.ships(*l)) {
                    for reader in Reader::ALL {
                        let (_, missing) = <$t>::build(locale, reader);
                        assert!(missing.is_empty(), "{} in {locale:?}: {missing:?}", stringify!($t));
                    }
                }
            )*};
        }
        whole!(
            FormText,
            chat::ChatText,
            chat::FollowUpText,
            console::ConsoleText,
            refusal::RefusalText,
            protect::ProtectText,
            crate::survey::SurveyText,
            crate::survey::SurveyLabels,
            crate::advice::PageText,
            crate::advice::self_check::CheckWords,
            crate::category::CategoryLabels,
            crate::risk::RuleWords,
            crate::staff::RoleWords,
        );
    }

    #[test]
    fn a_child_is_told_tu_and_a_parent_vous() {
        assert!(Ui::YourCode { formal: false }.render(Locale::Fr).starts_with("Ton"));
        assert!(Ui::YourCode { formal: true }.render(Locale::Fr).starts_with("Votre"));
        assert_eq!(Ui::WaitAbout { minutes: 4 }.render(Locale::En), "Estimated wait: about 4 min");
    }

    #[test]
    fn the_locale_follows_the_country_then_the_readers_browser() {
        assert_eq!(Locale::for_country(&CountryCode::parse("AT").unwrap()), Locale::De);
        assert_eq!(Locale::for_country(&CountryCode::parse("PT").unwrap()), Locale::Pt);
        assert_eq!(Locale::for_country(&CountryCode::parse("FI").unwrap()), Locale::En);
        assert_eq!(Locale::negotiate("de-AT,de;q=0.9,en;q=0.5"), Some(Locale::De));
        assert_eq!(Locale::negotiate("sv-SE, pl;q=0.8"), Some(Locale::Pl));
        assert_eq!(Locale::negotiate("sv-SE"), None);
        assert_eq!(Locale::negotiate(""), None);
        assert_eq!(Locale::from_tag("pt-BR"), Ok(Some(Locale::Pt)));
        assert_eq!(Locale::from_tag("DE-Latn-AT"), Ok(Some(Locale::De)));
        assert_eq!(Locale::from_tag("sv"), Ok(None));
        for bad in ["not a tag!", "", "d", "deutsch", "de-", "de_AT", "de-toolongsubtag"] {
            assert_eq!(Locale::from_tag(bad), Err(NotATag), "{bad}");
        }
    }
}
