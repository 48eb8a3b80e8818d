//! Every command-line flag given a bad value: exit 2, a message naming the flag, no panic,
//! and nothing written.

use crate::{good_lines, ingest, jamkoll, write};

/// `(arguments, a part of the message that names the flag or the value's problem)`.
const CASES: &[(&[&str], &str)] = &[
    // ingest
    (
        &["ingest", "--index", "ix", "good.jsonl", "--format", "xml"],
        "--format",
    ),
    (
        &[
            "ingest",
            "--index",
            "ix",
            "good.jsonl",
            "--encoding",
            "klingon",
        ],
        "--encoding \"klingon\" is not an encoding",
    ),
    (
        &["ingest", "--index", "ix", "good.jsonl", "--map", "unit"],
        "--map \"unit\" must be FIELD=COLUMN",
    ),
    (
        &[
            "ingest",
            "--index",
            "ix",
            "good.jsonl",
            "--map",
            "enhet=Enhet",
        ],
        "\"enhet\" is not a record field",
    ),
    (
        &[
            "ingest",
            "--index",
            "ix",
            "good.jsonl",
            "--on-identifier",
            "ignore",
        ],
        "--on-identifier",
    ),
    (
        &[
            "ingest",
            "--index",
            "ix",
            "good.jsonl",
            "--commit-every",
            "0",
        ],
        "--commit-every must be at least 1",
    ),
    (
        &[
            "ingest",
            "--index",
            "ix",
            "good.jsonl",
            "--commit-every",
            "-5",
        ],
        "unexpected argument '-5'",
    ),
    (
        &[
            "ingest",
            "--index",
            "ix",
            "good.jsonl",
            "--commit-every",
            "many",
        ],
        "--commit-every",
    ),
    (&["ingest", "--index", "ix"], "PATH"),
    (&["ingest", "--index", "", "good.jsonl"], "--index"),
    // search
    (
        &["search", "--index", "ix", "arbete", "--gender", "alien"],
        "--gender",
    ),
    (
        &["search", "--index", "ix", "arbete", "--limit", "-1"],
        "unexpected argument '-1'",
    ),
    (
        &["search", "--index", "ix", "arbete", "--limit", "ten"],
        "--limit",
    ),
    (
        &["search", "--index", "ix", "arbete", "--format", "xml"],
        "--format",
    ),
    (
        &["search", "--index", "ix", "\"unclosed"],
        "the query is not valid",
    ),
    (
        &["search", "--index", "ix", "text:(arbete"],
        "the query is not valid",
    ),
    // info
    (&["info", "--index", "ix", "--format", "yaml"], "--format"),
    // check
    (&["check", "good.txt", "--gender", "alien"], "--gender"),
    (&["check", "good.txt", "--format", "xml"], "--format"),
    (&["check", "good.txt", "--lang", "de"], "--lang"),
    (&["check", "nope.txt"], "nope.txt"),
    (&["check", "good.txt", "--config", "nope.toml"], "nope.toml"),
    (&["check", "good.txt", "--rules", "nope"], "nope"),
    // review
    (&["review", "--index", "ix", "--format", "pdf"], "--format"),
    (&["review", "--index", "ix", "--lang", "de"], "--lang"),
    (
        &["review", "--index", "ix", "--min-cell", "0"],
        "--min-cell must be at least 1",
    ),
    (
        &["review", "--index", "ix", "--min-cell", "-3"],
        "unexpected argument '-3'",
    ),
    (
        &["review", "--index", "ix", "--alpha", "2"],
        "--alpha must be between 0 and 1",
    ),
    (
        &["review", "--index", "ix", "--alpha", "NaN"],
        "--alpha must be between 0 and 1",
    ),
    (
        &["review", "--index", "ix", "--from", "igår"],
        "--from \"igår\" is not a date",
    ),
    (
        &["review", "--index", "ix", "--to", "2024-13-45"],
        "--to \"2024-13-45\" is not a date",
    ),
    (
        &["review", "--index", "ix", "--format", "html"],
        "give --out DIR",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--out",
            "good.jsonl",
            "--format",
            "md",
        ],
        "good.jsonl",
    ),
    // rules and eval
    (&["rules", "explain", "no-such-rule"], "no-such-rule"),
    (&["rules", "list", "--format", "xml"], "--format"),
    (&["eval", "nope.jsonl"], "nope.jsonl"),
    (&["eval", "good.txt"], "good.txt"),
    // delete and gallra
    (&["delete", "--index", "ix"], "--id"),
    (
        &["delete", "--index", "ix", "--id", ""],
        "--id number 1 is empty",
    ),
    (
        &["delete", "--index", "ix", "--ids-from", "nope.txt"],
        "--ids-from nope.txt: cannot open the file",
    ),
    (&["gallra", "--index", "ix"], "--before"),
    (
        &["gallra", "--index", "ix", "--before", "förra året"],
        "--before \"förra året\" is not a date",
    ),
    (
        &["gallra", "--index", "ix", "--before", "2024-02-30"],
        "is not a date",
    ),
    // the command itself
    (&["frobnicate"], "frobnicate"),
    (
        &["ingest", "--no-such-flag", "good.jsonl"],
        "--no-such-flag",
    ),
];

#[test]
fn every_flag_with_a_bad_value_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    write(tmp.path(), "good.txt", "Hon söker arbete.\n");
    ingest(tmp.path(), &["good.jsonl"]).assert_exit(0);
    let before = snapshot(tmp.path());
    let mut failures = Vec::new();
    for (args, expected) in CASES {
        let run = jamkoll(tmp.path(), args);
        run.assert_no_panic();
        if run.code != Some(2) || !run.stderr.contains(expected) {
            failures.push(format!(
                "jamkoll {}: exit {:?}, expected 2 and {expected:?} in\n{}",
                args.join(" "),
                run.code,
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(
        before,
        snapshot(tmp.path()),
        "a refused command wrote something"
    );
}

/// Names and sizes of every file under `dir`.
fn snapshot(dir: &std::path::Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                out.push((entry.path().display().to_string(), meta.len()));
            }
        }
    }
    out.sort();
    out
}
