//! The gender swap of `jamkoll rules test --swap`: hon↔han, mamman↔pappan, kvinnan↔mannen and
//! the rest, in every form, keeping capitals. A rule should find the phenomenon whoever it is
//! about; differences between women and men belong in the rates, not in the rules.

use std::collections::HashMap;
use std::sync::OnceLock;

use jamkoll_core::{Gender, Subject};

/// Pairs of forms swapped both ways.
const PAIRS: &[(&str, &str)] = &[
    ("hon", "han"),
    ("henne", "honom"),
    ("hennes", "hans"),
    ("mamma", "pappa"),
    ("mamman", "pappan"),
    ("mammans", "pappans"),
    ("mammas", "pappas"),
    ("mammor", "pappor"),
    ("mammorna", "papporna"),
    ("mor", "far"),
    ("modern", "fadern"),
    ("moderns", "faderns"),
    ("mors", "fars"),
    ("mödrar", "fäder"),
    ("mödrarna", "fäderna"),
    ("kvinna", "man"),
    ("kvinnan", "mannen"),
    ("kvinnans", "mannens"),
    ("kvinnor", "män"),
    ("kvinnorna", "männen"),
    ("dotter", "son"),
    ("dottern", "sonen"),
    ("dotterns", "sonens"),
    ("döttrar", "söner"),
    ("döttrarna", "sönerna"),
    ("flicka", "pojke"),
    ("flickan", "pojken"),
    ("flickans", "pojkens"),
    ("flickor", "pojkar"),
    ("flickorna", "pojkarna"),
    ("maka", "make"),
    ("makan", "maken"),
    ("makans", "makens"),
    ("fru", "make"),
    ("frun", "maken"),
    ("hustrun", "maken"),
    ("tjej", "kille"),
    ("tjejen", "killen"),
    ("tjejer", "killar"),
    ("syster", "bror"),
    ("systern", "brodern"),
    ("mormor", "morfar"),
    ("farmor", "farfar"),
    ("dam", "herre"),
    ("damen", "herren"),
    ("styvmamma", "styvpappa"),
    ("styvmamman", "styvpappan"),
    ("styvmor", "styvfar"),
    ("flickvän", "pojkvän"),
    ("flickvännen", "pojkvännen"),
    ("moderlig", "faderlig"),
    ("moderligt", "faderligt"),
    ("moderliga", "faderliga"),
    ("kvinnlig", "manlig"),
    ("kvinnligt", "manligt"),
    ("kvinnliga", "manliga"),
    ("mammarollen", "papparollen"),
    ("kvinnorollen", "mansrollen"),
];

fn table() -> &'static HashMap<&'static str, &'static str> {
    static T: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for (a, b) in PAIRS {
            m.entry(*a).or_insert(*b);
            m.entry(*b).or_insert(*a);
        }
        // "man" is mostly the pronoun "one" ("man kan konstatera"); only kvinna → man swaps.
        m.remove("man");
        m
    })
}

/// The text with every gendered word swapped (compounds ending in mamma/pappa forms too).
/// `far` stays where it is the verb *fara* ("barnet far illa"), as the engine reads it.
pub fn swap_text(text: &str) -> String {
    // Words and the text between them, in order; words at the odd places.
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() != in_word {
            parts.push(&text[start..i]);
            start = i;
            in_word = !in_word;
        }
    }
    parts.push(&text[start..]);
    if in_word {
        parts.push("");
    }
    let mut out = String::with_capacity(text.len());
    for (k, part) in parts.iter().enumerate() {
        if k % 2 == 0 {
            out.push_str(part);
            continue;
        }
        let prev = k.checked_sub(2).map_or("", |j| parts[j]).to_lowercase();
        let next = parts.get(k + 2).copied().unwrap_or("").to_lowercase();
        // A person word in subject form before `far` makes it the verb, as in the engine.
        let prev_subject = crate::people::lookup(&prev).is_some_and(|w| {
            w.case == crate::people::Case::Nom && w.class != crate::people::Class::Authority
        });
        if part.eq_ignore_ascii_case("far") && crate::doc::far_is_verb(&prev, &next, prev_subject) {
            out.push_str(part);
        } else {
            out.push_str(&swap_word(part));
        }
    }
    out
}

fn swap_word(word: &str) -> String {
    if word.is_empty() {
        return String::new();
    }
    let lower = word.to_lowercase();
    let swapped = table()
        .get(lower.as_str())
        .map(|s| (*s).to_string())
        .or_else(|| {
            // Compounds: småbarnsmamman → småbarnspappan.
            for (a, b) in [("mamma", "pappa"), ("pappa", "mamma")] {
                if let Some(i) = lower.rfind(a) {
                    if i >= 3 {
                        return Some(format!("{}{b}{}", &lower[..i], &lower[i + a.len()..]));
                    }
                }
            }
            None
        });
    let Some(s) = swapped else {
        return word.to_string();
    };
    if word.chars().next().is_some_and(char::is_uppercase) {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        s
    }
}

/// The swapped subject.
pub fn swap_subject(s: Subject) -> Subject {
    match s {
        Subject::Kvinna => Subject::Man,
        Subject::Man => Subject::Kvinna,
        Subject::Flicka => Subject::Pojke,
        Subject::Pojke => Subject::Flicka,
        Subject::Okant => Subject::Okant,
    }
}

/// The swapped client gender.
pub fn swap_gender(g: Gender) -> Gender {
    match g {
        Gender::Kvinna => Gender::Man,
        Gender::Man => Gender::Kvinna,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_every_form_and_keeps_capitals() {
        assert_eq!(
            swap_text("Mamman påstår att hennes dotter och småbarnsmamman slog honom."),
            "Pappan påstår att hans son och småbarnspappan slog henne."
        );
        assert_eq!(
            swap_text(&swap_text("Hon och kvinnorna.")),
            "Hon och kvinnorna."
        );
    }

    #[test]
    fn the_verb_far_stays() {
        assert_eq!(
            swap_text("Barnets far oroar sig för att barnet far illa. Hon far hem."),
            "Barnets mor oroar sig för att barnet far illa. Han far hem."
        );
        assert_eq!(swap_text("Far och mor"), "Mor och far");
        assert_eq!(
            swap_text("Pappan far till jobbet. Hon bor hos far."),
            "Mamman far till jobbet. Han bor hos mor."
        );
    }
}
