//! The rows the store hands out.

use jiff::Timestamp;

/// Who holds an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKind {
    /// A platform asking for referrals; sees only its own statistics.
    Platform,
    /// The helpline's own scripts; sees all statistics.
    Admin,
}

impl ClientKind {
    pub fn code(self) -> &'static str {
        match self {
            ClientKind::Platform => "platform",
            ClientKind::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<ClientKind> {
        match code {
            "platform" => Some(ClientKind::Platform),
            "admin" => Some(ClientKind::Admin),
            _ => None,
        }
    }
}

/// A registered API client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub key_id: String,
    pub name: String,
    pub kind: ClientKind,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// A client with the hash that authenticates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRecord {
    pub client: Client,
    pub secret_hash: Vec<u8>,
}

/// The dimensions referrals are counted by. Codes are the API's wire codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReferralCountKey {
    pub client_id: String,
    /// UTC date, `YYYY-MM-DD`.
    pub day: String,
    pub country: String,
    pub category: String,
    pub age_band: String,
    /// Empty when the platform did not say.
    pub surface: String,
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralCount {
    pub key: ReferralCountKey,
    pub count: u64,
}
