//! Typed identifiers. Every record Relais keeps is named by a UUIDv7 (time
//! ordered, so rows inserted together sit together in an index); the types
//! keep a case's id from being passed where a notice's is expected, and a
//! path segment is parsed once, at the edge, so that an id that exists is
//! well formed. Drawing a new id (the time and randomness it takes) is left
//! to the store: this crate does no IO.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Reads an id as it appears in a path or a form; anything but a UUID is `None`.
            pub fn parse(text: &str) -> Option<$name> {
                // The hyphenated form only: ids are shown and linked that way, and a
                // path segment of another shape is not an id of ours.
                (text.len() == 36).then(|| Uuid::try_parse(text).ok()).flatten().map($name)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> $name {
                $name(uuid)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }
    };
}

id!(
    /// A platform or an admin key holder.
    ClientId
);
id!(
    /// A staff account.
    StaffId
);
id!(
    /// A platform's report passed on with consent.
    HandoffId
);
id!(
    /// A case.
    CaseId
);
id!(
    /// One item of evidence on a case.
    EvidenceId
);
id!(
    /// A trusted-flagger notice (also its idempotency key on the platform's side).
    NoticeId
);
id!(
    /// A conversation (a chat) on a case.
    ConversationId
);
id!(
    /// The hash of one of a child's images, on a case and, once confirmed, on the list platforms fetch.
    ImageHashId
);
id!(
    /// A messaging-app account a helpline answers on (a WhatsApp number, a page).
    AppChannelId
);
id!(
    /// Someone who writes from a messaging app, known by a digest of their address.
    SenderId
);

impl CaseId {
    /// The end of the id, eight characters: what a case's page title, a bundle's
    /// file name and the dashboard show, so that a supervisor tells cases apart by it.
    pub fn short(&self) -> String {
        let text = self.to_string();
        text[text.len() - 8..].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_read_back_as_written_and_nothing_else_is_an_id() {
        let text = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        let id = CaseId::parse(text).unwrap();
        assert_eq!(id.to_string(), text);
        assert_eq!(id.short(), "2e3f4a5b");
        assert_eq!(CaseId::parse(&text.to_uppercase()).map(|i| i.to_string()).as_deref(), Some(text));
        for bad in ["", "no-such-case", "0193a1b2c3d47e5f8a9b0c1d2e3f4a5b", "{0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}"] {
            assert_eq!(CaseId::parse(bad), None, "{bad}");
        }
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{text}\""));
    }
}
