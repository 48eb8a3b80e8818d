//! The HTML format: one self-contained page per unit and an overview page.
//!
//! Everything is inline (styles, SVG charts); the page makes no request of any kind: no fonts,
//! scripts, images or links to other hosts. Accessible: real headings, table headers with
//! scope, captions, charts as `figure` with a caption and a text alternative, colours with
//! a contrast of at least 4.5:1 on white, and a print stylesheet.

use std::fmt::Write;

use jamkoll_core::Gender;

use super::common::{count, footnotes, kronor, p, per_1000, rate, ratio, stamp};
use super::unit_stem;
use crate::input::Lang;
use crate::report::{Comparison, Count, GenderCounts, Report, UnitReport};
use crate::text::{self, num, tr};

const WOMEN: &str = "#7a2a8a";
const MEN: &str = "#1b5e7a";
const CSS: &str = "
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff;line-height:1.5;margin:0 auto;max-width:60rem;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #ddd}h3{font-size:1.1rem}
.stamp{font-size:.85rem;color:#444}
.note{border-left:4px solid #8a5a00;background:#fff8e6;padding:.5rem 1rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:right;vertical-align:top}
th[scope=row],td.l{text-align:left}thead th{background:#f0f0f0}
tr.rule th{font-weight:normal;padding-left:1.5rem}
tr.flagged{background:#fdf1d8}
.flag{font-weight:700;color:#8a3b00}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#333}
svg{max-width:100%;height:auto}
blockquote{margin:.5rem 0;padding:.25rem 1rem;border-left:4px solid #999;background:#f7f7f7}
.legend span{display:inline-block;margin-right:1rem}
.sw{display:inline-block;width:.9rem;height:.9rem;vertical-align:middle;margin-right:.3rem}
@media print{body{max-width:none;padding:0;font-size:10pt}.scroll{overflow:visible}h2{break-after:avoid}table,figure{break-inside:avoid}a{color:inherit;text-decoration:none}}
";

/// The overview page, linking to each unit's page (`<stem>.html`).
pub fn html_overview(r: &Report) -> String {
    let lang = r.settings.lang;
    let m = r.settings.min_cell;
    let title = tr(
        lang,
        "Jämställdhetsgranskning – översikt",
        "Gender equality review – overview",
    );
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", esc(title));
    let _ = writeln!(body, "<p class=\"stamp\">{}</p>", esc(&stamp(r)));
    let mut head = vec![tr(lang, "Enhet", "Unit").to_string()];
    head.extend(gender_heads(lang));
    head.extend([
        tr(lang, "Flaggade", "Flagged").into(),
        tr(lang, "Status", "Status").into(),
    ]);
    let mut rows = Vec::new();
    for u in &r.units {
        let mut cells = vec![format!(
            "<a href=\"{}.html\">{}</a>",
            unit_stem(r, &u.unit),
            esc(&u.unit)
        )];
        cells.extend(gender_cells(lang, &u.cases, m));
        cells.push(u.flagged().len().to_string());
        cells.push(esc(status(lang, u)));
        rows.push((String::new(), cells));
    }
    let mut cells = vec![tr(lang, "Alla enheter", "All units").to_string()];
    cells.extend(gender_cells(lang, &r.totals.cases, m));
    cells.push(r.tests.flagged.to_string());
    cells.push(String::new());
    rows.push((String::new(), cells));
    body.push_str(&table(
        tr(
            lang,
            "Ärenden per enhet och klientens kön",
            "Cases per unit and client gender",
        ),
        &head,
        &rows,
    ));
    body.push_str(&super::goals::goals_html(r, None, esc));
    page(lang, title, &body)
}

/// One unit's page.
pub fn html_unit(r: &Report, u: &UnitReport) -> String {
    let lang = r.settings.lang;
    let m = r.settings.min_cell;
    let title = format!(
        "{}: {}",
        tr(lang, "Jämställdhetsgranskning", "Gender equality review"),
        u.unit
    );
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(b, "<p class=\"stamp\">{}</p>", esc(&stamp(r)));
    if let Some(reason) = &u.suppressed_reason {
        let _ = writeln!(
            b,
            "<p class=\"note\"><strong>{}</strong> {}</p>",
            tr(lang, "Obs!", "Note:"),
            esc(reason)
        );
    }

    // 1. Representation.
    let _ = writeln!(
        b,
        "<h2>1. {}</h2>",
        tr(
            lang,
            "Vilka finns i materialet (representation)",
            "Who is in the material (representation)"
        )
    );
    let mut head = vec![String::new()];
    head.extend(gender_heads(lang));
    let words = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| num(lang, v, 0));
    let mut wrow = vec![words(u.words_per_case.kvinna), words(u.words_per_case.man)];
    wrow.extend(std::iter::repeat_n(String::new(), 3));
    let rows = vec![
        (
            String::new(),
            [
                vec![tr(lang, "Ärenden", "Cases").to_string()],
                gender_cells(lang, &u.cases, m),
            ]
            .concat(),
        ),
        (
            String::new(),
            [
                vec![tr(lang, "Dokument", "Documents").to_string()],
                gender_cells(lang, &u.documents, m),
            ]
            .concat(),
        ),
        (
            String::new(),
            [
                vec![tr(lang, "Ord per ärende", "Words per case").to_string()],
                wrow,
            ]
            .concat(),
        ),
    ];
    b.push_str(&table(
        tr(
            lang,
            "Ärenden, dokument och skrivna ord per klientens kön",
            "Cases, documents and words written by client gender",
        ),
        &head,
        &rows,
    ));
    let mut head = vec![tr(lang, "Område", "Area").to_string()];
    head.extend(gender_heads(lang));
    let rows: Vec<_> = u
        .areas
        .iter()
        .map(|a| {
            (
                String::new(),
                [vec![esc(&a.label)], gender_cells(lang, &a.documents, m)].concat(),
            )
        })
        .collect();
    b.push_str(&table(
        tr(lang, "Dokument per verksamhetsområde", "Documents by area"),
        &head,
        &rows,
    ));
    head[0] = tr(lang, "Dokumenttyp", "Document type").into();
    let rows: Vec<_> = u
        .document_types
        .iter()
        .map(|t| {
            let name = t.document_type.as_deref().map_or_else(
                || tr(lang, "(uppgift saknas)", "(not given)").to_string(),
                esc,
            );
            (
                String::new(),
                [vec![name], gender_cells(lang, &t.documents, m)].concat(),
            )
        })
        .collect();
    b.push_str(&table(
        tr(
            lang,
            "Dokument per dokumenttyp",
            "Documents by document type",
        ),
        &head,
        &rows,
    ));

    // 2. Resources.
    let _ = writeln!(b, "<h2>2. {}</h2>", tr(lang, "Resurser", "Resources"));
    if u.suppressed {
        let _ = writeln!(
            b,
            "<p>{}</p>",
            tr(
                lang,
                "Visas inte utan uppdelning på kön.",
                "Not shown without a gender breakdown."
            )
        );
    } else {
        let head = vec![
            tr(lang, "Beslut (dokument)", "Decision (documents)").to_string(),
            cap(lang, Gender::Kvinna),
            cap(lang, Gender::Man),
        ];
        let mut rows: Vec<_> = u
            .decisions
            .iter()
            .map(|d| {
                (
                    String::new(),
                    vec![
                        d.decision.label(lang).to_string(),
                        esc(&count(lang, d.documents.kvinna, m)),
                        esc(&count(lang, d.documents.man, m)),
                    ],
                )
            })
            .collect();
        let a = &u.amounts;
        rows.push((
            String::new(),
            vec![
                tr(lang, "Dokument med belopp", "Documents with an amount").into(),
                esc(&count(lang, a.kvinna.documents, m)),
                esc(&count(lang, a.man.documents, m)),
            ],
        ));
        rows.push((
            String::new(),
            vec![
                tr(lang, "Medelbelopp", "Mean amount").into(),
                kronor(lang, a.kvinna.mean),
                kronor(lang, a.man.mean),
            ],
        ));
        rows.push((
            String::new(),
            vec![
                tr(lang, "Medianbelopp", "Median amount").into(),
                kronor(lang, a.kvinna.median),
                kronor(lang, a.man.median),
            ],
        ));
        b.push_str(&table(
            tr(
                lang,
                "Beslut och belopp per klientens kön",
                "Decisions and amounts by client gender",
            ),
            &head,
            &rows,
        ));
    }

    // 3. Language and responsibility.
    let _ = writeln!(
        b,
        "<h2>3. {}</h2>",
        tr(
            lang,
            "Språk och ansvar (realia)",
            "Language and responsibility (realia)"
        )
    );
    if u.suppressed {
        let head = vec![
            tr(lang, "Kategori / regel", "Category / rule").to_string(),
            tr(
                lang,
                "Ärenden med fynd (alla kön)",
                "Cases with findings (all genders)",
            )
            .to_string(),
        ];
        let mut rows = Vec::new();
        for c in &u.categories {
            let all = |cmp: &Comparison| {
                cmp.cases_with_findings_all
                    .map_or_else(|| "–".into(), |x| esc(&count(lang, x, m)))
            };
            rows.push((String::new(), vec![esc(&c.label), all(&c.comparison)]));
            for rl in &c.rules {
                rows.push(("rule".to_string(), vec![esc(&rl.rule), all(&rl.comparison)]));
            }
        }
        b.push_str(&table(
            tr(
                lang,
                "Ärenden med minst ett fynd",
                "Cases with at least one finding",
            ),
            &head,
            &rows,
        ));
    } else {
        b.push_str(&forest(lang, u));
        b.push_str(&bars(lang, u));
        let head: Vec<String> = super::common::comparison_headers(lang, tr(lang, "Flagga", "Flag"))
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        let mut rows = Vec::new();
        for c in &u.categories {
            rows.push((
                class(&c.comparison, ""),
                comparison_cells(lang, m, esc(&c.label), &c.comparison),
            ));
            for rl in &c.rules {
                rows.push((
                    class(&rl.comparison, "rule"),
                    comparison_cells(
                        lang,
                        m,
                        format!("<code>{}</code>", esc(&rl.rule)),
                        &rl.comparison,
                    ),
                ));
            }
        }
        let caption = format!(
            "{} ({}: {} {}, {} {})",
            tr(
                lang,
                "Ärenden med minst ett fynd, per kategori och regel",
                "Cases with at least one finding, by category and rule"
            ),
            tr(lang, "nämnare", "denominators"),
            esc(&count(lang, u.cases.kvinna, m)),
            tr(lang, "kvinnor", "women"),
            esc(&count(lang, u.cases.man, m)),
            tr(lang, "män", "men"),
        );
        b.push_str(&table(&caption, &head, &rows));

        if !u.subjects.is_empty() {
            let _ = writeln!(
                b,
                "<h3>{}</h3>",
                tr(lang, "Vem texten handlar om", "Whom the text is about")
            );
            let mut head = vec![tr(lang, "Kategori", "Category").to_string()];
            if let Some(first) = u.subjects.first() {
                head.extend(
                    first
                        .subjects
                        .iter()
                        .map(|s| text::subject(lang, s.subject).to_string()),
                );
            }
            let rows: Vec<_> = u
                .subjects
                .iter()
                .map(|s| {
                    let mut cells = vec![esc(&s.label)];
                    cells.extend(s.subjects.iter().map(|c| {
                        format!(
                            "{} / {} ({})",
                            esc(&count(lang, c.cases_with_findings, m)),
                            esc(&count(lang, c.cases_mentioned, m)),
                            c.per_100_mentions
                                .map_or_else(|| "–".into(), |v| num(lang, v, 1))
                        )
                    }));
                    (String::new(), cells)
                })
                .collect();
            b.push_str(&table(
                tr(lang, "Ärenden med fynd om personen / ärenden där personen nämns (fynd per 100 omnämnanden)", "Cases with findings about the person / cases that mention such a person (findings per 100 mentions)"),
                &head,
                &rows,
            ));
        }
        if !u.responsibility.is_empty() {
            let _ = writeln!(
                b,
                "<h3>{}</h3>",
                tr(lang, "Ansvarsfördelning", "Allocation of responsibility")
            );
            b.push_str(&duty_chart(lang, u, m));
            let head: Vec<String> = bearer_names(lang)
                .iter()
                .map(|s| (*s).to_string())
                .collect();
            let head = [vec![tr(lang, "Område", "Domain").to_string()], head].concat();
            let rows: Vec<_> = u
                .responsibility
                .iter()
                .map(|d| {
                    (
                        String::new(),
                        vec![
                            esc(&d.label),
                            esc(&count(lang, d.mothers, m)),
                            esc(&count(lang, d.fathers, m)),
                            esc(&count(lang, d.women, m)),
                            esc(&count(lang, d.men, m)),
                        ],
                    )
                })
                .collect();
            b.push_str(&table(
                tr(
                    lang,
                    "Ärenden där texten lägger ett ansvar på personen, per område",
                    "Cases where the text places a duty on the person, by domain",
                ),
                &head,
                &rows,
            ));
        }
    }

    // 4. Excerpts.
    let _ = writeln!(b, "<h2>4. {}</h2>", tr(lang, "Utdrag", "Excerpts"));
    if u.excerpts.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", super::common::no_excerpts(r));
    }
    for g in super::common::excerpt_groups(lang, &u.excerpts) {
        let _ = writeln!(
            b,
            "<h3>{} – {}</h3>",
            esc(&g.head),
            esc(text::gender(lang, g.gender))
        );
        for e in g.excerpts {
            let _ = writeln!(
                b,
                "<blockquote><p>{}</p><footer>{} {}</footer></blockquote>",
                esc(&e.text),
                tr(lang, "dokument", "document"),
                esc(&e.document)
            );
        }
    }

    // 5. Questions.
    let _ = writeln!(
        b,
        "<h2>5. {}</h2>\n<ul>",
        tr(lang, "Frågor att samtala om", "Questions for discussion")
    );
    for q in &r.questions_3r {
        let _ = writeln!(b, "<li>{}</li>", esc(q));
    }
    for q in &u.questions {
        let _ = writeln!(b, "<li>{} <code>{}</code></li>", esc(&q.text), esc(&q.rule));
    }
    b.push_str("</ul>\n");
    b.push_str(&super::goals::goals_html(r, Some(&u.unit), esc));
    let _ = writeln!(
        b,
        "<h2>{}</h2>\n<ol>",
        tr(lang, "Så läser du siffrorna", "How to read the figures")
    );
    for n in footnotes(r, Some(u)) {
        let _ = writeln!(b, "<li>{}</li>", strong(&esc(&n)));
    }
    b.push_str("</ol>\n");
    page(lang, &title, &b)
}

pub(super) fn page(lang: Lang, title: &str, body: &str) -> String {
    let code = tr(lang, "sv", "en");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

fn status(lang: Lang, u: &UnitReport) -> &'static str {
    if u.suppressed {
        tr(lang, "utan könsuppdelning", "no gender breakdown")
    } else if u.flagged().is_empty() {
        tr(lang, "ingen säker skillnad", "no significant difference")
    } else {
        tr(lang, "skillnader flaggade", "differences flagged")
    }
}

fn cap(lang: Lang, g: Gender) -> String {
    let s = text::gender(lang, g);
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn gender_heads(lang: Lang) -> Vec<String> {
    let mut v: Vec<String> = Gender::ALL.iter().map(|g| cap(lang, *g)).collect();
    v.push(tr(lang, "Totalt", "Total").into());
    v
}

fn gender_cells(lang: Lang, c: &GenderCounts, m: u64) -> Vec<String> {
    [c.kvinna, c.man, c.annat, c.okant, c.total]
        .iter()
        .map(|x| esc(&count(lang, *x, m)))
        .collect()
}

fn bearer_names(lang: Lang) -> [&'static str; 4] {
    [
        tr(lang, "Mödrar", "Mothers"),
        tr(lang, "Fäder", "Fathers"),
        tr(lang, "Andra kvinnor och flickor", "Other women and girls"),
        tr(lang, "Andra män och pojkar", "Other men and boys"),
    ]
}

fn class(c: &Comparison, base: &str) -> String {
    match (base.is_empty(), c.flagged) {
        (true, true) => "flagged".into(),
        (false, true) => format!("{base} flagged"),
        _ => base.into(),
    }
}

fn comparison_cells(lang: Lang, m: u64, name: String, c: &Comparison) -> Vec<String> {
    vec![
        name,
        esc(&count(lang, c.cases_with_findings.kvinna, m)),
        esc(&rate(lang, &c.rate.kvinna)),
        esc(&count(lang, c.cases_with_findings.man, m)),
        esc(&rate(lang, &c.rate.man)),
        format!(
            "{} / {}",
            per_1000(lang, c.per_1000_words.kvinna),
            per_1000(lang, c.per_1000_words.man)
        ),
        esc(&ratio(lang, c)),
        esc(&p(lang, c.p_value, c.p_is_bound)),
        esc(&p(lang, c.q_value, c.p_is_bound)),
        if c.flagged {
            format!(
                "<span class=\"flag\">{}</span>",
                tr(lang, "Flaggad", "Flagged")
            )
        } else {
            String::new()
        },
    ]
}

/// A table whose first column holds row headers. Cells are already escaped HTML.
fn table(caption: &str, head: &[String], rows: &[(String, Vec<String>)]) -> String {
    let mut t = String::from("<div class=\"scroll\"><table>\n");
    let _ = writeln!(t, "<caption>{}</caption>", esc(caption));
    t.push_str("<thead><tr>");
    for h in head {
        let _ = write!(t, "<th scope=\"col\">{}</th>", esc(h));
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    for (class, cells) in rows {
        if class.is_empty() {
            t.push_str("<tr>");
        } else {
            let _ = write!(t, "<tr class=\"{class}\">");
        }
        for (i, c) in cells.iter().enumerate() {
            if i == 0 {
                let _ = write!(t, "<th scope=\"row\">{c}</th>");
            } else {
                let _ = write!(t, "<td>{c}</td>");
            }
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody></table></div>\n");
    t
}

/// Forest plot of the rate ratios per category, on a log scale, with a text alternative.
fn forest(lang: Lang, u: &UnitReport) -> String {
    let rows: Vec<(&str, f64, f64, f64, bool)> = u
        .categories
        .iter()
        .filter_map(|c| {
            let cmp = &c.comparison;
            match (cmp.rate_ratio, cmp.ci95) {
                (Some(rr), Some([lo, hi])) => Some((c.label.as_str(), rr, lo, hi, cmp.flagged)),
                _ => None,
            }
        })
        .collect();
    let caption = tr(
        lang,
        "Kvot mellan andelen ärenden med fynd för kvinnor och för män, per kategori, med 95 % konfidensintervall (logaritmisk skala). Till höger om 1: vanligare i kvinnornas ärenden; till vänster: vanligare i männens.",
        "Ratio of the share of cases with findings for women to that for men, per category, with 95 % confidence intervals (log scale). Right of 1: more common in women's cases; left: more common in men's.",
    );
    if rows.is_empty() {
        return format!(
            "<p>{}</p>\n",
            tr(
                lang,
                "Ingen kvot kan visas för enhetens kategorier.",
                "No ratio can be shown for the unit's categories."
            )
        );
    }
    let (lo_lim, hi_lim) = (0.1_f64, 10.0_f64);
    let (left, width, row_h) = (200.0, 620.0, 28.0);
    let plot_w = width - left - 20.0;
    let x = |v: f64| {
        let v = v.clamp(lo_lim, hi_lim);
        left + (v.ln() - lo_lim.ln()) / (hi_lim.ln() - lo_lim.ln()) * plot_w
    };
    let height = 40.0 + row_h * rows.len() as f64;
    let mut s = String::new();
    let alt: Vec<String> = rows
        .iter()
        .map(|(label, rr, lo, hi, flagged)| {
            format!(
                "{label}: {} ({}–{}){}",
                num(lang, *rr, 2),
                num(lang, *lo, 2),
                num(lang, *hi, 2),
                if *flagged {
                    tr(lang, ", flaggad", ", flagged")
                } else {
                    ""
                }
            )
        })
        .collect();
    let _ = writeln!(
        s,
        "<figure>\n<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" role=\"img\" aria-labelledby=\"forest-title forest-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let _ = writeln!(
        s,
        "<title id=\"forest-title\">{}</title>",
        tr(
            lang,
            "Kvoter kvinnor/män per kategori",
            "Ratios women/men per category"
        )
    );
    let _ = writeln!(
        s,
        "<desc id=\"forest-desc\">{}</desc>",
        esc(&alt.join("; "))
    );
    let base = height - 25.0;
    for t in [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0] {
        let tx = x(t);
        let stroke = if t == 1.0 { "#333" } else { "#ccc" };
        let _ = writeln!(
            s,
            "<line x1=\"{tx:.1}\" y1=\"10\" x2=\"{tx:.1}\" y2=\"{base:.1}\" stroke=\"{stroke}\" stroke-width=\"1\"/>"
        );
        let _ = writeln!(
            s,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            base + 16.0,
            num(lang, t, if t < 1.0 { 2 } else { 0 })
        );
    }
    for (i, (label, rr, lo, hi, flagged)) in rows.iter().enumerate() {
        let y = 20.0 + row_h * i as f64 + row_h / 2.0;
        let colour = if *flagged { "#8a3b00" } else { "#1a1a1a" };
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
            left - 8.0,
            y + 4.0,
            esc(label)
        );
        let _ = writeln!(
            s,
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            x(*lo),
            x(*hi)
        );
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>",
            x(*rr) - 5.0,
            y - 5.0
        );
    }
    s.push_str("</svg>\n");
    let _ = writeln!(s, "<figcaption>{}</figcaption>\n</figure>", esc(caption));
    s
}

/// Bar chart of the shares of cases with findings, women and men, per category.
fn bars(lang: Lang, u: &UnitReport) -> String {
    let rows: Vec<(&str, Option<f64>, Option<f64>)> = u
        .categories
        .iter()
        .filter(|c| {
            c.comparison.rate.kvinna.value.is_some() || c.comparison.rate.man.value.is_some()
        })
        .map(|c| {
            (
                c.label.as_str(),
                c.comparison.rate.kvinna.value,
                c.comparison.rate.man.value,
            )
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let max = rows
        .iter()
        .flat_map(|(_, a, b)| [a.unwrap_or(0.0), b.unwrap_or(0.0)])
        .fold(0.0_f64, f64::max)
        .max(0.01);
    let (left, width, bar_h) = (200.0, 620.0, 12.0);
    let plot_w = width - left - 70.0;
    let height = 10.0 + rows.len() as f64 * (2.0 * bar_h + 12.0);
    let mut s = String::new();
    let alt: Vec<String> = rows
        .iter()
        .map(|(l, a, b)| {
            let f = |v: &Option<f64>| {
                v.map_or_else(
                    || tr(lang, "visas inte", "not shown").to_string(),
                    |v| text::percent(lang, v),
                )
            };
            format!(
                "{l}: {} {}, {} {}",
                tr(lang, "kvinnor", "women"),
                f(a),
                tr(lang, "män", "men"),
                f(b)
            )
        })
        .collect();
    let _ = writeln!(
        s,
        "<figure>\n<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" role=\"img\" aria-labelledby=\"bars-title bars-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let _ = writeln!(
        s,
        "<title id=\"bars-title\">{}</title>",
        tr(
            lang,
            "Andel ärenden med fynd per kön",
            "Share of cases with findings by gender"
        )
    );
    let _ = writeln!(s, "<desc id=\"bars-desc\">{}</desc>", esc(&alt.join("; ")));
    for (i, (label, a, b)) in rows.iter().enumerate() {
        let y0 = 5.0 + i as f64 * (2.0 * bar_h + 12.0);
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
            left - 8.0,
            y0 + bar_h + 4.0,
            esc(label)
        );
        for (j, (v, colour)) in [(a, WOMEN), (b, MEN)].iter().enumerate() {
            let y = y0 + j as f64 * bar_h;
            let w = v.map_or(0.0, |v| v / max * plot_w);
            let _ = writeln!(
                s,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\"/>",
                bar_h - 2.0
            );
            let label = v.map_or_else(|| "–".to_string(), |v| text::percent(lang, v));
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#1a1a1a\">{}</text>",
                left + w + 4.0,
                y + bar_h - 3.0,
                esc(&label)
            );
        }
    }
    s.push_str("</svg>\n");
    let _ = writeln!(
        s,
        "<figcaption>{} <span class=\"legend\"><span><span class=\"sw\" style=\"background:{WOMEN}\"></span>{}</span><span><span class=\"sw\" style=\"background:{MEN}\"></span>{}</span></span></figcaption>\n</figure>",
        tr(
            lang,
            "Andel ärenden med minst ett fynd per kategori.",
            "Share of cases with at least one finding per category."
        ),
        tr(lang, "kvinnor", "women"),
        tr(lang, "män", "men"),
    );
    s
}

/// Grouped bars: cases with duties per domain, on mothers, fathers, other women, other men.
fn duty_chart(lang: Lang, u: &UnitReport, m: u64) -> String {
    let colours = ["#7a2a8a", "#1b5e7a", "#b0417f", "#2f6b3a"];
    let names = bearer_names(lang);
    let rows: Vec<(&str, [Count; 4])> = u
        .responsibility
        .iter()
        .map(|d| (d.label.as_str(), [d.mothers, d.fathers, d.women, d.men]))
        .collect();
    let max = rows
        .iter()
        .flat_map(|(_, c)| c.iter().filter_map(|x| x.value))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (left, width, bar_h) = (200.0, 620.0, 9.0);
    let plot_w = width - left - 50.0;
    let group = 4.0 * bar_h + 10.0;
    let height = 10.0 + rows.len() as f64 * group;
    let alt: Vec<String> = rows
        .iter()
        .map(|(l, c)| {
            let parts: Vec<String> = names
                .iter()
                .zip(c)
                .map(|(n, x)| format!("{n} {}", count(lang, *x, m)))
                .collect();
            format!("{l}: {}", parts.join(", "))
        })
        .collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<figure>\n<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" role=\"img\" aria-labelledby=\"duty-title duty-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let _ = writeln!(
        s,
        "<title id=\"duty-title\">{}</title>",
        tr(
            lang,
            "Vem får ansvaret, per område",
            "Who is given the duty, by domain"
        )
    );
    let _ = writeln!(s, "<desc id=\"duty-desc\">{}</desc>", esc(&alt.join("; ")));
    for (i, (label, c)) in rows.iter().enumerate() {
        let y0 = 5.0 + i as f64 * group;
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
            left - 8.0,
            y0 + 2.0 * bar_h + 4.0,
            esc(label)
        );
        for (j, x) in c.iter().enumerate() {
            let y = y0 + j as f64 * bar_h;
            let w = x.value.map_or(0.0, |v| v as f64 / max * plot_w);
            let _ = writeln!(
                s,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                bar_h - 1.0,
                colours[j]
            );
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#1a1a1a\">{}</text>",
                left + w + 3.0,
                y + bar_h - 2.0,
                esc(&count(lang, *x, m))
            );
        }
    }
    s.push_str("</svg>\n<figcaption>");
    s.push_str(&esc(tr(
        lang,
        "Ärenden där texten lägger ett ansvar på personen.",
        "Cases where the text places a duty on the person.",
    )));
    s.push_str(" <span class=\"legend\">");
    for (n, c) in names.iter().zip(colours) {
        let _ = write!(
            s,
            "<span><span class=\"sw\" style=\"background:{c}\"></span>{}</span>",
            esc(n)
        );
    }
    s.push_str("</span></figcaption>\n</figure>\n");
    s
}

/// Turns the footnotes' `**x**` into `<strong>x</strong>` (the text is already escaped).
fn strong(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split("**").enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<strong>{part}</strong>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}
