//! Evidence on a case: links, platform content ids and captures. Each field is
//! sealed with the case's key under its own associated data (a sealed link
//! cannot be passed off as another item's file); a file's SHA-256 is computed
//! here from the bytes received and kept in clear for the evidence bundles.

use jiff::Timestamp;
use relais_core::evidence::MediaType;
use relais_core::id::{CaseId, EvidenceId, HandoffId, StaffId};
use sha2::Digest;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::audit::Actor;
use crate::crypto::DataKey;
use crate::row::{Read, millis};
use crate::{Result, Store, StoreError};

/// Evidence to attach to a case, already checked (see `relais_core::evidence`).
#[derive(Debug, Clone, Default)]
pub struct NewEvidence {
    pub url: Option<String>,
    pub platform_content_id: Option<String>,
    pub file: Option<(MediaType, Vec<u8>)>,
    pub captured_at: Option<Timestamp>,
    /// The staff member who attached it; none when it came from a platform.
    pub added_by: Option<StaffId>,
}

/// One item of evidence, opened, without the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: EvidenceId,
    pub case_id: CaseId,
    pub url: Option<String>,
    pub platform_content_id: Option<String>,
    pub media_type: Option<MediaType>,
    pub size: Option<u64>,
    /// Hex SHA-256 of the file as received.
    pub sha256: Option<String>,
    pub captured_at: Option<Timestamp>,
    pub added_by_name: Option<String>,
    pub added_at: Timestamp,
}

/// Seals and inserts one item within the caller's transaction.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    key: &DataKey,
    case: CaseId,
    item: &NewEvidence,
    at: Timestamp,
) -> Result<EvidenceId> {
    let id = EvidenceId::from(uuid::Uuid::now_v7());
    let seal = |field: &str, bytes: &[u8]| key.seal(&format!("{id}:{field}"), bytes);
    let url = item.url.as_deref().map(|u| seal("url", u.as_bytes())).transpose()?;
    let content_id = item.platform_content_id.as_deref().map(|c| seal("content_id", c.as_bytes())).transpose()?;
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
        "INSERT INTO case_evidence (id, case_id, url, content_id, media_type, size, sha256, file, captured_at, \
         added_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(case.to_string())
    .bind(url)
    .bind(content_id)
    .bind(media_type)
    .bind(size)
    .bind(sha256)
    .bind(file)
    .bind(item.captured_at.map(millis))
    .bind(item.added_by.map(|s| s.to_string()))
    .bind(millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

fn evidence_row(row: &AnyRow, key: &DataKey) -> Result<Evidence> {
    let id: EvidenceId = row.id("id")?;
    let open = |field: &str| -> Result<Option<String>> {
        row.bytes_opt(field)?
            .map(|sealed| {
                String::from_utf8(key.open(&format!("{id}:{field}"), &sealed)?)
                    .map_err(|_| StoreError::Corrupt(format!("evidence {id} {field} is not text")))
            })
            .transpose()
    };
    Ok(Evidence {
        url: open("url")?,
        platform_content_id: open("content_id")?,
        media_type: row.text_opt("media_type")?.as_deref().and_then(MediaType::from_mime),
        size: row.int_opt("size")?.map(|s| s.max(0) as u64),
        sha256: row.text_opt("sha256")?,
        captured_at: row.at_opt("captured_at")?,
        added_by_name: row.text_opt("added_by_name")?,
        added_at: row.at("created_at")?,
        case_id: row.id("case_id")?,
        id,
    })
}

impl Store {
    /// Attaches evidence to a case, sealed with the case's key, recorded in
    /// the audit trail with it (by whoever `added_by` names).
    pub async fn add_evidence(&self, case: CaseId, item: NewEvidence, at: Timestamp) -> Result<Evidence> {
        let key = self.live_case_key(case).await?;
        let mut write = self.audited().await?;
        let id = insert(&mut write.tx, &key, case, &item, at).await?;
        let row = sqlx::query("SELECT * FROM evidence_view WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *write.tx)
            .await?;
        let evidence = evidence_row(&row, &key)?;
        let actor = match item.added_by {
            Some(staff) => {
                super::worked_on(&mut write.tx, case, staff, at).await?;
                Actor::Staff(staff)
            }
            None => Actor::System,
        };
        write.commit(actor.did("case.evidence.add", crate::audit::subject::evidence(case, id)), at).await?;
        Ok(evidence)
    }

    /// A case's evidence, oldest first, without the files' bytes; none once the case is erased.
    pub async fn evidence(&self, case: CaseId) -> Result<Vec<Evidence>> {
        let Some(key) = self.case_key(case).await? else { return Ok(Vec::new()) };
        let rows = sqlx::query("SELECT * FROM evidence_view WHERE case_id = $1 ORDER BY created_at, id")
            .bind(case.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| evidence_row(r, &key)).collect()
    }

    /// One item with its file, if it belongs to that case and has one.
    pub async fn evidence_file(&self, case: CaseId, item: EvidenceId) -> Result<Option<(Evidence, Vec<u8>)>> {
        let Some(key) = self.case_key(case).await? else { return Ok(None) };
        let row = sqlx::query(
            "SELECT v.*, e.file FROM evidence_view v JOIN case_evidence e ON e.id = v.id \
             WHERE v.case_id = $1 AND v.id = $2 AND e.file IS NOT NULL",
        )
        .bind(case.to_string())
        .bind(item.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let evidence = evidence_row(&row, &key)?;
        let bytes = key.open(&format!("{item}:file"), &row.bytes("file")?)?;
        Ok(Some((evidence, bytes)))
    }

    /// Links a pending platform's report to an existing case, claiming it, with its content items as evidence.
    pub async fn link_handoff(
        &self,
        case: CaseId,
        handoff: HandoffId,
        evidence: Vec<NewEvidence>,
        by: StaffId,
        at: Timestamp,
    ) -> Result<()> {
        let key = self.live_case_key(case).await?;
        let mut write = self.audited().await?;
        crate::handoffs::claim_for_case(&mut write.tx, handoff, case, at).await?;
        for item in &evidence {
            insert(&mut write.tx, &key, case, item, at).await?;
        }
        self.finish_case_change(write, true, case, by, "case.link_handoff", at).await.map(|_| ())
    }
}
