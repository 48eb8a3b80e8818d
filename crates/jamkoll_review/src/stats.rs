//! The statistics of a review: Wilson intervals, the rate ratio with a CI that holds for zero
//! cells, Fisher's exact test and Benjamini–Hochberg q-values.
//!
//! Methods and references are in `docs/statistics.md`. Every function here is tested against
//! values computed with SciPy (the reference implementation) or by hand, quoted in the tests.

/// The 97.5th percentile of the standard normal distribution (two-sided 95 %).
pub const Z95: f64 = 1.959_963_984_540_054;

/// A proportion's 95 % Wilson score interval `(low, high)` for `x` successes out of `n`.
///
/// Wilson's interval stays inside [0, 1] and keeps its coverage for small `n` and for `x` = 0
/// or `x` = `n`, where the textbook Wald interval collapses to a point. `None` when `n` = 0.
pub fn wilson(x: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 || x > n {
        return None;
    }
    let n = n as f64;
    let p = x as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A rate ratio of two case shares with its 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    /// The ratio (a/n1) / (b/n2).
    pub ratio: f64,
    /// Lower end of the 95 % interval.
    pub low: f64,
    /// Upper end of the 95 % interval.
    pub high: f64,
    /// Whether 0.5 was added to every cell because a or b was zero.
    pub corrected: bool,
}

/// The ratio of the shares a/n1 (women) and b/n2 (men), with a 95 % interval from the log
/// method (Katz et al. 1978): ln RR ± z·√(1/a − 1/n1 + 1/b − 1/n2).
///
/// When a or b is 0 the ratio or its logarithm is undefined, so 0.5 is added to each of the four
/// cells of the 2×2 table (Haldane–Anscombe): a+0.5, b+0.5, n1+1, n2+1, for the estimate and the
/// interval alike. `None` when a group is empty or both shares are zero (nothing to compare).
pub fn rate_ratio(a: u64, n1: u64, b: u64, n2: u64) -> Option<RateRatio> {
    if n1 == 0 || n2 == 0 || a > n1 || b > n2 || (a == 0 && b == 0) {
        return None;
    }
    let corrected = a == 0 || b == 0;
    let (a, n1, b, n2) = if corrected {
        (
            a as f64 + 0.5,
            n1 as f64 + 1.0,
            b as f64 + 0.5,
            n2 as f64 + 1.0,
        )
    } else {
        (a as f64, n1 as f64, b as f64, n2 as f64)
    };
    let ratio = (a / n1) / (b / n2);
    let se = (1.0 / a - 1.0 / n1 + 1.0 / b - 1.0 / n2).max(0.0).sqrt();
    let ln = ratio.ln();
    Some(RateRatio {
        ratio,
        low: (ln - Z95 * se).exp(),
        high: (ln + Z95 * se).exp(),
        corrected,
    })
}

/// Natural logarithms of factorials, grown on demand and kept between tests.
#[derive(Debug, Clone)]
pub struct LnFactorials(Vec<f64>);

impl Default for LnFactorials {
    fn default() -> Self {
        LnFactorials(vec![0.0])
    }
}

impl LnFactorials {
    /// ln(n!).
    pub fn get(&mut self, n: u64) -> f64 {
        let n = n as usize;
        while self.0.len() <= n {
            let k = self.0.len();
            let prev = self.0[k - 1];
            self.0.push(prev + (k as f64).ln());
        }
        self.0[n]
    }

    fn ln_choose(&mut self, n: u64, k: u64) -> f64 {
        self.get(n) - self.get(k) - self.get(n - k)
    }
}

/// Fisher's exact test, two-sided, of the 2×2 table [[a, n1−a], [b, n2−b]].
///
/// The p-value is the sum of the hypergeometric probabilities of every table with the same
/// margins that is no more likely than the observed one (with a relative tolerance of 1e-7 for
/// ties, as SciPy's `fisher_exact` does). `None` when the table is not valid (a > n1, b > n2).
pub fn fisher_two_sided(a: u64, n1: u64, b: u64, n2: u64, lf: &mut LnFactorials) -> Option<f64> {
    if a > n1 || b > n2 {
        return None;
    }
    let n = n1 + n2;
    let k = a + b;
    if n1 == 0 || n2 == 0 || k == 0 || k == n {
        return Some(1.0);
    }
    let lo = k.saturating_sub(n2);
    let hi = k.min(n1);
    let denom = lf.ln_choose(n, n1);
    let mut prob = |x: u64| (lf.ln_choose(k, x) + lf.ln_choose(n - k, n1 - x) - denom).exp();
    let observed = prob(a);
    let limit = observed * (1.0 + 1e-7);
    let mut p = 0.0;
    for x in lo..=hi {
        let px = prob(x);
        if px <= limit {
            p += px;
        }
    }
    Some(p.min(1.0))
}

/// Benjamini–Hochberg q-values (adjusted p-values) for `p`, in the same order.
///
/// q(i) = min over the j-th smallest p with j ≥ rank(i) of p(j)·m/j, capped at 1: a difference
/// is flagged at false discovery rate α when q < α.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]).then(i.cmp(&j)));
    let mut q = vec![1.0; m];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let adjusted = p[i] * m as f64 / (rank + 1) as f64;
        running = running.min(adjusted);
        q[i] = running.min(1.0);
    }
    q
}

/// The smallest p that Fisher's two-sided test can give for a 2×2 table with group sizes `n1`,
/// `n2` and `k` cases with a finding in all: the p of the less likely of the two most extreme
/// tables (the hypergeometric distribution is unimodal, so its least likely table is at an end).
pub fn fisher_min_p(n1: u64, n2: u64, k: u64, lf: &mut LnFactorials) -> f64 {
    if k == 0 || k > n1 + n2 {
        return 1.0;
    }
    let lo = k.saturating_sub(n2);
    let hi = k.min(n1);
    let p = |x: u64, lf: &mut LnFactorials| fisher_two_sided(x, n1, k - x, n2, lf).unwrap_or(1.0);
    p(lo, lf).min(p(hi, lf))
}

/// Benjamini–Hochberg restricted to the tests that can reach significance (Tarone 1990;
/// Gilbert 2005): with discrete tests, a test whose smallest attainable p (`p_min`) is too large
/// can never be flagged, so counting it in m only costs the others power.
///
/// Finds the smallest K with M(K) = #{i : p_min(i) ≤ α/K} ≤ K, runs Benjamini–Hochberg over
/// those M(K) tests and returns their q-values; the others get `None` (never flagged).
pub fn tarone_bh(p: &[f64], p_min: &[f64], alpha: f64) -> Vec<Option<f64>> {
    let m = p.len();
    let mut chosen: Vec<usize> = (0..m).collect();
    for k in 1..=m.max(1) {
        let set: Vec<usize> = (0..m).filter(|&i| p_min[i] <= alpha / k as f64).collect();
        if set.len() <= k {
            chosen = set;
            break;
        }
    }
    let sub: Vec<f64> = chosen.iter().map(|&i| p[i]).collect();
    let q = benjamini_hochberg(&sub);
    let mut out = vec![None; m];
    for (&i, q) in chosen.iter().zip(q) {
        out[i] = Some(q);
    }
    out
}

/// Rounds to 6 decimals, so reports do not depend on the last bits of `ln`/`exp`.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tol: f64) {
        assert!(
            (got - want).abs() <= tol,
            "got {got}, want {want} (tolerance {tol})"
        );
    }

    // Reference values below were computed with SciPy 1.17.1:
    //   from scipy.stats import fisher_exact
    //   fisher_exact([[a, n1-a], [b, n2-b]], alternative="two-sided").pvalue
    #[test]
    fn fisher_matches_scipy() {
        let mut lf = LnFactorials::default();
        for &(a, n1, b, n2, want) in FISHER_SCIPY {
            let got = fisher_two_sided(a, n1, b, n2, &mut lf).unwrap();
            close(got, want, 1e-9 + want * 1e-7);
        }
    }

    #[test]
    fn fisher_degenerate_tables_are_one() {
        let mut lf = LnFactorials::default();
        assert_eq!(fisher_two_sided(0, 10, 0, 10, &mut lf), Some(1.0));
        assert_eq!(fisher_two_sided(10, 10, 10, 10, &mut lf), Some(1.0));
        assert_eq!(fisher_two_sided(0, 0, 3, 10, &mut lf), Some(1.0));
        assert_eq!(fisher_two_sided(11, 10, 3, 10, &mut lf), None);
    }

    // Reference: SciPy 1.17.1, scipy.stats.binomtest(x, n).proportion_ci(0.95, method="wilson");
    // for 0/10 also by hand: z²/(n+z²) = 3.8415/13.8415 = 0.27753.
    #[test]
    fn wilson_matches_reference() {
        for &(x, n, lo, hi) in WILSON_REF {
            let (l, h) = wilson(x, n).unwrap();
            close(l, lo, 1e-6);
            close(h, hi, 1e-6);
        }
        assert_eq!(wilson(0, 0), None);
    }

    // Reference for uncorrected tables: scipy.stats.contingency.relative_risk(a, n1, b, n2)
    // .confidence_interval(0.95) (Katz log method), SciPy 1.17.1. Corrected tables by hand, see each line.
    #[test]
    fn rate_ratio_matches_reference() {
        for &(a, n1, b, n2, rr, lo, hi) in RR_REF {
            let got = rate_ratio(a, n1, b, n2).unwrap();
            assert!(!got.corrected);
            close(got.ratio, rr, 1e-9);
            close(got.low, lo, 1e-6);
            close(got.high, hi, 1e-6);
        }
    }

    #[test]
    fn rate_ratio_with_a_zero_cell_adds_one_half() {
        // By hand: a'=0.5, n1'=21, b'=6.5, n2'=21 → RR = 0.5/6.5 = 0.0769231;
        // SE = √(1/0.5 − 1/21 + 1/6.5 − 1/21) = √2.0586081 = 1.4347850;
        // CI = exp(ln 0.0769231 ± 1.959964·1.4347850) = (0.0046213, 1.2804065).
        let got = rate_ratio(0, 20, 6, 20).unwrap();
        assert!(got.corrected);
        close(got.ratio, 0.5 / 6.5, 1e-9);
        close(got.low, 0.004_621_3, 1e-6);
        close(got.high, 1.280_406_5, 1e-6);
        // The mirror table gives the reciprocal.
        let mirror = rate_ratio(6, 20, 0, 20).unwrap();
        close(mirror.ratio, 13.0, 1e-9);
        close(mirror.low, 1.0 / got.high, 1e-9);
        assert_eq!(rate_ratio(0, 20, 0, 20), None);
        assert_eq!(rate_ratio(1, 0, 0, 20), None);
    }

    // Reference: scipy.stats.false_discovery_control(p, method="bh").
    #[test]
    fn bh_matches_scipy() {
        let p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04];
        let want = [0.03, 0.048, 0.048, 0.03, 0.5, 0.048];
        for (got, want) in benjamini_hochberg(&p).iter().zip(want) {
            close(*got, want, 1e-12);
        }
        assert!(benjamini_hochberg(&[]).is_empty());
        assert_eq!(benjamini_hochberg(&[0.9, 1.0]), vec![1.0, 1.0]);
    }

    #[test]
    fn min_p_is_the_smallest_p_over_all_tables_with_the_margins() {
        let mut lf = LnFactorials::default();
        for &(n1, n2, k) in &[(40u64, 41u64, 6u64), (10, 12, 3), (30, 30, 1), (5, 50, 9)] {
            let lo = k.saturating_sub(n2);
            let brute = (lo..=k.min(n1))
                .map(|x| fisher_two_sided(x, n1, k - x, n2, &mut lf).unwrap())
                .fold(1.0_f64, f64::min);
            close(fisher_min_p(n1, n2, k, &mut lf), brute, 1e-15);
        }
        // One case with a finding in all can never be significant.
        assert_eq!(fisher_min_p(30, 30, 1, &mut lf), 1.0);
    }

    #[test]
    fn tarone_leaves_out_tests_that_cannot_be_significant() {
        // Three tests that could be significant and five that never can (p_min = 1).
        let p = [0.001, 0.01, 0.03, 1.0, 1.0, 1.0, 1.0, 0.6];
        let p_min = [1e-6, 1e-5, 1e-4, 1.0, 1.0, 1.0, 1.0, 0.5];
        let q = tarone_bh(&p, &p_min, 0.05);
        // K = 3: M(3) = 3 tests with p_min ≤ 0.0167; BH over them alone.
        assert_eq!(q[0], Some(0.003));
        assert_eq!(q[1], Some(0.015));
        assert_eq!(q[2], Some(0.03));
        assert!(q[3..].iter().all(Option::is_none));
        // Plain BH over all eight would not flag the third.
        assert!(benjamini_hochberg(&p)[2] > 0.05);
    }

    /// (a, n1, b, n2, p) from SciPy.
    const FISHER_SCIPY: &[(u64, u64, u64, u64, f64)] = &[
        (20, 40, 3, 40, 4.30077473571047e-05),
        (0, 10, 6, 10, 0.010835913312693497),
        (5, 50, 5, 50, 1.0),
        (12, 30, 4, 35, 0.010053909295754306),
        (1, 5, 0, 7, 0.4166666666666667),
        (30, 100, 10, 100, 0.0006504107076034208),
        (7, 12, 2, 15, 0.03691838291380625),
        (3, 1000, 15, 900, 0.00313543164067093),
        (250, 1000, 200, 1000, 0.008649240907370535),
    ];
    /// (x, n, low, high).
    const WILSON_REF: &[(u64, u64, f64, f64)] = &[
        (0, 10, 0.0, 0.27753279986288926),
        (10, 10, 0.7224672001371109, 1.0),
        (3, 20, 0.05236874589621662, 0.3604188647407569),
        (20, 40, 0.35199526933465386, 0.6480047306653461),
        (1, 5, 0.036224108632430196, 0.6244653702374747),
        (47, 312, 0.11521343511545808, 0.19456685524293832),
    ];
    /// (a, n1, b, n2, rr, low, high).
    const RR_REF: &[(u64, u64, u64, u64, f64, f64, f64)] = &[
        (
            20,
            40,
            3,
            40,
            6.666666666666667,
            2.1501427833817717,
            20.670461881857754,
        ),
        (
            12,
            30,
            4,
            35,
            3.5000000000000004,
            1.2606722500946383,
            9.717037873309575,
        ),
        (
            30,
            100,
            10,
            100,
            2.9999999999999996,
            1.5508297195435496,
            5.803345065278306,
        ),
        (7, 12, 2, 15, 4.375, 1.1051019774443, 17.32023414188917),
        (
            250,
            1000,
            200,
            1000,
            1.25,
            1.060946250837563,
            1.4727419025860033,
        ),
    ];
}
