//! End-to-end tests of `jamkoll review --format counts` and `jamkoll merge`: the demo corpus split
//! in three by a hash of the case id, each shard reviewed to counts, merged, and compared with one
//! review of the whole; files that cannot be merged are refused, naming the file.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{jamkoll, text};
use std::sync::OnceLock;

use serde_json::Value;

fn ok(o: &Output, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{what}: stderr: {}",
        text(&o.stderr)
    );
}

/// A stable shard of a case id (FNV-1a), as a batch scheduler would split by hash.
fn shard(case_id: &str) -> usize {
    let h = case_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (h % 3) as usize
}

/// The demo records as (line, record).
fn demo() -> Vec<(String, Value)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/assessments.jsonl");
    std::fs::read_to_string(path)
        .expect("demo corpus")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| (l.to_string(), serde_json::from_str(l).expect("demo record")))
        .collect()
}

/// What every test shares, made once: the three shards' counts and the pooled review.
struct Setup {
    dir: tempfile::TempDir,
    counts: Vec<PathBuf>,
    pooled: Value,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let records = demo();
        let mut shards = vec![Vec::new(); 3];
        for (line, rec) in &records {
            let case = rec["case_id"]
                .as_str()
                .or(rec["id"].as_str())
                .expect("case or record id");
            shards[shard(case)].push(line.clone());
        }
        assert!(shards.iter().all(|s| s.len() > 50), "three real shards");
        let counts: Vec<PathBuf> = shards
            .iter()
            .enumerate()
            .map(|(i, lines)| {
                let file = dir.path().join(format!("shard{i}.jsonl"));
                std::fs::write(&file, lines.join("\n") + "\n").expect("write shard");
                let o = jamkoll(
                    dir.path(),
                    &[
                        "review",
                        &file.to_string_lossy(),
                        "--index",
                        &format!("idx{i}"),
                        "--format",
                        "counts",
                        "--out",
                        &format!("counts{i}"),
                        "--quiet",
                    ],
                );
                ok(&o, "review --format counts");
                dir.path().join(format!("counts{i}/counts.json"))
            })
            .collect();
        let all = dir.path().join("all.jsonl");
        let lines: Vec<&str> = records.iter().map(|(l, _)| l.as_str()).collect();
        std::fs::write(&all, lines.join("\n") + "\n").expect("write corpus");
        let o = jamkoll(
            dir.path(),
            &[
                "review",
                &all.to_string_lossy(),
                "--index",
                "idx-all",
                "--format",
                "json",
                "--quiet",
            ],
        );
        ok(&o, "pooled review");
        let pooled = serde_json::from_slice(&o.stdout).expect("pooled review is JSON");
        Setup {
            dir,
            counts,
            pooled,
        }
    })
}

fn merge(extra: &[&str], files: &[&Path]) -> Output {
    let s = setup();
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    jamkoll(s.dir.path(), &args)
}

fn shard_files() -> Vec<&'static Path> {
    setup().counts.iter().map(PathBuf::as_path).collect()
}

#[test]
fn three_shards_merge_to_exactly_the_pooled_review() {
    let s = setup();
    let o = merge(&["--allow-split-units", "--format", "json"], &shard_files());
    ok(&o, "merge");
    let mut merged: Value = serde_json::from_slice(&o.stdout).expect("merged report is JSON");
    let note = merged
        .as_object_mut()
        .and_then(|m| m.remove("merged"))
        .expect("a merged report says so");
    assert_eq!(note["files"], 3);

    // The pooled review shows excerpts for flagged rows; merge shows none (no text crosses the
    // boundary). Everything else (every count, rate, interval, p, q, flag, the fingerprint and
    // the questions) must be the same.
    let mut pooled = s.pooled.clone();
    let mut excerpts = 0;
    for u in pooled["units"].as_array_mut().expect("units") {
        excerpts += u["excerpts"].as_array().map_or(0, Vec::len);
        u["excerpts"] = Value::Array(Vec::new());
    }
    assert!(
        excerpts > 0,
        "the pooled review shows excerpts, so they were removed"
    );
    assert!(
        pooled["tests"]["flagged"].as_u64().unwrap_or(0) > 0,
        "the demo has flagged rows, so flags are compared"
    );
    assert!(merged["units"].as_array().is_some_and(|u| u.len() == 5));
    if merged != pooled {
        // Name the first difference rather than print two long documents.
        let (m, p) = (merged.to_string(), pooled.to_string());
        let at = m.bytes().zip(p.bytes()).take_while(|(a, b)| a == b).count();
        panic!(
            "merged differs from pooled at byte {at}: ...{}... vs ...{}...",
            m.get(at.saturating_sub(80)..(at + 80).min(m.len()))
                .unwrap_or(""),
            p.get(at.saturating_sub(80)..(at + 80).min(p.len()))
                .unwrap_or("")
        );
    }
}

#[test]
fn every_format_renders_and_says_there_are_no_excerpts() {
    let s = setup();
    let o = merge(&["--allow-split-units"], &shard_files());
    ok(&o, "merge md");
    let md = text(&o.stdout);
    assert!(md.contains("Sammanslagen från 3 räknefiler"), "{md}");
    assert!(md.contains("Inga utdrag: bara räknetabeller"));
    let o = merge(&["--allow-split-units", "--lang", "en"], &shard_files());
    ok(&o, "merge md en");
    assert!(text(&o.stdout).contains("Merged from 3 counts files"));
    let o = merge(&["--allow-split-units", "--format", "csv"], &shard_files());
    ok(&o, "merge csv");
    assert!(text(&o.stdout).lines().count() > 10);
    let o = merge(
        &["--allow-split-units", "--format", "html", "--out", "html"],
        &shard_files(),
    );
    ok(&o, "merge html");
    let index = std::fs::read_to_string(s.dir.path().join("html/index.html")).expect("index");
    assert!(index.contains("Sammanslagen"));
}

#[test]
fn merged_counts_merge_again_in_steps() {
    let s = setup();
    let files = shard_files();
    let o = merge(
        &["--allow-split-units", "--format", "counts", "--out", "step"],
        &files[..2],
    );
    ok(&o, "merge to counts");
    let step = s.dir.path().join("step/counts.json");
    let o = merge(
        &["--allow-split-units", "--format", "json"],
        &[&step, files[2]],
    );
    ok(&o, "merge in steps");
    let o2 = merge(&["--allow-split-units", "--format", "json"], &files);
    let strip = |o: &Output| {
        let mut v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        v.as_object_mut().and_then(|m| m.remove("merged"));
        v
    };
    assert_eq!(strip(&o), strip(&o2));
}

#[test]
fn counts_files_are_private_and_hold_no_text_or_ids() {
    let s = setup();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let file = &s.counts[0];
        let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(file), 0o600);
        assert_eq!(mode(file.parent().expect("dir")), 0o700);
    }
    let all: String = s
        .counts
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("counts"))
        .collect();
    assert!(all.contains("\"sensitive\": true"));
    for (_, rec) in demo() {
        for key in ["id", "case_id"] {
            if let Some(id) = rec[key].as_str() {
                assert!(!all.contains(&format!("\"{id}\"")), "{key} in counts");
            }
        }
        // No piece of any text either (a sentence's first 40 characters).
        let body = rec["text"].as_str().unwrap_or("");
        for sentence in body.split(['.', '\n']).filter(|s| s.chars().count() >= 40) {
            let head: String = sentence.trim().chars().take(40).collect();
            assert!(!all.contains(&head), "text in counts");
        }
    }
}

#[test]
fn counts_on_standard_output_come_with_a_warning() {
    let s = setup();
    let o = jamkoll(
        s.dir.path(),
        &["review", "--index", "idx0", "--format", "counts"],
    );
    ok(&o, "counts to stdout");
    assert!(text(&o.stdout).contains("\"format\": \"jamkoll-counts\""));
    assert!(text(&o.stderr).contains("unsuppressed"));
}

#[test]
fn a_unit_in_two_files_is_refused_without_allow_split_units() {
    let o = merge(&[], &shard_files());
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("counts1/counts.json"), "{err}");
    assert!(err.contains("--allow-split-units"), "{err}");
}

#[test]
fn another_rule_pack_is_refused_naming_the_file() {
    let s = setup();
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(&s.counts[2]).expect("counts"))
            .expect("JSON");
    v["rule_pack"]["hash"] = Value::String("0123456789abcdef".into());
    let other = s.dir.path().join("other-pack.json");
    std::fs::write(&other, v.to_string()).expect("write");
    let files = shard_files();
    let o = merge(&["--allow-split-units"], &[files[0], files[1], &other]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("other-pack.json"), "{err}");
    assert!(err.contains("rule-pack hash"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn corrupt_missing_and_foreign_files_are_refused_naming_them() {
    let s = setup();
    let good = std::fs::read_to_string(&s.counts[0]).expect("counts");
    let corrupt = s.dir.path().join("corrupt.json");
    std::fs::write(&corrupt, &good[..good.len() / 2]).expect("write");
    let report = s.dir.path().join("a-report.json");
    std::fs::write(&report, s.pooled.to_string()).expect("write");
    let missing = s.dir.path().join("missing.json");
    for (file, says) in [
        (&corrupt, "not a jamkoll counts file"),
        (&report, "not a jamkoll counts file"),
        (&missing, "cannot read"),
    ] {
        let o = merge(&["--allow-split-units"], &[s.counts[1].as_path(), file]);
        assert_eq!(o.status.code(), Some(2));
        let err = text(&o.stderr);
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(err.contains(name) && err.contains(says), "{err}");
    }
}
