//! From counts to a report: suppression, statistics, flags, excerpts and questions.

use jamkoll_core::{Category, DutyDomain, Gender};

use crate::aggregate::{Aggregator, Bearer, Folded, KeyId, SUBJECTS, UnitAgg, ci, di, gi};
use crate::excerpt::{Picker, quotable};
use crate::input::{ExcerptSource, Lang, Stamp};
use crate::report::{
    Amounts, AreaRow, CategoryRow, Comparison, Corpus, Count, DecisionRow, DutyRow, Excerpt,
    GenderCounts, GeneratedBy, Pair, Question, Rate, Report, Representation, RulePack, RuleRow,
    SCHEMA_VERSION, SettingsOut, SubjectCell, SubjectRow, Tests, TypeRow, UnitReport, Why,
};
use crate::stats::{self, LnFactorials, round6};
use crate::suppress::{FIXED, Hidden, Linked, primary, protect_bounded_group};
use crate::text;

/// Cell ids of one gender row (four genders and the total) in the linked table.
type RowIds = [usize; 5];

/// Complement priorities of a gender row: women and men last, the other columns and the total
/// first.
const ROW: [u8; 5] = [1, 1, 0, 0, 0];
/// A breakdown unit's case row: its counts of women and men are the denominators of its rates,
/// which the language tables show, so they are never hidden as complements.
const DENOMINATORS: [u8; 5] = [FIXED, FIXED, 0, 0, 0];
/// The corpus totals row: the grand total is in the stamp.
const TOTALS: [u8; 5] = [1, 1, 0, 0, FIXED];

/// Adds a gender row (and the sum that ties it to its total) to the linked table.
fn gender_row(lk: &mut Linked, counts: &[u64; 4], priority: [u8; 5]) -> RowIds {
    let parts: Vec<usize> = counts
        .iter()
        .zip(priority)
        .map(|(&v, p)| lk.cell(v, p))
        .collect();
    let total = lk.cell(counts.iter().sum(), priority[4]);
    lk.sum(&parts, total);
    [parts[0], parts[1], parts[2], parts[3], total]
}

/// Ties rows to the row they add up to, column by column.
fn rows_add_up(lk: &mut Linked, rows: &[RowIds], total: &RowIds) {
    for col in 0..5 {
        let parts: Vec<usize> = rows.iter().map(|r| r[col]).collect();
        lk.sum(&parts, total[col]);
    }
}

fn count_of(lk: &Linked, id: usize) -> Count {
    match lk.hidden(id) {
        None => Count::shown(lk.value(id)),
        Some(h) => Count::hidden(why(h)),
    }
}

fn why(h: Hidden) -> Why {
    match h {
        Hidden::Small => Why::Small,
        Hidden::Complement => Why::Complement,
    }
}

fn counts_of(lk: &Linked, ids: &RowIds) -> GenderCounts {
    GenderCounts {
        kvinna: count_of(lk, ids[0]),
        man: count_of(lk, ids[1]),
        annat: count_of(lk, ids[2]),
        okant: count_of(lk, ids[3]),
        total: count_of(lk, ids[4]),
    }
}

fn small(v: u64, min_cell: u64) -> Option<Hidden> {
    (v >= 1 && v < min_cell).then_some(Hidden::Small)
}

fn to_count(v: u64, h: Option<Hidden>) -> Count {
    match h {
        None => Count::shown(v),
        Some(h) => Count::hidden(why(h)),
    }
}

/// The raw figures of one comparison, before anything is hidden.
#[derive(Debug, Clone, Default)]
struct Raw {
    /// Cases with a finding: women, men, all genders.
    cases: [u64; 3],
    /// Findings: women, men.
    findings: [u64; 2],
    hidden: [Option<Hidden>; 3],
    /// Fisher's p on the true counts: decides the flag, never shown for a row with a hidden
    /// count.
    p: Option<f64>,
    /// The Benjamini–Hochberg q of `p` (true counts); `None` outside the screened family.
    q: Option<f64>,
    /// The p the report shows: `p` itself, or for a row with a small hidden count the largest p
    /// over every value it could take; `None` for a row with a complement.
    p_shown: Option<f64>,
    /// The q the report shows: `q` itself, or for a row with a hidden count an upper bound that
    /// depends only on shown figures (see [`bound_hidden_q`]).
    q_shown: Option<f64>,
    /// Whether `p_shown` and `q_shown` are upper bounds.
    p_bound: bool,
}

impl Raw {
    fn of(folded: &Folded, key: KeyId, min_cell: u64) -> Raw {
        let h = folded.hits(key);
        let mut raw = Raw {
            cases: [h.cases[0], h.cases[1], h.cases.iter().sum()],
            findings: [h.findings[0], h.findings[1]],
            ..Raw::default()
        };
        for i in 0..3 {
            raw.hidden[i] = small(raw.cases[i], min_cell);
        }
        raw
    }
}

/// A category's raw figures with its rules' (by rule id).
type CategoryRaw = (Category, Raw, Vec<(String, Raw)>);

/// One unit while its report is put together.
struct Work<'a> {
    name: &'a str,
    agg: &'a UnitAgg,
    cases: [u64; 4],
    words: [u64; 4],
    breakdown: bool,
    /// Category rows, each with its rule rows (rule id).
    rows: Vec<CategoryRaw>,
}

impl Aggregator {
    /// Turns the counts into a report. Excerpts for flagged rows are cut by `source`.
    pub fn finish(mut self, stamp: &Stamp, source: &dyn ExcerptSource) -> Report {
        for unit in self.units.values_mut() {
            unit.fold_open();
        }
        let m = self.settings.min_cell.max(1);
        let lang = self.settings.lang;

        // Cases and words by case gender.
        let mut work: Vec<Work<'_>> = self
            .units
            .iter()
            .map(|(name, agg)| {
                let (cases, words) = (agg.folded.cases, agg.folded.words);
                Work {
                    name,
                    agg,
                    cases,
                    words,
                    breakdown: cases[0] >= m && cases[1] >= m,
                    rows: Vec::new(),
                }
            })
            .collect();

        // Representation: every table linked by sums, suppressed together.
        let mut lk = Linked::default();
        let mut unit_ids = Vec::new();
        for w in &work {
            let cases = gender_row(
                &mut lk,
                &w.cases,
                if w.breakdown { DENOMINATORS } else { ROW },
            );
            let docs = gender_row(&mut lk, &w.agg.documents, ROW);
            let areas: Vec<RowIds> = w
                .agg
                .areas
                .values()
                .map(|c| gender_row(&mut lk, c, ROW))
                .collect();
            rows_add_up(&mut lk, &areas, &docs);
            let types: Vec<RowIds> = w
                .agg
                .types
                .values()
                .map(|c| gender_row(&mut lk, c, ROW))
                .collect();
            rows_add_up(&mut lk, &types, &docs);
            unit_ids.push((cases, docs, areas, types));
        }
        let mut totals = [[0u64; 4]; 2];
        for w in &work {
            for (g, (cases, docs)) in w.cases.iter().zip(&w.agg.documents).enumerate() {
                totals[0][g] += cases;
                totals[1][g] += docs;
            }
        }
        let total_cases = gender_row(&mut lk, &totals[0], TOTALS);
        let total_docs = gender_row(&mut lk, &totals[1], TOTALS);
        let case_rows: Vec<RowIds> = unit_ids.iter().map(|u| u.0).collect();
        let doc_rows: Vec<RowIds> = unit_ids.iter().map(|u| u.1).collect();
        rows_add_up(&mut lk, &case_rows, &total_cases);
        rows_add_up(&mut lk, &doc_rows, &total_docs);
        lk.solve(m);

        // Language rows: primary suppression, the category–rule bound, then the tests.
        let mut lf = LnFactorials::default();
        let mut family: Vec<(usize, usize, Option<usize>)> = Vec::new();
        let mut pvals = Vec::new();
        let mut pmins = Vec::new();
        for (ui, w) in work.iter_mut().enumerate() {
            for &category in Category::ALL {
                let folded = &w.agg.folded;
                let mut raw = Raw::of(folded, ci(category), m);
                let mut rules: Vec<(String, Raw)> = self
                    .rule_category
                    .iter()
                    .filter(|(_, c)| **c == category)
                    .filter_map(|(id, _)| {
                        let key = self.key_of_rule(id)?;
                        folded
                            .hits(key)
                            .any()
                            .then(|| (id.clone(), Raw::of(folded, key, m)))
                    })
                    .collect();
                for col in 0..3 {
                    let parts: Vec<u64> = rules.iter().map(|(_, r)| r.cases[col]).collect();
                    let mut hidden: Vec<Option<Hidden>> =
                        rules.iter().map(|(_, r)| r.hidden[col]).collect();
                    hidden.push(raw.hidden[col]);
                    protect_bounded_group(&parts, raw.cases[col], &mut hidden, m);
                    for (i, (_, r)) in rules.iter_mut().enumerate() {
                        r.hidden[col] = hidden[i];
                    }
                    raw.hidden[col] = hidden[parts.len()];
                }
                if w.breakdown {
                    let (n1, n2) = (w.cases[0], w.cases[1]);
                    let ci = w.rows.len();
                    if let Some(t) = test(&raw, n1, n2, m, &mut lf) {
                        raw.p = Some(t.p);
                        raw.p_shown = t.shown;
                        raw.p_bound = t.bound;
                        family.push((ui, ci, None));
                        pvals.push(t.p);
                        pmins.push(t.p_min);
                    }
                    for (ri, (_, r)) in rules.iter_mut().enumerate() {
                        if let Some(t) = test(r, n1, n2, m, &mut lf) {
                            r.p = Some(t.p);
                            r.p_shown = t.shown;
                            r.p_bound = t.bound;
                            family.push((ui, ci, Some(ri)));
                            pvals.push(t.p);
                            pmins.push(t.p_min);
                        }
                    }
                }
                w.rows.push((category, raw, rules));
            }
        }
        // The family is every tested row on its true counts; the shown q of a row with a hidden
        // count is then bounded from the shown rows alone.
        let qvals = stats::tarone_bh(&pvals, &pmins, self.settings.alpha);
        for (&at, &q) in family.iter().zip(&qvals) {
            let raw = row_mut(&mut work, at);
            raw.q = q;
            if !raw.p_bound {
                raw.q_shown = q;
            }
        }
        let shown: Vec<(f64, f64)> = family
            .iter()
            .filter_map(|&at| {
                let raw = row_mut(&mut work, at);
                match (raw.p_bound, raw.p, raw.q) {
                    (false, Some(p), Some(q)) => Some((p, q)),
                    _ => None,
                }
            })
            .collect();
        for &at in &family {
            let raw = row_mut(&mut work, at);
            if raw.p_bound {
                raw.q_shown = raw.p_shown.map(|p| bound_hidden_q(p, family.len(), &shown));
            }
        }

        let units: Vec<UnitReport> = work
            .iter()
            .zip(&unit_ids)
            .map(|(w, ids)| self.unit_report(w, ids, &lk, source))
            .collect();
        let flagged = units.iter().map(|u| u.flagged().len()).sum();

        Report {
            schema_version: SCHEMA_VERSION,
            generated_by: GeneratedBy {
                name: "jamkoll".into(),
                version: stamp.jamkoll_version.clone(),
            },
            rule_pack: RulePack {
                hash: stamp.rule_pack_hash.clone(),
                rules: self.rules.len(),
            },
            corpus: Corpus {
                documents: self.documents,
                cases: totals[0].iter().sum(),
                fingerprint: format!("{:016x}", self.fingerprint),
                dismissed: self.units.values().map(|u| u.dismissed).sum(),
            },
            settings: SettingsOut {
                min_cell: m,
                alpha: self.settings.alpha,
                lang,
                excerpts_per_gender: self.settings.excerpts_per_gender,
                filters: self.settings.filters.clone(),
            },
            tests: Tests {
                method: "fisher-exact-two-sided; benjamini-hochberg over the tests that can reach significance (tarone-gilbert)".into(),
                count: pvals.len(),
                flagged,
            },
            totals: Representation {
                cases: counts_of(&lk, &total_cases),
                documents: counts_of(&lk, &total_docs),
            },
            units,
            questions_3r: text::questions_3r(lang),
            merged: None,
            goals: Vec::new(),
        }
    }

    fn unit_report(
        &self,
        w: &Work<'_>,
        ids: &(RowIds, RowIds, Vec<RowIds>, Vec<RowIds>),
        lk: &Linked,
        source: &dyn ExcerptSource,
    ) -> UnitReport {
        let m = self.settings.min_cell.max(1);
        let lang = self.settings.lang;
        let alpha = self.settings.alpha;
        let cases = counts_of(lk, &ids.0);
        let documents = counts_of(lk, &ids.1);
        let areas = w
            .agg
            .areas
            .keys()
            .zip(&ids.2)
            .map(|(area, row)| AreaRow {
                area: area.as_str().to_string(),
                label: match lang {
                    Lang::Sv => area.label_sv(),
                    Lang::En => area.label_en(),
                }
                .to_string(),
                documents: counts_of(lk, row),
            })
            .collect();
        let document_types = w
            .agg
            .types
            .keys()
            .zip(&ids.3)
            .map(|(t, row)| TypeRow {
                document_type: t.clone(),
                documents: counts_of(lk, row),
            })
            .collect();
        let words_per_case = Pair {
            kvinna: mean_words(w, &cases, Gender::Kvinna),
            man: mean_words(w, &cases, Gender::Man),
        };
        let suppressed_reason = (!w.breakdown).then(|| {
            let few: Vec<&str> = [Gender::Kvinna, Gender::Man]
                .into_iter()
                .filter(|g| w.cases[gi(*g)] < m)
                .map(|g| text::gender(lang, g))
                .collect();
            match lang {
                Lang::Sv => format!(
                    "Enheten har färre än {m} ärenden med {}. Språkfigurerna visas därför utan uppdelning på kön, så att ingen enskild person kan pekas ut.",
                    few.join(" och ")
                ),
                Lang::En => format!(
                    "The unit has fewer than {m} cases of {}. Its language figures are therefore shown without a gender breakdown, so that no individual can be singled out.",
                    few.join(" and ")
                ),
            }
        });

        let (n1, n2) = (w.cases[0], w.cases[1]);
        let words = (w.words[0], w.words[1]);
        let categories: Vec<CategoryRow> = w
            .rows
            .iter()
            .map(|(category, raw, rules)| CategoryRow {
                category: *category,
                label: text::category(lang, *category).to_string(),
                comparison: comparison(raw, n1, n2, words, w.breakdown, alpha),
                rules: rules
                    .iter()
                    .map(|(id, r)| RuleRow {
                        rule: id.clone(),
                        message: self.message(id),
                        comparison: comparison(r, n1, n2, words, w.breakdown, alpha),
                    })
                    .collect(),
            })
            .collect();

        let (decisions, amounts, subjects, responsibility) = if w.breakdown {
            (
                decisions(w, m),
                Pair {
                    kvinna: amounts(&w.agg.amounts[0], m),
                    man: amounts(&w.agg.amounts[1], m),
                },
                subjects(w, m, lang),
                responsibility(w, m, lang),
            )
        } else {
            let none = Amounts {
                documents: Count::hidden(Why::NoBreakdown),
                mean: None,
                median: None,
            };
            (
                Vec::new(),
                Pair {
                    kvinna: none,
                    man: none,
                },
                Vec::new(),
                Vec::new(),
            )
        };

        let mut excerpts = Vec::new();
        // A sentence shown once in the unit is not shown again (excerpt.rs).
        let mut seen = std::collections::HashSet::new();
        let mut questions: Vec<Question> = Vec::new();
        for c in &categories {
            let flagged_rows = std::iter::once((Some(ci(c.category)), &c.comparison, None)).chain(
                c.rules
                    .iter()
                    .map(|r| (self.key_of_rule(&r.rule), &r.comparison, Some(&r.rule))),
            );
            // A flagged category shows its own excerpts only when none of its rules is flagged
            // (otherwise the rules' excerpts already show the same passages).
            let rule_flagged = c.rules.iter().any(|r| r.comparison.flagged);
            for (key, cmp, rule) in flagged_rows {
                if !cmp.flagged {
                    continue;
                }
                let show_excerpts = rule.is_some() || !rule_flagged;
                for (g, cell) in [
                    (Gender::Kvinna, cmp.cases_with_findings.kvinna),
                    (Gender::Man, cmp.cases_with_findings.man),
                ] {
                    if !show_excerpts || !quotable(cell) {
                        continue;
                    }
                    let Some(key) = key else {
                        continue;
                    };
                    let mut pick = Picker::new(w.agg.candidates(key, g), gi(g));
                    for _ in 0..self.settings.excerpts_per_gender {
                        let Some((cand, text)) = pick.next(source, &mut seen) else {
                            break;
                        };
                        excerpts.push(Excerpt {
                            category: c.category,
                            rule: rule.cloned(),
                            gender: g,
                            document: cand.doc.clone(),
                            text,
                        });
                    }
                }
                // The flagged rule's question, or for a flagged category its fired rules'.
                let ids: Vec<&String> = match rule {
                    Some(id) => vec![id],
                    None => c.rules.iter().map(|r| &r.rule).collect(),
                };
                for id in ids {
                    if questions.iter().any(|q| &q.rule == id) {
                        continue;
                    }
                    if let Some(text) = self.question(id) {
                        questions.push(Question {
                            rule: id.clone(),
                            text,
                        });
                    }
                }
            }
        }

        let mut report = UnitReport {
            unit: w.name.to_string(),
            suppressed: !w.breakdown,
            suppressed_reason,
            cases,
            documents,
            words_per_case,
            areas,
            document_types,
            decisions,
            amounts,
            categories,
            subjects,
            responsibility,
            excerpts,
            questions,
            dismissed: w.agg.dismissed,
            material: None,
        };
        if self.settings.discussion {
            report.material = Some(self.material(&report, w.agg, source));
        }
        report
    }

    fn message(&self, id: &str) -> String {
        let Some(r) = self.rules.get(id) else {
            return String::new();
        };
        match self.settings.lang {
            Lang::Sv => r.message_sv.clone(),
            Lang::En => r.message_en.clone().unwrap_or_else(|| r.message_sv.clone()),
        }
    }

    pub(crate) fn question(&self, id: &str) -> Option<String> {
        let r = self.rules.get(id)?;
        let q = match self.settings.lang {
            Lang::Sv => r.question_sv.clone(),
            Lang::En => r
                .question_en
                .clone()
                .unwrap_or_else(|| r.question_sv.clone()),
        };
        (!q.trim().is_empty()).then_some(q)
    }
}

/// Fisher's test of a row on its true counts, or `None` when there is nothing to test.
///
/// Returns the true p and the smallest p the row could reach with its true margins (for
/// [`stats::tarone_bh`]); both decide the flag and are never shown for a row with a hidden count.
/// Also returns the p the report may show: the true p when nothing is hidden, the largest p over
/// every value a small hidden count could take (1 to min_cell − 1), which depends only on what
/// the report shows, or `None` when a count is hidden as a complement (its range is open).
fn test(raw: &Raw, n1: u64, n2: u64, m: u64, lf: &mut LnFactorials) -> Option<Tested> {
    let [a, b, _] = raw.cases;
    if a + b == 0 {
        return None;
    }
    let p = stats::fisher_two_sided(a, n1, b, n2, lf)?;
    let p_min = stats::fisher_min_p(n1, n2, a + b, lf);
    let range = |v: u64, h: Option<Hidden>, n: u64| -> Option<Vec<u64>> {
        match h {
            None => Some(vec![v]),
            Some(Hidden::Small) => Some((1..m.min(n + 1)).collect()),
            Some(Hidden::Complement) => None,
        }
    };
    let bound = raw.hidden[0].is_some() || raw.hidden[1].is_some();
    let shown = match (range(a, raw.hidden[0], n1), range(b, raw.hidden[1], n2)) {
        (Some(ra), Some(rb)) => {
            let mut worst: Option<f64> = None;
            for &x in &ra {
                for &y in &rb {
                    if let Some(px) = stats::fisher_two_sided(x, n1, y, n2, lf) {
                        worst = Some(worst.map_or(px, |w| w.max(px)));
                    }
                }
            }
            worst
        }
        _ => None,
    };
    Some(Tested {
        p,
        p_min,
        shown,
        bound,
    })
}

/// One row's test: see [`test`].
struct Tested {
    p: f64,
    p_min: f64,
    shown: Option<f64>,
    bound: bool,
}

/// The raw figures of the row at (unit, category, rule) in `work`.
fn row_mut<'w>(
    work: &'w mut [Work<'_>],
    (ui, ci, ri): (usize, usize, Option<usize>),
) -> &'w mut Raw {
    let row = &mut work[ui].rows[ci];
    match ri {
        None => &mut row.1,
        Some(ri) => &mut row.2[ri].1,
    }
}

/// The q a report may show for a row with a hidden count whose shown p is the bound `p_bound`.
///
/// Two bounds on the row's true q, both from shown figures only (so they reveal nothing about the
/// hidden count), and the smaller is taken:
/// - Benjamini–Hochberg q is at most p·M/rank ≤ p·m, where m (`tests`, shown in the report) is
///   at least the size M of the screened family, and the true p is at most `p_bound`;
/// - q-values are non-decreasing in p, so the true q is at most the q of any shown row whose p is
///   at least `p_bound`. `shown` holds (p, q) of the rows without a hidden count that have a q.
fn bound_hidden_q(p_bound: f64, tests: usize, shown: &[(f64, f64)]) -> f64 {
    shown
        .iter()
        .filter(|(p, _)| *p >= p_bound)
        .map(|(_, q)| *q)
        .fold((p_bound * tests as f64).min(1.0), f64::min)
}

fn comparison(
    raw: &Raw,
    n1: u64,
    n2: u64,
    words: (u64, u64),
    breakdown: bool,
    alpha: f64,
) -> Comparison {
    let cell = |i: usize| to_count(raw.cases[i], raw.hidden[i]);
    let hidden_pair = Count::hidden(Why::NoBreakdown);
    let (ck, cm) = if breakdown {
        (cell(0), cell(1))
    } else {
        (hidden_pair, hidden_pair)
    };
    let rate = |c: Count, n: u64| Rate {
        value: c
            .value
            .filter(|_| n > 0)
            .map(|v| round6(v as f64 / n as f64)),
        ci95: c
            .value
            .and_then(|v| stats::wilson(v, n))
            .map(|(l, h)| [round6(l), round6(h)]),
        denominator: if breakdown { n } else { 0 },
    };
    let per_1000 = |c: Count, f: u64, wds: u64| {
        c.value
            .filter(|_| wds > 0)
            .map(|_| round6(f as f64 * 1000.0 / wds as f64))
    };
    let rr = match (ck.value, cm.value) {
        (Some(a), Some(b)) if breakdown => stats::rate_ratio(a, n1, b, n2),
        _ => None,
    };
    let q = raw.q;
    Comparison {
        cases_with_findings: Pair {
            kvinna: ck,
            man: cm,
        },
        cases_with_findings_all: (!breakdown).then(|| cell(2)),
        rate: Pair {
            kvinna: rate(ck, n1),
            man: rate(cm, n2),
        },
        per_1000_words: Pair {
            kvinna: per_1000(ck, raw.findings[0], words.0),
            man: per_1000(cm, raw.findings[1], words.1),
        },
        rate_ratio: rr.map(|r| round6(r.ratio)),
        ci95: rr.map(|r| [round6(r.low), round6(r.high)]),
        continuity_corrected: rr.is_some_and(|r| r.corrected),
        p_value: raw.p_shown.map(round6),
        q_value: raw.q_shown.map(round6),
        p_is_bound: raw.p_bound,
        // Decided on the true q: for a row with a hidden count this reveals one bit (significant
        // or not), never the count (docs/statistics.md, "Tests on hidden counts").
        flagged: q.is_some_and(|q| q < alpha),
    }
}

fn mean_words(w: &Work<'_>, cases: &GenderCounts, g: Gender) -> Option<f64> {
    let n = cases.get(g).value.filter(|&n| n > 0)?;
    Some(round6(w.words[gi(g)] as f64 / n as f64))
}

fn decisions(w: &Work<'_>, m: u64) -> Vec<DecisionRow> {
    w.agg
        .decisions
        .iter()
        .map(|(d, c)| DecisionRow {
            decision: *d,
            documents: Pair {
                kvinna: primary(c[0], m),
                man: primary(c[1], m),
            },
        })
        .collect()
}

fn amounts(values: &[f64], m: u64) -> Amounts {
    let documents = primary(values.len() as u64, m);
    if documents.value.is_none_or(|n| n == 0) {
        return Amounts {
            documents,
            mean: None,
            median: None,
        };
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Amounts {
        documents,
        mean: Some(round6(v.iter().sum::<f64>() / n as f64)),
        median: Some(round6(median)),
    }
}

fn subjects(w: &Work<'_>, m: u64, lang: Lang) -> Vec<SubjectRow> {
    let mut out = Vec::new();
    for &category in Category::ALL {
        let folded = &w.agg.folded;
        let row = folded.subjects.get(ci(category));
        if !row.is_some_and(|r| r.iter().any(|e| e.0 > 0)) {
            continue;
        }
        let subjects = SUBJECTS
            .iter()
            .enumerate()
            .map(|(si, &subject)| {
                let (mentioned, mentions) = folded.mentions[si];
                let (with, findings) = row.map_or((0, 0), |r| r[si]);
                let with = primary(with, m);
                SubjectCell {
                    subject,
                    cases_mentioned: primary(mentioned, m),
                    per_100_mentions: with
                        .value
                        .filter(|_| mentions > 0)
                        .map(|_| round6(findings as f64 * 100.0 / mentions as f64)),
                    cases_with_findings: with,
                }
            })
            .collect();
        out.push(SubjectRow {
            category,
            label: text::category(lang, category).to_string(),
            subjects,
        });
    }
    out
}

fn responsibility(w: &Work<'_>, m: u64, lang: Lang) -> Vec<DutyRow> {
    let domains = DutyDomain::ALL.iter().map(|d| Some(*d)).chain([None]);
    let mut out = Vec::new();
    for d in domains {
        let row = w.agg.folded.duties.get(di(d));
        let n = |b: Bearer| row.map_or(0, |r| r[b as usize]);
        let counts: Vec<u64> = Bearer::ALL.iter().map(|&b| n(b)).collect();
        if counts.iter().all(|&c| c == 0) {
            continue;
        }
        out.push(DutyRow {
            domain: d,
            label: text::domain(lang, d).to_string(),
            mothers: primary(counts[0], m),
            fathers: primary(counts[1], m),
            women: primary(counts[2], m),
            men: primary(counts[3], m),
        });
    }
    out
}
