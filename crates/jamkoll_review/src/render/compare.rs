//! Renderers of a before-and-after review ([`CompareReport`]): Markdown, HTML, JSON and CSV.

use std::fmt::Write;

use super::common::count;
use crate::compare::{
    ChangeBounds, CompareReport, Difference, Figures, Period, RatioChange, RowChange, UnitChange,
};
use crate::input::Lang;
use crate::report::{Count, Rate};
use crate::text::{num, percent, tr};

/// "2024-01-01 – 2024-12-31".
fn dates(p: &Period) -> String {
    format!(
        "{} – {}",
        p.filters.from.as_deref().unwrap_or("…"),
        p.filters.to.as_deref().unwrap_or("…")
    )
}

/// A share and its count: "46,2 % (12)", "<5" when hidden.
fn share(lang: Lang, c: Count, r: &Rate, m: u64) -> String {
    match (c.value, r.value) {
        (Some(v), Some(p)) => format!("{} ({})", percent(lang, p), crate::text::int(lang, v)),
        _ => count(lang, c, m),
    }
}

/// A change in percentage points with its interval: "−21,3 pe (−45,0 till 4,1)"; when a count
/// it rests on is hidden, the range it lies in: "mellan −40,3 och −22,6 pe (KI −59,3 till
/// +6,8)"; "–" when neither is known.
fn points(lang: Lang, d: Option<Difference>, bounds: Option<ChangeBounds>) -> String {
    let pp = |x: f64| {
        let s = num(lang, x * 100.0, 1);
        if x > 0.0005 { format!("+{s}") } else { s }
    };
    let dagger = |ci: [f64; 2]| {
        if ci[0] > 0.0 || ci[1] < 0.0 {
            " †"
        } else {
            ""
        }
    };
    let to = tr(lang, "till", "to");
    if let Some(d) = d {
        return format!(
            "{} {} ({} {to} {}){}",
            pp(d.value),
            tr(lang, "pe", "pp"),
            pp(d.ci95[0]),
            pp(d.ci95[1]),
            dagger(d.ci95)
        );
    }
    let Some(b) = bounds else {
        return "–".into();
    };
    format!(
        "{} {} {} {} {} ({} {} {to} {}){}",
        tr(lang, "mellan", "between"),
        pp(b.low),
        tr(lang, "och", "and"),
        pp(b.high),
        tr(lang, "pe", "pp"),
        tr(lang, "KI", "CI"),
        pp(b.ci95[0]),
        pp(b.ci95[1]),
        dagger(b.ci95)
    )
}

fn ratio(lang: Lang, f: &Figures) -> String {
    f.rate_ratio.map_or_else(|| "–".into(), |v| num(lang, v, 2))
}

fn ratio_change(lang: Lang, r: Option<RatioChange>) -> String {
    let Some(r) = r else {
        return "–".into();
    };
    format!(
        "{} ({}–{}){}",
        num(lang, r.value, 2),
        num(lang, r.ci95[0], 2),
        num(lang, r.ci95[1], 2),
        if r.ci95[0] > 1.0 || r.ci95[1] < 1.0 {
            " †"
        } else {
            ""
        }
    )
}

fn heads(lang: Lang) -> [&'static str; 10] {
    [
        tr(lang, "Kategori / regel", "Category / rule"),
        tr(lang, "Kvinnor före", "Women before"),
        tr(lang, "Kvinnor efter", "Women after"),
        tr(
            lang,
            "Förändring kvinnor (95 % KI)",
            "Change, women (95 % CI)",
        ),
        tr(lang, "Män före", "Men before"),
        tr(lang, "Män efter", "Men after"),
        tr(lang, "Förändring män (95 % KI)", "Change, men (95 % CI)"),
        tr(lang, "Kvot K/M före", "Ratio W/M before"),
        tr(lang, "Kvot K/M efter", "Ratio W/M after"),
        tr(
            lang,
            "Kvotförändring (95 % KI)",
            "Change of ratio (95 % CI)",
        ),
    ]
}

fn row_cells(lang: Lang, m: u64, r: &RowChange) -> [String; 10] {
    let (b, a) = (&r.before, &r.after);
    [
        r.label.clone(),
        share(lang, b.cases_with_findings.kvinna, &b.rate.kvinna, m),
        share(lang, a.cases_with_findings.kvinna, &a.rate.kvinna, m),
        points(lang, r.women_change, r.women_change_bounds),
        share(lang, b.cases_with_findings.man, &b.rate.man, m),
        share(lang, a.cases_with_findings.man, &a.rate.man, m),
        points(lang, r.men_change, r.men_change_bounds),
        ratio(lang, b),
        ratio(lang, a),
        ratio_change(lang, r.ratio_change),
    ]
}

/// What a period's figures leave out: ", 3 fynd avfärdade vid triage räknas inte" when the
/// circle dismissed findings in either period (then said for both, 0 included, since a
/// dismissal in one period only changes the comparison), else nothing.
fn dismissed(c: &CompareReport, p: &Period) -> String {
    if c.before.dismissed == 0 && c.after.dismissed == 0 {
        return String::new();
    }
    format!(
        ", {} {}",
        crate::text::int(c.lang, p.dismissed),
        tr(
            c.lang,
            "fynd avfärdade vid triage räknas inte",
            "findings dismissed at triage not counted"
        )
    )
}

fn intro(c: &CompareReport) -> String {
    let lang = c.lang;
    let (db, da) = (dismissed(c, &c.before), dismissed(c, &c.after));
    match lang {
        Lang::Sv => format!(
            "Före = {} ({} dokument, {} ärenden{db}). Efter = {} ({} dokument, {} ärenden{da}). Andelar är ärenden med minst ett fynd, per klientens kön och period. Förändringen är efter minus före i procentenheter (pe), med 95-procentigt konfidensintervall (Newcombe). Kvotförändringen är kvoten K/M efter delad med kvoten före (1 = oförändrad skillnad mellan kvinnor och män; under 1 = skillnaden har minskat om kvoten var över 1). † = intervallet utesluter ingen förändring. När ett dolt litet tal (<{}) ingår visas i stället mellan vilka värden förändringen ligger, räknat på alla värden det dolda talet kan ha, med konfidensintervallet vidgat på samma sätt; kvotförändringen visas då inte.",
            dates(&c.before),
            c.before.documents,
            c.before.cases,
            dates(&c.after),
            c.after.documents,
            c.after.cases,
            c.min_cell
        ),
        Lang::En => format!(
            "Before = {} ({} documents, {} cases{db}). After = {} ({} documents, {} cases{da}). Shares are cases with at least one finding, by client gender and period. The change is after minus before in percentage points (pp), with a 95 % confidence interval (Newcombe). The change of ratio is the ratio W/M after divided by the ratio before (1 = the gap between women and men unchanged; below 1 = the gap has narrowed if the ratio was above 1). † = the interval excludes no change. Where a hidden small count (<{}) is involved, the report shows instead the range the change lies in, over every value the hidden count may have, with the confidence interval widened the same way; the change of ratio is then not shown.",
            dates(&c.before),
            c.before.documents,
            c.before.cases,
            dates(&c.after),
            c.after.documents,
            c.after.cases,
            c.min_cell
        ),
    }
}

fn title(lang: Lang) -> &'static str {
    tr(
        lang,
        "Jämställdhetsgranskning – före och efter",
        "Gender equality review – before and after",
    )
}

fn unit_cases(lang: Lang, u: &UnitChange, m: u64) -> String {
    let dismissed = if u.dismissed_before == 0 && u.dismissed_after == 0 {
        String::new()
    } else {
        format!(
            " · {}: {} {} → {} {}",
            tr(
                lang,
                "Fynd avfärdade vid triage (räknas inte)",
                "Findings dismissed at triage (not counted)"
            ),
            crate::text::int(lang, u.dismissed_before),
            tr(lang, "före", "before"),
            crate::text::int(lang, u.dismissed_after),
            tr(lang, "efter", "after"),
        )
    };
    format!(
        "{}: {} {} / {} {} → {} {} / {} {}{dismissed}",
        tr(lang, "Ärenden", "Cases"),
        count(lang, u.cases_before.kvinna, m),
        tr(lang, "kvinnor", "women"),
        count(lang, u.cases_before.man, m),
        tr(lang, "män", "men"),
        count(lang, u.cases_after.kvinna, m),
        tr(lang, "kvinnor", "women"),
        count(lang, u.cases_after.man, m),
        tr(lang, "män", "men"),
    )
}

/// The before-and-after review as Markdown.
pub fn compare_markdown(c: &CompareReport) -> String {
    let lang = c.lang;
    let m = c.min_cell;
    let esc = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", title(lang));
    let _ = writeln!(
        out,
        "jamkoll {} · {} {} ({} {})\n",
        c.generated_by.version,
        tr(lang, "regelpaket", "rule pack"),
        c.rule_pack.hash,
        c.rule_pack.rules,
        tr(lang, "regler", "rules")
    );
    let _ = writeln!(out, "{}\n", intro(c));
    let h = heads(lang);
    for u in &c.units {
        let _ = writeln!(out, "## {}: {}\n", tr(lang, "Enhet", "Unit"), esc(&u.unit));
        let _ = writeln!(out, "{}\n", unit_cases(lang, u, m));
        if let Some(note) = &u.note {
            let _ = writeln!(out, "> {note}\n");
            continue;
        }
        let _ = writeln!(out, "| {} |", h.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(h.len()));
        for r in &u.rows {
            let mut cells = row_cells(lang, m, r);
            cells[0] = match &r.rule {
                Some(id) => format!("↳ `{id}`"),
                None => format!("**{}**", esc(&cells[0])),
            };
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    out
}

/// The before-and-after review as one self-contained HTML page.
pub fn compare_html(c: &CompareReport) -> String {
    let lang = c.lang;
    let m = c.min_cell;
    let esc = super::html::esc;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", esc(title(lang)));
    let _ = writeln!(
        b,
        "<p class=\"stamp\">jamkoll {} · {} {} ({} {})</p>",
        esc(&c.generated_by.version),
        tr(lang, "regelpaket", "rule pack"),
        esc(&c.rule_pack.hash),
        c.rule_pack.rules,
        tr(lang, "regler", "rules")
    );
    let _ = writeln!(b, "<p>{}</p>", esc(&intro(c)));
    for u in &c.units {
        let _ = writeln!(
            b,
            "<h2>{}: {}</h2>",
            tr(lang, "Enhet", "Unit"),
            esc(&u.unit)
        );
        let _ = writeln!(b, "<p>{}</p>", esc(&unit_cases(lang, u, m)));
        if let Some(note) = &u.note {
            let _ = writeln!(b, "<p class=\"note\">{}</p>", esc(note));
            continue;
        }
        b.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
        for h in heads(lang) {
            let _ = write!(b, "<th scope=\"col\">{}</th>", esc(h));
        }
        b.push_str("</tr></thead>\n<tbody>\n");
        for r in &u.rows {
            let cells = row_cells(lang, m, r);
            let class = if r.rule.is_some() {
                " class=\"rule\""
            } else {
                ""
            };
            let head = match &r.rule {
                Some(id) => format!("<code>{}</code>", esc(id)),
                None => esc(&cells[0]),
            };
            let _ = write!(b, "<tr{class}><th scope=\"row\">{head}</th>");
            for cell in &cells[1..] {
                let _ = write!(b, "<td>{}</td>", esc(cell));
            }
            b.push_str("</tr>\n");
        }
        b.push_str("</tbody></table></div>\n");
    }
    super::html::page(lang, title(lang), &b)
}

/// The before-and-after review as JSON (schema version 1, `"kind": "compare"`).
pub fn compare_json(c: &CompareReport) -> String {
    let mut s = serde_json::to_string_pretty(c).unwrap_or_default();
    s.push('\n');
    s
}

/// The before-and-after review as CSV: one row per unit, category or rule, and gender.
pub fn compare_csv(c: &CompareReport) -> String {
    let opt = |v: Option<f64>| v.map(|v| format!("{v:.6}")).unwrap_or_default();
    let cnt = |x: Count| x.value.map(|v| v.to_string()).unwrap_or_default();
    let quote = super::csv::quote;
    let mut out = String::from(
        "unit,level,category,rule,gender,cases_before,denominator_before,rate_before,cases_after,denominator_after,rate_after,rate_change,rate_change_ci_low,rate_change_ci_high,rate_ratio_before,rate_ratio_after,ratio_change,ratio_change_ci_low,ratio_change_ci_high,rate_change_low,rate_change_high,rate_change_bounds_ci_low,rate_change_bounds_ci_high,dismissed_before,dismissed_after\r\n",
    );
    for u in &c.units {
        for r in &u.rows {
            for (g, fb, fa, d, bounds) in [
                (
                    "kvinna",
                    (r.before.cases_with_findings.kvinna, &r.before.rate.kvinna),
                    (r.after.cases_with_findings.kvinna, &r.after.rate.kvinna),
                    r.women_change,
                    r.women_change_bounds,
                ),
                (
                    "man",
                    (r.before.cases_with_findings.man, &r.before.rate.man),
                    (r.after.cases_with_findings.man, &r.after.rate.man),
                    r.men_change,
                    r.men_change_bounds,
                ),
            ] {
                let cells = [
                    quote(&u.unit),
                    if r.rule.is_some() { "rule" } else { "category" }.to_string(),
                    r.category.as_str().to_string(),
                    quote(r.rule.as_deref().unwrap_or("")),
                    g.to_string(),
                    cnt(fb.0),
                    fb.1.denominator.to_string(),
                    opt(fb.1.value),
                    cnt(fa.0),
                    fa.1.denominator.to_string(),
                    opt(fa.1.value),
                    opt(d.map(|d| d.value)),
                    opt(d.map(|d| d.ci95[0])),
                    opt(d.map(|d| d.ci95[1])),
                    opt(r.before.rate_ratio),
                    opt(r.after.rate_ratio),
                    opt(r.ratio_change.map(|x| x.value)),
                    opt(r.ratio_change.map(|x| x.ci95[0])),
                    opt(r.ratio_change.map(|x| x.ci95[1])),
                    opt(bounds.map(|b| b.low)),
                    opt(bounds.map(|b| b.high)),
                    opt(bounds.map(|b| b.ci95[0])),
                    opt(bounds.map(|b| b.ci95[1])),
                    u.dismissed_before.to_string(),
                    u.dismissed_after.to_string(),
                ];
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}
