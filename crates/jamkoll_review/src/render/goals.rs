//! The goals section (`jamkoll review --goals FILE`) in every format: a table of goal, unit,
//! figure, interval and status. Rendered only when the report has goals.

use std::fmt::Write;

use crate::goals::{GoalResult, GoalStatus};
use crate::input::Lang;
use crate::report::Report;
use crate::text::{interval, num, percent, tr};

/// The goal results of one unit (or all, for `None`), in file order.
fn results<'r>(r: &'r Report, unit: Option<&str>) -> Vec<&'r GoalResult> {
    r.goals
        .iter()
        .filter(|g| unit.is_none_or(|u| g.unit == u))
        .collect()
}

/// The figure: a share as a percentage, a ratio with two decimals.
fn figure(lang: Lang, g: &GoalResult, v: f64) -> String {
    if g.measure == "rate" {
        percent(lang, v)
    } else {
        num(lang, v, 2)
    }
}

/// The cells of one goal row: goal, unit, figure (with its interval or range), status, note.
fn cells(lang: Lang, g: &GoalResult) -> [String; 5] {
    let goal = match &g.name {
        Some(n) => format!("{n}: {}", g.description),
        None => g.description.clone(),
    };
    let value = match (g.value, g.ci95, g.range) {
        (Some(v), Some([lo, hi]), _) => {
            let (lo, hi) = if g.measure == "rate" {
                (
                    interval(lang, lo * 100.0, hi * 100.0, 1),
                    tr(lang, " %", "%"),
                )
            } else {
                (interval(lang, lo, hi, 2), "")
            };
            format!("{} ({lo}{hi})", figure(lang, g, v))
        }
        (Some(v), None, _) => figure(lang, g, v),
        (None, _, Some([lo, hi])) => format!(
            "{} {} {} {}",
            tr(lang, "mellan", "between"),
            figure(lang, g, lo),
            tr(lang, "och", "and"),
            figure(lang, g, hi)
        ),
        _ => "–".into(),
    };
    let status = g.status.label(lang).to_string();
    let mut note = g.reason.clone().unwrap_or_default();
    if g.status != GoalStatus::NotMeasurable && !g.certain {
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(tr(
            lang,
            "Osäkert: konfidensintervallet omfattar gränsen.",
            "Uncertain: the confidence interval includes the limit.",
        ));
    }
    [goal, g.unit.clone(), value, status, note]
}

fn heads(lang: Lang) -> [&'static str; 5] {
    [
        tr(lang, "Mål", "Goal"),
        tr(lang, "Enhet", "Unit"),
        tr(lang, "Värde (95 % KI)", "Value (95 % CI)"),
        tr(lang, "Status", "Status"),
        tr(lang, "Kommentar", "Note"),
    ]
}

fn summary(lang: Lang, goals: &[&GoalResult]) -> String {
    let n = |s: GoalStatus| goals.iter().filter(|g| g.status == s).count();
    match lang {
        Lang::Sv => format!(
            "{} uppfyllda, {} ej uppfyllda, {} kan inte mätas.",
            n(GoalStatus::Met),
            n(GoalStatus::NotMet),
            n(GoalStatus::NotMeasurable)
        ),
        Lang::En => format!(
            "{} met, {} not met, {} not measurable.",
            n(GoalStatus::Met),
            n(GoalStatus::NotMet),
            n(GoalStatus::NotMeasurable)
        ),
    }
}

fn intro(lang: Lang) -> &'static str {
    tr(
        lang,
        "Målen bedöms på punktskattningen om inget annat anges i målfilen. Ett mål kan inte mätas när enheten har för få ärenden eller när ett dolt litet tal skulle avgöra. ”Osäkert” betyder att konfidensintervallet omfattar gränsen.",
        "Goals are judged on the point estimate unless the goals file says otherwise. A goal is not measurable when the unit has too few cases or a hidden small count would decide it. \"Uncertain\" means the confidence interval includes the limit.",
    )
}

/// The goals as a Markdown section (`level` = heading level), or "" without goals.
pub fn goals_markdown(r: &Report, unit: Option<&str>, level: usize) -> String {
    let lang = r.settings.lang;
    let goals = results(r, unit);
    if goals.is_empty() {
        return String::new();
    }
    let esc = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = String::new();
    let _ = writeln!(out, "{} {}\n", "#".repeat(level), tr(lang, "Mål", "Goals"));
    let _ = writeln!(out, "{} {}\n", summary(lang, &goals), intro(lang));
    let h = heads(lang);
    let _ = writeln!(out, "| {} |", h.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(h.len()));
    for g in goals {
        let mut c = cells(lang, g).map(|s| esc(&s));
        if g.status == GoalStatus::NotMet {
            c[3] = format!("**{}**", c[3]);
        }
        let _ = writeln!(out, "| {} |", c.join(" | "));
    }
    out.push('\n');
    out
}

/// The goals as an HTML section (already escaped), or "" without goals.
pub fn goals_html(r: &Report, unit: Option<&str>, esc: fn(&str) -> String) -> String {
    let lang = r.settings.lang;
    let goals = results(r, unit);
    if goals.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(out, "<h2>{}</h2>", tr(lang, "Mål", "Goals"));
    let _ = writeln!(
        out,
        "<p>{} {}</p>",
        esc(&summary(lang, &goals)),
        esc(intro(lang))
    );
    out.push_str("<div class=\"scroll\"><table class=\"goals\">\n<thead><tr>");
    for h in heads(lang) {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for g in goals {
        let c = cells(lang, g);
        let class = match g.status {
            GoalStatus::Met => "met",
            GoalStatus::NotMet => "not-met flagged",
            GoalStatus::NotMeasurable => "not-measurable",
        };
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><th scope=\"row\">{}</th><td class=\"l\">{}</td><td>{}</td><td class=\"l\"><strong>{}</strong></td><td class=\"l\">{}</td></tr>",
            esc(&c[0]),
            esc(&c[1]),
            esc(&c[2]),
            esc(&c[3]),
            esc(&c[4])
        );
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// One line per goal not met, with the line of its `[[goal]]` header: "Pappan kontaktas: Andel
/// av alla ärenden … högst 10,0 % · Barn och familj Öst · 22,5 % (15,1–32,1 %)", for a
/// scheduled job's log.
pub fn goals_not_met(r: &Report) -> Vec<(usize, String)> {
    let lang = r.settings.lang;
    r.goals
        .iter()
        .filter(|g| g.status == GoalStatus::NotMet)
        .map(|g| {
            let [goal, unit, value, ..] = cells(lang, g);
            (g.line, format!("{goal} · {unit} · {value}"))
        })
        .collect()
}

/// The goals as CSV (one row per goal and unit, decimal point, wire names), or "" without goals.
pub fn goals_csv(r: &Report) -> String {
    if r.goals.is_empty() {
        return String::new();
    }
    let opt = |v: Option<f64>| v.map(|v| format!("{v:.6}")).unwrap_or_default();
    let quote = super::csv::quote;
    let mut out = String::from(
        "goal,line,name,unit,category,rule,measure,gender,min,max,decide_on,value,ci_low,ci_high,range_low,range_high,status,certain\r\n",
    );
    for g in &r.goals {
        let gender = g.gender.map_or("", |x| match x {
            crate::goals::GoalGender::Kvinna => "kvinna",
            crate::goals::GoalGender::Man => "man",
            crate::goals::GoalGender::Alla => "alla",
        });
        let status = match g.status {
            GoalStatus::Met => "met",
            GoalStatus::NotMet => "not_met",
            GoalStatus::NotMeasurable => "not_measurable",
        };
        let decide = match g.decide_on {
            crate::goals::DecideOn::Estimate => "estimate",
            crate::goals::DecideOn::Interval => "interval",
        };
        let cells = [
            g.goal.to_string(),
            g.line.to_string(),
            quote(g.name.as_deref().unwrap_or("")),
            quote(&g.unit),
            g.category
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            quote(g.rule.as_deref().unwrap_or("")),
            g.measure.clone(),
            gender.into(),
            opt(g.min),
            opt(g.max),
            decide.into(),
            opt(g.value),
            opt(g.ci95.map(|c| c[0])),
            opt(g.ci95.map(|c| c[1])),
            opt(g.range.map(|c| c[0])),
            opt(g.range.map(|c| c[1])),
            status.into(),
            g.certain.to_string(),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
