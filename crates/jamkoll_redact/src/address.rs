//! Street addresses ("Storgatan 12", "Storgatan 12 B", "Västra Långgatan 3 lgh 1102",
//! "Drottning Kristinas väg 5") and postal code + town ("123 45 Umeå", "12345 Umeå").
//!
//! Both are found from their digits: an address is a house number right after a street word,
//! a postal code is `NNN NN` or `NNNNN` right before a capitalised town. So text without digits
//! never reaches this module, and a word list of streets is not needed.

use jamkoll_core::Span;

use crate::{Certainty, Hit, IdentifierKind, chars};

/// Endings that make a capitalised word a street name ("Storgatan", "Björkvägen").
const STREET_SUFFIXES: &[&str] = &[
    "gatan",
    "vägen",
    "gränd",
    "gränden",
    "stigen",
    "torget",
    "torg",
    "allén",
    "allé",
    "leden",
    "platsen",
    "backe",
    "backen",
    "slingan",
    "stråket",
    "kajen",
    "gata",
    "väg",
    "promenaden",
    "esplanaden",
    "kroken",
];

/// Street words that stand on their own after a capitalised name: "Drottning Kristinas väg 5".
const STREET_WORDS: &[&str] = &[
    "väg", "gata", "gatan", "allé", "gränd", "torg", "backe", "stig", "vägen", "torget",
];

/// Capitalised words that belong to a street name before the main word ("Västra Långgatan").
const PREFIXES: &[&str] = &[
    "Västra", "Östra", "Norra", "Södra", "Stora", "Lilla", "Gamla", "Nya", "Sankt", "Övre",
    "Nedre", "Inre", "Yttre", "Bortre", "Främre", "Gröna", "Långa", "Korta",
];

/// Capitalised words that are never a town after a five-digit number.
const NOT_TOWNS: &[&str] = &[
    "Han", "Hon", "Hen", "Det", "Den", "De", "Vi", "Jag", "Du", "Man", "Kr", "Kronor", "Dnr",
];

/// A street address or postal address found from the digit run `start..run_end` (which
/// starts a number: no digit before it).
pub(crate) fn at(text: &str, start: usize, run_end: usize) -> Option<Hit> {
    if let Some(span) = street_at(text, start, run_end) {
        return Some(Hit {
            kind: IdentifierKind::Adress,
            span,
            certainty: Certainty::Certain,
        });
    }
    postcode_at(text, start, run_end).map(|span| Hit {
        kind: IdentifierKind::Postadress,
        span,
        certainty: Certainty::Certain,
    })
}

/// A street address whose house number is the digit run `start..end`.
fn street_at(text: &str, start: usize, end: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    if end - start > 3 || start < 2 || bytes[start - 1] != b' ' {
        return None;
    }
    let word_end = start - 1;
    let word_start = chars::letters_start(text, word_end);
    if word_start == word_end {
        return None;
    }
    let word = &text[word_start..word_end];
    let mut name_start = if chars::is_title(word) && has_street_suffix(word) {
        word_start
    } else if STREET_WORDS.contains(&word) || chars::is_title(word) && is_bare_suffix(word) {
        // "Norra Allén 3": a prefix is the whole rest of the name. "Kristinas väg 5": the
        // name is the capitalised words before the street word.
        let prefixed = prefixes_before(text, word_start);
        let first = if prefixed < word_start {
            prefixed
        } else {
            title_words_before(text, word_start, 2)
        };
        if first == word_start {
            return None;
        }
        first
    } else {
        return None;
    };
    name_start = prefixes_before(text, name_start);
    Some(Span::new(name_start, house_number_end(text, end)))
}

/// A capitalised street word on its own ("Norra Allén", "Stora Torget"): a street only after
/// another capitalised word.
fn is_bare_suffix(word: &str) -> bool {
    let lower = word.to_lowercase();
    STREET_SUFFIXES.contains(&lower.as_str())
}

fn has_street_suffix(word: &str) -> bool {
    let lower = word.to_lowercase();
    STREET_SUFFIXES
        .iter()
        .any(|s| lower.len() > s.len() + 1 && lower.ends_with(s))
}

/// The start of up to `max` capitalised words standing right before `pos` (one space apart).
fn title_words_before(text: &str, pos: usize, max: usize) -> usize {
    let mut first = pos;
    for _ in 0..max {
        if first < 2 || text.as_bytes()[first - 1] != b' ' {
            break;
        }
        let w_end = first - 1;
        let w_start = chars::letters_start(text, w_end);
        let w = &text[w_start..w_end];
        if w_start == w_end || !chars::is_title(w) || is_label(w) {
            break;
        }
        first = w_start;
    }
    first
}

/// A capitalised word that introduces an address rather than belonging to it ("Adress",
/// "Hemadress", "Ny").
fn is_label(word: &str) -> bool {
    word.ends_with("adress") || word.ends_with("Adress") || matches!(word, "Ny" | "Bor" | "Boende")
}

/// Extends a street name left over "Västra", "Sankt" and the like.
fn prefixes_before(text: &str, mut pos: usize) -> usize {
    while pos >= 2 && text.as_bytes()[pos - 1] == b' ' {
        let w_end = pos - 1;
        let w_start = chars::letters_start(text, w_end);
        if w_start == w_end || !PREFIXES.contains(&&text[w_start..w_end]) {
            break;
        }
        pos = w_start;
    }
    pos
}

/// The end of a house number ending at `end`: an entrance letter ("12B", "12 B"), a range
/// ("12-14") and an apartment number ("lgh 1102", ", lgh 1102") are part of the address.
fn house_number_end(text: &str, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    // A range: "12-14".
    if bytes.get(end) == Some(&b'-') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let e = chars::digits_end(bytes, end + 1);
        if e - end <= 4 && !bytes.get(e).is_some_and(u8::is_ascii_digit) {
            end = e;
        }
    }
    // An entrance letter, glued ("12B", "12b") or spaced with a capital ("12 B").
    let letter_ok = |p: usize, upper_only: bool| {
        bytes.get(p).is_some_and(|&b| {
            (b'A'..=b'H').contains(&b) || (!upper_only && (b'a'..=b'h').contains(&b))
        }) && !chars::at(text, p + 1).is_some_and(chars::is_word)
    };
    if letter_ok(end, false) {
        end += 1;
    } else if bytes.get(end) == Some(&b' ') && letter_ok(end + 1, true) {
        end += 2;
    }
    // An apartment: "lgh 1102", ", lgh 1102", "lgh. 1102", "lägenhet 1102".
    let mut p = end;
    if bytes.get(p) == Some(&b',') {
        p += 1;
    }
    if bytes.get(p) == Some(&b' ') {
        p += 1;
        for word in ["lgh. ", "lgh ", "Lgh ", "lägenhet ", "lägenhetsnummer "] {
            if text.get(p..p + word.len()) == Some(word) {
                let n = p + word.len();
                let e = chars::digits_end(bytes, n);
                if (2..=4).contains(&(e - n)) {
                    end = e;
                }
                break;
            }
        }
    }
    end
}

/// A postal code and town whose first digits are the run `start..end`.
fn postcode_at(text: &str, start: usize, end: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    if bytes[start] == b'0' {
        return None;
    }
    // The old country prefix: "S-123 45 Umeå", "SE-123 45 Umeå".
    let head = &text[..start];
    if head.ends_with("SE-") || head.ends_with("S-") {
        let prefix = if head.ends_with("SE-") { 3 } else { 2 };
        if !chars::before(text, start - prefix).is_some_and(char::is_alphanumeric) {
            return postcode_from(text, start, end).map(|s| Span::new(start - prefix, s.end));
        }
    }
    if let Some(c) = chars::before(text, start) {
        // A letter glued before does not hide the code (redacting the letters would expose
        // it); a decimal point, a range or a paragraph sign does.
        if c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '/' | '+' | '§') {
            return None;
        }
        // "12 450": a digit group after another is an amount, not a postal code.
        if c == ' ' && start >= 2 && bytes[start - 2].is_ascii_digit() {
            return None;
        }
    }
    postcode_from(text, start, end)
}

/// The postal code and town from the digit run `start..end` on, without looking before it.
fn postcode_from(text: &str, start: usize, end: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let code_end = match end - start {
        5 => end,
        3 if bytes.get(end) == Some(&b' ') => {
            let e = chars::digits_end(bytes, end + 1);
            if e - (end + 1) != 2 {
                return None;
            }
            e
        }
        _ => return None,
    };
    if bytes.get(code_end) != Some(&b' ') {
        return None;
    }
    let town_start = code_end + 1;
    let town_end = town_end(text, town_start);
    let town = &text[town_start..town_end];
    if town_end == town_start || !chars::is_title(town) || NOT_TOWNS.contains(&town) {
        return None;
    }
    Some(Span::new(start, town_end))
}

/// The end of a town name: letters with inner hyphens ("Upplands-Bro").
fn town_end(text: &str, start: usize) -> usize {
    let mut end = chars::letters_end(text, start);
    while end > start
        && text.as_bytes().get(end) == Some(&b'-')
        && chars::at(text, end + 1).is_some_and(char::is_alphabetic)
    {
        end = chars::letters_end(text, end + 1);
    }
    end
}
