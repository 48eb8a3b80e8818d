//! One insta snapshot per fixture text in `fixtures/rules/`: every finding of the shipped rule
//! pack as `rule line:col subject scope "cue"`, so any change in what the pack finds in a
//! realistic assessment excerpt (hits and look-alikes alike) shows up in review.
//!
//! Each fixture is invented case wording with `[NAMN]` placeholders only; the cue is cut from
//! the fixture itself, so no identifier can reach a snapshot.

use jamkoll_core::{Area, Finding, Gender};
use jamkoll_rules::{Doc, Engine, RulePack};

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The findings as one line each, in document order.
fn render(text: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let (line, col) = line_col(text, f.span.start);
        let cue = &text[f.span.start..f.span.end];
        out.push_str(&format!(
            "{:<24} {line}:{col:<4} {:<7} {:<12} \"{cue}\"\n",
            f.rule,
            f.subject.as_str(),
            f.scope.as_str(),
        ));
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

/// Runs the shipped pack on `fixtures/rules/<name>.txt` as a record of `area` whose client has
/// `gender`, and snapshots the findings.
fn check_fixture(name: &str, gender: Gender, area: &str) {
    let path = format!("{}/fixtures/rules/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => panic!("cannot read fixture {path}: {err}"),
    };
    let pack = match RulePack::embedded() {
        Ok(pack) => pack,
        Err(err) => panic!("the shipped rule pack does not load:\n{err}"),
    };
    let engine = Engine::new(&pack);
    let area = Area::new(area);
    let doc = Doc {
        text: &text,
        client_gender: gender,
        area: Some(&area),
    };
    // The fixture is one case of one document: case-level absence runs on it too.
    let findings: Vec<_> = engine.check_case(&[doc]).into_iter().flatten().collect();
    insta::assert_snapshot!(name, render(&text, &findings));
}

#[test]
fn fixture_utseende() {
    check_fixture("utseende", Gender::Kvinna, "ekonomiskt_bistand");
}

#[test]
fn fixture_kanslor() {
    check_fixture("kanslor", Gender::Man, "missbruk");
}

#[test]
fn fixture_trovardighet() {
    check_fixture("trovardighet", Gender::Man, "ekonomiskt_bistand");
}

#[test]
fn fixture_ansvar() {
    check_fixture("ansvar", Gender::Kvinna, "barn_unga");
}

#[test]
fn fixture_osynliggorande() {
    check_fixture("osynliggorande", Gender::Man, "barn_unga");
}

#[test]
fn fixture_konsroll() {
    check_fixture("konsroll", Gender::Man, "ekonomiskt_bistand");
}

#[test]
fn fixture_resurser() {
    check_fixture("resurser", Gender::Kvinna, "ekonomiskt_bistand");
}
