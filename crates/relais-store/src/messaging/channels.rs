//! The messaging-app accounts a helpline answers on. Each has a name (in
//! its webhook's address), the platform's id for the account, and three
//! secrets sealed at rest: the app secret that signs the platform's
//! webhooks, the access token that sends replies, the verify token the
//! platform echoes when the webhook is set up.

use jiff::Timestamp;
use relais_core::id::AppChannelId;
use relais_core::messaging::AppKind;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

use crate::audit::{Actor, subject};
use crate::row::{Read, is_unique_violation, millis};
use crate::{Result, Store, StoreError};

/// What a channel keeps secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppSecrets {
    pub app_secret: String,
    pub access_token: String,
    pub verify_token: String,
}

impl std::fmt::Debug for AppSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppSecrets { .. }")
    }
}

/// A WhatsApp template approved by Meta, sent when the window has closed to
/// ask the child to write again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub language: String,
}

impl Template {
    /// `name:language`, as the column keeps it.
    fn text(&self) -> String {
        format!("{}:{}", self.name, self.language)
    }

    fn parse(text: &str) -> Option<Template> {
        let (name, language) = text.split_once(':')?;
        Some(Template { name: name.to_owned(), language: language.to_owned() })
    }
}

/// A connected account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppChannel {
    pub id: AppChannelId,
    /// In the webhook's address: `/webhooks/meta/{name}`.
    pub name: String,
    pub kind: AppKind,
    /// The WhatsApp phone number's id, the Facebook page's id, the Instagram account's id.
    pub account_id: String,
    pub secrets: AppSecrets,
    pub template: Option<Template>,
    pub created_at: Timestamp,
}

/// A channel to connect.
#[derive(Debug, Clone)]
pub struct NewAppChannel {
    pub name: String,
    pub kind: AppKind,
    pub account_id: String,
    pub secrets: AppSecrets,
    pub template: Option<Template>,
}

/// What a channel's secrets are sealed under: the channel.
fn aad(id: AppChannelId) -> String {
    format!("app-channel:{id}")
}

impl Store {
    fn app_channel_row(&self, row: &AnyRow) -> Result<AppChannel> {
        let id: AppChannelId = row.id("id")?;
        // A removed channel's secrets were erased with it.
        let secrets = if row.at_opt("removed_at")?.is_some() {
            AppSecrets { app_secret: String::new(), access_token: String::new(), verify_token: String::new() }
        } else {
            let sealed = self.keys.open(&aad(id), &row.bytes("secrets")?)?;
            serde_json::from_slice(&sealed)
                .map_err(|e| StoreError::Corrupt(format!("the secrets of messaging channel {id}: {e}")))?
        };
        Ok(AppChannel {
            id,
            name: row.text("name")?,
            kind: row.code("kind")?,
            account_id: row.text("account_id")?,
            secrets,
            template: row.text_opt("template")?.as_deref().and_then(Template::parse),
            created_at: row.at("created_at")?,
        })
    }

    /// Connects an account. A name already in use is `AlreadyExists`.
    pub async fn add_app_channel(&self, new: NewAppChannel, by: Actor, at: Timestamp) -> Result<AppChannel> {
        let id = AppChannelId::from(uuid::Uuid::now_v7());
        let secrets = serde_json::to_vec(&new.secrets).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut write = self.audited().await?;
        let inserted = sqlx::query(
            "INSERT INTO messaging_channels (id, name, kind, account_id, secrets, template, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.to_string())
        .bind(&new.name)
        .bind(new.kind.code())
        .bind(&new.account_id)
        .bind(self.keys.seal(&aad(id), &secrets)?)
        .bind(new.template.as_ref().map(Template::text))
        .bind(millis(at))
        .execute(&mut *write.tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::AlreadyExists { what: "messaging channel", name: new.name });
            }
            Err(e) => return Err(e.into()),
        }
        write.commit(by.did(format!("channel.add.{}", new.kind.code()), subject::app_channel(id)), at).await?;
        Ok(AppChannel {
            id,
            name: new.name,
            kind: new.kind,
            account_id: new.account_id,
            secrets: new.secrets,
            template: new.template,
            created_at: crate::row::to_millis(at),
        })
    }

    /// The connected accounts, by name.
    pub async fn app_channels(&self) -> Result<Vec<AppChannel>> {
        let rows = sqlx::query("SELECT * FROM messaging_channels WHERE removed_at IS NULL ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| self.app_channel_row(r)).collect()
    }

    /// A connected account by its name (the webhook's address).
    pub async fn app_channel_named(&self, name: &str) -> Result<Option<AppChannel>> {
        let row = sqlx::query("SELECT * FROM messaging_channels WHERE name = $1 AND removed_at IS NULL")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| self.app_channel_row(&r)).transpose()
    }

    /// An account by id, removed ones included (their conversations remain).
    pub async fn app_channel(&self, id: AppChannelId) -> Result<Option<AppChannel>> {
        let mut conn = self.pool.acquire().await?;
        self.app_channel_in(&mut conn, id).await
    }

    /// The same, on the caller's connection (within its transaction).
    pub(crate) async fn app_channel_in(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: AppChannelId,
    ) -> Result<Option<AppChannel>> {
        let row = sqlx::query("SELECT * FROM messaging_channels WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
        row.map(|r| self.app_channel_row(&r)).transpose()
    }

    /// Disconnects an account: its webhooks are refused from now on, its
    /// secrets erased; its conversations stay with their cases. False if no
    /// account of that name is connected.
    pub async fn remove_app_channel(&self, name: &str, by: Actor, at: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let row = sqlx::query(
            "UPDATE messaging_channels SET removed_at = $1, secrets = $2 WHERE name = $3 AND removed_at IS NULL \
             RETURNING id",
        )
        .bind(millis(at))
        .bind(Vec::<u8>::new())
        .bind(name)
        .fetch_optional(&mut *write.tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let id: AppChannelId = row.id("id")?;
        // Nothing is left to send with: what waits in the outbox is given up on.
        let pending = sqlx::query(
            "SELECT DISTINCT o.conversation_id FROM messaging_outbox o \
             JOIN conversations c ON c.id = o.conversation_id JOIN messaging_senders s ON s.id = c.sender_id \
             WHERE s.channel_id = $1 AND o.done_at IS NULL AND o.dead_at IS NULL",
        )
        .bind(id.to_string())
        .fetch_all(&mut *write.tx)
        .await?;
        for row in pending {
            super::outbound::abandon(&mut write.tx, row.id("conversation_id")?, "the channel was disconnected", at)
                .await?;
        }
        write.commit(by.did("channel.remove", subject::app_channel(id)), at).await?;
        Ok(true)
    }
}
