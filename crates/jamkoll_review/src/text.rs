//! Words of the report in Swedish and English, and number formatting for each language.

use jamkoll_core::{Category, DutyDomain, Gender, Subject};

use crate::input::Lang;

/// Picks the Swedish or English text.
pub fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// The name of a category.
pub fn category(lang: Lang, c: Category) -> &'static str {
    match lang {
        Lang::Sv => c.label_sv(),
        Lang::En => c.label_en(),
    }
}

/// The plural name of a gender ("kvinnor", "women").
pub fn gender(lang: Lang, g: Gender) -> &'static str {
    match lang {
        Lang::Sv => g.label_sv(),
        Lang::En => g.label_en(),
    }
}

/// The name of a subject.
pub fn subject(lang: Lang, s: Subject) -> &'static str {
    match lang {
        Lang::Sv => s.label_sv(),
        Lang::En => s.label_en(),
    }
}

/// The name of a duty domain, or of duties outside every domain.
pub fn domain(lang: Lang, d: Option<DutyDomain>) -> &'static str {
    match (d, lang) {
        (Some(d), Lang::Sv) => d.label_sv(),
        (Some(d), Lang::En) => d.label_en(),
        (None, _) => tr(lang, "annat eller oklart", "other or unclear"),
    }
}

/// The three questions of the 3R method.
pub fn questions_3r(lang: Lang) -> Vec<String> {
    let q: [&str; 3] = match lang {
        Lang::Sv => [
            "Representation: Vilka finns i materialet – hur många kvinnor, män, flickor och pojkar, och vem beskrivs i texterna?",
            "Resurser: Hur fördelas tid, pengar, insatser och skrivna ord mellan kvinnor och män?",
            "Realia: Varför ser det ut så här, på vilka villkor, och vilka normer styr hur vi skriver om kvinnor och män?",
        ],
        Lang::En => [
            "Representation: Who is in the material – how many women, men, girls and boys, and who is described in the texts?",
            "Resources: How are time, money, services and written words shared between women and men?",
            "Realia: Why does it look like this, on what terms, and which norms shape how we write about women and men?",
        ],
    };
    q.iter().map(|s| (*s).to_string()).collect()
}

/// A decimal number with `decimals` places: decimal comma in Swedish, point in English.
pub fn num(lang: Lang, x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string() // no "-0.0"
    } else {
        s
    };
    match lang {
        Lang::Sv => s.replace('.', ",").replace('-', "−"),
        Lang::En => s,
    }
}

/// A whole number with thousands grouped: "12 345" (narrow no-break space) in Swedish,
/// "12,345" in English.
pub fn int(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let sep = tr(lang, "\u{202f}", ",");
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// A share as a percentage with one decimal ("12,5 %" / "12.5%").
pub fn percent(lang: Lang, share: f64) -> String {
    match lang {
        Lang::Sv => format!("{} %", num(lang, share * 100.0, 1)),
        Lang::En => format!("{}%", num(lang, share * 100.0, 1)),
    }
}

/// An interval "1,3–3,4".
pub fn interval(lang: Lang, lo: f64, hi: f64, decimals: usize) -> String {
    format!("{}–{}", num(lang, lo, decimals), num(lang, hi, decimals))
}

/// A p- or q-value: three decimals, "<0,001" below that, with "≤" for upper bounds.
pub fn pval(lang: Lang, p: f64, bound: bool) -> String {
    let body = if p < 0.001 {
        format!("<{}", num(lang, 0.001, 3))
    } else {
        num(lang, p, 3)
    };
    if bound && p >= 0.001 {
        format!("≤{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers_use_decimal_comma_and_grouping() {
        assert_eq!(num(Lang::Sv, 2.1, 2), "2,10");
        assert_eq!(num(Lang::Sv, 1.5, 1), "1,5");
        assert_eq!(num(Lang::En, 1.5, 1), "1.5");
        assert_eq!(num(Lang::Sv, -0.0001, 2), "0,00");
        assert_eq!(num(Lang::Sv, -1.5, 1), "−1,5");
        assert_eq!(int(Lang::Sv, 1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(int(Lang::En, 1234), "1,234");
        assert_eq!(int(Lang::En, 123), "123");
        assert_eq!(percent(Lang::Sv, 0.125), "12,5 %");
        assert_eq!(interval(Lang::Sv, 1.3, 3.4, 1), "1,3–3,4");
        assert_eq!(pval(Lang::Sv, 0.0004, false), "<0,001");
        assert_eq!(pval(Lang::En, 0.0123, true), "≤0.012");
    }
}
