//! Tokens with byte offsets.
//!
//! A token is a word, a number, a placeholder, a punctuation mark or a quotation mark. Words
//! keep their inner hyphens ("e-post", "barn-och"), a hyphen that elides a shared head
//! ("barn- och ungdomsnämnden" gives "barn-"), inner colons of genitives ("SoL:s"), inner
//! apostrophes and inner dots of abbreviations ("t.ex."; the final dot of a known abbreviation
//! belongs to the word). Numbers keep inner `.`, `,`, `:`, `/` and `-` between digits ("5.3",
//! "14.30", "5/3", "2024-03-05"); a number running into letters is a word ("20-årig", "1970-talet").
//! Placeholders from pseudonymisation (`[NAMN]`, `[NAMN_1]`, `[ORT]`) are one token.
//!
//! Lower-casing borrows from the text when the token has no capital letter, so a typical
//! sentence allocates only its token vector; use [`tokens_into`] to reuse that as well.

use std::borrow::Cow;

use jamkoll_core::Span;

use crate::abbrev;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (with inner hyphens, colons, apostrophes or abbreviation dots), or a number
    /// running into letters.
    Word,
    /// Digits with inner separators.
    Number,
    /// A pseudonymisation placeholder such as `[NAMN]` or `[NAMN_1]`.
    Placeholder,
    /// Any other non-space character, one per token (`,` `;` `:` `.` `§` `(` …).
    Punct,
    /// A quotation mark: `”` `“` `„` `"` `»` `«` or a free-standing `'`.
    Quote,
}

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'t> {
    /// Byte offsets into the document text.
    pub span: Span,
    /// What the token is.
    pub kind: TokenKind,
    /// The token as written.
    pub text: &'t str,
    /// The token lower-cased (å, ä, ö stay themselves); borrowed when already lower case.
    pub lower: Cow<'t, str>,
}

impl Token<'_> {
    /// Whether the token counts as a word for [`word_count`] and for pattern gaps: a word, a
    /// number or a placeholder.
    pub fn is_wordlike(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Word | TokenKind::Number | TokenKind::Placeholder
        )
    }
}

/// The tokens of `span` in `text` (usually one sentence); offsets are into `text`.
///
/// ```
/// use jamkoll_text::{tokens, Span, TokenKind};
/// let text = "Mamman, [NAMN_1], påstår ”att” hon är 20-årig.";
/// let t = tokens(text, Span::new(0, text.len()));
/// let lower: Vec<&str> = t.iter().map(|t| t.lower.as_ref()).collect();
/// assert_eq!(lower, ["mamman", ",", "[namn_1]", ",", "påstår", "”", "att", "”", "hon", "är", "20-årig", "."]);
/// assert_eq!(t[2].kind, TokenKind::Placeholder);
/// assert_eq!(&text[t[4].span.start..t[4].span.end], "påstår");
/// ```
pub fn tokens(text: &str, span: Span) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity((span.end.saturating_sub(span.start)) / 5 + 1);
    tokens_into(text, span, &mut out);
    out
}

/// Like [`tokens`], but clears and fills `out`, so a loop over sentences reuses one vector.
pub fn tokens_into<'t>(text: &'t str, span: Span, out: &mut Vec<Token<'t>>) {
    out.clear();
    // A span off a character boundary (a caller's arithmetic slip) shrinks to the characters
    // inside it rather than panicking.
    let mut end = span.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut i = span.start.min(end);
    while !text.is_char_boundary(i) {
        i += 1;
    }
    while let Some((start, stop, kind)) = next_token(text, i, end) {
        let slice = &text[start..stop];
        out.push(Token {
            span: Span::new(start, stop),
            kind,
            text: slice,
            lower: lower(slice),
        });
        i = stop;
    }
}

/// Number of words in `text` after pseudonymisation: words, numbers and placeholders (a
/// placeholder such as `[NAMN]` is one word, however long the name it replaced). Punctuation
/// does not count. Does not allocate.
///
/// ```
/// assert_eq!(jamkoll_text::word_count("[NAMN] har sökt 3 jobb, t.ex. på [ORT]."), 8);
/// ```
pub fn word_count(text: &str) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some((_, stop, kind)) = next_token(text, i, text.len()) {
        if matches!(
            kind,
            TokenKind::Word | TokenKind::Number | TokenKind::Placeholder
        ) {
            n += 1;
        }
        i = stop;
    }
    n
}

/// Lower-cases `s`, borrowing when it has no capital letter.
fn lower(s: &str) -> Cow<'_, str> {
    if has_upper(s) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether `s` has a capital letter. Byte checks for ASCII and the Latin-1 letters (Å Ä Ö É
/// are `C3 80`–`C3 9E` except `×`), the Unicode tables only for other scripts.
fn has_upper(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if c.is_ascii_uppercase() {
                return true;
            }
            i += 1;
        } else if c == 0xC3 && i + 1 < b.len() {
            if (0x80..=0x9E).contains(&b[i + 1]) && b[i + 1] != 0x97 {
                return true;
            }
            i += 2;
        } else {
            return s[i..].chars().any(char::is_uppercase);
        }
    }
    false
}

fn char_at(text: &str, i: usize, end: usize) -> Option<char> {
    if i >= end {
        return None;
    }
    text[i..].chars().next()
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '”' | '“' | '„' | '»' | '«' | '\'')
}

/// The next token at or after `i`, before `end`: `(start, stop, kind)`.
fn next_token(text: &str, mut i: usize, end: usize) -> Option<(usize, usize, TokenKind)> {
    let b = text.as_bytes();
    while i < end && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let mut c = char_at(text, i, end)?;
    while c.is_whitespace() {
        // Non-ASCII whitespace (normalisation maps the usual ones, but be safe).
        i += c.len_utf8();
        c = char_at(text, i, end)?;
    }
    if c == '[' {
        if let Some(stop) = placeholder_end(b, i, end) {
            return Some((i, stop, TokenKind::Placeholder));
        }
    }
    if c.is_alphabetic() {
        return Some((i, word_end(text, i, end), TokenKind::Word));
    }
    if c.is_ascii_digit() {
        let stop = number_end(b, i, end);
        if char_at(text, stop, end).is_some_and(char::is_alphabetic)
            || (b.get(stop) == Some(&b'-')
                && char_at(text, stop + 1, end).is_some_and(char::is_alphabetic))
        {
            return Some((i, word_end(text, stop, end), TokenKind::Word));
        }
        // Swedish amounts: "200:-" and "200:–" are one number ("kr" written as ":-").
        let rest = &text[stop..end];
        for dash in [":-", ":–"] {
            if rest.starts_with(dash)
                && !char_at(text, stop + dash.len(), end).is_some_and(char::is_alphanumeric)
            {
                return Some((i, stop + dash.len(), TokenKind::Number));
            }
        }
        return Some((i, stop, TokenKind::Number));
    }
    let stop = i + c.len_utf8();
    let kind = if is_quote_char(c) {
        TokenKind::Quote
    } else {
        TokenKind::Punct
    };
    Some((i, stop, kind))
}

/// End of `[NAMN]`, `[NAMN_1]`, `[PERSONNUMMER]`: capitals, digits and `_`, at least two.
fn placeholder_end(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut n = 0;
    while j < end {
        match b[j] {
            b'A'..=b'Z' | b'0'..=b'9' | b'_' => {
                j += 1;
                n += 1;
            }
            // Å Ä Ö in UTF-8: C3 85, C3 84, C3 96.
            0xC3 if matches!(b.get(j + 1), Some(0x85 | 0x84 | 0x96)) => {
                j += 2;
                n += 1;
            }
            b']' if n >= 2 && (b[i + 1].is_ascii_uppercase() || b[i + 1] == 0xC3) => {
                return Some(j + 1);
            }
            _ => return None,
        }
    }
    None
}

/// End of a number: digits with single inner separators followed by a digit.
fn number_end(b: &[u8], mut j: usize, end: usize) -> usize {
    while j < end {
        let inner_separator = matches!(b[j], b'.' | b',' | b':' | b'/' | b'-')
            && j + 1 < end
            && b[j + 1].is_ascii_digit();
        if b[j].is_ascii_digit() || inner_separator {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// End of a word starting at `i` (the first character is a letter or digit).
fn word_end(text: &str, i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    let mut inner_dot = false;
    loop {
        // Fast path: ASCII letters and digits, and the Latin-1 letters (å ä ö é ü …) that are
        // two bytes starting with 0xC3 (all letters except × and ÷).
        while j < end {
            let c = b[j];
            if c.is_ascii_alphanumeric() {
                j += 1;
            } else if c == 0xC3 && j + 1 < end && b[j + 1] != 0x97 && b[j + 1] != 0xB7 {
                j += 2;
            } else {
                break;
            }
        }
        let Some(c) = char_at(text, j, end) else {
            break;
        };
        if c.is_alphanumeric() {
            j += c.len_utf8();
            continue;
        }
        let next = char_at(text, j + c.len_utf8(), end);
        match c {
            // Inner hyphen, colon ("SoL:s") or apostrophe: part of the word when a letter or
            // digit follows.
            '-' | ':' | '\'' if next.is_some_and(char::is_alphanumeric) => j += 1,
            // A dot followed by a lower-case letter: an abbreviation or web address ("t.ex").
            '.' if next.is_some_and(char::is_lowercase) => {
                inner_dot = true;
                j += 1;
            }
            // "barn- och": a hyphen that stands for a shared head.
            '-' if next.is_none_or(|n| n.is_whitespace() || n == ',') && j - i >= 2 => {
                return j + 1;
            }
            _ => break,
        }
    }
    // The final dot of an abbreviation belongs to it ("t.ex.", "kap.", "A.").
    if b.get(j) == Some(&b'.') && j < end && (inner_dot || abbrev::takes_dot(&text[i..j])) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokens(text, Span::new(0, text.len()))
            .into_iter()
            .map(|t| (t.text, t.kind))
            .collect()
    }

    use TokenKind::*;

    #[test]
    fn words_with_swedish_letters_and_offsets() {
        let text = "Åsa ÄR över ÖN, é ü.";
        let t = tokens(text, Span::new(0, text.len()));
        let got: Vec<(usize, usize, &str)> = t
            .iter()
            .map(|t| (t.span.start, t.span.end, t.lower.as_ref()))
            .collect();
        assert_eq!(
            got,
            [
                (0, 4, "åsa"),
                (5, 8, "är"),
                (9, 14, "över"),
                (15, 18, "ön"),
                (18, 19, ","),
                (20, 22, "é"),
                (23, 25, "ü"),
                (25, 26, ".")
            ]
        );
        for t in &t {
            assert_eq!(&text[t.span.start..t.span.end], t.text);
        }
    }

    #[test]
    fn capitals_are_found_in_every_script() {
        for (w, upper) in [
            ("hon", false),
            ("Hon", true),
            ("år", false),
            ("År", true),
            ("ÄR", true),
            ("övÉr", true),
            ("×÷", false),
            ("ΣΑ", true),
            ("σα", false),
            ("ŁÓDŹ", true),
        ] {
            assert_eq!(has_upper(w), upper, "{w}");
            assert_eq!(has_upper(w), w.chars().any(char::is_uppercase), "{w}");
        }
    }

    #[test]
    fn lower_borrows_unless_capitals() {
        let text = "hon Hon";
        let t = tokens(text, Span::new(0, text.len()));
        assert!(matches!(t[0].lower, Cow::Borrowed(_)));
        assert!(matches!(t[1].lower, Cow::Owned(_)));
    }

    #[test]
    fn placeholders_are_one_token() {
        assert_eq!(
            toks("[NAMN] och [NAMN_1] i [ORT], [PERSONNUMMER] [x] [ÅÄÖ]"),
            [
                ("[NAMN]", Placeholder),
                ("och", Word),
                ("[NAMN_1]", Placeholder),
                ("i", Word),
                ("[ORT]", Placeholder),
                (",", Punct),
                ("[PERSONNUMMER]", Placeholder),
                ("[", Punct),
                ("x", Word),
                ("]", Punct),
                ("[ÅÄÖ]", Placeholder)
            ]
        );
    }

    #[test]
    fn hyphens_colons_and_abbreviations() {
        assert_eq!(
            toks("barn- och ungdoms-nämnden, e-post, SoL:s t.ex. kap. 4 bl.a"),
            [
                ("barn-", Word),
                ("och", Word),
                ("ungdoms-nämnden", Word),
                (",", Punct),
                ("e-post", Word),
                (",", Punct),
                ("SoL:s", Word),
                ("t.ex.", Word),
                ("kap.", Word),
                ("4", Number),
                ("bl.a", Word)
            ]
        );
    }

    #[test]
    fn numbers_dates_and_times() {
        assert_eq!(
            toks("kl. 14.30 den 5/3, 3,5 timmar, 2024-03-05, 20-årig 1970-talet 12 450 kr."),
            [
                ("kl.", Word),
                ("14.30", Number),
                ("den", Word),
                ("5/3", Number),
                (",", Punct),
                ("3,5", Number),
                ("timmar", Word),
                (",", Punct),
                ("2024-03-05", Number),
                (",", Punct),
                ("20-årig", Word),
                ("1970-talet", Word),
                ("12", Number),
                ("450", Number),
                ("kr.", Word)
            ]
        );
    }

    #[test]
    fn amounts_keep_their_colon_dash() {
        assert_eq!(
            toks("11 200:- och 450:–, kl 10:30: klart"),
            [
                ("11", Number),
                ("200:-", Number),
                ("och", Word),
                ("450:–", Number),
                (",", Punct),
                ("kl", Word),
                ("10:30", Number),
                (":", Punct),
                ("klart", Word)
            ]
        );
    }

    #[test]
    fn quotes_and_punctuation() {
        assert_eq!(
            toks("”nej” \"ja\" »kanske« 'ok' 4 §;"),
            [
                ("”", Quote),
                ("nej", Word),
                ("”", Quote),
                ("\"", Quote),
                ("ja", Word),
                ("\"", Quote),
                ("»", Quote),
                ("kanske", Word),
                ("«", Quote),
                ("'", Quote),
                ("ok", Word),
                ("'", Quote),
                ("4", Number),
                ("§", Punct),
                (";", Punct)
            ]
        );
    }

    #[test]
    fn span_limits_are_respected() {
        let text = "Ett två. Tre fyra.";
        let start = text.find("Tre").unwrap_or_default();
        let t = tokens(text, Span::new(start, text.len()));
        assert_eq!(t[0].text, "Tre");
        assert_eq!(t[0].span.start, start);
        assert_eq!(tokens(text, Span::new(0, 6)).len(), 2);
    }

    #[test]
    fn spans_off_char_boundaries_shrink() {
        let text = "åå ää";
        let t = tokens(text, Span::new(1, text.len() - 1));
        let got: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(got, ["å", "ä"]);
        assert!(tokens(text, Span::new(5, 2)).is_empty());
    }

    #[test]
    fn word_counts() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("[NAMN_1] bor i [ORT]."), 4);
        assert_eq!(word_count("Hon (35) har sökt 3 jobb — inga svar!"), 8);
    }
}
