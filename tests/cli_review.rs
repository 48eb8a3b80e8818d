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
