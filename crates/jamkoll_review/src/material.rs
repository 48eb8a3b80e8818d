//! The excerpts of a unit's discussion material (`jamkoll review --format html --discussion`):
//! 6 to 10 passages that show the unit's patterns, women's and men's sides alternating.
//!
//! A pattern is what the report itself shows as a difference between women and men:
//! 1. a **flagged row** of the language table (by the client's gender);
//! 2. a category of the table "who the text is about" whose findings about women and men (or
//!    girls and boys), per case that mentions such a person, differ at least twofold;
//! 3. a domain of the responsibility table whose duties on mothers and fathers (or other women
//!    and men) differ at least twofold;
//! 4. a row of the language table that is not flagged but whose shares differ at least twofold,
//!    only for a side (women or men) that none of the patterns above gives an excerpt cell: a
//!    fallback, so that a pattern the test does not flag (the men's threat labels of a unit
//!    whose women's appearance is flagged) can still show, while a unit with clearer patterns is
//!    not diluted with differences that may be chance.
//!
//! "At least twofold" is judged on the shown figures only, as goals are: the larger count must
//! be shown and at least `min_cell`, and its share at least twice the largest share the other
//! side's count can have (a hidden "<5" counts as 4). It is a description of the tables, not a
//! test; the material says so. Excerpts are taken only from cells the report shows and that are
//! not 0 ([`quotable`]), through the same [`Picker`] as the report's excerpts, so the gate and
//! the de-duplication of sentences are the report's. A unit without a gender breakdown has no
//! patterns.
//!
//! The sides alternate, women's first, each a round robin over its patterns in the order above.
//! When one side runs out, the other continues only until the material has [`MIN_EXCERPTS`], and
//! the page says that side had fewer: a pattern that shows only in women's cases is not made to
//! look balanced with passages that show nothing.

use std::collections::HashSet;

use jamkoll_core::{Gender, Subject};

use crate::aggregate::{Aggregator, Bearer, Key, SUBJECTS, UnitAgg, ci};
use crate::counts::DutyBearer;
use crate::excerpt::{Picker, quotable};
use crate::input::ExcerptSource;
use crate::report::{
    Comparison, Count, Material, MaterialExcerpt, MaterialPattern, Pattern, Question, UnitReport,
};

/// The material shows at least this many excerpts when the unit has them.
pub(crate) const MIN_EXCERPTS: usize = 6;
/// And at most this many (two A4 pages with the key figures).
pub(crate) const MAX_EXCERPTS: usize = 10;

/// Which side of two shown figures is at least twice the other whatever the hidden counts
/// hold: the larger count shown and at least `m`, its share at least twice the largest share
/// the other count can have. `of` are the denominators (`None`: the counts are compared as
/// they are). `None` when they do not differ that clearly, or a denominator is hidden or 0.
pub(crate) fn differs(counts: [Count; 2], of: [Option<Count>; 2], m: u64) -> Option<usize> {
    let mut shares = [(0.0, 0.0); 2];
    for side in 0..2 {
        let n = match of[side] {
            None => 1,
            Some(c) => c.value.filter(|&n| n > 0)?,
        };
        let (lo, hi) = counts[side].range(n.max(1), m)?;
        shares[side] = (lo as f64 / n as f64, hi as f64 / n as f64);
    }
    (0..2).find(|&big| {
        let small = 1 - big;
        counts[big].value.is_some_and(|v| v >= m)
            && shares[big].0 > 0.0
            && shares[big].0 >= 2.0 * shares[small].1
    })
}

impl Aggregator {
    /// Chooses the discussion material of unit `u` (whose counts are `agg`).
    pub(crate) fn material(
        &self,
        u: &UnitReport,
        agg: &UnitAgg,
        source: &dyn ExcerptSource,
    ) -> Material {
        let m = self.settings.min_cell.max(1);
        if u.suppressed {
            return Material::default();
        }
        // Each pattern with the candidates of its two sides.
        let mut found: Vec<(MaterialPattern, [&[crate::aggregate::Candidate]; 2])> = Vec::new();
        let mut push = |pattern: Pattern, counts: [Count; 2], of: [Option<Count>; 2], cands| {
            found.push((
                MaterialPattern {
                    pattern,
                    counts,
                    of,
                    shown: [0, 0],
                },
                cands,
            ));
        };
        let cases = [Some(u.cases.kvinna), Some(u.cases.man)];
        let by_client = |c: &Comparison| [c.cases_with_findings.kvinna, c.cases_with_findings.man];
        let client_cands = |key: Option<usize>| {
            key.map_or([&[][..], &[][..]], |k| {
                [
                    agg.candidates(k, Gender::Kvinna),
                    agg.candidates(k, Gender::Man),
                ]
            })
        };
        // 1. Flagged rows, as the report shows their excerpts: a flagged category only when
        // none of its rules is flagged.
        for c in &u.categories {
            let rule_flagged = c.rules.iter().any(|r| r.comparison.flagged);
            if c.comparison.flagged && !rule_flagged {
                push(
                    Pattern::Flagged {
                        category: c.category,
                        rule: None,
                    },
                    by_client(&c.comparison),
                    cases,
                    client_cands(Some(ci(c.category))),
                );
            }
            for r in c.rules.iter().filter(|r| r.comparison.flagged) {
                push(
                    Pattern::Flagged {
                        category: c.category,
                        rule: Some(r.rule.clone()),
                    },
                    by_client(&r.comparison),
                    cases,
                    client_cands(self.key_of_rule(&r.rule)),
                );
            }
        }
        // 2. Who the text is about.
        let pos = |s: Subject| SUBJECTS.iter().position(|x| *x == s);
        for row in &u.subjects {
            for pair in [
                [Subject::Kvinna, Subject::Man],
                [Subject::Flicka, Subject::Pojke],
            ] {
                let cell = |s: Subject| row.subjects.iter().find(|c| c.subject == s);
                let (Some(a), Some(b)) = (cell(pair[0]), cell(pair[1])) else {
                    continue;
                };
                let counts = [a.cases_with_findings, b.cases_with_findings];
                let of = [Some(a.cases_mentioned), Some(b.cases_mentioned)];
                if differs(counts, of, m).is_some() {
                    let cands = pair.map(|s| {
                        pos(s).map_or(&[][..], |i| agg.subject_candidates(row.category, i))
                    });
                    push(
                        Pattern::Subject {
                            category: row.category,
                            subjects: pair,
                        },
                        counts,
                        of,
                        cands,
                    );
                }
            }
        }
        // 3. On whom duties are placed.
        for row in &u.responsibility {
            for (pair, counts) in [
                ([Bearer::Mother, Bearer::Father], [row.mothers, row.fathers]),
                ([Bearer::Woman, Bearer::Man], [row.women, row.men]),
            ] {
                if differs(counts, [None, None], m).is_some() {
                    push(
                        Pattern::Duty {
                            domain: row.domain,
                            bearers: pair.map(DutyBearer::of),
                        },
                        counts,
                        [None, None],
                        pair.map(|b| agg.duty_candidates(row.domain, b)),
                    );
                }
            }
        }
        // 4. Rows of the language table that differ without being flagged; a category only
        // when none of its rules is in the material already.
        for c in &u.categories {
            let mut rule_in = c.rules.iter().any(|r| r.comparison.flagged);
            for r in c.rules.iter().filter(|r| !r.comparison.flagged) {
                if differs(by_client(&r.comparison), cases, m).is_some() {
                    rule_in = true;
                    push(
                        Pattern::Row {
                            category: c.category,
                            rule: Some(r.rule.clone()),
                        },
                        by_client(&r.comparison),
                        cases,
                        client_cands(self.key_of_rule(&r.rule)),
                    );
                }
            }
            if !c.comparison.flagged
                && !rule_in
                && differs(by_client(&c.comparison), cases, m).is_some()
            {
                push(
                    Pattern::Row {
                        category: c.category,
                        rule: None,
                    },
                    by_client(&c.comparison),
                    cases,
                    client_cands(Some(ci(c.category))),
                );
            }
        }
        // Rows of the language table only for a side nothing else can show.
        let covered = |side: usize| {
            found
                .iter()
                .any(|(p, _)| !matches!(p.pattern, Pattern::Row { .. }) && quotable(p.counts[side]))
        };
        let covered = [covered(0), covered(1)];
        let found: Vec<_> = found
            .into_iter()
            .filter_map(|(p, mut cands)| {
                if matches!(p.pattern, Pattern::Row { .. }) {
                    for side in 0..2 {
                        if covered[side] || !quotable(p.counts[side]) {
                            cands[side] = &[];
                        }
                    }
                    if cands.iter().all(|c| c.is_empty()) {
                        return None;
                    }
                }
                Some((p, cands))
            })
            .collect();
        let mut material = choose(found, source, |key| self.rule_of(key));
        // The questions of the report, then of the rules the excerpts show.
        material.questions = u.questions.clone();
        for e in &material.excerpts {
            let Some(id) = &e.rule else { continue };
            if material.questions.iter().any(|q| &q.rule == id) {
                continue;
            }
            if let Some(text) = self.question(id) {
                material.questions.push(Question {
                    rule: id.clone(),
                    text,
                });
            }
        }
        material
    }

    /// The rule id of a row, `None` for a category row.
    fn rule_of(&self, key: usize) -> Option<String> {
        match self.keys.get(key)? {
            Key::Rule(id) => Some(id.clone()),
            Key::Category(_) => None,
        }
    }
}

/// Alternates the two sides' round robins over the patterns (see the module documentation).
fn choose(
    found: Vec<(MaterialPattern, [&[crate::aggregate::Candidate]; 2])>,
    source: &dyn ExcerptSource,
    rule_of: impl Fn(usize) -> Option<String>,
) -> Material {
    let mut patterns: Vec<MaterialPattern> = Vec::with_capacity(found.len());
    // Per side: a picker per pattern whose side may be quoted.
    let mut sides: [Vec<(usize, Picker<'_>)>; 2] = [Vec::new(), Vec::new()];
    for (i, (p, cands)) in found.into_iter().enumerate() {
        for side in 0..2 {
            if quotable(p.counts[side]) {
                sides[side].push((i, Picker::new(cands[side], side)));
            }
        }
        patterns.push(p);
    }
    let mut turn = [0usize; 2];
    let mut seen = HashSet::new();
    // The next excerpt of a side: its patterns in turn, each giving one.
    let mut next = |side: usize, sides: &mut [Vec<(usize, Picker<'_>)>; 2]| {
        let list = &mut sides[side];
        while !list.is_empty() {
            let at = turn[side] % list.len();
            let (pattern, picker) = &mut list[at];
            let pattern = *pattern;
            match picker.next(source, &mut seen) {
                Some((cand, text)) => {
                    turn[side] = at + 1;
                    return Some(MaterialExcerpt {
                        pattern,
                        side,
                        rule: rule_of(cand.rule),
                        document: cand.doc.clone(),
                        text,
                    });
                }
                // This pattern has no more on this side; the next one takes its turn.
                None => {
                    list.remove(at);
                }
            }
        }
        None
    };
    let mut excerpts = Vec::new();
    let mut ran_out = [false; 2];
    'fill: while excerpts.len() < MAX_EXCERPTS {
        for side in 0..2 {
            if ran_out[side] {
                continue;
            }
            // One side used up: the other goes on only to the minimum.
            if ran_out[1 - side] && excerpts.len() >= MIN_EXCERPTS {
                break 'fill;
            }
            match next(side, &mut sides) {
                Some(e) => excerpts.push(e),
                None => ran_out[side] = true,
            }
            if excerpts.len() >= MAX_EXCERPTS {
                break 'fill;
            }
        }
        if ran_out == [true, true] {
            break;
        }
    }
    for e in &excerpts {
        patterns[e.pattern].shown[e.side] += 1;
    }
    Material {
        patterns,
        excerpts,
        ran_out,
        questions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Why;

    #[test]
    fn twofold_is_judged_on_what_the_report_shows() {
        let shown = Count::shown;
        let small = Count::hidden(Why::Small);
        // Barn och familj Öst, ansvar by subject: 24 of 78 mothers' cases, 5 of 77 fathers'.
        assert_eq!(
            differs([shown(24), shown(5)], [Some(shown(78)), Some(shown(77))], 5),
            Some(0)
        );
        // 5 of 36 girls' cases against "<5" of 37 boys': the hidden 4 would be 11 %, the 5 is
        // 14 %, so not twofold whatever it holds.
        assert_eq!(
            differs([shown(5), small], [Some(shown(36)), Some(shown(37))], 5),
            None
        );
        // Duties without denominators: 12 on mothers against "<5" (at most 4) on fathers.
        assert_eq!(differs([shown(12), small], [None, None], 5), Some(0));
        assert_eq!(differs([shown(7), small], [None, None], 5), None);
        // 0 against 13: twofold; 0 against 0 or two hidden counts: nothing to show.
        assert_eq!(
            differs([shown(0), shown(13)], [Some(shown(78)), Some(shown(77))], 5),
            Some(1)
        );
        assert_eq!(differs([shown(0), shown(0)], [None, None], 5), None);
        assert_eq!(differs([small, small], [None, None], 5), None);
        // A hidden denominator: no judgement.
        assert_eq!(
            differs([shown(20), shown(1)], [Some(small), Some(shown(50))], 5),
            None
        );
    }
}
