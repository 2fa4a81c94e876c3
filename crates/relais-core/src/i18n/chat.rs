//! The chat: the child's page, and what the helpline says of itself in a
//! conversation (someone joined, the chat ended). Words an eight-year-old
//! reads: short sentences, "tu" in French. The words are in
//! `locales/*/chat.ftl`; the follow-up page's in `public.ftl`.

use crate::Locale;
use crate::case::Skill;
use crate::i18n::catalogue::{Arg, text};
use crate::i18n::words;

words! {
    /// Every word of the child's chat page, for one language.
    pub struct ChatText in Chat / "chat" {
        /// `{helpline}`.
        title,
        intro,
        optional,
        age_question,
        ages[3],
        topic_question,
        topic_none,
        danger,
        first_message,
        start,
        skip,
        /// `{position}`: the child's place in the queue.
        position,
        next_one,
        /// `{minutes}`.
        wait,
        wait_unknown,
        waiting_reassure,
        write_here,
        send,
        sending,
        not_sent,
        counsellor_typing,
        you,
        helpline_says,
        end,
        ended_title,
        ended_keep,
        your_code,
        your_word,
        /// Between a label and its value: " :" in French, ":" elsewhere.
        colon,
        ended_followup,
        /// The quick exit of every public page, and how else to use it.
        quick_exit,
        quick_exit_hint,
        offline,
        reconnected,
        /// `{when}`.
        closed,
        closed_form,
        in_danger_call,
        unknown_chat,
        too_long,
        too_fast,
        chat_ended_refused,
        /// A message with nothing in it, or with invisible characters.
        unreadable,
        /// To a counsellor: the conversation was passed on while they wrote.
        not_yours,
        /// To a supervisor reading a conversation.
        read_only,
        /// A messaging app's window has closed: the counsellor's words cannot leave.
        window_closed,
        /// The approved template cannot be sent (not WhatsApp, its day not passed, none set).
        no_template,
    }
}

/// What the helpline says in a conversation, from the system message's code
/// (`joined:jurist`, `transferred:psychologist`, `ended`).
pub fn system_message(code: &str, locale: Locale) -> String {
    let (kind, detail) = code.split_once(':').unwrap_or((code, ""));
    let who = || {
        let id = match Skill::from_code(detail) {
            Some(Skill::Psychologist) => "chat-who-psychologist",
            Some(Skill::Jurist) => "chat-who-jurist",
            _ => "chat-who-listener",
        };
        text(locale, id, &[])
    };
    match kind {
        "joined" => text(locale, "chat-system-joined", &[("who", Arg::Text(&who()))]),
        "transferred" => text(locale, "chat-system-transferred", &[("who", Arg::Text(&who()))]),
        // Written from a messaging app while the line is closed; the detail says when it opens.
        "closed" => text(locale, "chat-system-closed", &[("when", Arg::Text(detail))]),
        "reengage" => text(locale, "chat-system-reengage", &[]),
        "ended" => text(locale, "chat-system-ended", &[]),
        _ => "…".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_helpline_says_who_joined_in_the_childs_language() {
        assert_eq!(system_message("joined:jurist", Locale::Fr), "Tu parles maintenant avec un·e juriste.");
        assert_eq!(system_message("joined:listener", Locale::En), "You are now talking with a listener.");
        assert!(system_message("transferred:psychologist", Locale::Fr).contains("un·e psychologue"));
        assert_eq!(system_message("ended", Locale::En), "The conversation has ended.");
        assert_eq!(system_message("something:else", Locale::Fr), "…", "an unknown code says nothing wrong");
    }
}

words! {
    /// The follow-up page's words (`/suivi`): a child comes back with their code and word.
    pub struct FollowUpText in Public / "followup" {
        title,
        code_label,
        word_label,
        submit,
        write_again,
        too_many,
        no_match,
        message_length,
        choose_answer,
    }
}
