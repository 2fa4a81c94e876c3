//! The consented handoff: what a platform passes on, with the child's
//! consent, so that the child never has to tell the story twice.
//!
//! The context is kept to what a counsellor needs to act (where the content
//! is, who posted it, what the child chose to say) and checked at the edge:
//! links are http(s) only, texts are bounded, nothing is free-form beyond
//! the description.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The most content items and accounts one handoff may carry.
pub const MAX_ITEMS: usize = 50;
/// The longest description, in characters.
pub const MAX_DESCRIPTION: usize = 4000;
const MAX_FIELD: usize = 500;

/// Where the reported content lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    Post,
    Comment,
    Message,
    Profile,
    Live,
    Story,
    Other,
}

/// One piece of reported content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContentItem {
    /// An http(s) link to the content.
    pub url: String,
    /// The platform's own id for the content.
    pub platform_content_id: Option<String>,
    pub kind: ContentKind,
    /// When the platform captured it (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub captured_at: Option<Timestamp>,
}

/// An account the report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportedAccount {
    pub platform_account_id: String,
    pub handle: Option<String>,
}

/// What is encrypted at rest and handed to the counsellor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffContext {
    pub content: Vec<ContentItem>,
    pub reported_accounts: Vec<ReportedAccount>,
    pub description: Option<String>,
    /// The platform's pseudonymous id of the reporter, to link later reports.
    pub reporter_ref: Option<String>,
}

/// One field at fault, by its path in the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub reason: String,
}

impl HandoffContext {
    /// Checks every field, returning all the faults at once.
    pub fn validate(&self) -> Result<(), Vec<Invalid>> {
        let mut faults = Vec::new();
        let mut fault = |field: String, reason: &str| faults.push(Invalid { field, reason: reason.to_owned() });
        if self.content.len() > MAX_ITEMS {
            fault("content".into(), "at most 50 content items");
        }
        if self.reported_accounts.len() > MAX_ITEMS {
            fault("reported_accounts".into(), "at most 50 accounts");
        }
        for (i, item) in self.content.iter().enumerate() {
            if !is_web_link(&item.url) {
                fault(format!("content[{i}].url"), "must be an http:// or https:// link");
            } else if item.url.len() > 2000 {
                fault(format!("content[{i}].url"), "at most 2000 characters");
            }
            if item.platform_content_id.as_deref().is_some_and(|s| !plain(s)) {
                fault(format!("content[{i}].platform_content_id"), "1 to 500 printable characters");
            }
        }
        for (i, account) in self.reported_accounts.iter().enumerate() {
            if !plain(&account.platform_account_id) {
                fault(format!("reported_accounts[{i}].platform_account_id"), "1 to 500 printable characters");
            }
            if account.handle.as_deref().is_some_and(|s| !plain(s)) {
                fault(format!("reported_accounts[{i}].handle"), "1 to 500 printable characters");
            }
        }
        if self.description.as_deref().is_some_and(|d| d.chars().count() > MAX_DESCRIPTION) {
            fault("description".into(), "at most 4,000 characters");
        }
        if self.reporter_ref.as_deref().is_some_and(|s| !plain(s)) {
            fault("reporter_ref".into(), "1 to 500 printable characters");
        }
        if faults.is_empty() { Ok(()) } else { Err(faults) }
    }
}

pub(crate) fn is_web_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return false;
    };
    let host = url[scheme..].split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !url.chars().any(char::is_whitespace)
        && crate::text::check(url, crate::text::Shape::Line).is_ok()
}

/// One line of at most [`MAX_FIELD`] bytes with no control and no bidirectional
/// control (see [`crate::text`]): what identifiers and handles must be.
pub(crate) fn plain(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_FIELD && crate::text::check(s, crate::text::Shape::Line).is_ok()
}

/// The short code a child reads out or taps: nine Crockford base32 symbols
/// in three groups, `7KQ-M2P-9XD` (45 bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HandoffCode(String);

impl HandoffCode {
    /// A code from nine random bytes (only the low five bits of each are used).
    pub fn from_random(bytes: [u8; 9]) -> HandoffCode {
        HandoffCode(crate::code::format(&bytes, 3))
    }

    /// Reads a code as a person types it: any case, with or without dashes or
    /// spaces, and the letters people confuse (I, L → 1; O → 0).
    pub fn parse(input: &str) -> Option<HandoffCode> {
        crate::code::read(input, 9, 3).map(HandoffCode)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for HandoffCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a handoff stands, as its platform may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoffStatus {
    /// Waiting for the child to reach the helpline.
    Pending,
    /// Pulled into a case by a counsellor.
    Attached,
    /// Not used in time; its context has been erased.
    Expired,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn codes_are_read_as_people_type_them() {
        let code = HandoffCode::parse("7kq-m2p-9xd").unwrap();
        assert_eq!(code.as_str(), "7KQ-M2P-9XD");
        assert_eq!(HandoffCode::parse("7KQ M2P 9XD"), Some(code.clone()));
        assert_eq!(HandoffCode::parse("7KQM2P9XD"), Some(code));
        assert_eq!(HandoffCode::parse("IKQ-M2P-9XO").unwrap().as_str(), "1KQ-M2P-9X0");
        for bad in ["", "7KQ-M2P", "7KQ-M2P-9XD-1", "7KQ-M2P-9XU", "<script>", "7KQ/M2P/9XD", "７KQ-M2P-9XD"] {
            assert_eq!(HandoffCode::parse(bad), None, "{bad}");
        }
    }

    fn context(url: &str, description: &str) -> HandoffContext {
        HandoffContext {
            content: vec![ContentItem {
                url: url.into(),
                platform_content_id: Some("p1".into()),
                kind: ContentKind::Post,
                captured_at: None,
            }],
            reported_accounts: vec![],
            description: Some(description.into()),
            reporter_ref: None,
        }
    }

    #[test]
    fn only_web_links_and_bounded_text_are_accepted() {
        assert!(context("https://social.example/p/1", "hello").validate().is_ok());
        for bad in ["javascript:alert(1)", "data:text/html,x", "ftp://x", "https://", "https://a b", "/relative"] {
            let faults = context(bad, "x").validate().unwrap_err();
            assert_eq!(faults[0].field, "content[0].url", "{bad}");
        }
        let long = "é".repeat(MAX_DESCRIPTION + 1);
        assert_eq!(context("https://x.example", &long).validate().unwrap_err()[0].field, "description");
        assert!(context("https://x.example", &"é".repeat(MAX_DESCRIPTION)).validate().is_ok());
    }

    proptest! {
        #[test]
        fn every_generated_code_parses_back(bytes in any::<[u8; 9]>()) {
            let code = HandoffCode::from_random(bytes);
            prop_assert_eq!(HandoffCode::parse(code.as_str()), Some(code.clone()));
            prop_assert_eq!(HandoffCode::parse(&code.as_str().to_lowercase()), Some(code));
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,20}") {
            let _ = HandoffCode::parse(&s);
        }
    }
}
