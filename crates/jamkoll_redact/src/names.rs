//! Likely personal names. A capitalised token is looked up in lists of real Swedish first names
//! and surnames (data/first_names.txt, data/last_names.txt) and judged by its context; see
//! docs/identifier-gate.md for the decision table. Every name hit is [`Certainty::Likely`].
//!
//! Only tokens that start with a capital letter after a non-letter are looked at, and each is one
//! hash lookup, so the pass costs little on ordinary prose.

use std::collections::HashSet;

use jamkoll_core::Span;

use crate::{Certainty, Hit, IdentifierKind, chars};

const FIRST_NAMES: &str = include_str!("../data/first_names.txt");
const LAST_NAMES: &str = include_str!("../data/last_names.txt");
const STOP_NAMES: &str = include_str!("../data/stop_names.txt");

/// Names that, standing alone and capitalised, far more often mean a place or a day than a
/// person ("i Lund", "till Lucia"): flagged only with a role word before or a surname after.
const NOT_ALONE: &[&str] = &["Lucia", "Lund", "Valborg"];

/// Words after which a capitalised word is a name: roles, relations and "heter" (is called).
/// Compared in lower case.
const ROLES: &[&str] = &[
    "barnet",
    "biståndshandläggare",
    "biståndshandläggaren",
    "bror",
    "brodern",
    "brorsan",
    "chef",
    "chefen",
    "dotter",
    "dottern",
    "enhetschef",
    "enhetschefen",
    "exmaken",
    "exsambon",
    "far",
    "fadern",
    "farbror",
    "farfar",
    "farmor",
    "flickvän",
    "flickvännen",
    "fostermamman",
    "fosterpappan",
    "fru",
    "frun",
    "förvaltare",
    "förvaltaren",
    "handläggare",
    "handläggaren",
    "herr",
    "heter",
    "hustru",
    "hustrun",
    "kallad",
    "kallas",
    "kollega",
    "kollegan",
    "kontaktperson",
    "kontaktpersonen",
    "kurator",
    "kuratorn",
    "kusin",
    "kusinen",
    "känd",
    "läkare",
    "läkaren",
    "maka",
    "makan",
    "make",
    "maken",
    "mamma",
    "mamman",
    "mannen",
    "modern",
    "mor",
    "morbror",
    "morfar",
    "mormor",
    "moster",
    "ombud",
    "ombudet",
    "partner",
    "partnern",
    "pappa",
    "pappan",
    "pojkvän",
    "pojkvännen",
    "psykolog",
    "psykologen",
    "sambo",
    "sambon",
    "sjuksköterska",
    "sjuksköterskan",
    "socialsekreterare",
    "socialsekreteraren",
    "son",
    "sonen",
    "styvfar",
    "styvmor",
    "styvpappan",
    "styvmamman",
    "syster",
    "systern",
    "vän",
    "vännen",
    "väninnan",
    "kvinnan",
    "faster",
    "tolk",
    "tolken",
];

/// Verbs that, right after a sentence-initial word, show it is the subject and so a name
/// ("Björn berättar", but "Hans mamma"). Compared as written (lower case).
const VERBS: &[&str] = &[
    "anser",
    "ansöker",
    "ansökte",
    "arbetar",
    "berättade",
    "berättar",
    "beskrev",
    "beskriver",
    "bodde",
    "bor",
    "fick",
    "framför",
    "får",
    "gick",
    "går",
    "hade",
    "har",
    "jobbar",
    "kan",
    "kom",
    "kommer",
    "kunde",
    "känner",
    "menade",
    "menar",
    "meddelar",
    "meddelade",
    "mår",
    "mådde",
    "ringde",
    "ringer",
    "sa",
    "sade",
    "ska",
    "skulle",
    "studerar",
    "säger",
    "tycker",
    "uppgav",
    "uppger",
    "uttrycker",
    "var",
    "vill",
    "ville",
    "önskar",
    "önskade",
    "är",
];

/// Surname endings that make an unlisted capitalised word after a first name a surname.
const SURNAME_ENDINGS: &[&str] = &[
    "sson", "son", "berg", "ström", "qvist", "kvist", "gren", "lund", "dahl", "holm", "man", "ius",
    "stedt", "stad", "sten", "blad", "borg", "by", "fors", "lind", "ljung", "mark", "näs", "ros",
    "rot", "vall", "ek", "ell", "éen", "én", "ing",
];

/// The name lists, parsed once.
#[derive(Debug)]
pub(crate) struct Names {
    first: HashSet<&'static str>,
    last: HashSet<&'static str>,
    /// Stop names in title case ("Hans"), to compare with tokens as written.
    stop: HashSet<String>,
    roles: HashSet<&'static str>,
    verbs: HashSet<&'static str>,
}

/// The entries of a data file: every line that is not empty and not a `#` comment.
pub(crate) fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Names {
    pub(crate) fn new() -> Names {
        let stop = entries(STOP_NAMES)
            .map(|w| {
                let mut cs = w.chars();
                cs.next()
                    .map(|c| c.to_uppercase().chain(cs).collect())
                    .unwrap_or_default()
            })
            .collect();
        Names {
            first: entries(FIRST_NAMES).collect(),
            last: entries(LAST_NAMES).collect(),
            stop,
            roles: ROLES.iter().copied().collect(),
            verbs: VERBS.iter().copied().collect(),
        }
    }

    /// Appends every likely name in `text` to `hits`.
    pub(crate) fn scan(&self, text: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // A capital: A-Z, or a two-byte Latin-1 capital (Å Ä Ö É ...: C3 80..9E).
            let capital = b.is_ascii_uppercase()
                || (b == 0xC3
                    && bytes
                        .get(i + 1)
                        .is_some_and(|&n| (0x80..=0x9E).contains(&n)));
            if !capital || chars::before(text, i).is_some_and(chars::is_word) {
                i += 1;
                continue;
            }
            let end = token_end(text, i);
            match self.judge(text, i, end) {
                Some(span) => {
                    hits.push(Hit {
                        kind: IdentifierKind::Namn,
                        span,
                        certainty: Certainty::Likely,
                    });
                    i = span.end;
                }
                None => i = end.max(i + 1),
            }
        }
    }

    /// Whether the token `start..end` is a likely name, and if so the span of the whole name
    /// (a first name and the surnames after it).
    fn judge(&self, text: &str, start: usize, end: usize) -> Option<Span> {
        let token = &text[start..end];
        if !chars::is_title(token) {
            return None;
        }
        let first = self.is_first(token);
        let listed = first || self.is_last(token);
        let role = self.role_before(text, start);
        // A first name followed by surnames: "Anna Svensson", "Hans Berg", "Anna Maria Ek".
        if first {
            let full = self.surnames_after(text, end);
            if full > end {
                return Some(Span::new(start, full));
            }
        }
        if role {
            return Some(Span::new(start, end));
        }
        if !listed || NOT_ALONE.contains(&token) {
            return None;
        }
        if self.stop.contains(bare(token)) || self.stop.contains(token) {
            // An ordinary word capitalised by its position is a word unless a verb follows.
            if sentence_start(text, start) && !self.verb_after(text, end) {
                return None;
            }
        }
        Some(Span::new(start, end))
    }

    fn is_first(&self, token: &str) -> bool {
        self.first.contains(token) || self.first.contains(genitive_base(token))
    }

    fn is_last(&self, token: &str) -> bool {
        self.last.contains(token) || self.last.contains(genitive_base(token))
    }

    /// Whether the word before `start` is a role or relation ("sambon Erik").
    fn role_before(&self, text: &str, start: usize) -> bool {
        let Some(prev) = prev_word(text, start) else {
            return false;
        };
        if self.roles.contains(prev) {
            return true;
        }
        // Sentence-initial "Handläggaren Anna": compare in lower case (rare, so allocate).
        prev.chars().next().is_some_and(char::is_uppercase)
            && self.roles.contains(prev.to_lowercase().as_str())
    }

    /// Whether the word after `end` is a verb that makes the token its subject.
    fn verb_after(&self, text: &str, end: usize) -> bool {
        next_word(text, end).is_some_and(|(w, _)| self.verbs.contains(w))
    }

    /// The end of the surnames that follow a first name ending at `end` (`end` if none).
    fn surnames_after(&self, text: &str, mut end: usize) -> usize {
        for _ in 0..3 {
            let Some((w, w_end)) = next_word(text, end) else {
                break;
            };
            let w_start = w_end - w.len();
            if !chars::is_title(w) {
                break;
            }
            let surname = self.is_last(w)
                || (self.first.contains(w) && !self.stop.contains(w))
                || has_surname_ending(w)
                || w.split('-')
                    .all(|p| self.last.contains(p) || has_surname_ending(p));
            if !surname {
                break;
            }
            debug_assert!(w_start > end);
            end = w_end;
        }
        end
    }
}

/// The token starting at `start`: letters, with inner hyphens ("Anna-Karin").
fn token_end(text: &str, start: usize) -> usize {
    let mut end = chars::letters_end(text, start);
    while text.as_bytes().get(end) == Some(&b'-')
        && chars::at(text, end + 1).is_some_and(char::is_alphabetic)
    {
        end = chars::letters_end(text, end + 1);
    }
    end
}

/// "Annas" → "Anna", "Eriks" → "Erik": the genitive -s. A name that itself ends in s stays.
fn genitive_base(token: &str) -> &str {
    token.strip_suffix('s').unwrap_or(token)
}

/// The token without a genitive -s, for the stop-list ("Björns" is as ambiguous as "Björn").
fn bare(token: &str) -> &str {
    genitive_base(token)
}

fn has_surname_ending(w: &str) -> bool {
    w.chars().count() > 4 && SURNAME_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// The word right before `start`, separated by one space.
fn prev_word(text: &str, start: usize) -> Option<&str> {
    if start < 2 || text.as_bytes()[start - 1] != b' ' {
        return None;
    }
    let w_end = start - 1;
    let w_start = chars::letters_start(text, w_end);
    (w_start < w_end).then(|| &text[w_start..w_end])
}

/// The word right after `end`, separated by one space, with its end.
fn next_word(text: &str, end: usize) -> Option<(&str, usize)> {
    if text.as_bytes().get(end) != Some(&b' ') {
        return None;
    }
    let w_start = end + 1;
    let w_end = token_end(text, w_start);
    (w_end > w_start).then(|| (&text[w_start..w_end], w_end))
}

/// Whether the token at `start` opens a sentence: the text start, or only spaces, quotes and
/// brackets back to a sentence end, a colon, a line break or a list bullet.
fn sentence_start(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            '\n' | '.' | '!' | '?' | ':' | ';' | '•' | '–' | '—' | '*' => return true,
            ' ' | '\t' | '\r' | '"' | '\'' | '(' | '[' | '«' | '»' | '”' | '“' | '-' => {}
            _ => return false,
        }
    }
    true
}
