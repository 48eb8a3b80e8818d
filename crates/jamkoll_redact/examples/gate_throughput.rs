//! Measures the identifier gate's throughput on a JSON Lines corpus.
//!
//! ```text
//! python3 ../shared/bench/bigcorpus.py --n 20000 --out /tmp/c.jsonl
//! cargo run --release -p jamkoll_redact --example gate_throughput -- /tmp/c.jsonl [threads] [runs]
//! ```
//!
//! Reads every record's `text`, scans it on the given number of threads (default 1), `runs`
//! times (default 3), and prints the best run's MB/s over the text bytes (the machine is shared,
//! so the best run is the least disturbed one), with the number of hits per kind. Parsing is done before timing, so
//! the figure is the gate's own. It prints kinds and counts, never a value.

use std::collections::BTreeMap;
use std::time::Instant;

use jamkoll_redact::Gate;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: gate_throughput FILE.jsonl [threads] [runs]")?;
    let threads: usize = args.next().map_or(Ok(1), |t| t.parse())?;
    let runs: usize = args.next().map_or(Ok(3), |t| t.parse())?;
    let data = std::fs::read_to_string(&path)?;
    let mut texts = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("{path}:{}: not a JSON object: {e}", n + 1))?;
        if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
            texts.push(text.to_owned());
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let gate = Gate::new();
    let mut best = f64::INFINITY;
    let mut counts = BTreeMap::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        counts = scan_all(&gate, &texts, threads);
        best = best.min(start.elapsed().as_secs_f64());
    }
    let secs = best;
    println!(
        "{} records, {:.1} MB of text, {} thread(s), best of {}: {:.3} s, {:.0} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        threads,
        runs.max(1),
        secs,
        bytes as f64 / 1e6 / secs
    );
    for (kind, n) in counts {
        println!("  {kind}: {n}");
    }
    Ok(())
}

/// Scans every text on `threads` threads and counts the hits per kind.
fn scan_all(gate: &Gate, texts: &[String], threads: usize) -> BTreeMap<&'static str, usize> {
    let chunk = texts.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
                    for text in part {
                        for hit in gate.scan(text) {
                            *counts.entry(hit.kind.as_str()).or_default() += 1;
                        }
                    }
                    counts
                })
            })
            .collect();
        let mut all: BTreeMap<&'static str, usize> = BTreeMap::new();
        for h in handles {
            if let Ok(counts) = h.join() {
                for (k, v) in counts {
                    *all.entry(k).or_default() += v;
                }
            }
        }
        all
    })
}
