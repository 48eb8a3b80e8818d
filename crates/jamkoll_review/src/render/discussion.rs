//! Discussion material for one research-circle meeting per unit (`jamkoll review --format html
//! --discussion`): a printable A4 document with the unit's key figures, 6 to 10 excerpts that
//! show its patterns (chosen in `material.rs`: flagged rows and the differences of the subject,
//! responsibility and language tables, women's and men's sides alternating, through the
//! identifier gate), the reflection questions and lined space for the circle's notes.
//!
//! Like the report pages it is self-contained (inline CSS, no requests). `@page` sets A4 with
//! margins; the questions and notes start on a new page, so a unit prints as two or three
//! sheets.

use std::fmt::Write;

use jamkoll_core::Subject;

use super::common::count;
use super::html::esc;
use super::unit_stem;
use crate::counts::DutyBearer;
use crate::input::Lang;
use crate::material::MIN_EXCERPTS;
use crate::report::{Comparison, Material, MaterialPattern, Pattern, Report, UnitReport};
use crate::text::{self, num, percent, tr};

const CSS: &str = "
@page{size:A4;margin:16mm 16mm 18mm}
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff;line-height:1.45;margin:0 auto;max-width:46rem;padding:1rem;font-size:11pt}
h1{font-size:1.5rem;margin:.2rem 0 .3rem}h2{font-size:1.15rem;margin:1.1rem 0 .4rem;border-bottom:2px solid #ddd}
.stamp{font-size:.75rem;color:#444}
.meta{display:flex;gap:2rem;font-size:.95rem}
ul.figures li{margin:.2rem 0}
.note{border-left:4px solid #8a5a00;background:#fff8e6;padding:.4rem .8rem}
blockquote{margin:.45rem 0;padding:.3rem .8rem;border-left:4px solid #999;background:#f7f7f7;break-inside:avoid}
blockquote p{margin:0}blockquote footer{font-size:.8rem;color:#444}
ol.questions li{margin:.3rem 0 .3rem}
.newpage{break-before:page}
.line{border-bottom:1px solid #888;height:8.5mm}
.small{font-size:.8rem;color:#333}
@media print{body{max-width:none;padding:0}a{color:inherit;text-decoration:none}}
";

/// The file a unit's material is written to: `samtal-<stem>.html` (so it never overwrites the
/// report pages of the same folder).
pub fn discussion_file_name(r: &Report, unit: &str) -> String {
    format!("samtal-{}.html", unit_stem(r, unit))
}

fn share_sentence(lang: Lang, m: u64, label: &str, c: &Comparison) -> String {
    // A hidden count shows as "<5 ärenden", never as a share.
    let share = |r: &crate::report::Rate, n: crate::report::Count| {
        r.value.map_or_else(
            || {
                format!(
                    "{} {}",
                    esc(&count(lang, n, m)),
                    tr(lang, "ärenden", "cases")
                )
            },
            |v| percent(lang, v),
        )
    };
    let ratio = match (c.rate_ratio, c.ci95) {
        (Some(rr), Some([lo, hi])) => match lang {
            Lang::Sv => format!(
                " Kvot {} (95 % KI {}–{}).",
                num(lang, rr, 2),
                num(lang, lo, 2),
                num(lang, hi, 2)
            ),
            Lang::En => format!(
                " Ratio {} (95 % CI {}–{}).",
                num(lang, rr, 2),
                num(lang, lo, 2),
                num(lang, hi, 2)
            ),
        },
        _ => String::new(),
    };
    match lang {
        Lang::Sv => format!(
            "<strong>{}</strong>: i {} av kvinnornas ärenden och {} av männens.{}",
            esc(label),
            share(&c.rate.kvinna, c.cases_with_findings.kvinna),
            share(&c.rate.man, c.cases_with_findings.man),
            esc(&ratio)
        ),
        Lang::En => format!(
            "<strong>{}</strong>: in {} of the women's cases and {} of the men's.{}",
            esc(label),
            share(&c.rate.kvinna, c.cases_with_findings.kvinna),
            share(&c.rate.man, c.cases_with_findings.man),
            esc(&ratio)
        ),
    }
}

/// A rule row's label: its message and id.
fn rule_label(rl: &crate::report::RuleRow) -> String {
    if rl.message.is_empty() {
        rl.rule.clone()
    } else {
        format!("{} ({})", rl.message.trim_end_matches('.'), rl.rule)
    }
}

/// The row of the language table a pattern is about.
fn row_of<'u>(
    u: &'u UnitReport,
    category: jamkoll_core::Category,
    rule: Option<&str>,
) -> Option<(String, &'u Comparison)> {
    let c = u.categories.iter().find(|c| c.category == category)?;
    match rule {
        None => Some((c.label.clone(), &c.comparison)),
        Some(id) => c
            .rules
            .iter()
            .find(|r| r.rule == id)
            .map(|r| (rule_label(r), &r.comparison)),
    }
}

/// A kind of person in the subject table, in the singular ("en kvinna").
fn person(lang: Lang, s: Subject) -> &'static str {
    match s {
        Subject::Kvinna => tr(lang, "en kvinna", "a woman"),
        Subject::Man => tr(lang, "en man", "a man"),
        Subject::Flicka => tr(lang, "en flicka", "a girl"),
        Subject::Pojke => tr(lang, "en pojke", "a boy"),
        Subject::Okant => tr(lang, "en person", "a person"),
    }
}

/// On whom a duty is placed ("mamman").
fn bearer(lang: Lang, b: DutyBearer) -> &'static str {
    match b {
        DutyBearer::Mother => tr(lang, "mamman", "the mother"),
        DutyBearer::Father => tr(lang, "pappan", "the father"),
        DutyBearer::Woman => tr(
            lang,
            "en annan kvinna eller flicka",
            "another woman or girl",
        ),
        DutyBearer::Man => tr(lang, "en annan man eller pojke", "another man or boy"),
    }
}

/// A difference of the tables as one sentence, with the counts as the report shows them.
fn difference_sentence(lang: Lang, m: u64, u: &UnitReport, p: &MaterialPattern) -> Option<String> {
    let c = |i: usize| esc(&count(lang, p.counts[i], m));
    let of = |i: usize| p.of[i].map_or_else(String::new, |n| esc(&count(lang, n, m)));
    Some(match &p.pattern {
        Pattern::Flagged { .. } => return None,
        Pattern::Row { category, rule } => {
            let (label, cmp) = row_of(u, *category, rule.as_deref())?;
            share_sentence(lang, m, &label, cmp)
        }
        Pattern::Subject { category, subjects } => match lang {
            Lang::Sv => format!(
                "<strong>{}</strong>: fynd om {} i {} av {} ärenden där {} nämns, om {} i {} av {}.",
                esc(text::category(lang, *category)),
                person(lang, subjects[0]),
                c(0),
                of(0),
                person(lang, subjects[0]),
                person(lang, subjects[1]),
                c(1),
                of(1)
            ),
            Lang::En => format!(
                "<strong>{}</strong>: findings about {} in {} of {} cases that mention one, about {} in {} of {}.",
                esc(text::category(lang, *category)),
                person(lang, subjects[0]),
                c(0),
                of(0),
                person(lang, subjects[1]),
                c(1),
                of(1)
            ),
        },
        Pattern::Duty { domain, bearers } => match lang {
            Lang::Sv => format!(
                "<strong>Ansvar för {}</strong> läggs på {} i {} ärenden och på {} i {}.",
                esc(text::domain(lang, *domain)),
                bearer(lang, bearers[0]),
                c(0),
                bearer(lang, bearers[1]),
                c(1)
            ),
            Lang::En => format!(
                "<strong>Responsibility for {}</strong> is placed on {} in {} cases and on {} in {}.",
                esc(text::domain(lang, *domain)),
                bearer(lang, bearers[0]),
                c(0),
                bearer(lang, bearers[1]),
                c(1)
            ),
        },
    })
}

/// What an excerpt's footer names as its pattern: the rule of a row, or the category or duty
/// domain with the rule of the excerpt's finding ("Ansvar (ansvar-barn)").
fn pattern_head(lang: Lang, u: &UnitReport, p: &Pattern, finding_rule: Option<&str>) -> String {
    let with_rule = |head: String| match finding_rule {
        Some(id) => format!("{head} ({id})"),
        None => head,
    };
    match p {
        Pattern::Flagged { category, rule } | Pattern::Row { category, rule } => match rule {
            Some(id) => id.clone(),
            None => with_rule(
                row_of(u, *category, None)
                    .map_or_else(|| text::category(lang, *category).to_string(), |r| r.0),
            ),
        },
        Pattern::Subject { category, .. } => with_rule(text::category(lang, *category).to_string()),
        Pattern::Duty { domain, .. } => with_rule(format!(
            "{} {}",
            tr(lang, "Ansvar för", "Responsibility for"),
            text::domain(lang, *domain)
        )),
    }
}

/// Whose the excerpt is: the client's gender for a row, the person the finding is about for
/// the subject table, the one the duty is placed on for the responsibility table.
fn side_words(lang: Lang, p: &Pattern, side: usize) -> String {
    match p {
        Pattern::Flagged { .. } | Pattern::Row { .. } => match (side, lang) {
            (0, _) => tr(lang, "ärende om en kvinna", "case about a woman").to_string(),
            _ => tr(lang, "ärende om en man", "case about a man").to_string(),
        },
        Pattern::Subject { subjects, .. } => format!(
            "{} {}",
            tr(lang, "fynd om", "finding about"),
            person(lang, subjects[side.min(1)])
        ),
        Pattern::Duty { bearers, .. } => format!(
            "{} {}",
            tr(lang, "lagt på", "placed on"),
            bearer(lang, bearers[side.min(1)])
        ),
    }
}

/// A unit's discussion material: one printable HTML document.
pub fn discussion_unit(r: &Report, u: &UnitReport) -> String {
    let lang = r.settings.lang;
    let m = r.settings.min_cell;
    let title = format!(
        "{}: {}",
        tr(lang, "Samtalsunderlag", "Discussion material"),
        u.unit
    );
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        b,
        "<p class=\"meta\"><span>{}: ______________</span><span>{}: ______________</span></p>",
        tr(lang, "Träff", "Meeting"),
        tr(lang, "Datum", "Date")
    );
    let _ = writeln!(
        b,
        "<p class=\"stamp\">{}</p>",
        esc(&super::common::stamp(r))
    );

    // 1. Key figures.
    let _ = writeln!(b, "<h2>1. {}</h2>", tr(lang, "Nyckeltal", "Key figures"));
    let _ = writeln!(
        b,
        "<p>{} {} {}, {} {}. {}</p>",
        tr(lang, "Granskade ärenden:", "Cases reviewed:"),
        esc(&count(lang, u.cases.kvinna, m)),
        tr(lang, "med kvinnor", "of women"),
        esc(&count(lang, u.cases.man, m)),
        tr(lang, "med män", "of men"),
        esc(&match (u.words_per_case.kvinna, u.words_per_case.man) {
            (Some(a), Some(bb)) => match lang {
                Lang::Sv => format!(
                    "I genomsnitt {} ord per ärende om kvinnor och {} om män.",
                    num(lang, a, 0),
                    num(lang, bb, 0)
                ),
                Lang::En => format!(
                    "On average {} words per case about women and {} about men.",
                    num(lang, a, 0),
                    num(lang, bb, 0)
                ),
            },
            _ => String::new(),
        })
    );
    if let Some(reason) = &u.suppressed_reason {
        let _ = writeln!(b, "<p class=\"note\">{}</p>", esc(reason));
    }
    let none = Material::default();
    let material = u.material.as_ref().unwrap_or(&none);
    let mut flagged = Vec::new();
    for c in &u.categories {
        if c.comparison.flagged {
            flagged.push(share_sentence(lang, m, &c.label, &c.comparison));
        }
        for rl in &c.rules {
            if rl.comparison.flagged {
                flagged.push(share_sentence(lang, m, &rule_label(rl), &rl.comparison));
            }
        }
    }
    let differences: Vec<String> = material
        .patterns
        .iter()
        .filter(|p| !matches!(p.pattern, Pattern::Flagged { .. }))
        .filter_map(|p| difference_sentence(lang, m, u, p))
        .collect();
    if flagged.is_empty() && differences.is_empty() {
        let _ = writeln!(
            b,
            "<p>{}</p>",
            tr(
                lang,
                "Ingen skillnad mellan kvinnors och mäns ärenden är flaggad i enheten. Samtala gärna om vad siffrorna i rapporten ändå visar, och om det som inte syns i dem.",
                "No difference between women's and men's cases is flagged in the unit. Talk about what the report's figures still show, and about what they cannot show."
            )
        );
    }
    if !flagged.is_empty() {
        let _ = writeln!(
            b,
            "<p>{}</p>\n<ul class=\"figures\">",
            tr(
                lang,
                "Skillnader mellan kvinnors och mäns ärenden som knappast är slump (andel ärenden med minst ett fynd):",
                "Differences between women's and men's cases that are hardly chance (share of cases with at least one finding):"
            )
        );
        for f in &flagged {
            let _ = writeln!(b, "<li>{f}</li>");
        }
        b.push_str("</ul>\n");
    }
    if !differences.is_empty() {
        let _ = writeln!(
            b,
            "<p>{}</p>\n<ul class=\"figures\">",
            if flagged.is_empty() {
                tr(
                    lang,
                    "Ingen skillnad är flaggad av testet, men tabellerna visar skillnader där det ena är minst dubbelt så vanligt som det andra (räknat på de tal rapporten visar; inte prövat som flaggorna):",
                    "No difference is flagged by the test, but the tables show differences where one is at least twice as common as the other (from the figures the report shows; not tested as the flags are):",
                )
            } else {
                tr(
                    lang,
                    "Tabellerna visar också skillnader där det ena är minst dubbelt så vanligt som det andra (räknat på de tal rapporten visar; inte prövat som flaggorna):",
                    "The tables also show differences where one is at least twice as common as the other (from the figures the report shows; not tested as the flags are):",
                )
            }
        );
        for d in &differences {
            let _ = writeln!(b, "<li>{d}</li>");
        }
        b.push_str("</ul>\n");
    }

    // 2. Excerpts.
    let _ = writeln!(
        b,
        "<h2>2. {}</h2>",
        tr(lang, "Utdrag att samtala om", "Excerpts to discuss")
    );
    let n = material.excerpts.len();
    if n == 0 {
        let why = if u.suppressed {
            tr(
                lang,
                "Inga utdrag: enheten har för få ärenden med kvinnor eller män för att redovisas per kön, och då visas inga utdrag heller (också ett utdrag kan peka ut en person när talen är små).",
                "No excerpts: the unit has too few cases of women or men to be reported by gender, and then no excerpts are shown either (an excerpt too can single out a person when the counts are small).",
            )
        } else if material.patterns.is_empty() {
            tr(
                lang,
                "Inga utdrag: ingen skillnad är flaggad i enheten, och tabellerna visar ingen skillnad där det ena är minst dubbelt så vanligt som det andra. Utdrag valda ändå skulle inte visa något mönster.",
                "No excerpts: no difference is flagged in the unit, and the tables show no difference where one is at least twice as common as the other. Excerpts chosen anyway would show no pattern.",
            )
        } else {
            tr(
                lang,
                "Inga utdrag: fynden finns bara i celler som döljs (små tal döljs också i utdrag), eller så kunde inget utdrag visas säkert.",
                "No excerpts: the findings are only in cells that are hidden (small counts are hidden in excerpts too), or no excerpt could be shown safely.",
            )
        };
        let _ = writeln!(b, "<p class=\"note\">{why}</p>");
    } else {
        let _ = writeln!(
            b,
            "<p class=\"small\">{}</p>",
            tr(
                lang,
                "Läs utdraget högt. Vad säger formuleringen om personen? Hade det stått likadant om en person av ett annat kön? Hur kunde det ha skrivits?",
                "Read the excerpt aloud. What does the wording say about the person? Would it read the same about a person of another gender? How could it have been written?"
            )
        );
    }
    if n > 0 && n < MIN_EXCERPTS {
        let _ = writeln!(
            b,
            "<p class=\"note\">{}</p>",
            match lang {
                Lang::Sv => format!(
                    "Bara {n} utdrag: enheten har inte fler som kan visas (små tal döljs, och samma mening visas bara en gång)."
                ),
                Lang::En => format!(
                    "Only {n} excerpts: the unit has no more that can be shown (small counts are hidden, and the same sentence is shown once)."
                ),
            }
        );
    }
    let per_side = |side: usize| material.excerpts.iter().filter(|e| e.side == side).count();
    for short in 0..2 {
        let (few, many) = (per_side(short), per_side(1 - short));
        if n > 0 && material.ran_out[short] && few < many {
            let (whose, other) = match (lang, short) {
                (Lang::Sv, 0) => ("kvinnor", "män"),
                (Lang::Sv, _) => ("män", "kvinnor"),
                (Lang::En, 0) => ("women", "men"),
                (Lang::En, _) => ("men", "women"),
            };
            let _ = writeln!(
                b,
                "<p class=\"note\">{}</p>",
                match lang {
                    Lang::Sv => format!(
                        "Färre utdrag om {whose} ({few}) än om {other} ({many}): i materialet om {whose} finns färre sådana fynd som kan visas (små tal döljs, också i utdrag). Materialet fylls inte ut med andra utdrag; fråga er ändå hur motsvarande text om {whose} ser ut."
                    ),
                    Lang::En => format!(
                        "Fewer excerpts about {whose} ({few}) than about {other} ({many}): the material about {whose} has fewer such findings that can be shown (small counts are hidden, in excerpts too). It is not filled up with other excerpts; still ask how the corresponding text about {whose} reads."
                    ),
                }
            );
        }
    }
    for e in &material.excerpts {
        let p = &material.patterns[e.pattern];
        let _ = writeln!(
            b,
            "<blockquote><p>{}</p><footer>{} · {} · {} {}</footer></blockquote>",
            esc(&e.text),
            esc(&pattern_head(lang, u, &p.pattern, e.rule.as_deref())),
            side_words(lang, &p.pattern, e.side),
            tr(lang, "dokument", "document"),
            esc(&e.document)
        );
    }

    // 3. Questions, on a new page.
    let _ = writeln!(
        b,
        "<h2 class=\"newpage\">3. {}</h2>\n<ol class=\"questions\">",
        tr(lang, "Frågor att samtala om", "Questions for discussion")
    );
    let questions = if u.material.is_some() {
        &material.questions
    } else {
        &u.questions
    };
    for q in questions {
        let _ = writeln!(b, "<li>{}</li>", esc(&q.text));
    }
    for q in &r.questions_3r {
        let _ = writeln!(b, "<li>{}</li>", esc(q));
    }
    b.push_str("</ol>\n");

    // 4. Notes.
    let _ = writeln!(
        b,
        "<h2>4. {}</h2>\n<p class=\"small\">{}</p>",
        tr(lang, "Cirkelns anteckningar", "The circle's notes"),
        tr(
            lang,
            "Vad såg vi? Vad vill vi göra annorlunda? Vilket mål sätter vi, och när tittar vi igen?",
            "What did we see? What do we want to do differently? Which goal do we set, and when do we look again?"
        )
    );
    for _ in 0..14 {
        b.push_str("<div class=\"line\"></div>\n");
    }
    let _ = writeln!(
        b,
        "<p class=\"small\">{}</p>",
        tr(
            lang,
            "Ett fynd är en fråga att reflektera över, inte ett bevis på särbehandling. Siffrorna gäller texterna, aldrig en enskild handläggare. Skriv inga namn eller andra uppgifter som pekar ut en person i anteckningarna.",
            "A finding is a question to reflect on, not proof of unequal treatment. The figures concern the texts, never an individual caseworker. Write no names or other details that identify a person in the notes."
        )
    );
    page(lang, &title, &b)
}

/// The overview of the discussion material: one link per unit.
pub fn discussion_index(r: &Report) -> String {
    let lang = r.settings.lang;
    let title = tr(lang, "Samtalsunderlag", "Discussion material");
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", esc(title));
    let _ = writeln!(
        b,
        "<p class=\"stamp\">{}</p>",
        esc(&super::common::stamp(r))
    );
    let _ = writeln!(
        b,
        "<p>{}</p>\n<ul>",
        tr(
            lang,
            "Ett underlag per enhet, för en träff i forskningscirkeln. Skriv ut på A4.",
            "One document per unit, for one research-circle meeting. Print on A4."
        )
    );
    for u in &r.units {
        let _ = writeln!(
            b,
            "<li><a href=\"{}\">{}</a></li>",
            esc(&discussion_file_name(r, &u.unit)),
            esc(&u.unit)
        );
    }
    b.push_str("</ul>\n");
    page(lang, title, &b)
}

fn page(lang: Lang, title: &str, body: &str) -> String {
    let code = tr(lang, "sv", "en");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    )
}
