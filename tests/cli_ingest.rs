//! End-to-end tests of `jamkoll ingest`, `jamkoll search` and `jamkoll info`: the real binary
//! on the inputs in fixtures/input, with insta snapshots of what a user sees.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A valid personnummer (date 1981-12-28, Luhn check digit 4), used only in generated test data.
const PNR: &str = "811228-9874";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn jamkoll(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("the jamkoll binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Stdout and stderr with the temporary folder replaced, for snapshots.
fn shown(o: &Output, tmp: &Path) -> String {
    let tmp = tmp.to_string_lossy();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().unwrap_or(-1),
        stdout(o),
        stderr(o)
    )
    .replace(tmp.as_ref(), "[TMP]")
}

fn index_arg(dir: &Path) -> String {
    dir.join("index").to_string_lossy().into_owned()
}

fn every_file_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(every_file_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn ingest_every_reader_and_report_per_unit_and_gender() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let out = jamkoll(&[
        "ingest",
        "fixtures/input/records.jsonl",
        "fixtures/input/records_semicolon_cp1252.csv",
        "fixtures/input/records_utf16.csv",
        "fixtures/input/txt",
        "--index",
        &ix,
    ]);
    insta::assert_snapshot!(shown(&out, tmp.path()));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn located_messages_for_every_kind_of_bad_record() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let out = jamkoll(&[
        "ingest",
        "fixtures/input/bad.jsonl",
        "fixtures/input/identifier_field.csv",
        "fixtures/input/missing.jsonl",
        "--index",
        &ix,
    ]);
    insta::assert_snapshot!(shown(&out, tmp.path()));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn strict_stops_at_the_first_refusal() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let out = jamkoll(&[
        "ingest",
        "fixtures/input/bad.jsonl",
        "--strict",
        "--index",
        &ix,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("stopped at the first problem (--strict)"));
}

#[test]
fn map_renames_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let out = jamkoll(&[
        "ingest",
        "fixtures/input/records_mapped.csv",
        "--map",
        "id=dokument",
        "--map",
        "unit=enhet",
        "--map",
        "client_gender=kon",
        "--map",
        "text=anteckning",
        "--index",
        &ix,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("read 2 records, indexed 2, refused 0"));
    let bad = jamkoll(&[
        "ingest",
        "fixtures/input/records_mapped.csv",
        "--map",
        "enhet",
        "--index",
        &ix,
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--map \"enhet\" must be FIELD=COLUMN"));
}

#[test]
fn standard_input_is_read_with_dash() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let input = std::fs::read(root().join("fixtures/input/records.jsonl")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(["ingest", "-", "--index", &ix])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(&input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("read 3 records, indexed 3"));
}

#[test]
fn search_and_info_on_the_fixtures() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let out = jamkoll(&[
        "ingest",
        "fixtures/input/records.jsonl",
        "fixtures/input/txt",
        "--quiet",
        "--index",
        &ix,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let search = jamkoll(&["search", "mamma", "--index", &ix]);
    insta::assert_snapshot!("search_mamma_text", shown(&search, tmp.path()));

    let json = jamkoll(&[
        "search", "pappa", "--gender", "man", "--index", &ix, "--format", "json",
    ]);
    assert_eq!(json.status.code(), Some(0));
    let mut value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for hit in value["hits"].as_array_mut().unwrap() {
        hit["score"] = serde_json::Value::Null;
    }
    insta::assert_snapshot!(
        "search_pappa_json",
        serde_json::to_string_pretty(&value).unwrap()
    );

    let none = jamkoll(&["search", "flygplan", "--index", &ix]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(
        stdout(&none),
        "0 matching documents: kvinna 0, man 0, annat 0, okänt 0\n"
    );

    let info = jamkoll(&["info", "--index", &ix]);
    let text = shown(&info, tmp.path());
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("size: ") {
                "size: [SIZE]"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("info_text", text);
}

#[test]
fn search_refuses_a_missing_index_and_a_bad_gender() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let out = jamkoll(&["search", "mamma", "--index", &ix]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).replace(tmp.path().to_string_lossy().as_ref(), "[TMP]"),
        "jamkoll: error: no jamkoll index at [TMP]/index; create one with `jamkoll ingest FILE --index [TMP]/index`\n"
    );
    let out = jamkoll(&["search", "mamma", "--gender", "kvinnor2", "--index", &ix]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--gender"));
}

#[test]
fn a_second_writer_is_told_the_index_is_in_use() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let index = jamkoll_index::Index::open_or_create(&dir).unwrap();
    let _writer = index.writer().unwrap();
    let out = jamkoll(&[
        "ingest",
        "fixtures/input/records.jsonl",
        "--index",
        &index_arg(tmp.path()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("jamkoll: error: the index is in use by another jamkoll process"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_index_of_another_schema_version_asks_for_reingest() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    jamkoll(&["ingest", "fixtures/input/records.jsonl", "--index", &ix]);
    let meta = tmp.path().join("index/jamkoll.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(
        &meta,
        text.replace("\"schema_version\": 1", "\"schema_version\": 0"),
    )
    .unwrap();
    for args in [
        vec!["info", "--index", &ix],
        vec!["search", "mamma", "--index", &ix],
        vec!["ingest", "fixtures/input/records.jsonl", "--index", &ix],
    ] {
        let out = jamkoll(&args);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out).replace(tmp.path().to_string_lossy().as_ref(), "[TMP]");
        assert_eq!(
            err,
            "jamkoll: error: the index at [TMP]/index cannot be used: it has schema version 0 \
             (jamkoll_sv), this jamkoll reads version 1 (jamkoll_sv); re-ingest: remove \
             [TMP]/index and run `jamkoll ingest` again\n"
        );
    }
}

/// 600 records in the voice of case notes, every tenth with "påstår", one JSON object a line.
fn acceptance_corpus() -> Vec<String> {
    let units = ["Enhet Norr", "Enhet Söder", "Barn och unga", "Vuxenenheten"];
    let genders = ["kvinna", "man", "female", "male"];
    let texts = [
        "Sökande påstår att hon har sökt arbete under perioden men kan inte visa intyg.",
        "Klienten uppger att han har betalat hyran. Handläggaren har kontaktat hyresvärden.",
        "Mamman berättar att barnen mår bra och går i skolan varje dag.",
        "Pappan har inte hörts i utredningen. Han har inte återkommit till socialtjänsten.",
        "Hon beskriver en svår ekonomisk situation efter separationen.",
    ];
    (0..600)
        .map(|i| {
            let text = if i % 10 == 0 {
                texts[0]
            } else {
                texts[1 + i % 4]
            };
            serde_json::json!({
                "id": format!("acc-{i:04}"),
                "unit": units[i % 4],
                "client_gender": genders[i % 4],
                "case_id": format!("case-{}", i / 2),
                "area": "ekonomiskt_bistand",
                "date": "2024-04-02",
                "text": text,
            })
            .to_string()
        })
        .collect()
}

#[test]
fn acceptance_600_records_with_one_personnummer_and_bad_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let mut lines = acceptance_corpus();
    // One record carries a valid personnummer (line 301).
    lines.insert(
        300,
        format!(
            "{{\"id\":\"acc-pnr\",\"unit\":\"Enhet Norr\",\"client_gender\":\"kvinna\",\"text\":\"Sökande med personnummer {PNR} påstår att hon saknar inkomst.\"}}"
        ),
    );
    // A malformed line, an unknown gender and a duplicate id (lines 602 to 604).
    lines.push("{\"id\": \"acc-broken\", \"unit\": \"Enhet Norr\"".to_string());
    lines.push(
        "{\"id\":\"acc-gender\",\"unit\":\"Enhet Norr\",\"client_gender\":\"hen2\",\"text\":\"Text.\"}"
            .to_string(),
    );
    lines.push(
        "{\"id\":\"acc-0001\",\"unit\":\"Enhet Norr\",\"client_gender\":\"man\",\"text\":\"Dubblett.\"}"
            .to_string(),
    );
    let corpus = lines.join("\n") + "\n";
    let file = tmp.path().join("corpus.jsonl");
    std::fs::write(&file, &corpus).unwrap();
    // And a file that is not UTF-8 (Windows-1252).
    let latin = tmp.path().join("latin1.jsonl");
    std::fs::write(
        &latin,
        b"{\"id\":\"acc-latin\",\"unit\":\"Enhet S\xF6der\",\"client_gender\":\"man\",\"text\":\"Han p\xE5st\xE5r att han har s\xF6kt arbete.\"}\n",
    )
    .unwrap();
    let file_arg = file.to_string_lossy().into_owned();
    let latin_arg = latin.to_string_lossy().into_owned();

    let out = jamkoll(&["ingest", &file_arg, &latin_arg, "--index", &ix]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("record \"acc-pnr\"") && l.contains("personnummer at character")),
        "{err}"
    );
    assert!(err.contains("corpus.jsonl:602: malformed record"), "{err}");
    assert!(
        err.contains(
            "corpus.jsonl:603: record \"acc-gender\": field `client_gender`: unknown gender"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "corpus.jsonl:604: record \"acc-0001\": field `id`: duplicate id, first read at"
        ),
        "{err}"
    );
    assert!(
        err.contains("latin1.jsonl:1: not valid UTF-8 (first at this line); read as windows-1252"),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with("read 605 records, indexed 601, refused 4"),
        "{}",
        stdout(&out)
    );
    insta::assert_snapshot!("acceptance_ingest", shown(&out, tmp.path()));

    // The number is nowhere: not in any output, not in any file under the index folder.
    let digits = PNR.replace('-', "");
    for text in [stdout(&out), err] {
        assert!(!text.contains(PNR) && !text.contains(&digits) && !text.contains("811228"));
    }
    // Every file, binary segments included, is scanned for the whole number and its birth date.
    // The last four digits alone are too short to scan binary files for (bit-packed term data
    // can hold those four bytes by chance), so they are checked as what would leak them: a term.
    for path in every_file_under(&tmp.path().join("index")) {
        let bytes = std::fs::read(&path).unwrap();
        for needle in [PNR.as_bytes(), digits.as_bytes(), b"811228"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds part of the personnummer ({:?})",
                path.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
    for term in ["9874", "811228", digits.as_str()] {
        let found = jamkoll(&["search", term, "--index", &ix, "--format", "json"]);
        let value: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
        assert_eq!(
            value["total"], 0,
            "a part of the personnummer is an indexed term"
        );
    }

    let search = jamkoll(&[
        "search", "påstår", "--index", &ix, "--format", "json", "--limit", "5",
    ]);
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    let value: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    assert_eq!(value["total"], 61, "60 planted + the Windows-1252 record");
    assert_eq!(value["hits"].as_array().unwrap().len(), 5);
    assert!(
        value["hits"][0]["snippet"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("påstår")
    );
    assert!(!stdout(&search).contains("acc-pnr"));

    let count = |ix: &str| -> serde_json::Value {
        let info = jamkoll(&["info", "--index", ix, "--format", "json"]);
        serde_json::from_slice::<serde_json::Value>(&info.stdout).unwrap()["documents"].clone()
    };
    assert_eq!(count(&ix), 601);
    let again = jamkoll(&["ingest", &file_arg, &latin_arg, "--index", &ix, "--quiet"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(count(&ix), 601, "a second ingest replaces, it does not add");
}

#[test]
fn redact_mode_indexes_the_record_with_a_placeholder() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = index_arg(tmp.path());
    let file = tmp.path().join("one.jsonl");
    std::fs::write(
        &file,
        format!("{{\"id\":\"r-1\",\"unit\":\"Enhet Norr\",\"client_gender\":\"kvinna\",\"text\":\"Sökande med personnummer {PNR} påstår att hon saknar inkomst.\"}}\n"),
    )
    .unwrap();
    let out = jamkoll(&[
        "ingest",
        &file.to_string_lossy(),
        "--on-identifier",
        "redact",
        "--index",
        &ix,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("redact_summary", stdout(&out));
    let search = jamkoll(&["search", "påstår", "--index", &ix]);
    assert!(
        stdout(&search).contains("personnummer [PERSONNUMMER] **påstår**"),
        "{}",
        stdout(&search)
    );
    assert!(!stdout(&search).contains("9874"));
}
