//! Statistical disclosure control: which counts a report may show.
//!
//! The rule, written out in `docs/statistics.md` ("Small counts"):
//!
//! 1. **Primary.** A count from 1 to `min_cell − 1` is hidden ("<5").
//! 2. **Secondary.** Counts are linked by sums (the genders of a unit add up to the unit's total,
//!    units add up to the column totals, areas and document types add up to the unit's
//!    documents). For every such sum, taken as a line of its parts and its total:
//!    - a line with exactly one hidden cell gets a second one;
//!    - a line whose hidden cells are all primary gets a complement unless their sum, which a
//!      reader can compute from the shown cells, still leaves each of them at least two possible
//!      values (k hidden cells of sum S: k + 1 ≤ S ≤ k·(min_cell − 1) − 1);
//!    - a hidden cell that the shown cells determine exactly through the sums (checked by
//!      Gaussian elimination over all sums at once) gets a complement in one of its lines.
//!
//!    The complement is chosen by priority first (totals and the "annat"/"okänt" columns before
//!    the counts of women and men; the case counts of women and men that are the denominators of
//!    a unit's rates, and the corpus grand totals, never), then the smallest shown cell of the
//!    line with a value of at least `min_cell`, then the smallest non-zero one, ties broken by
//!    position. The steps repeat until nothing changes.
//!
//! Tables without sums (the language rows, where a case can be counted in several categories)
//! need only the primary rule; the bound that a category's count puts on its rules' counts is
//! handled in [`protect_bounded_group`].

use crate::report::{Count, Why};

/// The priority of a cell that is never hidden as a complement.
pub const FIXED: u8 = u8::MAX;

/// Why a count is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hidden {
    /// The count itself is small (1 to `min_cell − 1`).
    Small,
    /// A complement, hidden so that a small count cannot be worked out from the others.
    Complement,
}

/// Cells linked by sums, and the decision which of them to hide.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    values: Vec<u64>,
    priority: Vec<u8>,
    hidden: Vec<Option<Hidden>>,
    /// Each line: its members; the last member is the total.
    lines: Vec<Vec<usize>>,
}

impl Linked {
    /// Adds a cell and returns its id. Complements are taken from the lowest `priority` first;
    /// a cell of priority [`FIXED`] is never chosen.
    pub fn cell(&mut self, value: u64, priority: u8) -> usize {
        self.values.push(value);
        self.priority.push(priority);
        self.hidden.push(None);
        self.values.len() - 1
    }

    /// Records that the cells `parts` add up to the cell `total`.
    pub fn sum(&mut self, parts: &[usize], total: usize) {
        let mut line = parts.to_vec();
        line.push(total);
        self.lines.push(line);
    }

    /// Why cell `id` is hidden, or `None` when it is shown.
    pub fn hidden(&self, id: usize) -> Option<Hidden> {
        self.hidden[id]
    }

    /// The value of cell `id`.
    pub fn value(&self, id: usize) -> u64 {
        self.values[id]
    }

    /// Applies primary and secondary suppression with threshold `min_cell`.
    pub fn solve(&mut self, min_cell: u64) {
        for (h, &v) in self.hidden.iter_mut().zip(&self.values) {
            if v >= 1 && v < min_cell {
                *h = Some(Hidden::Small);
            }
        }
        // Each round hides at least one more cell or stops, so this ends.
        loop {
            let mut changed = false;
            for li in 0..self.lines.len() {
                if self.line_needs_complement(li, min_cell)
                    && let Some(c) = self.complement(&[li], min_cell)
                {
                    self.hidden[c] = Some(Hidden::Complement);
                    changed = true;
                }
            }
            if !changed {
                // One complement per exposed cell, all in one round: the elimination is the
                // expensive step, so it runs once per round rather than once per cell.
                let mut picks = Vec::new();
                for id in self.exposed(min_cell) {
                    let lines: Vec<usize> = (0..self.lines.len())
                        .filter(|&li| self.lines[li].contains(&id))
                        .collect();
                    if let Some(c) = self.complement(&lines, min_cell) {
                        picks.push(c);
                    }
                }
                for c in picks {
                    self.hidden[c] = Some(Hidden::Complement);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn line_needs_complement(&self, li: usize, min_cell: u64) -> bool {
        let hidden: Vec<usize> = self.lines[li]
            .iter()
            .copied()
            .filter(|&c| self.hidden[c].is_some())
            .collect();
        match hidden.len() {
            0 => false,
            1 => true,
            k => {
                let all_small = hidden
                    .iter()
                    .all(|&c| self.hidden[c] == Some(Hidden::Small));
                if !all_small {
                    return false;
                }
                let k = k as u64;
                let s: u64 = hidden.iter().map(|&c| self.values[c]).sum();
                !(s > k && s < k * (min_cell - 1))
            }
        }
    }

    /// The best shown cell of the given lines to hide as a complement.
    fn complement(&self, lines: &[usize], min_cell: u64) -> Option<usize> {
        lines
            .iter()
            .flat_map(|&li| self.lines[li].iter().copied())
            .filter(|&c| self.hidden[c].is_none() && self.priority[c] != FIXED)
            // Lowest priority, then a cell of at least min_cell, then a non-zero one, then the
            // smallest.
            .min_by_key(|&c| {
                let v = self.values[c];
                (self.priority[c], v < min_cell, v == 0, v, c)
            })
    }

    /// Hidden cells that a reader can pin to one value.
    ///
    /// The sums restricted to the hidden cells form a linear system A·x = b, where b comes from
    /// the shown cells. Its reduced row echelon form lists combinations of hidden cells whose
    /// value the reader knows (a row with a single entry is a cell determined exactly). For each
    /// such row the reader also knows each cell's box: 1..min_cell−1 for a cell shown as small,
    /// 0 and up for a complement. A cell whose range, given its row and the boxes of the other
    /// cells in it, holds fewer than two whole numbers is exposed.
    fn exposed(&self, min_cell: u64) -> Vec<usize> {
        // Complements first: elimination then expresses them through the small cells, and the
        // last rows hold what is known about the small cells alone (such as "these two add up
        // to 8", which pins both to 4 when each is at most 4).
        let mut cols: Vec<usize> = (0..self.values.len())
            .filter(|&c| self.hidden[c].is_some())
            .collect();
        cols.sort_by_key(|&c| (self.hidden[c] == Some(Hidden::Small), c));
        if cols.is_empty() {
            return Vec::new();
        }
        let index = |c: usize| cols.iter().position(|&x| x == c);
        let mut rows: Vec<Vec<f64>> = Vec::new();
        for line in &self.lines {
            let mut row = vec![0.0; cols.len()];
            let mut any = false;
            let last = line.len() - 1;
            for (pos, &c) in line.iter().enumerate() {
                if let Some(j) = index(c) {
                    row[j] += if pos == last { -1.0 } else { 1.0 };
                    any = true;
                }
            }
            if any {
                rows.push(row);
            }
        }
        let mut system = rows.clone();
        let pivots = rref(&mut rows);
        system.extend(rows.into_iter().take(pivots.len()));
        let mut bounds: Vec<(f64, f64)> = cols
            .iter()
            .map(|&c| match self.hidden[c] {
                Some(Hidden::Small) => (1.0, (min_cell - 1) as f64),
                _ => (0.0, f64::INFINITY),
            })
            .collect();
        // Each combination's known value and its non-zero coefficients: the rows are mostly
        // zeros, and the propagation below visits every pair of a row's cells each round.
        let system: Vec<(f64, Vec<(usize, f64)>)> = system
            .iter()
            .map(|row| {
                let known: f64 = row
                    .iter()
                    .zip(&cols)
                    .map(|(a, &c)| a * self.values[c] as f64)
                    .sum();
                let terms = row
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|(_, a)| a.abs() >= EPS)
                    .collect();
                (known, terms)
            })
            .collect();
        // Interval propagation: each known combination narrows each of its cells' ranges, given
        // the ranges of the others, until nothing narrows (whole numbers only).
        for _ in 0..100 {
            let mut narrowed = false;
            for (known, terms) in &system {
                let known = *known;
                for &(k, ck) in terms {
                    let (mut lo, mut hi) = (0.0, 0.0);
                    for &(j, cj) in terms {
                        if j == k {
                            continue;
                        }
                        let (bl, bh) = bounds[j];
                        if cj > 0.0 {
                            lo += cj * bl;
                            hi += cj * bh;
                        } else {
                            lo += cj * bh;
                            hi += cj * bl;
                        }
                    }
                    let (a, b) = ((known - hi) / ck, (known - lo) / ck);
                    let (from, to) = if a <= b { (a, b) } else { (b, a) };
                    let from = if from.is_finite() {
                        (from - 1e-6).ceil()
                    } else {
                        from
                    };
                    let to = if to.is_finite() {
                        (to + 1e-6).floor()
                    } else {
                        to
                    };
                    let (bl, bh) = bounds[k];
                    let next = (bl.max(from), bh.min(to));
                    if next.0 > bl + 0.5 || next.1 < bh - 0.5 {
                        bounds[k] = next;
                        narrowed = true;
                    }
                }
            }
            if !narrowed {
                break;
            }
        }
        let mut out: Vec<usize> = cols
            .iter()
            .zip(&bounds)
            .filter(|(_, (lo, hi))| hi - lo < 0.5)
            .map(|(&c, _)| c)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Tolerance for the elimination (coefficients are small integers and their ratios).
const EPS: f64 = 1e-9;

/// Brings `rows` to reduced row echelon form; returns the pivot column of each leading row.
fn rref(rows: &mut [Vec<f64>]) -> Vec<usize> {
    let width = rows.first().map_or(0, Vec::len);
    let mut pivots = Vec::new();
    let mut r = 0;
    for col in 0..width {
        if r >= rows.len() {
            break;
        }
        let Some(best) = (r..rows.len())
            .filter(|&i| rows[i][col].abs() > EPS)
            .max_by(|&i, &j| rows[i][col].abs().total_cmp(&rows[j][col].abs()))
        else {
            continue;
        };
        rows.swap(r, best);
        let p = rows[r][col];
        for v in rows[r].iter_mut() {
            *v /= p;
        }
        let pivot_row = rows[r].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i != r && row[col].abs() > EPS {
                let f = row[col];
                for (v, pv) in row.iter_mut().zip(&pivot_row) {
                    *v -= f * pv;
                }
            }
        }
        pivots.push(col);
        r += 1;
    }
    pivots
}

/// One row of counts and their total, suppressed as a review suppresses a unit's row of cases
/// or documents by gender: the primary rule, then complements so that no hidden count can be
/// worked out from the total. `parts` are the counts with their complement priorities (see
/// [`Linked::cell`]; the review's gender rows give women and men 1 and the other genders 0, so
/// those are hidden first). For a table of such rows outside a report (`jamkoll serve`).
pub fn row(parts: &[(u64, u8)], total_priority: u8, min_cell: u64) -> (Vec<Count>, Count) {
    let mut lk = Linked::default();
    let ids: Vec<usize> = parts.iter().map(|&(v, p)| lk.cell(v, p)).collect();
    let total = lk.cell(parts.iter().map(|p| p.0).sum(), total_priority);
    lk.sum(&ids, total);
    lk.solve(min_cell);
    let count = |id: usize| match lk.hidden(id) {
        None => Count::shown(lk.value(id)),
        Some(Hidden::Small) => Count::hidden(Why::Small),
        Some(Hidden::Complement) => Count::hidden(Why::Complement),
    };
    (ids.into_iter().map(count).collect(), count(total))
}

/// A count of a table without sums: hidden when from 1 to `min_cell − 1` (the primary rule).
pub fn primary(value: u64, min_cell: u64) -> Count {
    if value >= 1 && value < min_cell {
        Count::hidden(Why::Small)
    } else {
        Count::shown(value)
    }
}

/// Protects a group of counts bounded by a shown count that is not their sum: the cases with a
/// finding of a category (`total`) lie between the largest and the sum of its rules' counts
/// (`parts`), since one case can have findings of several rules.
///
/// A reader who sees the category's count c and the shown rule counts learns that the k hidden
/// small rule counts add up to at least L = c − Σ shown. When L ≥ k·(min_cell − 1) every hidden
/// count must be min_cell − 1: then the smallest shown rule count of at least `min_cell` is
/// hidden too, or the category's count when there is none. Returns the complements (indices into
/// `parts`, or `parts.len()` for the total), with `hidden` updated in place.
pub fn protect_bounded_group(
    parts: &[u64],
    total: u64,
    hidden: &mut [Option<Hidden>],
    min_cell: u64,
) -> Vec<usize> {
    let mut added = Vec::new();
    let n = parts.len();
    if hidden.len() != n + 1 || hidden[n].is_some() {
        return added;
    }
    loop {
        let small: Vec<usize> = (0..n)
            .filter(|&i| hidden[i] == Some(Hidden::Small))
            .collect();
        let other_hidden = (0..n).any(|i| hidden[i] == Some(Hidden::Complement));
        if small.is_empty() || other_hidden {
            return added;
        }
        let shown: u64 = (0..n)
            .filter(|&i| hidden[i].is_none())
            .map(|i| parts[i])
            .sum();
        let bound = total.saturating_sub(shown);
        if bound < small.len() as u64 * (min_cell - 1) {
            return added;
        }
        let pick = (0..n)
            .filter(|&i| hidden[i].is_none() && parts[i] >= min_cell)
            .min_by_key(|&i| (parts[i], i))
            .unwrap_or(n);
        hidden[pick] = Some(Hidden::Complement);
        added.push(pick);
        if pick == n {
            return added;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    #[test]
    fn a_lone_row_hides_its_small_counts_and_what_would_give_them_away() {
        // Norr's findings in `jamkoll serve`: 43 women, 42 men, 1 other. The 1 is small, and
        // the total would give it away, so the total is the complement (priority 0).
        let (parts, total) = row(&[(43, 1), (42, 1), (1, 0)], 0, 5);
        assert_eq!(parts[..2], [Count::shown(43), Count::shown(42)]);
        assert_eq!(parts[2], Count::hidden(Why::Small));
        assert_eq!(total, Count::hidden(Why::Complement));
        // Nothing small: everything shown.
        let (parts, total) = row(&[(66, 1), (60, 1), (6, 0)], 0, 5);
        assert!(parts.iter().chain([&total]).all(|c| !c.suppressed));
        assert_eq!(total, Count::shown(132));
        assert_eq!(primary(4, 5), Count::hidden(Why::Small));
        assert_eq!(primary(0, 5), Count::shown(0));
    }

    /// A table of `rows` × `cols` inner cells with row totals, column totals and a fixed grand
    /// total; returns the structure and the ids laid out row by row (totals last).
    fn table(inner: &[&[u64]]) -> (Linked, Vec<Vec<usize>>) {
        let mut t = Linked::default();
        let r = inner.len();
        let c = inner[0].len();
        let mut ids = Vec::new();
        for row in inner {
            let mut line: Vec<usize> = row.iter().map(|&v| t.cell(v, 1)).collect();
            let total = t.cell(row.iter().sum(), 0);
            t.sum(&line, total);
            line.push(total);
            ids.push(line);
        }
        let totals: Vec<usize> = (0..=c)
            .map(|j| {
                let v: u64 = ids.iter().map(|row| t.value(row[j])).sum();
                t.cell(v, if j == c { FIXED } else { 0 })
            })
            .collect();
        for (j, &tot) in totals.iter().enumerate() {
            let col: Vec<usize> = (0..r).map(|i| ids[i][j]).collect();
            t.sum(&col, tot);
        }
        t.sum(&totals[..c], totals[c]);
        ids.push(totals);
        (t, ids)
    }

    /// Every table a reader would accept: any values of the hidden inner cells (0..=limit), the
    /// totals they imply, equal to every shown cell, and 1..min_cell−1 for cells shown as small.
    /// Returns, per hidden cell, the values it takes in some accepted table.
    fn feasible_values(t: &Linked, ids: &[Vec<usize>], limit: u64) -> Vec<(usize, Vec<u64>)> {
        let r = ids.len() - 1;
        let c = ids[0].len() - 1;
        let free: Vec<(usize, usize)> = (0..r)
            .flat_map(|i| (0..c).map(move |j| (i, j)))
            .filter(|&(i, j)| t.hidden(ids[i][j]).is_some())
            .collect();
        let all: Vec<usize> = ids.iter().flatten().copied().collect();
        let mut seen: BTreeMap<usize, BTreeSet<u64>> = BTreeMap::new();
        let mut inner: Vec<Vec<u64>> = (0..r)
            .map(|i| (0..c).map(|j| t.value(ids[i][j])).collect())
            .collect();
        // Mixed radix: a cell shown as small takes 1..=4, any other hidden cell 0..=limit.
        let ranges: Vec<(u64, u64)> = free
            .iter()
            .map(|&(i, j)| match t.hidden(ids[i][j]) {
                Some(Hidden::Small) => (1, 4),
                _ => (0, limit),
            })
            .collect();
        let combos: u64 = ranges.iter().map(|(lo, hi)| hi - lo + 1).product();
        for mut code in 0..combos {
            for (&(i, j), &(lo, hi)) in free.iter().zip(&ranges) {
                inner[i][j] = lo + code % (hi - lo + 1);
                code /= hi - lo + 1;
            }
            let mut value = vec![0u64; t.values.len()];
            for i in 0..=r {
                for j in 0..=c {
                    let rows: Vec<usize> = if i == r { (0..r).collect() } else { vec![i] };
                    let cols: Vec<usize> = if j == c { (0..c).collect() } else { vec![j] };
                    let v: u64 = rows
                        .iter()
                        .flat_map(|&a| cols.iter().map(move |&b| (a, b)))
                        .map(|(a, b)| inner[a][b])
                        .sum();
                    value[ids[i][j]] = v;
                }
            }
            let ok = all.iter().all(|&id| match t.hidden(id) {
                None => value[id] == t.value(id),
                Some(Hidden::Small) => (1..5).contains(&value[id]),
                Some(Hidden::Complement) => true,
            });
            if ok {
                for &id in &all {
                    if t.hidden(id).is_some() {
                        seen.entry(id).or_default().insert(value[id]);
                    }
                }
            }
        }
        seen.into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect()
    }

    fn assert_undeterminable(t: &Linked, ids: &[Vec<usize>], limit: u64) {
        let hidden = ids
            .iter()
            .flatten()
            .filter(|&&id| t.hidden(id).is_some())
            .count();
        let found = feasible_values(t, ids, limit);
        assert_eq!(
            found.len(),
            hidden,
            "the true table must be among the accepted ones"
        );
        for (cell, vals) in found {
            assert!(
                vals.len() >= 2,
                "hidden cell {cell} (true {}) can be worked out: only {vals:?} fits; table {:?}",
                t.value(cell),
                ids.iter()
                    .map(|r| r
                        .iter()
                        .map(|&c| (t.value(c), t.hidden(c)))
                        .collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn one_small_cell_gets_a_complement_in_its_row_and_column() {
        // Unit A: 12 women, 3 men; unit B: 9 women, 7 men.
        let (mut t, ids) = table(&[&[12, 3], &[9, 7]]);
        t.solve(5);
        assert_eq!(t.hidden(ids[0][1]), Some(Hidden::Small));
        // The row needs a second hidden cell, and so does the column.
        let row_hidden = ids[0].iter().filter(|&&c| t.hidden(c).is_some()).count();
        let col_hidden = (0..3).filter(|&i| t.hidden(ids[i][1]).is_some()).count();
        assert!(row_hidden >= 2 && col_hidden >= 2);
        assert_undeterminable(&t, &ids, 30);
    }

    #[test]
    fn two_small_cells_summing_to_two_are_not_enough() {
        // 1 + 1 hidden in one row: a reader knows both are 1 unless a complement is added.
        let (mut t, ids) = table(&[&[10, 1, 1], &[8, 6, 7]]);
        t.solve(5);
        assert_eq!(t.hidden(ids[0][1]), Some(Hidden::Small));
        assert_eq!(t.hidden(ids[0][2]), Some(Hidden::Small));
        assert_undeterminable(&t, &ids, 16);
    }

    #[test]
    fn random_small_tables_never_reveal_a_hidden_cell() {
        // A fixed pseudo-random sequence (LCG) of 2×3 and 3×2 tables with values 0..=12.
        let mut seed: u64 = 0x5eed;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % 13
        };
        let mut tested = 0;
        for round in 0..400 {
            let (r, c) = [(2, 3), (3, 2), (2, 4), (3, 3)][round % 4];
            let inner: Vec<Vec<u64>> = (0..r).map(|_| (0..c).map(|_| next()).collect()).collect();
            let refs: Vec<&[u64]> = inner.iter().map(Vec::as_slice).collect();
            let (mut t, ids) = table(&refs);
            t.solve(5);
            let free = ids[..r]
                .iter()
                .flat_map(|row| &row[..c])
                .filter(|&&id| t.hidden(id).is_some())
                .count();
            if free > 4 {
                continue; // too many to enumerate quickly; the smaller tables cover the logic
            }
            tested += 1;
            assert_undeterminable(&t, &ids, 26);
        }
        assert!(
            tested >= 30,
            "only {tested} tables were small enough to check"
        );
    }

    #[test]
    fn zeros_and_large_counts_stay_shown() {
        let (mut t, ids) = table(&[&[12, 0], &[9, 7]]);
        t.solve(5);
        assert!(ids.iter().flatten().all(|&c| t.hidden(c).is_none()));
    }

    #[test]
    fn bounded_group_hides_a_rule_count_that_the_category_would_reveal() {
        // Category: 10 cases; rules: 6 and 4 (hidden). 10 − 6 = 4 = min_cell − 1 → the 4 is
        // known exactly unless the 6 is hidden too.
        let mut hidden = vec![None, Some(Hidden::Small), None];
        let added = protect_bounded_group(&[6, 4], 10, &mut hidden, 5);
        assert_eq!(added, vec![0]);
        assert_eq!(hidden[0], Some(Hidden::Complement));
        // Category 8, rules 6 and 3: the hidden count is at least 2, which "<5" allows → fine.
        let mut hidden = vec![None, Some(Hidden::Small), None];
        assert!(protect_bounded_group(&[6, 3], 8, &mut hidden, 5).is_empty());
    }
}
