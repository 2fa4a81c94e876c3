//! The SQLite and PostgreSQL backends.
//!
//! Both speak the same SQL for everything Relais does so far (`$n` parameters,
//! `ON CONFLICT … DO UPDATE`, partial unique indexes), so one body of queries
//! is written once, in [`store_impl!`], and instantiated for each pool type;
//! only connecting and migrating differ.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::Row;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::audit::{AuditEvent, AuditRecord};
use crate::crypto::FieldKeys;
use crate::keys::ApiKey;
use crate::model::{
    Callback, CaseCount, CaseNote, Client, ClientKind, ClientRecord, Connector, Delivery, Evidence, Handoff, NewCase,
    NewEvidence, NewHandoff, NewNotice, Notice, QueueSnapshot, QueuedCase, ReferralCount, ReferralCountKey, Staff,
    StaffSession,
};
use crate::{Result, Store, StoreError};

/// The embedded default: one file in the data directory, WAL with
/// `synchronous=FULL`, so that an acknowledged write survives a crash.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    keys: Arc<FieldKeys>,
    /// Appends to the audit chain one at a time: each reads the last hash.
    audit_lock: Arc<tokio::sync::Mutex<()>>,
}

impl SqliteStore {
    /// Opens (or creates) the database, with the master key kept beside it.
    pub async fn open(path: &Path) -> Result<SqliteStore> {
        SqliteStore::open_with_connections(path, 4).await
    }

    /// The same with at most `connections` connections. One is enough for a
    /// small line; the test suite runs the whole store on one, so that no
    /// operation can hold a connection while it waits for another (with
    /// SQLite's single writer, that wait stalls every writer behind it).
    pub async fn open_with_connections(path: &Path, connections: u32) -> Result<SqliteStore> {
        let dir = path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let keys = FieldKeys::load_or_create(dir)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Erased text is overwritten, not left in free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(connections.max(1))
            // Long enough for any query here; short enough that a wait for a
            // connection that never comes fails clearly instead of hanging.
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(SqliteStore { pool, keys: Arc::new(keys), audit_lock: Arc::default() })
    }

    /// Closes the connections, checkpointing the write-ahead log into the file.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// For several server instances sharing one database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    keys: Arc<FieldKeys>,
    /// Within one process; across servers the table lock in the transaction serialises appends.
    audit_lock: Arc<tokio::sync::Mutex<()>>,
}

impl PostgresStore {
    pub async fn connect(url: &str, keys: FieldKeys) -> Result<PostgresStore> {
        let options = sqlx::postgres::PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("database.url is not a valid PostgreSQL URL: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PostgresStore { pool, keys: Arc::new(keys), audit_lock: Arc::default() })
    }
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

fn millis(t: Timestamp) -> i64 {
    t.as_millisecond()
}

/// Now, at the millisecond precision the database keeps.
fn now_millis() -> Timestamp {
    Timestamp::from_millisecond(Timestamp::now().as_millisecond()).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn from_millis(ms: i64) -> Result<Timestamp> {
    Timestamp::from_millisecond(ms).map_err(|e| StoreError::Corrupt(format!("timestamp {ms}: {e}")))
}

fn kind_of(code: &str) -> Result<ClientKind> {
    ClientKind::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("client kind {code:?}")))
}

fn what(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Platform => "platform",
        ClientKind::Admin => "admin key",
    }
}

const HANDOFF_COLUMNS: &str = "h.id, h.client_id, c.name AS platform_name, h.country, h.category, h.age_band, \
     h.created_at, h.expires_at, h.attached_at";

const STAFF_COLUMNS: &str = "s.id, s.name, s.role, s.password_hash, s.failed_logins, s.locked_until, s.created_at, s.disabled_at, \
     (s.totp_secret IS NOT NULL) AS has_totp";

const CASE_COLUMNS: &str = "id, category, age_band, minor, risk, status, assigned_to, queued_at, outcome";

const NOTICE_COLUMNS: &str = "n.id, n.case_id, n.client_id, c.name AS platform_name, n.category, \
     n.statement_category, n.action_asked, n.age_band, n.status, n.sla_minutes, n.drafted_by, n.approved_by, \
     n.created_at, n.approved_at, n.delivered_at, n.acknowledged_at, n.decided_at, n.decision, n.decision_json, \
     COALESCE(o.attempts, 0) AS attempts, o.last_error, n.appeal_of";

const CASE_KEY_QUERY: &str = "SELECT wrapped FROM case_keys WHERE case_id = $1";

const CONNECTOR_QUERY: &str = "SELECT client_id, endpoint, secret, sla_minutes, category_sla, fallback_contact FROM connectors WHERE client_id = $1";

const CLIENT_COLUMNS: &str = "id, key_id, name, kind, secret_hash, created_at, revoked_at";

macro_rules! store_impl {
    ($store:ty, $row:ty, $audit_lock_sql:expr, $skip_locked:expr, $begin_write:expr) => {
        impl $store {
            fn client_record(row: &$row) -> Result<ClientRecord> {
                let kind: String = row.try_get("kind")?;
                let revoked_at: Option<i64> = row.try_get("revoked_at")?;
                Ok(ClientRecord {
                    client: Client {
                        id: row.try_get("id")?,
                        key_id: row.try_get("key_id")?,
                        name: row.try_get("name")?,
                        kind: kind_of(&kind)?,
                        created_at: from_millis(row.try_get("created_at")?)?,
                        revoked_at: revoked_at.map(from_millis).transpose()?,
                    },
                    secret_hash: row.try_get("secret_hash")?,
                })
            }

            fn handoff_row(row: &$row) -> Result<Handoff> {
                let attached_at: Option<i64> = row.try_get("attached_at")?;
                Ok(Handoff {
                    id: row.try_get("id")?,
                    client_id: row.try_get("client_id")?,
                    platform_name: row.try_get("platform_name")?,
                    country: row.try_get("country")?,
                    category: row.try_get("category")?,
                    age_band: row.try_get("age_band")?,
                    created_at: from_millis(row.try_get("created_at")?)?,
                    expires_at: from_millis(row.try_get("expires_at")?)?,
                    attached_at: attached_at.map(from_millis).transpose()?,
                })
            }

            fn staff_row(row: &$row) -> Result<Staff> {
                let role: String = row.try_get("role")?;
                let failed: i64 = row.try_get("failed_logins")?;
                let locked: Option<i64> = row.try_get("locked_until")?;
                let disabled: Option<i64> = row.try_get("disabled_at")?;
                Ok(Staff {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    role: relais_core::staff::Role::from_code(&role)
                        .ok_or_else(|| StoreError::Corrupt(format!("staff role {role:?}")))?,
                    password_hash: row.try_get("password_hash")?,
                    failed_logins: u32::try_from(failed).unwrap_or(u32::MAX),
                    locked_until: locked.map(from_millis).transpose()?,
                    created_at: from_millis(row.try_get("created_at")?)?,
                    disabled_at: disabled.map(from_millis).transpose()?,
                    has_totp: row.try_get("has_totp")?,
                })
            }

            fn case_row(row: &$row) -> Result<QueuedCase> {
                let minor: i64 = row.try_get("minor")?;
                let risk: i64 = row.try_get("risk")?;
                let status: String = row.try_get("status")?;
                Ok(QueuedCase {
                    id: row.try_get("id")?,
                    category: row.try_get("category")?,
                    age_band: row.try_get("age_band")?,
                    minor: minor != 0,
                    risk: relais_core::risk::RiskLevel::from_rank(risk)
                        .ok_or_else(|| StoreError::Corrupt(format!("risk {risk}")))?,
                    status: relais_core::case::CaseStatus::from_code(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("case status {status:?}")))?,
                    assigned_to: row.try_get("assigned_to")?,
                    outcome: row
                        .try_get::<Option<String>, _>("outcome")?
                        .map(|o| {
                            relais_core::case::Outcome::from_code(&o)
                                .ok_or_else(|| StoreError::Corrupt(format!("case outcome {o:?}")))
                        })
                        .transpose()?,
                    queued_at: from_millis(row.try_get("queued_at")?)?,
                })
            }

            async fn case_key(&self, case_id: &str) -> Result<Option<crate::crypto::DataKey>> {
                let row = sqlx::query(CASE_KEY_QUERY).bind(case_id).fetch_optional(&self.pool).await?;
                self.unwrap_case_key(case_id, row)
            }

            /// The same, read on the caller's connection: a transaction holding SQLite's
            /// write lock must not wait for a second connection from the pool, which the
            /// writers queued behind that lock may all be holding.
            async fn case_key_in(
                &self,
                conn: &mut <<$row as sqlx::Row>::Database as sqlx::Database>::Connection,
                case_id: &str,
            ) -> Result<Option<crate::crypto::DataKey>> {
                let row = sqlx::query(CASE_KEY_QUERY).bind(case_id).fetch_optional(&mut *conn).await?;
                self.unwrap_case_key(case_id, row)
            }

            fn unwrap_case_key(&self, case_id: &str, row: Option<$row>) -> Result<Option<crate::crypto::DataKey>> {
                match row {
                    Some(r) => Ok(Some(self.keys.data_key(case_id, &r.try_get::<Vec<u8>, _>("wrapped")?)?)),
                    None => Ok(None),
                }
            }

            /// Seals and inserts one item of evidence within the caller's transaction.
            async fn insert_evidence(
                conn: &mut <<$row as sqlx::Row>::Database as sqlx::Database>::Connection,
                key: &crate::crypto::DataKey,
                case_id: &str,
                item: &NewEvidence,
                at: Timestamp,
            ) -> Result<String> {
                use sha2::Digest;
                let id = uuid::Uuid::now_v7().to_string();
                // Each field is sealed under its own associated data: a sealed
                // link cannot be passed off as another item's file.
                let seal = |field: &str, bytes: &[u8]| key.seal(&format!("{id}:{field}"), bytes);
                let url = item.url.as_deref().map(|u| seal("url", u.as_bytes())).transpose()?;
                let content_id =
                    item.platform_content_id.as_deref().map(|c| seal("content_id", c.as_bytes())).transpose()?;
                let (media_type, size, sha256, file) = match &item.file {
                    Some((media, bytes)) => (
                        Some(media.mime()),
                        Some(bytes.len() as i64),
                        Some(hex::encode(sha2::Sha256::digest(bytes))),
                        Some(seal("file", bytes)?),
                    ),
                    None => (None, None, None, None),
                };
                sqlx::query(
                    "INSERT INTO case_evidence (id, case_id, url, content_id, media_type, size, sha256, file, \
                     captured_at, added_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(&id)
                .bind(case_id)
                .bind(url)
                .bind(content_id)
                .bind(media_type)
                .bind(size)
                .bind(sha256)
                .bind(file)
                .bind(item.captured_at.map(millis))
                .bind(&item.added_by)
                .bind(millis(at))
                .execute(&mut *conn)
                .await?;
                Ok(id)
            }

            fn evidence_row(row: &$row, key: &crate::crypto::DataKey) -> Result<Evidence> {
                let id: String = row.try_get("id")?;
                let open = |field: &str| -> Result<Option<String>> {
                    let sealed: Option<Vec<u8>> = row.try_get(field)?;
                    sealed
                        .map(|s| {
                            String::from_utf8(key.open(&format!("{id}:{field}"), &s)?)
                                .map_err(|_| StoreError::Corrupt(format!("evidence {id} {field} is not text")))
                        })
                        .transpose()
                };
                let media: Option<String> = row.try_get("media_type")?;
                Ok(Evidence {
                    url: open("url")?,
                    platform_content_id: open("content_id")?,
                    media_type: media.as_deref().and_then(relais_core::evidence::MediaType::from_mime),
                    size: row.try_get::<Option<i64>, _>("size")?.map(|s| s.max(0) as u64),
                    sha256: row.try_get("sha256")?,
                    captured_at: row.try_get::<Option<i64>, _>("captured_at")?.map(from_millis).transpose()?,
                    added_by_name: row.try_get("added_by_name")?,
                    added_at: from_millis(row.try_get("created_at")?)?,
                    case_id: row.try_get("case_id")?,
                    id,
                })
            }

            /// The evidence columns (`extra` before them), for the rows matching `clause`.
            fn evidence_query(extra: &str, clause: &str) -> sqlx::AssertSqlSafe<String> {
                sqlx::AssertSqlSafe(format!(
                    "SELECT {extra}e.id, e.case_id, e.url, e.content_id, e.media_type, e.size, e.sha256, e.captured_at, \
                     e.created_at, s.name AS added_by_name FROM case_evidence e LEFT JOIN staff s ON s.id = e.added_by \
                     WHERE {clause} ORDER BY e.created_at, e.id"
                ))
            }

            fn audit_records(rows: &[$row]) -> Result<Vec<AuditRecord>> {
                rows.iter()

                    .map(|r| {
                        let seq: i64 = r.try_get("seq")?;
                        Ok(AuditRecord {
                            seq: seq as u64,
                            at: from_millis(r.try_get("at")?)?,
                            event: AuditEvent {
                                actor: r.try_get("actor")?,
                                action: r.try_get("action")?,
                                subject: r.try_get("subject")?,
                            },
                            hash: r.try_get("hash")?,
                        })
                    })
                    .collect()
            }

            fn notice_row(row: &$row) -> Result<Notice> {
                let status: String = row.try_get("status")?;
                let at = |column: &str| -> Result<Option<Timestamp>> {
                    row.try_get::<Option<i64>, _>(column)?.map(from_millis).transpose()
                };
                Ok(Notice {
                    id: row.try_get("id")?,
                    case_id: row.try_get("case_id")?,
                    client_id: row.try_get("client_id")?,
                    platform_name: row.try_get("platform_name")?,
                    category: row.try_get("category")?,
                    statement_category: row.try_get("statement_category")?,
                    action_asked: row.try_get("action_asked")?,
                    age_band: row.try_get("age_band")?,
                    status: relais_core::notice::NoticeStatus::from_code(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("notice status {status:?}")))?,
                    sla_minutes: u32::try_from(row.try_get::<i64, _>("sla_minutes")?).unwrap_or(u32::MAX),
                    drafted_by: row.try_get("drafted_by")?,
                    approved_by: row.try_get("approved_by")?,
                    created_at: from_millis(row.try_get("created_at")?)?,
                    approved_at: at("approved_at")?,
                    delivered_at: at("delivered_at")?,
                    acknowledged_at: at("acknowledged_at")?,
                    decided_at: at("decided_at")?,
                    decision: row.try_get("decision")?,
                    decision_json: row.try_get("decision_json")?,
                    attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
                    last_error: row.try_get("last_error")?,
                    appeal_of: row.try_get("appeal_of")?,
                })
            }

            fn notice_query(clause: &str) -> sqlx::AssertSqlSafe<String> {
                sqlx::AssertSqlSafe(format!(
                    "SELECT {NOTICE_COLUMNS} FROM notices n JOIN clients c ON c.id = n.client_id \
                     LEFT JOIN notice_outbox o ON o.notice_id = n.id WHERE {clause}"
                ))
            }

            fn connector_row(&self, row: &$row) -> Result<Connector> {
                let client_id: String = row.try_get("client_id")?;
                let sealed: Vec<u8> = row.try_get("secret")?;
                Ok(Connector {
                    secret: self.keys.open(&format!("connector:{client_id}"), &sealed)?,
                    endpoint: row.try_get("endpoint")?,
                    sla_minutes: u32::try_from(row.try_get::<i64, _>("sla_minutes")?).unwrap_or(u32::MAX),
                    category_minutes: Connector::parse_category_minutes(
                        row.try_get::<Option<String>, _>("category_sla")?.as_deref(),
                    ),
                    fallback_contact: row.try_get("fallback_contact")?,
                    client_id,
                })
            }

            /// The last attempt failed, or none can be made: the supervisors take over.
            async fn dead_letter(
                conn: &mut <<$row as sqlx::Row>::Database as sqlx::Database>::Connection,
                notice_id: &str,
                error: &str,
                at: Timestamp,
            ) -> Result<()> {
                sqlx::query(
                    "UPDATE notice_outbox SET attempts = attempts + 1, last_error = $1, dead_at = $2 \
                     WHERE notice_id = $3 AND done_at IS NULL",
                )
                .bind(error)
                .bind(millis(at))
                .bind(notice_id)
                .execute(&mut *conn)
                .await?;
                sqlx::query("UPDATE notices SET status = 'dead_lettered' WHERE id = $1 AND status = 'approved'")
                    .bind(notice_id)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            /// The platform answered: nothing more to deliver, even if the outbox had given up.
            async fn outbox_done(
                conn: &mut <<$row as sqlx::Row>::Database as sqlx::Database>::Connection,
                notice_id: &str,
                at: Timestamp,
            ) -> Result<()> {
                sqlx::query("UPDATE notice_outbox SET done_at = COALESCE(done_at, $1), dead_at = NULL WHERE notice_id = $2")
                    .bind(millis(at))
                    .bind(notice_id)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            fn handoff_query(clause: &str) -> sqlx::AssertSqlSafe<String> {
                sqlx::AssertSqlSafe(format!(
                    "SELECT {HANDOFF_COLUMNS} FROM handoffs h JOIN clients c ON c.id = h.client_id WHERE {clause}"
                ))
            }
        }

        #[async_trait]
        impl Store for $store {
            async fn add_client(&self, name: &str, kind: ClientKind) -> Result<(Client, ApiKey)> {
                let key = ApiKey::generate();
                let client = Client {
                    id: uuid::Uuid::now_v7().to_string(),
                    key_id: key.id().as_str().to_owned(),
                    name: name.to_owned(),
                    kind,
                    created_at: now_millis(),
                    revoked_at: None,
                };
                let inserted = sqlx::query(
                    "INSERT INTO clients (id, key_id, name, kind, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&client.id)
                .bind(&client.key_id)
                .bind(&client.name)
                .bind(kind.code())
                .bind(&key.secret_hash()[..])
                .bind(millis(client.created_at))
                .execute(&self.pool)
                .await;
                match inserted {
                    Ok(_) => Ok((client, key)),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        Err(StoreError::AlreadyExists { what: what(kind), name: name.to_owned() })
                    }
                    Err(e) => Err(e.into()),
                }
            }

            async fn list_clients(&self, kind: ClientKind) -> Result<Vec<Client>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {CLIENT_COLUMNS} FROM clients WHERE kind = $1 ORDER BY created_at, id"
                )))
                .bind(kind.code())
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Self::client_record(r).map(|c| c.client)).collect()
            }

            async fn revoke_client(&self, name: &str, kind: ClientKind) -> Result<Client> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE clients SET revoked_at = $1 WHERE kind = $2 AND name = $3 AND revoked_at IS NULL \
                     RETURNING {CLIENT_COLUMNS}"
                )))
                .bind(millis(now_millis()))
                .bind(kind.code())
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    Some(row) => Ok(Self::client_record(&row)?.client),
                    None => Err(StoreError::NotFound { what: what(kind), name: name.to_owned() }),
                }
            }

            async fn client_by_key_id(&self, key_id: &str) -> Result<Option<ClientRecord>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {CLIENT_COLUMNS} FROM clients WHERE key_id = $1"
                )))
                .bind(key_id)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::client_record).transpose()
            }

            async fn active_clients(&self) -> Result<Vec<ClientRecord>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {CLIENT_COLUMNS} FROM clients WHERE revoked_at IS NULL"
                )))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::client_record).collect()
            }

            async fn add_referral_counts(&self, counts: &[ReferralCount]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                for c in counts {
                    let k = &c.key;
                    let n = i64::try_from(c.count).map_err(|_| StoreError::Corrupt(format!("count {}", c.count)))?;
                    sqlx::query(
                        "INSERT INTO referral_counts (client_id, day, country, category, age_band, surface, decision, count) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                         ON CONFLICT (client_id, day, country, category, age_band, surface, decision) \
                         DO UPDATE SET count = referral_counts.count + excluded.count",
                    )
                    .bind(&k.client_id)
                    .bind(&k.day)
                    .bind(&k.country)
                    .bind(&k.category)
                    .bind(&k.age_band)
                    .bind(&k.surface)
                    .bind(&k.decision)
                    .bind(n)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn referral_counts(&self, client_id: Option<&str>) -> Result<Vec<ReferralCount>> {
                let rows = sqlx::query(
                    "SELECT client_id, day, country, category, age_band, surface, decision, count \
                     FROM referral_counts WHERE ($1 IS NULL OR client_id = $1) \
                     ORDER BY day, client_id, country, category, age_band, surface, decision",
                )
                .bind(client_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let count: i64 = r.try_get("count")?;
                        Ok(ReferralCount {
                            key: ReferralCountKey {
                                client_id: r.try_get("client_id")?,
                                day: r.try_get("day")?,
                                country: r.try_get("country")?,
                                category: r.try_get("category")?,
                                age_band: r.try_get("age_band")?,
                                surface: r.try_get("surface")?,
                                decision: r.try_get("decision")?,
                            },
                            count: u64::try_from(count).map_err(|_| StoreError::Corrupt(format!("count {count}")))?,
                        })
                    })
                    .collect()
            }

            async fn create_handoff(&self, new: NewHandoff) -> Result<Handoff> {
                let id = uuid::Uuid::now_v7().to_string();
                let sealed = self.keys.seal(&id, &new.context)?;
                let inserted = sqlx::query(
                    "INSERT INTO handoffs (id, client_id, code_digest, country, category, age_band, context, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&id)
                .bind(&new.client_id)
                .bind(self.keys.digest(&new.code))
                .bind(&new.country)
                .bind(&new.category)
                .bind(&new.age_band)
                .bind(sealed)
                .bind(millis(new.created_at))
                .bind(millis(new.expires_at))
                .execute(&self.pool)
                .await;
                match inserted {
                    Ok(_) => {}
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Err(StoreError::AlreadyExists { what: "handoff code", name: String::new() });
                    }
                    Err(e) => return Err(e.into()),
                }
                self.handoff(&id).await?.ok_or_else(|| StoreError::Corrupt(format!("handoff {id} vanished")))
            }

            async fn handoff(&self, id: &str) -> Result<Option<Handoff>> {
                let row = sqlx::query(Self::handoff_query("h.id = $1")).bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::handoff_row).transpose()
            }

            async fn handoff_by_code(&self, code: &str) -> Result<Option<Handoff>> {
                let row = sqlx::query(Self::handoff_query("h.code_digest = $1"))
                    .bind(self.keys.digest(code))
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(Self::handoff_row).transpose()
            }

            async fn claim_handoff(&self, code: &str, now: Timestamp) -> Result<Option<(Handoff, Vec<u8>)>> {
                let mut tx = self.pool.begin().await?;
                let claimed = sqlx::query(
                    "UPDATE handoffs SET attached_at = $1 \
                     WHERE code_digest = $2 AND attached_at IS NULL AND expires_at > $1 AND context IS NOT NULL \
                     RETURNING id, context",
                )
                .bind(millis(now))
                .bind(self.keys.digest(code))
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = claimed else { return Ok(None) };
                let id: String = row.try_get("id")?;
                let sealed: Vec<u8> = row.try_get("context")?;
                let context = self.keys.open(&id, &sealed)?;
                // The case takes the context; the handoff keeps no copy.
                sqlx::query("UPDATE handoffs SET context = NULL WHERE id = $1").bind(&id).execute(&mut *tx).await?;
                tx.commit().await?;
                let handoff = self.handoff(&id).await?.ok_or_else(|| StoreError::Corrupt(format!("handoff {id}")))?;
                Ok(Some((handoff, context)))
            }

            async fn erase_expired_handoffs(&self, now: Timestamp) -> Result<u64> {
                let done = sqlx::query("UPDATE handoffs SET context = NULL WHERE expires_at <= $1 AND context IS NOT NULL")
                    .bind(millis(now))
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn add_staff(
                &self,
                name: &str,
                role: relais_core::staff::Role,
                password_hash: &str,
            ) -> Result<Staff> {
                let id = uuid::Uuid::now_v7().to_string();
                let inserted = sqlx::query(
                    "INSERT INTO staff (id, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&id)
                .bind(name)
                .bind(role.code())
                .bind(password_hash)
                .bind(millis(now_millis()))
                .execute(&self.pool)
                .await;
                match inserted {
                    Ok(_) => {}
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Err(StoreError::AlreadyExists { what: "staff member", name: name.to_owned() });
                    }
                    Err(e) => return Err(e.into()),
                }
                self.staff_by_name(name).await?.ok_or_else(|| StoreError::Corrupt(format!("staff {id} vanished")))
            }

            async fn list_staff(&self) -> Result<Vec<Staff>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {STAFF_COLUMNS} FROM staff s ORDER BY s.name"
                )))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::staff_row).collect()
            }

            async fn staff_by_name(&self, name: &str) -> Result<Option<Staff>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {STAFF_COLUMNS} FROM staff s WHERE s.name = $1"
                )))
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::staff_row).transpose()
            }

            async fn set_staff_totp(&self, staff_id: &str, secret: Option<&[u8]>) -> Result<()> {
                let sealed = secret.map(|s| self.keys.seal(&format!("totp:{staff_id}"), s)).transpose()?;
                let done = sqlx::query("UPDATE staff SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
                    .bind(sealed)
                    .bind(staff_id)
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound { what: "staff member", name: staff_id.to_owned() });
                }
                Ok(())
            }

            async fn staff_totp_secret(&self, staff_id: &str) -> Result<Option<Vec<u8>>> {
                let sealed: Option<Option<Vec<u8>>> =
                    sqlx::query_scalar("SELECT totp_secret FROM staff WHERE id = $1")
                        .bind(staff_id)
                        .fetch_optional(&self.pool)
                        .await?;
                sealed.flatten().map(|s| self.keys.open(&format!("totp:{staff_id}"), &s)).transpose()
            }

            async fn claim_totp_step(&self, staff_id: &str, step: u64) -> Result<bool> {
                let step = i64::try_from(step).map_err(|_| StoreError::Corrupt("time step".into()))?;
                let done = sqlx::query(
                    "UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
                )
                .bind(step)
                .bind(staff_id)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn record_failed_login(&self, staff_id: &str) -> Result<u32> {
                let row = sqlx::query(
                    "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
                )
                .bind(staff_id)
                .fetch_one(&self.pool)
                .await?;
                let n: i64 = row.try_get("failed_logins")?;
                Ok(u32::try_from(n).unwrap_or(u32::MAX))
            }

            async fn lock_staff(&self, staff_id: &str, until: Timestamp) -> Result<()> {
                sqlx::query("UPDATE staff SET locked_until = $1, failed_logins = 0 WHERE id = $2")
                    .bind(millis(until))
                    .bind(staff_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn clear_failed_logins(&self, staff_id: &str) -> Result<()> {
                sqlx::query("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = $1")
                    .bind(staff_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_session(&self, token: &str, staff_id: &str, csrf_token: &str, now: Timestamp) -> Result<()> {
                sqlx::query(
                    "INSERT INTO staff_sessions (token_digest, staff_id, csrf_token, created_at, last_seen_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(self.keys.digest(token))
                .bind(staff_id)
                .bind(csrf_token)
                .bind(millis(now))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session(&self, token: &str) -> Result<Option<StaffSession>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {STAFF_COLUMNS}, x.csrf_token, x.created_at AS session_created, x.last_seen_at \
                     FROM staff_sessions x JOIN staff s ON s.id = x.staff_id \
                     WHERE x.token_digest = $1 AND x.ended_at IS NULL"
                )))
                .bind(self.keys.digest(token))
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                Ok(Some(StaffSession {
                    staff: Self::staff_row(&row)?,
                    csrf_token: row.try_get("csrf_token")?,
                    created_at: from_millis(row.try_get("session_created")?)?,
                    last_seen_at: from_millis(row.try_get("last_seen_at")?)?,
                }))
            }

            async fn touch_session(&self, token: &str, now: Timestamp) -> Result<()> {
                sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_digest = $2")
                    .bind(millis(now))
                    .bind(self.keys.digest(token))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn end_session(&self, token: &str, now: Timestamp) -> Result<()> {
                sqlx::query("UPDATE staff_sessions SET ended_at = $1 WHERE token_digest = $2 AND ended_at IS NULL")
                    .bind(millis(now))
                    .bind(self.keys.digest(token))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn append_audit(&self, event: AuditEvent, at: Timestamp) -> Result<AuditRecord> {
                let _one_at_a_time = self.audit_lock.lock().await;
                let mut tx = self.pool.begin_with($begin_write).await?;
                let lock: Option<&'static str> = $audit_lock_sql;
                if let Some(sql) = lock {
                    sqlx::query(sql).execute(&mut *tx).await?;
                }
                let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                    .fetch_optional(&mut *tx)
                    .await?;
                let (previous, seq) = match last {
                    Some(row) => {
                        let seq: i64 = row.try_get("seq")?;
                        (row.try_get::<Vec<u8>, _>("hash")?, seq as u64 + 1)
                    }
                    None => (crate::audit::GENESIS.to_vec(), 1),
                };
                let at = Timestamp::from_millisecond(at.as_millisecond()).unwrap_or(at);
                let hash = crate::audit::chain_hash(&previous, seq, at, &event).to_vec();
                sqlx::query("INSERT INTO audit_log (seq, at, actor, action, subject, hash) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(seq as i64)
                    .bind(millis(at))
                    .bind(&event.actor)
                    .bind(&event.action)
                    .bind(&event.subject)
                    .bind(&hash)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(AuditRecord { seq, at, event, hash })
            }

            async fn audit_rows(&self, after_seq: u64, limit: u32) -> Result<Vec<AuditRecord>> {
                let rows = sqlx::query(
                    "SELECT seq, at, actor, action, subject, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(after_seq as i64)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                Self::audit_records(&rows)
            }

            async fn audit_of(&self, subject: &str) -> Result<Vec<AuditRecord>> {
                // "case:ID" and what hangs off it ("case:ID evidence:…"); ids hold no LIKE wildcards.
                let rows = sqlx::query(
                    "SELECT seq, at, actor, action, subject, hash FROM audit_log \
                     WHERE subject = $1 OR subject LIKE $2 ORDER BY seq",
                )
                .bind(subject)
                .bind(format!("{} %", subject.replace(['%', '_'], "")))
                .fetch_all(&self.pool)
                .await?;
                Self::audit_records(&rows)
            }

            async fn open_case(&self, case: NewCase) -> Result<QueuedCase> {
                let id = uuid::Uuid::now_v7().to_string();
                let at = millis(case.at);
                // The case's own key: its text dies with it (crypto-shredding).
                let (data_key, wrapped) = self.keys.new_data_key(&id)?;
                let details = case.details.as_deref().map(|d| data_key.seal(&id, d)).transpose()?;
                let (reference, word) = match &case.reference {
                    Some((code, word)) => (Some(self.keys.digest(code)), Some(self.keys.digest(word))),
                    None => (None, None),
                };
                let school = case.school_level.map(|l| match l {
                    relais_core::case::SchoolLevel::Primaire => "primaire",
                    relais_core::case::SchoolLevel::College => "college",
                    relais_core::case::SchoolLevel::Lycee => "lycee",
                    relais_core::case::SchoolLevel::Other => "other",
                });
                let mut tx = self.pool.begin().await?;
                let inserted = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO cases (id, channel, category, age_band, minor, risk, skill, status, queued_at, created_at, \
                     updated_at, reference_digest, word_digest, school_level, details, assigned_to, platform) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $13, $8, $8, $8, $9, $10, $11, $12, $14, $15) RETURNING {CASE_COLUMNS}"
                )))
                .bind(&id)
                .bind(match case.channel {
                    relais_core::case::ContactChannel::Phone => "phone",
                    relais_core::case::ContactChannel::WebForm => "web_form",
                    relais_core::case::ContactChannel::Handoff => "handoff",
                    relais_core::case::ContactChannel::Chat => "chat",
                })
                .bind(&case.category)
                .bind(&case.age_band)
                .bind(i64::from(case.minor))
                .bind(case.risk.rank())
                .bind(case.skill.code())
                .bind(at)
                .bind(reference)
                .bind(word)
                .bind(school)
                .bind(details)
                .bind(if case.assigned_to.is_some() { "in_progress" } else { "new" })
                .bind(&case.assigned_to)
                .bind(&case.platform)
                .fetch_one(&mut *tx)
                .await;
                match inserted {
                    Ok(row) => {
                        sqlx::query("INSERT INTO case_keys (case_id, wrapped) VALUES ($1, $2)")
                            .bind(&id)
                            .bind(&wrapped)
                            .execute(&mut *tx)
                            .await?;
                        for item in &case.evidence {
                            Self::insert_evidence(&mut tx, &data_key, &id, item, case.at).await?;
                        }
                        if let Some(handoff) = &case.handoff_id {
                            sqlx::query("UPDATE handoffs SET case_id = $1 WHERE id = $2")
                                .bind(&id)
                                .bind(handoff)
                                .execute(&mut *tx)
                                .await?;
                        }
                        tx.commit().await?;
                        Self::case_row(&row)
                    }
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        Err(StoreError::AlreadyExists { what: "case reference", name: String::new() })
                    }
                    Err(e) => Err(e.into()),
                }
            }

            async fn take_next(
                &self,
                staff_id: &str,
                skill: relais_core::case::Skill,
                now: Timestamp,
            ) -> Result<Option<QueuedCase>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE cases SET status = 'in_progress', assigned_to = $1, updated_at = $2 \
                     WHERE id = (SELECT id FROM cases WHERE skill = $3 AND status = 'new' \
                                 ORDER BY risk DESC, minor DESC, queued_at, id LIMIT 1 {}) \
                       AND status = 'new' \
                     RETURNING {CASE_COLUMNS}",
                    $skip_locked
                )))
                .bind(staff_id)
                .bind(millis(now))
                .bind(skill.code())
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::case_row).transpose()
            }

            async fn queue_snapshot(&self, skill: relais_core::case::Skill) -> Result<QueueSnapshot> {
                let row = sqlx::query(
                    "SELECT COUNT(*) FILTER (WHERE status = 'new') AS waiting, \
                            MIN(queued_at) FILTER (WHERE status = 'new') AS oldest, \
                            COUNT(*) FILTER (WHERE status = 'in_progress') AS busy \
                     FROM cases WHERE skill = $1",
                )
                .bind(skill.code())
                .fetch_one(&self.pool)
                .await?;
                let waiting: i64 = row.try_get("waiting")?;
                let busy: i64 = row.try_get("busy")?;
                let oldest: Option<i64> = row.try_get("oldest")?;
                Ok(QueueSnapshot {
                    waiting: waiting as u64,
                    oldest_queued_at: oldest.map(from_millis).transpose()?,
                    in_progress: busy as u64,
                })
            }

            async fn waiting_cases(&self, skill: relais_core::case::Skill, limit: u32) -> Result<Vec<QueuedCase>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE skill = $1 AND status = 'new' \
                     ORDER BY risk DESC, minor DESC, queued_at, id LIMIT $2"
                )))
                .bind(skill.code())
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::case_row).collect()
            }

            async fn add_note(&self, case_id: &str, author: &str, text: &str, at: Timestamp) -> Result<()> {
                let id = uuid::Uuid::now_v7().to_string();
                let key = self.case_key(case_id).await?.ok_or_else(|| StoreError::NotFound {
                    what: "case (or it was erased)",
                    name: case_id.to_owned(),
                })?;
                let body = key.seal(&id, text.as_bytes())?;
                sqlx::query("INSERT INTO case_notes (id, case_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&id)
                    .bind(case_id)
                    .bind(author)
                    .bind(body)
                    .bind(millis(at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn notes(&self, case_id: &str) -> Result<Vec<CaseNote>> {
                let rows = sqlx::query(
                    "SELECT n.id, n.body, n.created_at, s.name FROM case_notes n JOIN staff s ON s.id = n.author \
                     WHERE n.case_id = $1 ORDER BY n.created_at, n.id",
                )
                .bind(case_id)
                .fetch_all(&self.pool)
                .await?;
                let Some(key) = self.case_key(case_id).await? else { return Ok(Vec::new()) };
                rows.iter()
                    .map(|r| {
                        let id: String = r.try_get("id")?;
                        let body: Vec<u8> = r.try_get("body")?;
                        let text = String::from_utf8(key.open(&id, &body)?)
                            .map_err(|_| StoreError::Corrupt(format!("note {id} is not text")))?;
                        Ok(CaseNote { author_name: r.try_get("name")?, text, created_at: from_millis(r.try_get("created_at")?)? })
                    })
                    .collect()
            }

            async fn add_evidence(&self, case_id: &str, item: NewEvidence, at: Timestamp) -> Result<Evidence> {
                let key = self.case_key(case_id).await?.ok_or_else(|| StoreError::NotFound {
                    what: "case (or it was erased)",
                    name: case_id.to_owned(),
                })?;
                let mut conn = self.pool.acquire().await?;
                let id = Self::insert_evidence(&mut conn, &key, case_id, &item, at).await?;
                let row = sqlx::query(Self::evidence_query("", "e.id = $1")).bind(&id).fetch_one(&mut *conn).await?;
                Self::evidence_row(&row, &key)
            }

            async fn evidence(&self, case_id: &str) -> Result<Vec<Evidence>> {
                let Some(key) = self.case_key(case_id).await? else { return Ok(Vec::new()) };
                let rows = sqlx::query(Self::evidence_query("", "e.case_id = $1")).bind(case_id).fetch_all(&self.pool).await?;
                rows.iter().map(|r| Self::evidence_row(r, &key)).collect()
            }

            async fn evidence_file(&self, case_id: &str, evidence_id: &str) -> Result<Option<(Evidence, Vec<u8>)>> {
                let Some(key) = self.case_key(case_id).await? else { return Ok(None) };
                let row = sqlx::query(Self::evidence_query(
                    "e.file, ",
                    "e.case_id = $1 AND e.id = $2 AND e.file IS NOT NULL",
                ))
                .bind(case_id)
                .bind(evidence_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let evidence = Self::evidence_row(&row, &key)?;
                let sealed: Vec<u8> = row.try_get("file")?;
                let bytes = key.open(&format!("{}:file", evidence.id), &sealed)?;
                Ok(Some((evidence, bytes)))
            }

            async fn set_case_outcome(&self, case_id: &str, outcome: relais_core::case::Outcome, at: Timestamp) -> Result<bool> {
                let done = sqlx::query("UPDATE cases SET outcome = $1, updated_at = $2 WHERE id = $3 AND erased_at IS NULL")
                    .bind(outcome.code())
                    .bind(millis(at))
                    .bind(case_id)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn link_handoff(&self, case_id: &str, handoff_id: &str, evidence: Vec<NewEvidence>, at: Timestamp) -> Result<()> {
                let key = self.case_key(case_id).await?.ok_or_else(|| StoreError::NotFound {
                    what: "case (or it was erased)",
                    name: case_id.to_owned(),
                })?;
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE handoffs SET case_id = $1 WHERE id = $2")
                    .bind(case_id)
                    .bind(handoff_id)
                    .execute(&mut *tx)
                    .await?;
                for item in &evidence {
                    Self::insert_evidence(&mut tx, &key, case_id, item, at).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn linked_handoffs(&self, case_id: &str) -> Result<Vec<Handoff>> {
                let rows = sqlx::query(Self::handoff_query("h.case_id = $1 ORDER BY h.created_at"))
                    .bind(case_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::handoff_row).collect()
            }

            async fn set_connector(&self, connector: Connector, at: Timestamp) -> Result<()> {
                let sealed = self.keys.seal(&format!("connector:{}", connector.client_id), &connector.secret)?;
                sqlx::query(
                    "INSERT INTO connectors (client_id, endpoint, secret, sla_minutes, fallback_contact, updated_at, \
                     category_sla) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id) DO UPDATE SET \
                     endpoint = excluded.endpoint, secret = excluded.secret, sla_minutes = excluded.sla_minutes, \
                     fallback_contact = excluded.fallback_contact, updated_at = excluded.updated_at, \
                     category_sla = excluded.category_sla",
                )
                .bind(&connector.client_id)
                .bind(&connector.endpoint)
                .bind(sealed)
                .bind(i64::from(connector.sla_minutes))
                .bind(&connector.fallback_contact)
                .bind(millis(at))
                .bind(connector.category_minutes_text())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn connector(&self, client_id: &str) -> Result<Option<Connector>> {
                let row = sqlx::query(CONNECTOR_QUERY)
                .bind(client_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| self.connector_row(&r)).transpose()
            }

            async fn draft_notice(&self, notice: NewNotice) -> Result<Notice> {
                let key = self.case_key(&notice.case_id).await?.ok_or_else(|| StoreError::NotFound {
                    what: "case (or it was erased)",
                    name: notice.case_id.clone(),
                })?;
                let id = notice.id.clone();
                let body = key.seal(&format!("notice:{id}"), &notice.body)?;
                sqlx::query(
                    "INSERT INTO notices (id, case_id, client_id, category, statement_category, action_asked, age_band, \
                     status, body, sla_minutes, drafted_by, created_at, appeal_of) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11, $12)",
                )
                .bind(&id)
                .bind(&notice.case_id)
                .bind(&notice.client_id)
                .bind(&notice.category)
                .bind(&notice.statement_category)
                .bind(&notice.action_asked)
                .bind(&notice.age_band)
                .bind(body)
                .bind(i64::from(notice.sla_minutes))
                .bind(&notice.drafted_by)
                .bind(millis(notice.at))
                .bind(&notice.appeal_of)
                .execute(&self.pool)
                .await?;
                self.notice(&id).await?.ok_or_else(|| StoreError::Corrupt(format!("notice {id}")))
            }

            async fn approve_notice(&self, notice_id: &str, approver: &str, at: Timestamp) -> Result<bool> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE notices SET status = 'approved', approved_by = $1, approved_at = $2 \
                     WHERE id = $3 AND status = 'draft'",
                )
                .bind(approver)
                .bind(millis(at))
                .bind(notice_id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO notice_outbox (notice_id, next_attempt_at) VALUES ($1, $2)")
                    .bind(notice_id)
                    .bind(millis(at))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn undelivered_notices(&self) -> Result<Vec<Notice>> {
                // A notice whose case was erased can never leave, and its erasure was meant: nothing to take up.
                let clause = "n.status = 'dead_lettered' AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.id = n.case_id \
                              AND k.erased_at IS NOT NULL) ORDER BY n.approved_at, n.id";
                let rows = sqlx::query(Self::notice_query(clause)).fetch_all(&self.pool).await?;
                rows.iter().map(Self::notice_row).collect()
            }

            async fn redeliver_notice(&self, notice_id: &str, at: Timestamp) -> Result<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE notices SET status = 'approved' WHERE id = $1 AND status = 'dead_lettered'")
                    .bind(notice_id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                // The last error stays until the next attempt replaces it: the console keeps saying why.
                sqlx::query(
                    "UPDATE notice_outbox SET attempts = 0, dead_at = NULL, done_at = NULL, next_attempt_at = $1 \
                     WHERE notice_id = $2",
                )
                .bind(millis(at))
                .bind(notice_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn notice(&self, notice_id: &str) -> Result<Option<Notice>> {
                let row = sqlx::query(Self::notice_query("n.id = $1")).bind(notice_id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::notice_row).transpose()
            }

            async fn notice_timings(&self, since: Timestamp) -> Result<Vec<relais_core::notice::Timing>> {
                let to = Timestamp::MAX;
                Ok(self.notice_report_rows(since, to).await?.into_iter().map(|(t, _, _)| t).collect())
            }

            async fn notice_report_rows(
                &self,
                from: Timestamp,
                to: Timestamp,
            ) -> Result<Vec<(relais_core::notice::Timing, String, Option<String>)>> {
                let rows = sqlx::query(
                    "SELECT n.id, n.case_id, c.name, n.approved_at, n.acknowledged_at, n.decided_at, n.sla_minutes, \
                     n.statement_category, n.decision FROM notices n JOIN clients c ON c.id = n.client_id \
                     WHERE n.approved_at IS NOT NULL AND n.approved_at >= $1 AND n.approved_at < $2 \
                     AND n.appeal_of IS NULL ORDER BY n.approved_at",
                )
                .bind(millis(from))
                .bind(millis(to))
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let at = |c: &str| -> Result<Option<Timestamp>> {
                            r.try_get::<Option<i64>, _>(c)?.map(from_millis).transpose()
                        };
                        let timing = relais_core::notice::Timing {
                            notice_id: r.try_get("id")?,
                            case_id: r.try_get("case_id")?,
                            platform: r.try_get("name")?,
                            approved_at: from_millis(r.try_get("approved_at")?)?,
                            acknowledged_at: at("acknowledged_at")?,
                            decided_at: at("decided_at")?,
                            sla_minutes: u32::try_from(r.try_get::<i64, _>("sla_minutes")?).unwrap_or(u32::MAX),
                        };
                        Ok((timing, r.try_get("statement_category")?, r.try_get("decision")?))
                    })
                    .collect()
            }

            async fn notice_body(&self, notice_id: &str) -> Result<Option<Vec<u8>>> {
                let row = sqlx::query("SELECT case_id, body FROM notices WHERE id = $1")
                    .bind(notice_id)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let sealed: Option<Vec<u8>> = row.try_get("body")?;
                let case_id: String = row.try_get("case_id")?;
                let (Some(sealed), Some(key)) = (sealed, self.case_key(&case_id).await?) else { return Ok(None) };
                Ok(Some(key.open(&format!("notice:{notice_id}"), &sealed)?))
            }

            async fn notices_of_case(&self, case_id: &str) -> Result<Vec<Notice>> {
                let rows = sqlx::query(Self::notice_query("n.case_id = $1 ORDER BY n.created_at, n.id"))
                    .bind(case_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::notice_row).collect()
            }

            async fn notices_of_client(
                &self,
                client_id: &str,
                status: Option<relais_core::notice::NoticeStatus>,
                limit: u32,
            ) -> Result<Vec<Notice>> {
                let rows = sqlx::query(Self::notice_query(
                    "n.client_id = $1 AND n.status <> 'draft' AND ($2 IS NULL OR n.status = $2) \
                     ORDER BY n.created_at DESC, n.id DESC LIMIT $3",
                ))
                .bind(client_id)
                .bind(status.map(|s| s.code()))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::notice_row).collect()
            }

            async fn due_deliveries(&self, now: Timestamp, lease: jiff::SignedDuration, limit: u32) -> Result<Vec<Delivery>> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let due = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT o.notice_id, o.attempts, n.case_id, n.client_id, n.body FROM notice_outbox o \
                     JOIN notices n ON n.id = o.notice_id \
                     WHERE o.done_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= $1 \
                     ORDER BY o.next_attempt_at LIMIT $2{}",
                    if $skip_locked.is_empty() { "" } else { " FOR UPDATE OF o SKIP LOCKED" }
                )))
                .bind(millis(now))
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
                let mut out = Vec::new();
                for row in &due {
                    let notice_id: String = row.try_get("notice_id")?;
                    sqlx::query("UPDATE notice_outbox SET next_attempt_at = $1 WHERE notice_id = $2")
                        .bind(millis(now + lease))
                        .bind(&notice_id)
                        .execute(&mut *tx)
                        .await?;
                    let case_id: String = row.try_get("case_id")?;
                    let client_id: String = row.try_get("client_id")?;
                    let sealed: Option<Vec<u8>> = row.try_get("body")?;
                    // A notice that can never leave (its case erased, its platform
                    // disconnected) is dead-lettered, not leased again forever.
                    let (Some(key), Some(sealed)) = (self.case_key_in(&mut tx, &case_id).await?, sealed) else {
                        Self::dead_letter(&mut tx, &notice_id, "its case was erased", now).await?;
                        continue;
                    };
                    let conn_row = sqlx::query(CONNECTOR_QUERY)
                    .bind(&client_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some(conn_row) = conn_row else {
                        Self::dead_letter(&mut tx, &notice_id, "the platform is no longer connected", now).await?;
                        continue;
                    };
                    out.push(Delivery {
                        body: key.open(&format!("notice:{notice_id}"), &sealed)?,
                        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
                        connector: self.connector_row(&conn_row)?,
                        notice_id,
                    });
                }
                tx.commit().await?;
                Ok(out)
            }

            async fn delivery_succeeded(&self, notice_id: &str, at: Timestamp) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE notice_outbox SET done_at = $1, attempts = attempts + 1, last_error = NULL WHERE notice_id = $2 AND done_at IS NULL")
                    .bind(millis(at))
                    .bind(notice_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE notices SET delivered_at = COALESCE(delivered_at, $1), \
                     status = CASE WHEN status = 'approved' THEN 'delivered' ELSE status END WHERE id = $2",
                )
                .bind(millis(at))
                .bind(notice_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn delivery_failed(&self, notice_id: &str, error: &str, retry_at: Option<Timestamp>, at: Timestamp) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let error: String = error.chars().take(500).collect();
                match retry_at {
                    Some(retry) => {
                        sqlx::query(
                            "UPDATE notice_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
                             WHERE notice_id = $3 AND done_at IS NULL",
                        )
                        .bind(&error)
                        .bind(millis(retry))
                        .bind(notice_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    None => Self::dead_letter(&mut tx, notice_id, &error, at).await?,
                }
                tx.commit().await?;
                Ok(())
            }

            async fn acknowledge_notice(&self, notice_id: &str, client_id: &str, at: Timestamp) -> Result<Callback> {
                let Some(notice) = self.notice(notice_id).await?.filter(|n| n.client_id == client_id) else {
                    return Ok(Callback::NotFound);
                };
                use relais_core::notice::NoticeStatus as S;
                if notice.status == S::Draft {
                    return Ok(Callback::NotSent);
                }
                if notice.acknowledged_at.is_some() {
                    return Ok(Callback::AlreadyRecorded);
                }
                let mut tx = self.pool.begin().await?;
                // An acknowledgement proves delivery, even if the 2xx never came back.
                sqlx::query(
                    "UPDATE notices SET acknowledged_at = $1, delivered_at = COALESCE(delivered_at, $1), \
                     status = CASE WHEN status IN ('approved', 'delivered', 'dead_lettered') THEN 'acknowledged' ELSE status END \
                     WHERE id = $2 AND acknowledged_at IS NULL",
                )
                .bind(millis(at))
                .bind(notice_id)
                .execute(&mut *tx)
                .await?;
                Self::outbox_done(&mut tx, notice_id, at).await?;
                tx.commit().await?;
                Ok(Callback::Recorded)
            }

            async fn decide_notice(
                &self,
                notice_id: &str,
                client_id: &str,
                summary: &str,
                decision_json: &str,
                at: Timestamp,
            ) -> Result<Callback> {
                let Some(notice) = self.notice(notice_id).await?.filter(|n| n.client_id == client_id) else {
                    return Ok(Callback::NotFound);
                };
                if notice.status == relais_core::notice::NoticeStatus::Draft {
                    return Ok(Callback::NotSent);
                }
                if let Some(previous) = &notice.decision_json {
                    return Ok(if previous == decision_json { Callback::AlreadyRecorded } else { Callback::Conflict });
                }
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE notices SET status = 'decided', decided_at = $1, decision = $2, decision_json = $3, \
                     acknowledged_at = COALESCE(acknowledged_at, $1), delivered_at = COALESCE(delivered_at, $1) \
                     WHERE id = $4 AND decision_json IS NULL",
                )
                .bind(millis(at))
                .bind(summary)
                .bind(decision_json)
                .bind(notice_id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    // Another decision landed between the read and this write.
                    return Ok(Callback::Conflict);
                }
                Self::outbox_done(&mut tx, notice_id, at).await?;
                tx.commit().await?;
                Ok(Callback::Recorded)
            }

            async fn transfer_case(&self, case_id: &str, to: relais_core::case::Skill, at: Timestamp) -> Result<bool> {
                let done = sqlx::query(
                    "UPDATE cases SET skill = $1, status = 'new', assigned_to = NULL, queued_at = $2, updated_at = $2 \
                     WHERE id = $3 AND status IN ('new', 'in_progress')",
                )
                .bind(to.code())
                .bind(millis(at))
                .bind(case_id)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_case_risk(&self, case_id: &str, risk: relais_core::risk::RiskLevel, at: Timestamp) -> Result<bool> {
                let done = sqlx::query("UPDATE cases SET risk = $1, updated_at = $2 WHERE id = $3")
                    .bind(risk.rank())
                    .bind(millis(at))
                    .bind(case_id)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_case_status(
                &self,
                case_id: &str,
                to: relais_core::case::CaseStatus,
                by: &str,
                at: Timestamp,
            ) -> Result<bool> {
                // Only the moves the state machine allows, checked against the row as it is now.
                let allowed: Vec<&str> = relais_core::case::CaseStatus::ALL
                    .iter()
                    .filter(|from| from.can_become(to))
                    .map(|from| from.code())
                    .collect();
                if allowed.is_empty() {
                    return Ok(false);
                }
                let placeholders: Vec<String> = (0..allowed.len()).map(|i| format!("${}", i + 5)).collect();
                let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE cases SET status = $1, updated_at = $2, assigned_to = COALESCE(assigned_to, $3), \
                     closed_at = CASE WHEN $1 = 'closed' THEN $2 ELSE NULL END \
                     WHERE id = $4 AND erased_at IS NULL AND status IN ({})",
                    placeholders.join(", ")
                )))
                .bind(to.code())
                .bind(millis(at))
                .bind(by)
                .bind(case_id);
                for from in allowed {
                    query = query.bind(from);
                }
                Ok(query.execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn erase_closed_cases(&self, closed_before: Timestamp, now: Timestamp) -> Result<u64> {
                let mut tx = self.pool.begin().await?;
                let ids: Vec<String> = sqlx::query(
                    "SELECT id FROM cases WHERE status = 'closed' AND closed_at < $1 AND erased_at IS NULL",
                )
                .bind(millis(closed_before))
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<std::result::Result<_, _>>()?;
                for id in &ids {
                    sqlx::query("DELETE FROM case_keys WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM case_notes WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM case_evidence WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
                    sqlx::query("UPDATE notices SET body = NULL WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
                    sqlx::query("UPDATE cases SET details = NULL, reference_digest = NULL, word_digest = NULL, erased_at = $1 WHERE id = $2")
                        .bind(millis(now))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(ids.len() as u64)
            }

            async fn set_staff_password(&self, staff_id: &str, password_hash: &str) -> Result<()> {
                sqlx::query("UPDATE staff SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2")
                    .bind(password_hash)
                    .bind(staff_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn case_by_reference(&self, code: &str, word: Option<&str>) -> Result<Option<QueuedCase>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {CASE_COLUMNS}, word_digest FROM cases WHERE reference_digest = $1 AND erased_at IS NULL"
                )))
                .bind(self.keys.digest(code))
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                if let Some(word) = word {
                    let stored: Option<Vec<u8>> = row.try_get("word_digest")?;
                    let given = self.keys.digest(&word.trim().to_lowercase());
                    if !stored.is_some_and(|s| bool::from(subtle::ConstantTimeEq::ct_eq(&s[..], &given[..]))) {
                        return Ok(None);
                    }
                }
                Self::case_row(&row).map(Some)
            }

            async fn case_counts(&self, since: Timestamp) -> Result<Vec<CaseCount>> {
                let mut counts = Vec::new();
                // Column names come from this fixed list, never from input.
                for dimension in ["category", "age_band", "school_level", "platform", "channel", "outcome"] {
                    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT COALESCE({dimension}, 'unknown') AS value, COUNT(*) AS n FROM cases \
                         WHERE created_at >= $1 GROUP BY COALESCE({dimension}, 'unknown') ORDER BY n DESC, value"
                    )))
                    .bind(millis(since))
                    .fetch_all(&self.pool)
                    .await?;
                    for r in rows {
                        let n: i64 = r.try_get("n")?;
                        counts.push(CaseCount { dimension, value: r.try_get("value")?, count: n as u64 });
                    }
                }
                Ok(counts)
            }

            async fn case_file(&self, id: &str) -> Result<Option<(QueuedCase, Option<Vec<u8>>)>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {CASE_COLUMNS}, details FROM cases WHERE id = $1")))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let sealed: Option<Vec<u8>> = row.try_get("details")?;
                let details = match (sealed, self.case_key(id).await?) {
                    (Some(s), Some(key)) => Some(key.open(id, &s)?),
                    // Erased: without its key, nothing of the text can be read.
                    _ => None,
                };
                Ok(Some((Self::case_row(&row)?, details)))
            }

            async fn counsellors_online(&self, role: relais_core::staff::Role, since: Timestamp) -> Result<u32> {
                let row = sqlx::query(
                    "SELECT COUNT(DISTINCT x.staff_id) AS n FROM staff_sessions x JOIN staff s ON s.id = x.staff_id \
                     WHERE x.ended_at IS NULL AND x.last_seen_at >= $1 AND s.role = $2 AND s.disabled_at IS NULL",
                )
                .bind(millis(since))
                .bind(role.code())
                .fetch_one(&self.pool)
                .await?;
                let n: i64 = row.try_get("n")?;
                Ok(u32::try_from(n).unwrap_or(u32::MAX))
            }

            async fn ping(&self) -> Result<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }
        }
    };
}

// SQLite has one writer at a time already; PostgreSQL needs the table locked
// so that two servers never chain to the same last row.
// Taking the next case is one UPDATE on SQLite, whose writers are serialised;
// PostgreSQL skips rows another server is taking at the same moment.
// SQLite: a transaction that reads before it writes takes the write lock at
// once, or a concurrent writer makes its upgrade fail outright (busy snapshot).
store_impl!(SqliteStore, sqlx::sqlite::SqliteRow, None, "", "BEGIN IMMEDIATE");
store_impl!(
    PostgresStore,
    sqlx::postgres::PgRow,
    Some("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"),
    "FOR UPDATE SKIP LOCKED",
    "BEGIN"
);
