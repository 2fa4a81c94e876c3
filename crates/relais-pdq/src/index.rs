//! Finding the hashes within a distance of a query among many, without
//! comparing with each: multi-index hashing (Norouzi, Punjani and Fleet,
//! 2012). The 256 bits are cut into 16 slots of 16 bits; two hashes within
//! distance 31 differ by at most one bit in at least one slot (16 slots × 2
//! bits would be 32), so probing each slot's value and its 16 one-bit
//! neighbours (272 lookups) finds every match, which the full distance then
//! confirms. The layout follows ThreatExchange's own study on 24 million PDQ
//! hashes (16 slots of 16 bits), which is also what faiss's
//! `IndexBinaryMultiHash` does for Hasher-Matcher-Actioner.

use crate::hash::{Hash, words_distance as distance};

const SLOTS: usize = 16;
const BUCKETS: usize = 1 << 16;

/// Hashes, by position, and for each slot the positions holding each value.
#[derive(Debug, Clone)]
pub struct Index {
    hashes: Vec<Hash>,
    /// The same hashes as four 64-bit words, to count differing bits without converting.
    words: Vec<[u64; 4]>,
    live: Vec<bool>,
    /// `slots[s][value]`: the positions whose slot `s` is `value`.
    slots: Vec<Vec<Vec<u32>>>,
}

impl Default for Index {
    fn default() -> Self {
        Index::new()
    }
}

/// A hash found near a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub distance: u32,
    /// Its position: the order in which it was added.
    pub position: u32,
}

impl Index {
    pub fn new() -> Index {
        Index { hashes: Vec::new(), words: Vec::new(), live: Vec::new(), slots: vec![vec![Vec::new(); BUCKETS]; SLOTS] }
    }

    /// Builds an index of many hashes at once.
    pub fn build(hashes: impl IntoIterator<Item = Hash>) -> Index {
        let mut index = Index::new();
        for hash in hashes {
            index.add(hash);
        }
        index
    }

    /// Adds a hash; returns its position.
    pub fn add(&mut self, hash: Hash) -> u32 {
        let position = self.hashes.len() as u32;
        for (s, value) in hash.slots().into_iter().enumerate() {
            self.slots[s][usize::from(value)].push(position);
        }
        self.hashes.push(hash);
        self.words.push(hash.words());
        self.live.push(true);
        position
    }

    /// Takes a hash out of the results (its position is not reused).
    pub fn remove(&mut self, position: u32) {
        if let Some(live) = self.live.get_mut(position as usize) {
            *live = false;
        }
    }

    pub fn len(&self) -> usize {
        self.live.iter().filter(|l| **l).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn hash(&self, position: u32) -> Option<Hash> {
        self.hashes.get(position as usize).copied()
    }

    /// Every hash within `radius` of the query (at most 31: beyond, two bits
    /// may differ in every slot and a match could be missed), nearest first.
    pub fn within(&self, query: &Hash, radius: u32) -> Vec<Found> {
        let radius = radius.min(crate::MATCH_DISTANCE);
        let query_words = query.words();
        let mut found = Vec::new();
        for (s, value) in query.slots().into_iter().enumerate() {
            let table = &self.slots[s];
            let probes = std::iter::once(value).chain((0..16).map(|bit| value ^ (1 << bit)));
            for probe in probes {
                for &position in &table[usize::from(probe)] {
                    let distance = distance(&self.words[position as usize], &query_words);
                    if distance <= radius && self.live[position as usize] {
                        found.push(Found { distance, position });
                    }
                }
            }
        }
        // Nearest first; a hash reached through several slots is next to itself.
        found.sort_unstable();
        found.dedup_by_key(|f| f.position);
        found
    }

    /// The same answer by comparing with every hash: the reference the index
    /// is measured against.
    pub fn scan(&self, query: &Hash, radius: u32) -> Vec<Found> {
        let query_words = query.words();
        let mut found: Vec<Found> = self
            .words
            .iter()
            .enumerate()
            .filter(|(p, _)| self.live[*p])
            .filter_map(|(p, words)| {
                let distance = distance(words, &query_words);
                (distance <= radius).then_some(Found { distance, position: p as u32 })
            })
            .collect();
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn flipped(hash: Hash, bits: &[usize]) -> Hash {
        let mut h = hash;
        for &b in bits {
            h.0[b / 8] ^= 1 << (b % 8);
        }
        h
    }

    proptest! {
        /// Whatever the hashes and wherever up to 31 bits differ, the index
        /// finds what a full scan finds, no more and no less.
        #[test]
        fn the_index_finds_what_a_scan_finds(
            seeds in prop::collection::vec(any::<[u8; 32]>(), 1..40),
            flips in prop::collection::vec(prop::collection::vec(0usize..256, 0..40), 1..10),
        ) {
            let hashes: Vec<Hash> = seeds.into_iter().map(Hash).collect();
            let index = Index::build(hashes.iter().copied());
            for (n, bits) in flips.iter().enumerate() {
                let query = flipped(hashes[n % hashes.len()], bits);
                prop_assert_eq!(index.within(&query, 31), index.scan(&query, 31));
            }
        }
    }

    #[test]
    fn a_removed_hash_is_no_longer_found() {
        let a = Hash([7; 32]);
        let mut index = Index::build([a, Hash([9; 32])]);
        assert_eq!(index.within(&a, 31), vec![Found { distance: 0, position: 0 }]);
        index.remove(0);
        assert!(index.within(&a, 31).is_empty());
        assert_eq!(index.len(), 1);
    }
}
