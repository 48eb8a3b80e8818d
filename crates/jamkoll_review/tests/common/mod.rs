//! A small synthetic corpus with known differences, shared by the integration tests.
//!
//! - "Enhet Norr": 40 cases of women, 40 of men, 2 of another gender. Planted: the doubt rule
//!   `tvivelsverb` in 20 women's cases and 2 men's; duties on mothers in 12 cases, on fathers in 3.
//! - "Enhet Syd": 30 and 30 cases, the same rules at about the same rates (no difference).
//! - "Enhet Liten": 3 women's and 6 men's cases: too small for a gender breakdown.
#![allow(dead_code)]

use jamkoll_core::{Area, Category, DutyDomain, Finding, Gender, Role, Scope, Span, Subject};
use jamkoll_review::{
    Decision, DocSummary, ExcerptSource, RuleInfo, Settings, Stamp, SubjectMentions,
};

pub fn rules() -> Vec<RuleInfo> {
    let rule = |id: &str, category, sv: &str, q: &str| RuleInfo {
        id: id.into(),
        category,
        message_sv: sv.into(),
        message_en: Some(format!("(en) {sv}")),
        question_sv: q.into(),
        question_en: Some(format!("(en) {q}")),
    };
    vec![
        rule(
            "tvivelsverb",
            Category::Trovardighet,
            "Personens berättelse återges med ett ord som ifrågasätter den.",
            "Skulle vi ha skrivit ”påstår” om en man som berättade samma sak?",
        ),
        rule(
            "etikett-aggressiv",
            Category::Kanslor,
            "En känsloetikett i stället för vad personen gjorde.",
            "Vad gjorde personen, konkret?",
        ),
        rule(
            "ansvar-barn",
            Category::Ansvar,
            "Ett ansvar för barnen läggs på en person.",
            "Vem får ansvaret för barnens säkerhet?",
        ),
    ]
}

fn finding(
    rule: &str,
    category: Category,
    subject: Subject,
    role: Option<Role>,
    scope: Scope,
) -> Finding {
    Finding {
        rule: rule.into(),
        category,
        subject,
        role,
        scope,
        domain: (category == Category::Ansvar).then_some(DutyDomain::Barn),
        span: Span::new(10, 16),
        sentence: Span::new(0, 40),
    }
}

struct Plan {
    unit: &'static str,
    women: usize,
    men: usize,
    other: usize,
    /// Cases with a doubt finding: women, men.
    doubt: (usize, usize),
    /// Cases with an emotion label: women, men.
    emotion: (usize, usize),
    /// Cases with a duty on a mother, on a father.
    duty: (usize, usize),
}

const PLANS: &[Plan] = &[
    Plan {
        unit: "Enhet Norr",
        women: 40,
        men: 40,
        other: 2,
        doubt: (20, 2),
        emotion: (8, 9),
        duty: (12, 3),
    },
    Plan {
        unit: "Enhet Syd",
        women: 30,
        men: 30,
        other: 0,
        doubt: (6, 7),
        emotion: (5, 6),
        duty: (6, 5),
    },
    Plan {
        unit: "Enhet Liten",
        women: 3,
        men: 6,
        other: 0,
        doubt: (1, 2),
        emotion: (0, 1),
        duty: (1, 0),
    },
];

/// The documents, in a fixed order: two per case (an investigation and a decision).
pub fn docs() -> Vec<DocSummary> {
    let mut out = Vec::new();
    for plan in PLANS {
        let genders = std::iter::repeat_n(Gender::Kvinna, plan.women)
            .chain(std::iter::repeat_n(Gender::Man, plan.men))
            .chain(std::iter::repeat_n(Gender::Annat, plan.other));
        let (mut w, mut m) = (0usize, 0usize);
        for (i, g) in genders.enumerate() {
            let k = match g {
                Gender::Kvinna => {
                    w += 1;
                    w
                }
                Gender::Man => {
                    m += 1;
                    m
                }
                _ => 0,
            };
            let pick = |(pw, pm): (usize, usize)| match g {
                Gender::Kvinna => k <= pw,
                Gender::Man => k <= pm,
                _ => false,
            };
            let (subject, role) = match g {
                Gender::Kvinna => (Subject::Kvinna, Role::Mother),
                _ => (Subject::Man, Role::Father),
            };
            let mut findings = Vec::new();
            if pick(plan.doubt) {
                findings.push(finding(
                    "tvivelsverb",
                    Category::Trovardighet,
                    subject,
                    None,
                    Scope::Asserted,
                ));
            }
            if pick(plan.emotion) {
                findings.push(finding(
                    "etikett-aggressiv",
                    Category::Kanslor,
                    subject,
                    None,
                    Scope::Asserted,
                ));
            }
            if pick(plan.duty) {
                findings.push(finding(
                    "ansvar-barn",
                    Category::Ansvar,
                    subject,
                    Some(role),
                    Scope::Asserted,
                ));
            }
            // Negated findings are never counted.
            findings.push(finding(
                "etikett-aggressiv",
                Category::Kanslor,
                subject,
                None,
                Scope::Negated,
            ));
            let case = format!("{}-{i:03}", &plan.unit[6..]);
            let area = if i % 3 == 0 {
                "barn och unga"
            } else {
                "ekonomiskt bistånd"
            };
            let mentions = match g {
                Gender::Kvinna => SubjectMentions {
                    kvinna: 6,
                    man: 1,
                    flicka: 0,
                    pojke: 1,
                },
                _ => SubjectMentions {
                    kvinna: 1,
                    man: 6,
                    flicka: 1,
                    pojke: 0,
                },
            };
            out.push(DocSummary {
                id: format!("{case}-u"),
                unit: plan.unit.into(),
                case_id: case.clone(),
                client_gender: g,
                area: Area::new(area),
                document_type: Some("utredning".into()),
                date: Some(format!("2024-{:02}-15", 1 + i % 12)),
                decision: None,
                amount: None,
                words: 400 + (i as u64 % 7) * 50,
                findings,
                mentions,
                dismissed: 0,
            });
            out.push(DocSummary {
                id: format!("{case}-b"),
                unit: plan.unit.into(),
                case_id: case,
                client_gender: g,
                area: Area::new(area),
                document_type: Some("beslut".into()),
                date: Some(format!("2024-{:02}-20", 1 + i % 12)),
                decision: Some(if i % 4 == 0 {
                    Decision::Avslag
                } else {
                    Decision::Bifall
                }),
                amount: (i % 4 != 0).then_some(4000.0 + (i as f64) * 125.0),
                words: 120,
                findings: Vec::new(),
                mentions: SubjectMentions::default(),
                dismissed: 0,
            });
        }
    }
    out
}

/// Excerpts that say which document and span they stand for, and refuse every fifth document
/// (as the identifier gate might).
pub struct FakeText;

impl ExcerptSource for FakeText {
    fn excerpt(&self, doc_id: &str, sentence: Span, cue: Span) -> Option<String> {
        if doc_id.ends_with("5-u") {
            return None;
        }
        // Each document's own sentence: the review shows one sentence once.
        Some(format!(
            "…hon påstår att [{doc_id}: utdrag {}–{}, ord {}–{}]…",
            sentence.start, sentence.end, cue.start, cue.end
        ))
    }
}

pub fn stamp() -> Stamp {
    Stamp {
        jamkoll_version: "0.1.0".into(),
        rule_pack_hash: "abc123".into(),
    }
}

pub fn settings() -> Settings {
    Settings::default()
}
