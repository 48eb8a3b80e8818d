//! Property tests of the gate (proptest, with shrinking), beside the deterministic generator
//! in `generated.rs`: there the surroundings come from a fixed list, here they are arbitrary
//! Unicode text on either side of a word boundary. Properties:
//!
//! 1. A valid personnummer, samordningsnummer, phone number or e-mail address, in any format
//!    the generator knows, is covered byte for byte by the gate's hits and is gone after
//!    redaction, whatever text surrounds it.
//! 2. `scan` and `redact` never panic, on any string, and hits are sorted, in bounds, on
//!    character boundaries and non-overlapping.
//!
//! A failure prints the shrunk input: these are generated numbers, not real people.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::sync::OnceLock;

use jamkoll_redact::Gate;
use proptest::prelude::*;

mod common;
use common::{days_in, luhn};

fn gate() -> &'static Gate {
    static GATE: OnceLock<Gate> = OnceLock::new();
    GATE.get_or_init(Gate::new)
}

/// A valid personnummer (or samordningsnummer, day + 60) in one of five formats.
fn national_number() -> impl Strategy<Value = String> {
    (
        1900u32..2025,
        1u32..=12,
        0u32..31,
        0u32..1000,
        any::<bool>(),
        0u8..5,
    )
        .prop_map(|(year, month, day, serial, samordning, fmt)| {
            let day = 1 + day % days_in(year, month) + if samordning { 60 } else { 0 };
            let nine = format!("{:02}{month:02}{day:02}{serial:03}", year % 100);
            let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').collect();
            let ten = format!("{nine}{}", luhn(&digits));
            let century = year / 100;
            match fmt {
                0 => format!("{}-{}", &ten[..6], &ten[6..]),
                1 => format!("{}+{}", &ten[..6], &ten[6..]),
                2 => ten,
                3 => format!("{century}{}-{}", &ten[..6], &ten[6..]),
                _ => format!("{century}{ten}"),
            }
        })
}

/// A Swedish mobile or landline number in the formats people write.
fn phone() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["70", "72", "73", "76", "79"]),
        1u32..10,
        0u32..100,
        0u32..100,
        0u32..100,
        0u8..10,
    )
        .prop_map(|(mobile, a0, a1, b, c, form)| {
            let a = format!("{a0}{a1:02}");
            match form {
                0 => format!("0{mobile}-{a} {b:02} {c:02}"),
                1 => format!("0{mobile}{a}{b:02}{c:02}"),
                2 => format!("0{mobile} {a} {b:02} {c:02}"),
                3 => format!("+46 {mobile} {a} {b:02} {c:02}"),
                4 => format!("+46{mobile}{a}{b:02}{c:02}"),
                5 => format!("0046 {mobile} {a} {b:02} {c:02}"),
                6 => format!("+46 (0){mobile} {a} {b:02} {c:02}"),
                7 => format!("08-{a} {c:03} {b:02}"),
                8 => format!("031-{b:02} {c:02} {a1:02}"),
                _ => format!("0{mobile}-{a}{b:02}{c:02}"),
            }
        })
}

/// An e-mail address with a Swedish-looking local part and domain.
fn email() -> impl Strategy<Value = String> {
    (
        "[a-zåäö][a-zåäö0-9]{0,8}([._+-][a-z0-9]{1,6})?",
        "[a-z][a-z0-9-]{0,10}[a-z0-9]",
        prop::sample::select(vec!["se", "com", "nu", "org", "example.se"]),
    )
        .prop_map(|(local, domain, tld)| format!("{local}@{domain}.{tld}"))
}

fn identifier() -> impl Strategy<Value = String> {
    prop_oneof![national_number(), phone(), email()]
}

/// A character that ends a word: what text next to an identifier is separated by.
fn boundary() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ", "\n", "\t", "\r\n", "\u{a0}", " (", ") ", ", ", ": ", "; ", " \"", "\" ", " «", "» ",
        " – ", " [", "] ", "\n- ",
    ])
}

/// Arbitrary text: printable Unicode, Swedish words and punctuation, or digits.
fn surrounding() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "\\PC{0,30}",
        "[A-Za-zÅÄÖåäö ,.]{0,40}",
        "(Hon|Han|Sökande|Pnr|tel\\.|nr|mobil|ring|e-post)",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_valid_identifier_is_never_let_through(
        before in surrounding(),
        left in boundary(),
        value in identifier(),
        right in boundary(),
        after in surrounding(),
    ) {
        let text = format!("{before}{left}{value}{right}{after}");
        let start = before.len() + left.len();
        let end = start + value.len();
        let hits = gate().scan(&text);
        let uncovered = (start..end).find(|i| {
            text.is_char_boundary(*i)
                && !text[*i..].starts_with(char::is_whitespace)
                && !hits.iter().any(|h| h.span.start <= *i && *i < h.span.end)
        });
        prop_assert!(uncovered.is_none(), "byte {:?} of {:?} not covered in {:?}; hits {:?}", uncovered, value, text, hits);
        let redacted = gate().redact(&text).text;
        prop_assert!(!redacted.contains(value.as_str()), "{:?} survives redaction: {:?}", value, redacted);
    }

    #[test]
    fn scan_never_panics_and_hits_are_well_formed(text in "\\PC{0,200}|[0-9 +()@.\\-åäöa-z\n]{0,120}") {
        let hits = gate().scan(&text);
        let mut last_end = 0;
        for h in &hits {
            prop_assert!(h.span.start < h.span.end && h.span.end <= text.len());
            prop_assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
            prop_assert!(h.span.start >= last_end, "overlap or disorder: {:?}", hits);
            last_end = h.span.end;
        }
        let _ = gate().redact(&text);
    }
}
