//! Sentences, tokens, clauses and word counts on generated text with every awkward character
//! the splitters look at: no panic, and spans that are ordered, in bounds and on character
//! boundaries.

use jamkoll_text::{Span, clauses, normalize, sentences, tokens, word_count};

/// Pieces the generator strings together.
const PIECES: &[&str] = &[
    "Hon",
    "han",
    "är",
    "ÅSA",
    "t.ex.",
    "kap.",
    "4",
    "§",
    ".",
    ". ",
    "! ",
    "? ",
    "…",
    "...",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "”",
    "\"",
    "»",
    "«",
    "“",
    "'",
    "’",
    "[NAMN]",
    "[NAMN_1]",
    "[",
    "]",
    "(",
    ")",
    ",",
    ";",
    ":",
    "- ",
    "• ",
    "1. ",
    "2) ",
    "a) ",
    "barn-",
    "e-post",
    "5/3",
    "14.30",
    "200:-",
    "m.m.",
    "A.",
    "Σ",
    "\u{00A0}",
    "\u{3000}",
    "a\u{030A}",
    "é",
    "×",
    "😀",
    "\r\n",
    "att",
    "men",
    "och",
    "eftersom",
    "trots",
    ", som",
    "SoL:s",
    "-",
    ":-",
    "—",
];

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
}

#[test]
fn generated_text_never_breaks_the_splitters() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let n = rng.next() % 40;
        let raw: String = (0..n).map(|_| PIECES[rng.next() % PIECES.len()]).collect();
        let text = normalize(&raw);
        let text = text.as_ref();
        let mut last_end = 0;
        for s in sentences(text) {
            assert!(
                s.start >= last_end && s.start < s.end && s.end <= text.len(),
                "{raw:?}"
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{raw:?}"
            );
            last_end = s.end;
            let toks = tokens(text, s);
            let mut prev = s.start;
            for t in &toks {
                assert!(t.span.start >= prev && t.span.end <= s.end, "{raw:?}");
                assert_eq!(&text[t.span.start..t.span.end], t.text, "{raw:?}");
                prev = t.span.end;
            }
            let cl = clauses(&toks);
            let covered: usize = cl.iter().map(|r| r.len()).sum();
            assert_eq!(covered, toks.len(), "{raw:?}");
        }
        assert!(word_count(text) <= text.len());
        // Arbitrary spans, even off character boundaries, do not panic.
        let a = rng.next() % (text.len() + 2);
        let b = rng.next() % (text.len() + 2);
        let _ = tokens(text, Span::new(a, b));
    }
}
