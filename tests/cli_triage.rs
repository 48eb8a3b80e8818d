//! End-to-end tests of `jamkoll triage`: list, keep, dismiss, export, import; verdicts that
//! survive re-ingest; and a review that leaves dismissed findings out and says how many.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::jamkoll;

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Twelve documents in one unit, each doubting the mother's account ("påstår").
fn corpus(dir: &Path, extra: &str) -> PathBuf {
    let mut lines = Vec::new();
    for i in 0..12 {
        let gender = if i % 2 == 0 { "kvinna" } else { "man" };
        let (noun, pron) = if i % 2 == 0 {
            ("Mamman", "hon")
        } else {
            ("Pappan", "han")
        };
        lines.push(
            serde_json::json!({
                "id": format!("d{i}"),
                "unit": "Norr",
                "client_gender": gender,
                "area": "ekonomiskt bistånd",
                "text": format!("{noun} påstår att {pron} har betalat hyran för mars.{extra} Handläggaren beslutar om bistånd."),
            })
            .to_string(),
        );
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write corpus");
    path
}

/// A temporary folder with [`corpus`] ingested into its default index.
fn ingested() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    let input = corpus(work.path(), "");
    ok(&jamkoll(
        work.path(),
        &["ingest", input.to_str().expect("a UTF-8 path")],
    ));
    work
}

/// The `triage list --format jsonl` lines of the index in `dir`.
fn listed(dir: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["triage", "list", "--format", "jsonl"];
    args.extend_from_slice(extra);
    ok(&jamkoll(dir, &args))
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn triage_keep_dismiss_export_import_and_review() {
    let work = ingested();
    let dir = work.path();

    let all = listed(dir, &["--rule", "tvivelsverb"]);
    assert_eq!(all.len(), 12, "{all:#?}");
    assert!(all.iter().all(|f| f["verdict"].is_null()));
    let fp = |i: usize| all[i]["fingerprint"].as_str().unwrap().to_string();
    let excerpt = all[0]["excerpt"]["cue"].as_str().unwrap();
    assert_eq!(excerpt, "påstår");

    // Dismiss three (one by a unique prefix), keep one.
    let out = ok(&jamkoll(
        dir,
        &[
            "triage",
            "dismiss",
            &fp(0),
            &fp(2),
            &fp(4)[..8],
            "--reason",
            "citat",
            "--by",
            "kvalitetsteam",
        ],
    ));
    assert_eq!(out.lines().count(), 3, "{out}");
    ok(&jamkoll(dir, &["triage", "keep", &fp(1)]));
    assert_eq!(listed(dir, &["--verdict", "dismiss"]).len(), 3);
    assert_eq!(listed(dir, &["--verdict", "keep"]).len(), 1);

    // A role that is a name, a note with a phone number, an unknown fingerprint: refused.
    for bad in [
        vec!["triage", "keep", &fp(3), "--by", "Anna Svensson"],
        vec![
            "triage",
            "dismiss",
            &fp(3),
            "--reason",
            "annat",
            "--note",
            "ring 070-123 45 67",
        ],
        vec!["triage", "keep", "0123456789abcdef"],
    ] {
        let o = jamkoll(dir, &bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("Anna") && !err.contains("070"), "{err}");
    }

    let verdicts = dir.join(".jamkoll/index/verdicts.jsonl");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&verdicts).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Review leaves the three out and says so.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&jamkoll(dir, &["review", "--format", "json"]))).unwrap();
    assert_eq!(json["corpus"]["dismissed"], 3, "{}", json["corpus"]);
    let md = ok(&jamkoll(dir, &["review"]));
    assert!(
        md.contains("3 fynd avfärdade vid triage räknas inte"),
        "{md}"
    );

    // Re-ingest with a re-wrapped text: the sentences are the same, so are the verdicts.
    let rewrapped = corpus(dir, "  ");
    ok(&jamkoll(dir, &["ingest", rewrapped.to_str().unwrap()]));
    assert_eq!(listed(dir, &["--verdict", "dismiss"]).len(), 3);

    // Export, import into a fresh index: the same verdicts.
    let csv_path = dir.join("verdicts.csv");
    ok(&jamkoll(
        dir,
        &["triage", "export", "--out", csv_path.to_str().unwrap()],
    ));
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(
        csv.starts_with("fingerprint,rule,doc_id,unit,excerpt,verdict"),
        "{csv}"
    );
    assert_eq!(csv.matches(",dismiss,citat,").count(), 3, "{csv}");
    let other = dir.join("other");
    std::fs::create_dir(&other).unwrap();
    let input = dir.join("corpus.jsonl");
    ok(&jamkoll(&other, &["ingest", input.to_str().unwrap()]));
    let out = ok(&jamkoll(
        &other,
        &["triage", "import", csv_path.to_str().unwrap()],
    ));
    assert!(out.starts_with("4 verdict(s) recorded"), "{out}");
    assert_eq!(listed(&other, &["--verdict", "dismiss"]).len(), 3);

    // A bad row refuses the file and names the line and field.
    std::fs::write(
        dir.join("bad.csv"),
        format!(
            "fingerprint,rule,doc_id,verdict,reason\n{},tvivelsverb,d3,dismiss,\n",
            fp(3)
        ),
    )
    .unwrap();
    let o = jamkoll(dir, &["triage", "import", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 2, reason:"), "{err}");
}

#[test]
fn rules_stats_lists_rules_below_half_precision_on_twenty_verdicts() {
    let work = ingested();
    let dir = work.path();
    // Verdicts are imported without their findings: stats read only the verdict file.
    let mut csv = String::from("fingerprint,rule,doc_id,verdict,reason\n");
    for i in 0..21 {
        let verdict = if i < 5 { "keep," } else { "dismiss,negation" };
        csv.push_str(&format!("{i:016x},brusig,d{i},{verdict}\n"));
    }
    for i in 0..3 {
        csv.push_str(&format!("{:016x},sallsynt,d{i},dismiss,citat\n", 100 + i));
    }
    std::fs::write(dir.join("v.csv"), csv).unwrap();
    ok(&jamkoll(dir, &["triage", "import", "v.csv"]));

    let text = ok(&jamkoll(dir, &["rules", "stats"]));
    assert!(text.contains("brusig"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("brusig") && l.contains("0.24") && l.contains("låg")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("sallsynt") && !l.contains("låg")),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&jamkoll(dir, &["rules", "stats", "--format", "json"]))).unwrap();
    assert_eq!(
        json["low_precision"]["rules"],
        serde_json::json!(["brusig"])
    );
    assert_eq!(json["verdicts"], 24);
}

#[test]
fn export_defuses_spreadsheet_formulas_and_import_restores_them() {
    let work = tempfile::tempdir().expect("tempdir");
    let dir = work.path();
    let lines = [
        r#"{"id":"d1","unit":"Norr","client_gender":"kvinna","text":"=HYPERLINK(\"http://x.example/?a=1\",\"klicka\") Mamman påstår att hon har betalat hyran."}"#,
        r#"{"id":"d2","unit":"Norr","client_gender":"kvinna","text":"@Mamman påstår att hon har betalat elen."}"#,
        r#"{"id":"d3","unit":"Norr","client_gender":"man","text":"Pappan påstår att han har betalat hyran."}"#,
    ];
    std::fs::write(dir.join("c.jsonl"), lines.join("\n") + "\n").unwrap();
    ok(&jamkoll(dir, &["ingest", "c.jsonl"]));
    let all = listed(dir, &["--rule", "tvivelsverb"]);
    assert_eq!(all.len(), 3, "{all:#?}");
    let fp = |i: usize| all[i]["fingerprint"].as_str().unwrap().to_string();
    // A note that starts like a formula, as a circle might write one.
    ok(&jamkoll(
        dir,
        &[
            "triage",
            "dismiss",
            &fp(0),
            "--reason",
            "annat",
            "--note=-rubrik i mallen, inte handläggarens ord",
        ],
    ));
    ok(&jamkoll(dir, &["triage", "keep", &fp(1), &fp(2)]));

    ok(&jamkoll(dir, &["triage", "export", "--out", "v.csv"]));
    let csv = std::fs::read_to_string(dir.join("v.csv")).unwrap();
    // No cell starts like a formula, quoted or not (this corpus has no `,` before one of
    // those characters inside a cell).
    for start in ['=', '+', '-', '@', '\t', '\r'] {
        for cell_start in [format!(",{start}"), format!(",\"{start}")] {
            assert!(!csv.contains(&cell_start), "{cell_start:?} in\n{csv}");
        }
    }
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http"), "{csv}");
    assert!(csv.contains(",'@Mamman [påstår]"), "{csv}");
    assert!(
        csv.contains(",\"'-rubrik i mallen, inte handläggarens ord\","),
        "{csv}"
    );

    // Imported into a fresh index of the same corpus: the same verdicts, the note unchanged.
    let other = dir.join("other");
    std::fs::create_dir(&other).unwrap();
    ok(&jamkoll(&other, &["ingest", "../c.jsonl"]));
    let out = ok(&jamkoll(&other, &["triage", "import", "../v.csv"]));
    assert!(out.starts_with("3 verdict(s) recorded"), "{out}");
    // Exported again, the file is the same byte for byte: the round trip lost nothing.
    ok(&jamkoll(
        &other,
        &["triage", "export", "--out", "../again.csv"],
    ));
    assert_eq!(std::fs::read_to_string(dir.join("again.csv")).unwrap(), csv);
}

#[test]
fn import_names_bad_rows_by_file_line_without_echoing_identifiers() {
    let work = ingested();
    let dir = work.path();
    let all = listed(dir, &["--rule", "tvivelsverb"]);
    let fp = all[0]["fingerprint"].as_str().unwrap();
    // As a Swedish spreadsheet saves it: BOM, `;`, CRLF, and a blank line.
    let csv = format!(
        "\u{feff}fingerprint;rule;doc_id;verdict;reason\r\n\
         {fp};tvivelsverb;d0;keep;\r\n\
         \r\n\
         {fp};tvivelsverb;d0;maybe 850312-1231;\r\n\
         850312-1231;tvivelsverb;d0;keep;\r\n\
         {fp};tvivelsverb;d0;dismiss;Anna Svensson 070-123 45 67\r\n"
    );
    std::fs::write(dir.join("bad.csv"), csv).unwrap();
    let o = jamkoll(dir, &["triage", "import", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for expected in [
        "bad.csv: 3 row(s) refused, nothing imported",
        "line 4, verdict: \"maybe [PERSONNUMMER]\" is not a verdict",
        "line 5, fingerprint: \"[PERSONNUMMER]\" is not a fingerprint",
        "line 6, reason: \"[NAMN] [TELEFON]\" is not a reason",
    ] {
        assert!(err.contains(expected), "{expected} missing in:\n{err}");
    }
    for leak in ["850312", "Anna", "Svensson", "070"] {
        assert!(!err.contains(leak), "{leak} in:\n{err}");
    }
}

/// A refused import writes nothing, not even the verdicts' lock file (the file is checked
/// before the lock is taken), and a file named by a personnummer is shown by its placeholder;
/// so is a refused fingerprint, for `keep` and `dismiss` alike.
#[test]
fn a_refused_import_or_fingerprint_writes_nothing_and_names_by_placeholder() {
    let work = ingested();
    let dir = work.path();
    let index = dir.join(".jamkoll/index");
    let files = || {
        let mut names: Vec<String> = std::fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = files();
    assert!(
        !before.iter().any(|f| f.starts_with("verdicts")),
        "{before:?}"
    );
    std::fs::write(
        dir.join("850312-1231.csv"),
        "fingerprint,rule,doc_id,verdict\n0123456789abcdef,tvivelsverb,d0,maybe\n",
    )
    .unwrap();
    let import = jamkoll(dir, &["triage", "import", "850312-1231.csv"]);
    let keep = jamkoll(dir, &["triage", "keep", "0123456789abcdef", "850312-1231"]);
    let dismiss = jamkoll(
        dir,
        &["triage", "dismiss", "Anna Svensson", "--reason", "citat"],
    );
    for (o, said) in [
        (
            &import,
            "[PERSONNUMMER].csv: 1 row(s) refused, nothing imported",
        ),
        (&keep, "\"[PERSONNUMMER]\" is not a fingerprint"),
        (&dismiss, "\"[NAMN]\" is not a fingerprint"),
    ] {
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(said), "{said} missing in:\n{err}");
        for leak in ["850312", "Anna", "Svensson"] {
            assert!(!err.contains(leak), "{leak} in:\n{err}");
        }
    }
    assert_eq!(files(), before, "a refused command wrote in the index");
}

/// A well-formed fingerprint that matches no finding is found out under the verdicts' lock
/// (which covers the listing): exit 2, no verdict written, at most the lock's empty file left
/// (docs/security.md, "Locks").
#[test]
fn a_fingerprint_that_matches_nothing_writes_no_verdict() {
    let work = ingested();
    let dir = work.path();
    let index = dir.join(".jamkoll/index");
    for args in [
        &["triage", "keep", "fedcba9876543210"][..],
        &["triage", "dismiss", "fedcba", "--reason", "citat"][..],
    ] {
        let o = jamkoll(dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("no finding has the fingerprint"), "{err}");
    }
    assert!(
        !index.join("verdicts.jsonl").exists(),
        "a verdict was written"
    );
    if let Ok(lock) = std::fs::read(index.join("verdicts.lock")) {
        assert!(lock.is_empty(), "the lock file says {lock:?}");
    }
}

/// An I/O error on the verdict file is said once: its cause was both in the message and the
/// error's source, and the binary prints the chain.
#[test]
fn a_verdict_file_that_cannot_be_read_is_said_once() {
    let work = ingested();
    let dir = work.path();
    std::fs::create_dir(dir.join(".jamkoll/index/verdicts.jsonl")).unwrap();
    for args in [
        &["triage", "list"][..],
        &["triage", "export"],
        &["rules", "stats"],
        &["review"],
    ] {
        let o = jamkoll(dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("verdicts.jsonl: "), "{args:?}: {err}");
        assert_eq!(err.matches("(os error").count(), 1, "{args:?}: {err}");
    }
}
