//! What differs between SQLite and PostgreSQL, named once. Everything else —
//! every statement but the two below, the row conversions, the rules — is
//! written once for both.

/// The database a [`Store`](crate::Store) speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// One writer at a time, in one file: writers are serialised by the database itself.
    Sqlite,
    /// Many writers, possibly from several servers: rows are locked and skipped.
    Postgres,
}

/// A statement the two databases cannot share, written out whole for each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PerDialect {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

impl Dialect {
    /// How a transaction that reads before it writes begins. SQLite must take
    /// its write lock at once: a transaction that upgrades later fails outright
    /// when another writer committed meanwhile (a busy snapshot), and waiting
    /// for a second connection while holding the lock stalls every writer
    /// queued behind it. PostgreSQL locks the rows it touches instead.
    pub(crate) fn begin_write(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }

    /// Taken inside the transaction that appends to the audit chain, so that
    /// two servers never chain to the same last row. SQLite's single writer
    /// (with [`begin_write`](Dialect::begin_write)) already serialises them.
    pub(crate) fn lock_audit_chain(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"),
        }
    }

    /// This database's version of a statement.
    pub(crate) fn choose(self, statement: &PerDialect) -> &'static str {
        match self {
            Dialect::Sqlite => statement.sqlite,
            Dialect::Postgres => statement.postgres,
        }
    }
}
