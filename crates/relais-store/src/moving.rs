//! Moving a helpline from one database to another: from SQLite to
//! PostgreSQL when it grows past one machine, and back.
//!
//! An export is every table, row for row, read in one snapshot and written
//! as JSON lines: a header naming the schema it was read at, then each table
//! (its columns, its row count, its rows), then an end mark that a cut-off
//! file lacks, carrying a MAC of every line before it under a key derived
//! from the master key, so that a row changed on the way is refused. Values are numbers, text, or base64 for bytes; nothing is
//! decrypted on the way: sealed files stay sealed and keys stay wrapped, so
//! the export needs the same master key (`relais.key`) to be of any use, and
//! says so at once when the key differs. The master key never travels with
//! it: a lost export alone gives away no child's story, and the two are kept
//! apart like the database and the key.
//!
//! An import goes into an empty database of this version's schema, in one
//! transaction with its own audit row, and checks the audit chain row by row
//! as it writes it (its hashes and MACs under the target's key) and the
//! file's MAC before it commits: a file changed on the way, or a trail that
//! no longer verifies, leaves the target as empty as it was.

use std::io::{BufRead, Write};

use base64::Engine as _;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
// Statements name tables from `TABLES` and columns from the database's own schema
// (an export's column names are checked against it first), never other text.
use sqlx::{AnyConnection, AssertSqlSafe, Row as _};

use hmac::Mac as _;

use crate::audit::{AuditEvent, AuditRecord, ChainWalk};
use crate::row::Read as _;
use crate::{Actor, ChainCheck, Dialect, Result, Store, StoreError};

/// Every table, parents before children (foreign keys are checked as rows
/// arrive), each in an order that puts a row after those it refers to (an
/// appeal after its notice: ids are time-ordered). A table missing here is a
/// test failure, not a silent loss.
pub const TABLES: [(&str, &str); 31] = [
    ("clients", "id"),
    ("client_origins", "client_id, origin"),
    ("referral_counts", "client_id, day, country, category, age_band, surface, decision"),
    ("connectors", "client_id"),
    ("staff", "id"),
    ("staff_sessions", "token_digest"),
    ("sign_in_failures", "scope"),
    ("sign_in_alarm", "id"),
    ("audit_log", "seq"),
    ("cases", "id"),
    ("case_keys", "case_id"),
    ("case_notes", "id"),
    ("case_evidence", "id"),
    ("case_workers", "case_id, staff_id"),
    ("handoffs", "id"),
    ("notices", "id"),
    ("notice_outbox", "notice_id"),
    ("messaging_channels", "id"),
    ("messaging_senders", "id"),
    ("conversations", "id"),
    ("conversation_messages", "conversation_id, seq"),
    ("messaging_inbox", "id"),
    ("messaging_seen", "channel_id, external_id"),
    ("messaging_outbox", "conversation_id, seq"),
    ("canned_answers", "id"),
    ("survey_counts", "channel, month, question, answer"),
    ("survey_responses", "channel, month"),
    ("survey_taken", "digest"),
    ("image_hashes", "id"),
    ("hash_feed", "seq"),
    ("hash_matches", "id"),
];

/// What the first line says.
const FORMAT: &str = "relais-export";
const VERSION: u32 = 1;
/// What the key check is a MAC of, under a key of its own derived from the master key.
const KEY_CHECK_LABEL: &str = "relais export key check v1";
/// The key of the MAC over an export's lines, derived from the master key.
const MAC_LABEL: &str = "relais export mac v1";

type LinesMac = hmac::Hmac<sha2::Sha256>;
/// Values per insert statement, under both databases' limits on parameters.
const PARAMETERS_PER_INSERT: usize = 10_000;

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    /// The last migration of the database it was read from: the target must be at the same.
    schema: i64,
    exported_at: Timestamp,
    /// Shows whether the target's master key is the source's, without showing either.
    key_check: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct TableHeader {
    table: String,
    columns: Vec<String>,
    rows: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct End {
    end: bool,
    /// HMAC-SHA-256 of every line before this one, each with its newline.
    mac: String,
}

/// The rows moved, table by table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub tables: Vec<(String, u64)>,
}

impl Moved {
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.iter().find(|(t, _)| t == table).map_or(0, |(_, n)| *n)
    }
}

/// How a column's values are written and bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Text,
    Bytes,
}

fn refused(why: impl std::fmt::Display) -> StoreError {
    StoreError::Move(why.to_string())
}

impl Store {
    /// Writes the whole helpline to `out`, read in one snapshot (servers may
    /// go on working meanwhile). The export is recorded in the audit trail
    /// first, so the trail it carries says it was made.
    pub async fn export(&self, out: &mut (dyn Write + Send), at: Timestamp) -> Result<Moved> {
        self.append_audit(Actor::Cli.did("helpline.export", "helpline"), at).await?;
        let schema = self.schema_version().await?;
        let snapshot = match self.dialect {
            Dialect::Sqlite => "BEGIN",
            Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        let mut tx = self.pool.begin_with(snapshot).await?;
        let mut out = Lines { out, mac: self.lines_mac() };
        let header =
            Header { format: FORMAT.into(), version: VERSION, schema, exported_at: at, key_check: self.key_check() };
        out.line(&header)?;
        let mut moved = Vec::with_capacity(TABLES.len());
        for (table, order) in TABLES {
            let columns = self.columns(&mut tx, table).await?;
            let names: Vec<String> = columns.iter().map(|(name, _)| name.clone()).collect();
            let count: i64 = sqlx::query(AssertSqlSafe(format!("SELECT COUNT(*) AS n FROM {table}")))
                .fetch_one(&mut *tx)
                .await?
                .int("n")?;
            out.line(&TableHeader { table: table.into(), columns: names.clone(), rows: count as u64 })?;
            let select = format!("SELECT {} FROM {table} ORDER BY {order}", names.join(", "));
            let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *tx);
            let mut written = 0u64;
            while let Some(row) = futures_util::TryStreamExt::try_next(&mut rows).await? {
                let values = columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, kind))| read_value(&row, i, *kind))
                    .collect::<Result<Vec<_>>>()?;
                out.line(&values)?;
                written += 1;
            }
            if written != count as u64 {
                return Err(refused(format!("{table} changed while it was read")));
            }
            moved.push((table.to_owned(), written));
        }
        drop(tx);
        out.finish()?;
        Ok(Moved { tables: moved })
    }

    /// Reads an export into this database, which must be empty and at the
    /// export's schema, with the same master key. All or nothing: any fault
    /// (a cut-off file, a changed row, a broken audit chain) leaves it empty.
    pub async fn import(&self, input: &mut (dyn BufRead + Send), at: Timestamp) -> Result<Moved> {
        let mut input = Reader { lines: input.lines(), mac: self.lines_mac() };
        let header: Header = serde_json::from_str(&input.next()?)
            .map_err(|_| refused("this is not a Relais export (its first line is not an export's header)"))?;
        if header.format != FORMAT || header.version != VERSION {
            return Err(refused(format!("this is not a Relais export of version {VERSION}")));
        }
        let schema = self.schema_version().await?;
        if header.schema != schema {
            return Err(refused(format!(
                "the export was made at schema {:04} and this database is at {schema:04}: import it with the same \
                 version of Relais as made it",
                header.schema
            )));
        }
        if header.key_check != self.key_check() {
            return Err(refused(
                "the export was sealed under another master key: copy relais.key from the source's data directory \
                 into this one's",
            ));
        }

        // One transaction for the rows and the import's own audit row: all of it, or nothing.
        let mut write = self.audited().await?;
        for (table, _) in TABLES {
            let any = sqlx::query(AssertSqlSafe(format!("SELECT 1 AS one FROM {table} LIMIT 1")))
                .fetch_optional(&mut *write.tx)
                .await?;
            if any.is_some() {
                return Err(refused(format!(
                    "this database already holds a helpline ({table} has rows): import into an empty one"
                )));
            }
        }
        let mut walk = ChainWalk::keyed(self.audit_key);
        let mut moved = Vec::with_capacity(TABLES.len());
        for (table, _) in TABLES {
            let section: TableHeader = serde_json::from_str(&input.next()?)
                .map_err(|_| refused(format!("the export's table {table} is missing or out of place")))?;
            if section.table != table {
                return Err(refused(format!("the export has {} where {table} was expected", section.table)));
            }
            let target = self.columns(&mut write.tx, table).await?;
            let mut expected: Vec<&str> = target.iter().map(|(n, _)| n.as_str()).collect();
            let mut given: Vec<&str> = section.columns.iter().map(String::as_str).collect();
            expected.sort_unstable();
            given.sort_unstable();
            if expected != given {
                return Err(refused(format!(
                    "the export's {table} has the columns {given:?} where this database has {expected:?}"
                )));
            }
            let kinds = section
                .columns
                .iter()
                .map(|name| {
                    target
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, kind)| *kind)
                        .ok_or_else(|| refused(format!("{table}.{name} is not a column of this database")))
                })
                .collect::<Result<Vec<_>>>()?;
            let per_insert = (PARAMETERS_PER_INSERT / kinds.len().max(1)).max(1);
            let mut batch: Vec<Vec<serde_json::Value>> = Vec::with_capacity(per_insert);
            for n in 0..section.rows {
                let values: Vec<serde_json::Value> = serde_json::from_str(&input.next()?)
                    .map_err(|_| refused(format!("row {} of {table} is not a row", n + 1)))?;
                if values.len() != kinds.len() {
                    return Err(refused(format!(
                        "row {} of {table} has {} values for {} columns",
                        n + 1,
                        values.len(),
                        kinds.len()
                    )));
                }
                if table == "audit_log" {
                    walk.push(&audit_row(&section.columns, &values)?);
                }
                batch.push(values);
                if batch.len() == per_insert {
                    insert(&mut write.tx, table, &section.columns, &kinds, &batch).await?;
                    batch.clear();
                }
            }
            insert(&mut write.tx, table, &section.columns, &kinds, &batch).await?;
            moved.push((table.to_owned(), section.rows));
        }
        // The trail first: it names the row that was changed.
        if let ChainCheck::Broken { seq, reason } = walk.finish() {
            return Err(refused(format!("the audit trail in the export is broken at row {seq}: {reason}")));
        }
        let end: End =
            serde_json::from_str(&input.raw()?).map_err(|_| refused("the export has more than its tables"))?;
        let mac = hex::decode(&end.mac).unwrap_or_default();
        if !end.end || input.mac.verify_slice(&mac).is_err() {
            return Err(refused("the export was changed after it was written: its lines do not match its MAC"));
        }
        if self.dialect == Dialect::Postgres {
            // The feed's numbers go on from the last one moved.
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('hash_feed', 'seq'), COALESCE((SELECT MAX(seq) FROM hash_feed), 0) + 1, false)",
            )
            .execute(&mut *write.tx)
            .await?;
        }
        write.commit(Actor::Cli.did("helpline.import", "helpline"), at).await?;
        Ok(Moved { tables: moved })
    }

    async fn schema_version(&self) -> Result<i64> {
        Ok(self.migrations().await?.last().map_or(0, |(version, _)| *version))
    }

    fn lines_mac(&self) -> LinesMac {
        <LinesMac as hmac::KeyInit>::new_from_slice(&self.keys.derive_key(MAC_LABEL)).expect("any key length")
    }

    fn key_check(&self) -> String {
        hex::encode(crate::audit::row_mac(&self.keys.derive_key(KEY_CHECK_LABEL), FORMAT.as_bytes()))
    }

    /// A table's columns as this database declares them (SQLite's `INTEGER`,
    /// `BLOB`; PostgreSQL's `bigint`, `bytea`; text otherwise).
    async fn columns(&self, conn: &mut AnyConnection, table: &str) -> Result<Vec<(String, Kind)>> {
        let query = match self.dialect {
            Dialect::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
            Dialect::Postgres => {
                "SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
            }
        };
        let rows = sqlx::query(query).bind(table).fetch_all(conn).await?;
        if rows.is_empty() {
            return Err(StoreError::Corrupt(format!("the table {table} is missing")));
        }
        rows.iter()
            .map(|r| {
                let declared = r.text("type")?.to_ascii_uppercase();
                let kind = if declared.contains("INT") {
                    Kind::Integer
                } else if declared.contains("BLOB") || declared.contains("BYTEA") {
                    Kind::Bytes
                } else {
                    Kind::Text
                };
                Ok((r.text("name")?, kind))
            })
            .collect()
    }
}

/// Where an export's lines go, each also into its MAC.
struct Lines<'a> {
    out: &'a mut (dyn Write + Send),
    mac: LinesMac,
}

impl Lines<'_> {
    fn line(&mut self, value: &impl Serialize) -> Result<()> {
        let text = Self::text(value)?;
        self.mac.update(&text);
        self.out.write_all(&text).map_err(refused)
    }

    /// The end mark, with the MAC of every line before it, outside the MAC itself.
    fn finish(self) -> Result<()> {
        let mac = hex::encode(self.mac.finalize().into_bytes());
        self.out.write_all(&Self::text(&End { end: true, mac })?).map_err(refused)?;
        self.out.flush().map_err(refused)
    }

    fn text(value: &impl Serialize) -> Result<Vec<u8>> {
        let mut text = serde_json::to_vec(value).map_err(refused)?;
        text.push(b'\n');
        Ok(text)
    }
}

/// Where an import's lines come from, each but the end mark also into the MAC they must match.
struct Reader<R> {
    lines: std::io::Lines<R>,
    mac: LinesMac,
}

impl<R: BufRead> Reader<R> {
    /// The next line as it is, outside the MAC (the end mark, which carries it).
    fn raw(&mut self) -> Result<String> {
        self.lines.next().ok_or_else(|| refused("the export ends early: it was cut off"))?.map_err(refused)
    }

    fn next(&mut self) -> Result<String> {
        let line = self.raw()?;
        self.mac.update(line.as_bytes());
        self.mac.update(b"\n");
        Ok(line)
    }
}

fn read_value(row: &sqlx::any::AnyRow, i: usize, kind: Kind) -> Result<serde_json::Value> {
    use serde_json::Value;
    Ok(match kind {
        Kind::Integer => row.try_get::<Option<i64>, _>(i)?.map_or(Value::Null, Value::from),
        Kind::Text => row.try_get::<Option<String>, _>(i)?.map_or(Value::Null, Value::from),
        Kind::Bytes => row
            .try_get::<Option<Vec<u8>>, _>(i)?
            .map_or(Value::Null, |b| Value::from(base64::engine::general_purpose::STANDARD.encode(b))),
    })
}

/// Writes one batch of rows, each value bound as its target column's kind.
async fn insert(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    columns: &[String],
    kinds: &[Kind],
    rows: &[Vec<serde_json::Value>],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let width = columns.len();
    let tuples: Vec<String> = (0..rows.len())
        .map(|r| {
            let marks: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    let sql = format!("INSERT INTO {table} ({}) VALUES {}", columns.join(", "), tuples.join(", "));
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for (n, row) in rows.iter().enumerate() {
        for ((value, kind), column) in row.iter().zip(kinds).zip(columns) {
            let wrong = || refused(format!("a value of {table}.{column} (row {}) is not what the column holds", n + 1));
            query = match kind {
                Kind::Integer => query.bind(match value {
                    serde_json::Value::Null => None,
                    v => Some(v.as_i64().ok_or_else(wrong)?),
                }),
                Kind::Text => query.bind(match value {
                    serde_json::Value::Null => None,
                    v => Some(v.as_str().ok_or_else(wrong)?.to_owned()),
                }),
                Kind::Bytes => query.bind(match value {
                    serde_json::Value::Null => None,
                    v => Some(
                        base64::engine::general_purpose::STANDARD
                            .decode(v.as_str().ok_or_else(wrong)?)
                            .map_err(|_| wrong())?,
                    ),
                }),
            };
        }
    }
    query.execute(&mut **tx).await.map_err(|e| refused(format!("{table} could not be written: {e}")))?;
    Ok(())
}

/// An audit row as the export carries it, for the chain's check.
fn audit_row(columns: &[String], values: &[serde_json::Value]) -> Result<AuditRecord> {
    let get = |name: &str| {
        columns
            .iter()
            .position(|c| c == name)
            .map(|i| &values[i])
            .ok_or_else(|| refused(format!("audit_log.{name} is missing")))
    };
    let text = |name: &str| -> Result<String> {
        get(name)?.as_str().map(str::to_owned).ok_or_else(|| refused(format!("audit_log.{name} is not text")))
    };
    let bytes = |name: &str| -> Result<Option<Vec<u8>>> {
        match get(name)? {
            serde_json::Value::Null => Ok(None),
            v => v
                .as_str()
                .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
                .map(Some)
                .ok_or_else(|| refused(format!("audit_log.{name} is not bytes"))),
        }
    };
    let int = |name: &str| get(name)?.as_i64().ok_or_else(|| refused(format!("audit_log.{name} is not a number")));
    Ok(AuditRecord {
        seq: int("seq")? as u64,
        at: Timestamp::from_millisecond(int("at")?).map_err(|_| refused("audit_log.at is not a time"))?,
        event: AuditEvent { actor: text("actor")?, action: text("action")?, subject: text("subject")? },
        hash: bytes("hash")?.unwrap_or_default(),
        mac: bytes("mac")?,
    })
}
