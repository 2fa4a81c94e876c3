//! Conversations: a child and the helpline writing to each other.
//!
//! One model for every written channel (the web chat now, messaging apps
//! next). A conversation belongs to a case: it waits in the one priority
//! queue like any contact, is held by a counsellor once taken (several at
//! once, up to their capacity), may pass to a psychologist or a jurist, and
//! ends with the case's outcome. Its messages are numbered in order per
//! conversation; a client that reconnects says the last number it saw and
//! gets the rest.

use serde::{Deserialize, Serialize};

use crate::AgeBand;
use crate::Category;
use crate::case::{CaseChange, CaseStatus};

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationState {
    /// In the queue: no counsellor yet, or passed on to another skill and waiting there.
    Waiting,
    /// A counsellor holds it.
    Active,
    /// Ended by the counsellor or the child, or closed for inactivity; no message is taken.
    Ended,
}

impl ConversationState {
    pub const ALL: [ConversationState; 3] =
        [ConversationState::Waiting, ConversationState::Active, ConversationState::Ended];

    pub fn code(self) -> &'static str {
        match self {
            ConversationState::Waiting => "waiting",
            ConversationState::Active => "active",
            ConversationState::Ended => "ended",
        }
    }

    pub fn from_code(code: &str) -> Option<ConversationState> {
        ConversationState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether a message may be written: not once the conversation ended.
    pub fn takes_messages(self) -> bool {
        self != ConversationState::Ended
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Child,
    Counsellor,
    /// What the helpline says of itself: "a jurist joins the conversation".
    System,
}

impl Author {
    pub const ALL: [Author; 3] = [Author::Child, Author::Counsellor, Author::System];

    pub fn code(self) -> &'static str {
        match self {
            Author::Child => "child",
            Author::Counsellor => "counsellor",
            Author::System => "system",
        }
    }

    pub fn from_code(code: &str) -> Option<Author> {
        Author::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// The longest message, in characters: a long paragraph, not a document.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// Why a message is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFault {
    Empty,
    TooLong,
    /// A control or bidirectional character where it cannot be (see [`crate::text`]).
    Hidden,
}

/// A message as written, checked: one to [`MAX_MESSAGE_CHARS`] characters of
/// free text (line breaks allowed, nothing invisible but them).
pub fn check_message(text: &str) -> Result<&str, MessageFault> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(MessageFault::Empty);
    }
    if trimmed.chars().count() > MAX_MESSAGE_CHARS {
        return Err(MessageFault::TooLong);
    }
    crate::text::check(trimmed, crate::text::Shape::FreeText).map_err(|_| MessageFault::Hidden)?;
    Ok(trimmed)
}

/// What a child may say before the chat starts: each answer may be skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    pub age_band: Option<AgeBand>,
    pub category: Option<Category>,
    /// "I am in danger right now".
    #[serde(default)]
    pub in_danger: bool,
}

/// How many conversations a counsellor may hold at once, by default.
pub const DEFAULT_CAPACITY: u32 = 3;

/// Whether a counsellor may take one more conversation: under their capacity,
/// and not on a call (a counsellor answering the phone takes no chat).
pub fn may_take_another(held: u32, capacity: u32, on_a_call: bool) -> bool {
    !on_a_call && held < capacity
}

/// What becomes of a case's conversation when the case moves. The
/// conversation is the case's voice: it is held by whoever has the case in
/// hand, waits where the case waits, and ends when the case is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follows {
    /// A waiting conversation goes to the counsellor who has the case now.
    Held,
    /// Back in a queue (another skill's), waiting for whoever is free there.
    Requeued,
    /// The case is resolved or closed, or the child left: no more messages.
    Ended,
    /// Nothing changes for the conversation (waiting for a platform, say).
    Stays,
}

/// How a conversation follows its case through `change`. A child writing
/// again reopens it, which is the store's `write_again`, not a move.
pub fn follows(change: CaseChange) -> Follows {
    match change {
        CaseChange::Take | CaseChange::Move(CaseStatus::InProgress) => Follows::Held,
        CaseChange::Transfer => Follows::Requeued,
        CaseChange::Move(CaseStatus::Resolved | CaseStatus::Closed) | CaseChange::ChildLeaves => Follows::Ended,
        CaseChange::Move(CaseStatus::New | CaseStatus::WaitingForPlatform) | CaseChange::ChildReturns => Follows::Stays,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_one_to_two_thousand_characters_of_visible_text() {
        assert_eq!(check_message("  salut  "), Ok("salut"));
        assert_eq!(check_message("ligne 1\nligne 2"), Ok("ligne 1\nligne 2"));
        assert_eq!(check_message("   \n "), Err(MessageFault::Empty));
        assert_eq!(check_message(&"a".repeat(2001)), Err(MessageFault::TooLong));
        assert_eq!(check_message(&"é".repeat(2000)).map(str::len), Ok(4000), "characters, not bytes");
        assert_eq!(check_message("a\u{0}b"), Err(MessageFault::Hidden));
    }

    #[test]
    fn a_conversation_follows_its_case() {
        assert_eq!(follows(CaseChange::Take), Follows::Held);
        assert_eq!(
            follows(CaseChange::Move(CaseStatus::InProgress)),
            Follows::Held,
            "a counsellor takes it by its status"
        );
        assert_eq!(follows(CaseChange::Transfer), Follows::Requeued);
        assert_eq!(follows(CaseChange::Move(CaseStatus::Resolved)), Follows::Ended);
        assert_eq!(follows(CaseChange::Move(CaseStatus::Closed)), Follows::Ended);
        assert_eq!(follows(CaseChange::ChildLeaves), Follows::Ended);
        assert_eq!(
            follows(CaseChange::Move(CaseStatus::WaitingForPlatform)),
            Follows::Stays,
            "the child may still write"
        );
    }

    #[test]
    fn capacity_and_calls_decide_whether_another_chat_is_taken() {
        assert!(may_take_another(0, DEFAULT_CAPACITY, false));
        assert!(may_take_another(2, 3, false));
        assert!(!may_take_another(3, 3, false), "at capacity");
        assert!(!may_take_another(0, 3, true), "on a call");
        assert!(!may_take_another(0, 0, false), "a capacity of none");
        for s in ConversationState::ALL {
            assert_eq!(ConversationState::from_code(s.code()), Some(s));
        }
        assert!(!ConversationState::Ended.takes_messages());
        assert!(ConversationState::Waiting.takes_messages(), "a child writes while waiting");
    }
}
