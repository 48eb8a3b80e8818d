//! Counts documents: merging the counts of shards gives exactly the review of the pooled corpus,
//! and files that cannot be merged are refused.

mod common;

use jamkoll_core::Gender;
use jamkoll_review::{
    Aggregator, Counts, CountsError, DocSummary, NoExcerpts, Report, Settings, Stamp, build, merge,
    merged_report,
};

/// The synthetic corpus, with two things the plain one lacks: a case whose documents disagree on
/// the gender (it counts as unknown, which only works if its documents stay together) and
/// amounts that are not whole kronor (the merged mean and median must be exact).
fn docs() -> Vec<DocSummary> {
    let mut docs = common::docs();
    docs[0].client_gender = Gender::Man;
    for (i, d) in docs.iter_mut().enumerate() {
        if let Some(a) = d.amount.as_mut() {
            *a += 0.1 * (i % 3) as f64 + 0.2;
        }
    }
    docs
}

/// A stable shard of a case id, as a batch scheduler would split by hash.
fn shard(case_id: &str, n: u64) -> usize {
    let h = case_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (h % n) as usize
}

fn counts_of(
    docs: impl IntoIterator<Item = DocSummary>,
    settings: &Settings,
    stamp: &Stamp,
) -> Counts {
    let mut agg = Aggregator::new(&common::rules(), settings);
    for d in docs {
        agg.push(d);
    }
    // Through JSON, as the files travel.
    Counts::from_json(&Counts::of(&agg, stamp).to_json()).expect("own counts read back")
}

fn pooled(settings: &Settings) -> Report {
    build(
        docs(),
        &common::rules(),
        settings,
        &common::stamp(),
        &NoExcerpts,
    )
}

fn merged(parts: Vec<Counts>, allow_split: bool, settings: &Settings) -> Report {
    let n = parts.len();
    let counts = merge(parts, allow_split)
        .expect("mergeable")
        .expect("at least one");
    merged_report(counts, n, settings, &common::stamp()).expect("valid counts")
}

fn by_case_hash(settings: &Settings) -> Vec<Counts> {
    (0..3)
        .map(|s| {
            counts_of(
                docs().into_iter().filter(|d| shard(&d.case_id, 3) == s),
                settings,
                &common::stamp(),
            )
        })
        .collect()
}

#[test]
fn three_shards_by_case_hash_merge_to_the_pooled_review() {
    for settings in [
        Settings::default(),
        Settings {
            min_cell: 3,
            alpha: 0.1,
            ..Settings::default()
        },
    ] {
        let parts = by_case_hash(&settings);
        assert!(parts.iter().all(|p| p.corpus.documents > 0));
        let mut got = merged(parts, true, &settings);
        let merged_note = got.merged.take().expect("merged note");
        assert_eq!(merged_note.files, 3);
        let want = pooled(&settings);
        assert!(want.tests.flagged > 0, "the corpus has flagged rows");
        assert_eq!(got, want);
        assert_eq!(
            jamkoll_review::render::json(&got),
            jamkoll_review::render::json(&want)
        );
    }
}

#[test]
fn shards_by_unit_merge_without_allowing_split_units() {
    let settings = Settings::default();
    let units: Vec<String> = {
        let mut u: Vec<String> = docs().into_iter().map(|d| d.unit).collect();
        u.sort();
        u.dedup();
        u
    };
    let parts: Vec<Counts> = units
        .iter()
        .map(|u| {
            counts_of(
                docs().into_iter().filter(|d| &d.unit == u),
                &settings,
                &common::stamp(),
            )
        })
        .collect();
    let mut got = merged(parts, false, &settings);
    got.merged = None;
    assert_eq!(got, pooled(&settings));
}

#[test]
fn a_unit_in_two_files_needs_allow_split_units() {
    let parts = by_case_hash(&Settings::default());
    let err = merge(parts, false).expect_err("refused");
    assert_eq!(err.0, 1);
    assert!(matches!(err.1, CountsError::SplitUnit { .. }), "{err:?}");
    assert!(err.1.to_string().contains("--allow-split-units"));
}

#[test]
fn dismissed_findings_add_up_into_the_merged_report() {
    let settings = Settings::default();
    let mut parts = by_case_hash(&settings);
    parts[0].corpus.dismissed = 2;
    parts[2].corpus.dismissed = 5;
    let r = merged(parts, true, &settings);
    assert_eq!(r.corpus.dismissed, 7);
}

#[test]
fn a_file_given_twice_is_refused_even_with_split_units() {
    let mut parts = by_case_hash(&Settings::default());
    parts.push(parts[0].clone());
    let err = merge(parts, true).expect_err("refused");
    assert_eq!(err.0, 3);
    assert!(matches!(err.1, CountsError::Duplicate(_)), "{err:?}");
}

#[test]
fn another_rule_pack_or_filter_is_refused_naming_the_file() {
    let settings = Settings::default();
    let mut parts = by_case_hash(&settings);
    parts[2].rule_pack.hash = "def456".into();
    let err = merge(parts, true).expect_err("refused");
    assert_eq!(err.0, 2);
    assert!(
        err.1.to_string().contains("rule-pack hash") && err.1.to_string().contains("def456"),
        "{}",
        err.1
    );

    let mut parts = by_case_hash(&settings);
    parts[1].filters.from = Some("2024-01-01".into());
    let err = merge(parts, true).expect_err("refused");
    assert_eq!(err.0, 1);
    assert!(err.1.to_string().contains("filters"), "{}", err.1);
}

#[test]
fn broken_foreign_and_other_version_files_are_refused() {
    assert!(matches!(
        Counts::from_json("{\"format\": \"jamkoll-counts\""),
        Err(CountsError::Parse(_))
    ));
    let report = jamkoll_review::render::json(&pooled(&Settings::default()));
    assert!(matches!(
        Counts::from_json(&report),
        Err(CountsError::NotCounts(_))
    ));
    let good = by_case_hash(&Settings::default()).remove(0).to_json();
    let v2 = good.replacen("\"format_version\": 1", "\"format_version\": 2", 1);
    assert!(matches!(
        Counts::from_json(&v2),
        Err(CountsError::Version { found: 2, .. })
    ));
    // More cases with a finding than the unit has cases.
    let mut c = Counts::from_json(&good).expect("good");
    let unit = c.units.values_mut().next().expect("a unit");
    unit.findings[0].cases.kvinna = unit.cases.kvinna + 1;
    unit.findings[0].findings.kvinna = unit.cases.kvinna + 1;
    assert!(matches!(
        Counts::from_json(&c.to_json()),
        Err(CountsError::Inconsistent(_))
    ));
    // More amounts than documents (a count that would make merge allocate without end).
    let mut c = Counts::from_json(&good).expect("good");
    let unit = c.units.values_mut().next().expect("a unit");
    unit.amounts.kvinna.push((100.0, u64::MAX));
    assert!(matches!(
        Counts::from_json(&c.to_json()),
        Err(CountsError::Inconsistent(_))
    ));
}

#[test]
fn counts_hold_no_document_or_case_ids_and_say_they_are_sensitive() {
    let c = by_case_hash(&Settings::default()).remove(0);
    let json = c.to_json();
    assert!(c.sensitive);
    assert!(json.contains("\"sensitive\": true"));
    assert!(json.contains("Känsliga arbetsdata") && json.contains("Sensitive working data"));
    for d in docs() {
        assert!(!json.contains(&d.id), "document id in counts");
        assert!(
            !json.contains(&format!("\"{}\"", d.case_id)),
            "case id in counts"
        );
    }
    // Byte-identical for the same input.
    assert_eq!(json, by_case_hash(&Settings::default()).remove(0).to_json());
}

#[test]
fn merged_report_says_why_it_has_no_excerpts() {
    let settings = Settings::default();
    let r = merged(by_case_hash(&settings), true, &settings);
    let md = jamkoll_review::render::markdown(&r);
    assert!(md.contains("Sammanslagen från 3 räknefiler"), "{md}");
    assert!(md.contains("Inga utdrag: bara räknetabeller"));
    let en = Settings {
        lang: jamkoll_review::Lang::En,
        ..Settings::default()
    };
    let r = merged(by_case_hash(&en), true, &en);
    assert!(jamkoll_review::render::markdown(&r).contains("Merged from 3 counts files"));
}

/// The committed JSON Schema of the counts document is current.
///
/// Regenerate with `JAMKOLL_UPDATE_SCHEMA=1 cargo test -p jamkoll_review --test counts`.
#[test]
fn committed_counts_schema_is_current() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/counts-schema.json");
    let want = jamkoll_review::counts_json_schema();
    if std::env::var_os("JAMKOLL_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &want).expect("write docs/counts-schema.json");
        return;
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/counts-schema.json is stale; regenerate it with \
         JAMKOLL_UPDATE_SCHEMA=1 cargo test -p jamkoll_review --test counts"
    );
}
