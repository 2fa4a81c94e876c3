//! Where each platform receives notices, the secret that signs them (sealed
//! at rest), the time it is held to, and whom to reach when deliveries fail.

use std::collections::BTreeMap;

use jiff::Timestamp;
use relais_core::Category;
use relais_core::id::ClientId;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::row::{Read, millis};
use crate::{Result, Store};

/// A platform's connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connector {
    pub client_id: ClientId,
    pub endpoint: String,
    /// The HMAC key shared with the platform (opened).
    pub secret: Vec<u8>,
    pub sla_minutes: u32,
    /// Tighter (or looser) targets for some categories: a platform may
    /// promise 30 minutes on sextortion and the hour elsewhere.
    pub category_minutes: BTreeMap<Category, u32>,
    pub fallback_contact: Option<String>,
}

impl Connector {
    /// The target a notice of this category is held to.
    pub fn sla_for(&self, category: Category) -> u32 {
        self.category_minutes.get(&category).copied().unwrap_or(self.sla_minutes)
    }

    /// `csam=30,sextortion=30`, as the column keeps it; `None` when there is none.
    fn category_minutes_text(&self) -> Option<String> {
        (!self.category_minutes.is_empty()).then(|| {
            self.category_minutes.iter().map(|(c, m)| format!("{}={m}", c.code())).collect::<Vec<_>>().join(",")
        })
    }

    /// Reads the column back. A pair this version cannot read (a category it
    /// does not know) is left out: the platform's own target then applies.
    fn parse_category_minutes(text: Option<&str>) -> BTreeMap<Category, u32> {
        text.unwrap_or("")
            .split(',')
            .filter_map(|pair| {
                let (category, minutes) = pair.split_once('=')?;
                Some((Category::from_code(category.trim())?, minutes.trim().parse().ok()?))
            })
            .collect()
    }
}

impl Store {
    fn connector_row(&self, row: &AnyRow) -> Result<Connector> {
        let client_id: ClientId = row.id("client_id")?;
        Ok(Connector {
            secret: self.keys.open(&format!("connector:{client_id}"), &row.bytes("secret")?)?,
            endpoint: row.text("endpoint")?,
            sla_minutes: row.small("sla_minutes")?,
            category_minutes: Connector::parse_category_minutes(row.text_opt("category_sla")?.as_deref()),
            fallback_contact: row.text_opt("fallback_contact")?,
            client_id,
        })
    }

    /// Sets where a platform receives notices (the secret is sealed at rest).
    pub async fn set_connector(&self, connector: Connector, by: crate::Actor, at: Timestamp) -> Result<()> {
        let sealed = self.keys.seal(&format!("connector:{}", connector.client_id), &connector.secret)?;
        let mut write = self.audited().await?;
        sqlx::query(
            "INSERT INTO connectors (client_id, endpoint, secret, sla_minutes, fallback_contact, updated_at, \
             category_sla) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id) DO UPDATE SET \
             endpoint = excluded.endpoint, secret = excluded.secret, sla_minutes = excluded.sla_minutes, \
             fallback_contact = excluded.fallback_contact, updated_at = excluded.updated_at, \
             category_sla = excluded.category_sla",
        )
        .bind(connector.client_id.to_string())
        .bind(&connector.endpoint)
        .bind(sealed)
        .bind(i64::from(connector.sla_minutes))
        .bind(&connector.fallback_contact)
        .bind(millis(at))
        .bind(connector.category_minutes_text())
        .execute(&mut *write.tx)
        .await?;
        let subject = crate::audit::subject::client(connector.client_id);
        write.commit(by.did("platform.connect", subject), at).await?;
        Ok(())
    }

    /// A platform's connector, revoked platforms included (their fallback contact still matters).
    pub async fn connector(&self, client: ClientId) -> Result<Option<Connector>> {
        let mut conn = self.pool.acquire().await?;
        self.connector_in(&mut conn, client).await
    }

    /// The same, on the caller's connection (see `case_key_in`).
    pub(super) async fn connector_in(&self, conn: &mut AnyConnection, client: ClientId) -> Result<Option<Connector>> {
        let row = sqlx::query(
            "SELECT client_id, endpoint, secret, sla_minutes, category_sla, fallback_contact FROM connectors \
             WHERE client_id = $1",
        )
        .bind(client.to_string())
        .fetch_optional(conn)
        .await?;
        row.map(|r| self.connector_row(&r)).transpose()
    }
}
