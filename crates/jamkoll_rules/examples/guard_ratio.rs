//! The cliff guard's two passes (`crates/jamkoll_rules/tests/cliff_guard.rs`) without its time budget, so the whole
//! ratio is seen even above the limit: the same generated corpus (seed, sentence pool, 20,000
//! records), a parse-only pass and a parse-and-check pass on one thread, each the best of
//! `RUNS`, timed by wall clock and by this thread's CPU time (steadier on a busy machine).
//!
//! ```sh
//! cargo run --release -p jamkoll_rules --example guard_ratio -- crates/jamkoll_rules/tests/cliff_guard/sentences.txt
//! ```

use std::time::Instant;

use jamkoll_core::{Area, Gender};
use jamkoll_rules::{Doc, Engine, RulePack};
use serde::Deserialize;

/// Timed runs of each pass; the best counts.
const RUNS: usize = 5;
/// Documents, as in the guard.
const DOCS: usize = 20_000;

#[derive(Deserialize)]
struct Record {
    #[allow(dead_code)]
    id: String,
    client_gender: String,
    area: Option<String>,
    text: String,
}

/// The guard's generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The guard's corpus, record for record.
fn corpus(sentences: &str) -> String {
    let pool: Vec<&str> = sentences.lines().filter(|l| !l.is_empty()).collect();
    let genders = ["kvinna", "man", "okänt"];
    let areas = [
        "ekonomiskt_bistand",
        "barn_unga",
        "missbruk",
        "vald_nara_relation",
        "funktionsnedsattning",
    ];
    let mut rng = Rng(20_261_122);
    let mut out = String::new();
    let mut text = String::new();
    for i in 0..DOCS {
        text.clear();
        for k in 0..5 + rng.below(15) {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(pool[rng.below(pool.len())]);
        }
        let record = serde_json::json!({
            "id": format!("g{i:07}"),
            "unit": format!("Enhet {}", rng.below(20)),
            "client_gender": genders[rng.below(genders.len())],
            "area": areas[rng.below(areas.len())],
            "text": text,
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn parse_pass(jsonl: &str) -> Result<usize, serde_json::Error> {
    let mut n = 0;
    for line in jsonl.lines() {
        let r: Record = serde_json::from_str(line)?;
        n += r.text.len() + r.client_gender.len();
    }
    Ok(n)
}

fn rule_pass(jsonl: &str, engine: &Engine) -> Result<usize, serde_json::Error> {
    let mut findings = 0;
    for line in jsonl.lines() {
        let r: Record = serde_json::from_str(line)?;
        let gender: Gender = r.client_gender.parse().unwrap_or(Gender::Okant);
        let area = r.area.as_deref().map(Area::new);
        let doc = Doc {
            text: &r.text,
            client_gender: gender,
            area: area.as_ref(),
        };
        findings += engine.check(&doc).len();
    }
    Ok(findings)
}

/// This thread's CPU time in seconds, from `/proc/thread-self/stat` (Linux; `None` elsewhere),
/// in clock ticks of 1/100 s.
fn cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
}

/// Best wall and best CPU time of `RUNS` runs of `f` (at least one), and its last result.
fn best<T, E>(mut f: impl FnMut() -> Result<T, E>) -> Result<(f64, f64, T), E> {
    let (mut wall, mut cpu_best) = (f64::MAX, f64::MAX);
    let mut run = || {
        let (t, c) = (Instant::now(), cpu());
        let r = f();
        wall = wall.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c, cpu()) {
            cpu_best = cpu_best.min(b - a);
        }
        r
    };
    let mut out = run()?;
    for _ in 1..RUNS {
        out = run()?;
    }
    Ok((wall, cpu_best, out))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: guard_ratio crates/jamkoll_rules/tests/cliff_guard/sentences.txt")?;
    let jsonl = corpus(&std::fs::read_to_string(path)?);
    let pack = RulePack::embedded()?;
    let engine = Engine::new(&pack);
    let _ = engine.check(&Doc::new("Mamman påstår att hon söker arbete."));
    let (pw, pc, _) = best(|| parse_pass(&jsonl))?;
    let (rw, rc, n) = best(|| rule_pass(&jsonl, &engine))?;
    let mb = jsonl.len() as f64 / 1e6;
    eprintln!(
        "{mb:.1} MB, {n} findings; parse {pw:.3} s wall / {pc:.2} s CPU, rules {rw:.3} s wall / {rc:.2} s CPU; ratio {:.1} wall, {:.1} CPU (limit 10)",
        rw / pw,
        rc / pc.max(0.01)
    );
    Ok(())
}
