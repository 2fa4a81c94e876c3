//! A cache of serialized referral answers.
//!
//! An answer is a pure function of the country, the category, the reporter's
//! audience (minor, parent, adult…), the locale, the wait estimate and the
//! minute (opening hours change on minute boundaries), so identical reports
//! in the same minute share one serialized answer. On a large platform most
//! reports look alike (one country, a handful of categories), and
//! serializing the answer costs more than everything else the endpoint does.

use std::sync::RwLock;

use axum::body::Bytes;
use relais_core::policy::{Audience, PolicySettings, decide};
use relais_core::{Category, CountryCode, Decision, Directory, Locale, ReferralRequest};
use rustc_hash::FxHashMap;

use crate::error::AppError;

/// Entries kept before the cache starts afresh; bounds memory under skewed traffic.
const CAPACITY: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    country: CountryCode,
    category: Category,
    audience: Audience,
    locale: Option<Locale>,
    wait_seconds: Option<u32>,
    minute: i64,
}

#[derive(Debug, Default)]
pub struct AnswerCache {
    answers: RwLock<FxHashMap<Key, (Decision, Bytes)>>,
}

impl AnswerCache {
    /// The decision and its JSON body, from the cache or freshly decided.
    pub fn answer(
        &self,
        request: &ReferralRequest,
        directory: &Directory,
        settings: &PolicySettings,
        wait_seconds: Option<u32>,
    ) -> Result<(Decision, Bytes), AppError> {
        let key = Key {
            country: request.country,
            category: request.category,
            audience: settings.audience(request),
            locale: request.locale,
            wait_seconds,
            minute: request.at.as_second().div_euclid(60),
        };
        if let Some(hit) = self.answers.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(hit.clone());
        }
        let referral = decide(request, directory, settings, wait_seconds);
        // A full answer is 600–900 bytes: one allocation, no regrowth.
        let mut body = Vec::with_capacity(1024);
        serde_json::to_writer(&mut body, &referral).map_err(|e| AppError::Internal(e.to_string()))?;
        let answer = (referral.decision, Bytes::from(body));
        let mut answers = self.answers.write().unwrap_or_else(|e| e.into_inner());
        if answers.len() >= CAPACITY {
            answers.clear();
        }
        answers.insert(key, answer.clone());
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use relais_core::{AgeBand, AgeDeclaration, ReporterRole};

    fn directory() -> Directory {
        let mut d = Directory::builtin().unwrap();
        d.resolve_relais_uris("https://relais.example");
        d
    }

    proptest! {
        /// Whatever was asked before, a cached answer is byte for byte the
        /// answer the policy gives now.
        #[test]
        fn cached_answers_equal_fresh_ones(
            asks in prop::collection::vec(
                (0usize..4, 0usize..13, 0usize..3, 0usize..4, 0usize..3, 0i64..600, prop::option::of(0u32..3)),
                1..60,
            )
        ) {
            let dir = directory();
            let settings = PolicySettings::default();
            let cache = AnswerCache::default();
            for (c, cat, role, band, loc, second, wait) in asks {
                let request = ReferralRequest {
                    country: CountryCode::parse(["FR", "DE", "US", "SI"][c]).unwrap(),
                    category: Category::ALL[cat],
                    role: [ReporterRole::Victim, ReporterRole::Parent, ReporterRole::Witness][role],
                    age: AgeDeclaration::Band(AgeBand::ALL[band]),
                    locale: [None, Some(Locale::Fr), Some(Locale::En)][loc],
                    surface: None,
                    // Ten minutes around closing time, second by second.
                    at: jiff::Timestamp::from_second(1_764_367_200 + second).unwrap(),
                };
                let (decision, bytes) = cache.answer(&request, &dir, &settings, wait).unwrap();
                let fresh = decide(&request, &dir, &settings, wait);
                prop_assert_eq!(decision, fresh.decision);
                prop_assert_eq!(&bytes[..], &serde_json::to_vec(&fresh).unwrap()[..]);
            }
        }
    }
}
