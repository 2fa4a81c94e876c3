//! Persistence for Relais.
//!
//! [`Store`] is the only door to the database. SQLite is the zero-configuration
//! default, in the data directory; PostgreSQL serves a helpline that runs
//! several server instances. Both are reached through sqlx's `Any` driver with
//! one body of SQL: the schema keeps to what both databases share (`BIGINT`
//! milliseconds, `TEXT`, blobs), and what differs between them is named once,
//! in [`Dialect`]. The same test story runs against both.
//!
//! One module per aggregate: [`clients`] (platforms, admin keys and their
//! referral statistics), [`handoffs`], [`staff`] (accounts and sessions),
//! [`audit`], [`cases`] (with notes and evidence), [`notices`] (with the
//! platforms' connectors and the outbox). Each takes and returns the core's
//! types and converts at the row; state changes are decided by the core's
//! rules, never by status lists of the store's own.

pub mod audit;
pub mod canned;
pub mod cases;
pub mod clients;
mod connect;
pub mod conversations;
pub mod crypto;
mod dialect;
pub mod error;
pub mod handoffs;
pub mod image_hashes;
pub mod keys;
pub mod messaging;
pub mod moving;
pub mod notices;
pub mod passwords;
mod row;
pub mod sign_in;
pub mod signals;
pub mod staff;
pub mod survey;

use std::path::Path;
use std::sync::Arc;

use sqlx::AnyPool;

pub use audit::{Actor, AuditEvent, AuditRecord, ChainCheck};
pub use cases::{CaseCount, CaseFilter, CaseNote, Evidence, NewCase, NewEvidence, QueueSnapshot, QueuedCase};
pub use clients::{Client, ClientKind, ClientRecord, ReferralCount, ReferralCountKey};
pub use conversations::{Conversation, Message, NewConversation};
pub use crypto::FieldKeys;
pub use dialect::Dialect;
pub use error::StoreError;
pub use handoffs::{Handoff, NewHandoff};
pub use keys::{ApiKey, KeyId, PresentedKey};
pub use notices::{Callback, Connector, Delivery, NewNotice, Notice, ReportRow};
pub use staff::{Staff, StaffSession};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything Relais persists, whatever the database. Cloning is cheap: the
/// clones share the connections.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    dialect: Dialect,
    keys: Arc<FieldKeys>,
    /// Appends to the audit chain one at a time within this process (each
    /// reads the last hash); across servers, [`Dialect::lock_audit_chain`].
    audit_lock: Arc<tokio::sync::Mutex<()>>,
    /// The audit trail's MAC key, derived from the master key.
    audit_key: [u8; 32],
    /// Where a PostgreSQL database is, for the connection that listens for
    /// other servers' signals (see [`signals`]).
    postgres_url: Option<std::sync::Arc<str>>,
    /// Counts the case moves seen by this process, its own and, through the
    /// signals, the other servers' ([`signals::CaseMoves`]).
    case_moves: signals::CaseMoves,
}

impl Store {
    fn assemble(pool: AnyPool, dialect: Dialect, keys: FieldKeys) -> Store {
        let audit_key = keys.derive_key(audit::MAC_KEY_LABEL);
        Store {
            pool,
            dialect,
            keys: Arc::new(keys),
            audit_lock: Arc::default(),
            audit_key,
            postgres_url: None,
            case_moves: signals::CaseMoves::default(),
        }
    }

    /// The migrations the database has applied, in order: version and description.
    pub async fn migrations(&self) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((row::Read::int(r, "version")?, row::Read::text(r, "description")?))).collect()
    }

    /// Opens the store a configuration names: a `postgres://` URL, or else the
    /// SQLite database `relais.db` in the data directory (created on first use).
    /// The master key for sealed fields is read from (or created in) the data
    /// directory either way.
    pub async fn open(database_url: Option<&str>, data_dir: &Path) -> Result<Store> {
        match database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                let keys = FieldKeys::load_or_create(data_dir)?;
                Store::connect_postgres(url, keys).await
            }
            Some(other) => Err(StoreError::Config(format!(
                "database.url must be a postgres:// URL (or be left out for SQLite), got a URL starting {:?}",
                other.split(':').next().unwrap_or_default()
            ))),
            None => Store::open_sqlite(&data_dir.join("relais.db")).await,
        }
    }

    /// The database that answers, for the few places that must know.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes the connections (on SQLite, checkpointing the write-ahead log into the file).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
