//! `jamkoll review --compare-from/--compare-to`: before and after on the demo corpus, whose
//! generator plants a fall in doubt about women's accounts in Försörjningsstöd Norr from 2024 to
//! 2025 (fixtures/demo/README.md). Figures checked with statsmodels 0.15 and SciPy 1.17
//! (docs/statistics.md, "Before and after").

use std::path::Path;
use std::process::Output;

mod common;
use common::{jamkoll, text};

const PERIODS: [&str; 8] = [
    "--from",
    "2025-01-01",
    "--to",
    "2025-12-31",
    "--compare-from",
    "2024-01-01",
    "--compare-to",
    "2024-12-31",
];

fn review(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["review", "--index", "idx", "--quiet"];
    args.extend(PERIODS);
    args.extend(extra);
    jamkoll(dir, &args)
}

/// A folder with the demo corpus ingested into `idx`.
fn demo_index() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("temp dir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/assessments.jsonl");
    let out = jamkoll(
        work.path(),
        &["ingest", &corpus.to_string_lossy(), "--index", "idx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    work
}

fn norr_doubt(json: &serde_json::Value) -> serde_json::Value {
    json["units"]
        .as_array()
        .and_then(|u| u.iter().find(|u| u["unit"] == "Försörjningsstöd Norr"))
        .and_then(|u| {
            u["rows"].as_array().and_then(|r| {
                r.iter()
                    .find(|r| r["category"] == "trovardighet" && r["rule"].is_null())
            })
        })
        .cloned()
        .expect("Norr's trovardighet row")
}

#[test]
fn before_and_after_shows_the_planted_fall_with_its_interval_in_every_format() {
    let work = demo_index();
    let dir = work.path();

    // Default min_cell 5: the women's 2025 count (4 of 17) is hidden, so no change is computed.
    let out = review(dir, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["kind"], "compare");
    let row = norr_doubt(&json);
    assert_eq!(row["before"]["cases_with_findings"]["kvinna"]["value"], 12);
    assert_eq!(row["before"]["flagged"], true);
    assert_eq!(
        row["after"]["cases_with_findings"]["kvinna"]["why"],
        "small"
    );
    assert!(row["women_change"].is_null(), "{row}");
    // Its share (4/17 = 0.235294) is hidden with it. (The same figure can appear elsewhere as a
    // bound: "at most 4 of 17" above a 0 is what "<5" says.)
    assert!(row["after"]["rate"]["kvinna"]["value"].is_null(), "{row}");
    // What the report does show: the hidden count is 1 to 4 of 17, so the women's share fell
    // by 22.6 to 40.3 points (1/17 − 12/26 and 4/17 − 12/26), with Newcombe's interval widened
    // over those values (statsmodels at 1/17: −0.592851; at 4/17: +0.068020).
    let bounds = &row["women_change_bounds"];
    assert_eq!(bounds["low"], -0.402715, "{row}");
    assert_eq!(bounds["high"], -0.226244, "{row}");
    assert_eq!(bounds["ci95"][0], -0.592851, "{row}");
    assert_eq!(bounds["ci95"][1], 0.06802, "{row}");
    let md = text(&review(dir, &[]).stdout);
    assert!(
        md.contains("| **Trovärdighet** | 46,2 % (12) | <5 | mellan −40,3 och −22,6 pe (KI −59,3 till +6,8) |"),
        "{md}"
    );

    // With min_cell 3 the fall shows: 12/26 → 4/17, −22.6 points, Newcombe −45.7 to +6.8
    // (statsmodels confint_proportions_2indep(4, 17, 12, 26, method="newcomb")).
    let out = review(dir, &["--format", "json", "--min-cell", "3"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let row = norr_doubt(&json);
    assert_eq!(row["after"]["cases_with_findings"]["kvinna"]["value"], 4);
    assert_eq!(row["women_change"]["value"], -0.226244);
    assert_eq!(row["women_change"]["ci95"][0], -0.457201);
    assert_eq!(row["women_change"]["ci95"][1], 0.06802);
    assert!(
        row["women_change_bounds"].is_null(),
        "shown counts need no bounds: {row}"
    );
    assert!(
        row["ratio_change"].is_null(),
        "men's counts are hidden: {row}"
    );

    // With min_cell 1 the ratio of rate ratios: (4/17 ÷ 1/19) / (12/26 ÷ 1/23) = 0.421, CI
    // 0.024–7.41 (SciPy relative_risk intervals combined on the log scale).
    let out = review(dir, &["--format", "json", "--min-cell", "1"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let row = norr_doubt(&json);
    assert_eq!(row["ratio_change"]["value"], 0.421142);
    assert_eq!(row["ratio_change"]["ci95"][0], 0.023947);
    assert_eq!(row["ratio_change"]["ci95"][1], 7.406474);

    let md = review(dir, &["--min-cell", "3"]);
    let md = text(&md.stdout);
    assert!(
        md.contains("# Jämställdhetsgranskning – före och efter"),
        "{md}"
    );
    assert!(
        md.contains("| **Trovärdighet** | 46,2 % (12) | 23,5 % (4) | −22,6 pe (−45,7 till +6,8) |"),
        "{md}"
    );
    assert!(md.contains("## Enhet: Familjefrid Väst"));

    let csv = review(dir, &["--format", "csv", "--min-cell", "3"]);
    let csv = text(&csv.stdout);
    assert!(csv.contains(
        "Försörjningsstöd Norr,category,trovardighet,,kvinna,12,26,0.461538,4,17,0.235294,-0.226244,-0.457201,0.068020,"
    ), "{csv}");

    let out = review(dir, &["--format", "html", "--out", "cmp"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(dir.join("cmp/compare.html")).expect("compare page");
    assert!(page.contains("<h2>Enhet: Försörjningsstöd Norr</h2>"));
}

#[test]
fn overlapping_or_reversed_periods_are_refused() {
    let work = tempfile::tempdir().expect("temp dir");
    for (args, want) in [
        (
            vec![
                "--from",
                "2024-06-01",
                "--to",
                "2024-12-31",
                "--compare-from",
                "2024-01-01",
                "--compare-to",
                "2024-06-30",
            ],
            "the periods overlap or are in the wrong order",
        ),
        (
            vec!["--compare-from", "2024-01-01", "--compare-to", "2024-06-30"],
            "need --from and --to",
        ),
        (
            vec![
                "--from",
                "2025-01-01",
                "--to",
                "2025-12-31",
                "--compare-from",
                "1 jan",
                "--compare-to",
                "2024-06-30",
            ],
            "YYYY-MM-DD",
        ),
    ] {
        let mut all = vec!["review", "--index", "idx"];
        all.extend(args.iter().copied());
        let out = jamkoll(work.path(), &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(want),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn counts_refuse_the_research_circle_options_instead_of_ignoring_them() {
    // `--format counts` writes the raw tables for `jamkoll merge`: a before-and-after, goals or
    // discussion material would silently be dropped, so each is refused before any work (the
    // index is not even opened).
    let work = tempfile::tempdir().expect("temp dir");
    for (extra, flag) in [
        (&PERIODS[..], "--compare-from"),
        (&["--goals", "goals.toml"][..], "--goals"),
        (&["--discussion", "--out", "samtal"][..], "--discussion"),
    ] {
        let mut args = vec!["review", "--index", "idx", "--format", "counts"];
        args.extend(extra);
        let out = jamkoll(work.path(), &args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(
            err.contains(&format!("--format counts and {flag}")),
            "{extra:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{extra:?}");
        assert!(!work.path().join("samtal").exists());
    }
}

#[test]
fn dismissed_findings_are_counted_per_period_and_unit_in_every_format() {
    let work = demo_index();
    let dir = work.path();
    // A circle dismisses every doubt verb in Norr (both periods).
    let list = jamkoll(
        dir,
        &[
            "triage",
            "list",
            "--index",
            "idx",
            "--unit",
            "Försörjningsstöd Norr",
            "--rule",
            "tvivelsverb",
            "--format",
            "jsonl",
        ],
    );
    let fingerprints: Vec<String> = text(&list.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("jsonl");
            v["fingerprint"].as_str().expect("fingerprint").to_string()
        })
        .collect();
    assert!(fingerprints.len() >= 4, "{fingerprints:?}");
    for fp in &fingerprints {
        let out = jamkoll(
            dir,
            &[
                "triage",
                "dismiss",
                fp,
                "--reason",
                "citat",
                "--by",
                "forskningscirkel",
                "--index",
                "idx",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    // Each period reviewed alone says how many it left out, per unit in the JSON and CSV.
    let period = |from: &str, to: &str, format: &str| {
        let out = jamkoll(
            dir,
            &[
                "review", "--index", "idx", "--quiet", "--from", from, "--to", to, "--format",
                format,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let norr = |json: &str| -> u64 {
        let v: serde_json::Value = serde_json::from_str(json).expect("json");
        let units = v["units"].as_array().expect("units");
        let norr = units
            .iter()
            .find(|u| u["unit"] == "Försörjningsstöd Norr")
            .expect("Norr");
        for u in units {
            if u["unit"] != "Försörjningsstöd Norr" {
                assert!(u["dismissed"].is_null(), "none dismissed elsewhere: {u}");
            }
        }
        assert_eq!(v["corpus"]["dismissed"], norr["dismissed"]);
        norr["dismissed"].as_u64().expect("a count")
    };
    let before = norr(&period("2024-01-01", "2024-12-31", "json"));
    let after = norr(&period("2025-01-01", "2025-12-31", "json"));
    // Different in the two periods (8 and 2 in the demo corpus), so a count of both periods
    // given to either one shows.
    assert!(before > 0 && after > 0, "{before} {after}");
    assert_ne!(before, after, "the periods dismiss different numbers");
    // Every asserted finding dismissed is in one period or the other.
    assert_eq!(
        usize::try_from(before + after).expect("small"),
        fingerprints.len()
    );
    let csv = period("2025-01-01", "2025-12-31", "csv");
    let header = csv.lines().next().expect("header");
    assert!(header.ends_with(",flagged,dismissed"), "{header}");
    for line in csv.lines().skip(1) {
        let want = if line.starts_with("Försörjningsstöd Norr,") {
            after
        } else {
            0
        };
        assert!(line.ends_with(&format!(",{want}")), "{line}");
    }

    // The before-and-after review says it for each period, not the sum of both.
    let json: serde_json::Value =
        serde_json::from_slice(&review(dir, &["--format", "json"]).stdout).expect("json");
    assert_eq!(json["before"]["dismissed"], before);
    assert_eq!(json["after"]["dismissed"], after);
    let unit = json["units"]
        .as_array()
        .and_then(|u| u.iter().find(|u| u["unit"] == "Försörjningsstöd Norr"))
        .expect("Norr");
    assert_eq!(unit["dismissed_before"], before);
    assert_eq!(unit["dismissed_after"], after);
    let md = text(&review(dir, &[]).stdout);
    for (period, n) in [("Före", before), ("Efter", after)] {
        let said = format!("ärenden, {n} fynd avfärdade vid triage räknas inte)");
        let at = md.find(&format!("{period} = ")).expect("the period");
        assert!(md[at..].contains(&said), "{period}: {said}\n{md}");
    }
    assert!(
        md.contains(&format!(
            "Fynd avfärdade vid triage (räknas inte): {before} före → {after} efter"
        )),
        "{md}"
    );
    let out = review(dir, &["--format", "html", "--out", "cmp"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(dir.join("cmp/compare.html")).expect("compare page");
    assert!(
        page.contains(&format!("{after} fynd avfärdade vid triage räknas inte")),
        "{page}"
    );
    let csv = text(&review(dir, &["--format", "csv"]).stdout);
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",dismissed_before,dismissed_after")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .filter(|l| l.starts_with("Försörjningsstöd Norr,"))
            .all(|l| l.ends_with(&format!(",{before},{after}"))),
        "{csv}"
    );
}
