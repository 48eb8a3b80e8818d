//! Property test of `LemmaTable`'s binary search over lexicon text: on any sorted data (a lemma
//! on several adjacent lines, comment and blank lines anywhere, CRLF line ends, with or without
//! a final newline) it gives the same forms as `Lexicon`, which indexes every line, for lemmas
//! that are there and keys that are not.

use jamkoll_text::{LemmaTable, Lexicon};
use proptest::prelude::*;

/// Short lemmas from a small alphabet, so keys often fall between, before and after them.
fn lemma() -> impl Strategy<Value = String> {
    "[abå]{1,3}"
}

/// Sorted lexicon text: lemmas in byte order, each on one or two lines, with comment and
/// blank lines between them.
fn data() -> impl Strategy<Value = String> {
    (
        prop::collection::btree_set(lemma(), 0..12),
        prop::collection::vec((0u8..4, 1usize..3, "[abå]{1,4}"), 12),
        prop::bool::ANY,
        prop::bool::ANY,
    )
        .prop_map(|(lemmas, extras, crlf, final_newline)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut lines = vec!["# header".to_string()];
            for (lemma, (filler, repeat, form)) in lemmas.iter().zip(extras) {
                match filler {
                    0 => lines.push("# note".to_string()),
                    1 => lines.push(String::new()),
                    _ => {}
                }
                for i in 0..repeat {
                    lines.push(format!("{lemma}: {lemma} {form}{i}"));
                }
            }
            let mut text = lines.join(end);
            if final_newline {
                text.push_str(end);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn lemma_table_agrees_with_the_lexicon(
        data in data(),
        keys in prop::collection::vec(lemma(), 8),
    ) {
        // Leaked: both tables borrow 'static text, as they do from the embedded lexicon.
        let data: &'static str = Box::leak(data.into_boxed_str());
        let overrides = "-a: a\nab: ny\n";
        let lex = Lexicon::from_static(data, overrides);
        prop_assert!(lex.is_ok(), "{data:?}");
        let table = LemmaTable::from_static(data, overrides);
        prop_assert!(table.is_ok(), "{data:?}");
        let (Ok(lex), Ok(table)) = (lex, table) else { return Ok(()) };
        let present = data
            .lines()
            .filter_map(|l| l.split_once(':').map(|(lemma, _)| lemma.to_string()));
        for key in keys.into_iter().chain(present) {
            prop_assert_eq!(table.forms(&key), lex.forms(&key), "{:?} in {:?}", key, data);
        }
    }
}
