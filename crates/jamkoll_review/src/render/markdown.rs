//! The Markdown format: readable in a plain editor, printable, one section per unit.

use std::fmt::Write;

use jamkoll_core::Gender;

use super::common::{count, flag, footnotes, kronor, p, per_1000, rate, ratio, stamp};
use super::unit_stem;
use crate::input::Lang;
use crate::report::{Comparison, GenderCounts, Report, UnitReport};
use crate::text::{self, num, tr};

/// The whole report: the overview, then every unit.
pub fn markdown(r: &Report) -> String {
    let mut out = overview(r, false);
    for u in &r.units {
        out.push('\n');
        out.push_str(&unit(r, u, 2));
    }
    out
}

/// The overview alone, linking to each unit's own file (`<stem>.md`).
pub fn markdown_overview(r: &Report) -> String {
    overview(r, true)
}

/// One unit's summary as a document of its own.
pub fn markdown_unit(r: &Report, u: &UnitReport) -> String {
    unit(r, u, 1)
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn header(cells: &[&str]) -> String {
    let mut out = row(&cells.iter().map(|s| (*s).to_string()).collect::<Vec<_>>());
    out.push_str(&row(&cells
        .iter()
        .map(|_| "---".to_string())
        .collect::<Vec<_>>()));
    out
}

fn gender_cells(lang: Lang, c: &GenderCounts, m: u64) -> Vec<String> {
    [c.kvinna, c.man, c.annat, c.okant, c.total]
        .iter()
        .map(|x| count(lang, *x, m))
        .collect()
}

fn gender_header(lang: Lang, first: &str) -> String {
    let mut cols = vec![first];
    for g in Gender::ALL {
        cols.push(cap(text::gender(lang, *g)));
    }
    cols.push(tr(lang, "Totalt", "Total"));
    header(&cols)
}

fn cap(s: &'static str) -> &'static str {
    match s {
        "kvinnor" => "Kvinnor",
        "män" => "Män",
        "annat" => "Annat",
        "okänt" => "Okänt",
        "women" => "Women",
        "men" => "Men",
        "other" => "Other",
        "unknown" => "Unknown",
        other => other,
    }
}

fn overview(r: &Report, links: bool) -> String {
    let lang = r.settings.lang;
    let m = r.settings.min_cell;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        tr(
            lang,
            "Jämställdhetsgranskning – översikt",
            "Gender equality review – overview"
        )
    );
    let _ = writeln!(out, "{}\n", stamp(r));
    let _ = writeln!(
        out,
        "{}\n",
        tr(
            lang,
            "Ärenden per enhet och klientens kön. Flaggade rader är skillnader mellan kvinnor och män som knappast är slump (q < α); de ska diskuteras, inte ses som domar.",
            "Cases per unit and client gender. Flagged rows are differences between women and men that are hardly chance (q < α); they are for discussion, not verdicts."
        )
    );
    let mut cols = vec![tr(lang, "Enhet", "Unit")];
    for g in Gender::ALL {
        cols.push(cap(text::gender(lang, *g)));
    }
    cols.extend([
        tr(lang, "Totalt", "Total"),
        tr(lang, "Flaggade", "Flagged"),
        tr(lang, "Status", "Status"),
    ]);
    out.push_str(&header(&cols));
    for u in &r.units {
        let name = if links {
            format!("[{}]({}.md)", md_escape(&u.unit), unit_stem(r, &u.unit))
        } else {
            md_escape(&u.unit)
        };
        let mut cells = vec![name];
        cells.extend(gender_cells(lang, &u.cases, m));
        cells.push(u.flagged().len().to_string());
        cells.push(
            if u.suppressed {
                tr(lang, "utan könsuppdelning", "no gender breakdown")
            } else if u.flagged().is_empty() {
                tr(lang, "ingen säker skillnad", "no significant difference")
            } else {
                tr(lang, "skillnader flaggade", "differences flagged")
            }
            .to_string(),
        );
        out.push_str(&row(&cells));
    }
    let mut cells = vec![format!("**{}**", tr(lang, "Alla enheter", "All units"))];
    cells.extend(gender_cells(lang, &r.totals.cases, m));
    cells.push(r.tests.flagged.to_string());
    cells.push(String::new());
    out.push_str(&row(&cells));
    out.push('\n');
    for u in &r.units {
        let flagged = u.flagged();
        if flagged.is_empty() {
            continue;
        }
        let items: Vec<String> = flagged
            .iter()
            .map(|(c, rule)| match rule {
                Some(id) => format!("`{id}`"),
                None => text::category(lang, *c).to_string(),
            })
            .collect();
        let _ = writeln!(out, "- **{}**: {}", md_escape(&u.unit), items.join(", "));
    }
    if !r.goals.is_empty() {
        out.push('\n');
        out.push_str(&super::goals::goals_markdown(r, None, 2));
    }
    out
}

fn unit(r: &Report, u: &UnitReport, level: usize) -> String {
    let lang = r.settings.lang;
    let m = r.settings.min_cell;
    let h = |n: usize| "#".repeat(level + n);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {}\n",
        h(0),
        tr(lang, "Enhet", "Unit"),
        md_escape(&u.unit)
    );
    if level == 1 {
        let _ = writeln!(out, "{}\n", stamp(r));
    }
    if let Some(reason) = &u.suppressed_reason {
        let _ = writeln!(out, "> **{}** {}\n", tr(lang, "Obs!", "Note:"), reason);
    }

    // 1. Representation.
    let _ = writeln!(
        out,
        "{} 1. {}\n",
        h(1),
        tr(
            lang,
            "Vilka finns i materialet (representation)",
            "Who is in the material (representation)"
        )
    );
    out.push_str(&gender_header(lang, ""));
    let mut cells = vec![tr(lang, "Ärenden", "Cases").to_string()];
    cells.extend(gender_cells(lang, &u.cases, m));
    out.push_str(&row(&cells));
    let mut cells = vec![tr(lang, "Dokument", "Documents").to_string()];
    cells.extend(gender_cells(lang, &u.documents, m));
    out.push_str(&row(&cells));
    let words = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| num(lang, v, 0));
    out.push_str(&row(&[
        tr(lang, "Ord per ärende", "Words per case").to_string(),
        words(u.words_per_case.kvinna),
        words(u.words_per_case.man),
        String::new(),
        String::new(),
        String::new(),
    ]));
    out.push('\n');
    let _ = writeln!(
        out,
        "{} {}\n",
        h(2),
        tr(lang, "Dokument per verksamhetsområde", "Documents by area")
    );
    out.push_str(&gender_header(lang, tr(lang, "Område", "Area")));
    for a in &u.areas {
        let mut cells = vec![md_escape(&a.label)];
        cells.extend(gender_cells(lang, &a.documents, m));
        out.push_str(&row(&cells));
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{} {}\n",
        h(2),
        tr(
            lang,
            "Dokument per dokumenttyp",
            "Documents by document type"
        )
    );
    out.push_str(&gender_header(
        lang,
        tr(lang, "Dokumenttyp", "Document type"),
    ));
    for t in &u.document_types {
        let name = t.document_type.as_deref().map_or_else(
            || tr(lang, "(uppgift saknas)", "(not given)").to_string(),
            md_escape,
        );
        let mut cells = vec![name];
        cells.extend(gender_cells(lang, &t.documents, m));
        out.push_str(&row(&cells));
    }
    out.push('\n');

    // 2. Resources.
    let _ = writeln!(out, "{} 2. {}\n", h(1), tr(lang, "Resurser", "Resources"));
    if u.suppressed {
        let _ = writeln!(
            out,
            "{}\n",
            tr(
                lang,
                "Visas inte utan uppdelning på kön.",
                "Not shown without a gender breakdown."
            )
        );
    } else if u.decisions.is_empty()
        && u.amounts.kvinna.documents.value == Some(0)
        && u.amounts.man.documents.value == Some(0)
    {
        let _ = writeln!(
            out,
            "{}\n",
            tr(
                lang,
                "Underlaget har inga beslut eller belopp.",
                "The material has no decisions or amounts."
            )
        );
    } else {
        out.push_str(&header(&[
            tr(lang, "Beslut (dokument)", "Decision (documents)"),
            cap(text::gender(lang, Gender::Kvinna)),
            cap(text::gender(lang, Gender::Man)),
        ]));
        for d in &u.decisions {
            out.push_str(&row(&[
                d.decision.label(lang).to_string(),
                count(lang, d.documents.kvinna, m),
                count(lang, d.documents.man, m),
            ]));
        }
        let a = &u.amounts;
        out.push_str(&row(&[
            tr(lang, "Dokument med belopp", "Documents with an amount").to_string(),
            count(lang, a.kvinna.documents, m),
            count(lang, a.man.documents, m),
        ]));
        out.push_str(&row(&[
            tr(lang, "Medelbelopp", "Mean amount").to_string(),
            kronor(lang, a.kvinna.mean),
            kronor(lang, a.man.mean),
        ]));
        out.push_str(&row(&[
            tr(lang, "Medianbelopp", "Median amount").to_string(),
            kronor(lang, a.kvinna.median),
            kronor(lang, a.man.median),
        ]));
        out.push('\n');
    }

    // 3. Language and responsibility.
    let _ = writeln!(
        out,
        "{} 3. {}\n",
        h(1),
        tr(
            lang,
            "Språk och ansvar (realia)",
            "Language and responsibility (realia)"
        )
    );
    if u.suppressed {
        out.push_str(&header(&[
            tr(lang, "Kategori / regel", "Category / rule"),
            tr(
                lang,
                "Ärenden med fynd (alla kön)",
                "Cases with findings (all genders)",
            ),
        ]));
        for c in &u.categories {
            let all = |cmp: &Comparison| {
                cmp.cases_with_findings_all
                    .map_or_else(|| "–".into(), |x| count(lang, x, m))
            };
            out.push_str(&row(&[format!("**{}**", c.label), all(&c.comparison)]));
            for rl in &c.rules {
                out.push_str(&row(&[format!("↳ `{}`", rl.rule), all(&rl.comparison)]));
            }
        }
        out.push('\n');
    } else {
        out.push_str(&header(&super::common::comparison_headers(lang, "")));
        for c in &u.categories {
            out.push_str(&comparison_row(
                lang,
                m,
                &format!("**{}**", c.label),
                &c.comparison,
            ));
            for rl in &c.rules {
                out.push_str(&comparison_row(
                    lang,
                    m,
                    &format!("↳ `{}`", rl.rule),
                    &rl.comparison,
                ));
            }
        }
        let _ = writeln!(
            out,
            "\n{}: {} {}, {} {}.\n",
            tr(lang, "Nämnare", "Denominators"),
            count(lang, u.cases.kvinna, m),
            tr(lang, "ärenden med kvinnor", "cases of women"),
            count(lang, u.cases.man, m),
            tr(lang, "ärenden med män", "cases of men"),
        );

        if !u.subjects.is_empty() {
            let _ = writeln!(
                out,
                "{} {}\n",
                h(2),
                tr(lang, "Vem texten handlar om", "Whom the text is about")
            );
            let _ = writeln!(
                out,
                "{}\n",
                tr(
                    lang,
                    "Ärenden med fynd om personen / ärenden där personen nämns; inom parentes fynd per 100 omnämnanden.",
                    "Cases with findings about the person / cases that mention such a person; in brackets findings per 100 mentions."
                )
            );
            let mut cols = vec![tr(lang, "Kategori", "Category")];
            if let Some(first) = u.subjects.first() {
                for s in &first.subjects {
                    cols.push(text::subject(lang, s.subject));
                }
            }
            out.push_str(&header(&cols));
            for s in &u.subjects {
                let mut cells = vec![s.label.clone()];
                for cell in &s.subjects {
                    cells.push(format!(
                        "{} / {} ({})",
                        count(lang, cell.cases_with_findings, m),
                        count(lang, cell.cases_mentioned, m),
                        cell.per_100_mentions
                            .map_or_else(|| "–".into(), |v| num(lang, v, 1))
                    ));
                }
                out.push_str(&row(&cells));
            }
            out.push('\n');
        }
        if !u.responsibility.is_empty() {
            let _ = writeln!(
                out,
                "{} {}\n",
                h(2),
                tr(lang, "Ansvarsfördelning", "Allocation of responsibility")
            );
            let _ = writeln!(
                out,
                "{}\n",
                tr(
                    lang,
                    "Ärenden där texten lägger ett ansvar på personen, per område.",
                    "Cases where the text places a duty on the person, by domain."
                )
            );
            out.push_str(&header(&[
                tr(lang, "Område", "Domain"),
                tr(lang, "Mödrar", "Mothers"),
                tr(lang, "Fäder", "Fathers"),
                tr(lang, "Andra kvinnor och flickor", "Other women and girls"),
                tr(lang, "Andra män och pojkar", "Other men and boys"),
            ]));
            for d in &u.responsibility {
                out.push_str(&row(&[
                    d.label.clone(),
                    count(lang, d.mothers, m),
                    count(lang, d.fathers, m),
                    count(lang, d.women, m),
                    count(lang, d.men, m),
                ]));
            }
            out.push('\n');
        }
    }

    // 4. Excerpts.
    let _ = writeln!(out, "{} 4. {}\n", h(1), tr(lang, "Utdrag", "Excerpts"));
    if u.excerpts.is_empty() {
        let _ = writeln!(out, "{}\n", super::common::no_excerpts(r));
    }
    for g in super::common::excerpt_groups(lang, &u.excerpts) {
        let head = if g.is_rule {
            format!("`{}`", g.head)
        } else {
            g.head.clone()
        };
        let _ = writeln!(
            out,
            "{} {} – {}\n",
            h(2),
            head,
            text::gender(lang, g.gender)
        );
        for e in g.excerpts {
            let _ = writeln!(
                out,
                "> {} ({} {})\n",
                md_escape(&e.text),
                tr(lang, "dokument", "document"),
                md_escape(&e.document)
            );
        }
    }

    // 5. Questions.
    let _ = writeln!(
        out,
        "{} 5. {}\n",
        h(1),
        tr(lang, "Frågor att samtala om", "Questions for discussion")
    );
    for q in &r.questions_3r {
        let _ = writeln!(out, "- {q}");
    }
    for q in &u.questions {
        let _ = writeln!(out, "- {} (`{}`)", q.text, q.rule);
    }
    out.push('\n');
    if level == 1 {
        out.push_str(&super::goals::goals_markdown(r, Some(&u.unit), 2));
    }

    let _ = writeln!(
        out,
        "{} {}\n",
        h(1),
        tr(lang, "Så läser du siffrorna", "How to read the figures")
    );
    for (i, n) in footnotes(r, Some(u)).iter().enumerate() {
        let _ = writeln!(out, "{}. {n}", i + 1);
    }
    out
}

fn comparison_row(lang: Lang, m: u64, name: &str, c: &Comparison) -> String {
    row(&[
        name.to_string(),
        count(lang, c.cases_with_findings.kvinna, m),
        rate(lang, &c.rate.kvinna),
        count(lang, c.cases_with_findings.man, m),
        rate(lang, &c.rate.man),
        format!(
            "{} / {}",
            per_1000(lang, c.per_1000_words.kvinna),
            per_1000(lang, c.per_1000_words.man)
        ),
        ratio(lang, c),
        p(lang, c.p_value, c.p_is_bound),
        p(lang, c.q_value, c.p_is_bound),
        flag(lang, c).to_string(),
    ])
}

/// Escapes the characters that would break a Markdown table or start markup.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}
