//! Recall on planted identifiers and false positives on look-alikes, over the sets in
//! fixtures/identifiers/ (made by fixtures/identifiers/make_fixtures.py).
//!
//! Recall must be 1.0 for every certain kind, and the look-alikes must give no hit at all.
//! The figures are printed (run with `--nocapture`); a failure names the record id and the kind
//! and offsets, never the text, since the text holds the planted identifiers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jamkoll_redact::{Gate, Hit};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/identifiers")
        .join(name)
}

fn records(name: &str) -> Vec<Value> {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    text.lines()
        .enumerate()
        .map(|(n, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}:{}: {e}", n + 1)))
        .collect()
}

/// The kind of a hit as the fixtures spell it.
fn kind(hit: &Hit) -> &'static str {
    hit.kind.as_str()
}

#[test]
fn recall_on_planted_identifiers() {
    let gate = Gate::new();
    let rows = records("planted.jsonl");
    assert!(rows.len() >= 200, "planted.jsonl has {} rows", rows.len());
    // kind → (expected, found)
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut extra: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut misses = Vec::new();
    for row in &rows {
        let id = row["id"].as_str().expect("id");
        let text = row["text"].as_str().expect("text");
        let hits = gate.scan(text);
        let expected = row["expected"].as_array().expect("expected");
        for e in expected {
            let k = e["kind"].as_str().expect("kind").to_owned();
            let start = e["start"].as_u64().expect("start") as usize;
            let end = e["end"].as_u64().expect("end") as usize;
            let found = hits
                .iter()
                .any(|h| kind(h) == k && h.span.start == start && h.span.end == end);
            let entry = tally.entry(k.clone()).or_default();
            entry.0 += 1;
            if found {
                entry.1 += 1;
            } else {
                misses.push(format!("{id}: {k} {start}..{end}"));
            }
        }
        for h in &hits {
            let planted = expected.iter().any(|e| {
                e["start"].as_u64() == Some(h.span.start as u64)
                    && e["end"].as_u64() == Some(h.span.end as u64)
            });
            if !planted {
                *extra.entry(kind(h)).or_default() += 1;
            }
        }
    }
    println!("recall on {} planted sentences:", rows.len());
    for (k, (want, got)) in &tally {
        println!("  {k:<18} {got}/{want} = {:.3}", *got as f64 / *want as f64);
    }
    println!("hits that were not planted: {extra:?}");
    for miss in &misses {
        println!("  missed {miss}");
    }
    for (k, (want, got)) in &tally {
        if k != "namn" {
            assert_eq!(got, want, "recall for {k} is below 1.0: {misses:?}");
        }
    }
    let names = tally.get("namn").copied().unwrap_or_default();
    assert!(
        names.0 > 0 && names.1 * 10 >= names.0 * 9,
        "name recall below 0.9"
    );
    assert!(extra.is_empty(), "hits that were not planted: {extra:?}");
}

#[test]
fn no_false_positives_on_lookalikes() {
    let gate = Gate::new();
    let rows = records("lookalikes.jsonl");
    assert!(
        rows.len() >= 100,
        "lookalikes.jsonl has {} rows",
        rows.len()
    );
    let mut false_positives = Vec::new();
    for row in &rows {
        let id = row["id"].as_str().expect("id");
        let text = row["text"].as_str().expect("text");
        for h in gate.scan(text) {
            false_positives.push(format!(
                "{id}: {} {}..{}",
                kind(&h),
                h.span.start,
                h.span.end
            ));
        }
    }
    println!(
        "false positives on {} look-alike sentences: {}",
        rows.len(),
        false_positives.len()
    );
    assert!(false_positives.is_empty(), "{false_positives:#?}");
}
