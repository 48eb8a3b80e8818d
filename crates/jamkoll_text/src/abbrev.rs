//! Swedish abbreviations that end in a full stop, for sentence splitting and tokenising.
//!
//! Kept lower case and without the final dot. Words with an inner dot ("t.ex", "fr.o.m") are
//! recognised by shape as well, so the list only has to hold the dotless ones and the ones that
//! may end a sentence.

/// Abbreviations that stand inside a sentence: a dot after them never ends the sentence.
const INNER: &[&str] = &[
    "adr", "ang", "anm", "apr", "aug", "avd", "bl.a", "ca", "d.v.s", "d.y", "d.ä", "dec", "dir",
    "doc", "dr", "dvs", "e.d", "e.kr", "enl", "ev", "exkl", "f", "f.d", "f.kr", "f.n", "f.ö",
    "feb", "ff", "fig", "forts", "fr", "fr.o.m", "fre", "fvb", "fö", "hr", "i.o.m", "inkl", "jan",
    "jfr", "jul", "jun", "kap", "kl", "l", "lör", "m.a.o", "m.h.t", "mån", "nov", "nr", "obs",
    "okt", "ons", "p.g.a", "pga", "prof", "resp", "s", "s.k", "sek", "sep", "sept", "sthlm", "sön",
    "t.ex", "t.o.m", "t.v", "tel", "tf", "tim", "tis", "tors", "ung", "utg", "vard", "vol",
];

/// Abbreviations that often end a sentence ("… kläder, mat m.m. Hon …"): a dot after them
/// ends the sentence when the next word starts with a capital letter.
const TERMINAL: &[&str] = &[
    "dyl", "etc", "kr", "m.fl", "m.m", "mfl", "mm", "o.d", "o.dyl", "o.s.v", "osv", "st",
];

/// How a word before a full stop behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbrev {
    /// Not an abbreviation: the dot is a full stop.
    No,
    /// An abbreviation inside the sentence.
    Inner,
    /// An abbreviation that may also end the sentence.
    Terminal,
}

/// Classifies the word (letters and inner dots, without the final dot) before a full stop.
pub(crate) fn classify(word: &str) -> Abbrev {
    if word.is_empty() {
        return Abbrev::No;
    }
    let mut buf = [0u8; 16];
    let Some(lower) = ascii_lower(word, &mut buf) else {
        // Non-ASCII or long: check the lists with an allocation only in this rare case.
        let lower = word.to_lowercase();
        return classify_lower(&lower, word);
    };
    classify_lower(lower, word)
}

fn classify_lower(lower: &str, word: &str) -> Abbrev {
    if TERMINAL.contains(&lower) {
        Abbrev::Terminal
    } else if INNER.contains(&lower) || word.contains('.') {
        // Inner dots ("t.ex", "fr.o.m") mark an abbreviation even when it is not listed.
        Abbrev::Inner
    } else if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        // An initial ("A. B. Andersson"). Lower-case single letters are words (i, å, ö) or
        // listed ("f.", "s.").
        Abbrev::Inner
    } else {
        Abbrev::No
    }
}

/// Lower-cases an ASCII-or-Swedish word into `buf` when it fits and is ASCII.
fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(word.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..word.len()]).ok()
}

/// Whether `word` (without the final dot) is an abbreviation whose dot belongs to the word.
pub(crate) fn takes_dot(word: &str) -> bool {
    classify(word) != Abbrev::No
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_listed_shaped_and_initials() {
        assert_eq!(classify("t.ex"), Abbrev::Inner);
        assert_eq!(classify("Kap"), Abbrev::Inner);
        assert_eq!(classify("fr.o.m"), Abbrev::Inner);
        assert_eq!(classify("A"), Abbrev::Inner);
        assert_eq!(classify("m.m"), Abbrev::Terminal);
        assert_eq!(classify("osv"), Abbrev::Terminal);
        assert_eq!(classify("barnen"), Abbrev::No);
        assert_eq!(classify("sön"), Abbrev::Inner);
    }

    #[test]
    fn lists_are_sorted_and_unique() {
        let mut inner = INNER.to_vec();
        inner.sort_unstable();
        inner.dedup();
        assert_eq!(inner, INNER);
    }
}
