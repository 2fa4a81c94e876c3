//! Failed sign-ins, counted in the database, so that every server sharing
//! it holds back the same guesser: behind a proxy that spreads requests, a
//! count per server would give a guesser as many tries as there are servers.
//!
//! What a wait is and how it grows is the core's ([`Backoff`]); the store
//! keeps the counts, each read and changed under a lock on its row (SQLite's
//! single writer, PostgreSQL's row lock), so that two servers hearing the
//! same guesser at once both count. An attempt is counted when it is heard,
//! before its password is checked, and taken back if it succeeds.

use jiff::{SignedDuration, Timestamp};
use relais_core::staff::{Backoff, Failures};

use crate::dialect::PerDialect;
use crate::row::{Read, millis};
use crate::{Result, Store};

/// What one attempt is counted under: the client's address, and the address
/// with the name tried, each as a keyed digest.
#[derive(Debug, Clone)]
pub struct SignInScopes {
    address: Vec<u8>,
    name: Vec<u8>,
}

/// The count under a scope, made at nought if there is none, and locked until the
/// transaction ends (PostgreSQL locks a row it upserts; SQLite has one writer).
const LOCKED_FAILURES: &str = "INSERT INTO sign_in_failures (scope, failures, last_at) VALUES ($1, 0, $2) \
     ON CONFLICT (scope) DO UPDATE SET scope = excluded.scope RETURNING failures, last_at";

const ALARM: PerDialect = PerDialect {
    sqlite: "SELECT window_start, failures, raised FROM sign_in_alarm WHERE id = 1",
    postgres: "SELECT window_start, failures, raised FROM sign_in_alarm WHERE id = 1 FOR UPDATE",
};

/// How long the alarm counts failures from everywhere before it starts again.
const ALARM_WINDOW: SignedDuration = SignedDuration::from_hours(1);

fn failures(row: &sqlx::any::AnyRow) -> Result<Failures> {
    Ok(Failures { count: row.small("failures")?, last: row.at("last_at")? })
}

impl Store {
    /// The scopes of an attempt from `address` for `name` (as the caller
    /// normalised it: case and spaces ignored).
    pub fn sign_in_scopes(&self, address: &str, name: &str) -> SignInScopes {
        SignInScopes {
            address: self.keys.digest(&format!("sign-in address {address}")),
            name: self.keys.digest(&format!("sign-in name {address} {name}")),
        }
    }

    /// The failures counted under each scope: (the address's, the name's from that address).
    pub async fn sign_in_failures(&self, scopes: &SignInScopes) -> Result<(Option<Failures>, Option<Failures>)> {
        let read = |scope: &[u8]| {
            sqlx::query("SELECT failures, last_at FROM sign_in_failures WHERE scope = $1")
                .bind(scope.to_vec())
                .fetch_optional(&self.pool)
        };
        let (address, name) = (read(&scopes.address).await?, read(&scopes.name).await?);
        Ok((address.as_ref().map(failures).transpose()?, name.as_ref().map(failures).transpose()?))
    }

    /// Begins an attempt: the wait still to run if either scope's failures
    /// hold it back (the attempt is not heard, nor counted); otherwise the
    /// attempt is counted as a failure under both scopes at once, before its
    /// password is checked, so that attempts sent together cannot all be heard
    /// before any is counted. A success takes it back ([`Store::sign_in_succeeded`]).
    pub async fn begin_sign_in(
        &self,
        scopes: &SignInScopes,
        backoffs: (&Backoff, &Backoff),
        now: Timestamp,
    ) -> Result<Option<SignedDuration>> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let mut counts = Vec::with_capacity(2);
        for (scope, backoff) in [(&scopes.address, backoffs.0), (&scopes.name, backoffs.1)] {
            let row = sqlx::query(LOCKED_FAILURES).bind(scope.clone()).bind(millis(now)).fetch_one(&mut *tx).await?;
            counts.push((scope, backoff, failures(&row)?));
        }
        let wait = counts.iter().filter_map(|(_, backoff, current)| backoff.wait(Some(*current), now)).max();
        if wait.is_none() {
            for (scope, backoff, current) in &counts {
                let next = backoff.fail(Some(*current), now);
                sqlx::query("UPDATE sign_in_failures SET failures = $1, last_at = $2 WHERE scope = $3")
                    .bind(i64::from(next.count))
                    .bind(millis(next.last))
                    .bind((*scope).clone())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(wait)
    }

    /// An attempt failed (it is counted already): the hour's count from
    /// everywhere goes up, and is returned when this failure took it to
    /// `alarm_threshold` (once an hour).
    pub async fn sign_in_failed(&self, alarm_threshold: u32, now: Timestamp) -> Result<Option<u32>> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        sqlx::query(
            "INSERT INTO sign_in_alarm (id, window_start, failures, raised) VALUES (1, NULL, 0, 0) \
             ON CONFLICT (id) DO NOTHING",
        )
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(self.dialect.choose(&ALARM)).fetch_one(&mut *tx).await?;
        let (mut start, mut count, mut raised) =
            (row.at_opt("window_start")?, row.small("failures")?, row.flag("raised")?);
        if start.is_none_or(|start| now - start >= ALARM_WINDOW) {
            (start, count, raised) = (Some(now), 0, false);
        }
        count = count.saturating_add(1);
        let raises = count >= alarm_threshold.max(1) && !raised;
        sqlx::query("UPDATE sign_in_alarm SET window_start = $1, failures = $2, raised = $3 WHERE id = 1")
            .bind(start.map(millis))
            .bind(i64::from(count))
            .bind(i64::from(raised || raises))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(raises.then_some(count))
    }

    /// An attempt succeeded: it is taken back from the address's count, and
    /// the name's failures from that address are forgotten (not the
    /// address's: one good password does not buy another name more guesses).
    pub async fn sign_in_succeeded(&self, scopes: &SignInScopes) -> Result<()> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        sqlx::query("UPDATE sign_in_failures SET failures = failures - 1 WHERE scope = $1 AND failures > 0")
            .bind(scopes.address.clone())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1")
            .bind(scopes.name.clone())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether the alarm is raised for the hour under way.
    pub async fn sign_in_alarm_raised(&self, now: Timestamp) -> Result<bool> {
        let row = sqlx::query("SELECT window_start, raised FROM sign_in_alarm WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(false) };
        Ok(row.flag("raised")? && row.at_opt("window_start")?.is_some_and(|start| now - start < ALARM_WINDOW))
    }

    /// Drops the counts whose last failure was at `until` or before (a quiet hour forgets them).
    pub async fn forget_sign_in_failures(&self, until: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sign_in_failures WHERE last_at <= $1")
            .bind(millis(until))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
