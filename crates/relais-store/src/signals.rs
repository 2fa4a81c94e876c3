//! Signals between servers that share a PostgreSQL database.
//!
//! The database is where everything is; a signal only says "look again"
//! (a conversation has a new message, someone is typing). PostgreSQL's
//! `NOTIFY` carries them, delivered at commit to every server that
//! `LISTEN`s, on a connection of its own (a pooled one, or PgBouncer in
//! transaction mode rather than its default session mode, would drop them
//! silently). A listener that loses its
//! connection misses what was sent meanwhile, for good: it says so
//! ([`Signal::Lost`]) and whoever listens looks again, and polls now and
//! then anyway. On SQLite there is one server, and nothing to signal.
//!
//! The store signals one thing itself: a case moved ([`CaseMoves`]). Every
//! change to a case is written with its audit row, so the commit of that row
//! is where the queue's watchers are told, whichever path the change took.

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

/// What a case move is signalled as, followed by the sending process's name.
const CASES: &str = "cases";

/// How many case moves this process has seen, its own and the other
/// servers'. Whoever shows the queue (a console, the wait shown to children)
/// watches it and reads the queue again when it changes; moves in quick
/// succession are seen as one.
#[derive(Debug, Clone)]
pub(crate) struct CaseMoves {
    seen: std::sync::Arc<tokio::sync::watch::Sender<u64>>,
    /// This process, in its signals, so that it skips its own (already counted).
    instance: std::sync::Arc<str>,
}

impl Default for CaseMoves {
    fn default() -> Self {
        CaseMoves {
            seen: std::sync::Arc::new(tokio::sync::watch::Sender::new(0)),
            instance: uuid::Uuid::now_v7().simple().to_string().into(),
        }
    }
}

impl CaseMoves {
    pub(crate) fn moved(&self) {
        self.seen.send_modify(|n| *n = n.wrapping_add(1));
    }
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

    /// This process's name in the case moves it signals.
    pub fn instance(&self) -> &str {
        &self.case_moves.instance
    }

    /// Case moves from now on: the receiver's `changed()` wakes at the next
    /// one, on this server or another.
    pub fn case_moves(&self) -> tokio::sync::watch::Receiver<u64> {
        self.case_moves.seen.subscribe()
    }

    /// Takes in what a listener heard: another server's case move, or a lost
    /// connection (moves may have been missed), counts as a move here.
    pub fn heard(&self, signal: &Signal) {
        let moved = match signal {
            Signal::Lost => true,
            Signal::Payload(payload) => payload
                .strip_prefix(CASES)
                .and_then(|rest| rest.strip_prefix(' '))
                .is_some_and(|instance| instance != &*self.case_moves.instance),
        };
        if moved {
            self.case_moves.moved();
        }
    }

    /// Counts a committed case move here and tells the other servers. The
    /// signal is sent after the commit, not within it: a signal that cannot
    /// be sent (PostgreSQL's queue full behind a stalled listener) must not
    /// undo the change; the others' own looks make up for it.
    pub(crate) async fn case_moved(&self) {
        self.case_moves.moved();
        if let Err(e) = self.signal(&format!("{CASES} {}", self.case_moves.instance)).await {
            tracing::warn!(error = %e, "could not tell the other servers that a case moved; they will look in their own time");
        }
    }

    /// A connection of its own listening for signals; none on SQLite.
    pub async fn listen(&self) -> Result<Option<Listener>> {
        let Some(url) = &self.postgres_url else { return Ok(None) };
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(Listener(listener)))
    }
}
