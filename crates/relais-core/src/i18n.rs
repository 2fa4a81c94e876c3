//! The one door through which text reaches a child, a parent or a counsellor.
//!
//! French first (the shipped helpline is French), English second. Every
//! sentence is a [`Message`] so that a missing translation is a compile error,
//! not a blank on a frightened child's screen.

pub mod chat;
pub mod console;
pub mod refusal;

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
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Fills `{name}` placeholders, for the sentences that carry a value (the
/// helpline's name, a count).
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
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

impl Message<'_> {
    pub fn render(self, locale: Locale) -> String {
        match (locale, self) {
            (Locale::Fr, Message::OfferHelpline { helpline, formal: false }) => format!(
                "Tu peux signaler ce contenu à la plateforme ou en parler au {helpline}, gratuit, anonyme et confidentiel."
            ),
            (Locale::Fr, Message::OfferHelpline { helpline, formal: true }) => format!(
                "Vous pouvez signaler ce contenu à la plateforme ou en parler au {helpline}, gratuit, anonyme et confidentiel."
            ),
            (Locale::En, Message::OfferHelpline { helpline, .. }) => {
                format!("You can report this to the platform or talk to {helpline}, free, anonymous and confidential.")
            }
            (Locale::Fr, Message::OfferHelplineClosed { helpline, formal: false }) => format!(
                "Le {helpline} est fermé pour le moment : laisse-lui un message ou demande à être rappelé, et signale le contenu à la plateforme."
            ),
            (Locale::Fr, Message::OfferHelplineClosed { helpline, formal: true }) => format!(
                "Le {helpline} est fermé pour le moment : laissez-lui un message ou demandez à être rappelé, et signalez le contenu à la plateforme."
            ),
            (Locale::En, Message::OfferHelplineClosed { helpline, .. }) => format!(
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
            (Locale::Fr, Message::EmergencyWithHelpline { helpline, formal: false }) => format!(
                "Si quelqu'un est en danger, appelle tout de suite un numéro d'urgence ; le {helpline} peut aussi t'aider."
            ),
            (Locale::Fr, Message::EmergencyWithHelpline { helpline, formal: true }) => format!(
                "Si quelqu'un est en danger, appelez tout de suite un numéro d'urgence ; le {helpline} peut aussi vous aider."
            ),
            (Locale::En, Message::EmergencyWithHelpline { helpline, .. }) => {
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
    /// The title of a page that could not do what was asked.
    ErrorTitle,
    /// A form sent after its token expired, or from elsewhere.
    FormExpired,
    /// An address or a form that could not be read.
    PageUnreadable,
    /// A helpline this server does not know.
    NoSuchHelpline,
}

impl Ui<'_> {
    pub fn render(self, locale: Locale) -> String {
        use Ui::*;
        match (locale, self) {
            (Locale::Fr, LandingTitle { helpline }) => format!("Parler au {helpline}"),
            (Locale::En, LandingTitle { helpline }) => format!("Talk to {helpline}"),
            (Locale::Fr, AlreadyHave { platform, formal: false }) => {
                format!("Nous avons déjà ce que tu as signalé sur {platform}.")
            }
            (Locale::Fr, AlreadyHave { platform, formal: true }) => {
                format!("Nous avons déjà ce que vous avez signalé sur {platform}.")
            }
            (Locale::En, AlreadyHave { platform, .. }) => format!("We already have what you reported on {platform}."),
            (Locale::Fr, NoRepeat { formal: false }) => "Tu n'auras pas à tout raconter de nouveau.".into(),
            (Locale::Fr, NoRepeat { formal: true }) => "Vous n'aurez pas à tout raconter de nouveau.".into(),
            (Locale::En, NoRepeat { .. }) => "You won't have to tell it all again.".into(),
            (Locale::Fr, YourCode { formal: false }) => "Ton code".into(),
            (Locale::Fr, YourCode { formal: true }) => "Votre code".into(),
            (Locale::En, YourCode { .. }) => "Your code".into(),
            (Locale::Fr, ReadTheCode { formal: false }) => {
                "Donne ce code à la personne qui te répond, au téléphone ou dans le chat.".into()
            }
            (Locale::Fr, ReadTheCode { formal: true }) => {
                "Donnez ce code à la personne qui vous répond, au téléphone ou dans le chat.".into()
            }
            (Locale::En, ReadTheCode { .. }) => {
                "Give this code to the person who answers, on the phone or in the chat.".into()
            }
            (Locale::Fr, OpenNow) => "Ouvert maintenant".into(),
            (Locale::En, OpenNow) => "Open now".into(),
            (Locale::Fr, OpenUntil { time }) => format!("Ouvert jusqu'à {time}"),
            (Locale::En, OpenUntil { time }) => format!("Open until {time}"),
            (Locale::Fr, ClosedOpensAt { when }) => format!("Fermé pour le moment. Ouverture {when}."),
            (Locale::En, ClosedOpensAt { when }) => format!("Closed right now. Opens {when}."),
            (Locale::Fr, HoursUnknown) => "Horaires non communiqués".into(),
            (Locale::En, HoursUnknown) => "Opening hours not published".into(),
            (Locale::Fr, WaitAbout { minutes }) => format!("Attente estimée : environ {minutes} min"),
            (Locale::En, WaitAbout { minutes }) => format!("Estimated wait: about {minutes} min"),
            (Locale::Fr, Call { helpline }) => format!("Appeler le {helpline}"),
            (Locale::En, Call { helpline }) => format!("Call {helpline}"),
            (Locale::Fr, Chat) => "Discuter par écrit".into(),
            (Locale::En, Chat) => "Chat".into(),
            (Locale::Fr, WriteToUs) => "Laisser un message".into(),
            (Locale::En, WriteToUs) => "Leave a message".into(),
            (Locale::Fr, CallMeBack) => "Être rappelé".into(),
            (Locale::En, CallMeBack) => "Ask to be called back".into(),
            (Locale::Fr, Website) => "Site web".into(),
            (Locale::En, Website) => "Website".into(),
            (Locale::Fr, CodeUnknownTitle) => "Ce code ne fonctionne pas".into(),
            (Locale::En, CodeUnknownTitle) => "This code doesn't work".into(),
            (Locale::Fr, CodeUnknown { helpline }) => format!(
                "Il a peut-être expiré ou déjà servi. Tu peux quand même contacter le {helpline} : raconte-nous ce qui se passe."
            ),
            (Locale::En, CodeUnknown { helpline }) => format!(
                "It may have expired or been used already. You can still contact {helpline}: tell us what is happening."
            ),
            (Locale::Fr, Expires { when }) => format!("Ce code est valable jusqu'au {when}."),
            (Locale::En, Expires { when }) => format!("This code works until {when}."),
            (Locale::Fr, Free) => "Gratuit, anonyme et confidentiel.".into(),
            (Locale::En, Free) => "Free, anonymous and confidential.".into(),
            (Locale::Fr, ErrorTitle) => "Un souci avec cette page".into(),
            (Locale::En, ErrorTitle) => "Something is wrong with this page".into(),
            (Locale::Fr, FormExpired) => {
                "Le formulaire a expiré. Recharge la page et recommence : rien n'a été envoyé.".into()
            }
            (Locale::En, FormExpired) => {
                "The form has expired. Reload the page and start again: nothing was sent.".into()
            }
            (Locale::Fr, PageUnreadable) => {
                "Cette adresse ou ce formulaire n'a pas pu être lu. Reviens en arrière et réessaie.".into()
            }
            (Locale::En, PageUnreadable) => {
                "This address or this form could not be read. Go back and try again.".into()
            }
            (Locale::Fr, NoSuchHelpline) => "Cette ligne d'écoute n'est pas connue ici.".into(),
            (Locale::En, NoSuchHelpline) => "This helpline is not known here.".into(),
            (Locale::Fr, TooManyTries) => "Trop d'essais. Attends une minute avant de réessayer.".into(),
            (Locale::En, TooManyTries) => "Too many tries. Wait a minute before trying again.".into(),
            (Locale::Fr, Tomorrow) => "demain".into(),
            (Locale::En, Tomorrow) => "tomorrow".into(),
            (Locale::Fr, Today) => "aujourd'hui".into(),
            (Locale::En, Today) => "today".into(),
            (Locale::Fr, ReportTo { platform }) => format!("Signaler à {platform}"),
            (Locale::En, ReportTo { platform }) => format!("Report to {platform}"),
            (Locale::Fr, TalkTo { helpline }) => format!("Parler au {helpline}"),
            (Locale::En, TalkTo { helpline }) => format!("Talk to {helpline}"),
            (Locale::Fr, InDanger { formal: false }) => "En danger ? Appelle maintenant :".into(),
            (Locale::Fr, InDanger { formal: true }) => "En danger ? Appelez maintenant :".into(),
            (Locale::En, InDanger { .. }) => "In danger? Call now:".into(),
            (Locale::Fr, OtherHelp { formal: false }) => "D'autres services peuvent t'aider :".into(),
            (Locale::Fr, OtherHelp { formal: true }) => "D'autres services peuvent vous aider :".into(),
            (Locale::En, OtherHelp { .. }) => "Other services can help:".into(),
            (Locale::Fr, WidgetTitle { formal: false }) => "Que veux-tu faire ?".into(),
            (Locale::Fr, WidgetTitle { formal: true }) => "Que voulez-vous faire ?".into(),
            (Locale::En, WidgetTitle { .. }) => "What would you like to do?".into(),
        }
    }
}

/// The words of the public contact form; `{helpline}` stands for the helpline's name.
#[derive(Debug, Clone, Copy)]
pub struct FormText {
    pub title: &'static str,
    pub intro: &'static str,
    pub what: &'static str,
    pub category: &'static str,
    pub platform: &'static str,
    pub links: &'static str,
    pub links_hint: &'static str,
    pub age: &'static str,
    pub ages: [&'static str; 3],
    pub school: &'static str,
    pub schools: [&'static str; 4],
    pub reach: &'static str,
    pub reach_none: &'static str,
    pub reach_callback: &'static str,
    pub reach_come_back: &'static str,
    pub phone: &'static str,
    pub danger: &'static str,
    pub send: &'static str,
    pub done_title: &'static str,
    pub your_reference: &'static str,
    pub your_word: &'static str,
    pub keep_them: &'static str,
    pub next_callback: &'static str,
    pub next_come_back: &'static str,
    pub next_none: &'static str,
    pub danger_now: &'static str,
    pub follow: &'static str,
    /// Where a case stands, as the follow-up page tells the child.
    pub case_waiting: &'static str,
    pub case_in_hand: &'static str,
    pub case_finished: &'static str,
}

impl FormText {
    pub fn get(locale: Locale) -> FormText {
        match locale {
            Locale::Fr => FormText {
                title: "Écrire au {helpline}",
                intro: "Gratuit, anonyme et confidentiel. Tu n'as pas besoin de donner ton nom.",
                what: "Qu'est-ce qui se passe ?",
                category: "C'est plutôt…",
                platform: "Sur quelle application ou quel site ?",
                links: "Des liens vers les contenus (facultatif)",
                links_hint: "Un lien par ligne, qui commence par https://",
                age: "Ton âge",
                ages: ["moins de 13 ans", "13 à 17 ans", "18 ans ou plus"],
                school: "Tu es en…",
                schools: ["primaire", "collège", "lycée", "autre"],
                reach: "Comment te répondre ?",
                reach_none: "Je ne veux pas être contacté·e",
                reach_callback: "Rappelez-moi à ce numéro",
                reach_come_back: "Je reviendrai avec mon code",
                phone: "Numéro de téléphone (seulement pour te rappeler)",
                danger: "Je suis en danger maintenant",
                send: "Envoyer",
                done_title: "C'est envoyé",
                your_reference: "Ton code",
                your_word: "Ton mot secret",
                keep_them: "Garde-les : avec eux, tu reviens à ton dossier sans tout raconter de nouveau.",
                next_callback: "Une personne du {helpline} te rappellera dès que possible, aux heures d'ouverture.",
                next_come_back: "Tu peux appeler le {helpline} ou revenir sur cette page avec ton code et ton mot secret.",
                next_none: "Ton message a été transmis à l'équipe du {helpline}.",
                danger_now: "Si tu es en danger maintenant, appelle le 112 ou le 17.",
                follow: "Suivre mon dossier",
                case_waiting: "Ton message attend qu'une personne du {helpline} le lise. Elle le lira dès que possible.",
                case_in_hand: "Une personne du {helpline} s'occupe de ton dossier.",
                case_finished: "Ton dossier est terminé. Tu peux toujours nous écrire ou appeler le {helpline}.",
            },
            Locale::En => FormText {
                title: "Write to {helpline}",
                intro: "Free, anonymous and confidential. You don't need to give your name.",
                what: "What is happening?",
                category: "It is mostly…",
                platform: "On which app or website?",
                links: "Links to the content (optional)",
                links_hint: "One link per line, starting with https://",
                age: "Your age",
                ages: ["under 13", "13 to 17", "18 or over"],
                school: "You are at…",
                schools: ["primary school", "middle school", "high school", "other"],
                reach: "How should we answer?",
                reach_none: "I don't want to be contacted",
                reach_callback: "Call me back on this number",
                reach_come_back: "I will come back with my code",
                phone: "Phone number (only to call you back)",
                danger: "I am in danger right now",
                send: "Send",
                done_title: "It's sent",
                your_reference: "Your code",
                your_word: "Your secret word",
                keep_them: "Keep them: with them you come back to your case without telling it all again.",
                next_callback: "Someone from {helpline} will call you back as soon as possible, during opening hours.",
                next_come_back: "You can call {helpline} or come back to this page with your code and secret word.",
                next_none: "Your message has been passed to the {helpline} team.",
                danger_now: "If you are in danger right now, call 112.",
                follow: "Follow my case",
                case_waiting: "Your message is waiting for someone at {helpline} to read it, as soon as possible.",
                case_in_hand: "Someone at {helpline} is working on your case.",
                case_finished: "Your case is finished. You can always write to us or call {helpline}.",
            },
        }
    }
}
