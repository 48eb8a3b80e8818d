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
    (
        &["review", "--index", "ix", "--from", "2025-02-30"],
        "--from \"2025-02-30\" is not a date",
    ),
    (
        &["review", "--index", "ix", "--to", "2025-04-31"],
        "--to \"2025-04-31\" is not a date",
    ),
    (
        &["review", "--index", "ix", "--from", "2025-02-29"],
        "--from \"2025-02-29\" is not a date",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--from",
            "2025-03-01",
            "--to",
            "2025-01-01",
        ],
        "--from 2025-03-01 is after --to 2025-01-01",
    ),
    (
        &["review", "--index", "ix", "--from", PNR],
        "--from \"[PERSONNUMMER]\" is not a date",
    ),
    (
        &["review", "--index", "ix", "--unit", ""],
        "--unit is empty",
    ),
    (
        &["review", "--index", "ix", "--unit", "Nrr"],
        "--unit \"Nrr\": no document in the index ix has this unit (names are matched exactly); the units in the index are: Norr",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--unit",
            "Norr",
            "--unit",
            "Anna Svensson",
        ],
        "--unit \"[NAMN]\": no document in the index ix has this unit",
    ),
    (
        &["review", "--index", "ix", "--unit", EMAIL],
        "--unit holds a personnummer, phone number, e-mail or address",
    ),
    (
        &["review", "--index", "ix", "--area", ""],
        "--area is empty",
    ),
    (
        &["review", "--index", "ix", "--area", EMAIL],
        "--area holds a personnummer, phone number, e-mail or address",
    ),
    (
        &["review", "--index", "ix", "--area", PNR],
        "--area holds a personnummer, phone number, e-mail or address",
    ),
    (
        &["review", "--index", "ix", "--area", "Kvarngatan 14"],
        "--area holds a personnummer, phone number, e-mail or address",
    ),
    (
        &["review", "--index", "ix", "--area", "hemlöshet"],
        "--area \"hemlöshet\": no document in the index ix has this area; the areas in the index are: barn_unga",
    ),
    (
        &["review", "--index", "ix", "--area", "missbruk"],
        "--area \"missbruk\": no document in the index ix has this area",
    ),
    (
        &["review", "--index", "ix", "--goals", "nope.toml"],
        "cannot read the goals file nope.toml",
    ),
    (
        &["review", "--index", "ix", "--goals", "good.txt"],
        "good.txt:1:",
    ),
    (
        &["review", "--index", "ix", "--compare-from", "2024-01-01"],
        "--compare-to",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--compare-from",
            "2024-01-01",
            "--compare-to",
            "2024-02-01",
        ],
        "--compare-from/--compare-to need --from and --to",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-01",
            "--compare-from",
            "2024-02-30",
            "--compare-to",
            "2024-03-31",
        ],
        "--compare-from \"2024-02-30\" is not a date",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-01",
            "--compare-from",
            "2024-01-01",
            "--compare-to",
            "2024-02-29x",
        ],
        "--compare-to \"2024-02-29x\" is not a date",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-01",
            "--compare-from",
            "2024-03-01",
            "--compare-to",
            "2024-02-01",
        ],
        "--compare-from 2024-03-01 is after --compare-to 2024-02-01",
    ),
    (
        &[
            "review",
            "--index",
            "ix",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-01",
            "--compare-from",
            "2024-12-01",
            "--compare-to",
            "2025-01-15",
        ],
        "the periods overlap or are in the wrong order",
    ),
    (&["review", "--index", "ix", "--discussion"], "--out"),
    // rules and eval
    (&["rules", "explain", "no-such-rule"], "no-such-rule"),
    (&["rules", "list", "--format", "xml"], "--format"),
    (&["eval", "nope.jsonl"], "nope.jsonl"),
    (&["eval", "good.txt"], "good.txt"),
    (
        &["rules", "stats", "--index", "ix", "--format", "xml"],
        "--format",
    ),
    (
        &["rules", "stats", "--index", "nope"],
        "cannot open the index at nope; ingest documents first",
    ),
    (
        &["rules", "stats", "--index", "good.txt"],
        "good.txt: is a file, not a folder; pass --index with a folder",
    ),
    // check
    (
        &["check", "good.txt", "--area", EMAIL],
        "--area holds a personnummer, phone number, e-mail or address",
    ),
    (&["check", "good.txt", "--area", " "], "--area is empty"),
    // ingest
    (
        &["ingest", "--index", "ix", "good.jsonl", "--map", "text="],
        "--map \"text=\": the column name after `=` is empty",
    ),
    (
        &["ingest", "--index", "ix", "good.jsonl", "--drop-field", ""],
        "--drop-field number 1 is empty",
    ),
    // serve: every case is refused before it listens
    (
        &["serve", "--index", "ix", "--addr", "localhost:80"],
        "invalid value 'localhost:80' for '--addr <ADDR>'",
    ),
    (
        &["serve", "--index", "ix", "--addr", "0.0.0.0"],
        "--addr 0.0.0.0: serve listens on a loopback address",
    ),
    (
        &["serve", "--index", "ix", "--port", "65536"],
        "invalid value '65536' for '--port <N>'",
    ),
    (
        &["serve", "--index", "ix", "--port", "-1"],
        "unexpected argument '-1'",
    ),
    (
        &["serve", "--index", "ix", "--port", "http"],
        "invalid value 'http' for '--port <N>'",
    ),
    (
        &["serve", "--index", "ix", "--by", EMAIL],
        "--by: decided_by: a role is one lower-case word",
    ),
    (
        &["serve", "--index", "ix", "--by", "Anna Svensson"],
        "--by: decided_by: a role is one lower-case word",
    ),
    (
        &["serve", "--index", "ix", "--by", ""],
        "--by: decided_by: give a role",
    ),
    (
        &["serve", "--index", "nope", "--port", "0"],
        "cannot open the index at nope",
    ),
    (
        &["serve", "--index", "ix", "--port", "0", "--rules", "nope"],
        "nope: not a folder of rules",
    ),
    // triage
    (
        &["triage", "list", "--index", "ix", "--scope", "alla-utom"],
        "--scope",
    ),
    (
        &["triage", "list", "--index", "ix", "--verdict", "maybe"],
        "--verdict",
    ),
    (
        &["triage", "list", "--index", "ix", "--format", "xml"],
        "--format",
    ),
    (
        &["triage", "list", "--index", "ix", "--rule", "no-such-rule"],
        "--rule \"no-such-rule\": no such rule in the pack",
    ),
    (
        &["triage", "list", "--index", "nope"],
        "cannot open the index at nope",
    ),
    (
        &["triage", "list", "--index", "ix", "--unit", "Nrr"],
        "--unit \"Nrr\": no document in the index ix has this unit (names are matched exactly); the units in the index are: Norr",
    ),
    (
        &["triage", "list", "--index", "ix", "--unit", "Anna Svensson"],
        "--unit \"[NAMN]\": no document in the index ix has this unit",
    ),
    (
        &["triage", "list", "--index", "ix", "--unit", " "],
        "--unit is empty",
    ),
    (
        &["triage", "list", "--index", "ix", "--unit", PNR],
        "--unit holds a personnummer, phone number, e-mail or address",
    ),
    (&["triage", "keep", "--index", "ix"], "<FP>"),
    (
        &["triage", "keep", "--index", "ix", "zz"],
        "\"zz\" is not a fingerprint",
    ),
    (
        &["triage", "keep", "--index", "ix", PNR],
        "\"[PERSONNUMMER]\" is not a fingerprint",
    ),
    (
        &[
            "triage",
            "dismiss",
            "--index",
            "ix",
            "abcdef12",
            "Anna Svensson",
            "--reason",
            "citat",
        ],
        "\"[NAMN]\" is not a fingerprint",
    ),
    (
        &["triage", "keep", "--index", "ix", "abcdef12", "--by", EMAIL],
        "--by: decided_by: a role is one lower-case word",
    ),
    (
        &["triage", "dismiss", "--index", "ix", "abcdef12"],
        "--reason",
    ),
    (
        &[
            "triage", "dismiss", "--index", "ix", "abcdef12", "--reason", "tråkig",
        ],
        "--reason/--note: reason: \"tråkig\" is not a reason",
    ),
    (
        &[
            "triage", "dismiss", "--index", "ix", "abcdef12", "--reason", "annat",
        ],
        "--reason/--note: note: the reason annat needs a short note",
    ),
    (
        &[
            "triage", "dismiss", "--index", "ix", "abcdef12", "--reason", "annat", "--note", PHONE,
        ],
        "--reason/--note: note: the identifier gate found a telefon in it",
    ),
    (
        &["triage", "export", "--index", "ix", "--out", "sub"],
        "cannot write sub",
    ),
    (
        &["triage", "export", "--index", "ix", "--out", "nodir/x.csv"],
        "cannot write nodir/x.csv",
    ),
    (
        &["triage", "import", "--index", "ix", "nope.csv"],
        "cannot read nope.csv",
    ),
    (
        &["triage", "import", "--index", "ix", "good.txt"],
        "good.txt: 1 row(s) refused, nothing imported",
    ),
    (
        &[
            "triage", "import", "--index", "ix", "good.txt", "--by", EMAIL,
        ],
        "--by: decided_by: a role is one lower-case word",
    ),
    // merge
    (&["merge"], "<COUNTS>"),
    (
        &["merge", "nope.json"],
        "nope.json: cannot read the counts file",
    ),
    (
        &["merge", "good.jsonl"],
        "good.jsonl: not a jamkoll counts file",
    ),
    (&["merge", "sub/counts.json", "--format", "pdf"], "--format"),
    (&["merge", "sub/counts.json", "--lang", "de"], "--lang"),
    (
        &["merge", "sub/counts.json", "--min-cell", "0"],
        "--min-cell must be at least 1",
    ),
    (
        &["merge", "sub/counts.json", "--alpha", "1"],
        "--alpha must be between 0 and 1",
    ),
    (
        &["merge", "sub/counts.json", "--format", "html"],
        "give --out DIR",
    ),
    (
        &["merge", "sub/counts.json", "--out", "good.txt"],
        "cannot create the output folder good.txt",
    ),
    (
        &["merge", "sub/counts.json", "sub/counts.json"],
        "a file given twice would be counted twice",
    ),
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

/// Identifiers the cases give as flag values; none may be echoed, in any form.
const PNR: &str = "850312-1231";
const EMAIL: &str = "anna.svensson@example.se";
const PHONE: &str = "070-123 45 67";
const NEVER_SHOWN: &[&str] = &[
    PNR,
    "850312_1231",
    "8503121231",
    EMAIL,
    PHONE,
    "Anna Svensson",
    "anna_svensson",
];

#[test]
fn every_flag_with_a_bad_value_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    write(tmp.path(), "good.txt", "Hon söker arbete.\n");
    let with_area = serde_json::json!({"id": "g3", "unit": "Norr", "client_gender": "kvinna",
        "area": "Barn och unga", "text": "Hon söker arbete."});
    write(tmp.path(), "area.jsonl", with_area.to_string());
    ingest(tmp.path(), &["good.jsonl", "area.jsonl"]).assert_exit(0);
    // A counts file for `merge`, written in a folder that also serves as a bad `--out` file.
    jamkoll(
        tmp.path(),
        &[
            "review", "--index", "ix", "--quiet", "--format", "counts", "--out", "sub",
        ],
    )
    .assert_exit(0);
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
        for value in NEVER_SHOWN {
            if run.stderr.contains(value) || run.stdout.contains(value) {
                failures.push(format!(
                    "jamkoll {}: echoes {value:?}:\n{}{}",
                    args.join(" "),
                    run.stdout,
                    run.stderr
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(
        before,
        snapshot(tmp.path()),
        "a refused command wrote something"
    );
}

/// Names and sizes of every file under `dir`. `verdicts.lock` counts too: `triage keep`,
/// `dismiss` and `import` check fingerprints and the CSV file before they take the verdicts'
/// lock (whose file the lock creates), so a refused one creates nothing.
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

/// `--index` naming a file is said once, by every command that takes `--index` (the I/O
/// error was once both in the message and its source, so it was printed twice); `rules
/// stats` says it too instead of reading the verdicts under it.
#[test]
fn an_index_that_is_a_file_is_said_once_by_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    write(tmp.path(), "afile", "not an index");
    let said = "afile: is a file, not a folder; pass --index with a folder";
    let mut failures = Vec::new();
    for args in [
        &["ingest", "--index", "afile", "good.jsonl"][..],
        &["search", "--index", "afile", "arbete"],
        &["info", "--index", "afile"],
        &["review", "--index", "afile"],
        &["triage", "list", "--index", "afile"],
        &["serve", "--index", "afile", "--port", "0"],
        &["rules", "stats", "--index", "afile"],
        &["delete", "--index", "afile", "--id", "g1"],
        &["gallra", "--index", "afile", "--before", "2020-01-01"],
    ] {
        let run = jamkoll(tmp.path(), args);
        run.assert_no_panic();
        if run.code != Some(2) || run.stderr.matches(said).count() != 1 {
            failures.push(format!(
                "jamkoll {}: exit {:?}, expected 2 and {said:?} once in\n{}",
                args.join(" "),
                run.code,
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("afile")).unwrap(),
        "not an index"
    );
}
