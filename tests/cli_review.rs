//! End-to-end tests of `jamkoll review`: the real binary on a generated corpus with a planted
//! difference in one unit, none in another and a third too small to report.

use std::path::{Path, PathBuf};

mod common;
use common::{jamkoll, text};

/// Writes the corpus: "Enhet Norr" doubts women's accounts in half of their cases and men's in
/// one in twenty; "Enhet Syd" doubts both in one case in five; "Enhet Liten" has 3 women.
fn corpus(dir: &Path) -> PathBuf {
    let mut lines = Vec::new();
    let mut add = |unit: &str, gender: &str, n: usize, doubted: usize| {
        for i in 0..n {
            let (pron, noun) = if gender == "kvinna" {
                ("hon", "Mamman")
            } else {
                ("han", "Pappan")
            };
            let verb = if i < doubted { "påstår" } else { "berättar" };
            let text = format!(
                "{noun} {verb} att {pron} har betalat hyran för mars. Handläggaren har gått igenom underlaget och beslutar om bistånd till hyra och uppehälle."
            );
            lines.push(
                serde_json::json!({
                    "id": format!("{}-{gender}-{i}", &unit[6..]),
                    "unit": unit,
                    "client_gender": gender,
                    "area": "ekonomiskt bistånd",
                    "date": "2024-03-01",
                    "text": text,
                })
                .to_string(),
            );
        }
    };
    add("Enhet Norr", "kvinna", 40, 20);
    add("Enhet Norr", "man", 40, 2);
    add("Enhet Syd", "kvinna", 30, 6);
    add("Enhet Syd", "man", 30, 6);
    add("Enhet Liten", "kvinna", 3, 1);
    add("Enhet Liten", "man", 8, 1);
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write corpus");
    path
}

fn tempdir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("jamkoll-cli-review-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn review_flags_the_planted_unit_only_and_is_byte_identical_twice() {
    let dir = tempdir("json");
    let corpus = corpus(&dir);
    let corpus = corpus.to_string_lossy();
    let first = jamkoll(
        &dir,
        &[
            "review", &corpus, "--index", "idx", "--format", "json", "--quiet",
        ],
    );
    assert_eq!(
        first.status.code(),
        Some(0),
        "stderr: {}",
        text(&first.stderr)
    );
    let second = jamkoll(&dir, &["review", "--index", "idx", "--format", "json"]);
    assert_eq!(
        second.status.code(),
        Some(0),
        "stderr: {}",
        text(&second.stderr)
    );
    assert_eq!(first.stdout, second.stdout, "two runs differ");

    let report: serde_json::Value = serde_json::from_slice(&first.stdout).expect("json");
    assert_eq!(report["schema_version"], 1);
    let unit = |name: &str| {
        report["units"]
            .as_array()
            .and_then(|u| u.iter().find(|u| u["unit"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("unit {name} in the report"))
    };
    let flagged = |u: &serde_json::Value| -> Vec<String> {
        u["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["flagged"] == true)
            .map(|c| c["category"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(flagged(&unit("Enhet Norr")), vec!["trovardighet"]);
    assert!(flagged(&unit("Enhet Syd")).is_empty());
    assert_eq!(unit("Enhet Liten")["suppressed"], true);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn html_and_markdown_go_to_files_per_unit() {
    let dir = tempdir("html");
    let corpus = corpus(&dir);
    let corpus = corpus.to_string_lossy();
    let out = jamkoll(
        &dir,
        &[
            "review", &corpus, "--index", "idx", "--format", "html", "--out", "report", "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let page = std::fs::read_to_string(dir.join("report/enhet-norr.html")).expect("unit page");
    assert!(page.contains("<svg") && page.contains("<title>"));
    assert!(std::fs::metadata(dir.join("report/index.html")).is_ok());
    let out = jamkoll(
        &dir,
        &["review", "--index", "idx", "--out", "md", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let overview = std::fs::read_to_string(dir.join("md/index.md")).expect("overview");
    assert!(overview.contains("Gender equality review"));
    assert!(std::fs::metadata(dir.join("md/enhet-syd.md")).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_settings_say_what_to_do() {
    let dir = tempdir("bad");
    for (args, want) in [
        (
            vec!["review", "--index", "nowhere"],
            "ingest documents first",
        ),
        (
            vec!["review", "--index", "nowhere", "--alpha", "2"],
            "--alpha must be between 0 and 1",
        ),
        (
            vec!["review", "--index", "nowhere", "--from", "1 mars"],
            "YYYY-MM-DD",
        ),
        (
            vec!["review", "--index", "nowhere", "--format", "html"],
            "give --out DIR",
        ),
    ] {
        let out = jamkoll(&dir, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(want),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A temporary folder whose index `idx` holds the corpus.
fn ingested(name: &str) -> PathBuf {
    let dir = tempdir(name);
    let corpus = corpus(&dir);
    let corpus = corpus.to_string_lossy();
    let out = jamkoll(&dir, &["ingest", &corpus, "--index", "idx", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    dir
}

/// `review --index idx ARGS` in `dir` exits 0.
#[track_caller]
fn accepted(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["review", "--index", "idx"];
    all.extend(args);
    let out = jamkoll(dir, &all);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    out
}

/// `review --index idx --out rapport ARGS` in `dir` exits 2 with `want` on standard error,
/// and prints and writes nothing.
#[track_caller]
fn refused(dir: &Path, args: &[&str], want: &str) -> std::process::Output {
    let mut all = vec!["review", "--index", "idx", "--out", "rapport"];
    all.extend(args);
    let out = jamkoll(dir, &all);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(
        text(&out.stderr).contains(want),
        "{args:?}: {}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "{args:?}");
    assert!(
        !dir.join("rapport").exists(),
        "{args:?}: a report was written"
    );
    out
}

/// A `--unit` or `--area` that no document has is a typo until shown otherwise: refused by
/// name with the values the index holds, instead of an empty review and exit 0. An area
/// given as free text or by an alias matches its normalised name.
#[test]
fn a_unit_or_area_no_document_has_is_refused_with_the_known_ones() {
    let dir = ingested("filters");
    for (args, want) in [
        (
            // The typed value passes the gate: "Nora" is a likely name.
            vec!["--unit", "Enhet Nora"],
            "--unit \"Enhet [NAMN]\": no document in the index idx has this unit (names are matched exactly); the units in the index are: Enhet Liten, Enhet Norr, Enhet Syd",
        ),
        (
            vec!["--unit", "Enhet Norr", "--unit", "enhet syd"],
            "--unit \"enhet syd\": no document",
        ),
        (
            vec!["--area", "barn_unga"],
            "--area \"barn_unga\": no document in the index idx has this area; the areas in the index are: ekonomiskt_bistand",
        ),
        (
            vec!["--area", "hemlöshet"],
            "--area \"hemlöshet\": no document in the index idx has this area",
        ),
    ] {
        refused(&dir, &args, want);
    }
    let out = accepted(
        &dir,
        &["--area", "Ekonomiskt bistånd", "--unit", "Enhet Norr"],
    );
    assert!(text(&out.stdout).contains("filter: enheter Enhet Norr; område ekonomiskt_bistand"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// An identifier given as `--area` or `--unit` is refused before any work and never printed:
/// not in the filter line (standard output or files), not in the message, not normalised
/// (`850312_1231`).
#[test]
fn an_identifier_in_area_or_unit_is_refused_and_never_printed() {
    let dir = ingested("gated");
    for flag in ["--area", "--unit"] {
        for value in [
            "anna.svensson@example.se",
            "850312-1231",
            "070-123 45 67",
            "Storgatan 12",
        ] {
            for format in ["md", "json", "csv"] {
                let want = format!("{flag} holds a personnummer, phone number, e-mail or address");
                let out = refused(&dir, &[flag, value, "--format", format], &want);
                let all = text(&out.stderr);
                for shown in [value, "850312_1231", "anna.svensson", "070-123"] {
                    assert!(!all.contains(shown), "{flag} {value}: {all}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Days that do not exist, and a period whose first day comes after its last, are refused
/// (as `gallra --before` refuses them), not reviewed as an empty period.
#[test]
fn impossible_days_and_reversed_periods_are_refused() {
    let dir = ingested("days");
    for (args, want) in [
        (
            vec!["--from", "2025-02-30"],
            "--from \"2025-02-30\" is not a date",
        ),
        (
            vec!["--to", "2025-04-31"],
            "--to \"2025-04-31\" is not a date",
        ),
        (
            vec!["--from", "2025-02-29"],
            "--from \"2025-02-29\" is not a date",
        ),
        (
            vec!["--from", "2024-03-02", "--to", "2024-03-01"],
            "--from 2024-03-02 is after --to 2024-03-01",
        ),
        (
            vec![
                "--from",
                "2024-03-01",
                "--to",
                "2024-03-31",
                "--compare-from",
                "2024-02-30",
                "--compare-to",
                "2024-02-28",
            ],
            "--compare-from \"2024-02-30\" is not a date",
        ),
        (
            vec![
                "--from",
                "2024-03-01",
                "--to",
                "2024-03-31",
                "--compare-from",
                "2024-02-20",
                "--compare-to",
                "2024-02-10",
            ],
            "--compare-from 2024-02-20 is after --compare-to 2024-02-10",
        ),
    ] {
        refused(&dir, &args, want);
    }
    accepted(&dir, &["--from", "2024-02-29", "--to", "2024-03-01"]);
    let _ = std::fs::remove_dir_all(&dir);
}
