//! End-to-end tests of stored findings: `jamkoll ingest` stores each document's findings,
//! mentions and case facts; `jamkoll review` reads them back instead of re-running the rules,
//! recomputes only rules that changed, and gives exactly the review a full re-run gives.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::jamkoll;

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jamkoll-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/demo/assessments.jsonl")
        .display()
        .to_string()
}

fn ingest(dir: &Path, index: &str, input: &str, extra: &[&str]) {
    let mut args = vec!["ingest", input, "--index", index, "--quiet"];
    args.extend_from_slice(extra);
    ok(jamkoll(dir, &args));
}

fn review(dir: &Path, index: &str, extra: &[&str]) -> Output {
    let mut args = vec!["review", "--index", index];
    if !extra.contains(&"--format") {
        args.extend_from_slice(&["--format", "json"]);
    }
    args.extend_from_slice(extra);
    ok(jamkoll(dir, &args))
}

/// An index as an older jamkoll (or an ingest without rules) left it: no rule sets recorded,
/// so no stored findings can be read.
fn forget_stored_rules(index: &Path) {
    std::fs::remove_file(index.join("jamkoll-rules.json")).expect("the rule sets file exists");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn review_from_stored_findings_equals_review_by_rerun_on_the_demo() {
    let dir = tempdir("demo");
    ingest(&dir, "idx", &demo(), &[]);
    let stored = review(&dir, "idx", &[]);
    assert!(
        !stderr(&stored).contains("recomputed") && !stderr(&stored).contains("no stored"),
        "{}",
        stderr(&stored)
    );
    for format in ["json", "md", "csv"] {
        let a = review(&dir, "idx", &["--format", format]);
        copy_dir(&dir.join("idx"), &dir.join(format!("old-{format}")));
        forget_stored_rules(&dir.join(format!("old-{format}")));
        let b = review(&dir, &format!("old-{format}"), &["--format", format]);
        assert!(
            stderr(&b).contains("512 document(s) have no stored findings"),
            "{}",
            stderr(&b)
        );
        assert!(
            a.stdout == b.stdout,
            "{format}: stored and re-run reviews differ"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A copy of the shipped rules with `hotfull` given one more pattern, a new regex rule, and a
/// config that switches `tvivelsverb` off.
fn changed_pack(dir: &Path) -> (String, String) {
    let rules = dir.join("rules-changed");
    std::fs::create_dir_all(rules.join("kanslor")).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/kanslor/hotfull.toml");
    let text = std::fs::read_to_string(shipped).unwrap();
    let changed = text.replacen("patterns = [\n", "patterns = [\n  \"=orolig\",\n", 1);
    assert_ne!(text, changed);
    std::fs::write(rules.join("kanslor/hotfull.toml"), changed).unwrap();
    let mut new_rule = text
        .replace("id = \"hotfull\"", "id = \"ny-regel\"")
        .replacen(
            "patterns = [\n",
            "regex = [\"skol[a-zåäö]*\"]\npatterns = [\n",
            1,
        );
    // The examples belong to hotfull; the new rule is judged by the comparison below.
    if let Some(cut) = new_rule.find("\n[[flag]]") {
        new_rule.truncate(cut);
    }
    std::fs::write(rules.join("kanslor/ny-regel.toml"), new_rule).unwrap();
    let config = dir.join("changed.toml");
    std::fs::write(&config, "disable = [\"tvivelsverb\"]\n").unwrap();
    (rules.display().to_string(), config.display().to_string())
}

#[test]
fn a_changed_pack_recomputes_only_its_changes_and_equals_a_fresh_ingest() {
    let dir = tempdir("changed");
    ingest(&dir, "idx", &demo(), &[]);
    let before = review(&dir, "idx", &[]);
    let (rules, config) = changed_pack(&dir);
    let pack = ["--rules", rules.as_str(), "--config", config.as_str()];
    let changed = review(&dir, "idx", &pack);
    let note = stderr(&changed);
    assert!(
        note.contains("2 rule(s) recomputed (hotfull, ny-regel)")
            && note.contains("findings of 1 removed rule(s) dropped"),
        "{note}"
    );
    ingest(&dir, "fresh", &demo(), &pack);
    let fresh = review(&dir, "fresh", &pack);
    assert!(
        changed.stdout == fresh.stdout,
        "review with a changed pack differs from a fresh ingest with it"
    );
    assert!(stderr(&fresh).is_empty(), "{}", stderr(&fresh));
    // The change mattered: the corpus fingerprint covers every finding.
    let fingerprint = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["corpus"]["fingerprint"].clone()
    };
    assert_ne!(fingerprint(&before), fingerprint(&changed));
    // --quiet silences the note.
    let mut quiet = pack.to_vec();
    quiet.push("--quiet");
    assert!(stderr(&review(&dir, "idx", &quiet)).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Child investigations where each case has two documents that name the mother twice each
/// and never the father: per document, too few mentions for the absence rule; per case, enough.
fn absence_corpus(dir: &Path) -> String {
    let mut lines = Vec::new();
    for (gender, n) in [("kvinna", 12), ("man", 12)] {
        for case in 0..n {
            for (doc, text) in [
                "Mamman berättar om sonens skolgång. Mamman är orolig för honom.",
                "Mamman har ansökt om stöd i föräldraskapet. Mamman deltar i samtalet.",
            ]
            .iter()
            .enumerate()
            {
                lines.push(
                    serde_json::json!({
                        "id": format!("{gender}-{case}-{doc}"),
                        "case_id": format!("{gender}-{case}"),
                        "unit": "Barn Norr",
                        "client_gender": gender,
                        "area": "barn_unga",
                        "date": "2024-03-01",
                        "text": text,
                    })
                    .to_string(),
                );
            }
        }
    }
    let path = dir.join("absence.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.display().to_string()
}

fn rule_cases(report: &Output, rule: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let mut out = Vec::new();
    for unit in v["units"].as_array().unwrap() {
        for cat in unit["categories"].as_array().unwrap() {
            for r in cat["rules"].as_array().unwrap() {
                if r["rule"] == rule {
                    out.push(r["cases_with_findings"].clone());
                }
            }
        }
    }
    out
}

#[test]
fn case_level_absence_comes_from_stored_case_facts() {
    let dir = tempdir("absence");
    let input = absence_corpus(&dir);
    ingest(&dir, "idx", &input, &[]);
    let stored = review(&dir, "idx", &[]);
    let cases = rule_cases(&stored, "franvarande-foralder");
    assert_eq!(cases.len(), 1, "{cases:?}");
    assert_eq!(cases[0]["kvinna"]["value"], 12);
    assert_eq!(cases[0]["man"]["value"], 12);
    copy_dir(&dir.join("idx"), &dir.join("old"));
    forget_stored_rules(&dir.join("old"));
    let rerun = review(&dir, "old", &[]);
    assert!(stored.stdout == rerun.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn review_never_writes_to_the_index() {
    let dir = tempdir("readonly");
    ingest(&dir, "idx", &demo(), &[]);
    let listing = |p: &Path| {
        let mut v: Vec<(String, u64)> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().len(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = listing(&dir.join("idx"));
    let (rules, config) = changed_pack(&dir);
    review(&dir, "idx", &["--rules", &rules, "--config", &config]);
    assert_eq!(before, listing(&dir.join("idx")));
    let _ = std::fs::remove_dir_all(&dir);
}
