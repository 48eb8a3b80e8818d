//! Property tests of the readers and ingest (proptest): on any bytes, in any of the formats
//! and encodings, reading and ingesting never panic, every refusal names the input, and the
//! index holds exactly the records ingest says it indexed.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::io::Read as _;
use std::path::Path;
use std::sync::OnceLock;

use jamkoll_index::Index;
use jamkoll_index::decode;
use jamkoll_index::ingest::{Event, IngestOptions, OnIdentifier, ingest};
use jamkoll_index::read::{Inputs, ReadOptions};
use jamkoll_redact::Gate;
use proptest::prelude::*;

fn gate() -> &'static Gate {
    static GATE: OnceLock<Gate> = OnceLock::new();
    GATE.get_or_init(Gate::new)
}

/// Bytes that look like an input of the format: record-shaped lines with damage, or noise.
fn input(ext: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let line = match ext {
        "jsonl" => prop_oneof![
            Just(r#"{"id":"a","unit":"Norr","client_gender":"kvinna","text":"Hon söker arbete."}"#.to_string()),
            Just(r#"{"id":"b","unit":"Norr","client_gender":"man","text":"Han","amount":"1 200,50","date":"2024-02-29"}"#.to_string()),
            "\\{\"id\":\"[a-z0-9]{0,3}\",\"unit\":\"\\PC{0,5}\",\"client_gender\":\"(kvinna|man|x|)\",\"text\":\"\\PC{0,20}\"\\}",
            "[{}\\[\\]\":,a-z0-9 \\\\]{0,40}",
        ]
        .boxed(),
        "csv" => prop_oneof![
            Just("a;Norr;kvinna;Hon söker arbete.".to_string()),
            "[a-z0-9]{0,3}[;,\t][A-Za-zåäö ]{0,6}[;,\t](kvinna|man|x)[;,\t]\"?\\PC{0,20}\"?",
            "[;,\t\"\\r a-z]{0,30}",
        ]
        .boxed(),
        _ => prop_oneof![
            Just("---".to_string()),
            "(id|unit|client_gender|date|amount|text|#|)[: ]{0,2}\\PC{0,12}",
            "\\PC{0,30}",
        ]
        .boxed(),
    };
    let header: &'static [u8] = match ext {
        "csv" => b"id;unit;client_gender;text\n",
        "txt" => b"---\nid: t\nunit: Norr\nclient_gender: man\n---\n",
        _ => b"",
    };
    (
        prop::collection::vec(line, 0..8),
        prop::collection::vec(any::<u8>(), 0..16),
        0u8..4,
    )
        .prop_map(move |(lines, noise, shape)| {
            let mut bytes = header.to_vec();
            bytes.extend_from_slice(lines.join("\n").as_bytes());
            match shape {
                0 => {}
                1 => bytes.extend_from_slice(&noise),
                2 => {
                    let at = bytes.len() / 2;
                    bytes.splice(at..at, noise);
                }
                _ => {
                    // The same content as UTF-16 LE with a BOM.
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    bytes = vec![0xFF, 0xFE];
                    for unit in text.encode_utf16() {
                        bytes.extend_from_slice(&unit.to_le_bytes());
                    }
                }
            }
            bytes
        })
}

fn ingest_bytes(dir: &Path, name: &str, bytes: &[u8], redact: bool) -> Result<(), TestCaseError> {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let index = Index::open_or_create(&dir.join("ix")).unwrap();
    let before = index.num_docs().unwrap();
    let options = IngestOptions {
        on_identifier: if redact {
            OnIdentifier::Redact
        } else {
            OnIdentifier::Reject
        },
        batch_size: 3,
        commit_every: 2,
        ..IngestOptions::default()
    };
    let mut unnamed = Vec::new();
    let inputs = Inputs::new(std::slice::from_ref(&file), ReadOptions::default());
    let summary = ingest(&index, inputs, gate(), &options, None, &mut |event| {
        if let Event::Problem(p) = event {
            let shown = p.to_string();
            if !shown.contains(name) {
                unnamed.push(shown);
            }
        }
    })
    .unwrap();
    prop_assert!(
        unnamed.is_empty(),
        "problems that name no input: {unnamed:?}"
    );
    prop_assert!(summary.indexed <= summary.read);
    prop_assert_eq!(summary.read, summary.indexed + summary.records_refused());
    // Ids repeat across cases (replace by id), so the index grows by at most what was indexed.
    let after = index.num_docs().unwrap();
    prop_assert!(after <= before + summary.indexed);
    prop_assert_eq!(after, summary.documents_in_index);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn jsonl_never_panics(bytes in input("jsonl"), redact in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        ingest_bytes(dir.path(), "in.jsonl", &bytes, redact)?;
    }

    #[test]
    fn csv_never_panics(bytes in input("csv"), redact in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        ingest_bytes(dir.path(), "in.csv", &bytes, redact)?;
    }

    #[test]
    fn txt_never_panics(bytes in input("txt"), redact in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        ingest_bytes(dir.path(), "in.txt", &bytes, redact)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        ingest_bytes(dir.path(), "in.jsonl", &bytes, false)?;
        ingest_bytes(dir.path(), "in.csv", &bytes, false)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn decoding_never_panics_and_gives_utf8(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        label in prop::option::of(prop::sample::select(vec!["utf-8", "windows-1252", "utf-16le", "utf-16be", "latin1"])),
    ) {
        let forced = label.and_then(decode::encoding_for_label);
        let (mut reader, _) = decode::decode(Box::new(std::io::Cursor::new(bytes)), forced).unwrap();
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        // Every encoding but UTF-8 is transcoded, so its output is valid UTF-8 (malformed input
        // becomes U+FFFD); UTF-8 passes through and is checked per record later.
        if forced.is_some_and(|e| e != encoding_rs::UTF_8) {
            prop_assert!(std::str::from_utf8(&out).is_ok());
        }
    }
}
