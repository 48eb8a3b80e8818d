//! Likely personal names. A capitalised token is looked up in lists of real Swedish first names
//! and surnames (data/first_names.txt, data/last_names.txt) and judged by its context; see
//! docs/identifier-gate.md for the decision table. Every name hit is [`Certainty::Likely`].
//!
//! Only tokens that start with a capital letter after a non-letter are looked at, and each is one
//! hash lookup, so the pass costs little on ordinary prose.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use jamkoll_core::Span;

use crate::{Certainty, Hit, IdentifierKind, chars};

const FIRST_NAMES: &str = include_str!("../data/first_names.txt");
const LAST_NAMES: &str = include_str!("../data/last_names.txt");
const STOP_NAMES: &str = include_str!("../data/stop_names.txt");

/// Names that, standing alone and capitalised, far more often mean a place or a day than a
/// person ("i Lund", "till Lucia"): flagged only with a role word before or a surname after.
const NOT_ALONE: &[&str] = &["Lucia", "Lund", "Valborg"];

/// Stop names that are very common lower-case words (pronouns, determiners, prepositions), so
/// a capitalisation slip inside a sentence is likelier than a person: "enligt Hans egen
/// uppgift". Inside a sentence they need a verb, a function word or punctuation after them;
/// other stop names ("Lisa", "Björn") capitalised inside a sentence are names.
const FREQUENT_WORDS: &[&str] = &[
    "Bo", "Dag", "Del", "Hans", "Inga", "Liv", "Max", "Mina", "Per", "Tom",
];

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

/// What a listed word is: a first name, a surname, an ordinary word too (bit flags).
const FIRST: u8 = 1;
const LAST: u8 = 2;
const STOP: u8 = 4;

/// Function words after which a capitalised stop name inside a sentence reads as a name ("vi
/// träffade Hans på kontoret", but "enligt Hans egen uppgift" stays a possessive).
const NAME_FOLLOWERS: &[&str] = &[
    "och", "på", "i", "med", "som", "att", "till", "från", "om", "för", "hos", "vid", "efter",
    "inte", "också", "själv", "eller", "men", "när",
];

/// FNV-1a: the keys are short words, looked up once per capitalised token, and SipHash's
/// protection against chosen keys is not needed for a fixed word list.
#[derive(Debug, Default, Clone, Copy)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<V> = HashMap<&'static str, V, BuildHasherDefault<Fnv>>;

/// The name lists, parsed once.
pub(crate) struct Names {
    /// Title-case word ("Anna", "Hans", "Berg") → FIRST | LAST | STOP.
    words: FastMap<u8>,
    roles: FastMap<()>,
    verbs: FastMap<()>,
    followers: FastMap<()>,
}

impl std::fmt::Debug for Names {
    /// A count, not the thousands of words: a `Gate` shows up in callers' debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Names")
            .field("words", &self.words.len())
            .finish_non_exhaustive()
    }
}

/// The entries of a data file: every line that is not empty and not a `#` comment.
pub(crate) fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn set(words: &[&'static str]) -> FastMap<()> {
    words.iter().map(|&w| (w, ())).collect()
}

impl Names {
    pub(crate) fn new() -> Names {
        let mut words: FastMap<u8> = FastMap::default();
        for w in entries(FIRST_NAMES) {
            *words.entry(w).or_default() |= FIRST;
        }
        for w in entries(LAST_NAMES) {
            *words.entry(w).or_default() |= LAST;
        }
        // The stop-list is lower case; the lists are title case. Every stop name is taken
        // from the lists, so mark the listed title-case form.
        let stop: HashSet<&str> = entries(STOP_NAMES).collect();
        for (w, flags) in &mut words {
            if stop.contains(w.to_lowercase().as_str()) {
                *flags |= STOP;
            }
        }
        Names {
            words,
            roles: set(ROLES),
            verbs: set(VERBS),
            followers: set(NAME_FOLLOWERS),
        }
    }

    /// A likely name whose first letter is the capital at byte `i`, and the byte to go on from.
    pub(crate) fn at(&self, text: &str, i: usize) -> (Option<Hit>, usize) {
        // Inside a word ("McDonald", "SoL") a capital starts nothing. A digit before does not
        // count: "7Anna" is as much a name as "Anna", and redaction ("[TELEFON]Anna") must not
        // expose a name that the digits hid.
        if chars::before(text, i).is_some_and(|c| c.is_alphabetic() || c == '_') {
            return (None, i + 1);
        }
        let end = token_end(text, i);
        match self.judge(text, i, end) {
            Some(span) => (
                Some(Hit {
                    kind: IdentifierKind::Namn,
                    span,
                    certainty: Certainty::Likely,
                }),
                span.end,
            ),
            None => (None, end.max(i + 1)),
        }
    }

    /// The flags of a token as written, or of its genitive base ("Annas" → "Anna").
    fn flags(&self, token: &str) -> u8 {
        match self.words.get(token) {
            Some(&f) => f,
            None => token
                .strip_suffix('s')
                .and_then(|base| self.words.get(base))
                .copied()
                .unwrap_or(0),
        }
    }

    /// Whether the token `start..end` is a likely name, and if so the span of the whole name
    /// (a first name and the surnames after it).
    fn judge(&self, text: &str, start: usize, end: usize) -> Option<Span> {
        let token = &text[start..end];
        if !chars::is_title(token) {
            return None;
        }
        let flags = self.flags(token);
        // A first name followed by surnames: "Anna Svensson", "Hans Berg", "Anna Maria Ek".
        if flags & FIRST != 0 {
            let full = self.surnames_after(text, end);
            if full > end {
                return Some(Span::new(start, full));
            }
        }
        if self.role_before(text, start) {
            return Some(Span::new(start, end));
        }
        if flags & (FIRST | LAST) == 0 || NOT_ALONE.contains(&token) {
            return None;
        }
        if flags & STOP != 0 {
            // An ordinary word: a name only where the next word says so.
            let next = next_word(text, end).map(|(w, _)| w);
            let verb = next.is_some_and(|w| self.verbs.contains_key(w));
            if sentence_start(text, start) {
                if !verb {
                    return None;
                }
            } else if FREQUENT_WORDS.contains(&token) {
                let follower = next.is_none_or(|w| self.followers.contains_key(w));
                if !verb && !follower {
                    return None;
                }
            }
        }
        Some(Span::new(start, end))
    }

    /// Whether the word before `start` is a role or relation ("sambon Erik").
    pub(crate) fn role_before(&self, text: &str, start: usize) -> bool {
        let Some(prev) = prev_word(text, start) else {
            return false;
        };
        if self.roles.contains_key(prev) {
            return true;
        }
        // Sentence-initial "Handläggaren Anna": compare in lower case (rare, so allocate).
        prev.chars().next().is_some_and(char::is_uppercase)
            && self.roles.contains_key(prev.to_lowercase().as_str())
    }

    /// The end of the surnames that follow a first name ending at `end` (`end` if none).
    fn surnames_after(&self, text: &str, mut end: usize) -> usize {
        for _ in 0..3 {
            let Some((w, w_end)) = next_word(text, end) else {
                break;
            };
            if !chars::is_title(w) {
                break;
            }
            let f = self.flags(w);
            let surname = f & LAST != 0
                || f & (FIRST | STOP) == FIRST
                || has_surname_ending(w)
                || w.split('-')
                    .all(|p| self.flags(p) & LAST != 0 || has_surname_ending(p));
            if !surname {
                break;
            }
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
