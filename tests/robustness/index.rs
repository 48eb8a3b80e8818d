//! Bad index folders: a file, a folder holding something else, another schema version, a
//! damaged meta file, damaged tantivy files, no index at all.

use crate::{good_lines, ingest, jamkoll, write};

fn with_index(tmp: &std::path::Path) {
    write(tmp, "good.jsonl", good_lines().join("\n"));
    ingest(tmp, &["good.jsonl"]).assert_exit(0);
}

#[test]
fn an_index_path_that_is_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    write(tmp.path(), "ix", "not a folder");
    ingest(tmp.path(), &["good.jsonl"])
        .assert_exit(2)
        .stderr_has(&["ix", "is a file, not a folder"]);
    for args in [
        &["search", "--index", "ix", "arbete"][..],
        &["info", "--index", "ix"],
        &["review", "--index", "ix"],
        &["delete", "--index", "ix", "--id", "g1"],
        &["gallra", "--index", "ix", "--before", "2020-01-01"],
    ] {
        jamkoll(tmp.path(), args).assert_exit(2).stderr_has(&["ix"]);
    }
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("ix")).unwrap(),
        "not a folder"
    );
}

#[test]
fn an_index_folder_that_holds_something_else() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    write(tmp.path(), "ix/report.docx", "someone's file");
    ingest(tmp.path(), &["good.jsonl"])
        .assert_exit(2)
        .stderr_has(&["ix is not empty and holds no jamkoll index"]);
    jamkoll(tmp.path(), &["info", "--index", "ix"])
        .assert_exit(2)
        .stderr_has(&["no jamkoll index at ix"]);
}

#[test]
fn an_index_of_another_schema_version_gets_re_ingest_advice() {
    let tmp = tempfile::tempdir().unwrap();
    with_index(tmp.path());
    let meta = tmp.path().join("ix/jamkoll.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["schema_version"] = serde_json::json!(999);
    std::fs::write(&meta, json.to_string()).unwrap();
    for args in [
        &["info", "--index", "ix"][..],
        &["search", "--index", "ix", "arbete"],
        &["ingest", "--index", "ix", "good.jsonl"],
    ] {
        jamkoll(tmp.path(), args)
            .assert_exit(2)
            .stderr_has(&["schema version 999", "re-ingest"]);
    }
}

#[test]
fn a_damaged_meta_file() {
    let tmp = tempfile::tempdir().unwrap();
    with_index(tmp.path());
    std::fs::write(tmp.path().join("ix/jamkoll.json"), "{not json").unwrap();
    jamkoll(tmp.path(), &["info", "--index", "ix"])
        .assert_exit(2)
        .stderr_has(&["jamkoll.json cannot be read", "re-ingest"]);
}

#[test]
fn damaged_tantivy_files() {
    let tmp = tempfile::tempdir().unwrap();
    with_index(tmp.path());
    std::fs::write(tmp.path().join("ix/meta.json"), "{\"broken\":").unwrap();
    jamkoll(tmp.path(), &["info", "--index", "ix"])
        .assert_exit(2)
        .stderr_has(&["the index at ix cannot be used", "re-ingest"]);
}

#[test]
fn truncated_segment_files() {
    let tmp = tempfile::tempdir().unwrap();
    with_index(tmp.path());
    for entry in std::fs::read_dir(tmp.path().join("ix")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".store") || name.ends_with(".idx") || name.ends_with(".term") {
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        }
    }
    for args in [
        &["info", "--index", "ix"][..],
        &["search", "--index", "ix", "arbete"],
        &["review", "--index", "ix", "--format", "json"],
    ] {
        jamkoll(tmp.path(), args)
            .assert_exit(2)
            .stderr_has(&["jamkoll: error:"]);
    }
}

#[test]
fn no_index_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["info", "--index", "ix"][..],
        &["search", "--index", "ix", "arbete"],
        &["delete", "--index", "ix", "--id", "a"],
        &["gallra", "--index", "ix", "--before", "2020-01-01"],
    ] {
        jamkoll(tmp.path(), args).assert_exit(2).stderr_has(&[
            "no jamkoll index at ix; create one with `jamkoll ingest FILE --index ix`",
        ]);
    }
    assert!(
        !tmp.path().join("ix").exists(),
        "reading must not create an index"
    );
}
