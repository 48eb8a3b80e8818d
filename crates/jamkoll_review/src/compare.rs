//! Before and after: two reviews of the same units in two periods, and the change between them.
//!
//! Built from two finished [`Report`]s (the earlier period "before", the later "after"), so it
//! uses only the figures those reports show: a change is computed only where every count it
//! rests on is shown in both periods, and suppression is exactly that of the two reviews.
//!
//! Two changes are given per row (methods in `docs/statistics.md`, "Before and after"):
//! - for women and for men, the **difference of the shares** (after − before) with Newcombe's
//!   hybrid score interval (his method 10, built from the two Wilson intervals);
//! - the **ratio of the rate ratios** (after ÷ before) with the log-scale interval of Altman &
//!   Bland (2003): exp(ln RR₂ − ln RR₁ ± z·√(SE₁² + SE₂²)), SE from the Katz log method as in
//!   each period's own interval (0.5 added to each cell of a table with a zero).
//!
//! The two periods must not overlap (their documents are then independent samples).

use jamkoll_core::Category;
use schemars::JsonSchema;
use serde::Serialize;

use crate::input::{Filters, Lang};
use crate::report::{Comparison, Count, GeneratedBy, Pair, Rate, Report, RulePack, UnitReport};
use crate::stats::{self, Z95, round6};

/// A category's wire name in the JSON Schema.
fn category_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<serde_json::Value> = Category::ALL.iter().map(|c| c.as_str().into()).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

/// The version of the compare JSON format.
pub const COMPARE_SCHEMA_VERSION: u32 = 1;

/// A before-and-after review.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompareReport {
    /// The version of this format (1).
    pub schema_version: u32,
    /// Always "compare".
    pub kind: String,
    /// Which program made the report.
    pub generated_by: GeneratedBy,
    /// The rule pack (the same for both periods).
    pub rule_pack: RulePack,
    /// The earlier period.
    pub before: Period,
    /// The later period.
    pub after: Period,
    /// Counts below this (and above 0) are hidden.
    pub min_cell: u64,
    /// The report's language.
    pub lang: Lang,
    /// How the changes are computed.
    pub method: String,
    /// One entry per unit in either period, sorted by name.
    pub units: Vec<UnitChange>,
}

/// One period of a before-and-after review.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Period {
    /// The filters of the period (its dates in `from` and `to`).
    pub filters: Filters,
    /// Documents reviewed in the period.
    pub documents: u64,
    /// Cases reviewed in the period.
    pub cases: u64,
    /// The corpus fingerprint of the period's review.
    pub fingerprint: String,
    /// Asserted findings of the period dismissed at triage and left out of its figures.
    pub dismissed: u64,
}

/// One unit in both periods.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct UnitChange {
    /// The unit's name.
    pub unit: String,
    /// Cases of women and men before (hidden as in the period's own review).
    pub cases_before: Pair<Count>,
    /// Cases of women and men after.
    pub cases_after: Pair<Count>,
    /// Asserted findings of the unit dismissed at triage and left out, before.
    pub dismissed_before: u64,
    /// The same, after.
    pub dismissed_after: u64,
    /// Whether the unit has a gender breakdown in both periods (else no row shows a change).
    pub comparable: bool,
    /// Why not, in the report's language.
    pub note: Option<String>,
    /// Categories and the rules that fired in either period.
    pub rows: Vec<RowChange>,
}

/// One category or rule in both periods.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RowChange {
    /// The category.
    #[schemars(schema_with = "category_schema")]
    pub category: Category,
    /// The rule, or null for the category row.
    pub rule: Option<String>,
    /// The category's name or the rule's id.
    pub label: String,
    /// The figures before.
    pub before: Figures,
    /// The figures after.
    pub after: Figures,
    /// The change of the women's share (after − before), when both are shown.
    pub women_change: Option<Difference>,
    /// The change of the men's share (after − before), when both are shown.
    pub men_change: Option<Difference>,
    /// When a count the women's change rests on is hidden: the range the change is known to lie
    /// in, from what the two reports show.
    pub women_change_bounds: Option<ChangeBounds>,
    /// The same for men.
    pub men_change_bounds: Option<ChangeBounds>,
    /// The ratio of the rate ratios (after ÷ before), when both are shown.
    pub ratio_change: Option<RatioChange>,
}

/// A row's figures in one period.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Figures {
    /// Cases with a finding, by gender.
    pub cases_with_findings: Pair<Count>,
    /// Shares of cases with a finding, by gender.
    pub rate: Pair<Rate>,
    /// Women's share ÷ men's.
    pub rate_ratio: Option<f64>,
    /// Its 95 % interval.
    pub ci95: Option<[f64; 2]>,
    /// Whether the period's own test flagged the row.
    pub flagged: bool,
}

/// A difference of two shares with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Difference {
    /// After − before (−1 to 1).
    pub value: f64,
    /// Newcombe's hybrid score interval.
    pub ci95: [f64; 2],
}

/// What the shown figures say about a change whose counts are partly hidden.
///
/// A count hidden as small lies in 1..min_cell−1 (one hidden as a complement in 0..its
/// denominator), which a reader can tell from the report anyway; the change of the share then
/// lies between the changes at the two ends. Nothing is disclosed that the "<5" cells do not
/// already say, and a change as large as the planted one in the demo stays visible.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct ChangeBounds {
    /// The smallest change the shown figures allow (after − before, −1 to 1).
    pub low: f64,
    /// The largest.
    pub high: f64,
    /// Newcombe's 95 % interval widened to cover every count the hidden cells may hold: the
    /// lower limit at the smallest change, the upper at the largest (both limits rise with the
    /// later count and fall with the earlier one).
    pub ci95: [f64; 2],
}

/// The bounds of x₂/n₂ − x₁/n₁ when x₁ lies in `before` and x₂ in `after` (inclusive), and at
/// least one of them is a range. `None` when both are exact (the change itself is shown then)
/// or a denominator is 0.
pub fn change_bounds(
    before: (u64, u64),
    n1: u64,
    after: (u64, u64),
    n2: u64,
) -> Option<ChangeBounds> {
    if before.0 == before.1 && after.0 == after.1 {
        return None;
    }
    let lowest = newcombe_difference(before.1.min(n1), n1, after.0.min(n2), n2)?;
    let highest = newcombe_difference(before.0.min(n1), n1, after.1.min(n2), n2)?;
    Some(ChangeBounds {
        low: lowest.value,
        high: highest.value,
        ci95: [lowest.ci95[0], highest.ci95[1]],
    })
}

/// The ratio of two rate ratios with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct RatioChange {
    /// Rate ratio after ÷ rate ratio before.
    pub value: f64,
    /// The log-scale interval (Altman & Bland 2003).
    pub ci95: [f64; 2],
}

/// The difference p₂ − p₁ of x₂/n₂ and x₁/n₁ with Newcombe's hybrid score interval (method 10 of
/// Newcombe 1998): L = d − √((p₂−l₂)² + (u₁−p₁)²), U = d + √((u₂−p₂)² + (p₁−l₁)²), with
/// (lᵢ, uᵢ) the Wilson interval of pᵢ. `None` when a denominator is 0.
pub fn newcombe_difference(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<Difference> {
    let (l1, u1) = stats::wilson(x1, n1)?;
    let (l2, u2) = stats::wilson(x2, n2)?;
    let p1 = x1 as f64 / n1 as f64;
    let p2 = x2 as f64 / n2 as f64;
    let d = p2 - p1;
    Some(Difference {
        value: d,
        ci95: [
            d - ((p2 - l2).powi(2) + (u1 - p1).powi(2)).sqrt(),
            d + ((u2 - p2).powi(2) + (p1 - l1).powi(2)).sqrt(),
        ],
    })
}

/// ln RR and its variance by the Katz log method, with 0.5 added to every cell when a count is
/// zero (as [`stats::rate_ratio`] does). `None` when a group is empty or both counts are zero.
fn ln_rr(a: u64, n1: u64, b: u64, n2: u64) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 || a > n1 || b > n2 || (a == 0 && b == 0) {
        return None;
    }
    let (a, n1, b, n2) = if a == 0 || b == 0 {
        (
            a as f64 + 0.5,
            n1 as f64 + 1.0,
            b as f64 + 0.5,
            n2 as f64 + 1.0,
        )
    } else {
        (a as f64, n1 as f64, b as f64, n2 as f64)
    };
    let ln = ((a / n1) / (b / n2)).ln();
    Some((ln, (1.0 / a - 1.0 / n1 + 1.0 / b - 1.0 / n2).max(0.0)))
}

/// The ratio of the rate ratio after (a₂/n₂ ÷ b₂/m₂) to the one before (a₁/n₁ ÷ b₁/m₁), with
/// the interval exp(ln RRR ± z·√(v₁ + v₂)) (Altman & Bland 2003, "Interaction revisited").
pub fn ratio_of_ratios(before: [u64; 4], after: [u64; 4]) -> Option<RatioChange> {
    let (l1, v1) = ln_rr(before[0], before[1], before[2], before[3])?;
    let (l2, v2) = ln_rr(after[0], after[1], after[2], after[3])?;
    let d = l2 - l1;
    let se = (v1 + v2).sqrt();
    Some(RatioChange {
        value: d.exp(),
        ci95: [(d - Z95 * se).exp(), (d + Z95 * se).exp()],
    })
}

fn zero_figures(n: Pair<u64>) -> Figures {
    let rate = |n: u64| Rate {
        value: (n > 0).then_some(0.0),
        ci95: stats::wilson(0, n).map(|(l, h)| [round6(l), round6(h)]),
        denominator: n,
    };
    Figures {
        cases_with_findings: Pair {
            kvinna: Count::shown(0),
            man: Count::shown(0),
        },
        rate: Pair {
            kvinna: rate(n.kvinna),
            man: rate(n.man),
        },
        rate_ratio: None,
        ci95: None,
        flagged: false,
    }
}

fn figures(c: &Comparison) -> Figures {
    Figures {
        cases_with_findings: c.cases_with_findings,
        rate: c.rate,
        rate_ratio: c.rate_ratio,
        ci95: c.ci95,
        flagged: c.flagged,
    }
}

/// The rows of a unit: (category, rule, label) → comparison.
fn rows(u: &UnitReport) -> Vec<(Category, Option<String>, String, &Comparison)> {
    let mut out = Vec::new();
    for c in &u.categories {
        out.push((c.category, None, c.label.clone(), &c.comparison));
        for r in &c.rules {
            out.push((
                c.category,
                Some(r.rule.clone()),
                r.rule.clone(),
                &r.comparison,
            ));
        }
    }
    out
}

fn period(r: &Report) -> Period {
    Period {
        filters: r.settings.filters.clone(),
        documents: r.corpus.documents,
        cases: r.corpus.cases,
        fingerprint: r.corpus.fingerprint.clone(),
        dismissed: r.corpus.dismissed,
    }
}

/// Puts two reviews side by side: `before` of the earlier period, `after` of the later one
/// (same rule pack, settings and units filter; only the dates differ).
pub fn compare(before: &Report, after: &Report) -> CompareReport {
    let lang = after.settings.lang;
    let mut names: Vec<&str> = before
        .units
        .iter()
        .chain(&after.units)
        .map(|u| u.unit.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let hidden_pair = Pair {
        kvinna: Count::hidden(crate::report::Why::NoBreakdown),
        man: Count::hidden(crate::report::Why::NoBreakdown),
    };
    let units = names
        .into_iter()
        .map(|name| {
            let b = before.units.iter().find(|u| u.unit == name);
            let a = after.units.iter().find(|u| u.unit == name);
            let cases = |u: Option<&UnitReport>| {
                u.map_or(hidden_pair, |u| Pair {
                    kvinna: u.cases.kvinna,
                    man: u.cases.man,
                })
            };
            let breakdown = |u: Option<&UnitReport>| u.is_some_and(|u| !u.suppressed);
            let comparable = breakdown(b) && breakdown(a);
            let note = (!comparable).then(|| {
                let which = match (b, a) {
                    (None, _) => crate::text::tr(
                        lang,
                        "Enheten finns inte i den tidigare perioden.",
                        "The unit is not in the earlier period.",
                    ),
                    (_, None) => crate::text::tr(
                        lang,
                        "Enheten finns inte i den senare perioden.",
                        "The unit is not in the later period.",
                    ),
                    _ => crate::text::tr(
                        lang,
                        "Enheten har för få ärenden med kvinnor eller män i en av perioderna för att redovisas per kön; ingen förändring visas.",
                        "The unit has too few cases of women or men in one of the periods to be reported by gender; no change is shown.",
                    ),
                };
                which.to_string()
            });
            let mut out_rows = Vec::new();
            if let (Some(b), Some(a), true) = (b, a, comparable) {
                let rb = rows(b);
                let ra = rows(a);
                let mut keys: Vec<(Category, Option<String>, String)> = Vec::new();
                // Category order as in the reports, each category's rules after it.
                for (c, r, l, _) in rb.iter().chain(&ra) {
                    if !keys.iter().any(|k| k.0 == *c && k.1 == *r) {
                        keys.push((*c, r.clone(), l.clone()));
                    }
                }
                keys.sort_by(|x, y| {
                    let pos = |c: Category| Category::ALL.iter().position(|z| *z == c);
                    pos(x.0).cmp(&pos(y.0)).then(x.1.is_some().cmp(&y.1.is_some())).then(x.1.cmp(&y.1))
                });
                let n = |u: &UnitReport| Pair {
                    kvinna: u.cases.kvinna.value.unwrap_or(0),
                    man: u.cases.man.value.unwrap_or(0),
                };
                for (category, rule, label) in keys {
                    let find = |rs: &[(Category, Option<String>, String, &Comparison)]| {
                        rs.iter()
                            .find(|x| x.0 == category && x.1 == rule)
                            .map(|x| figures(x.3))
                    };
                    let fb = find(&rb).unwrap_or_else(|| zero_figures(n(b)));
                    let fa = find(&ra).unwrap_or_else(|| zero_figures(n(a)));
                    let none = |f: &Figures| {
                        f.cases_with_findings.kvinna.value == Some(0)
                            && f.cases_with_findings.man.value == Some(0)
                    };
                    if none(&fb) && none(&fa) {
                        // Nothing in either period: no row (as in a review, where such a
                        // category shows zeros and a rule does not fire).
                        continue;
                    }
                    let diff = |cb: Count, nb: u64, ca: Count, na: u64| {
                        let d = newcombe_difference(cb.value?, nb, ca.value?, na)?;
                        Some(Difference {
                            value: round6(d.value),
                            ci95: [round6(d.ci95[0]), round6(d.ci95[1])],
                        })
                    };
                    let (nb, na) = (n(b), n(a));
                    let m = after.settings.min_cell;
                    let bounds = |cb: Count, nb: u64, ca: Count, na: u64| {
                        let d = change_bounds(cb.range(nb, m)?, nb, ca.range(na, m)?, na)?;
                        Some(ChangeBounds {
                            low: round6(d.low),
                            high: round6(d.high),
                            ci95: [round6(d.ci95[0]), round6(d.ci95[1])],
                        })
                    };
                    let change = |cb: Count, nb: u64, ca: Count, na: u64| {
                        (diff(cb, nb, ca, na), bounds(cb, nb, ca, na))
                    };
                    let (before_cases, after_cases) =
                        (&fb.cases_with_findings, &fa.cases_with_findings);
                    let (women_change, women_change_bounds) =
                        change(before_cases.kvinna, nb.kvinna, after_cases.kvinna, na.kvinna);
                    let (men_change, men_change_bounds) =
                        change(before_cases.man, nb.man, after_cases.man, na.man);
                    let ratio_change = (|| {
                        let cb = &fb.cases_with_findings;
                        let ca = &fa.cases_with_findings;
                        let r = ratio_of_ratios(
                            [cb.kvinna.value?, nb.kvinna, cb.man.value?, nb.man],
                            [ca.kvinna.value?, na.kvinna, ca.man.value?, na.man],
                        )?;
                        Some(RatioChange {
                            value: round6(r.value),
                            ci95: [round6(r.ci95[0]), round6(r.ci95[1])],
                        })
                    })();
                    out_rows.push(RowChange {
                        category,
                        rule,
                        label,
                        before: fb,
                        after: fa,
                        women_change,
                        men_change,
                        women_change_bounds,
                        men_change_bounds,
                        ratio_change,
                    });
                }
            }
            UnitChange {
                unit: name.to_string(),
                cases_before: cases(b),
                cases_after: cases(a),
                dismissed_before: b.map_or(0, |u| u.dismissed),
                dismissed_after: a.map_or(0, |u| u.dismissed),
                comparable,
                note,
                rows: out_rows,
            }
        })
        .collect();
    CompareReport {
        schema_version: COMPARE_SCHEMA_VERSION,
        kind: "compare".into(),
        generated_by: after.generated_by.clone(),
        rule_pack: after.rule_pack.clone(),
        before: period(before),
        after: period(after),
        min_cell: after.settings.min_cell,
        lang,
        method: "share difference: newcombe hybrid score (method 10); rate-ratio change: ratio of rate ratios, log-scale interval (altman-bland 2003), katz variances with 0.5 added to tables with a zero".into(),
        units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    #[test]
    fn newcombe_matches_his_worked_example() {
        // Newcombe (1998), Stat Med 17:873–890, Table II, example (a): 56/70 − 48/80 = 0.2000,
        // method 10 interval 0.0524 to 0.3339 (here as after − before with 56/70 "after").
        let d = newcombe_difference(48, 80, 56, 70).expect("defined");
        assert!(close(d.value, 0.2), "{d:?}");
        assert!((d.ci95[0] - 0.0524).abs() < 1e-4, "{d:?}");
        assert!((d.ci95[1] - 0.3339).abs() < 1e-4, "{d:?}");
        // Example (h): 0/10 − 0/10 = 0, interval −0.2775 to 0.2775.
        let d = newcombe_difference(0, 10, 0, 10).expect("defined");
        assert!(
            (d.ci95[0] + 0.2775).abs() < 1e-4 && (d.ci95[1] - 0.2775).abs() < 1e-4,
            "{d:?}"
        );
    }

    #[test]
    fn bounds_span_every_count_the_hidden_cells_may_hold() {
        // The demo's Norr row: 12 of 26 before, a hidden "<5" of 17 after (1 to 4).
        let b = change_bounds((12, 12), 26, (1, 4), 17).expect("a range");
        assert!(close(b.low, 1.0 / 17.0 - 12.0 / 26.0), "{b:?}");
        assert!(close(b.high, 4.0 / 17.0 - 12.0 / 26.0), "{b:?}");
        for x2 in 1..=4 {
            let d = newcombe_difference(12, 26, x2, 17).expect("defined");
            assert!(b.low <= d.value && d.value <= b.high, "{x2}: {d:?} {b:?}");
            assert!(
                b.ci95[0] <= d.ci95[0] && d.ci95[1] <= b.ci95[1],
                "{x2}: {d:?} {b:?}"
            );
        }
        assert!(
            change_bounds((3, 3), 10, (4, 4), 10).is_none(),
            "both shown"
        );
        assert!(
            change_bounds((1, 4), 0, (1, 4), 10).is_none(),
            "no cases before"
        );
    }

    #[test]
    fn newcombe_limits_rise_with_the_later_count_and_fall_with_the_earlier() {
        // What makes the widened interval of `change_bounds` cover every hidden value: checked
        // over every table with up to 40 cases a period.
        for n1 in 1..=40 {
            for n2 in 1..=40 {
                for x1 in 0..=n1 {
                    for x2 in 0..=n2 {
                        let d = newcombe_difference(x1, n1, x2, n2).expect("defined");
                        if x2 < n2 {
                            let up = newcombe_difference(x1, n1, x2 + 1, n2).expect("defined");
                            assert!(
                                up.ci95[0] >= d.ci95[0] - 1e-12 && up.ci95[1] >= d.ci95[1] - 1e-12
                            );
                        }
                        if x1 < n1 {
                            let up = newcombe_difference(x1 + 1, n1, x2, n2).expect("defined");
                            assert!(
                                up.ci95[0] <= d.ci95[0] + 1e-12 && up.ci95[1] <= d.ci95[1] + 1e-12
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn ratio_of_ratios_adds_the_log_variances() {
        // Before 12/26 vs 2/23, after 4/16 vs 1/18 (numbers checked in docs/statistics.md).
        let r = ratio_of_ratios([12, 26, 2, 23], [4, 16, 1, 18]).expect("defined");
        let rr1 = (12.0 / 26.0) / (2.0 / 23.0);
        let rr2 = (4.0 / 16.0) / (1.0 / 18.0);
        assert!(close(r.value, rr2 / rr1), "{r:?}");
        let v1: f64 = 1.0 / 12.0 - 1.0 / 26.0 + 1.0 / 2.0 - 1.0 / 23.0;
        let v2 = 1.0 / 4.0 - 1.0 / 16.0 + 1.0 / 1.0 - 1.0 / 18.0;
        let hi = ((rr2 / rr1).ln() + Z95 * (v1 + v2).sqrt()).exp();
        assert!(close(r.ci95[1], hi), "{r:?}");
        assert!(ratio_of_ratios([0, 10, 0, 10], [1, 10, 1, 10]).is_none());
    }
}
