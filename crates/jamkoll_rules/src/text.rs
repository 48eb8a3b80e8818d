//! The text model the engine works on: case-folded text, sentences, tokens and clauses.
//!
//! This is the engine's adapter over the Swedish text model. Offsets are byte offsets into the
//! original document; the folded text has exactly the same byte length (see [`fold`]), so a
//! token's lower-cased form is a slice of it and no token allocates.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters (and digits, hyphens, soft hyphens inside).
    Word,
    /// Digits.
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A pseudonymisation placeholder such as `[NAMN]` or `[NAMN_2]`.
    Placeholder,
}

/// One token: a byte range of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: TokKind,
}

impl Tok {
    /// The token's lower-cased text, cut from the folded document.
    pub fn lower<'a>(&self, folded: &'a str) -> &'a str {
        folded.get(self.start..self.end).unwrap_or("")
    }
}

/// Lower-cases `text` character by character, keeping a character whose lower case would have
/// another UTF-8 length (so byte offsets in the result equal those in the input). Swedish
/// letters (Å, Ä, Ö, É) keep their length, so they fold.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::new();
    fold_into(text, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), so a thread's documents reuse one buffer.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    // ASCII in bulk, then each non-ASCII character whose lower case differs but has the same
    // byte length, in place (rare: capitals like Å, Ä, Ö).
    out.clear();
    out.push_str(text);
    out.make_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII eight bytes at a time (already folded above), straight to the first non-ASCII
        // byte of a chunk: Swedish text has one every twenty bytes or so.
        if let Some(Ok(chunk)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
            let high = u64::from_le_bytes(chunk) & HIGH_BITS;
            if high == 0 {
                i += 8;
                continue;
            }
            i += (high.trailing_zeros() / 8) as usize;
        }
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        // Lower-case Latin-1 letters (å ä ö é and the rest of U+00E0..U+00FF) are their own
        // lower case, and U+0080..U+00BF (0xC2 ..) and the punctuation of U+2000..U+203F
        // (0xE2 0x80 ..: dashes, quotes, …) have no case: skip them without decoding.
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if (lead == 0xC3 && next >= 0xA0) || lead == 0xC2 {
            i += 2;
            continue;
        }
        if lead == 0xE2 && next == 0x80 {
            i += 3;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let len = c.len_utf8();
        if !matches!(c, 'å' | 'ä' | 'ö' | 'é') {
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next()) {
                if l != c && l.len_utf8() == len {
                    let mut buf = [0u8; 4];
                    out.replace_range(i..i + len, l.encode_utf8(&mut buf));
                }
            }
        }
        i += len;
    }
}

/// [`fold`] one character at a time (the reference the fast version must equal).
#[cfg(test)]
fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// Splits a document into sentences (byte ranges), with the Swedish sentence splitter of
/// `jamkoll_text` (abbreviations, quotes, lists).
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    sentence_ranges(text).collect()
}

/// [`sentences`] as they are found, without collecting them.
pub(crate) fn sentence_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    jamkoll_text::Sentences::new(text).map(|s| s.start..s.end)
}

/// Tokenizes `text[range]`: words (letters and digits with inner hyphens), numbers,
/// placeholders `[NAMN]`, and single punctuation characters. White space is dropped.
#[cfg(test)]
pub(crate) fn tokens(text: &str, range: Range<usize>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(range.len() / 5);
    tokens_into(&mut out, text, range);
    out
}

/// [`tokens`] into a buffer (cleared first), keeping its allocation. Works on bytes and
/// decodes only non-ASCII characters; [`tokens_reference`] is the character-by-character
/// version it must equal.
#[cfg(test)]
pub(crate) fn tokens_into(out: &mut Vec<Tok>, text: &str, range: Range<usize>) {
    out.clear();
    tokens_each(text, range, out);
}

/// Where [`tokens_each`] hands its tokens.
pub(crate) trait TokenSink {
    /// Takes the next token.
    fn push(&mut self, t: Tok);
}

impl TokenSink for Vec<Tok> {
    #[inline]
    fn push(&mut self, t: Tok) {
        Vec::push(self, t);
    }
}

/// Tokenizes `text[range]` like [`tokens_into`], handing each token to `sink` as it is found,
/// so a caller can hash and look up a word while its bytes are still in the L1 cache instead
/// of walking a token list again.
#[inline(always)]
pub(crate) fn tokens_each(text: &str, range: Range<usize>, sink: &mut impl TokenSink) {
    let b = text.as_bytes();
    let end = range.end.min(b.len());
    let mut i = range.start;
    while i < end {
        let c = b[i];
        let (ch, len) = if c < 0x80 {
            // Letters and spaces are most bytes: one table test, one compare.
            if ASCII_ALNUM[usize::from(c)] {
                i = word(text, i, end, sink);
                continue;
            }
            if c == b' ' {
                i += 1;
                continue;
            }
            (char::from(c), 1)
        } else {
            char_at(text, i)
        };
        if ch.is_whitespace() {
            i += len;
            continue;
        }
        if ch == '[' {
            // Placeholder: [UPPER_DIGITS]
            let rest = &text[i + 1..end];
            let n = rest
                .find(|ch: char| !(ch.is_uppercase() || ch.is_ascii_digit() || ch == '_'))
                .unwrap_or(rest.len());
            if n > 0 && rest[n..].starts_with(']') {
                let stop = i + 1 + n + 1;
                sink.push(Tok {
                    start: i,
                    end: stop,
                    kind: TokKind::Placeholder,
                });
                i = stop;
                continue;
            }
        }
        if is_alnum(ch) {
            i = word(text, i, end, sink);
            continue;
        }
        sink.push(Tok {
            start: i,
            end: i + len,
            kind: TokKind::Punct,
        });
        i += len;
    }
}

/// Pushes the word or number that starts at byte `i` (an alphanumeric character) and ends
/// before `end` at the latest; returns where it ends.
#[inline(always)]
fn word(text: &str, i: usize, end: usize, sink: &mut impl TokenSink) -> usize {
    let b = text.as_bytes();
    let mut all_digits = b[i].is_ascii_digit();
    let mut j = i + char_at(text, i).1;
    loop {
        // Most of a word is a run of ASCII letters (or digits): one table test a byte.
        if all_digits {
            while j < end && b[j].is_ascii_digit() {
                j += 1;
            }
        }
        if j < end && ASCII_ALNUM[usize::from(b[j])] {
            all_digits = false;
            j += 1;
            // Eight bytes at a time while the word goes on, then byte by byte.
            while let Some(Ok(chunk)) = b.get(j..j + 8).map(<[u8; 8]>::try_from) {
                if j + 8 > end {
                    break;
                }
                let other = !ascii_alnum_bytes(u64::from_le_bytes(chunk)) & HIGH_BITS;
                if other != 0 {
                    j += (other.trailing_zeros() / 8) as usize;
                    break;
                }
                j += 8;
            }
            while j < end && ASCII_ALNUM[usize::from(b[j])] {
                j += 1;
            }
        }
        if j >= end {
            break;
        }
        let d = b[j];
        if d < 0x80 {
            if (d == b'-' || d == b'\'') && j + 1 < end && is_alnum(char_at(text, j + 1).0) {
                all_digits = false;
                j += 1;
                continue;
            }
            break;
        }
        // A Latin-1 letter (å ä ö é …, U+00C0..U+00FF but × and ÷): alphanumeric, two bytes.
        if d == 0xC3 && b.get(j + 1).is_some_and(|&n| n != 0x97 && n != 0xB7) {
            all_digits = false;
            j += 2;
            continue;
        }
        let (ch, len) = char_at(text, j);
        if is_alnum(ch) || (ch == '\u{ad}' && j + len < end && is_alnum(char_at(text, j + len).0)) {
            all_digits = false;
            j += len;
            continue;
        }
        break;
    }
    let kind = if all_digits {
        TokKind::Number
    } else {
        TokKind::Word
    };
    sink.push(Tok {
        start: i,
        end: j,
        kind,
    });
    j
}

/// The high bit of every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit set in each byte of `w` that is an ASCII letter or digit, all other bits clear
/// (SWAR: eight range tests at once, with no carry between bytes since every byte is first
/// cut to seven bits).
#[inline]
fn ascii_alnum_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let in_range = |v: u64, lo: u8, hi: u8| {
        (v + ONES * u64::from(0x80 - lo)) & !(v + ONES * u64::from(0x7f - hi)) & HIGH_BITS
    };
    let seven = w & !HIGH_BITS;
    let letter = in_range(seven | (ONES * 0x20), b'a', b'z');
    let digit = in_range(seven, b'0', b'9');
    (letter | digit) & !w & HIGH_BITS
}

/// ASCII letters and digits.
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// [`tokens_into`] one character at a time (the reference the fast version must equal).
#[cfg(test)]
pub(crate) fn tokens_reference(out: &mut Vec<Tok>, text: &str, range: Range<usize>) {
    out.clear();
    let slice = &text[range.clone()];
    let bytes = slice.as_bytes();
    let base = range.start;
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_at(slice, i);
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if c == '[' {
            // Placeholder: [UPPER_DIGITS]
            let rest = &slice[i + 1..];
            let n = rest
                .find(|ch: char| !(ch.is_uppercase() || ch.is_ascii_digit() || ch == '_'))
                .unwrap_or(rest.len());
            if n > 0 && rest[n..].starts_with(']') {
                let end = i + 1 + n + 1;
                out.push(Tok {
                    start: base + i,
                    end: base + end,
                    kind: TokKind::Placeholder,
                });
                i = end;
                continue;
            }
        }
        if is_alnum(c) {
            let mut end = i + len;
            let mut all_digits = c.is_ascii_digit();
            while end < bytes.len() {
                let (d, dlen) = char_at(slice, end);
                if is_alnum(d) {
                    all_digits &= d.is_ascii_digit();
                    end += dlen;
                } else if (d == '-' || d == '\u{ad}' || d == '\'')
                    && end + dlen < bytes.len()
                    && is_alnum(char_at(slice, end + dlen).0)
                {
                    all_digits = false;
                    end += dlen;
                } else {
                    break;
                }
            }
            let kind = if all_digits {
                TokKind::Number
            } else {
                TokKind::Word
            };
            out.push(Tok {
                start: base + i,
                end: base + end,
                kind,
            });
            i = end;
            continue;
        }
        out.push(Tok {
            start: base + i,
            end: base + i + len,
            kind: TokKind::Punct,
        });
        i += len;
    }
}

/// The character at byte `i` of `s` (a character boundary) and its length; ASCII without
/// decoding.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (char::from(b), 1),
        _ => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or((' ', 1), |c| (c, c.len_utf8())),
    }
}

/// `char::is_alphanumeric` with fast paths for ASCII and the Swedish letters.
#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        matches!(c, 'å' | 'ä' | 'ö' | 'é' | 'Å' | 'Ä' | 'Ö' | 'É') || c.is_alphanumeric()
    }
}

/// What a word does for clause splitting: bits of [`word_flags`].
pub(crate) mod flag {
    /// `,` `;` `:` brackets and dashes: a clause ends before it.
    pub(crate) const BOUNDARY: u8 = 1;
    /// A subordinator or conjunction that opens a clause inside a sentence.
    pub(crate) const OPENER: u8 = 2;
    /// Opens a clause only when a subject follows ("och hon", "om han").
    pub(crate) const CONDITIONAL: u8 = 4;
    /// A subject that, after a conditional opener, shows that a new clause begins.
    pub(crate) const SUBJECT: u8 = 8;
    /// A subordinator that can open a sentence with a fronted subordinate clause ("Om …").
    pub(crate) const FRONTED: u8 = 16;
    /// A finite verb that can open the main clause after a fronted subordinate clause
    /// ("… måste mamman").
    pub(crate) const FINITE: u8 = 32;
    /// A pronoun in subject form: after any word, it shows a new clause's subject.
    pub(crate) const NOM_PRONOUN: u8 = 64;
    /// An adverb that stands before the finite verb in a subordinate clause (inte, aldrig …).
    pub(crate) const PRE_VERB: u8 = 128;
}

/// Words that open a new clause when they stand inside a sentence.
const CLAUSE_OPENERS: &[&str] = &[
    "att", "som", "men", "eftersom", "när", "medan", "vilket", "vilken", "vilka", "där", "samt",
    "fast", "trots", "innan", "tills", "emedan", "därför", "varför", "då", "fastän", "såsom",
];

/// Words that open a new clause only when a subject follows them ("och hon", "om han").
const CONDITIONAL_OPENERS: &[&str] = &["och", "eller", "om", "ifall", "så"];

/// Subjects that, after a conditional opener, show that a new clause begins.
const SUBJECT_WORDS: &[&str] = &[
    "hon", "han", "hen", "de", "det", "man", "vi", "jag", "du", "någon", "ingen", "den",
];

/// Punctuation that ends a clause.
const BOUNDARY_PUNCT: &[&str] = &[",", ";", ":", "(", ")", "–", "—"];

/// Subordinators that open a sentence with a fronted subordinate clause, which Swedish often
/// closes without a comma: "Om pappan återfaller måste mamman skydda barnen".
const FRONTED_OPENERS: &[&str] = &[
    "om", "ifall", "när", "då", "eftersom", "innan", "medan", "sedan", "fastän", "trots", "efter",
    "tills", "såvida", "emedan",
];

/// Finite verbs that open the main clause after a fronted subordinate clause, before a noun
/// subject ("… behöver mamman"); the supine ("har slagit mamman") is not among them.
const FINITE_VERBS: &[&str] = &[
    "ska",
    "skall",
    "skulle",
    "måste",
    "bör",
    "borde",
    "kan",
    "kunde",
    "får",
    "fick",
    "vill",
    "ville",
    "är",
    "var",
    "har",
    "hade",
    "blir",
    "blev",
    "behöver",
    "behövde",
    "kommer",
    "brukar",
    "verkar",
    "tycks",
    "förväntas",
    "uppmanas",
    "berättar",
    "berättade",
    "uppger",
    "uppgav",
    "säger",
    "sa",
    "sade",
    "menar",
    "ansåg",
    "anser",
];

/// Pronouns in subject form ("de" is left out: it is also the plural article, "de senaste
/// gångerna").
const NOM_PRONOUNS: &[&str] = &["hon", "han", "hen", "vi", "jag", "du"];

/// Words that stand before the finite verb in a subordinate clause ("när hon inte har barnen"),
/// so a finite verb right after one is still the subordinate clause's own.
const PRE_VERB_ADVERBS: &[&str] = &["inte", "ej", "aldrig", "alltid", "ofta", "också", "redan"];

/// The clause-splitting [`flag`]s of a folded token.
pub(crate) fn word_flags(w: &str) -> u8 {
    let mut flags = 0;
    for (list, bit) in [
        (BOUNDARY_PUNCT, flag::BOUNDARY),
        (CLAUSE_OPENERS, flag::OPENER),
        (CONDITIONAL_OPENERS, flag::CONDITIONAL),
        (SUBJECT_WORDS, flag::SUBJECT),
        (FRONTED_OPENERS, flag::FRONTED),
        (FINITE_VERBS, flag::FINITE),
        (NOM_PRONOUNS, flag::NOM_PRONOUN),
        (PRE_VERB_ADVERBS, flag::PRE_VERB),
    ] {
        if list.contains(&w) {
            flags |= bit;
        }
    }
    flags
}

/// Every word with a non-zero [`word_flags`].
pub(crate) fn flagged_words() -> impl Iterator<Item = &'static str> {
    BOUNDARY_PUNCT
        .iter()
        .chain(CLAUSE_OPENERS)
        .chain(CONDITIONAL_OPENERS)
        .chain(SUBJECT_WORDS)
        .chain(FRONTED_OPENERS)
        .chain(FINITE_VERBS)
        .chain(NOM_PRONOUNS)
        .chain(PRE_VERB_ADVERBS)
        .copied()
}

/// Splits a sentence's tokens into clauses (ranges of token indices): at `,` `;` `:` brackets
/// and dashes, and before subordinators and conjunctions that open a clause.
#[cfg(test)]
pub(crate) fn clauses(
    folded: &str,
    toks: &[Tok],
    is_person: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let flags: Vec<u8> = toks.iter().map(|t| word_flags(t.lower(folded))).collect();
    let mut out = Vec::new();
    clauses_into(&mut out, toks, &flags, is_person);
    out
}

/// [`clauses`] into a buffer (cleared first), keeping its allocation, from each token's
/// [`word_flags`]; `is_person(i)` says whether token `i` is a person word.
///
/// A sentence that opens with a subordinator ("Om", "När", "Eftersom" …) holds a fronted
/// subordinate clause, which Swedish often closes without a comma. It ends before the main
/// clause's finite verb, found as verb-second order: once the subordinate clause has its own
/// subject and one more word, a word followed by a subject-form pronoun ("… var han"), or a
/// finite verb followed by a person noun or placeholder ("… måste mamman"), opens the main
/// clause. Without this, "Om pappan återfaller måste mamman skydda barnen" is one clause: the
/// duty goes to the father and reads as hypothetical.
pub(crate) fn clauses_into(
    out: &mut Vec<Range<usize>>,
    toks: &[Tok],
    flags: &[u8],
    is_person: impl Fn(usize) -> bool,
) {
    out.clear();
    let has = |i: usize, bit: u8| flags.get(i).is_some_and(|f| f & bit != 0);
    let subject_at = |i: usize| {
        has(i, flag::SUBJECT)
            || is_person(i)
            || toks.get(i).is_some_and(|t| t.kind == TokKind::Placeholder)
    };
    // While in a fronted subordinate clause: the index of its subject, once seen.
    let mut fronted: Option<Option<usize>> =
        (toks.first().is_some_and(|t| t.kind == TokKind::Word) && has(0, flag::FRONTED))
            .then_some(None);
    let mut start = 0;
    let splitting = flag::BOUNDARY | flag::OPENER | flag::CONDITIONAL;
    let mut i = 0;
    while i < toks.len() {
        if fronted.is_none() {
            // Outside a fronted clause (which, once closed, never reopens) only a boundary or
            // an opener can split: jump to the next token flagged as one. Most tokens are not.
            match flags
                .get(i..)
                .and_then(|f| f.iter().position(|f| f & splitting != 0))
            {
                Some(d) => i += d,
                None => break,
            }
        }
        let Some(t) = toks.get(i) else { break };
        let boundary_punct = t.kind == TokKind::Punct && has(i, flag::BOUNDARY);
        let mut opener = t.kind == TokKind::Word
            && i > start
            && (has(i, flag::OPENER)
                || (has(i, flag::CONDITIONAL)
                    && toks.get(i + 1).is_some_and(|n| {
                        has(i + 1, flag::SUBJECT)
                            || is_person(i + 1)
                            || n.kind == TokKind::Placeholder
                    })));
        match fronted {
            Some(None) if i > 0 && subject_at(i) => fronted = Some(Some(i)),
            Some(Some(j))
                if i > j + 1
                    && t.kind == TokKind::Word
                    && !opener
                    && flags.get(i).is_some_and(|f| {
                        f & (flag::OPENER | flag::CONDITIONAL | flag::BOUNDARY) == 0
                    }) =>
            {
                if has(i + 1, flag::NOM_PRONOUN) {
                    // "… var han", but also a wh-word before an embedded subject ("vet var
                    // hon bor", "beskriver hur han …"): split, and keep looking from that
                    // subject, so a later "… blir han" still opens the main clause.
                    opener = true;
                    fronted = Some(Some(i + 1));
                } else if has(i, flag::FINITE)
                    && !has(i - 1, flag::PRE_VERB)
                    && (is_person(i + 1)
                        || toks
                            .get(i + 1)
                            .is_some_and(|n| n.kind == TokKind::Placeholder))
                {
                    opener = true;
                    fronted = None;
                }
            }
            _ => {}
        }
        if boundary_punct {
            // A comma ends the fronted clause (the old rule: ", ska hon").
            fronted = None;
        }
        if boundary_punct {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        } else if opener {
            out.push(start..i);
            start = i;
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    if out.is_empty() {
        out.push(0..toks.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_fold_equals_char_by_char_fold() {
        for t in [
            "ÅSA ÄR Ö İ ẞ Σ ǅ K Å",
            "Mamman PÅSTÅR att Hon är RÄDD.",
            "",
            "ĲSSEL ﬁ Ⅻ",
            "µ ª º – ” … ‰ Ⓐ ⅻ Ⅻ ÀÞ×ß Ω",
        ] {
            assert_eq!(fold(t), fold_chars(t), "{t}");
        }
    }

    /// Texts that exercise every branch of the tokenizer and the fold.
    const TRICKY: &[&str] = &[
        "[NAMN_1] har ADHD-diagnos, 12 år.",
        "Hon\u{a0}sa: \"nej\" – 3,5 mil; se-\u{ad}dan, ÅSA's [ÖVR] [x] [] [NAMN ¹²³ ab²",
        "Ärendet – ÖVERSYN av Éva's hem—och\u{2028}barn\u{3000}i IJssel ǅ İ ẞ Σ \u{b}x",
        "a-- -b a'' 'b a\u{ad}\u{ad}b 12-13 ٣٤ x٣ end-",
        "",
    ];

    #[test]
    fn fast_tokens_equal_char_by_char_tokens() {
        for t in TRICKY {
            for range in [
                0..t.len(),
                t.find(' ').map_or(0..t.len(), |i| i + 1..t.len()),
            ] {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                tokens_into(&mut fast, t, range.clone());
                tokens_reference(&mut slow, t, range);
                assert_eq!(fast, slow, "{t}");
            }
        }
    }

    #[test]
    fn fast_fold_equals_char_by_char_fold_on_tricky_texts() {
        for t in TRICKY {
            assert_eq!(fold(t), fold_chars(t), "{t}");
        }
    }

    /// The token-by-token clause splitter that [`clauses_into`] (which skips unflagged tokens)
    /// must equal.
    fn clauses_reference(
        out: &mut Vec<Range<usize>>,
        toks: &[Tok],
        flags: &[u8],
        is_person: impl Fn(usize) -> bool,
    ) {
        out.clear();
        let has = |i: usize, bit: u8| flags.get(i).is_some_and(|f| f & bit != 0);
        let subject_at = |i: usize| {
            has(i, flag::SUBJECT)
                || is_person(i)
                || toks.get(i).is_some_and(|t| t.kind == TokKind::Placeholder)
        };
        // While in a fronted subordinate clause: the index of its subject, once seen.
        let mut fronted: Option<Option<usize>> =
            (toks.first().is_some_and(|t| t.kind == TokKind::Word) && has(0, flag::FRONTED))
                .then_some(None);
        let mut start = 0;
        for (i, t) in toks.iter().enumerate() {
            let boundary_punct = t.kind == TokKind::Punct && has(i, flag::BOUNDARY);
            let mut opener = t.kind == TokKind::Word
                && i > start
                && (has(i, flag::OPENER)
                    || (has(i, flag::CONDITIONAL)
                        && toks.get(i + 1).is_some_and(|n| {
                            has(i + 1, flag::SUBJECT)
                                || is_person(i + 1)
                                || n.kind == TokKind::Placeholder
                        })));
            match fronted {
                Some(None) if i > 0 && subject_at(i) => fronted = Some(Some(i)),
                Some(Some(j))
                    if i > j + 1
                        && t.kind == TokKind::Word
                        && !opener
                        && flags.get(i).is_some_and(|f| {
                            f & (flag::OPENER | flag::CONDITIONAL | flag::BOUNDARY) == 0
                        }) =>
                {
                    if has(i + 1, flag::NOM_PRONOUN) {
                        // "… var han", but also a wh-word before an embedded subject ("vet var
                        // hon bor", "beskriver hur han …"): split, and keep looking from that
                        // subject, so a later "… blir han" still opens the main clause.
                        opener = true;
                        fronted = Some(Some(i + 1));
                    } else if has(i, flag::FINITE)
                        && !has(i - 1, flag::PRE_VERB)
                        && (is_person(i + 1)
                            || toks
                                .get(i + 1)
                                .is_some_and(|n| n.kind == TokKind::Placeholder))
                    {
                        opener = true;
                        fronted = None;
                    }
                }
                _ => {}
            }
            if boundary_punct {
                // A comma ends the fronted clause (the old rule: ", ska hon").
                fronted = None;
            }
            if boundary_punct {
                if i > start {
                    out.push(start..i);
                }
                start = i + 1;
            } else if opener {
                out.push(start..i);
                start = i;
            }
        }
        if start < toks.len() {
            out.push(start..toks.len());
        }
        if out.is_empty() {
            out.push(0..toks.len());
        }
    }

    proptest::proptest! {
        #[test]
        fn clause_skipping_equals_the_token_walk(
            words in proptest::collection::vec(0usize..24, 0..30),
        ) {
            const VOCAB: &[&str] = &[
                "om", "när", "mamman", "pappan", "hon", "han", "måste", "ska", "inte", "att",
                "och", "men", "som", ",", ";", ":", "-", "barnen", "skydda", "var", "bor",
                "[NAMN]", "eftersom", "de",
            ];
            let text: String = words.iter().map(|&w| VOCAB[w]).collect::<Vec<_>>().join(" ");
            let folded = fold(&text);
            let toks = tokens(&text, 0..text.len());
            let flags: Vec<u8> = toks.iter().map(|t| word_flags(t.lower(&folded))).collect();
            let person = |i: usize| {
                toks.get(i).is_some_and(|t| matches!(t.lower(&folded), "mamman" | "pappan"))
            };
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            clauses_into(&mut fast, &toks, &flags, person);
            clauses_reference(&mut slow, &toks, &flags, person);
            proptest::prop_assert_eq!(fast, slow, "{}", text);
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_tokens_and_fold_equal_the_reference(t in "[a-zA-ZåäöÅÄÖéÉ0-9 \\-'\\[\\]_.,\u{ad}\u{a0}ǅİẞ٣²]{0,40}") {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            tokens_into(&mut fast, &t, 0..t.len());
            tokens_reference(&mut slow, &t, 0..t.len());
            proptest::prop_assert_eq!(fast, slow);
            proptest::prop_assert_eq!(fold(&t), fold_chars(&t));
        }
    }

    #[test]
    fn swar_alnum_test_equals_the_table() {
        for start in (0..=255u8).step_by(8) {
            let bytes: Vec<u8> = (0..8).map(|k| start.wrapping_add(k)).collect();
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes);
            let mask = ascii_alnum_bytes(u64::from_le_bytes(w));
            for (k, &b) in bytes.iter().enumerate() {
                assert_eq!(
                    mask >> (8 * k + 7) & 1 == 1,
                    ASCII_ALNUM[usize::from(b)],
                    "{b}"
                );
            }
        }
    }

    #[test]
    fn fold_keeps_byte_length() {
        let t = "ÅSA ÄR Ö İ";
        assert_eq!(fold(t).len(), t.len());
        assert!(fold(t).starts_with("åsa är ö"));
    }

    #[test]
    fn tokens_keep_placeholders_and_compounds() {
        let t = "[NAMN_1] har ADHD-diagnos, 12 år.";
        let f = fold(t);
        let toks: Vec<&str> = tokens(t, 0..t.len()).iter().map(|x| x.lower(&f)).collect();
        assert_eq!(
            toks,
            vec!["[namn_1]", "har", "adhd-diagnos", ",", "12", "år", "."]
        );
    }

    /// The clauses of `t` as folded words, with `persons` as the person words.
    fn split(t: &str, persons: &[&str]) -> Vec<String> {
        let f = fold(t);
        let toks = tokens(t, 0..t.len());
        clauses(&f, &toks, |i| persons.contains(&toks[i].lower(&f)))
            .into_iter()
            .map(|r| {
                toks[r]
                    .iter()
                    .map(|x| x.lower(&f))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn a_fronted_subordinate_clause_ends_before_the_main_verb_without_a_comma() {
        let people = ["pappan", "mamman", "[namn]"];
        assert_eq!(
            split("Om pappan återfaller måste mamman skydda barnen.", &people),
            ["om pappan återfaller", "måste mamman skydda barnen ."]
        );
        assert_eq!(
            split("När hon kom till mötet var han aggressiv.", &people),
            ["när hon kom till mötet", "var han aggressiv ."]
        );
        // An att-clause inside the fronted clause: the main clause still starts at "var".
        assert_eq!(
            split(
                "När hon berättade att han slog henne var hon rädd.",
                &people
            ),
            ["när hon berättade", "att han slog henne", "var hon rädd ."]
        );
        // A supine before a noun is no main verb; a word right after the subject is its verb.
        assert_eq!(
            split(
                "När mamman har träffat pappan brukar hon vara upprörd.",
                &people
            ),
            ["när mamman har träffat pappan", "brukar hon vara upprörd ."]
        );
        assert_eq!(
            split("Om han slår henne igen måste hon ringa polisen.", &people),
            ["om han slår henne igen", "måste hon ringa polisen ."]
        );
        // "de" as an article is no subject; a wh-word before an embedded subject splits, and
        // the main clause after it is still found; a finite verb after "inte" is the
        // subordinate clause's own.
        assert_eq!(
            split(
                "När pappan var hotfull de senaste gångerna blev mamman rädd.",
                &people
            ),
            [
                "när pappan var hotfull de senaste gångerna",
                "blev mamman rädd ."
            ]
        );
        assert_eq!(
            split(
                "Eftersom pappan inte vet var hon bor blir han arg.",
                &people
            ),
            ["eftersom pappan inte vet", "var hon bor", "blir han arg ."]
        );
        assert_eq!(
            split("När hon inte har barnen är hon ofta upprörd.", &["barnen"]),
            ["när hon inte har barnen", "är hon ofta upprörd ."]
        );
        // A comma closes it as before; "Då" as an adverb has no subject before the verb.
        assert_eq!(
            split("Om hon får jobb, ska hon betala hyran.", &people),
            ["om hon får jobb", "ska hon betala hyran ."]
        );
        assert_eq!(
            split("Då var hon arg på pappan.", &people),
            ["då var hon arg på pappan ."]
        );
    }

    #[test]
    fn clauses_split_at_subordinators() {
        assert_eq!(
            split("Han har inte sökt arbete men påstår att han är sjuk.", &[]),
            [
                "han har inte sökt arbete",
                "men påstår",
                "att han är sjuk ."
            ]
        );
    }
}
