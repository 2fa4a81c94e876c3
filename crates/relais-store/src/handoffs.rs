//! Handoffs: a platform's report passed on with the child's consent. The
//! context is sealed, looked up only by the digest of the code the child
//! holds, taken once into a case, and erased when it expires unused.

use jiff::Timestamp;
use relais_core::handoff::HandoffStatus;
use relais_core::id::{CaseId, ClientId, HandoffId};
use relais_core::{AgeBand, Category, CountryCode};
use sqlx::any::AnyRow;

use crate::row::{Read, is_unique_violation, millis, one};
use crate::{Result, Store, StoreError};

/// A handoff to be stored; `context` is the JSON the store seals.
#[derive(Debug, Clone)]
pub struct NewHandoff {
    pub client_id: ClientId,
    /// The code as shown to the child (`7KQ-M2P-9XD`); only its digest is kept.
    pub code: String,
    pub country: CountryCode,
    pub category: Category,
    pub age_band: AgeBand,
    /// Who reported: the pages for the code address a parent as an adult.
    pub role: relais_core::ReporterRole,
    pub context: Vec<u8>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A stored handoff, without its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    pub id: HandoffId,
    pub client_id: ClientId,
    pub platform_name: String,
    pub country: CountryCode,
    pub category: Category,
    pub age_band: AgeBand,
    /// Who reported; none for a handoff made before it was kept.
    pub role: Option<relais_core::ReporterRole>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub attached_at: Option<Timestamp>,
}

impl Handoff {
    pub fn status(&self, now: Timestamp) -> HandoffStatus {
        if self.attached_at.is_some() {
            HandoffStatus::Attached
        } else if now >= self.expires_at {
            HandoffStatus::Expired
        } else {
            HandoffStatus::Pending
        }
    }
}

pub(crate) fn handoff_row(row: &AnyRow) -> Result<Handoff> {
    Ok(Handoff {
        id: row.id("id")?,
        client_id: row.id("client_id")?,
        platform_name: row.text("platform_name")?,
        country: row.code("country")?,
        category: row.code("category")?,
        age_band: row.code("age_band")?,
        role: row.code_opt("reporter_role")?,
        created_at: row.at("created_at")?,
        expires_at: row.at("expires_at")?,
        attached_at: row.at_opt("attached_at")?,
    })
}

impl Store {
    /// Stores a handoff, its context sealed. A code already in use is
    /// `AlreadyExists`: draw another.
    pub async fn create_handoff(&self, new: NewHandoff) -> Result<Handoff> {
        let id = HandoffId::from(uuid::Uuid::now_v7());
        let sealed = self.keys.seal(&id.to_string(), &new.context)?;
        let inserted = sqlx::query(
            "INSERT INTO handoffs (id, client_id, code_digest, country, category, age_band, context, created_at, \
             expires_at, reporter_role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.to_string())
        .bind(new.client_id.to_string())
        .bind(self.keys.digest(&new.code))
        .bind(new.country.as_str())
        .bind(new.category.code())
        .bind(new.age_band.code())
        .bind(sealed)
        .bind(millis(new.created_at))
        .bind(millis(new.expires_at))
        .bind(new.role.code())
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::AlreadyExists { what: "handoff code", name: String::new() });
            }
            Err(e) => return Err(e.into()),
        }
        self.handoff(id).await?.ok_or_else(|| StoreError::Corrupt(format!("handoff {id} vanished")))
    }

    /// A handoff by id, context left out.
    pub async fn handoff(&self, id: HandoffId) -> Result<Option<Handoff>> {
        let row = sqlx::query("SELECT * FROM handoff_view WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(handoff_row).transpose()
    }

    /// A handoff by the code the child holds, context left out.
    pub async fn handoff_by_code(&self, code: &str) -> Result<Option<Handoff>> {
        let [digest, legacy] = self.keys.digests(code);
        let row = sqlx::query("SELECT * FROM handoff_view WHERE code_digest IN ($1, $2)")
            .bind(digest)
            .bind(legacy)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(handoff_row).transpose()
    }

    /// The platform reports that are part of a case, oldest first.
    pub async fn linked_handoffs(&self, case: CaseId) -> Result<Vec<Handoff>> {
        let rows = sqlx::query("SELECT * FROM handoff_view WHERE case_id = $1 ORDER BY created_at")
            .bind(case.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(handoff_row).collect()
    }

    /// A pending handoff and its context, read and left pending: the case that
    /// takes it claims it in the transaction that writes the case (see
    /// [`claim_for_case`]), so a case that fails to open leaves the code usable
    /// and two cases racing for one code cannot both have it. `None` if the code
    /// is unknown, expired or used.
    pub async fn pending_handoff(&self, code: &str, now: Timestamp) -> Result<Option<(Handoff, Vec<u8>)>> {
        let [digest, legacy] = self.keys.digests(code);
        let row = sqlx::query(
            "SELECT id, context FROM handoffs \
             WHERE code_digest IN ($1, $2) AND attached_at IS NULL AND expires_at > $3 AND context IS NOT NULL",
        )
        .bind(digest)
        .bind(legacy)
        .bind(millis(now))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: HandoffId = row.id("id")?;
        let context = self.keys.open(&id.to_string(), &row.bytes("context")?)?;
        let handoff = self.handoff(id).await?.ok_or_else(|| StoreError::Corrupt(format!("handoff {id}")))?;
        Ok(Some((handoff, context)))
    }

    /// Erases the context of every handoff past its expiry; returns how many.
    pub async fn erase_expired_handoffs(&self, now: Timestamp) -> Result<u64> {
        let done = sqlx::query("UPDATE handoffs SET context = NULL WHERE expires_at <= $1 AND context IS NOT NULL")
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

/// Takes a pending handoff for a case, within the transaction that writes the
/// case: the handoff becomes attached and its copy of the context is erased
/// (the case keeps it, sealed). A handoff used, expired or erased meanwhile is
/// `NotFound`, and the caller's transaction is dropped with nothing written.
pub(crate) async fn claim_for_case(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    handoff: HandoffId,
    case: CaseId,
    at: Timestamp,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE handoffs SET attached_at = $1, context = NULL, case_id = $2 \
         WHERE id = $3 AND attached_at IS NULL AND expires_at > $1 AND context IS NOT NULL",
    )
    .bind(millis(at))
    .bind(case.to_string())
    .bind(handoff.to_string())
    .execute(&mut **tx)
    .await?;
    if one(done) {
        Ok(())
    } else {
        Err(StoreError::NotFound { what: crate::error::HANDOFF_GONE, name: handoff.to_string() })
    }
}
