//! Property tests of the sentence splitter and tokenizer (proptest, with shrinking), beside the
//! deterministic generator in `robustness.rs`: on any string, no panic, and sentence and token
//! spans are in bounds, on character boundaries, non-empty, trimmed and in order.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use jamkoll_text::{Span, normalize, sentences, tokens, word_count};
use proptest::prelude::*;

/// Text built from the characters the splitters decide on, or arbitrary Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,300}",
        "\\PC{0,40}(\\n|\\r\\n|\\u{2028}|\\u{85})\\PC{0,40}",
        prop::collection::vec(
            prop::sample::select(vec![
                "Hon", "han", "ÅSA", "t.ex.", "kap.", "m.m.", "4", "§", ".", ". ", "! ", "? ", "…",
                "...", "\n", "\n\n", " ", "\t", "”", "\"", "»", "«", "(", ")", "[NAMN]", "[", "]",
                "- ", "• ", "1. ", "a) ", ":", "\u{a0}", "\u{200b}", "é", "e\u{301}", "💡", "\r",
                "\u{feff}",
            ]),
            0..80,
        )
        .prop_map(|v| v.concat()),
    ]
}

fn check_spans(text: &str, spans: &[Span], what: &str) -> Result<(), TestCaseError> {
    let mut last = 0;
    for s in spans {
        prop_assert!(
            s.start <= s.end && s.end <= text.len(),
            "{what} {s:?} out of bounds"
        );
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{what} {s:?} off a character boundary"
        );
        prop_assert!(s.start >= last, "{what} {s:?} out of order");
        last = s.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn sentences_and_tokens_are_well_formed(text in text()) {
        let spans = sentences(&text);
        check_spans(&text, &spans, "sentence")?;
        for s in &spans {
            let slice = &text[s.start..s.end];
            prop_assert!(!slice.is_empty(), "empty sentence {s:?}");
            // Trimmed of ASCII white space. Unicode white space (U+2028, U+00A0 …) is not
            // trimmed today: a sentence of only U+2028 is possible (harmless: no tokens).
            let ascii_ws = |c: char| c.is_ascii_whitespace();
            prop_assert_eq!(slice.trim_matches(ascii_ws), slice, "untrimmed sentence");
            let toks = tokens(&text, *s);
            let token_spans: Vec<Span> = toks.iter().map(|t| t.span).collect();
            check_spans(&text, &token_spans, "token")?;
            for t in &toks {
                prop_assert!(t.span.start >= s.start && t.span.end <= s.end, "token outside its sentence");
            }
        }
        let _ = word_count(&text);
        let _ = normalize(&text);
    }

    #[test]
    fn tokens_of_any_span_never_panic(text in text(), a in 0usize..400, b in 0usize..400) {
        let _ = tokens(&text, Span::new(a.min(b), a.max(b)));
    }
}
