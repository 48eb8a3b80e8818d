//! Sentence splitting for Swedish case notes.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets after it) when
//! whitespace and then something other than a lower-case letter follows. Exceptions, in order:
//!
//! - a dot inside a word or number does not end anything ("t.ex", "5.3", "kl. 14.30");
//! - a dot after an abbreviation does not end the sentence ("bl.a.", "4 kap. 1 §", "A. B."),
//!   except after one that often closes a list ("m.m.", "osv.", "kr.") when a capital follows;
//! - a full stop inside an open quotation does not end the sentence, so a quoted passage stays
//!   with the sentence that reports it, unless the quote runs on for more than
//!   [`MAX_QUOTE_BYTES`] (an unbalanced quote mark must not swallow the document);
//! - a blank line always ends a sentence;
//! - a single line break ends a sentence before a list item (`-`, `•`, `*`, `1.`, `1)`, `a)`),
//!   after a line ending in `:`, and after a short line (a heading, under
//!   [`MAX_HEADING_BYTES`]) when the next line starts with a capital, digit or placeholder;
//!   otherwise it is a wrapped line and the sentence goes on.
//!
//! List markers at the start of a line are not part of the sentence. Spans are trimmed.

use jamkoll_core::Span;

use crate::abbrev::{self, Abbrev};

/// A quotation longer than this is treated as unbalanced: full stops in it end sentences again.
pub const MAX_QUOTE_BYTES: usize = 400;
/// A line shorter than this, followed by a line break and a capital, is taken as a heading.
pub const MAX_HEADING_BYTES: usize = 50;

/// The sentences of `text`, as trimmed byte spans in order.
///
/// ```
/// use jamkoll_text::sentences;
/// let text = "Enligt 4 kap. 1 § SoL ska bistånd ges, t.ex. till hyra. Hon har bl.a. sökt jobb.";
/// let s: Vec<&str> = sentences(text).iter().map(|s| &text[s.start..s.end]).collect();
/// assert_eq!(s, ["Enligt 4 kap. 1 § SoL ska bistånd ges, t.ex. till hyra.", "Hon har bl.a. sökt jobb."]);
/// ```
pub fn sentences(text: &str) -> Vec<Span> {
    Sentences::new(text).collect()
}

/// Iterator over the sentences of a text; see [`sentences`]. Does not allocate.
#[derive(Debug, Clone)]
pub struct Sentences<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Sentences<'t> {
    /// Sentences of `text`, from the start.
    pub fn new(text: &'t str) -> Sentences<'t> {
        Sentences { text, pos: 0 }
    }
}

impl Iterator for Sentences<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let b = self.text.as_bytes();
        loop {
            let start = skip_space_and_marker(self.text, self.pos);
            if start >= b.len() {
                self.pos = b.len();
                return None;
            }
            let (end, next) = find_end(self.text, start);
            self.pos = next.max(start + 1);
            let mut end = end;
            while end > start && b[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            if end > start {
                return Some(Span::new(start, end));
            }
        }
    }
}

/// Skips whitespace and, at the start of a line, one list marker with the space after it.
fn skip_space_and_marker(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if i < b.len() && at_line_start(b, i) {
        if let Some(len) = list_marker_len(text, i) {
            i += len;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
        }
    }
    i
}

/// Whether only spaces or tabs stand between the previous line break (or the text start) and `i`.
fn at_line_start(b: &[u8], i: usize) -> bool {
    match b[..i].iter().rev().find(|&&c| c != b' ' && c != b'\t') {
        None | Some(b'\n' | b'\r') => true,
        Some(_) => false,
    }
}

/// Length of a list marker at `i` including one following space: `- `, `• `, `* `, `– `,
/// `1. `, `12) `, `a) `.
pub(crate) fn list_marker_len(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    let after = match first {
        '-' | '*' | '•' | '–' | '·' | '▪' | '‣' | '○' => first.len_utf8(),
        '0'..='9' => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let punct = *rest.as_bytes().get(digits)?;
            if digits > 3 || !(punct == b'.' || punct == b')') {
                return None;
            }
            digits + 1
        }
        c if c.is_ascii_alphabetic() && rest.as_bytes().get(1) == Some(&b')') => 2,
        _ => return None,
    };
    match rest.as_bytes().get(after) {
        Some(b' ' | b'\t') => Some(after + 1),
        _ => None,
    }
}

/// Finds where the sentence starting at `start` ends: `(end, where to look next)`.
fn find_end(text: &str, start: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let len = b.len();
    let mut quote: Option<usize> = None; // where the open quotation began
    let mut line_start = start;
    let mut i = start;
    while i < len {
        // Most bytes are letters and spaces: skip to the next one that can matter.
        i = skip_plain(b, i);
        if i >= len {
            break;
        }
        match b[i] {
            b'\n' => {
                let mut j = i + 1;
                while j < len && matches!(b[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j >= len {
                    return (i, len);
                }
                if b[j] == b'\n' || single_break_ends(text, line_start, i, j) {
                    return (i, j);
                }
                line_start = i + 1;
                i += 1;
            }
            b'.' | b'!' | b'?' => {
                let (ends, j) = terminator(text, i, &mut quote);
                if ends {
                    return (j, j);
                }
                i = j;
            }
            b'"' => {
                toggle_quote(&mut quote, i);
                i += 1;
            }
            0xC2 | 0xE2 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                match c {
                    '…' => {
                        let (ends, j) = terminator(text, i, &mut quote);
                        if ends {
                            return (j, j);
                        }
                        i = j;
                        continue;
                    }
                    '”' | '»' | '«' => toggle_quote(&mut quote, i),
                    '“' | '„' => quote = quote.or(Some(i)),
                    _ => {}
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    (len, len)
}

/// The first byte at or after `i` that [`SPECIAL`] marks (or the end): eight bytes at a time,
/// their table entries ORed without a branch per byte (a sentence has about one special byte
/// in a hundred), then byte by byte inside the chunk that holds one.
#[inline]
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        if chunk
            .iter()
            .fold(false, |any, &c| any | SPECIAL[c as usize])
        {
            break;
        }
        i += 8;
    }
    while i < b.len() && !SPECIAL[b[i] as usize] {
        i += 1;
    }
    i
}

/// Bytes that `find_end` must look at: line breaks, terminators, `"` and the lead bytes of
/// `…` `”` `“` `„` `»` `«`.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b'"' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t
};

fn toggle_quote(quote: &mut Option<usize>, i: usize) {
    *quote = match quote {
        Some(_) => None,
        None => Some(i),
    };
}

/// The character version's quote test (the byte version matches the UTF-8 of these).
#[cfg(test)]
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '“' | '„' | '»' | '«' | '\'')
}

/// Decides whether the terminator at `i` ends the sentence: `(ends, offset after the
/// terminator and its closing quotes)`. Scanning goes on from that offset either way.
fn terminator(text: &str, i: usize, quote: &mut Option<usize>) -> (bool, usize) {
    let j = terminator_run(text, i, quote);
    (ends_here(text, i, j, quote), j)
}

/// Skips the terminators at `i` and the closing quotes and brackets after them. Runs once per
/// full stop, so it reads bytes: `…` is `E2 80 A6`, `“ ” „` are `E2 80 9C`/`9D`/`9E`, `« »`
/// are `C2 AB`/`C2 BB` (the test module keeps the character version it must equal).
fn terminator_run(text: &str, i: usize, quote: &mut Option<usize>) -> usize {
    let b = text.as_bytes();
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    // Run of terminators: "?!", "...", "…".
    let mut j = i;
    loop {
        match at(j) {
            b'.' | b'!' | b'?' => j += 1,
            0xE2 if at(j + 1) == 0x80 && at(j + 2) == 0xA6 => j += 3,
            _ => break,
        }
    }
    // Closing quotes and brackets belong to the sentence that ends here.
    loop {
        let quote_len = match at(j) {
            b')' | b']' => {
                j += 1;
                continue;
            }
            b'"' => 1,
            0xE2 if at(j + 1) == 0x80 && matches!(at(j + 2), 0x9C..=0x9E) => 3,
            0xC2 if matches!(at(j + 1), 0xAB | 0xBB) => 2,
            _ => break,
        };
        *quote = None;
        j += quote_len;
    }
    j
}

/// Whether the terminator run from `i` to `j` ends the sentence.
fn ends_here(text: &str, i: usize, j: usize, quote: &mut Option<usize>) -> bool {
    let b = text.as_bytes();
    if j < b.len() && !b[j].is_ascii_whitespace() {
        return false; // inside a word or number: "t.ex", "5.3", "14.30"
    }
    if let Some(q) = *quote {
        if i - q <= MAX_QUOTE_BYTES {
            return false; // a full stop inside a quotation
        }
        *quote = None;
    }
    // The next character after white space: ASCII white space byte by byte, the rest (a
    // vertical tab, a no-break space) as characters.
    let mut k = j;
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    let next = match b.get(k) {
        None => return true,
        Some(&c) if c < 0x80 && c != 0x0B => char::from(c),
        Some(_) => match text[k..].trim_start().chars().next() {
            Some(c) => c,
            None => return true,
        },
    };
    let single_dot = b[i] == b'.' && b.get(i + 1) != Some(&b'.');
    if single_dot {
        let (word, has_dot) = word_before(text, i);
        match abbrev::classify_known(word, has_dot) {
            Abbrev::Inner => return false,
            Abbrev::Terminal => return next.is_uppercase() || next == '[',
            Abbrev::No => {}
        }
    }
    !next.is_lowercase()
}

/// The letters and inner dots right before byte `i` ("t.ex" before "t.ex."), and whether it
/// holds a dot; empty after a number or a bracket, since a number before a dot is not an
/// abbreviation.
///
/// Runs once per full stop, so it walks bytes: ASCII letters, digits and dots, and the Latin-1
/// letters (å ä ö é …, `C3 80`–`C3 BF` except `×` and `÷`) two bytes at a time. Only another
/// non-ASCII character sends it to the character walk ([`word_before_chars`], which it must
/// equal).
fn word_before(text: &str, i: usize) -> (&str, bool) {
    let b = text.as_bytes();
    let (mut k, mut dot, mut digit) = (i, false, false);
    loop {
        match k.checked_sub(1).map(|p| b[p]) {
            Some(c) if c.is_ascii_alphabetic() => k -= 1,
            Some(c) if c.is_ascii_digit() => {
                digit = true;
                k -= 1;
            }
            Some(b'.') => {
                dot = true;
                k -= 1;
            }
            Some(c @ 0x80..=0xBF) if k >= 2 && b[k - 2] == 0xC3 && c != 0x97 && c != 0xB7 => {
                k -= 2;
            }
            Some(0x80..) => {
                // Another script: walk the rest as characters.
                let (word, more_dot) = word_before_chars(text, k);
                let start = k - word.len();
                dot |= more_dot;
                digit |= word.bytes().any(|c| c.is_ascii_digit());
                k = start;
                break;
            }
            _ => break,
        }
    }
    if digit {
        ("", false)
    } else {
        (&text[k..i], dot)
    }
}

/// The alphanumeric characters and dots right before byte `i`, walked as characters, and
/// whether they hold a dot (digits are not filtered out here).
fn word_before_chars(text: &str, i: usize) -> (&str, bool) {
    let start = text[..i]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(i, |(k, _)| k);
    let word = &text[start..i];
    (word, word.contains('.'))
}

/// Whether a single line break at `nl` ends the sentence; `next` is the next line's first
/// non-blank byte, `line_start` the start of the line the break closes.
fn single_break_ends(text: &str, line_start: usize, nl: usize, next: usize) -> bool {
    if list_marker_len(text, next).is_some() {
        return true;
    }
    let line = text[line_start..nl].trim();
    if line.ends_with(':') {
        return true;
    }
    let first = text[next..].chars().next().unwrap_or(' ');
    let starts_new = first.is_uppercase() || first == '[' || first.is_ascii_digit();
    starts_new && line.len() < MAX_HEADING_BYTES && !line.ends_with(',') && !line.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old character walk, the reference the byte walk must equal.
    fn word_before_reference(text: &str, i: usize) -> &str {
        let (word, _) = word_before_chars(text, i);
        if word.bytes().any(|c| c.is_ascii_digit()) {
            ""
        } else {
            word
        }
    }

    #[test]
    fn word_before_walks_bytes_as_the_characters_would() {
        for t in [
            "t.ex.",
            "även.",
            "Åsa.",
            "x×ä.",
            "a÷ö.",
            "Σωκράτης.",
            "ab٣.",
            "12.",
            "ÉÖ3.",
            "",
        ] {
            let i = t.len().saturating_sub(1);
            let (word, dot) = word_before(t, i);
            assert_eq!(word, word_before_reference(t, i), "{t}");
            assert_eq!(dot, word.contains('.'), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn word_before_equals_the_character_walk(t in "[a-zA-Z0-9åäöÅÄÖéÉ×÷Σω٣ªºµ²¼ａ가\u{301}. ]{0,12}") {
            for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let (word, dot) = word_before(&t, i);
                proptest::prop_assert_eq!(word, word_before_reference(&t, i));
                proptest::prop_assert_eq!(dot, word.contains('.'));
            }
        }
    }

    // The character versions of `terminator_run` and `ends_here`, which the byte versions
    // must equal.
    fn terminator_run_chars(text: &str, i: usize, quote: &mut Option<usize>) -> usize {
        // Run of terminators: "?!", "...", "…".
        let mut j = i;
        while let Some(c) = text[j..].chars().next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                break;
            }
            j += c.len_utf8();
        }
        // Closing quotes and brackets belong to the sentence that ends here.
        while let Some(c) = text[j..].chars().next() {
            if c == ')' || c == ']' {
                j += 1;
            } else if is_quote(c) && c != '\'' {
                if quote.is_some() {
                    *quote = None;
                }
                j += c.len_utf8();
            } else {
                break;
            }
        }
        j
    }
    fn ends_here_chars(text: &str, i: usize, j: usize, quote: &mut Option<usize>) -> bool {
        let b = text.as_bytes();
        if j < b.len() && !b[j].is_ascii_whitespace() {
            return false; // inside a word or number: "t.ex", "5.3", "14.30"
        }
        if let Some(q) = *quote {
            if i - q <= MAX_QUOTE_BYTES {
                return false; // a full stop inside a quotation
            }
            *quote = None;
        }
        let Some(next) = text[j..].trim_start().chars().next() else {
            return true;
        };
        let single_dot = b[i] == b'.' && b.get(i + 1) != Some(&b'.');
        if single_dot {
            let (word, has_dot) = word_before(text, i);
            match abbrev::classify_known(word, has_dot) {
                Abbrev::Inner => return false,
                Abbrev::Terminal => return next.is_uppercase() || next == '[',
                Abbrev::No => {}
            }
        }
        !next.is_lowercase()
    }

    proptest::proptest! {
        #[test]
        fn terminator_bytes_equal_the_character_walk(
            t in "[a-zA-Z0-9åÅ .!?…\"”“„»«‛‟‘’‹›')\\]\u{a0}\u{b}\u{c}\r\n\u{85}\u{2028}\u{3000}\\[]{0,16}",
            open in proptest::option::of(0usize..600),
        ) {
            for i in (0..t.len()).filter(|&i| t.is_char_boundary(i)) {
                let c = t[i..].chars().next().unwrap_or(' ');
                if !matches!(c, '.' | '!' | '?' | '…') {
                    continue;
                }
                let quote: Option<usize> = open.map(|o: usize| i.saturating_sub(o));
                let (mut qa, mut qb) = (quote, quote);
                let (ja, jb) = (terminator_run(&t, i, &mut qa), terminator_run_chars(&t, i, &mut qb));
                proptest::prop_assert_eq!(ja, jb);
                proptest::prop_assert_eq!(qa, qb);
                let (ea, eb) = (ends_here(&t, i, ja, &mut qa), ends_here_chars(&t, i, jb, &mut qb));
                proptest::prop_assert_eq!(ea, eb, "{:?} at {}", t, i);
                proptest::prop_assert_eq!(qa, qb);
            }
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn plain_full_stops_question_and_exclamation() {
        assert_eq!(
            split("Hon kom. Han gick! Varför? Det vet ingen."),
            ["Hon kom.", "Han gick!", "Varför?", "Det vet ingen."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "Hon har t.ex. sökt jobb, bl.a. på lager m.m. och ca tio ansökningar. \
                    Mötet hölls kl. 14.30 enl. planen, dvs. i tid. Han är s.k. familjehem \
                    fr.o.m. maj t.o.m. juli, jfr. kap. 4 och nr. 5. Beslut p.g.a. ansökan, \
                    pga. skulder, ang. hyran, resp. elen. Hon är f.d. sambo d.v.s. ex. Klart.";
        assert_eq!(
            split(text),
            [
                "Hon har t.ex. sökt jobb, bl.a. på lager m.m. och ca tio ansökningar.",
                "Mötet hölls kl. 14.30 enl. planen, dvs. i tid.",
                "Han är s.k. familjehem fr.o.m. maj t.o.m. juli, jfr. kap. 4 och nr. 5.",
                "Beslut p.g.a. ansökan, pga. skulder, ang. hyran, resp. elen.",
                "Hon är f.d. sambo d.v.s. ex.",
                "Klart."
            ]
        );
    }

    #[test]
    fn terminal_abbreviations_end_before_a_capital() {
        assert_eq!(
            split(
                "Hon behöver kläder, mat m.m. Hon har sökt. Det kostar 450 kr. Hyran osv. är betald."
            ),
            [
                "Hon behöver kläder, mat m.m.",
                "Hon har sökt.",
                "Det kostar 450 kr.",
                "Hyran osv. är betald."
            ]
        );
    }

    #[test]
    fn law_references_initials_numbers_and_dates() {
        assert_eq!(
            split(
                "Enligt 4 kap. 1 § SoL ska nämnden pröva. Handläggare A. B. ringde 5/3. Beloppet är 5.3 procent."
            ),
            [
                "Enligt 4 kap. 1 § SoL ska nämnden pröva.",
                "Handläggare A. B. ringde 5/3.",
                "Beloppet är 5.3 procent."
            ]
        );
    }

    #[test]
    fn quotes_keep_their_inner_stops_and_end_after_the_closing_mark() {
        assert_eq!(
            split(
                "Hon säger: ”Jag orkar inte. Jag vill hem.” Hon gråter. ”Nej!” sa han. Han sa \"det är slut.\" Sedan gick han. Det var »bra.« Klart."
            ),
            [
                "Hon säger: ”Jag orkar inte. Jag vill hem.”",
                "Hon gråter.",
                "”Nej!” sa han.",
                "Han sa \"det är slut.\"",
                "Sedan gick han.",
                "Det var »bra.«",
                "Klart."
            ]
        );
    }

    #[test]
    fn an_unbalanced_quote_does_not_swallow_the_text() {
        let long = "Hon säger ”att allt är bra. ".to_string() + &"Det är lugnt hemma. ".repeat(30);
        let got = split(&long);
        assert!(got.len() >= 10, "{got:?}");
        assert!(got[0].len() <= MAX_QUOTE_BYTES + 40, "{got:?}");
    }

    #[test]
    fn lists_and_line_breaks() {
        let text = "Planering:\n- Kontakta skolan\n- Boka möte med [NAMN]\n1. Hon ska söka jobb\n2) Han ska betala\n\nBedömning\nHon har\nsökt tio jobb. Hon har därför tagit kontakt med flera i nätverket, bland annat\n[NAMN] som hjälper henne";
        assert_eq!(
            split(text),
            [
                "Planering:",
                "Kontakta skolan",
                "Boka möte med [NAMN]",
                "Hon ska söka jobb",
                "Han ska betala",
                "Bedömning",
                "Hon har\nsökt tio jobb.",
                "Hon har därför tagit kontakt med flera i nätverket, bland annat\n[NAMN] som hjälper henne"
            ]
        );
    }

    #[test]
    fn a_blank_line_always_ends_a_sentence() {
        assert_eq!(
            split("Hon har sökt t.ex.\n\nlager och kök"),
            ["Hon har sökt t.ex.", "lager och kök"]
        );
    }

    #[test]
    fn placeholders_and_lowercase_after_stop() {
        assert_eq!(
            split("Samtal med [NAMN]. [ORT] är hemorten. Kl. 9 kom hon. ev. senare"),
            [
                "Samtal med [NAMN].",
                "[ORT] är hemorten.",
                "Kl. 9 kom hon. ev. senare"
            ]
        );
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n\t ").is_empty());
        assert_eq!(split("  Ett ord  "), ["Ett ord"]);
    }
}
