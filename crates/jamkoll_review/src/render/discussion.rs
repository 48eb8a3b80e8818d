//! Discussion material for one research-circle meeting per unit (`jamkoll review --format html
//! --discussion`): a printable A4 document with the unit's key figures, 6 to 10 excerpts that
//! show the flagged patterns (balanced across women's and men's cases, already through the
//! identifier gate), the reflection questions and lined space for the circle's notes.
//!
//! Like the report pages it is self-contained (inline CSS, no requests). `@page` sets A4 with
//! margins; the questions and notes start on a new page, so a unit prints as two or three
//! sheets.

use std::fmt::Write;

use jamkoll_core::Gender;

use super::common::{count, excerpt_groups};
use super::html::esc;
use super::unit_stem;
use crate::input::Lang;
use crate::report::{Comparison, Excerpt, Report, UnitReport};
use crate::text::{self, num, percent, tr};

/// At most this many excerpts in a unit's material.
pub const MAX_EXCERPTS: usize = 10;

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

/// Chooses up to [`MAX_EXCERPTS`] of a unit's excerpts: one from each flagged row in turn, so
/// every pattern is shown, alternating women's and men's cases as long as both have one.
pub fn choose_excerpts(lang: Lang, u: &UnitReport) -> Vec<&Excerpt> {
    let groups = excerpt_groups(lang, &u.excerpts);
    // Round robin over the rows: the first excerpt of every row, then the second, ...
    let mut order: Vec<&Excerpt> = Vec::new();
    let deepest = groups.iter().map(|g| g.excerpts.len()).max().unwrap_or(0);
    for depth in 0..deepest {
        for g in &groups {
            if let Some(e) = g.excerpts.get(depth) {
                order.push(e);
            }
        }
    }
    let women: Vec<&Excerpt> = order
        .iter()
        .copied()
        .filter(|e| e.gender == Gender::Kvinna)
        .collect();
    let men: Vec<&Excerpt> = order
        .iter()
        .copied()
        .filter(|e| e.gender != Gender::Kvinna)
        .collect();
    let mut out = Vec::new();
    let (mut w, mut m) = (women.into_iter(), men.into_iter());
    loop {
        let before = out.len();
        for e in [w.next(), m.next()].into_iter().flatten() {
            if out.len() < MAX_EXCERPTS {
                out.push(e);
            }
        }
        if out.len() == before || out.len() >= MAX_EXCERPTS {
            break;
        }
    }
    out
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
    let mut flagged = Vec::new();
    for c in &u.categories {
        if c.comparison.flagged {
            flagged.push(share_sentence(lang, m, &c.label, &c.comparison));
        }
        for rl in &c.rules {
            if rl.comparison.flagged {
                let label = if rl.message.is_empty() {
                    rl.rule.clone()
                } else {
                    format!("{} ({})", rl.message.trim_end_matches('.'), rl.rule)
                };
                flagged.push(share_sentence(lang, m, &label, &rl.comparison));
            }
        }
    }
    if flagged.is_empty() {
        let _ = writeln!(
            b,
            "<p>{}</p>",
            tr(
                lang,
                "Ingen skillnad mellan kvinnors och mäns ärenden är flaggad i enheten. Samtala gärna om vad siffrorna i rapporten ändå visar, och om det som inte syns i dem.",
                "No difference between women's and men's cases is flagged in the unit. Talk about what the report's figures still show, and about what they cannot show."
            )
        );
    } else {
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

    // 2. Excerpts.
    let _ = writeln!(
        b,
        "<h2>2. {}</h2>",
        tr(lang, "Utdrag att samtala om", "Excerpts to discuss")
    );
    let chosen = choose_excerpts(lang, u);
    if chosen.is_empty() {
        let _ = writeln!(
            b,
            "<p>{}</p>",
            tr(
                lang,
                "Inga utdrag: inget är flaggat i enheten, eller inget utdrag kunde visas säkert.",
                "No excerpts: nothing is flagged in the unit, or no excerpt could be shown safely."
            )
        );
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
    let genders = |g: Gender| {
        chosen
            .iter()
            .filter(|e| (e.gender == Gender::Kvinna) == (g == Gender::Kvinna))
            .count()
    };
    if !chosen.is_empty() && (genders(Gender::Kvinna) == 0 || genders(Gender::Man) == 0) {
        let _ = writeln!(
            b,
            "<p class=\"small\">{}</p>",
            tr(
                lang,
                "Utdragen kommer bara ur det ena könets ärenden: i det andra är fynden för få för att visas (små tal döljs, också i utdrag). Fråga er ändå hur motsvarande ärenden om det andra könet är skrivna.",
                "The excerpts come from one gender's cases only: in the other the findings are too few to show (small counts are hidden, in excerpts too). Still ask how the corresponding cases about the other gender are written."
            )
        );
    }
    for e in chosen {
        let head = e
            .rule
            .clone()
            .unwrap_or_else(|| text::category(lang, e.category).to_string());
        let whose = match e.gender {
            Gender::Kvinna => tr(lang, "ärende om en kvinna", "case about a woman"),
            Gender::Man => tr(lang, "ärende om en man", "case about a man"),
            _ => tr(lang, "ärende", "case"),
        };
        let _ = writeln!(
            b,
            "<blockquote><p>{}</p><footer>{} · {} · {} {}</footer></blockquote>",
            esc(&e.text),
            esc(&head),
            whose,
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
    for q in &u.questions {
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
