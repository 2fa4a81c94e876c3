//! A counsellor's notes on a case, sealed with the case's key.

use jiff::Timestamp;
use relais_core::id::{CaseId, StaffId};

use crate::row::{Read, millis};
use crate::{Result, Store, StoreError};

/// A note, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNote {
    pub author_name: String,
    pub text: String,
    pub created_at: Timestamp,
}

impl Store {
    /// Adds a note to a case, sealed, with its audit row.
    pub async fn add_note(&self, case: CaseId, author: StaffId, text: &str, at: Timestamp) -> Result<()> {
        let id = uuid::Uuid::now_v7().to_string();
        let key = self.live_case_key(case).await?;
        let body = key.seal(&id, text.as_bytes())?;
        let mut write = self.audited().await?;
        sqlx::query("INSERT INTO case_notes (id, case_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(case.to_string())
            .bind(author.to_string())
            .bind(body)
            .bind(millis(at))
            .execute(&mut *write.tx)
            .await?;
        self.finish_case_change(write, true, case, author, "case.note", at).await.map(|_| ())
    }

    /// A case's notes, oldest first, opened; none once the case is erased.
    pub async fn notes(&self, case: CaseId) -> Result<Vec<CaseNote>> {
        let Some(key) = self.case_key(case).await? else { return Ok(Vec::new()) };
        let rows = sqlx::query(
            "SELECT n.id, n.body, n.created_at, s.name FROM case_notes n JOIN staff s ON s.id = n.author \
             WHERE n.case_id = $1 ORDER BY n.created_at, n.id",
        )
        .bind(case.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id = r.text("id")?;
                let text = String::from_utf8(key.open(&id, &r.bytes("body")?)?)
                    .map_err(|_| StoreError::Corrupt(format!("note {id} is not text")))?;
                Ok(CaseNote { author_name: r.text("name")?, text, created_at: r.at("created_at")? })
            })
            .collect()
    }
}
