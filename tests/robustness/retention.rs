//! Protection at rest and retention, end to end: file modes after a fresh ingest, a verdict and
//! a review; `gallra` and `delete` followed by a search and a byte scan for the removed texts,
//! with their verdicts gone too.

use std::path::Path;

use jamkoll_redact::Gate;
use jamkoll_triage::{DecidedBy, Decision, Verdict, VerdictStore, fingerprint, now_utc};

use crate::{jamkoll, record, write};

/// Words that occur in one document each, so a search or a byte scan finds exactly it; no two
/// share a prefix (the term dictionary and LZ4 store only what differs from a neighbour).
const OLD: &str = "xylofrent";
const OLDER: &str = "qwimbarl";
const NEW: &str = "zyxoprent";
const UNDATED: &str = "vujtemask";

fn corpus(dir: &Path) {
    let line = |id: &str, date: Option<&str>, word: &str| {
        let mut v: serde_json::Value = serde_json::from_str(&record(
            id,
            "kvinna",
            &format!("Hon påstår att {word} och {word} stämmer."),
        ))
        .unwrap();
        if let Some(d) = date {
            v["date"] = serde_json::json!(d);
        }
        v.to_string()
    };
    write(
        dir,
        "in.jsonl",
        [
            line("old", Some("2019-03-01"), OLD),
            line("older", Some("2018-12-31"), OLDER),
            line("new", Some("2024-01-15"), NEW),
            line("undated", None, UNDATED),
        ]
        .join("\n"),
    );
    jamkoll(dir, &["ingest", "--quiet", "--index", "ix", "in.jsonl"]).assert_exit(0);
}

fn on_disk(dir: &Path, needle: &str) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let bytes = std::fs::read(e.unwrap().path()).unwrap_or_default();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

fn verdict_on(dir: &Path, doc: &str) {
    let gate = Gate::new();
    let mut store = VerdictStore::load(&dir.join("ix")).unwrap();
    store
        .record(Verdict {
            fingerprint: fingerprint("tvivelsverb", doc, "Hon påstår att det stämmer."),
            rule: "tvivelsverb".to_string(),
            doc_id: doc.to_string(),
            verdict: Decision::Keep,
            reason: None,
            decided_by: DecidedBy::new("kvalitetsteam", &gate).unwrap(),
            decided_at: now_utc(),
        })
        .unwrap();
}

#[cfg(unix)]
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::metadata(path).unwrap();
    let mode = meta.permissions().mode() & 0o777;
    if meta.is_dir() {
        assert_eq!(mode, 0o700, "{} is {mode:o}", path.display());
        for entry in std::fs::read_dir(path).unwrap() {
            assert_private(&entry.unwrap().path());
        }
    } else {
        assert_eq!(mode, 0o600, "{} is {mode:o}", path.display());
    }
}

/// Runs jamkoll with umask 000, so every file it does not protect itself comes out 0666.
#[cfg(unix)]
fn open_umask(dir: &Path, args: &[&str]) -> crate::Run {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_jamkoll"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    crate::Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn index_verdicts_and_reports_are_private_even_with_an_open_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(dir);
    std::fs::remove_dir_all(dir.join("ix")).unwrap();
    open_umask(dir, &["ingest", "--quiet", "--index", "ix", "in.jsonl"]).assert_exit(0);
    verdict_on(dir, "new");
    // Reports, a re-ingest that writes new segments, and a delete that rewrites them.
    open_umask(
        dir,
        &["review", "--quiet", "--index", "ix", "--out", "rapport"],
    )
    .assert_exit(0);
    open_umask(
        dir,
        &[
            "review", "--quiet", "--index", "ix", "--format", "html", "--out", "html",
        ],
    )
    .assert_exit(0);
    open_umask(
        dir,
        &[
            "review", "--quiet", "--index", "ix", "--format", "json", "--out", "json",
        ],
    )
    .assert_exit(0);
    open_umask(dir, &["ingest", "--quiet", "--index", "ix", "in.jsonl"]).assert_exit(0);
    open_umask(dir, &["delete", "--index", "ix", "--id", "older"]).assert_exit(0);
    assert!(dir.join("ix/verdicts.jsonl").exists());
    for sub in ["ix", "rapport", "html", "json"] {
        assert_private(&dir.join(sub));
    }
}

#[test]
fn gallra_removes_older_documents_their_text_and_verdicts_for_good() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(dir);
    verdict_on(dir, "old");
    verdict_on(dir, "new");
    let ix = dir.join("ix");
    assert!(on_disk(&ix, OLD) && on_disk(&ix, OLDER));

    jamkoll(
        dir,
        &[
            "gallra",
            "--index",
            "ix",
            "--before",
            "2020-01-01",
            "--dry-run",
        ],
    )
    .assert_exit(0)
    .stdout_has(&[
        "would remove 2 document(s) dated before 2020-01-01 and their findings; would remove 1 verdict(s) (dry run: nothing was removed)",
        "kept 1 document(s) without a date",
    ]);
    assert!(on_disk(&ix, OLD), "a dry run removes nothing");

    jamkoll(dir, &["gallra", "--index", "ix", "--before", "2020-01-01"])
        .assert_exit(0)
        .stdout_has(&["removed 2 document(s) dated before 2020-01-01 and their findings; removed 1 verdict(s)", "kept 1 document(s) without a date"]);
    for word in [OLD, OLDER] {
        jamkoll(dir, &["search", "--index", "ix", word]).assert_exit(1);
        assert!(!on_disk(&ix, word), "{word} is still in the index files");
    }
    for word in [NEW, UNDATED] {
        jamkoll(dir, &["search", "--index", "ix", word]).assert_exit(0);
    }
    let store = VerdictStore::load(&ix).unwrap();
    assert_eq!(store.len(), 1);
    assert!(store.iter().all(|v| v.doc_id == "new"));
    assert!(
        !std::fs::read_to_string(ix.join("verdicts.jsonl"))
            .unwrap()
            .contains("\"old\"")
    );
    // Again: nothing left to cull.
    jamkoll(dir, &["gallra", "--index", "ix", "--before", "2020-01-01"])
        .assert_exit(0)
        .stdout_has(&["removed 0 document(s)"]);
}

#[test]
fn delete_removes_named_documents_for_good_and_reports_unknown_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(dir);
    verdict_on(dir, "new");
    write(dir, "ids.txt", "# to erase\nnew\n\nundated\n");
    jamkoll(
        dir,
        &[
            "delete",
            "--index",
            "ix",
            "--ids-from",
            "ids.txt",
            "--id",
            "nope",
            "--id",
            "811228-9874",
        ],
    )
    .assert_exit(1)
    .stdout_has(&[
        "removed 2 document(s) and their findings; removed 1 verdict(s)",
        "not in the index (2): [PERSONNUMMER], nope",
    ]);
    let ix = dir.join("ix");
    for word in [NEW, UNDATED] {
        jamkoll(dir, &["search", "--index", "ix", word]).assert_exit(1);
        assert!(!on_disk(&ix, word), "{word} is still in the index files");
    }
    jamkoll(dir, &["search", "--index", "ix", OLD]).assert_exit(0);
    assert!(VerdictStore::load(&ix).unwrap().is_empty());
    jamkoll(dir, &["info", "--index", "ix"])
        .assert_exit(0)
        .stdout_has(&["documents: 2"]);
}
