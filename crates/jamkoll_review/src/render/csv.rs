//! The CSV format: one row per unit × category or rule × gender, for spreadsheets.
//!
//! Comma separated, decimal point, RFC 4180 quoting, the same in both languages (column names
//! and values are the stable wire names). A hidden count is an empty cell with `suppressed`
//! set to `true` and `why` saying why. The last column, `dismissed`, is the unit's asserted
//! findings dismissed at triage and left out of every figure (the same on each of its rows).

use crate::report::{Comparison, Count, Rate, Report, Why};

const HEADER: &[&str] = &[
    "unit",
    "level",
    "category",
    "rule",
    "gender",
    "cases_with_findings",
    "suppressed",
    "why",
    "denominator",
    "rate",
    "rate_ci_low",
    "rate_ci_high",
    "per_1000_words",
    "rate_ratio",
    "rate_ratio_ci_low",
    "rate_ratio_ci_high",
    "continuity_corrected",
    "p_value",
    "q_value",
    "p_is_bound",
    "flagged",
    "dismissed",
];

/// The report's language table as CSV.
pub fn csv(r: &Report) -> String {
    let mut out = String::new();
    line(&mut out, HEADER.iter().map(|s| (*s).to_string()).collect());
    for u in &r.units {
        for c in &u.categories {
            let rows = std::iter::once(("category", "", &c.comparison)).chain(
                c.rules
                    .iter()
                    .map(|rl| ("rule", rl.rule.as_str(), &rl.comparison)),
            );
            for (level, rule, cmp) in rows {
                let head = [
                    u.unit.clone(),
                    level.into(),
                    c.category.as_str().into(),
                    rule.into(),
                ];
                if u.suppressed {
                    let all = cmp
                        .cases_with_findings_all
                        .unwrap_or(Count::hidden(Why::Small));
                    let mut cells = head.to_vec();
                    cells.push("alla".into());
                    cells.extend(count_cells(all));
                    cells.extend(std::iter::repeat_n(
                        String::new(),
                        HEADER.len() - 1 - cells.len(),
                    ));
                    cells.push(u.dismissed.to_string());
                    line(&mut out, cells);
                    continue;
                }
                for (gender, cell, rate, per) in [
                    (
                        "kvinna",
                        cmp.cases_with_findings.kvinna,
                        &cmp.rate.kvinna,
                        cmp.per_1000_words.kvinna,
                    ),
                    (
                        "man",
                        cmp.cases_with_findings.man,
                        &cmp.rate.man,
                        cmp.per_1000_words.man,
                    ),
                ] {
                    let mut cells = head.to_vec();
                    cells.push(gender.into());
                    cells.extend(count_cells(cell));
                    cells.extend(rate_cells(rate));
                    cells.push(opt(per));
                    cells.extend(test_cells(cmp));
                    cells.push(u.dismissed.to_string());
                    line(&mut out, cells);
                }
            }
        }
    }
    out
}

fn count_cells(c: Count) -> [String; 3] {
    let why = match c.why {
        None => "",
        Some(Why::Small) => "small",
        Some(Why::Complement) => "complement",
        Some(Why::NoBreakdown) => "no_breakdown",
    };
    [
        c.value.map(|v| v.to_string()).unwrap_or_default(),
        c.suppressed.to_string(),
        why.to_string(),
    ]
}

fn rate_cells(r: &Rate) -> [String; 4] {
    [
        r.denominator.to_string(),
        opt(r.value),
        opt(r.ci95.map(|c| c[0])),
        opt(r.ci95.map(|c| c[1])),
    ]
}

fn test_cells(c: &Comparison) -> [String; 8] {
    [
        opt(c.rate_ratio),
        opt(c.ci95.map(|x| x[0])),
        opt(c.ci95.map(|x| x[1])),
        c.continuity_corrected.to_string(),
        opt(c.p_value),
        opt(c.q_value),
        c.p_is_bound.to_string(),
        c.flagged.to_string(),
    ]
}

fn opt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.6}")).unwrap_or_default()
}

fn line(out: &mut String, cells: Vec<String>) {
    let quoted: Vec<String> = cells.into_iter().map(|c| quote(&c)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet does
/// not run a unit name as a formula.
pub(super) fn quote(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}
