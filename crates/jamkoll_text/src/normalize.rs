//! Normalisation applied once, at ingest, before anything is stored or indexed.
//!
//! Ingest should store the *normalised* text and compute every offset (findings, sentences,
//! excerpts) against it; the original bytes are not kept. That keeps the offset story simple:
//! there is one text and one coordinate system. The changes are all small and local, so the
//! normalised text reads the same as the original.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Normalises a document's text for indexing and rule matching.
///
/// - Unicode NFC, so that "å" typed as `a` + combining ring matches the lexicon's "å".
/// - Typographic apostrophes (’ ‘ ʼ ´ `) become `'`; quotation marks (” “ » « ") are kept, since
///   the rules read them (a quoted word can be a sign of doubt).
/// - No-break, narrow, thin and figure spaces become a plain space.
/// - Zero-width spaces, soft hyphens and byte-order marks are removed.
/// - `\r\n` and a lone `\r` become `\n`.
///
/// Returns the input unchanged (borrowed) when nothing needs changing, the common case.
///
/// ```
/// use jamkoll_text::normalize;
/// assert_eq!(normalize("A\u{030A}r\u{00A0}2024 – hon’s"), "År 2024 – hon's");
/// assert!(matches!(normalize("redan normal"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn normalize(text: &str) -> Cow<'_, str> {
    let needs_nfc = is_nfc_quick(text.chars()) != IsNormalized::Yes;
    if !needs_nfc && !text.chars().any(needs_mapping) {
        return Cow::Borrowed(text);
    }
    let nfc: Cow<'_, str> = if needs_nfc {
        Cow::Owned(text.nfc().collect())
    } else {
        Cow::Borrowed(text)
    };
    let mut out = String::with_capacity(nfc.len());
    let mut chars = nfc.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' => out.push('\''),
            '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' => out.push(' '),
            '\u{200B}' | '\u{00AD}' | '\u{FEFF}' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is changed by [`normalize`] apart from NFC.
fn needs_mapping(c: char) -> bool {
    matches!(
        c,
        '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{00B4}'
            | '`'
            | '\u{00A0}'
            | '\u{202F}'
            | '\u{2007}'
            | '\u{2009}'
            | '\u{200B}'
            | '\u{00AD}'
            | '\u{FEFF}'
            | '\r'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_decomposed_swedish_letters() {
        let decomposed = "ma\u{0308}n o\u{0308}ver a\u{030A}r";
        assert_eq!(normalize(decomposed), "män över år");
    }

    #[test]
    fn maps_spaces_apostrophes_and_line_ends() {
        assert_eq!(
            normalize("12\u{00A0}450\u{202F}kr\r\nSoL\u{2019}s\rslut\u{00AD}"),
            "12 450 kr\nSoL's\nslut"
        );
    }

    #[test]
    fn keeps_quotation_marks() {
        assert_eq!(normalize("hon sa ”nej” och »ja«"), "hon sa ”nej” och »ja«");
    }

    #[test]
    fn borrows_clean_text() {
        assert!(matches!(normalize("Hon är här."), Cow::Borrowed(_)));
    }
}
