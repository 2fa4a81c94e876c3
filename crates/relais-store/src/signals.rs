//! Signals between servers that share a PostgreSQL database.
//!
//! The database is where everything is; a signal only says "look again"
//! (a conversation has a new message, someone is typing). PostgreSQL's
//! `NOTIFY` carries them, delivered at commit to every server that
//! `LISTEN`s, on a connection of its own (a pooled one, or PgBouncer in
//! transaction mode, would drop them silently). A listener that loses its
//! connection misses what was sent meanwhile, for good: it says so
//! ([`Signal::Lost`]) and whoever listens looks again, and polls now and
//! then anyway. On SQLite there is one server, and nothing to signal.

use crate::{Dialect, Result, Store};

/// The channel every Relais signal travels on.
const CHANNEL: &str = "relais";

/// What a listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// A payload another server (or this one) sent.
    Payload(String),
    /// The connection dropped and came back: anything may have been missed.
    Lost,
}

/// A listening connection.
pub struct Listener(sqlx::postgres::PgListener);

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Listener(…)")
    }
}

impl Listener {
    /// The next signal; it reconnects by itself after a loss.
    pub async fn next(&mut self) -> Result<Signal> {
        match self.0.try_recv().await? {
            Some(notification) => Ok(Signal::Payload(notification.payload().to_owned())),
            None => Ok(Signal::Lost),
        }
    }
}

impl Store {
    /// Whether signals travel between servers (PostgreSQL) or stay in this one.
    pub fn signals_between_servers(&self) -> bool {
        self.dialect == Dialect::Postgres
    }

    /// Sends a signal to every listening server; nothing on SQLite. Payloads
    /// are short (ids), well under PostgreSQL's 8,000 bytes.
    pub async fn signal(&self, payload: &str) -> Result<()> {
        if self.dialect == Dialect::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&self.pool).await?;
        }
        Ok(())
    }

    /// A connection of its own listening for signals; none on SQLite.
    pub async fn listen(&self) -> Result<Option<Listener>> {
        let Some(url) = &self.postgres_url else { return Ok(None) };
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(Listener(listener)))
    }
}
