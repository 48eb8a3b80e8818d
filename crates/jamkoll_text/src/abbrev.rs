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

/// Byte length of the longest listed abbreviation without an inner dot ("sthlm", "forts").
const LONGEST_DOTLESS: usize = 5;

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

/// Every listed abbreviation and its kind, in one hash table: a full stop after a short word
/// is common, and one probe beats two binary searches of byte strings.
fn listed() -> &'static rustc_hash::FxHashMap<&'static [u8], Abbrev> {
    static LISTED: std::sync::OnceLock<rustc_hash::FxHashMap<&'static [u8], Abbrev>> =
        std::sync::OnceLock::new();
    LISTED.get_or_init(|| {
        // Inner first, so a word on both lists is terminal (as the lists were searched).
        INNER
            .iter()
            .map(|a| (a.as_bytes(), Abbrev::Inner))
            .chain(TERMINAL.iter().map(|a| (a.as_bytes(), Abbrev::Terminal)))
            .collect()
    })
}

/// Classifies the word (letters and inner dots, without the final dot) before a full stop.
pub(crate) fn classify(word: &str) -> Abbrev {
    classify_known(word, word.contains('.'))
}

/// [`classify`] when the caller already knows whether `word` holds a dot (the sentence
/// splitter walks the word's bytes anyway, and runs once per full stop).
pub(crate) fn classify_known(word: &str, has_dot: bool) -> Abbrev {
    if word.is_empty() || (!has_dot && word.len() > LONGEST_DOTLESS) {
        // Most words before a full stop are ordinary words longer than any listed one.
        return Abbrev::No;
    }
    let mut buf = [0u8; 16];
    if word.len() <= buf.len() {
        // Lower-case ASCII letters in place; Swedish letters are matched as written in lower
        // case, so "Sön." misses the list but a capitalised day name at a stop is rare.
        let lower = &mut buf[..word.len()];
        for (d, s) in lower.iter_mut().zip(word.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        if let Some(&kind) = listed().get(&*lower) {
            return kind;
        }
    }
    if has_dot {
        // Inner dots ("t.ex", "fr.o.m") mark an abbreviation even when it is not listed.
        return Abbrev::Inner;
    }
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        // An initial ("A. B. Andersson"). Lower-case single letters are words (i, å, ö) or
        // listed ("f.", "s.").
        (Some(c), None) if c.is_uppercase() => Abbrev::Inner,
        _ => Abbrev::No,
    }
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
    fn longest_dotless_is_right() {
        let longest = INNER
            .iter()
            .chain(TERMINAL)
            .filter(|a| !a.contains('.'))
            .map(|a| a.len())
            .max();
        assert_eq!(longest, Some(LONGEST_DOTLESS));
    }

    #[test]
    fn lists_are_sorted_and_unique() {
        for list in [INNER, TERMINAL] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list, "binary search needs sorted, unique lists");
        }
    }
}
