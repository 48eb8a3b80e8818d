//! Ingest end to end at the library level: every reader and encoding in fixtures/input,
//! re-ingest, the writer lock, the schema check, and reading back without the text.

use std::path::{Path, PathBuf};

use jamkoll_core::Gender;
use jamkoll_index::ingest::{Event, IngestOptions, OnIdentifier, Summary, ingest};
use jamkoll_index::problem::{Notice, Problem};
use jamkoll_index::read::{Inputs, ReadOptions};
use jamkoll_index::search::SearchOptions;
use jamkoll_index::{Error, Index};
use jamkoll_redact::Gate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/input")
        .join(name)
}

struct Run {
    summary: Summary,
    problems: Vec<Problem>,
    notices: Vec<Notice>,
}

fn run(index: &Index, paths: &[PathBuf], options: &IngestOptions) -> Run {
    let mut problems = Vec::new();
    let mut notices = Vec::new();
    let inputs = Inputs::new(paths, options.read.clone());
    let summary = ingest(
        index,
        inputs,
        &Gate::new(),
        options,
        None,
        &mut |e| match e {
            Event::Problem(p) => problems.push(p.clone()),
            Event::Notice(n) => notices.push(n.clone()),
            Event::Progress { .. } => {}
        },
    )
    .expect("ingest runs");
    Run {
        summary,
        problems,
        notices,
    }
}

fn ids(index: &Index) -> Vec<String> {
    let mut ids: Vec<String> = index
        .documents()
        .expect("documents")
        .map(|d| d.expect("document").id)
        .collect();
    ids.sort();
    ids
}

fn search_total(index: &Index, query: &str) -> u64 {
    let options = SearchOptions {
        unit: None,
        gender: None,
        limit: 10,
    };
    index
        .search(query, &options, &Gate::new())
        .expect("search")
        .total
}

#[test]
fn jsonl_utf8_and_bom_crlf_read_the_same_records() {
    for file in ["records.jsonl", "records_bom_crlf.jsonl"] {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        let r = run(&index, &[fixture(file)], &IngestOptions::default());
        assert!(r.problems.is_empty(), "{file}: {:?}", r.problems);
        assert_eq!(r.summary.indexed, 3, "{file}");
        assert_eq!(ids(&index), ["in-1", "in-2", "in-3"], "{file}");
        let docs: Vec<_> = index.documents().unwrap().map(Result::unwrap).collect();
        let first = docs.iter().find(|d| d.id == "in-1").unwrap();
        assert_eq!(first.area.as_ref().unwrap().as_str(), "ekonomiskt_bistand");
        assert_eq!(first.date.unwrap().to_string(), "2024-03-18");
        assert_eq!(first.words, 13);
        let second = docs.iter().find(|d| d.id == "in-2").unwrap();
        assert_eq!(second.amount, Some(4500.0));
        let third = docs.iter().find(|d| d.id == "in-3").unwrap();
        assert_eq!(
            (third.gender, third.case_id.as_str()),
            (Gender::Kvinna, "c-1")
        );
        assert!(
            index
                .text(third.doc)
                .unwrap()
                .starts_with("Mammans berättelse")
        );
    }
}

#[test]
fn csv_semicolon_windows_1252_crlf_is_detected_and_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let r = run(
        &index,
        &[fixture("records_semicolon_cp1252.csv")],
        &IngestOptions::default(),
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(ids(&index), ["cp-1", "cp-2"]);
    assert_eq!(r.notices.len(), 1);
    let notice = r.notices[0].to_string();
    assert!(
        notice.contains("records_semicolon_cp1252.csv:2: not valid UTF-8"),
        "{notice}"
    );
    assert!(notice.contains("windows-1252"), "{notice}");
    let docs: Vec<_> = index.documents().unwrap().map(Result::unwrap).collect();
    let text = index.text(docs[0].doc).unwrap();
    assert!(
        text.contains("Kvinnan påstår") || text.contains("Mannen är"),
        "{text}"
    );
    assert_eq!(search_total(&index, "orolig"), 1);
}

#[test]
fn csv_comma_with_map_and_utf16_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let options = IngestOptions {
        read: ReadOptions {
            map: [
                ("id", "dokument"),
                ("unit", "enhet"),
                ("client_gender", "kon"),
                ("text", "anteckning"),
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
            ..ReadOptions::default()
        },
        ..IngestOptions::default()
    };
    let r = run(
        &index,
        &[fixture("records_mapped.csv"), fixture("records_utf16.csv")],
        &options,
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(ids(&index), ["c-10", "c-11", "u16-1"]);
    assert_eq!(search_total(&index, "försörjningsstöd"), 1);
}

#[test]
fn text_folder_is_walked_with_front_matter_crlf_and_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let r = run(&index, &[fixture("txt")], &IngestOptions::default());
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(
        ids(&index),
        ["t-1", "t-2", "t-3"],
        "t-1 takes its id from the file name"
    );
    let notices: Vec<String> = r.notices.iter().map(ToString::to_string).collect();
    assert!(
        notices.iter().any(|n| n.contains("1 file(s) skipped")),
        "{notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|n| n.contains("t-3.txt") && n.contains("windows-1252")),
        "{notices:?}"
    );
    assert_eq!(search_total(&index, "helgerna"), 1);
}

#[test]
fn each_validation_problem_is_located_and_the_rest_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let r = run(&index, &[fixture("bad.jsonl")], &IngestOptions::default());
    let messages: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
    let expect = [
        "bad.jsonl:2: malformed record: not valid JSON",
        "bad.jsonl:3: record \"g-1\": field `client_gender`: unknown gender \"kvinnan\"",
        "bad.jsonl:4: record \"ok-1\": field `id`: duplicate id, first read at",
        "bad.jsonl:5: record \"m-1\": field `unit`: required field is missing",
        "bad.jsonl:6: record \"e-1\": field `text`: required field is empty",
        "bad.jsonl:7: record \"d-1\": field `date`: invalid value",
        "bad.jsonl:8: record \"x-1\": field `decision`: invalid value",
        "bad.jsonl:9: record \"a-1\": field `amount`: invalid value",
        "bad.jsonl:10: malformed record: the line is JSON but not an object",
    ];
    assert_eq!(messages.len(), expect.len(), "{messages:#?}");
    for (m, e) in messages.iter().zip(expect) {
        assert!(m.contains(e), "{m:?} should contain {e:?}");
    }
    assert_eq!(ids(&index), ["ok-1", "ok-2"]);
    assert_eq!(r.summary.read, 11);
    assert_eq!(r.summary.indexed, 2);
    assert_eq!(r.summary.records_refused(), 9);
    assert!(!r.summary.all_indexed());
}

#[test]
fn strict_stops_at_the_first_problem() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let options = IngestOptions {
        strict: true,
        ..IngestOptions::default()
    };
    let r = run(&index, &[fixture("bad.jsonl")], &options);
    assert_eq!(r.problems.len(), 1);
    assert!(r.summary.stopped);
    assert_eq!(ids(&index), ["ok-1"]);
}

#[test]
fn identifier_named_column_refuses_the_input_unless_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let r = run(
        &index,
        &[fixture("identifier_field.csv")],
        &IngestOptions::default(),
    );
    assert_eq!(r.summary.inputs_refused, 1);
    assert!(r.problems[0].to_string().contains("field `namn`"));
    assert!(r.problems[0].to_string().contains("--drop-field namn"));
    assert_eq!(index.num_docs().unwrap(), 0);

    let options = IngestOptions {
        read: ReadOptions {
            drop: vec!["namn".to_string()],
            ..ReadOptions::default()
        },
        ..IngestOptions::default()
    };
    let r = run(&index, &[fixture("identifier_field.csv")], &options);
    assert!(r.problems.is_empty());
    assert_eq!(ids(&index), ["n-1"]);
}

#[test]
fn identifier_named_json_key_refuses_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"p-1\",\"unit\":\"U\",\"client_gender\":\"man\",\"telefon\":\"x\",\"text\":\"T.\"}\n",
    )
    .unwrap();
    let index = Index::open_or_create(&dir.path().join("ix")).unwrap();
    let r = run(&index, &[file], &IngestOptions::default());
    assert_eq!(r.problems.len(), 1);
    let m = r.problems[0].to_string();
    assert!(m.contains("record \"p-1\": field `telefon`"), "{m}");
}

#[test]
fn gate_rejects_or_redacts_at_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"p-1\",\"unit\":\"U\",\"client_gender\":\"man\",\"text\":\"Han har personnummer 811228-9874 och påstår att han bor kvar.\"}\n",
    )
    .unwrap();
    let index = Index::open_or_create(&dir.path().join("ix")).unwrap();
    let r = run(
        &index,
        std::slice::from_ref(&file),
        &IngestOptions::default(),
    );
    assert_eq!(r.problems.len(), 1);
    let m = r.problems[0].to_string();
    assert!(
        m.contains("record \"p-1\"") && m.contains("personnummer at character 21"),
        "{m}"
    );
    assert!(!m.contains("9874"));
    assert_eq!(index.num_docs().unwrap(), 0);

    let options = IngestOptions {
        on_identifier: OnIdentifier::Redact,
        ..IngestOptions::default()
    };
    let r = run(&index, &[file], &options);
    assert!(r.problems.is_empty());
    assert_eq!(r.summary.redacted.get("personnummer"), Some(&1));
    let doc = index.documents().unwrap().next().unwrap().unwrap();
    assert_eq!(
        index.text(doc.doc).unwrap(),
        "Han har personnummer [PERSONNUMMER] och påstår att han bor kvar."
    );
    assert_eq!(search_total(&index, "811228"), 0);
}

#[test]
fn a_label_naming_a_person_is_refused_and_unit_names_pass() {
    // Refused: a first name with a surname, or a title before a name, in unit, area or
    // document type.
    let refused = [
        ("unit", "Handläggare Anna Svensson"),
        ("unit", "Anna Svensson"),
        ("unit", "Socialsekreterare Berg"),
        ("unit", "Barn och familj Söder, handläggare Eva"),
        ("area", "Fredrika Lindqvist"),
        ("document_type", "anteckning handläggare Lars"),
    ];
    // Accepted: the demo corpus's units, the benchmark corpus's (../shared/bench/bigcorpus.py),
    // and lone words or directions that the name lists also hold.
    let accepted = [
        "Barn och familj Öst",
        "Familjefrid Väst",
        "Försörjningsstöd Norr",
        "Vuxen/missbruk",
        "Äldreomsorg Centrum",
        "Enhet Norr",
        "Enhet Söder",
        "Enhet Öst",
        "Enhet Väst",
        "Enhet Centrum",
        "Enhet Ersboda",
        "Enhet Ålidhem",
        "Enhet Holmsund",
        "Mottagningsenheten",
        "Ekonomiskt bistånd Nord",
        "Barn och unga 1",
        "Familjerätten",
        "Enhet Ungdom",
        "Vuxenenheten",
        "Beroendeenheten",
        "Våld i nära relation",
        "Enhet Sävar",
        "Enhet Hörnefors",
        "Enhet Viktoria",
        "Kristina Nord",
        "Lund",
    ];
    let mut lines = Vec::new();
    for (i, (field, value)) in refused.iter().enumerate() {
        let mut v = serde_json::json!({"id": format!("r{i}"), "unit": "Norr",
            "client_gender": "man", "text": "Han söker arbete."});
        v[*field] = serde_json::json!(value);
        lines.push(v.to_string());
    }
    for (i, unit) in accepted.iter().enumerate() {
        lines.push(
            serde_json::json!({"id": format!("a{i}"), "unit": unit,
                "client_gender": "kvinna", "text": "Hon söker arbete."})
            .to_string(),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labels.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    // The demo's units, read from the demo itself.
    let demo = fixture("../demo/assessments.jsonl");
    let index = Index::open_or_create(&dir.path().join("ix")).unwrap();
    let r = run(&index, &[file, demo], &IngestOptions::default());
    let shown: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), refused.len(), "{shown:#?}");
    for ((field, _), message) in refused.iter().zip(&shown) {
        assert!(
            message.contains(&format!("field `{field}`: holds namn at character")),
            "{message}"
        );
        for word in ["Anna", "Svensson", "Berg", "Eva", "Fredrika", "Lars"] {
            assert!(!message.contains(word), "{message}");
        }
    }
    let units: std::collections::BTreeSet<String> = index
        .documents()
        .unwrap()
        .map(|d| d.unwrap().unit)
        .collect();
    for unit in accepted {
        assert!(units.contains(unit), "{unit} was refused: {shown:#?}");
    }
}

#[test]
fn reingest_replaces_documents_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let options = IngestOptions {
        commit_every: 1,
        batch_size: 1,
        ..IngestOptions::default()
    };
    run(&index, &[fixture("records.jsonl")], &options);
    run(&index, &[fixture("records.jsonl")], &options);
    run(&index, &[fixture("records_bom_crlf.jsonl")], &options);
    assert_eq!(index.num_docs().unwrap(), 3);
    assert_eq!(ids(&index), ["in-1", "in-2", "in-3"]);
    let stats = index.stats().unwrap();
    assert_eq!((stats.documents, stats.cases), (3, 2));
    let norr = &stats.per_unit["Enhet Norr"];
    assert_eq!(
        (
            norr[&Gender::Kvinna].documents,
            norr[&Gender::Man].documents
        ),
        (1, 1)
    );
}

#[test]
fn a_second_writer_gets_the_lock_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let _held = index.writer().unwrap();
    let other = Index::open_or_create(dir.path()).unwrap();
    let err = other.writer().unwrap_err();
    assert!(matches!(err, Error::Locked { .. }));
    assert!(
        err.to_string()
            .starts_with("the index is in use by another jamkoll process")
    );
}

#[test]
fn an_index_of_another_schema_version_is_refused_with_reingest_advice() {
    let dir = tempfile::tempdir().unwrap();
    drop(Index::open_or_create(dir.path()).unwrap());
    let meta = dir.path().join("jamkoll.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(
        &meta,
        text.replace("\"schema_version\": 1", "\"schema_version\": 99"),
    )
    .unwrap();
    let err = Index::open(dir.path()).unwrap_err().to_string();
    assert!(err.contains("schema version 99"), "{err}");
    assert!(err.contains("re-ingest"), "{err}");
    let err = Index::open_or_create(dir.path()).unwrap_err().to_string();
    assert!(err.contains("re-ingest"), "{err}");
}

#[test]
fn a_folder_that_is_not_an_index_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("important.txt"), "x").unwrap();
    assert!(matches!(
        Index::open_or_create(dir.path()),
        Err(Error::NotAnIndex { .. })
    ));
    assert!(matches!(
        Index::open(&dir.path().join("nothing")),
        Err(Error::NoIndex { .. })
    ));
}

#[cfg(unix)]
#[test]
fn index_folder_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ix = dir.path().join("a/b");
    let index = Index::open_or_create(&ix).unwrap();
    run(
        &index,
        &[fixture("records.jsonl")],
        &IngestOptions::default(),
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&ix), 0o700);
    for entry in std::fs::read_dir(&ix).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

#[test]
fn a_late_invalid_utf8_line_is_refused_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("late.jsonl");
    let good = "{\"id\":\"ID\",\"unit\":\"U\",\"client_gender\":\"man\",\"text\":\"Han söker arbete och bostad i kommunen.\"}\n";
    let mut bytes = Vec::new();
    for i in 0..1000 {
        bytes.extend_from_slice(good.replace("ID", &format!("r{i}")).as_bytes());
    }
    bytes.extend_from_slice(
        b"{\"id\":\"bad\",\"unit\":\"U\",\"client_gender\":\"man\",\"text\":\"s\xF6ker\"}\n",
    );
    std::fs::write(&file, &bytes).unwrap();
    let index = Index::open_or_create(&dir.path().join("ix")).unwrap();
    let r = run(&index, &[file], &IngestOptions::default());
    assert_eq!(r.summary.indexed, 1000);
    assert_eq!(r.problems.len(), 1);
    let m = r.problems[0].to_string();
    assert!(m.contains("late.jsonl:1001: not valid UTF-8"), "{m}");
}

#[test]
fn documents_carry_findings_from_the_hook() {
    use jamkoll_core::{Category, Finding, Scope, Span, Subject};
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let analyse = |r: &jamkoll_index::Record| jamkoll_index::stored::Analysis {
        findings: r
            .text
            .find("påstår")
            .map(|at| Finding {
                rule: "trovardighet/pastar".to_string(),
                category: Category::Trovardighet,
                subject: Subject::Kvinna,
                role: None,
                scope: Scope::Asserted,
                domain: None,
                span: Span::new(at, at + "påstår".len()),
                sentence: Span::new(0, r.text.len()),
            })
            .into_iter()
            .collect(),
        mentions: [1, 0, 0, 0],
        facts: Vec::new(),
    };
    let hook = jamkoll_index::ingest::Analyzer {
        rules: jamkoll_index::stored::RuleSet::new(
            "pack",
            vec![jamkoll_index::stored::StoredRule {
                id: "trovardighet/pastar".into(),
                hash: "1".into(),
            }],
        ),
        analyse: &analyse,
    };
    assert_eq!(index.stored_rules().unwrap(), None);
    let inputs = Inputs::new(&[fixture("records.jsonl")], ReadOptions::default());
    ingest(
        &index,
        inputs,
        &Gate::new(),
        &IngestOptions::default(),
        Some(&hook),
        &mut |_| {},
    )
    .unwrap();
    let docs: Vec<_> = index.documents().unwrap().map(Result::unwrap).collect();
    let with: Vec<&str> = docs
        .iter()
        .filter(|d| !d.findings.is_empty())
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(with, ["in-1"]);
    let d = docs.iter().find(|d| d.id == "in-1").unwrap();
    let text = index.text(d.doc).unwrap();
    let f = &d.findings[0];
    assert_eq!(&text[f.span.start..f.span.end], "påstår");
    // Every document analysed has its mentions stored, findings or not.
    assert!(
        docs.iter()
            .all(|d| d.stored.as_ref().unwrap().mentions == [1, 0, 0, 0])
    );
    assert_eq!(index.stored_findings(d.doc).unwrap().unwrap(), d.findings);
    let sets = index.stored_rules().unwrap().unwrap().sets;
    assert_eq!(sets.len(), 1);
}

#[test]
fn an_index_ingested_without_rules_has_no_stored_findings() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    run(
        &index,
        &[fixture("records.jsonl")],
        &IngestOptions::default(),
    );
    let docs: Vec<_> = index.documents().unwrap().map(Result::unwrap).collect();
    assert!(!docs.is_empty());
    assert!(
        docs.iter()
            .all(|d| d.stored.is_none() && d.findings.is_empty())
    );
    assert_eq!(index.stored_findings(docs[0].doc).unwrap(), None);
}

#[test]
fn search_filters_by_unit_and_gender_and_counts_per_gender() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    run(
        &index,
        &[fixture("records.jsonl"), fixture("txt")],
        &IngestOptions::default(),
    );
    let gate = Gate::new();
    let all = SearchOptions {
        unit: None,
        gender: None,
        limit: 10,
    };
    let r = index.search("mamma", &all, &gate).unwrap();
    assert_eq!(r.total, 4, "mamman, mammans, mamman (t-1), mamman (t-3)");
    assert!(r.per_gender.contains(&(Gender::Kvinna, 4)));
    let unit = SearchOptions {
        unit: Some("Enhet Norr".to_string()),
        ..all.clone()
    };
    assert_eq!(index.search("mamma", &unit, &gate).unwrap().total, 1);
    let men = SearchOptions {
        gender: Some(Gender::Man),
        ..all.clone()
    };
    let r = index.search("pappa", &men, &gate).unwrap();
    assert_eq!(r.total, 2);
    assert!(r.hits.iter().all(|h| h.gender == Gender::Man));
}

#[test]
fn docs_with_any_form_finds_inflections_through_the_analyzer() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"id":"1","unit":"U","client_gender":"kvinna","text":"Mamman påstod att hon var sjuk."}"#,
            "\n",
            r#"{"id":"2","unit":"U","client_gender":"man","text":"Pappan söker arbete, t.ex. på lager."}"#,
            "\n",
            r#"{"id":"3","unit":"U","client_gender":"man","text":"Han är arg."}"#,
            "\n",
        ),
    )
    .unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    run(&index, &[file], &IngestOptions::default());
    let searcher = index.searcher().unwrap();
    let ids = |forms: &[&str]| -> Option<Vec<String>> {
        let forms: Vec<String> = forms.iter().map(|f| f.to_string()).collect();
        let set = index.docs_with_any_form(&searcher, &forms).unwrap()?;
        let mut ids: Vec<String> = index
            .documents_in(searcher.clone())
            .unwrap()
            .map(Result::unwrap)
            .filter(|d| set.contains(&d.doc))
            .map(|d| d.id)
            .collect();
        ids.sort();
        Some(ids)
    };
    // A form is found whatever inflection the text uses (both go to the lemma).
    assert_eq!(ids(&["påstår"]), Some(vec!["1".to_string()]));
    assert_eq!(ids(&["påstår", "arg"]), Some(vec!["1".into(), "3".into()]));
    // A form of several words needs all of them.
    assert_eq!(ids(&["t.ex"]), Some(vec!["2".to_string()]));
    assert_eq!(ids(&["t.ex", "arg"]), Some(vec!["2".into(), "3".into()]));
    assert_eq!(ids(&["saknas"]), Some(vec![]));
    assert_eq!(ids(&[]), Some(vec![]));
    // Punctuation alone leaves no term: the index cannot tell.
    assert_eq!(ids(&["§"]), None);
}

/// Commits every few records make many segments, merged as they come under the capped policy;
/// search, metadata, texts, stats and re-ingest see every document once, and a repeated id in
/// one run is refused with the place of its first occurrence.
#[test]
fn many_segments_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.jsonl");
    let mut lines = String::new();
    for i in 0..400 {
        let (gender, word) = if i % 2 == 0 {
            ("kvinna", "mamman")
        } else {
            ("man", "pappan")
        };
        lines.push_str(&format!(
            r#"{{"id":"m-{i}","unit":"U{}","client_gender":"{gender}","text":"Nummer {i}: {word} söker arbete."}}"#,
            i % 3
        ));
        lines.push('\n');
    }
    lines.push_str(r#"{"id":"m-7","unit":"U1","client_gender":"man","text":"En dubblett."}"#);
    lines.push('\n');
    std::fs::write(&file, &lines).unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    let options = IngestOptions {
        commit_every: 7,
        batch_size: 5,
        ..IngestOptions::default()
    };
    let r = run(&index, std::slice::from_ref(&file), &options);
    assert_eq!(r.summary.indexed, 400);
    assert_eq!(r.problems.len(), 1);
    let duplicate = r.problems[0].to_string();
    assert!(duplicate.contains("many.jsonl:401"), "{duplicate}");
    assert!(
        duplicate.contains("first read at")
            && duplicate.ends_with("many.jsonl:8; ids must be unique"),
        "{duplicate}"
    );
    assert_eq!(ids(&index).len(), 400);
    assert_eq!(search_total(&index, "mamma"), 200);
    assert_eq!(search_total(&index, "pappa"), 200);
    assert_eq!(index.stats().unwrap().documents, 400);
    for meta in index.documents().unwrap().map(Result::unwrap) {
        let n = meta.id.trim_start_matches("m-");
        assert!(
            index
                .text(meta.doc)
                .unwrap()
                .starts_with(&format!("Nummer {n}:"))
        );
    }
    // Re-ingest into the non-empty index replaces by id.
    let again = run(&index, &[file], &options);
    assert_eq!(again.summary.indexed, 400);
    assert_eq!(ids(&index).len(), 400);
    assert_eq!(search_total(&index, "mamma"), 200);
}

/// Seven commits of one document each leave seven segments (the merge policy waits for eight):
/// search, metadata and texts read across all of them.
#[test]
fn search_and_documents_read_across_segments() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    assert!(writer.started_empty());
    for i in 0..7 {
        let record = jamkoll_index::Record {
            id: format!("s-{i}"),
            unit: "U".to_string(),
            client_gender: if i % 2 == 0 {
                Gender::Kvinna
            } else {
                Gender::Man
            },
            text: format!("Mamman nummer {i} söker arbete."),
            case_id: format!("s-{i}"),
            area: None,
            date: None,
            document_type: None,
            decision: None,
            amount: None,
        };
        let doc = jamkoll_index::NewDocument {
            record,
            words: 5,
            analysis: None,
        };
        writer.add_new(&doc).unwrap();
        writer.commit().unwrap();
    }
    writer.finish().unwrap();
    assert_eq!(index.tantivy().searchable_segment_ids().unwrap().len(), 7);
    assert_eq!(search_total(&index, "mamma"), 7);
    assert_eq!(ids(&index).len(), 7);
    for meta in index.documents().unwrap().map(Result::unwrap) {
        let n = meta.id.trim_start_matches("s-");
        assert_eq!(
            index.text(meta.doc).unwrap(),
            format!("Mamman nummer {n} söker arbete.")
        );
    }
    assert!(!index.writer().unwrap().started_empty());
}
