//! Referral statistics, counted in memory and flushed in batches.
//!
//! The referral endpoint is the hot path: it must not wait for a database
//! write. Counts are added to a map under a short lock and written by a
//! background worker every few seconds and at shutdown; a failed write puts
//! the counts back, so a database hiccup delays statistics without losing them.

use std::sync::Mutex;

use relais_store::{ReferralCount, ReferralCountKey, Store, StoreError};
use rustc_hash::FxHashMap;

#[derive(Debug, Default)]
pub struct StatsBuffer {
    pending: Mutex<FxHashMap<ReferralCountKey, u64>>,
}

impl StatsBuffer {
    pub fn record(&self, key: ReferralCountKey) {
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_insert(0) += 1;
    }

    /// Counts not yet written.
    pub fn pending(&self) -> Vec<ReferralCount> {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.iter().map(|(key, &count)| ReferralCount { key: *key, count }).collect()
    }

    /// Writes the pending counts and says how many cells; on failure they are kept for the next try.
    pub async fn flush(&self, store: &Store) -> Result<usize, StoreError> {
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if batch.is_empty() {
            return Ok(0);
        }
        let rows: Vec<_> = batch.iter().map(|(key, &count)| ReferralCount { key: *key, count }).collect();
        match store.add_referral_counts(&rows).await {
            Ok(()) => {
                tracing::debug!(cells = rows.len(), "referral statistics flushed");
                Ok(rows.len())
            }
            Err(e) => {
                metrics::counter!("relais_stats_flush_failures_total").increment(1);
                let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
                for (key, count) in batch {
                    *pending.entry(key).or_insert(0) += count;
                }
                Err(e)
            }
        }
    }
}
