//! Scoring the rules on annotated passages (`shared/eval/README.md`): per category, a passage
//! is a hit when the engine reports at least one asserted finding of that category in it.

use std::collections::{BTreeMap, BTreeSet};

use jamkoll_core::{Area, Category, Finding, Gender, Scope, Subject};
use serde::{Deserialize, Serialize};

use crate::doc::Doc;
use crate::engine::Engine;

/// One annotated passage (a line of a gold JSON Lines file).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Passage {
    /// Unique id.
    pub id: String,
    /// The area.
    #[serde(default)]
    pub area: Option<String>,
    /// The client's gender.
    pub client_gender: Gender,
    /// The text.
    pub text: String,
    /// The gold labels.
    #[serde(default)]
    pub labels: Vec<Label>,
}

/// One gold label.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Label {
    /// Category.
    pub category: Category,
    /// Whose description or duty it is.
    pub subject: Subject,
    /// The words that carry it (not scored).
    #[serde(default)]
    pub cue: String,
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn), 0 when nothing was expected.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Passages both the engine and the gold have.
    pub tp: usize,
    /// Passages only the engine has.
    pub fp: usize,
    /// Passages only the gold has.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Score {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            precision: round4(precision),
            recall: round4(recall),
            f1: round4(f1),
            tp,
            fp,
            fn_,
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Micro-averaged precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Micro {
    /// Precision over every category.
    pub precision: f64,
    /// Recall over every category.
    pub recall: f64,
    /// F1 over every category.
    pub f1: f64,
}

/// A passage where the engine and the gold disagree on a category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// Passage id.
    pub id: String,
    /// Category.
    pub category: Category,
    /// `missed` (gold only), `wrong` (engine only) or `subject` (both, other subject).
    pub kind: &'static str,
    /// Subjects the gold gives.
    pub gold: Vec<Subject>,
    /// The engine's findings of the category: (rule, subject, cue).
    pub found: Vec<(String, Subject, String)>,
}

/// The result of [`score`], in the JSON shape of issue 5.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Number of passages.
    pub passages: usize,
    /// Micro average.
    pub micro: Micro,
    /// Per category.
    pub categories: BTreeMap<Category, Score>,
    /// Share of shared hits where the engine's subject agrees with the gold's.
    pub subject_agreement: f64,
    /// Disagreements, for `--errors` (not part of the JSON unless asked for).
    #[serde(skip)]
    pub errors: Vec<Disagreement>,
}

/// Scores `engine` on `passages`. Only asserted findings count. `resurser` is scored only when
/// the gold uses it (it is not a bias category); a category that neither the gold nor the
/// engine has in any passage is left out (its scores would be 0/0).
pub fn score(engine: &Engine, passages: &[Passage]) -> EvalReport {
    use rayon::prelude::*;
    let found: Vec<Vec<Finding>> = passages
        .par_iter()
        .map(|p| {
            let area = p.area.as_deref().map(Area::new);
            let doc = Doc {
                text: &p.text,
                client_gender: p.client_gender,
                area: area.as_ref(),
            };
            // A passage is its own case: case-level absence runs on it alone.
            engine
                .check_case(&[doc])
                .into_iter()
                .flatten()
                .filter(|f| f.scope == Scope::Asserted)
                .collect()
        })
        .collect();
    let gold_uses_resurser = passages
        .iter()
        .any(|p| p.labels.iter().any(|l| l.category == Category::Resurser));
    let scored: Vec<Category> = Category::ALL
        .iter()
        .copied()
        .filter(|c| *c != Category::Resurser || gold_uses_resurser)
        .collect();

    let mut counts: BTreeMap<Category, (usize, usize, usize)> =
        scored.iter().map(|c| (*c, (0, 0, 0))).collect();
    let (mut shared, mut agree) = (0usize, 0usize);
    let mut errors = Vec::new();
    for (p, fs) in passages.iter().zip(&found) {
        for &cat in &scored {
            let gold: BTreeSet<Subject> = p
                .labels
                .iter()
                .filter(|l| l.category == cat)
                .map(|l| l.subject)
                .collect();
            let mine: Vec<&Finding> = fs.iter().filter(|f| f.category == cat).collect();
            let entry = counts.entry(cat).or_default();
            let found_list = || {
                mine.iter()
                    .map(|f| {
                        (
                            f.rule.clone(),
                            f.subject,
                            p.text
                                .get(f.span.start..f.span.end)
                                .unwrap_or("")
                                .to_string(),
                        )
                    })
                    .collect()
            };
            match (gold.is_empty(), mine.is_empty()) {
                (false, false) => {
                    entry.0 += 1;
                    shared += 1;
                    if mine.iter().any(|f| gold.contains(&f.subject)) {
                        agree += 1;
                    } else {
                        errors.push(Disagreement {
                            id: p.id.clone(),
                            category: cat,
                            kind: "subject",
                            gold: gold.iter().copied().collect(),
                            found: found_list(),
                        });
                    }
                }
                (true, false) => {
                    entry.1 += 1;
                    errors.push(Disagreement {
                        id: p.id.clone(),
                        category: cat,
                        kind: "wrong",
                        gold: Vec::new(),
                        found: found_list(),
                    });
                }
                (false, true) => {
                    entry.2 += 1;
                    errors.push(Disagreement {
                        id: p.id.clone(),
                        category: cat,
                        kind: "missed",
                        gold: gold.iter().copied().collect(),
                        found: Vec::new(),
                    });
                }
                (true, true) => {}
            }
        }
    }
    let (tp, fp, fn_) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    let m = Score::from_counts(tp, fp, fn_);
    EvalReport {
        passages: passages.len(),
        micro: Micro {
            precision: m.precision,
            recall: m.recall,
            f1: m.f1,
        },
        categories: counts
            .into_iter()
            .filter(|(_, (tp, fp, fn_))| tp + fp + fn_ > 0)
            .map(|(c, (tp, fp, fn_))| (c, Score::from_counts(tp, fp, fn_)))
            .collect(),
        subject_agreement: if shared == 0 {
            0.0
        } else {
            round4(agree as f64 / shared as f64)
        },
        errors,
    }
}

/// Reads gold passages from JSON Lines text; an error names the line.
pub fn parse_passages(text: &str) -> Result<Vec<Passage>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let p: Passage = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        out.push(p);
    }
    Ok(out)
}
