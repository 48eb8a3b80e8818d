//! Bad records and bad encodings in JSON Lines and CSV.

use crate::{documents, good_lines, ingest, record, write};

#[test]
fn malformed_json_line_is_refused_by_line_and_column_and_the_rest_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let [a, b] = good_lines();
    write(
        tmp.path(),
        "a.jsonl",
        format!("{a}\n{{\"id\":\"x\",\"unit\":\n{b}\n{{\"id\":\"y\" \"unit\":\"N\"}}\n"),
    );
    ingest(tmp.path(), &["a.jsonl"])
        .assert_exit(2)
        .stderr_has(&[
            "a.jsonl:2: malformed record: not valid JSON (column",
            "the line ends inside a value",
            "a.jsonl:4: malformed record: not valid JSON",
        ])
        .stdout_has(&["read 4 records, indexed 2, refused 2"]);
    assert_eq!(documents(tmp.path()), 2);
}

#[test]
fn json_value_that_is_not_an_object_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.jsonl", "[1,2]\n42\n\"text\"\nnull\ntrue\n");
    let run = ingest(tmp.path(), &["a.jsonl"]);
    run.assert_exit(2);
    for line in 1..=5 {
        run.stderr_has(&[&format!(
            "a.jsonl:{line}: malformed record: the line is JSON but not an object"
        )]);
    }
}

#[test]
fn wrong_field_types_name_the_field_and_the_record() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"t1","unit":"Norr","client_gender":5,"text":"Hon."}"#,
        r#"{"id":"t2","unit":"Norr","client_gender":"kvinna","text":["Hon."]}"#,
        r#"{"id":"t3","unit":"Norr","client_gender":"kvinna","text":"Hon.","amount":"mycket"}"#,
        r#"{"id":"t4","unit":"Norr","client_gender":"kvinna","text":"Hon.","date":"igår"}"#,
        r#"{"id":"t5","unit":{"namn":"Norr"},"client_gender":"kvinna","text":"Hon."}"#,
        r#"{"id":"t6","unit":"Norr","client_gender":"kvinna","text":"Hon.","decision":"kanske"}"#,
        r#"{"id":7,"unit":"Norr","client_gender":"man","text":"Numeric ids are read as text."}"#,
    ];
    write(tmp.path(), "a.jsonl", lines.join("\n"));
    ingest(tmp.path(), &["a.jsonl"])
        .assert_exit(2)
        .stderr_has(&[
            "a.jsonl:1: record \"t1\": field `client_gender`: unknown gender",
            "a.jsonl:2: field `text`: invalid value; expected text or a number",
            "a.jsonl:3: record \"t3\": field `amount`: invalid value",
            "a.jsonl:4: record \"t4\": field `date`: invalid value; expected an ISO 8601 date",
            "a.jsonl:5: field `unit`: invalid value",
            "a.jsonl:6: record \"t6\": field `decision`: invalid value",
        ])
        .stdout_has(&["indexed 1, refused 6"]);
}

#[test]
fn missing_and_empty_fields_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"unit":"Norr","client_gender":"kvinna","text":"Hon."}"#,
        r#"{"id":"m2","client_gender":"kvinna","text":"Hon."}"#,
        r#"{"id":"m3","unit":"Norr","text":"Hon."}"#,
        r#"{"id":"m4","unit":"Norr","client_gender":"kvinna"}"#,
        r#"{"id":"m5","unit":"Norr","client_gender":"kvinna","text":"   "}"#,
        r#"{"id":"","unit":"Norr","client_gender":"kvinna","text":"Hon."}"#,
        r#"{"id":"m7","unit":" ","client_gender":"kvinna","text":"Hon."}"#,
        r#"{"id":"m8","unit":"Norr","client_gender":null,"text":"Hon."}"#,
        r#"{}"#,
    ];
    write(tmp.path(), "a.jsonl", lines.join("\n"));
    ingest(tmp.path(), &["a.jsonl"])
        .assert_exit(2)
        .stderr_has(&[
            "a.jsonl:1: field `id`: required field is missing",
            "a.jsonl:2: record \"m2\": field `unit`: required field is missing",
            "a.jsonl:3: record \"m3\": field `client_gender`: required field is missing",
            "a.jsonl:4: record \"m4\": field `text`: required field is missing",
            "a.jsonl:5: record \"m5\": field `text`: required field is empty",
            "a.jsonl:6: field `id`: required field is empty",
            "a.jsonl:7: record \"m7\": field `unit`: required field is empty",
            "a.jsonl:8: record \"m8\": field `client_gender`: required field is missing",
            "a.jsonl:9: field `id`: required field is missing",
        ])
        .stdout_has(&["indexed 0, refused 9"]);
}

#[test]
fn unknown_gender_lists_the_accepted_values_and_hides_a_value_that_could_identify() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        record("u1", "alien", "Text."),
        record("u2", "Anna Andersson", "Text."),
        record("u3", "811228-9874", "Text."),
    ];
    write(tmp.path(), "a.jsonl", lines.join("\n"));
    let run = ingest(tmp.path(), &["a.jsonl"]);
    run.assert_exit(2).stderr_has(&[
        "a.jsonl:1: record \"u1\": field `client_gender`: unknown gender \"alien\"; expected kvinna, man, annat or okänt",
        "a.jsonl:2: record \"u2\": field `client_gender`: unknown gender; expected",
        "a.jsonl:3: record \"u3\": field `client_gender`: unknown gender; expected",
    ]);
    assert!(!run.stderr.contains("Andersson") && !run.stderr.contains("9874"));
}

#[test]
fn duplicate_ids_in_one_file_and_across_files_point_at_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a.jsonl",
        [
            record("d1", "kvinna", "Först."),
            record("d2", "man", "Andra."),
            record("d1", "kvinna", "Igen."),
        ]
        .join("\n"),
    );
    write(
        tmp.path(),
        "b.jsonl",
        record("d2", "man", "I en annan fil."),
    );
    ingest(tmp.path(), &["a.jsonl", "b.jsonl"])
        .assert_exit(2)
        .stderr_has(&[
            "a.jsonl:3: record \"d1\": field `id`: duplicate id, first read at a.jsonl:1",
            "b.jsonl:1: record \"d2\": field `id`: duplicate id, first read at a.jsonl:2",
        ])
        .stdout_has(&["indexed 2, refused 2"]);
    // The first version is the one kept.
    let found = crate::jamkoll(tmp.path(), &["search", "--index", "ix", "igen"]);
    found.assert_exit(1);
}

#[test]
fn invalid_utf8_late_in_a_file_is_refused_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    // The first 64 KiB are clean UTF-8, so the file is read as UTF-8; the bad byte comes later.
    let mut bytes = Vec::new();
    let mut n = 0;
    while bytes.len() < 70 * 1024 {
        n += 1;
        bytes.extend_from_slice(record(&format!("r{n}"), "kvinna", "Hon söker arbete.").as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(b"{\"id\":\"bad\",\"unit\":\"Norr\",\"client_gender\":\"man\",\"text\":\"Han \xff\xfe.\"}\n");
    write(tmp.path(), "a.jsonl", &bytes);
    ingest(tmp.path(), &["a.jsonl"])
        .assert_exit(2)
        .stderr_has(&[&format!("a.jsonl:{}: not valid UTF-8", n + 1)])
        .stdout_has(&[&format!("indexed {n}, refused 1")]);
}

#[test]
fn invalid_utf8_early_is_read_as_windows_1252_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a.jsonl",
        b"{\"id\":\"w1\",\"unit\":\"Norr\",\"client_gender\":\"kvinna\",\"text\":\"Hon s\xf6ker arbete.\"}\n",
    );
    let run = crate::jamkoll(tmp.path(), &["ingest", "--index", "ix", "a.jsonl"]);
    run.assert_exit(0)
        .stderr_has(&["a.jsonl:1: not valid UTF-8", "read as windows-1252"]);
    crate::jamkoll(tmp.path(), &["search", "--index", "ix", "söker"]).assert_exit(0);
}

#[test]
fn utf16_with_bom_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, le) in [("le.jsonl", true), ("be.jsonl", false)] {
        let text = format!(
            "{}\r\n",
            record(name, "kvinna", "Hon är orolig för barnen.")
        );
        let mut bytes = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        write(tmp.path(), name, bytes);
    }
    ingest(tmp.path(), &["le.jsonl", "be.jsonl"])
        .assert_exit(0)
        .stdout_has(&["indexed 2, refused 0"]);
    crate::jamkoll(tmp.path(), &["search", "--index", "ix", "orolig"])
        .assert_exit(0)
        .stdout_has(&["2"]);
}

#[test]
fn nul_bytes_raw_and_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    // A raw NUL inside a JSON string is a control character: not valid JSON.
    bytes.extend_from_slice(
        b"{\"id\":\"n1\",\"unit\":\"Norr\",\"client_gender\":\"man\",\"text\":\"Han\x00ar.\"}\n",
    );
    // An escaped NUL is valid JSON: the record is indexed, the NUL kept as a character.
    bytes.extend_from_slice(record("n2", "man", "Han\u{0}kom i tid.").as_bytes());
    bytes.push(b'\n');
    // A NUL outside any value.
    bytes.extend_from_slice(b"\x00\x00\x00\n");
    write(tmp.path(), "a.jsonl", &bytes);
    ingest(tmp.path(), &["a.jsonl"])
        .assert_exit(2)
        .stderr_has(&[
            "a.jsonl:1: malformed record: not valid JSON",
            "a.jsonl:3: malformed record: not valid JSON",
        ])
        .stdout_has(&["indexed 1, refused 2"]);
}

#[test]
fn a_100_mb_single_line_is_refused_without_holding_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.jsonl");
    {
        use std::io::Write as _;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "{}", record("b1", "kvinna", "Före.")).unwrap();
        f.write_all(b"{\"id\":\"huge\",\"unit\":\"Norr\",\"client_gender\":\"man\",\"text\":\"")
            .unwrap();
        let chunk = "Han söker arbete. ".repeat(1000);
        for _ in 0..(100 * 1024 * 1024 / chunk.len()) {
            f.write_all(chunk.as_bytes()).unwrap();
        }
        f.write_all(b"\"}\n").unwrap();
        writeln!(f, "{}", record("b3", "kvinna", "Efter.")).unwrap();
    }
    ingest(tmp.path(), &["big.jsonl"])
        .assert_exit(2)
        .stderr_has(&[
            "big.jsonl:2: malformed record: the record is 100 MiB long, over the 8 MiB limit",
        ])
        .stdout_has(&["read 3 records, indexed 2, refused 1"]);
}

#[test]
fn an_empty_file_is_refused_as_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "empty.jsonl", "");
    write(tmp.path(), "blank.jsonl", "\n\n  \n");
    write(tmp.path(), "header.csv", "id;unit;client_gender;text\n");
    write(tmp.path(), "empty.csv", "");
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    let run = ingest(
        tmp.path(),
        &[
            "empty.jsonl",
            "blank.jsonl",
            "header.csv",
            "empty.csv",
            "good.jsonl",
        ],
    );
    run.assert_exit(2)
        .stdout_has(&["indexed 2", "4 input(s) refused whole"]);
    for name in ["empty.jsonl", "blank.jsonl", "header.csv", "empty.csv"] {
        run.stderr_has(&[&format!("{name}: cannot read input: it holds no records")]);
    }
}

#[test]
fn csv_ragged_rows_are_refused_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a.csv",
        "id;unit;client_gender;text\nc1;Norr;kvinna;Hon söker arbete.\nc2;Norr;man\nc3;Norr;man;Han;extra\nc4;Norr;man;\"Han söker\narbete.\"\n",
    );
    ingest(tmp.path(), &["a.csv"])
        .assert_exit(2)
        .stderr_has(&[
            "a.csv:3: malformed record: the row has 3 fields, the header 4",
            "a.csv:4: malformed record: the row has 5 fields, the header 4",
        ])
        .stdout_has(&["indexed 2, refused 2"]);
}

#[test]
fn csv_with_an_unknown_delimiter_is_refused_whole() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a.csv",
        "id|unit|client_gender|text\nc1|Norr|kvinna|Hon söker arbete.\n",
    );
    ingest(tmp.path(), &["a.csv"])
        .assert_exit(2)
        .stderr_has(&["a.csv:1: cannot read input: the header row has a single column"]);
}

#[test]
fn csv_with_the_wrong_delimiter_for_its_columns_names_the_missing_fields() {
    // Comma-separated header, but semicolons in the rows: the rows do not fit the header.
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a.csv",
        "id,unit,client_gender,text\nc1;Norr;kvinna;Hon söker arbete.\n",
    );
    ingest(tmp.path(), &["a.csv"])
        .assert_exit(2)
        .stderr_has(&["a.csv:2: malformed record: the row has 1 fields, the header 4"]);
}

#[test]
fn a_unit_naming_a_person_is_refused_without_the_name() {
    let tmp = tempfile::tempdir().unwrap();
    let person = serde_json::json!({"id": "u1", "unit": "Handläggare Anna Svensson",
        "client_gender": "kvinna", "text": "Hon söker arbete."});
    let place = serde_json::json!({"id": "u2", "unit": "Familjefrid Väst",
        "client_gender": "kvinna", "text": "Hon söker arbete."});
    write(tmp.path(), "a.jsonl", format!("{person}\n{place}\n"));
    let run = ingest(tmp.path(), &["a.jsonl"]);
    run.assert_exit(2)
        .stderr_has(&["a.jsonl:1: record \"u1\": field `unit`: holds namn at character 12"])
        .stdout_has(&["indexed 1"]);
    for name in ["Anna", "Svensson"] {
        assert!(
            !run.stderr.contains(name) && !run.stdout.contains(name),
            "{run:#?}"
        );
    }
}
