//! `jamkoll review --goals`: the shipped demo goals file on the demo corpus (one goal unmet, so
//! exit code 1, in every format), and a broken goals file (exit 2, file:line and key named).

use std::path::{Path, PathBuf};

mod common;
use common::{jamkoll, text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder with the demo corpus ingested into `idx`.
fn demo_index() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("temp dir");
    let corpus = root().join("fixtures/demo/assessments.jsonl");
    let out = jamkoll(
        work.path(),
        &["ingest", &corpus.to_string_lossy(), "--index", "idx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dir = work.path().to_path_buf();
    (work, dir)
}

#[test]
fn the_demo_goals_meet_three_and_miss_the_father_goal_in_every_format() {
    let (_keep, dir) = demo_index();
    let goals = root().join("fixtures/demo/goals.toml");
    let goals = goals.to_string_lossy();

    let json = jamkoll(
        &dir,
        &[
            "review", "--index", "idx", "--goals", &goals, "--format", "json",
        ],
    );
    assert_eq!(json.status.code(), Some(1), "{}", text(&json.stderr));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let results = report["goals"].as_array().expect("goals in the JSON");
    let status: Vec<(String, String)> = results
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap_or_default().to_string(),
                g["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("Lika krav på föräldrar i barnutredningar", "met"),
            ("Pappan kontaktas", "not_met"),
            ("Utseende beskrivs sällan", "met"),
            ("Lika känsloord i missbruksvården", "met"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // The unmet goal: the share of Öst's cases where a parent was not contacted, far above 10 %.
    let father = &results[1];
    assert_eq!(father["unit"], "Barn och familj Öst");
    let low = father["range"][0]
        .as_f64()
        .or(father["value"].as_f64())
        .expect("a figure");
    assert!(low > 0.15, "{father}");

    let md = jamkoll(&dir, &["review", "--index", "idx", "--goals", &goals]);
    assert_eq!(md.status.code(), Some(1));
    let md = text(&md.stdout);
    assert!(md.contains("## Mål"), "{md}");
    assert!(
        md.contains("3 uppfyllda, 1 ej uppfyllda, 0 kan inte mätas."),
        "{md}"
    );
    assert!(md.contains("| Pappan kontaktas: "), "{md}");
    assert!(md.contains("**ej uppfyllt**"), "{md}");

    let csv = jamkoll(
        &dir,
        &[
            "review", "--index", "idx", "--goals", &goals, "--format", "csv",
        ],
    );
    assert_eq!(csv.status.code(), Some(1));
    let csv = text(&csv.stdout);
    assert!(csv.starts_with("goal,line,name,unit,"), "{csv}");
    assert_eq!(csv.matches(",not_met,").count(), 1, "{csv}");
    assert_eq!(csv.matches(",met,").count(), 3, "{csv}");

    let html = jamkoll(
        &dir,
        &[
            "review", "--index", "idx", "--goals", &goals, "--format", "html", "--out", "html",
        ],
    );
    assert_eq!(html.status.code(), Some(1));
    let page = std::fs::read_to_string(dir.join("html/index.html")).expect("overview page");
    assert!(page.contains("<h2>Mål</h2>") && page.contains("class=\"not-met flagged\""));
}

#[test]
fn goals_that_are_all_met_exit_zero_and_a_small_unit_is_not_measurable() {
    let (_keep, dir) = demo_index();
    std::fs::write(
        dir.join("ok.toml"),
        "[[goal]]\ncategory = \"konsroll\"\nunit = \"Barn och familj Öst\"\nmax_rate_ratio = 1.5\n\n[[goal]]\ncategory = \"osynliggorande\"\nunit = \"Familjefrid Väst\"\nmax_rate_ratio = 1.25\n",
    )
    .expect("write goals");
    let out = jamkoll(
        &dir,
        &[
            "review", "--index", "idx", "--goals", "ok.toml", "--format", "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["goals"][0]["status"], "met");
    assert_eq!(report["goals"][1]["status"], "not_measurable");
    assert!(
        report["goals"][1]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("per kön")
    );
}

#[test]
fn a_broken_goals_file_stops_the_review_with_file_line_and_key() {
    let (_keep, dir) = demo_index();
    std::fs::write(
        dir.join("bad.toml"),
        "[[goal]]\ncategory = \"trovardighet\"\nmax_ratio = 1.25\n\n[[goal]]\nrule = \"finns-inte\"\nmax_rate = 0.1\n",
    )
    .expect("write goals");
    let out = jamkoll(&dir, &["review", "--index", "idx", "--goals", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml:3:1: unknown key `goal.max_ratio`"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    std::fs::write(
        dir.join("bad2.toml"),
        "[[goal]]\nrule = \"finns-inte\"\nmax_rate = 0.1\n",
    )
    .expect("write goals");
    let out = jamkoll(&dir, &["review", "--index", "idx", "--goals", "bad2.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad2.toml:2:8: key `goal.rule`: the rule pack has no rule \"finns-inte\""),
        "{err}"
    );
    let out = jamkoll(
        &dir,
        &["review", "--index", "idx", "--goals", "missing.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read the goals file missing.toml"));
}
