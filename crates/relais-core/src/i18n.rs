//! The one door through which text reaches a child, a parent or a counsellor.
//!
//! French first (the shipped helpline is French), English second. Every
//! sentence is a [`Message`] so that a missing translation is a compile error,
//! not a blank on a frightened child's screen.

use serde::{Deserialize, Serialize};

/// A language Relais speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }
}

/// A localised string given in both languages, as in the directory file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub fr: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Fr => &self.fr,
            Locale::En => &self.en,
        }
    }
}

/// The sentences the referral policy can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message<'a> {
    /// A minor, a parent, a witness or someone of unknown age is offered the helpline.
    OfferHelpline { helpline: &'a str },
    /// Same, while the helpline is closed.
    OfferHelplineClosed { helpline: &'a str },
    /// An adult reporting for themselves.
    AdultPlatformOnly { helpline: &'a str },
    /// A life or safety may be at risk.
    Emergency,
    /// A life or safety may be at risk, and the helpline is there too.
    EmergencyWithHelpline { helpline: &'a str },
    /// The reporter's country has no helpline in the directory.
    NoHelplineInCountry { country: &'a str },
}

impl Message<'_> {
    pub fn render(self, locale: Locale) -> String {
        match (locale, self) {
            (Locale::Fr, Message::OfferHelpline { helpline }) => format!(
                "Vous pouvez signaler ce contenu à la plateforme ou en parler au {helpline}, gratuit, anonyme et confidentiel."
            ),
            (Locale::En, Message::OfferHelpline { helpline }) => {
                format!("You can report this to the platform or talk to {helpline}, free, anonymous and confidential.")
            }
            (Locale::Fr, Message::OfferHelplineClosed { helpline }) => format!(
                "Le {helpline} est fermé pour le moment : laissez-lui un message ou demandez à être rappelé, et signalez le contenu à la plateforme."
            ),
            (Locale::En, Message::OfferHelplineClosed { helpline }) => format!(
                "{helpline} is closed right now: leave a message or ask for a call back, and report the content to the platform."
            ),
            (Locale::Fr, Message::AdultPlatformOnly { helpline }) => format!(
                "Le {helpline} est réservé aux mineurs et à leurs parents ; signalez ce contenu à la plateforme, et ces services peuvent vous aider."
            ),
            (Locale::En, Message::AdultPlatformOnly { helpline }) => format!(
                "{helpline} is for minors and their parents; report this to the platform, and these services can help you."
            ),
            (Locale::Fr, Message::Emergency) => {
                "Si quelqu'un est en danger, appelez tout de suite un numéro d'urgence.".to_owned()
            }
            (Locale::En, Message::Emergency) => "If someone is in danger, call an emergency number now.".to_owned(),
            (Locale::Fr, Message::EmergencyWithHelpline { helpline }) => format!(
                "Si quelqu'un est en danger, appelez tout de suite un numéro d'urgence ; le {helpline} peut aussi vous aider."
            ),
            (Locale::En, Message::EmergencyWithHelpline { helpline }) => {
                format!("If someone is in danger, call an emergency number now; {helpline} can help you too.")
            }
            (Locale::Fr, Message::NoHelplineInCountry { country }) => format!(
                "Aucune ligne d'écoute n'est encore référencée pour ce pays ({country}) : signalez ce contenu à la plateforme."
            ),
            (Locale::En, Message::NoHelplineInCountry { country }) => {
                format!("No helpline is listed for this country ({country}) yet: report this to the platform.")
            }
        }
    }
}
