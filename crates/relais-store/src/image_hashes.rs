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

/// Where a child's photo stands: sent by them, put on the platforms' list by a
/// counsellor, or taken off it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashState {
    /// Sent, waiting for a counsellor to look before platforms see it.
    Waiting,
    /// On the list platforms match against.
    Listed,
    /// Taken off the list (by the child, or with its case).
    Withdrawn,
}

impl ImageHash {
    pub fn state(&self) -> HashState {
        match (self.withdrawn_at, self.confirmed_at) {
            (Some(_), _) => HashState::Withdrawn,
            (None, Some(_)) => HashState::Listed,
            (None, None) => HashState::Waiting,
        }
    }
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
        // Audited with the case: who put a child's hash on a list platforms act on.
        let mut write = self.audited().await?;
        let done = sqlx::query(
            "UPDATE image_hashes SET confirmed_at = $1, confirmed_by = $2 \
             WHERE id = $3 AND case_id = $4 AND confirmed_at IS NULL AND withdrawn_at IS NULL",
        )
        .bind(millis(at))
        .bind(by.to_string())
        .bind(id.to_string())
        .bind(case.to_string())
        .execute(&mut *write.tx)
        .await?;
        let done = one(done);
        if done {
            sqlx::query("INSERT INTO hash_feed (hash_id, action, at) VALUES ($1, 'add', $2)")
                .bind(id.to_string())
                .bind(millis(at))
                .execute(&mut *write.tx)
                .await?;
        }
        self.finish_case_change(write, done, case, by, "case.hash.confirm", at).await
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

/// One entry of the list platforms fetch: a hash added, or taken off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// Its place in the feed: fetch again `since` the last one seen.
    pub seq: i64,
    pub id: ImageHashId,
    pub added: bool,
    pub hash: Hash,
    pub quality: u8,
    pub dihedral: Vec<Hash>,
    /// What the case is about and how old the child is: nothing else of it.
    pub category: relais_core::Category,
    pub age_band: relais_core::AgeBand,
    pub at: Timestamp,
}

/// A hash on the list now, for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedHash {
    pub id: ImageHashId,
    pub hash: Hash,
    pub dihedral: Vec<Hash>,
}

/// What a platform did about a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchAction {
    /// The content was taken down.
    Removed,
    /// The upload was stopped before anyone saw it.
    Blocked,
    /// Kept, with its reach restricted.
    Restricted,
    /// Nothing was done (a false match, or not against the platform's rules).
    None,
}

impl MatchAction {
    pub const ALL: [MatchAction; 4] =
        [MatchAction::Removed, MatchAction::Blocked, MatchAction::Restricted, MatchAction::None];

    pub fn code(self) -> &'static str {
        match self {
            MatchAction::Removed => "removed",
            MatchAction::Blocked => "blocked",
            MatchAction::Restricted => "restricted",
            MatchAction::None => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<MatchAction> {
        MatchAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// A match a platform reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedMatch {
    pub hash_id: ImageHashId,
    pub platform: String,
    pub action: MatchAction,
    pub distance: u32,
    pub reported_at: Timestamp,
}

impl Store {
    /// The feed after `since`, at most `limit` entries, oldest first.
    pub async fn hash_feed(&self, since: i64, limit: u32) -> Result<Vec<FeedEntry>> {
        let rows = sqlx::query(
            "SELECT f.seq, f.action, f.at, h.id, h.hash, h.quality, h.dihedral, c.category, c.age_band \
             FROM hash_feed f JOIN image_hashes h ON h.id = f.hash_id JOIN cases c ON c.id = h.case_id \
             WHERE f.seq > $1 ORDER BY f.seq LIMIT $2",
        )
        .bind(since)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let hash = row.text("hash")?;
                Ok(FeedEntry {
                    seq: row.int("seq")?,
                    id: row.id("id")?,
                    added: row.text("action")? == "add",
                    hash: hash.parse().map_err(|_| StoreError::Corrupt(format!("image hash {hash:?}")))?,
                    quality: u8::try_from(row.int("quality")?).map_err(|_| StoreError::Corrupt("quality".into()))?,
                    dihedral: read_hashes(&row.text("dihedral")?)?,
                    category: row.code("category")?,
                    age_band: row.code("age_band")?,
                    at: row.at("at")?,
                })
            })
            .collect()
    }

    /// The last place in the feed (0 when empty): what a matcher's index is as fresh as.
    pub async fn hash_feed_head(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS head FROM hash_feed").fetch_one(&self.pool).await?;
        row.int("head")
    }

    /// Every hash on the list now: confirmed, not withdrawn.
    pub async fn listed_hashes(&self) -> Result<Vec<ListedHash>> {
        let rows = sqlx::query(
            "SELECT id, hash, dihedral FROM image_hashes \
             WHERE confirmed_at IS NOT NULL AND withdrawn_at IS NULL ORDER BY confirmed_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let hash = row.text("hash")?;
                Ok(ListedHash {
                    id: row.id("id")?,
                    hash: hash.parse().map_err(|_| StoreError::Corrupt(format!("image hash {hash:?}")))?,
                    dihedral: read_hashes(&row.text("dihedral")?)?,
                })
            })
            .collect()
    }

    /// Whether a hash is on the list now.
    pub async fn is_listed(&self, id: ImageHashId) -> Result<bool> {
        let row = sqlx::query(
            "SELECT 1 AS one FROM image_hashes WHERE id = $1 AND confirmed_at IS NOT NULL AND withdrawn_at IS NULL",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// A platform reports a match of a listed hash and what it did.
    pub async fn report_hash_match(
        &self,
        id: ImageHashId,
        platform: relais_core::id::ClientId,
        action: MatchAction,
        distance: u32,
        at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO hash_matches (id, hash_id, client_id, action, distance, reported_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(platform.to_string())
        .bind(action.code())
        .bind(i64::from(distance))
        .bind(millis(at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The matches reported for a case's hashes, newest first, with the platform's name.
    pub async fn hash_matches_of_case(&self, case: CaseId) -> Result<Vec<ReportedMatch>> {
        let rows = sqlx::query(
            "SELECT m.hash_id, k.name, m.action, m.distance, m.reported_at FROM hash_matches m \
             JOIN image_hashes h ON h.id = m.hash_id JOIN clients k ON k.id = m.client_id \
             WHERE h.case_id = $1 ORDER BY m.reported_at DESC, m.id DESC",
        )
        .bind(case.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let action = row.text("action")?;
                Ok(ReportedMatch {
                    hash_id: row.id("hash_id")?,
                    platform: row.text("name")?,
                    action: MatchAction::from_code(&action)
                        .ok_or_else(|| StoreError::Corrupt(format!("match action {action:?}")))?,
                    distance: row.small("distance")?,
                    reported_at: row.at("reported_at")?,
                })
            })
            .collect()
    }

    /// Matches reported between two instants, by platform and action: for the yearly report.
    pub async fn hash_match_counts(&self, from: Timestamp, to: Timestamp) -> Result<Vec<(String, MatchAction, u64)>> {
        let rows = sqlx::query(
            "SELECT k.name, m.action, COUNT(*) AS n FROM hash_matches m JOIN clients k ON k.id = m.client_id \
             WHERE m.reported_at >= $1 AND m.reported_at < $2 GROUP BY k.name, m.action ORDER BY k.name, m.action",
        )
        .bind(millis(from))
        .bind(millis(to))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let action = row.text("action")?;
                let action = MatchAction::from_code(&action)
                    .ok_or_else(|| StoreError::Corrupt(format!("match action {action:?}")))?;
                Ok((row.text("name")?, action, row.count("n")?))
            })
            .collect()
    }
}
