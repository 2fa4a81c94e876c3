//! Canned answers: what the line says the same way every time, kept by
//! supervisors, offered to counsellors in their chats. About no child.

use jiff::Timestamp;
use relais_core::Locale;

use crate::audit::Actor;
use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedAnswer {
    pub id: String,
    pub locale: Locale,
    pub title: String,
    pub body: String,
}

impl Store {
    /// Every canned answer, by language then title.
    pub async fn canned_answers(&self) -> Result<Vec<CannedAnswer>> {
        let rows = sqlx::query("SELECT id, locale, title, body FROM canned_answers ORDER BY locale, title, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let locale = r.text("locale")?;
                Ok(CannedAnswer {
                    id: r.text("id")?,
                    locale: Locale::from_code(&locale)
                        .ok_or_else(|| StoreError::Corrupt(format!("locale {locale:?}")))?,
                    title: r.text("title")?,
                    body: r.text("body")?,
                })
            })
            .collect()
    }

    pub async fn add_canned_answer(
        &self,
        locale: Locale,
        title: &str,
        body: &str,
        by: Actor,
        at: Timestamp,
    ) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut write = self.audited().await?;
        sqlx::query("INSERT INTO canned_answers (id, locale, title, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(locale.code())
            .bind(title)
            .bind(body)
            .bind(millis(at))
            .execute(&mut *write.tx)
            .await?;
        write.commit(by.did("canned.add", format!("canned:{id}")), at).await?;
        Ok(id)
    }

    /// Removes a canned answer; false if there was none.
    pub async fn remove_canned_answer(&self, id: &str, by: Actor, at: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let done = sqlx::query("DELETE FROM canned_answers WHERE id = $1").bind(id).execute(&mut *write.tx).await?;
        if !one(done) {
            return Ok(false);
        }
        write.commit(by.did("canned.remove", format!("canned:{id}")), at).await?;
        Ok(true)
    }
}
