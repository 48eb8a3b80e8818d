//! Time each rule of the shipped pack on its own over a JSON Lines corpus, to find the rules
//! that cost the most (the prefilter should make a rule with rare cues nearly free).
//!
//! ```sh
//! cargo run --release -p jamkoll_rules --example rule_cost -- corpus.jsonl
//! ```

use std::time::Instant;

use jamkoll_core::Gender;
use jamkoll_rules::{Doc, Engine, RulePack};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: rule_cost CORPUS.jsonl")?;
    let text = std::fs::read_to_string(path)?;
    let texts: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let pack = RulePack::embedded()?;
    let mut costs = Vec::new();
    for rule in pack.rules() {
        let engine = Engine::with_filter(&pack, |r| r.id == rule.id);
        let start = Instant::now();
        let mut n = 0;
        for t in &texts {
            n += engine
                .check(&Doc {
                    text: t,
                    client_gender: Gender::Okant,
                    area: None,
                })
                .len();
        }
        costs.push((start.elapsed().as_secs_f64(), rule.id.clone(), n));
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (secs, id, n) in costs.iter().take(20) {
        println!("{secs:8.3} s  {id:30} {n} findings");
    }
    Ok(())
}
