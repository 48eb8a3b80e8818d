//! End-to-end tests of the `jamkoll check` pipeline (src/cmd/check.rs): batches checked in
//! parallel and written in input order, case-level absence per record or per `case_id`, and
//! the messages for bad lines. Run against the engine's test pack, so they do not move with
//! the shipped pack.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::text;

fn test_pack() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("crates/jamkoll_rules/tests/data/pack")
        .display()
        .to_string()
}

/// Runs `jamkoll check` in `dir` with `threads` rayon threads.
fn check(dir: &Path, threads: usize, args: &[&str]) -> Output {
    let pack = test_pack();
    Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .arg("check")
        .args(args)
        .args(["--only-rules", &pack])
        .env("RAYON_NUM_THREADS", threads.to_string())
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the jamkoll binary runs")
}

/// A JSON Lines record.
fn rec(id: &str, case: Option<&str>, gender: &str, area: &str, body: &str) -> String {
    let mut v = serde_json::json!({
        "id": id, "client_gender": gender, "area": area, "text": body,
    });
    if let (Some(c), Some(o)) = (case, v.as_object_mut()) {
        o.insert("case_id".into(), c.into());
    }
    v.to_string()
}

/// (record, rule, level) of each JSON output line.
fn findings(o: &Output) -> Vec<(String, String, String)> {
    text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .map(|v| {
            (
                v["record"].as_str().unwrap_or("").to_string(),
                v["rule"].as_str().unwrap_or("").to_string(),
                v["level"].as_str().unwrap_or("document").to_string(),
            )
        })
        .collect()
}

const ABSENT_FATHER: &str =
    "Mamman berättar om sonens skolgång. Mamman är orolig. Pappan har inte kontaktats.";

/// A record without `case_id` is its own case: its case-level finding comes right after its
/// own findings, before the next record's.
#[test]
fn a_record_without_case_id_is_judged_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lines = [
        rec(
            "a",
            None,
            "kvinna",
            "barn_unga",
            &format!("Hon påstår att hon söker arbete. {ABSENT_FATHER}"),
        ),
        rec(
            "b",
            None,
            "man",
            "ekonomiskt_bistand",
            "Sökande påstår att han har sökt arbete.",
        ),
    ];
    std::fs::write(dir.path().join("in.jsonl"), lines.join("\n")).expect("write");
    let o = check(dir.path(), 2, &["in.jsonl", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        findings(&o),
        [
            ("a".into(), "tvivel".into(), "document".into()),
            ("a".into(), "franvarande-foralder".into(), "case".into()),
            ("b".into(), "tvivel".into(), "document".into()),
        ]
    );
    let first: serde_json::Value =
        serde_json::from_str(text(&o.stdout).lines().nth(1).unwrap_or("")).expect("JSON");
    assert_eq!(first["case_documents"], 1);
    assert_eq!(first["subject"], "man");
}

/// Records of one `case_id` far apart in the input are judged together at the end, anchored
/// in the record that first names the parent; neither record alone gives the finding.
#[test]
fn a_case_id_joins_records_anywhere_in_the_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lines = vec![rec(
        "k1",
        Some("case-7"),
        "kvinna",
        "barn_unga",
        "Mamman är orolig.",
    )];
    for i in 0..3000 {
        lines.push(rec(
            &format!("x{i}"),
            None,
            "kvinna",
            "missbruk",
            "Inget att se här.",
        ));
    }
    lines.push(rec(
        "k2",
        Some("case-7"),
        "kvinna",
        "barn_unga",
        "Mamman berättar om sonens skolgång.",
    ));
    lines.push(rec(
        "k3",
        Some("case-8"),
        "kvinna",
        "barn_unga",
        "Mamman är orolig.",
    ));
    std::fs::write(dir.path().join("in.jsonl"), lines.join("\n")).expect("write");
    let o = check(dir.path(), 2, &["in.jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(out.matches("franvarande-foralder").count(), 1, "{out}");
    assert!(
        out.starts_with("in.jsonl:1:1: [record k1] franvarande-foralder [osynliggorande] subjekt man, asserted\n"),
        "{out}"
    );
    assert!(
        out.contains("  = gäller hela ärendet (2 dokument)\n  | Mamman är orolig.\n  | ^^^^^^\n"),
        "{out}"
    );
    assert!(
        text(&o.stderr).contains("3003 documents, 1 findings"),
        "{}",
        text(&o.stderr)
    );
}

/// Output, messages and counts are the same on one thread and on two, across many batches,
/// and refused lines are reported in input order with their line numbers (blank lines count).
#[test]
fn output_is_the_same_on_one_thread_and_two() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lines = Vec::new();
    for i in 0..5000 {
        lines.push(match i % 7 {
            0 => rec(&format!("r{i}"), None, "man", "ekonomiskt_bistand", "Sökande påstår att han har sökt arbete."),
            1 => rec(&format!("r{i}"), Some(&format!("c{}", i % 13)), "kvinna", "barn_unga", "Mamman är orolig."),
            2 => rec(&format!("r{i}"), None, "kvinna", "barn_unga", ABSENT_FATHER),
            3 => String::new(),
            4 => format!("{{\"id\": \"r{i}\", \"client_gender\": \"alien\", \"text\": \"Hon påstår.\"}}"),
            5 => format!("{{\"id\": {i}, \"text\": \"Han var hotfull vid besöket.\", \"client_gender\": \"man\"}}"),
            _ => rec(&format!("r{i}"), None, "kvinna", "missbruk", "Hon har inte hörts av. Hon var arg."),
        });
    }
    std::fs::write(dir.path().join("in.jsonl"), lines.join("\n")).expect("write");
    let one = check(dir.path(), 1, &["in.jsonl", "--all-scopes"]);
    let two = check(dir.path(), 2, &["in.jsonl", "--all-scopes"]);
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(two.status.code(), Some(2));
    assert_eq!(text(&one.stdout), text(&two.stdout));
    assert_eq!(text(&one.stderr), text(&two.stderr));
    let err = text(&two.stderr);
    let refused: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("record skipped"))
        .collect();
    assert_eq!(refused.len(), 714);
    assert!(
        refused[0].starts_with("jamkoll: in.jsonl:5: field `client_gender`"),
        "{err}"
    );
    assert!(
        refused[1].starts_with("jamkoll: in.jsonl:12: field `client_gender`"),
        "{err}"
    );
    assert!(err.contains("jamkoll: 714 records refused"), "{err}");
    // 13 cases of "Mamman är orolig." records: each names the mother often enough.
    let out = text(&two.stdout);
    assert_eq!(
        out.matches("= gäller hela ärendet").count(),
        13 + 714,
        "{}",
        out.chars().take(2000).collect::<String>()
    );
}

/// A line that is not UTF-8 stops the run with its line number, after the findings of every
/// record before it.
#[test]
fn a_line_that_is_not_utf8_stops_the_run_where_it_stands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = Vec::new();
    for i in 0..10 {
        bytes.extend_from_slice(
            rec(
                &format!("r{i}"),
                None,
                "man",
                "ekonomiskt_bistand",
                "Sökande påstår att han har sökt arbete.",
            )
            .as_bytes(),
        );
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(b"{\"id\": \"bad\", \"text\": \"\xff\xfe\"}\n");
    bytes.extend_from_slice(
        rec(
            "after",
            None,
            "man",
            "ekonomiskt_bistand",
            "Han påstår det.",
        )
        .as_bytes(),
    );
    std::fs::write(dir.path().join("in.jsonl"), bytes).expect("write");
    let o = check(dir.path(), 2, &["in.jsonl", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("in.jsonl:11: cannot read (not UTF-8?)"),
        "{err}"
    );
    let got = findings(&o);
    assert_eq!(got.len(), 10, "{got:?}");
    assert!(got.iter().all(|(r, _, _)| r != "after"));
}

/// JSON Lines inside a folder go through the same workers: findings carry the file, a bad
/// line is refused with its file and line.
#[test]
fn json_lines_in_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).expect("mkdir");
    let lines = [
        rec(
            "f1",
            None,
            "man",
            "ekonomiskt_bistand",
            "Sökande påstår att han har sökt arbete.",
        ),
        "{\"id\": \"f2\"}".to_string(),
        rec("f3", None, "kvinna", "barn_unga", ABSENT_FATHER),
    ];
    std::fs::write(notes.join("a.jsonl"), lines.join("\n")).expect("write");
    let o = check(dir.path(), 2, &["notes", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("a.jsonl:2: field `text` is missing or not a string; record skipped"),
        "{err}"
    );
    assert_eq!(
        findings(&o),
        [
            ("f1".into(), "tvivel".into(), "document".into()),
            ("f3".into(), "franvarande-foralder".into(), "case".into()),
        ]
    );
    assert!(text(&o.stdout).lines().all(|l| l.contains("a.jsonl")));
}

/// A file named by a personnummer is shown as ingest shows it, `[PERSONNUMMER].txt`, in the
/// text findings, the JSON `file` field and the messages about bad records.
#[test]
fn an_identifier_in_the_input_path_is_shown_as_its_placeholder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("850312-1231.txt"),
        "Hon påstår att hon söker arbete.\n",
    )
    .expect("write");
    let o = check(dir.path(), 1, &["850312-1231.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("[PERSONNUMMER].txt:1:"), "{out}");
    let o = check(dir.path(), 1, &["850312-1231.txt", "--format", "json"]);
    let line: serde_json::Value =
        serde_json::from_str(text(&o.stdout).lines().next().unwrap_or("")).expect("JSON");
    assert_eq!(line["file"], "[PERSONNUMMER].txt");

    let bad = rec("r1", None, "kvinnan", "barn_unga", "Hon påstår det.");
    std::fs::write(dir.path().join("850312-1231.jsonl"), bad).expect("write");
    let o = check(dir.path(), 1, &["850312-1231.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("[PERSONNUMMER].jsonl:1: field `client_gender`"),
        "{}",
        text(&o.stderr)
    );
    let o = check(dir.path(), 1, &["811228-9874.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("cannot open [PERSONNUMMER].txt"),
        "{}",
        text(&o.stderr)
    );
    let all = text(&o.stdout) + &text(&o.stderr);
    assert!(!all.contains("811228"), "{all}");
}

/// A gender `check` does not know is shown as ingest shows it: a short lower-case word is
/// echoed, anything that could be a name or a number is not (JSON Lines and CSV alike).
#[test]
fn a_bad_gender_is_echoed_only_when_it_cannot_identify_anyone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lines = [
        rec(
            "r1",
            None,
            "kvinna Anna Svensson",
            "barn_unga",
            "Hon påstår det.",
        ),
        rec("r2", None, "850312-1231", "barn_unga", "Hon påstår det."),
        rec("r3", None, "kvinnan", "barn_unga", "Hon påstår det."),
    ];
    std::fs::write(dir.path().join("in.jsonl"), lines.join("\n")).expect("write");
    std::fs::write(
        dir.path().join("in.csv"),
        "id;client_gender;text\nr1;kvinna Anna Svensson;Hon påstår det.\nr3;kvinnan;Hon påstår det.\n",
    )
    .expect("write");
    let hidden = "unknown gender; expected kvinna, man, annat or okänt";
    let shown = "unknown gender \"kvinnan\"; expected kvinna, man, annat or okänt";
    for (input, expected) in [
        (
            "in.jsonl",
            [
                format!("in.jsonl:1: field `client_gender`: {hidden}"),
                format!("in.jsonl:2: field `client_gender`: {hidden}"),
                format!("in.jsonl:3: field `client_gender`: {shown}"),
            ],
        ),
        (
            "in.csv",
            [
                format!("in.csv:2: field `client_gender`: {hidden}"),
                format!("in.csv:3: field `client_gender`: {shown}"),
                format!("in.csv:3: field `client_gender`: {shown}"),
            ],
        ),
    ] {
        let o = check(dir.path(), 1, &[input]);
        assert_eq!(o.status.code(), Some(2));
        let err = text(&o.stderr);
        assert!(!err.contains("Anna") && !err.contains("850312"), "{err}");
        for e in expected {
            assert!(err.contains(&e), "{e:?} not in {err}");
        }
    }
}

/// `--area` is validated as ingest validates a record's area: blank, or holding an address,
/// e-mail, phone number or personnummer, it is refused without being echoed.
#[test]
fn a_bad_area_flag_is_refused_without_echo() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("in.txt"), "Hon påstår det.\n").expect("write");
    for area in [
        "",
        "  ",
        "anna.svensson@example.se",
        "850312-1231",
        "Kvarngatan 14",
    ] {
        let o = check(dir.path(), 1, &["in.txt", "--area", area]);
        assert_eq!(o.status.code(), Some(2), "--area {area:?}");
        let err = text(&o.stderr);
        assert!(err.contains("--area "), "{err}");
        assert!(
            area.trim().is_empty() || !(text(&o.stdout) + &err).contains(area),
            "{err}"
        );
    }
    let o = check(dir.path(), 1, &["in.txt", "--area", "Ekonomiskt bistånd"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// `--gender` on `check` and `search` is read as ingest reads a record's gender: a value that
/// is no gender is echoed only when it cannot identify anyone (a short lower-case word), so a
/// name or personnummer typed there is not repeated, in any form.
#[test]
fn a_bad_gender_flag_is_echoed_only_when_it_cannot_identify_anyone() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("in.txt"), "Hon påstår det.\n").expect("write");
    let search = |gender: &str| {
        Command::new(env!("CARGO_BIN_EXE_jamkoll"))
            .args(["search", "--index", "nope", "det", "--gender", gender])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("the jamkoll binary runs")
    };
    let expected = "expected kvinna, man, annat or okänt";
    for gender in [
        "Fredrika Lindqvist",
        "fredrika lindqvist",
        "850312-1231",
        "anna.svensson@example.se",
    ] {
        for o in [
            check(dir.path(), 1, &["in.txt", "--gender", gender]),
            search(gender),
        ] {
            assert_eq!(o.status.code(), Some(2), "--gender {gender:?}");
            let all = text(&o.stdout) + &text(&o.stderr);
            assert!(all.contains("field `--gender`: unknown gender; "), "{all}");
            assert!(all.contains(expected), "{all}");
            for part in ["redrika", "indqvist", "850312", "1231", "svensson"] {
                assert!(!all.contains(part), "{gender:?} echoed: {all}");
            }
        }
    }
    for o in [
        check(dir.path(), 1, &["in.txt", "--gender", "kvinnan"]),
        search("kvinnan"),
    ] {
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o.stderr).contains("field `--gender`: unknown gender \"kvinnan\"; "));
    }
    let o = check(dir.path(), 1, &["in.txt", "--gender", "Kvinna"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}
