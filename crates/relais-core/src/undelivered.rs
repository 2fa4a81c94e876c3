//! Why something the helpline sent has not arrived: a reply to a messaging
//! app, a notice to a platform. The reason is kept as a [`Why`], not as a
//! sentence, so that each counsellor reads it in their own language, whenever
//! they look, and a supervisor's dashboard never mixes languages.

use serde::{Deserialize, Serialize};

use crate::Locale;
use crate::i18n::catalogue::{Arg, text};

/// Why a sending failed, as kept beside what was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Why {
    /// The other side could not be reached at all.
    Unreachable { network: Network },
    /// The platform answered with an HTTP error.
    Status { status: u16 },
    /// Meta is down or busy (a 5xx, a 429): tried again.
    Unavailable { status: u16 },
    /// Meta answered something that could not be read: tried again.
    AnswerUnreadable,
    /// Meta accepted the message without naming it: tried again.
    AnswerWithoutId,
    /// The app's window closed: only what it allows may be sent now.
    WindowPassed,
    /// Meta's rate limit: tried again in a moment.
    RateLimited,
    /// The channel's access token was refused: an operator must renew it.
    TokenRefused,
    /// The person cannot be reached now (they may have blocked the account).
    PersonUnreachable,
    /// WhatsApp does not accept this kind of message.
    KindRefused,
    /// WhatsApp does not know the template.
    TemplateUnknown,
    /// Another Graph error, with Meta's own words (in English, as Meta gives them).
    Refused { code: i64, says: String },
    /// Meta refused without a Graph error.
    RefusedStatus { status: u16 },
    /// Messenger and Instagram have no templates.
    NoTemplates,
    /// No approved template is set for this WhatsApp channel.
    NoTemplateSet,
    /// More than 24 hours since the child wrote: WhatsApp allows only the template.
    TemplateOnly,
    /// The child has not written for more than 24 hours (WhatsApp).
    QuietForADay,
    /// The child has not written for more than 7 days (Messenger, Instagram).
    QuietForAWeek,
    /// The notice's case was erased before it left.
    CaseErased,
    /// The platform was disconnected before the notice left.
    PlatformDisconnected,
    /// A reason kept as words before reasons were kept as codes: shown as it was.
    #[serde(skip)]
    Said(String),
}

/// How a connection failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    TimedOut,
    /// The other side's certificate was not trusted.
    Untrusted,
    /// The secure connection could not be set up.
    Tls,
    NoConnection,
    Failed,
}

impl Why {
    /// The form kept in the store.
    pub fn store(&self) -> String {
        match self {
            Why::Said(words) => words.clone(),
            why => serde_json::to_string(why).unwrap_or_default(),
        }
    }

    /// Reads what the store kept; words from before are kept as they were.
    pub fn read(stored: &str) -> Why {
        serde_json::from_str(stored).unwrap_or_else(|_| Why::Said(stored.to_owned()))
    }

    /// A Graph API error code, as Meta documents them.
    pub fn from_graph(code: i64, meta_says: &str) -> Why {
        match code {
            131047 => Why::WindowPassed,
            4 | 17 | 32 | 613 | 80007 | 130429 | 131048 | 131056 => Why::RateLimited,
            190 => Why::TokenRefused,
            551 | 131026 => Why::PersonUnreachable,
            131051 => Why::KindRefused,
            132001 => Why::TemplateUnknown,
            _ => Why::Refused { code, says: meta_says.to_owned() },
        }
    }

    /// Whether the same send may work later by itself: a rate limit passes, a
    /// token refused may be renewed; anything else Meta refused stays refused.
    pub fn retries(&self) -> bool {
        matches!(self, Why::RateLimited | Why::TokenRefused)
    }

    /// The message's name in the translation files, and its arguments.
    fn message(&self) -> (&'static str, Vec<(&'static str, Arg<'_>)>) {
        let number = |n: u16| Arg::Number(n.into());
        match self {
            Why::Unreachable { network } => (network.message(), vec![]),
            Why::Status { status } => ("why-status", vec![("status", number(*status))]),
            Why::Unavailable { status } => ("why-unavailable", vec![("status", number(*status))]),
            Why::AnswerUnreadable => ("why-answer-unreadable", vec![]),
            Why::AnswerWithoutId => ("why-answer-without-id", vec![]),
            Why::WindowPassed => ("why-window-passed", vec![]),
            Why::RateLimited => ("why-rate-limited", vec![]),
            Why::TokenRefused => ("why-token-refused", vec![]),
            Why::PersonUnreachable => ("why-person-unreachable", vec![]),
            Why::KindRefused => ("why-kind-refused", vec![]),
            Why::TemplateUnknown => ("why-template-unknown", vec![]),
            Why::Refused { code, says } if says.is_empty() => ("why-refused-code", vec![("code", Arg::Number(*code))]),
            Why::Refused { code, says } => {
                ("why-refused-says", vec![("code", Arg::Number(*code)), ("says", Arg::Text(says))])
            }
            Why::RefusedStatus { status } => ("why-refused-status", vec![("status", number(*status))]),
            Why::NoTemplates => ("why-no-templates", vec![]),
            Why::NoTemplateSet => ("why-no-template-set", vec![]),
            Why::TemplateOnly => ("why-template-only", vec![]),
            Why::QuietForADay => ("why-quiet-for-a-day", vec![]),
            Why::QuietForAWeek => ("why-quiet-for-a-week", vec![]),
            Why::CaseErased => ("why-case-erased", vec![]),
            Why::PlatformDisconnected => ("why-platform-disconnected", vec![]),
            Why::Said(_) => ("", vec![]),
        }
    }

    /// The reason in a reader's language.
    pub fn render(&self, locale: Locale) -> String {
        if let Why::Said(words) = self {
            return words.clone();
        }
        let (id, args) = self.message();
        text(locale, id, &args)
    }

    /// The reason as kept in the store, in a reader's language.
    pub fn render_stored(stored: &str, locale: Locale) -> String {
        Why::read(stored).render(locale)
    }
}

impl Network {
    fn message(self) -> &'static str {
        match self {
            Network::TimedOut => "why-timed-out",
            Network::Untrusted => "why-untrusted",
            Network::Tls => "why-tls",
            Network::NoConnection => "why-no-connection",
            Network::Failed => "why-request-failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::catalogue::{Domain, lookup};

    fn every() -> Vec<Why> {
        let mut all = vec![
            Why::Status { status: 503 },
            Why::Unavailable { status: 502 },
            Why::AnswerUnreadable,
            Why::AnswerWithoutId,
            Why::WindowPassed,
            Why::RateLimited,
            Why::TokenRefused,
            Why::PersonUnreachable,
            Why::KindRefused,
            Why::TemplateUnknown,
            Why::Refused { code: 100, says: String::new() },
            Why::Refused { code: 100, says: "(#100) Invalid parameter".into() },
            Why::RefusedStatus { status: 400 },
            Why::NoTemplates,
            Why::NoTemplateSet,
            Why::TemplateOnly,
            Why::QuietForADay,
            Why::QuietForAWeek,
            Why::CaseErased,
            Why::PlatformDisconnected,
        ];
        for network in [Network::TimedOut, Network::Untrusted, Network::Tls, Network::NoConnection, Network::Failed] {
            all.push(Why::Unreachable { network });
        }
        // A new reason must be added above: this match says so.
        for why in &all {
            match why {
                Why::Unreachable { .. }
                | Why::Status { .. }
                | Why::Unavailable { .. }
                | Why::AnswerUnreadable
                | Why::AnswerWithoutId
                | Why::WindowPassed
                | Why::RateLimited
                | Why::TokenRefused
                | Why::PersonUnreachable
                | Why::KindRefused
                | Why::TemplateUnknown
                | Why::Refused { .. }
                | Why::RefusedStatus { .. }
                | Why::NoTemplates
                | Why::NoTemplateSet
                | Why::TemplateOnly
                | Why::QuietForADay
                | Why::QuietForAWeek
                | Why::CaseErased
                | Why::PlatformDisconnected
                | Why::Said(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_reason_is_said_in_every_console_language() {
        for locale in Locale::ALL.into_iter().filter(|l| Domain::Console.ships(*l)) {
            for why in every() {
                let (id, args) = why.message();
                assert!(lookup(locale, id, &args).is_ok(), "{why:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn a_reason_is_kept_as_a_code_and_read_in_the_readers_language() {
        let why = Why::from_graph(131047, "(#131047) Re-engagement message");
        assert_eq!(why, Why::WindowPassed);
        let stored = why.store();
        assert_eq!(stored, r#"{"why":"window_passed"}"#);
        assert!(Why::render_stored(&stored, Locale::En).contains("24 hours"));
        assert!(Why::render_stored(&stored, Locale::Fr).contains("24 heures"));
        assert_eq!(Why::Status { status: 503 }.render(Locale::Fr), "la plateforme a répondu HTTP 503");
        assert!(Why::from_graph(130429, "").retries() && !Why::from_graph(100, "").retries());
        // Words kept before reasons were codes are shown as they were.
        assert_eq!(Why::render_stored("HTTP 503", Locale::Fr), "HTTP 503");
        let unknown = Why::from_graph(100, "(#100) Invalid parameter");
        assert!(unknown.render(Locale::Fr).contains("Invalid parameter"), "Meta's own words are kept");
    }
}
