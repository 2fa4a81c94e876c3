//! Staff accounts and their sessions. Passwords are argon2id hashes; a
//! second factor's secret is sealed; a session is known by the digest of its
//! token only, so the database never holds a cookie that would sign anyone in.

use jiff::Timestamp;
use relais_core::id::StaffId;
use relais_core::staff::Role;
use sqlx::any::AnyRow;

use crate::audit::{Actor, subject};
use crate::row::{Read, is_unique_violation, millis, one};
use crate::{Result, Store, StoreError};

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: StaffId,
    pub name: String,
    pub role: Role,
    /// argon2id, PHC string.
    pub password_hash: String,
    /// The password was chosen by someone else (a one-time password): it
    /// must be changed before anything else is done.
    pub must_change_password: bool,
    pub created_at: Timestamp,
    pub disabled_at: Option<Timestamp>,
    /// Signing in also asks for a one-time code from an authenticator app.
    pub has_totp: bool,
}

/// A signed-in staff member's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub staff: Staff,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

fn staff_row(row: &AnyRow) -> Result<Staff> {
    Ok(Staff {
        id: row.id("id")?,
        name: row.text("name")?,
        role: row.code("role")?,
        password_hash: row.text("password_hash")?,
        must_change_password: row.flag("must_change_password")?,
        created_at: row.at("created_at")?,
        disabled_at: row.at_opt("disabled_at")?,
        has_totp: row.flag("has_totp")?,
    })
}

impl Store {
    /// Adds a staff account; the name is unique. Its password is a one-time
    /// password, to be changed at the first sign-in.
    pub async fn add_staff(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        by: Actor,
        at: Timestamp,
    ) -> Result<Staff> {
        let id = StaffId::from(uuid::Uuid::now_v7());
        let mut write = self.audited().await?;
        let inserted = sqlx::query(
            "INSERT INTO staff (id, name, role, password_hash, must_change_password, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5)",
        )
        .bind(id.to_string())
        .bind(name)
        .bind(role.code())
        .bind(password_hash)
        .bind(millis(at))
        .execute(&mut *write.tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::AlreadyExists { what: "staff member", name: name.to_owned() });
            }
            Err(e) => return Err(e.into()),
        }
        let row = sqlx::query("SELECT * FROM staff_view WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *write.tx)
            .await?;
        let staff = staff_row(&row)?;
        write.commit(by.did("staff.add", subject::staff(id)), at).await?;
        Ok(staff)
    }

    /// Every account, by name.
    pub async fn list_staff(&self) -> Result<Vec<Staff>> {
        let rows = sqlx::query("SELECT * FROM staff_view ORDER BY name").fetch_all(&self.pool).await?;
        rows.iter().map(staff_row).collect()
    }

    pub async fn staff_by_name(&self, name: &str) -> Result<Option<Staff>> {
        let row = sqlx::query("SELECT * FROM staff_view WHERE name = $1").bind(name).fetch_optional(&self.pool).await?;
        row.as_ref().map(staff_row).transpose()
    }

    /// Turns the second factor on (with this secret, sealed at rest) or off,
    /// and ends the account's sessions: they were opened under the old one.
    pub async fn set_staff_totp(&self, staff: StaffId, secret: Option<&[u8]>, by: Actor, now: Timestamp) -> Result<()> {
        let sealed = secret.map(|s| self.keys.seal(&format!("totp:{staff}"), s)).transpose()?;
        let mut write = self.audited().await?;
        let done = sqlx::query("UPDATE staff SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
            .bind(sealed)
            .bind(staff.to_string())
            .execute(&mut *write.tx)
            .await?;
        if !one(done) {
            return Err(StoreError::NotFound { what: "staff member", name: staff.to_string() });
        }
        end_sessions(&mut write.tx, staff, now).await?;
        let action = if secret.is_some() { "staff.totp_on" } else { "staff.totp_off" };
        write.commit(by.did(action, subject::staff(staff)), now).await?;
        Ok(())
    }

    /// The staff member's TOTP secret, opened, if they have one.
    pub async fn staff_totp_secret(&self, staff: StaffId) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT totp_secret FROM staff WHERE id = $1")
            .bind(staff.to_string())
            .fetch_optional(&self.pool)
            .await?;
        let sealed = row.map(|r| r.bytes_opt("totp_secret")).transpose()?.flatten();
        sealed.map(|s| self.keys.open(&format!("totp:{staff}"), &s)).transpose()
    }

    /// Accepts a time step once: false if it (or a later one) was already used.
    pub async fn claim_totp_step(&self, staff: StaffId, step: u64) -> Result<bool> {
        let step = i64::try_from(step).map_err(|_| StoreError::Corrupt("time step".into()))?;
        let done = sqlx::query(
            "UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(staff.to_string())
        .execute(&self.pool)
        .await?;
        Ok(one(done))
    }

    /// Replaces a staff member's password and ends the account's sessions (a
    /// stolen session does not outlive the password it was opened with).
    /// `chosen_by_them` is false for a one-time password (`reset-password`),
    /// which must then be changed at the next sign-in.
    pub async fn set_staff_password(
        &self,
        staff: StaffId,
        password_hash: &str,
        chosen_by_them: bool,
        by: Actor,
        now: Timestamp,
    ) -> Result<()> {
        let mut write = self.audited().await?;
        let done = sqlx::query("UPDATE staff SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(i64::from(!chosen_by_them))
            .bind(staff.to_string())
            .execute(&mut *write.tx)
            .await?;
        if !one(done) {
            return Err(StoreError::NotFound { what: "staff member", name: staff.to_string() });
        }
        end_sessions(&mut write.tx, staff, now).await?;
        let action = if chosen_by_them { "staff.password_set" } else { "staff.password_reset" };
        write.commit(by.did(action, subject::staff(staff)), now).await?;
        Ok(())
    }

    /// Disables an account (it can no longer sign in) and ends its sessions;
    /// its name, cases and audit rows stay. False if it was already disabled.
    pub async fn disable_staff(&self, staff: StaffId, by: Actor, now: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let done = sqlx::query("UPDATE staff SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
            .bind(millis(now))
            .bind(staff.to_string())
            .execute(&mut *write.tx)
            .await?;
        if !one(done) {
            return Ok(false);
        }
        end_sessions(&mut write.tx, staff, now).await?;
        write.commit(by.did("staff.disable", subject::staff(staff)), now).await?;
        Ok(true)
    }

    /// Opens a session (a sign-in, in the audit trail); only a digest of `token` is kept.
    pub async fn create_session(&self, token: &str, staff: StaffId, csrf_token: &str, now: Timestamp) -> Result<()> {
        let mut write = self.audited().await?;
        sqlx::query(
            "INSERT INTO staff_sessions (token_digest, staff_id, csrf_token, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(self.keys.digest(token))
        .bind(staff.to_string())
        .bind(csrf_token)
        .bind(millis(now))
        .execute(&mut *write.tx)
        .await?;
        write.commit(Actor::Staff(staff).did("console.sign_in", ""), now).await?;
        Ok(())
    }

    /// Signs out: the session ends, in the audit trail. False if it had ended already.
    pub async fn sign_out(&self, token: &str, now: Timestamp) -> Result<bool> {
        let mut write = self.audited().await?;
        let row = sqlx::query(
            "UPDATE staff_sessions SET ended_at = $1 WHERE token_digest = $2 AND ended_at IS NULL RETURNING staff_id",
        )
        .bind(millis(now))
        .bind(self.keys.digest(token))
        .fetch_optional(&mut *write.tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        write.commit(Actor::Staff(row.id("staff_id")?).did("console.sign_out", ""), now).await?;
        Ok(true)
    }

    /// A session still open, with its staff member.
    pub async fn session(&self, token: &str) -> Result<Option<StaffSession>> {
        let row = sqlx::query(
            "SELECT s.*, x.csrf_token, x.created_at AS session_created, x.last_seen_at \
             FROM staff_sessions x JOIN staff_view s ON s.id = x.staff_id \
             WHERE x.token_digest = $1 AND x.ended_at IS NULL",
        )
        .bind(self.keys.digest(token))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(StaffSession {
            staff: staff_row(&row)?,
            csrf_token: row.text("csrf_token")?,
            created_at: row.at("session_created")?,
            last_seen_at: row.at("last_seen_at")?,
        }))
    }

    pub async fn touch_session(&self, token: &str, now: Timestamp) -> Result<()> {
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_digest = $2")
            .bind(millis(now))
            .bind(self.keys.digest(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends a session that lapsed (idle, past its shift); its token never works again.
    pub async fn end_session(&self, token: &str, now: Timestamp) -> Result<()> {
        sqlx::query("UPDATE staff_sessions SET ended_at = $1 WHERE token_digest = $2 AND ended_at IS NULL")
            .bind(millis(now))
            .bind(self.keys.digest(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Staff of a role with a session used since `since`: who is there to answer.
    pub async fn counsellors_online(&self, role: Role, since: Timestamp) -> Result<u32> {
        let row = sqlx::query(
            "SELECT COUNT(DISTINCT x.staff_id) AS n FROM staff_sessions x JOIN staff s ON s.id = x.staff_id \
             WHERE x.ended_at IS NULL AND x.last_seen_at >= $1 AND s.role = $2 AND s.disabled_at IS NULL",
        )
        .bind(millis(since))
        .bind(role.code())
        .fetch_one(&self.pool)
        .await?;
        row.small("n")
    }
}

/// Ends every open session of `staff`, within the change that requires it.
async fn end_sessions(tx: &mut sqlx::Transaction<'_, sqlx::Any>, staff: StaffId, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE staff_sessions SET ended_at = $1 WHERE staff_id = $2 AND ended_at IS NULL")
        .bind(millis(now))
        .bind(staff.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
