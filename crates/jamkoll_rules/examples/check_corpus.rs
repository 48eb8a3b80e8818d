//! The rule pass alone over a JSON Lines corpus, as `jamkoll check` runs it (records parsed,
//! checked in parallel batches), with the time of each stage on standard error and every
//! finding (all scopes) as one JSON line on standard output, for comparing engine versions.
//!
//! ```sh
//! cargo run --release -p jamkoll_rules --example check_corpus -- corpus.jsonl [RULES_DIR] > findings.jsonl
//! ```
//!
//! With `RULES_DIR` only the rules in that folder run (not the shipped pack), so two engine
//! versions can be compared on one frozen pack while the shipped rules change.

use std::io::Write;
use std::time::Instant;

use jamkoll_core::{Area, Gender};
use jamkoll_rules::{Config, Doc, Engine, RulePack};
use rayon::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    client_gender: Option<String>,
    area: Option<String>,
    text: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: check_corpus CORPUS.jsonl [RULES_DIR]")?;
    let rules = args.next();
    let t0 = Instant::now();
    let pack = match &rules {
        Some(dir) => RulePack::load_without_shipped(&[dir.into()], &Config::default())?,
        None => RulePack::embedded()?,
    };
    let engine = Engine::new(&pack);
    let loaded = t0.elapsed();
    let text = std::fs::read_to_string(path)?;
    let t1 = Instant::now();
    let records: Vec<Record> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let parsed = t1.elapsed();
    let t2 = Instant::now();
    let cpu2 = cpu_seconds();
    let areas: Vec<Option<Area>> = records
        .iter()
        .map(|r| r.area.as_deref().map(Area::new))
        .collect();
    let results: Vec<Vec<jamkoll_core::Finding>> = records
        .par_iter()
        .zip(&areas)
        .map(|(r, area)| {
            let gender = r
                .client_gender
                .as_deref()
                .and_then(|g| g.parse().ok())
                .unwrap_or(Gender::Okant);
            engine.check(&Doc {
                text: &r.text,
                client_gender: gender,
                area: area.as_ref(),
            })
        })
        .collect();
    let checked = t2.elapsed();
    let checked_cpu = cpu_seconds().zip(cpu2).map(|(b, a)| b - a);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut n = 0;
    for (r, findings) in records.iter().zip(&results) {
        for f in findings {
            n += 1;
            writeln!(out, "{} {}", r.id, serde_json::to_string(f)?)?;
        }
    }
    out.flush()?;
    let mb = text.len() as f64 / 1e6;
    // CPU time, not wall time: on a shared machine the wall time of the check stage says more
    // about the neighbours than about the engine (with RAYON_NUM_THREADS=1 the two agree on an
    // idle machine).
    let cpu = checked_cpu.map_or(String::new(), |c| {
        format!(", check CPU {c:.2} s ({:.1} MB/s)", mb / c)
    });
    eprintln!(
        "{} records, {mb:.1} MB, {n} findings; load {:.3} s, parse {:.3} s, check {:.3} s ({:.1} MB/s){cpu}",
        records.len(),
        loaded.as_secs_f64(),
        parsed.as_secs_f64(),
        checked.as_secs_f64(),
        mb / checked.as_secs_f64()
    );
    Ok(())
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (Linux; `None`
/// elsewhere). Clock ticks are taken as 100 a second, the Linux default.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after its closing ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
