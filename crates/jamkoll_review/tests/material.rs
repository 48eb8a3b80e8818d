//! The discussion material's choice of excerpts (`Settings::discussion`, material.rs): drawn
//! from the differences of the subject and responsibility tables as well as flagged rows, never
//! from a hidden cell, one of each sentence, women's and men's sides alternating, and the
//! shorter side not padded.

use jamkoll_core::{Area, Category, DutyDomain, Finding, Gender, Role, Scope, Span, Subject};
use jamkoll_review::{
    DocSummary, ExcerptSource, Pattern, Settings, Stamp, SubjectMentions, UnitReport, build,
};

/// Excerpts that are the document's id, except that `same` documents share one sentence.
struct Texts {
    same: &'static [&'static str],
}

impl ExcerptSource for Texts {
    fn excerpt(&self, doc_id: &str, _sentence: Span, _cue: Span) -> Option<String> {
        Some(if self.same.contains(&doc_id) {
            "Mamman behöver skydda barnen.".to_string()
        } else {
            format!("Text i {doc_id}.")
        })
    }
}

fn finding(rule: &str, category: Category, subject: Subject, role: Option<Role>) -> Finding {
    Finding {
        rule: rule.into(),
        category,
        subject,
        role,
        scope: Scope::Asserted,
        domain: (category == Category::Ansvar).then_some(DutyDomain::Barn),
        span: Span::new(0, 6),
        sentence: Span::new(0, 30),
    }
}

/// One unit of 20 girls' and 20 boys' cases (a child investigation), one document each; duties
/// on the mother in 6 cases of each, on the father in 2 of each (4 in all, hidden), and, with
/// `fathers_helping`, the father "helping" in 5 cases of each.
fn docs(fathers_helping: bool) -> Vec<DocSummary> {
    let mut out = Vec::new();
    for (g, tag) in [(Gender::Kvinna, "f"), (Gender::Man, "p")] {
        for i in 0..20 {
            let mut findings = Vec::new();
            if i < 6 {
                findings.push(finding(
                    "ansvar-barn",
                    Category::Ansvar,
                    Subject::Kvinna,
                    Some(Role::Mother),
                ));
            } else if i < 8 {
                findings.push(finding(
                    "ansvar-barn",
                    Category::Ansvar,
                    Subject::Man,
                    Some(Role::Father),
                ));
            } else if fathers_helping && i < 13 {
                findings.push(finding(
                    "hjalper-till-passar",
                    Category::Konsroll,
                    Subject::Man,
                    Some(Role::Father),
                ));
            }
            out.push(DocSummary {
                id: format!("{tag}{i:02}"),
                unit: "Barn Öst".into(),
                case_id: format!("{tag}-{i}"),
                client_gender: g,
                area: Area::new("barn_unga"),
                document_type: Some("utredning".into()),
                date: Some("2024-05-02".into()),
                decision: None,
                amount: None,
                words: 200,
                findings,
                mentions: SubjectMentions {
                    kvinna: 3,
                    man: 3,
                    flicka: 0,
                    pojke: 0,
                },
                dismissed: 0,
            });
        }
    }
    out
}

fn unit(fathers_helping: bool, same: &'static [&'static str]) -> UnitReport {
    let settings = Settings {
        discussion: true,
        ..Settings::default()
    };
    let r = build(
        docs(fathers_helping),
        &[],
        &settings,
        &Stamp::default(),
        &Texts { same },
    );
    r.units.into_iter().next().expect("one unit")
}

#[test]
fn a_difference_by_subject_gives_excerpts_without_a_flag_and_none_from_the_hidden_side() {
    // f00 and p00 hold the same sentence: it is shown once.
    let u = unit(false, &["f00", "p00"]);
    assert!(
        u.categories.iter().all(|c| !c.comparison.flagged),
        "no flag by the children's gender"
    );
    let m = u.material.expect("material");
    let kinds: Vec<&Pattern> = m.patterns.iter().map(|p| &p.pattern).collect();
    assert!(
        kinds.contains(&&Pattern::Subject {
            category: Category::Ansvar,
            subjects: [Subject::Kvinna, Subject::Man]
        }),
        "{kinds:?}"
    );
    assert!(
        kinds.iter().any(|k| matches!(k, Pattern::Duty { .. })),
        "{kinds:?}"
    );
    // Duties on fathers: 4 cases, hidden as <5, so none of their passages is quoted; the
    // mothers' side fills the material to its minimum and no further.
    assert_eq!(m.excerpts.len(), 6, "{:?}", m.excerpts);
    assert!(m.excerpts.iter().all(|e| e.side == 0), "{:?}", m.excerpts);
    assert_eq!(m.ran_out, [false, true]);
    let mothers: Vec<String> = ["f", "p"]
        .iter()
        .flat_map(|t| (0..6).map(move |i| format!("{t}{i:02}")))
        .collect();
    assert!(
        m.excerpts.iter().all(|e| mothers.contains(&e.document)),
        "{:?}",
        m.excerpts
    );
    let mut texts: Vec<&str> = m.excerpts.iter().map(|e| e.text.as_str()).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), m.excerpts.len(), "one of each sentence");
    assert!(m.questions.is_empty(), "the test pack has no questions");
}

#[test]
fn both_sides_with_findings_alternate_up_to_ten() {
    let u = unit(true, &[]);
    let m = u.material.expect("material");
    let sides: Vec<usize> = m.excerpts.iter().map(|e| e.side).collect();
    assert_eq!(sides, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    // The fathers' side comes from the gender-role pattern (10 cases), not from the hidden
    // duties.
    for e in m.excerpts.iter().filter(|e| e.side == 1) {
        assert_eq!(e.rule.as_deref(), Some("hjalper-till-passar"), "{e:?}");
    }
}

#[test]
fn without_the_setting_there_is_no_material() {
    let r = build(
        docs(true),
        &[],
        &Settings::default(),
        &Stamp::default(),
        &Texts { same: &[] },
    );
    assert!(r.units[0].material.is_none());
}
