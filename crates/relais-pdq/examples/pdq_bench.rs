//! Matching and hashing speed, measured for `bench/pdq` (which runs faiss and
//! Meta's Python bindings on the same data in the same run).
//!
//! `pdq_bench match DIR N Q`: writes N random hashes and Q queries (half of
//! them copies of a listed hash with 0 to 31 bits flipped, half random) to
//! DIR, then times the multi-index and a full scan on them, checking both
//! find every planted copy.
//!
//! `pdq_bench hash FILE… `: times hashing the decoded pixels of each file.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used)]

use std::io::Write;
use std::time::Instant;

use relais_pdq::{Hash, Index, MATCH_DISTANCE};

/// SplitMix64: the same data on every run, with no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn hash(&mut self) -> Hash {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_be_bytes());
        }
        Hash(bytes)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn write(path: &std::path::Path, hashes: &[Hash]) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("a file"));
    for h in hashes {
        file.write_all(&h.0).expect("written");
    }
}

fn matching(dir: &str, n: usize, q: usize) {
    let dir = std::path::Path::new(dir);
    let mut random = Random(20_261_130);
    let haystack: Vec<Hash> = (0..n).map(|_| random.hash()).collect();
    let mut queries = Vec::with_capacity(q);
    let mut planted = Vec::new();
    for i in 0..q {
        if i % 2 == 0 {
            let target = random.below(n as u64) as usize;
            let mut copy = haystack[target];
            let flips = random.below(u64::from(MATCH_DISTANCE) + 1);
            let mut done = std::collections::HashSet::new();
            while done.len() < flips as usize {
                let bit = random.below(256) as usize;
                if done.insert(bit) {
                    copy.0[bit / 8] ^= 1 << (bit % 8);
                }
            }
            planted.push((i, target as u32));
            queries.push(copy);
        } else {
            queries.push(random.hash());
        }
    }
    write(&dir.join("haystack.bin"), &haystack);
    write(&dir.join("queries.bin"), &queries);
    let truth: String = planted.iter().map(|(q, t)| format!("{q} {t}\n")).collect();
    std::fs::write(dir.join("planted.txt"), truth).expect("written");

    let started = Instant::now();
    let index = Index::build(haystack.iter().copied());
    let build = started.elapsed();

    let started = Instant::now();
    let found: Vec<_> = queries.iter().map(|query| index.within(query, MATCH_DISTANCE)).collect();
    let mih = started.elapsed();
    // The scan is slow: time it on a tenth of the queries.
    let scanned = q.div_ceil(10);
    let started = Instant::now();
    let truth: Vec<_> = queries.iter().take(scanned).map(|query| index.scan(query, MATCH_DISTANCE)).collect();
    let scan = started.elapsed();

    let recall = planted.iter().filter(|(qi, t)| found[*qi].iter().any(|f| f.position == *t)).count();
    let agree = truth.iter().zip(&found).filter(|(a, b)| a == b).count();
    println!(
        "relais-pdq multi-index  build {:>6.2} s  {:>8.0} queries/s  ({:.3} ms/query)  planted found {recall}/{}  same answers as the scan {agree}/{scanned}",
        build.as_secs_f64(),
        q as f64 / mih.as_secs_f64(),
        mih.as_secs_f64() * 1000.0 / q as f64,
        planted.len(),
    );
    println!(
        "relais-pdq full scan    build   0.00 s  {:>8.0} queries/s  ({:.3} ms/query)",
        scanned as f64 / scan.as_secs_f64(),
        scan.as_secs_f64() * 1000.0 / scanned as f64
    );
}

fn hashing(files: &[String]) {
    let pictures: Vec<_> = files
        .iter()
        .map(|f| relais_pdq::decode::decode(&std::fs::read(f).expect("a file"), Default::default()).expect("an image"))
        .collect();
    let rounds = 5;
    let started = Instant::now();
    for _ in 0..rounds {
        for p in &pictures {
            relais_pdq::hash(p.luma.clone()).expect("hashed");
        }
    }
    let elapsed = started.elapsed();
    let count = rounds * pictures.len();
    let pixels: usize = pictures.iter().map(|p| p.luma.width * p.luma.height).sum::<usize>() * rounds;
    println!(
        "relais-pdq hash (decoded pixels)   {:>7.1} images/s  {:>6.1} Mpixel/s  ({count} hashes)",
        count as f64 / elapsed.as_secs_f64(),
        pixels as f64 / 1e6 / elapsed.as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("match") => matching(
            &args[2],
            args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1_000_000),
            args.get(4).and_then(|n| n.parse().ok()).unwrap_or(2_000),
        ),
        Some("hash") => hashing(&args[2..]),
        _ => eprintln!("usage: pdq_bench match DIR [N] [Q] | pdq_bench hash FILE…"),
    }
}
