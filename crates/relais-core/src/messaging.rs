//! Messaging apps (WhatsApp, Messenger, Instagram): the rules a conversation
//! obeys when the child writes from one of them rather than from the chat page.
//!
//! The conversation is the same ([`crate::conversation`]); what differs is
//! what the platform lets the helpline send and when (its messaging window),
//! how a reply's delivery is followed, how the child says "stop", and how
//! the child's address is shown to a counsellor (masked: it is needed to
//! reply, not to help).

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::Locale;
use crate::i18n::catalogue::{Arg, text};

/// A messaging app a helpline answers on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppKind {
    WhatsApp,
    Messenger,
    Instagram,
}

impl AppKind {
    pub const ALL: [AppKind; 3] = [AppKind::WhatsApp, AppKind::Messenger, AppKind::Instagram];

    pub fn code(self) -> &'static str {
        match self {
            AppKind::WhatsApp => "whatsapp",
            AppKind::Messenger => "messenger",
            AppKind::Instagram => "instagram",
        }
    }

    pub fn from_code(code: &str) -> Option<AppKind> {
        AppKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The app's name, as people say it.
    pub fn name(self) -> &'static str {
        match self {
            AppKind::WhatsApp => "WhatsApp",
            AppKind::Messenger => "Messenger",
            AppKind::Instagram => "Instagram",
        }
    }

    /// The contact channel a case opened from this app counts under.
    pub fn channel(self) -> crate::case::ContactChannel {
        match self {
            AppKind::WhatsApp => crate::case::ContactChannel::WhatsApp,
            AppKind::Messenger => crate::case::ContactChannel::Messenger,
            AppKind::Instagram => crate::case::ContactChannel::Instagram,
        }
    }
}

/// What a child may attach from an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
    Sticker,
}

impl MediaKind {
    /// Meta's word for it (`file` is Messenger's for a document).
    pub fn from_code(code: &str) -> Option<MediaKind> {
        Some(match code {
            "image" => MediaKind::Image,
            "video" => MediaKind::Video,
            "audio" => MediaKind::Audio,
            "file" | "document" => MediaKind::Document,
            "sticker" => MediaKind::Sticker,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Document => "document",
            MediaKind::Sticker => "sticker",
        }
    }
}

/// What the counsellor reads in place of an attachment: kept, refused, too
/// large, lost, or a kind of message Relais does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentNote<'a> {
    Kept(MediaKind),
    RefusedType(MediaKind),
    TooLarge(MediaKind, Option<u64>, u64),
    Lost(MediaKind, &'a str),
    NotRead(&'a str),
}

impl AttachmentNote<'_> {
    pub fn render(self, locale: Locale) -> String {
        let what = |k: MediaKind| text(locale, &format!("attachment-kind-{}", k.code()), &[]);
        let mb = |bytes: u64| format!("{:.1}", bytes as f64 / 1_048_576.0);
        match self {
            AttachmentNote::Kept(k) => text(locale, "attachment-kept", &[("what", Arg::Text(&what(k)))]),
            AttachmentNote::RefusedType(k) => text(locale, "attachment-refused-type", &[("what", Arg::Text(&what(k)))]),
            AttachmentNote::TooLarge(k, Some(size), limit) => text(
                locale,
                "attachment-too-large",
                &[("what", Arg::Text(&what(k))), ("size", Arg::Text(&mb(size))), ("limit", Arg::Text(&mb(limit)))],
            ),
            AttachmentNote::TooLarge(k, None, limit) => text(
                locale,
                "attachment-too-large-unknown-size",
                &[("what", Arg::Text(&what(k))), ("limit", Arg::Text(&mb(limit)))],
            ),
            AttachmentNote::Lost(k, why) => {
                text(locale, "attachment-lost", &[("what", Arg::Text(&what(k))), ("why", Arg::Text(why))])
            }
            AttachmentNote::NotRead(what) => text(locale, "attachment-not-read", &[("what", Arg::Text(what))]),
        }
    }
}

/// How long after the child's last message the helpline may write freely.
pub const STANDARD_WINDOW: SignedDuration = SignedDuration::from_hours(24);
/// How long Messenger and Instagram let a person (not a bot) answer, with the
/// human-agent tag, after the child's last message.
pub const HUMAN_AGENT_WINDOW: SignedDuration = SignedDuration::from_hours(24 * 7);

/// How long a platform may deliver the same webhook again (Meta retries for
/// up to a week): a message id seen before that is forgotten.
pub const REDELIVERY_HORIZON: SignedDuration = SignedDuration::from_hours(24 * 8);

/// What the helpline may send now in a conversation from an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Any text, until then.
    Open { closes_at: Timestamp },
    /// Messenger and Instagram after the first day: text marked as a human
    /// agent's answer, until then.
    HumanAgent { closes_at: Timestamp },
    /// WhatsApp after the first day: only an approved template, which the
    /// child answers to open the window again.
    TemplateOnly,
    /// Nothing can be sent until the child writes again.
    Closed,
}

impl Window {
    /// Whether a counsellor's own words may be sent now.
    pub fn takes_text(self) -> bool {
        matches!(self, Window::Open { .. } | Window::HumanAgent { .. })
    }

    /// Until when the present window lasts, if it does.
    pub fn closes_at(self) -> Option<Timestamp> {
        match self {
            Window::Open { closes_at } | Window::HumanAgent { closes_at } => Some(closes_at),
            Window::TemplateOnly | Window::Closed => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Window::Open { .. } => "open",
            Window::HumanAgent { .. } => "human_agent",
            Window::TemplateOnly => "template_only",
            Window::Closed => "closed",
        }
    }
}

/// The window of a conversation on `app` whose child last wrote at
/// `last_inbound`. Only the child's messages open it: the helpline writing
/// does not make it last longer.
pub fn window(app: AppKind, last_inbound: Option<Timestamp>, now: Timestamp) -> Window {
    let Some(last) = last_inbound else {
        return match app {
            AppKind::WhatsApp => Window::TemplateOnly,
            AppKind::Messenger | AppKind::Instagram => Window::Closed,
        };
    };
    let standard = last + STANDARD_WINDOW;
    if now < standard {
        return Window::Open { closes_at: standard };
    }
    match app {
        AppKind::WhatsApp => Window::TemplateOnly,
        AppKind::Messenger | AppKind::Instagram => {
            let human = last + HUMAN_AGENT_WINDOW;
            if now < human { Window::HumanAgent { closes_at: human } } else { Window::Closed }
        }
    }
}

/// Where a reply stands on its way to the child's phone. Statuses may come
/// out of order (a "read" before its "delivered", a "sent" last); a reply
/// only moves forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// In the outbox.
    Queued,
    /// The platform took it.
    Sent,
    Delivered,
    Read,
    /// The platform could not deliver it, or the outbox gave up.
    Failed,
}

impl Delivery {
    pub const ALL: [Delivery; 5] =
        [Delivery::Queued, Delivery::Sent, Delivery::Delivered, Delivery::Read, Delivery::Failed];

    pub fn code(self) -> &'static str {
        match self {
            Delivery::Queued => "queued",
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
            Delivery::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.code() == code)
    }

    /// Where a reply stands once `status` is heard. A failure is final but
    /// for a later "delivered" or "read", which proves it arrived after all;
    /// nothing moves a reply back.
    pub fn then(self, status: Delivery) -> Delivery {
        use Delivery::*;
        match (self, status) {
            (Failed, Delivered | Read) => status,
            (Failed, _) => Failed,
            (Read, _) => Read,
            (_, Failed) => Failed,
            (current, next) if next > current => next,
            (current, _) => current,
        }
    }
}

/// Whether a message is the child asking not to be written to any more:
/// "STOP" or "ARRÊT", alone, whatever the case, accents or final punctuation.
pub fn is_stop(text: &str) -> bool {
    let word: String = text
        .trim()
        .trim_end_matches(['.', '!', ' ', '\u{a0}'])
        .chars()
        .map(|c| match c {
            'Ê' | 'ê' | 'É' | 'é' => 'e',
            other => other.to_ascii_lowercase(),
        })
        .collect();
    matches!(word.as_str(), "stop" | "arret" | "unsubscribe")
}

/// A child's address as a counsellor sees it: enough to tell two apart, not
/// enough to call. A phone number keeps its country code, the first digit and
/// the last two (`+33 6•• •• •• 42`); a page-scoped id its last four.
pub fn mask(app: AppKind, address: &str) -> String {
    let digits: Vec<char> = address.chars().filter(char::is_ascii_digit).collect();
    match app {
        AppKind::WhatsApp if digits.len() >= 8 => {
            // Country codes are one to three digits; French and most European ones are two.
            let cc = if digits[0] == '1' || digits[0] == '7' { 1 } else { 2 };
            let (country, rest) = digits.split_at(cc);
            let national = rest.len();
            let mut out = format!("+{} {}", country.iter().collect::<String>(), rest[0]);
            let hidden = national.saturating_sub(3);
            for i in 0..hidden {
                if (i + 1) % 2 == 0 && i + 1 < hidden {
                    out.push('•');
                    out.push(' ');
                } else {
                    out.push('•');
                }
            }
            out.push(' ');
            out.extend(&rest[national - 2..]);
            out
        }
        _ => {
            let chars: Vec<char> = address.chars().collect();
            let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
            format!("…{tail}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn whatsapp_takes_text_for_a_day_after_the_childs_message_then_only_a_template() {
        let last = at("2026-11-30T10:00:00Z");
        assert_eq!(
            window(AppKind::WhatsApp, Some(last), at("2026-12-01T09:59:59Z")),
            Window::Open { closes_at: at("2026-12-01T10:00:00Z") }
        );
        assert_eq!(window(AppKind::WhatsApp, Some(last), at("2026-12-01T10:00:00Z")), Window::TemplateOnly);
        assert_eq!(window(AppKind::WhatsApp, None, last), Window::TemplateOnly);
        assert!(!Window::TemplateOnly.takes_text());
    }

    #[test]
    fn messenger_and_instagram_give_a_person_a_week_with_the_human_agent_tag() {
        let last = at("2026-11-30T10:00:00Z");
        for app in [AppKind::Messenger, AppKind::Instagram] {
            assert!(matches!(window(app, Some(last), at("2026-11-30T22:00:00Z")), Window::Open { .. }));
            assert_eq!(
                window(app, Some(last), at("2026-12-03T10:00:00Z")),
                Window::HumanAgent { closes_at: at("2026-12-07T10:00:00Z") }
            );
            assert_eq!(window(app, Some(last), at("2026-12-07T10:00:00Z")), Window::Closed);
        }
    }

    #[test]
    fn a_reply_only_moves_forward_whatever_order_the_statuses_come_in() {
        use Delivery::*;
        assert_eq!(Queued.then(Sent).then(Delivered).then(Read), Read);
        assert_eq!(Queued.then(Read).then(Delivered).then(Sent), Read, "a late 'sent' changes nothing");
        assert_eq!(Sent.then(Failed), Failed);
        assert_eq!(Failed.then(Sent), Failed);
        assert_eq!(Failed.then(Read), Read, "read proves it arrived");
        assert_eq!(Read.then(Failed), Read);
    }

    #[test]
    fn stop_is_the_word_alone() {
        for yes in ["STOP", "stop", " Stop. ", "ARRÊT", "arret", "Arrêt !", "UNSUBSCRIBE"] {
            assert!(is_stop(yes), "{yes}");
        }
        for no in ["stop harcèlement", "il faut que ça s'arrête", "", "stopper"] {
            assert!(!is_stop(no), "{no}");
        }
    }

    #[test]
    fn a_counsellor_sees_a_masked_address() {
        assert_eq!(mask(AppKind::WhatsApp, "33612345642"), "+33 6•• •• •• 42");
        assert_eq!(mask(AppKind::WhatsApp, "+33 6 12 34 56 42"), "+33 6•• •• •• 42");
        assert_eq!(mask(AppKind::Messenger, "6543210987654321"), "…4321");
        assert_eq!(mask(AppKind::WhatsApp, "123"), "…123", "too short to be a number: shown as an id");
        assert!(!mask(AppKind::WhatsApp, "447700900123").contains("7009"));
    }
}
