//! End-to-end tests of the review library on the synthetic corpus in `common`.

mod common;

use jamkoll_core::Category;
use jamkoll_review::{Lang, Report, Settings, build, render};

fn report_with(settings: &Settings) -> Report {
    build(
        common::docs(),
        &common::rules(),
        settings,
        &common::stamp(),
        &common::FakeText,
    )
}

fn report() -> Report {
    report_with(&common::settings())
}

fn unit<'a>(r: &'a Report, name: &str) -> &'a jamkoll_review::UnitReport {
    r.units
        .iter()
        .find(|u| u.unit == name)
        .expect("unit in report")
}

#[test]
fn planted_difference_is_flagged_and_only_there() {
    let r = report();
    let norr = unit(&r, "Enhet Norr");
    let flagged = norr.flagged();
    assert!(
        flagged.contains(&(Category::Trovardighet, None)),
        "{flagged:?}"
    );
    assert!(flagged.contains(&(Category::Trovardighet, Some("tvivelsverb"))));
    assert!(!flagged.iter().any(|(c, _)| *c == Category::Kanslor));
    let syd = unit(&r, "Enhet Syd");
    assert!(syd.flagged().is_empty(), "{:?}", syd.flagged());
    let liten = unit(&r, "Enhet Liten");
    assert!(liten.suppressed);
    assert!(
        liten
            .suppressed_reason
            .as_deref()
            .unwrap_or("")
            .contains("färre än 5")
    );
    assert!(liten.flagged().is_empty());
}

#[test]
fn the_men_count_of_two_is_hidden_but_the_test_still_runs_as_a_bound() {
    let r = report();
    let norr = unit(&r, "Enhet Norr");
    let doubt = norr
        .categories
        .iter()
        .find(|c| c.category == Category::Trovardighet)
        .expect("row");
    let c = &doubt.comparison;
    assert_eq!(c.cases_with_findings.kvinna.value, Some(20));
    assert_eq!(c.cases_with_findings.man.value, None);
    assert!(c.cases_with_findings.man.suppressed);
    assert_eq!(c.rate.man.value, None);
    assert_eq!(c.rate_ratio, None, "no ratio from a hidden count");
    assert!(c.p_is_bound);
    // The bound is the largest p over 1..=4 for the men: Fisher(20/40 vs 4/40), which SciPy
    // 1.17.1 gives as 0.00023... (fisher_exact([[20,20],[4,36]])).
    let p = c.p_value.expect("p");
    assert!(p > 0.0001 && p < 0.001, "{p}");
}

#[test]
fn no_small_count_is_in_the_json() {
    let json: serde_json::Value = serde_json::from_str(&render::json(&report())).expect("json");
    fn walk(v: &serde_json::Value, path: &str) {
        match v {
            serde_json::Value::Object(map) => {
                if let (Some(val), Some(_)) = (map.get("value"), map.get("suppressed"))
                    && let Some(n) = val.as_u64()
                {
                    assert!(n == 0 || n >= 5, "{path}: count {n} shown");
                }
                for (k, v) in map {
                    walk(v, &format!("{path}.{k}"));
                }
            }
            serde_json::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"));
                }
            }
            _ => {}
        }
    }
    walk(&json, "$");
}

#[test]
fn a_small_gender_count_is_not_recoverable_from_the_totals() {
    // Enhet Norr has 2 cases of another gender: hidden, and so is at least one more cell of
    // its row (otherwise total − women − men − unknown would give it back).
    let r = report();
    let norr = unit(&r, "Enhet Norr");
    assert!(norr.cases.annat.suppressed);
    let hidden_in_row = [
        norr.cases.kvinna,
        norr.cases.man,
        norr.cases.annat,
        norr.cases.okant,
        norr.cases.total,
    ]
    .iter()
    .filter(|c| c.suppressed)
    .count();
    assert!(hidden_in_row >= 2);
    let hidden_in_column = r.units.iter().filter(|u| u.cases.annat.suppressed).count()
        + usize::from(r.totals.cases.annat.suppressed);
    assert!(hidden_in_column >= 2);
}

#[test]
fn same_input_in_any_order_gives_byte_identical_output() {
    let settings = common::settings();
    let a = report_with(&settings);
    let mut docs = common::docs();
    docs.reverse();
    let b = build(
        docs,
        &common::rules(),
        &settings,
        &common::stamp(),
        &common::FakeText,
    );
    assert_eq!(render::json(&a), render::json(&b));
    assert_eq!(render::markdown(&a), render::markdown(&b));
    assert_eq!(render::csv(&a), render::csv(&b));
    let (ua, ub) = (unit(&a, "Enhet Norr"), unit(&b, "Enhet Norr"));
    assert_eq!(render::html_unit(&a, ua), render::html_unit(&b, ub));
}

#[test]
fn excerpts_come_only_for_flagged_rows_shown_cells_and_at_most_three_per_gender() {
    let r = report();
    let norr = unit(&r, "Enhet Norr");
    assert!(!norr.excerpts.is_empty());
    for e in &norr.excerpts {
        assert_eq!(e.category, Category::Trovardighet);
        // The men's count is hidden, so no excerpt about men.
        assert_eq!(e.gender, jamkoll_core::Gender::Kvinna);
        assert!(!e.document.ends_with("5-u"), "a refused excerpt was used");
    }
    let per_rule = norr
        .excerpts
        .iter()
        .filter(|e| e.rule.as_deref() == Some("tvivelsverb"))
        .count();
    assert_eq!(per_rule, 3);
    assert!(unit(&r, "Enhet Syd").excerpts.is_empty());
    assert!(unit(&r, "Enhet Liten").excerpts.is_empty());
    assert!(norr.questions.iter().any(|q| q.rule == "tvivelsverb"));
}

#[test]
fn html_makes_no_request() {
    let r = report();
    for page in std::iter::once(render::html_overview(&r))
        .chain(r.units.iter().map(|u| render::html_unit(&r, u)))
    {
        for bad in [
            "src=",
            "url(",
            "@import",
            "<script",
            "<link",
            "href=\"http",
            "href=\"//",
        ] {
            assert!(!page.contains(bad), "page contains {bad}");
        }
        assert!(page.contains("<title>"));
        assert!(page.contains("Content-Security-Policy"));
    }
    let norr = render::html_unit(&r, unit(&r, "Enhet Norr"));
    assert!(norr.contains("<figure>") && norr.contains("forest-title"));
    assert!(norr.contains("scope=\"col\"") && norr.contains("scope=\"row\""));
}

/// Every `<` in a page opens a tag: a hidden count ("<5") is written `&lt;5`, in the report and
/// in the discussion material alike (a raw `<5` is an HTML parse error that a strict parser or
/// a screen reader may drop).
#[test]
fn html_escapes_every_hidden_count() {
    let r = report();
    let pages = std::iter::once(render::html_overview(&r))
        .chain(r.units.iter().map(|u| render::html_unit(&r, u)))
        .chain(r.units.iter().map(|u| render::discussion_unit(&r, u)));
    let mut hidden = 0;
    for page in pages {
        for (at, _) in page.match_indices('<') {
            let next = page[at + 1..].chars().next().unwrap_or(' ');
            assert!(
                next.is_ascii_alphabetic() || matches!(next, '/' | '!'),
                "a raw '<' at byte {at}: {}",
                &page[at..(at + 30).min(page.len())]
            );
        }
        hidden += page.matches("&lt;5").count();
    }
    assert!(hidden > 0, "the fixture has hidden counts");
}

#[test]
fn filters_leave_out_units_and_dates() {
    let mut settings = common::settings();
    settings.filters.units = vec!["Enhet Syd".into()];
    settings.filters.from = Some("2024-06-01".into());
    let r = report_with(&settings);
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].unit, "Enhet Syd");
    assert!(r.corpus.documents < 120);
}

#[test]
fn snapshots_sv() {
    let r = report();
    insta::assert_snapshot!("markdown_sv", render::markdown(&r));
    insta::assert_snapshot!("json_sv", render::json(&r));
    insta::assert_snapshot!("csv_sv", render::csv(&r));
    insta::assert_snapshot!("html_overview_sv", render::html_overview(&r));
    insta::assert_snapshot!(
        "html_norr_sv",
        render::html_unit(&r, unit(&r, "Enhet Norr"))
    );
    insta::assert_snapshot!(
        "html_liten_sv",
        render::html_unit(&r, unit(&r, "Enhet Liten"))
    );
}

#[test]
fn snapshots_en() {
    let mut settings = common::settings();
    settings.lang = Lang::En;
    let r = report_with(&settings);
    insta::assert_snapshot!("markdown_en", render::markdown(&r));
}

/// One unit, 38 women and 40 men, the doubt rule in 13 women's cases and 3 men's (the demo
/// corpus's Vuxen/missbruk appearance row). The men's 3 is hidden (<5).
fn hidden_count_docs() -> Vec<jamkoll_review::DocSummary> {
    use jamkoll_core::{Area, Finding, Gender, Scope, Span, Subject};
    let mut out = Vec::new();
    for (g, n, with) in [(Gender::Kvinna, 38, 13), (Gender::Man, 40, 3)] {
        for i in 0..n {
            let findings = if i < with {
                vec![Finding {
                    rule: "tvivelsverb".into(),
                    category: Category::Trovardighet,
                    subject: if g == Gender::Kvinna {
                        Subject::Kvinna
                    } else {
                        Subject::Man
                    },
                    role: None,
                    scope: Scope::Asserted,
                    domain: None,
                    span: Span::new(10, 16),
                    sentence: Span::new(0, 40),
                }]
            } else {
                Vec::new()
            };
            let case = format!("T-{}-{i:03}", g.as_str());
            out.push(jamkoll_review::DocSummary {
                id: format!("{case}-u"),
                unit: "Enhet Test".into(),
                case_id: case,
                client_gender: g,
                area: Area::new("missbruk"),
                document_type: Some("utredning".into()),
                date: Some("2024-03-15".into()),
                decision: None,
                amount: None,
                words: 500,
                findings,
                mentions: jamkoll_review::SubjectMentions::default(),
                dismissed: 0,
            });
        }
    }
    out
}

#[test]
fn a_row_with_a_hidden_count_is_flagged_on_the_true_counts_without_showing_them() {
    // True table 13/38 vs 3/40: Fisher p = 0.0046276 (SciPy 1.17.1,
    // fisher_exact([[13, 25], [3, 37]])). The bound over the hidden 1..=4 is the p of 13 vs 4,
    // 0.0132312 (fisher_exact([[13, 25], [4, 36]])). At alpha 0.01 only the true p is
    // significant; both rows (category and rule) are the same table, so q = p.
    let settings = Settings {
        alpha: 0.01,
        ..common::settings()
    };
    let r = build(
        hidden_count_docs(),
        &common::rules(),
        &settings,
        &common::stamp(),
        &common::FakeText,
    );
    let u = unit(&r, "Enhet Test");
    let row = u
        .categories
        .iter()
        .find(|c| c.category == Category::Trovardighet)
        .expect("row");
    for c in std::iter::once(&row.comparison).chain(row.rules.iter().map(|r| &r.comparison)) {
        assert!(c.flagged, "flagged on the true q: {c:?}");
        assert!(c.cases_with_findings.man.suppressed);
        assert_eq!(c.cases_with_findings.man.value, None);
        assert_eq!(c.rate.man.value, None);
        assert_eq!(c.per_1000_words.man, None);
        assert_eq!(c.rate_ratio, None);
        assert!(c.p_is_bound);
        assert_eq!(c.p_value, Some(0.013231), "the shown p is the bound");
        let q = c.q_value.expect("a bounded q");
        assert!(q >= 0.013231, "the shown q is an upper bound: {q}");
    }
    assert_eq!(r.tests.flagged, 2);

    let json = render::json(&r);
    let md = render::markdown(&r);
    // The true p in every form the renderers use, and the hidden count as a share (3/40) or a
    // ratio ((13/38)/(3/40) = 4.561404).
    for leak in ["0.004628", "0.00463", "0.0046", "4.561404", "0.075"] {
        assert!(!json.contains(leak), "JSON shows {leak}");
    }
    for leak in ["0,005", "0,0046", "7,5 %", "3/40", "4,56"] {
        assert!(!md.contains(leak), "Markdown shows {leak}");
    }
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let man = &v["units"][0]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["category"] == "trovardighet")
        .expect("row")["cases_with_findings"]["man"];
    assert_eq!(man["value"], serde_json::Value::Null);
    assert_eq!(man["suppressed"], true);
    assert!(md.contains("≤0,013"), "the bound is shown");
}
