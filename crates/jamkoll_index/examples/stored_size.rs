//! Measures the stored-analysis blob against JSON of the same findings: bytes per document and
//! decode time, over every document of an index ingested with rules.
//!
//! ```text
//! cargo run --release -p jamkoll_index --example stored_size -- INDEX_DIR
//! ```

use std::time::Instant;

use jamkoll_index::Index;
use jamkoll_index::stored::{Analysis, Encoder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: stored_size INDEX_DIR")?;
    let index = Index::open(std::path::Path::new(&dir))?;
    let rules = index
        .stored_rules()?
        .ok_or("the index holds no stored findings")?;
    let mut blobs = Vec::new();
    let mut jsons = Vec::new();
    let mut findings = 0usize;
    for meta in index.documents()? {
        let meta = meta?;
        let Some(info) = meta.stored else { continue };
        let set = &rules.sets[&info.rule_set];
        let analysis = Analysis {
            findings: meta.findings,
            mentions: info.mentions,
            facts: info.facts,
        };
        findings += analysis.findings.len();
        blobs.push(Encoder::new(set).encode(&analysis));
        jsons.push(serde_json::to_vec(&(
            &analysis.findings,
            analysis.mentions,
            String::from_utf8_lossy(&analysis.facts),
        ))?);
    }
    let docs = blobs.len().max(1);
    let total = |v: &[Vec<u8>]| v.iter().map(Vec::len).sum::<usize>();
    let start = Instant::now();
    let mut n = 0;
    for b in &blobs {
        n += rules.decode(b)?.map_or(0, |(f, _)| f.len());
    }
    let binary_time = start.elapsed();
    let start = Instant::now();
    let mut m = 0;
    for j in &jsons {
        let (f, _, _): (Vec<jamkoll_core::Finding>, [u64; 4], String) = serde_json::from_slice(j)?;
        m += f.len();
    }
    let json_time = start.elapsed();
    assert_eq!(n, m);
    println!("documents {docs}, findings {findings}");
    println!(
        "binary: {} bytes ({:.1}/doc), decode {:.1} ms ({:.2} µs/doc)",
        total(&blobs),
        total(&blobs) as f64 / docs as f64,
        binary_time.as_secs_f64() * 1e3,
        binary_time.as_secs_f64() * 1e6 / docs as f64
    );
    println!(
        "json:   {} bytes ({:.1}/doc), decode {:.1} ms ({:.2} µs/doc)",
        total(&jsons),
        total(&jsons) as f64 / docs as f64,
        json_time.as_secs_f64() * 1e3,
        json_time.as_secs_f64() * 1e6 / docs as f64
    );
    Ok(())
}
