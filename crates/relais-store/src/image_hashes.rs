//! The PDQ hashes of a child's intimate images, on their case: added by the
//! child from their phone (the image never leaves it), confirmed by a
//! counsellor, withdrawn by the child. Confirming puts a hash on the list
//! platforms fetch; withdrawing takes it off, as a tombstone in the same feed,
//! so that a platform that fetched it learns to stop blocking.

use jiff::Timestamp;
use relais_core::id::{CaseId, ImageHashId, StaffId};
use relais_pdq::Hash;

use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// One image's hash on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageHash {
    pub id: ImageHashId,
    pub case_id: CaseId,
    pub hash: Hash,
    pub quality: u8,
    /// The picture turned and flipped: rot90, rot180, rot270, flipx, flipy, flipp, flipm.
    pub dihedral: Vec<Hash>,
    pub added_at: Timestamp,
    pub confirmed_at: Option<Timestamp>,
    pub withdrawn_at: Option<Timestamp>,
}

/// A hash the child sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImageHash {
    pub hash: Hash,
    pub quality: u8,
    pub dihedral: Vec<Hash>,
}

fn read_hashes(text: &str) -> Result<Vec<Hash>> {
    text.split_whitespace().map(|h| h.parse().map_err(|_| StoreError::Corrupt(format!("image hash {h:?}")))).collect()
}

fn row_to_hash(row: &sqlx::any::AnyRow) -> Result<ImageHash> {
    let hash = row.text("hash")?;
    Ok(ImageHash {
        id: row.id("id")?,
        case_id: row.id("case_id")?,
        hash: hash.parse().map_err(|_| StoreError::Corrupt(format!("image hash {hash:?}")))?,
        quality: u8::try_from(row.int("quality")?).map_err(|_| StoreError::Corrupt("image hash quality".into()))?,
        dihedral: read_hashes(&row.text("dihedral")?)?,
        added_at: row.at("added_at")?,
        confirmed_at: row.at_opt("confirmed_at")?,
        withdrawn_at: row.at_opt("withdrawn_at")?,
    })
}

impl Store {
    /// Adds the hashes a child sent to their case; a hash the case holds
    /// already is not added twice. Returns how many were new.
    pub async fn add_image_hashes(&self, case: CaseId, hashes: &[NewImageHash], at: Timestamp) -> Result<usize> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let mut added = 0;
        for h in hashes {
            let dihedral: Vec<String> = h.dihedral.iter().map(Hash::to_string).collect();
            let done = sqlx::query(
                "INSERT INTO image_hashes (id, case_id, hash, quality, dihedral, added_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id, hash) DO NOTHING",
            )
            .bind(ImageHashId::from(uuid::Uuid::now_v7()).to_string())
            .bind(case.to_string())
            .bind(h.hash.to_string())
            .bind(i64::from(h.quality))
            .bind(dihedral.join(" "))
            .bind(millis(at))
            .execute(&mut *tx)
            .await?;
            added += usize::from(one(done));
        }
        tx.commit().await?;
        Ok(added)
    }

    /// The hashes of a case, oldest first.
    pub async fn image_hashes(&self, case: CaseId) -> Result<Vec<ImageHash>> {
        let rows = sqlx::query(
            "SELECT id, case_id, hash, quality, dihedral, added_at, confirmed_at, withdrawn_at \
             FROM image_hashes WHERE case_id = $1 ORDER BY added_at, id",
        )
        .bind(case.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_hash).collect()
    }

    /// A counsellor confirms a hash: it joins the list platforms fetch. False
    /// if it is not this case's, is withdrawn, or was confirmed already.
    pub async fn confirm_image_hash(&self, case: CaseId, id: ImageHashId, by: StaffId, at: Timestamp) -> Result<bool> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let done = sqlx::query(
            "UPDATE image_hashes SET confirmed_at = $1, confirmed_by = $2 \
             WHERE id = $3 AND case_id = $4 AND confirmed_at IS NULL AND withdrawn_at IS NULL",
        )
        .bind(millis(at))
        .bind(by.to_string())
        .bind(id.to_string())
        .bind(case.to_string())
        .execute(&mut *tx)
        .await?;
        if !one(done) {
            return Ok(false);
        }
        sqlx::query("INSERT INTO hash_feed (hash_id, action, at) VALUES ($1, 'add', $2)")
            .bind(id.to_string())
            .bind(millis(at))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The child withdraws a hash: it leaves the case's list and, if it was
    /// on the platforms' list, a tombstone tells them. False if it is not
    /// this case's or was withdrawn already.
    pub async fn withdraw_image_hash(&self, case: CaseId, id: ImageHashId, at: Timestamp) -> Result<bool> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let row = sqlx::query(
            "SELECT confirmed_at FROM image_hashes WHERE id = $1 AND case_id = $2 AND withdrawn_at IS NULL",
        )
        .bind(id.to_string())
        .bind(case.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let was_listed = row.at_opt("confirmed_at")?.is_some();
        sqlx::query("UPDATE image_hashes SET withdrawn_at = $1 WHERE id = $2")
            .bind(millis(at))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if was_listed {
            sqlx::query("INSERT INTO hash_feed (hash_id, action, at) VALUES ($1, 'remove', $2)")
                .bind(id.to_string())
                .bind(millis(at))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
