//! What can go wrong in the store. Callers match on the variants that mean
//! something to a user (a name already taken, nothing to revoke); the rest is
//! an internal error whose cause is logged, not shown.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} {name:?} already exists")]
    AlreadyExists { what: &'static str, name: String },
    #[error("no {what} named {name:?} is in force")]
    NotFound { what: &'static str, name: String },
    #[error("database configuration: {0}")]
    Config(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("the database holds a value Relais cannot read: {0}")]
    Corrupt(String),
    /// The record existed, and retention erased it: nothing can be added to it.
    #[error("the {what} {id} was erased at the end of its retention period")]
    Erased { what: &'static str, id: String },
    /// An export could not be written, or read into this database.
    #[error("the helpline cannot be moved: {0}")]
    Move(String),
    /// A record kept changing under a write that checks where it stood; worth trying again.
    #[error("too many concurrent changes: {0}")]
    Busy(String),
}

/// What a case was refused with when the handoff it takes was used, expired or erased meanwhile.
pub(crate) const HANDOFF_GONE: &str = "pending handoff";

impl StoreError {
    /// Whether a case was refused because the platform's report it takes was
    /// used a moment before (read out on the phone while the child started a
    /// chat, say): the caller says the code no longer works.
    pub fn handoff_gone(&self) -> bool {
        matches!(self, StoreError::NotFound { what: HANDOFF_GONE, .. })
    }
}
