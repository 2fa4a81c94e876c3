//! Referral statistics, counted in memory and flushed in batches.
//!
//! The referral endpoint is the hot path: it must not wait for a database
//! write. Counts are added to a map under a short lock and written by a
//! background task every few seconds and at shutdown; a failed write puts the
//! counts back, so a database hiccup delays statistics without losing them.

use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use relais_core::{AgeBand, Category, CountryCode, Decision, Surface};
use relais_store::{ReferralCount, ReferralCountKey, Store};
use rustc_hash::FxHashMap;

/// One cell of the statistics, in a cheap-to-hash form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    pub client_id: Arc<str>,
    pub day: Date,
    pub country: CountryCode,
    pub category: Category,
    pub age_band: AgeBand,
    pub surface: Option<Surface>,
    pub decision: Decision,
}

impl Cell {
    fn to_key(&self) -> ReferralCountKey {
        ReferralCountKey {
            client_id: self.client_id.to_string(),
            day: self.day.to_string(),
            country: self.country.to_string(),
            category: self.category.code().to_owned(),
            age_band: self.age_band.code().to_owned(),
            surface: self.surface.map(Surface::code).unwrap_or_default().to_owned(),
            decision: self.decision.code().to_owned(),
        }
    }
}

#[derive(Debug, Default)]
pub struct StatsBuffer {
    pending: Mutex<FxHashMap<Cell, u64>>,
}

impl StatsBuffer {
    pub fn record(&self, cell: Cell) {
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()).entry(cell).or_insert(0) += 1;
    }

    /// Counts not yet written, as store rows.
    pub fn pending(&self) -> Vec<ReferralCount> {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.iter().map(|(cell, &count)| ReferralCount { key: cell.to_key(), count }).collect()
    }

    /// Writes the pending counts; on failure they are kept for the next try.
    pub async fn flush(&self, store: &dyn Store) {
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if batch.is_empty() {
            return;
        }
        let rows: Vec<_> = batch.iter().map(|(cell, &count)| ReferralCount { key: cell.to_key(), count }).collect();
        match store.add_referral_counts(&rows).await {
            Ok(()) => tracing::debug!(cells = rows.len(), "referral statistics flushed"),
            Err(e) => {
                tracing::warn!(error = %e, cells = rows.len(), "could not flush referral statistics; will retry");
                metrics::counter!("relais_stats_flush_failures_total").increment(1);
                let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
                for (cell, count) in batch {
                    *pending.entry(cell).or_insert(0) += count;
                }
            }
        }
    }
}
