//! `jamkoll delete` and `jamkoll gallra` with triage verdicts: a dry run counts the verdicts it
//! would drop, as the real run does; and the verdicts' lock keeps a delete and another writer
//! apart (the other waits, or the delete stops, says who holds the lock and removes nothing).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use jamkoll_redact::Gate;
use jamkoll_triage::{DecidedBy, Decision, Verdict, VerdictStore, fingerprint, now_utc};

mod common;
use common::{jamkoll, text};

/// Four documents, two dated before 2020.
fn corpus(dir: &Path) {
    let lines: Vec<String> = [
        ("a", "2019-01-10"),
        ("b", "2019-05-02"),
        ("c", "2023-03-03"),
        ("d", "2024-04-04"),
    ]
    .iter()
    .map(|(id, date)| {
        serde_json::json!({
            "id": id, "unit": "Norr", "client_gender": "kvinna", "date": date,
            "text": "Hon påstår att hyran är betald.",
        })
        .to_string()
    })
    .collect();
    std::fs::write(dir.join("in.jsonl"), lines.join("\n") + "\n").expect("write corpus");
    let out = jamkoll(dir, &["ingest", "--quiet", "--index", "ix", "in.jsonl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// Asserts that standard output holds `line`.
fn says(out: &std::process::Output, line: &str) {
    let stdout = text(&out.stdout);
    assert!(stdout.contains(line), "{stdout}\n{}", text(&out.stderr));
}

/// `n` verdicts on document `doc`.
fn verdicts_on(store: &mut VerdictStore, doc: &str, n: usize) {
    let gate = Gate::new();
    for i in 0..n {
        store
            .record(Verdict {
                fingerprint: fingerprint("tvivelsverb", doc, &format!("Mening {i}.")),
                rule: "tvivelsverb".to_string(),
                doc_id: doc.to_string(),
                verdict: Decision::Keep,
                reason: None,
                decided_by: DecidedBy::new("forskningscirkel", &gate).expect("role"),
                decided_at: now_utc(),
            })
            .expect("record");
    }
}

#[test]
fn a_dry_run_counts_the_verdicts_the_real_run_removes() {
    let work = tempfile::tempdir().expect("tempdir");
    let dir = work.path();
    corpus(dir);
    let ix = dir.join("ix");
    let mut store = VerdictStore::load(&ix).expect("verdicts");
    verdicts_on(&mut store, "a", 2);
    verdicts_on(&mut store, "c", 3);
    verdicts_on(&mut store, "gone", 1);

    let dry = jamkoll(
        dir,
        &[
            "delete",
            "--index",
            "ix",
            "--id",
            "c",
            "--id",
            "gone",
            "--dry-run",
        ],
    );
    assert_eq!(dry.status.code(), Some(1), "{}", text(&dry.stderr));
    says(
        &dry,
        "would remove 1 document(s) and their findings; would remove 4 verdict(s) (dry run: nothing was removed)",
    );
    assert_eq!(VerdictStore::load(&ix).expect("verdicts").len(), 6);

    let dry = jamkoll(
        dir,
        &[
            "gallra",
            "--index",
            "ix",
            "--before",
            "2020-01-01",
            "--dry-run",
        ],
    );
    says(
        &dry,
        "would remove 2 document(s) dated before 2020-01-01 and their findings; would remove 2 verdict(s)",
    );

    // The real runs remove what the dry runs counted.
    let real = jamkoll(
        dir,
        &["delete", "--index", "ix", "--id", "c", "--id", "gone"],
    );
    says(
        &real,
        "removed 1 document(s) and their findings; removed 4 verdict(s)",
    );
    let real = jamkoll(dir, &["gallra", "--index", "ix", "--before", "2020-01-01"]);
    says(
        &real,
        "removed 2 document(s) dated before 2020-01-01 and their findings; removed 2 verdict(s)",
    );
    assert!(VerdictStore::load(&ix).expect("verdicts").is_empty());
}

/// The corpus ingested, with one verdict on "a" recorded by a store that keeps the lock.
fn locked_index() -> (tempfile::TempDir, std::path::PathBuf, VerdictStore) {
    let work = tempfile::tempdir().expect("tempdir");
    corpus(work.path());
    let ix = work.path().join("ix");
    let mut held = VerdictStore::open_for_writing(&ix).expect("lock");
    verdicts_on(&mut held, "a", 1);
    (work, ix, held)
}

#[test]
fn a_delete_waits_for_the_verdicts_lock_and_drops_verdicts_recorded_meanwhile() {
    // Another writer (a serve, a triage) holds the lock and records verdicts while the delete
    // starts; the delete waits, then removes them too.
    let (_work, ix, mut held) = locked_index();
    let delete = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(["delete", "--index"])
        .arg(&ix)
        .args(["--id", "a", "--id", "b"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jamkoll runs");
    std::thread::sleep(Duration::from_millis(700));
    verdicts_on(&mut held, "b", 2);
    verdicts_on(&mut held, "d", 1);
    drop(held);
    let out = delete.wait_with_output().expect("delete ends");
    assert!(out.status.success(), "{}", text(&out.stderr));
    says(
        &out,
        "removed 2 document(s) and their findings; removed 3 verdict(s)",
    );
    let left = VerdictStore::load(&ix).expect("verdicts");
    assert_eq!(left.len(), 1);
    assert_eq!(left.count_documents(&["d"]), 1);
}

#[test]
fn a_delete_that_cannot_get_the_lock_says_who_holds_it_and_removes_nothing() {
    let (work, ix, held) = locked_index();
    let dir = work.path();
    let out = jamkoll(dir, &["delete", "--index", "ix", "--id", "a"]);
    drop(held);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("nothing was removed")
            && err.contains(&format!("(process {})", std::process::id()))
            && err.contains("waited 10 s")
            && err.contains("Run the command again"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // The document and its verdict are still there.
    let search = jamkoll(dir, &["info", "--index", "ix"]);
    says(&search, "documents: 4");
    assert_eq!(VerdictStore::load(&ix).expect("verdicts").len(), 1);
}
