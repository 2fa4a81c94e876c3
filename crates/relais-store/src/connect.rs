//! Opening each database: its connection settings and its own migrations.

use std::path::Path;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;

use crate::crypto::FieldKeys;
use crate::{Dialect, Result, Store, StoreError};

/// Connections to a SQLite file: enough for reads beside the one writer.
const SQLITE_CONNECTIONS: u32 = 4;
const POSTGRES_CONNECTIONS: u32 = 8;
/// Long enough for any query here; short enough that a wait for a connection
/// that never comes fails clearly instead of hanging.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

impl Store {
    /// Opens (or creates) a SQLite database, with the master key kept beside it.
    pub async fn open_sqlite(path: &Path) -> Result<Store> {
        Store::open_sqlite_with_connections(path, SQLITE_CONNECTIONS).await
    }

    /// The same on at most `connections` connections. One is enough for a
    /// small line; the test suite runs the whole store on one, so that no
    /// operation can hold a connection while it waits for another (with
    /// SQLite's single writer, that wait stalls every writer behind it).
    pub async fn open_sqlite_with_connections(path: &Path, connections: u32) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let dir = path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let keys = FieldKeys::load_or_create(dir)?;
        let pool = AnyPoolOptions::new()
            .max_connections(connections.max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL with synchronous=FULL: an acknowledged write survives a crash.
                    // Erased text is overwritten, not left in free pages. The driver
                    // already waits up to five seconds for a busy database.
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA secure_delete = ON",
                    ] {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&sqlite_url(path)?)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Store::assemble(pool, Dialect::Sqlite, keys))
    }

    /// Connects to PostgreSQL, for several server instances sharing one database.
    pub async fn connect_postgres(url: &str, keys: FieldKeys) -> Result<Store> {
        sqlx::any::install_default_drivers();
        url.parse::<sqlx::postgres::PgConnectOptions>()
            .map_err(|e| StoreError::Config(format!("database.url is not a valid PostgreSQL URL: {e}")))?;
        let pool = AnyPoolOptions::new()
            .max_connections(POSTGRES_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let mut store = Store::assemble(pool, Dialect::Postgres, keys);
        store.postgres_url = Some(std::sync::Arc::from(url));
        Ok(store)
    }
}

/// `sqlite:///absolute/path?mode=rwc` (created if missing), every byte of the
/// path outside a plain set percent-encoded, so that a data directory with a
/// space, a `?` or a `#` in its name opens the file it names.
fn sqlite_url(path: &Path) -> Result<String> {
    let absolute =
        std::path::absolute(path).map_err(|source| StoreError::DataDir { path: path.display().to_string(), source })?;
    let text =
        absolute.to_str().ok_or_else(|| StoreError::Config(format!("{} is not a UTF-8 path", absolute.display())))?;
    let mut url = String::from("sqlite://");
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'.' | b'_' | b'-' | b'~' => url.push(byte as char),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url.push_str("?mode=rwc");
    Ok(url)
}

/// The data directory holds children's data: only its owner may enter.
fn create_private_dir(dir: &Path) -> Result<()> {
    let fail = |source| StoreError::DataDir { path: dir.display().to_string(), source };
    std::fs::create_dir_all(dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_odd_characters_becomes_a_url_that_names_it() {
        let url = sqlite_url(Path::new("/srv/relais data/#1?/relais.db")).unwrap();
        assert_eq!(url, "sqlite:///srv/relais%20data/%231%3F/relais.db?mode=rwc");
    }
}
