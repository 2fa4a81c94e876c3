//! Clients of the API (platforms and the helpline's admin keys), their keys,
//! and the referral statistics counted per platform.

use std::cmp::Ordering;

use jiff::Timestamp;
use jiff::civil::Date;
use relais_core::id::ClientId;
use relais_core::{AgeBand, Category, CountryCode, Decision, Surface};
use sqlx::any::AnyRow;

use crate::audit::{Actor, subject};
use crate::keys::ApiKey;
use crate::row::{Read, is_unique_violation, millis, to_millis};
use crate::{Result, Store, StoreError};

/// Who holds an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKind {
    /// A platform asking for referrals; sees only its own statistics.
    Platform,
    /// The helpline's own scripts; sees all statistics.
    Admin,
}

impl ClientKind {
    pub fn code(self) -> &'static str {
        match self {
            ClientKind::Platform => "platform",
            ClientKind::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<ClientKind> {
        match code {
            "platform" => Some(ClientKind::Platform),
            "admin" => Some(ClientKind::Admin),
            _ => None,
        }
    }

    /// What it is called in messages.
    fn what(self) -> &'static str {
        match self {
            ClientKind::Platform => "platform",
            ClientKind::Admin => "admin key",
        }
    }
}

/// A registered API client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: ClientId,
    /// The public part of its key (`rl_live_<key_id>_…`).
    pub key_id: String,
    pub name: String,
    pub kind: ClientKind,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// A client with the hash that authenticates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRecord {
    pub client: Client,
    pub secret_hash: Vec<u8>,
}

/// The dimensions referrals are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReferralCountKey {
    pub client_id: ClientId,
    /// The UTC day.
    pub day: Date,
    pub country: CountryCode,
    pub category: Category,
    pub age_band: AgeBand,
    /// `None` when the platform did not say.
    pub surface: Option<Surface>,
    pub decision: Decision,
}

impl ReferralCountKey {
    /// Statistics are listed by platform, day, then each dimension by its code, as the API shows them.
    fn order(&self) -> (ClientId, Date, CountryCode, &'static str, &'static str, &'static str, &'static str) {
        (
            self.client_id,
            self.day,
            self.country,
            self.category.code(),
            self.age_band.code(),
            self.surface.map_or("", Surface::code),
            self.decision.code(),
        )
    }
}

impl Ord for ReferralCountKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order().cmp(&other.order())
    }
}

impl PartialOrd for ReferralCountKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralCount {
    pub key: ReferralCountKey,
    pub count: u64,
}

fn client_record(row: &AnyRow) -> Result<ClientRecord> {
    Ok(ClientRecord {
        client: Client {
            id: row.id("id")?,
            key_id: row.text("key_id")?,
            name: row.text("name")?,
            kind: row.code("kind")?,
            created_at: row.at("created_at")?,
            revoked_at: row.at_opt("revoked_at")?,
        },
        secret_hash: row.bytes("secret_hash")?,
    })
}

impl Store {
    /// Registers a client and returns it with its key, which is never stored
    /// and cannot be shown again. A name is unique among the clients of a kind in force.
    pub async fn add_client(&self, name: &str, kind: ClientKind, by: Actor, at: Timestamp) -> Result<(Client, ApiKey)> {
        let key = ApiKey::generate();
        let client = Client {
            id: ClientId::from(uuid::Uuid::now_v7()),
            key_id: key.id().as_str().to_owned(),
            name: name.to_owned(),
            kind,
            created_at: to_millis(at),
            revoked_at: None,
        };
        let mut write = self.audited().await?;
        let inserted = sqlx::query(
            "INSERT INTO clients (id, key_id, name, kind, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(client.id.to_string())
        .bind(&client.key_id)
        .bind(&client.name)
        .bind(kind.code())
        .bind(&key.secret_hash()[..])
        .bind(millis(client.created_at))
        .execute(&mut *write.tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::AlreadyExists { what: kind.what(), name: name.to_owned() });
            }
            Err(e) => return Err(e.into()),
        }
        write.commit(by.did(format!("{}.add", kind.code()), subject::client(client.id)), at).await?;
        Ok((client, key))
    }

    /// Clients of a kind, revoked ones included, oldest first.
    pub async fn list_clients(&self, kind: ClientKind) -> Result<Vec<Client>> {
        let rows = sqlx::query(
            "SELECT id, key_id, name, kind, secret_hash, created_at, revoked_at FROM clients WHERE kind = $1 \
             ORDER BY created_at, id",
        )
        .bind(kind.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| client_record(r).map(|c| c.client)).collect()
    }

    /// Revokes the client of that name still in force.
    pub async fn revoke_client(&self, name: &str, kind: ClientKind, by: Actor, at: Timestamp) -> Result<Client> {
        let mut write = self.audited().await?;
        let row = sqlx::query(
            "UPDATE clients SET revoked_at = $1 WHERE kind = $2 AND name = $3 AND revoked_at IS NULL \
             RETURNING id, key_id, name, kind, secret_hash, created_at, revoked_at",
        )
        .bind(millis(at))
        .bind(kind.code())
        .bind(name)
        .fetch_optional(&mut *write.tx)
        .await?;
        let Some(row) = row else { return Err(StoreError::NotFound { what: kind.what(), name: name.to_owned() }) };
        let client = client_record(&row)?.client;
        write.commit(by.did(format!("{}.revoke", kind.code()), subject::client(client.id)), at).await?;
        Ok(client)
    }

    /// The client holding a key id, revoked or not.
    pub async fn client_by_key_id(&self, key_id: &str) -> Result<Option<ClientRecord>> {
        let row = sqlx::query(
            "SELECT id, key_id, name, kind, secret_hash, created_at, revoked_at FROM clients WHERE key_id = $1",
        )
        .bind(key_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(client_record).transpose()
    }

    /// Every client still in force, to warm the server's key cache.
    pub async fn active_clients(&self) -> Result<Vec<ClientRecord>> {
        let rows = sqlx::query(
            "SELECT id, key_id, name, kind, secret_hash, created_at, revoked_at FROM clients WHERE revoked_at IS NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(client_record).collect()
    }

    /// Adds counts to the referral statistics, in one transaction.
    pub async fn add_referral_counts(&self, counts: &[ReferralCount]) -> Result<()> {
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
            .bind(k.client_id.to_string())
            .bind(k.day.to_string())
            .bind(k.country.as_str())
            .bind(k.category.code())
            .bind(k.age_band.code())
            // The column is part of the key, so "not said" is kept as an empty code rather than NULL.
            .bind(k.surface.map_or("", Surface::code))
            .bind(k.decision.code())
            .bind(n)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The referral statistics, of one client or of all.
    pub async fn referral_counts(&self, client: Option<ClientId>) -> Result<Vec<ReferralCount>> {
        let rows = sqlx::query(
            "SELECT client_id, day, country, category, age_band, surface, decision, count \
             FROM referral_counts WHERE ($1 IS NULL OR client_id = $1) \
             ORDER BY day, client_id, country, category, age_band, surface, decision",
        )
        .bind(client.map(|c| c.to_string()))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let day = r.text("day")?;
                let surface = r.text("surface")?;
                Ok(ReferralCount {
                    key: ReferralCountKey {
                        client_id: r.id("client_id")?,
                        day: day.parse().map_err(|_| StoreError::Corrupt(format!("day {day:?}")))?,
                        country: r.code("country")?,
                        category: r.code("category")?,
                        age_band: r.code("age_band")?,
                        surface: match surface.as_str() {
                            "" => None,
                            _ => Some(r.code("surface")?),
                        },
                        decision: r.code("decision")?,
                    },
                    count: r.count("count")?,
                })
            })
            .collect()
    }

    /// Registers a web origin for a platform (already normalised); adding one twice changes nothing.
    pub async fn add_origin(&self, client: ClientId, origin: &str, by: Actor, at: Timestamp) -> Result<()> {
        let mut write = self.audited().await?;
        let added = sqlx::query(
            "INSERT INTO client_origins (client_id, origin, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (client_id, origin) DO NOTHING",
        )
        .bind(client.to_string())
        .bind(origin)
        .bind(millis(at))
        .execute(&mut *write.tx)
        .await?;
        if crate::row::one(added) {
            let subject = format!("{} origin:{origin}", subject::client(client));
            write.commit(by.did("platform.origin_add", subject), at).await?;
        }
        Ok(())
    }

    /// Forgets an origin; false if it was not registered.
    pub async fn remove_origin(&self, client: ClientId, origin: &str, by: Actor, at: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let done = sqlx::query("DELETE FROM client_origins WHERE client_id = $1 AND origin = $2")
            .bind(client.to_string())
            .bind(origin)
            .execute(&mut *write.tx)
            .await?;
        if !crate::row::one(done) {
            return Ok(false);
        }
        let subject = format!("{} origin:{origin}", subject::client(client));
        write.commit(by.did("platform.origin_remove", subject), at).await?;
        Ok(true)
    }

    /// Every platform's origins, for the server's cache.
    pub async fn all_origins(&self) -> Result<Vec<(ClientId, String)>> {
        let rows = sqlx::query("SELECT client_id, origin FROM client_origins ORDER BY client_id, origin")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.id("client_id")?, r.text("origin")?))).collect()
    }
}
