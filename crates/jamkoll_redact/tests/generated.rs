//! Generated identifiers in every format and many surroundings: the gate must cover each one.
//! A small deterministic generator (no extra dependency), so a failure is reproducible; the
//! failure message gives the iteration and the format, never the value.

use jamkoll_redact::{Gate, IdentifierKind};

mod common;
use common::{days_in, luhn};

/// xorshift64*: deterministic and good enough to pick formats and digits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

/// A valid personnummer (or samordningsnummer) in the format numbered `fmt` (0..5).
fn number(rng: &mut Rng, samordning: bool, fmt: u64) -> String {
    let year = 1900 + rng.below(125) as u32;
    let month = 1 + rng.below(12) as u32;
    let day =
        1 + rng.below(u64::from(days_in(year, month))) as u32 + if samordning { 60 } else { 0 };
    let nine = format!("{:02}{month:02}{day:02}{:03}", year % 100, rng.below(1000));
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
}

fn phone(rng: &mut Rng) -> (String, u64) {
    let mobile = rng.pick(&["70", "72", "73", "76", "79"]).to_owned();
    // A subscriber number never starts with 0 (that would be a trunk or international prefix).
    let a = format!("{}{}", 1 + rng.below(9), rng.digits(2));
    let (b, c) = (rng.digits(2), rng.digits(2));
    let form = rng.below(12);
    let s = match form {
        0 => format!("0{mobile}-{a} {b} {c}"),
        1 => format!("0{mobile}{a}{b}{c}"),
        2 => format!("0{mobile} {a} {b} {c}"),
        3 => format!("+46 {mobile} {a} {b} {c}"),
        4 => format!("+46{mobile}{a}{b}{c}"),
        5 => format!("0046 {mobile} {a} {b} {c}"),
        6 => format!("+46 (0){mobile} {a} {b} {c}"),
        7 => format!("08-{a} {} {b}", rng.digits(3)),
        8 => format!("031-{b} {c} {}", rng.digits(2)),
        9 => format!("0910-{a} {b}"),
        10 => format!("(08) {a} {b} {c}"),
        _ => format!("0{mobile}-{a}{b}{c}"),
    };
    (s, form)
}

const BEFORE: &[&str] = &[
    "",
    " ",
    "Pnr ",
    "pnr: ",
    "(",
    "\"",
    "«",
    "\n",
    "Klienten, ",
    "Hon uppger ",
    "– ",
    "Å ",
    "nummer\t",
    "[",
    "tel. ",
    "Sökande: ",
];
const AFTER: &[&str] = &[
    "",
    ".",
    ",",
    ")",
    "\"",
    "»",
    "\n",
    " och",
    " är fel.",
    ";",
    ":",
    "!",
    "?",
    " Å",
    "]",
    " .",
];

#[test]
fn every_generated_identifier_is_covered() {
    let gate = Gate::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for iteration in 0..5000 {
        let (value, kind, what) = match rng.below(4) {
            0 => {
                let fmt = rng.below(5);
                (
                    number(&mut rng, false, fmt),
                    IdentifierKind::Personnummer,
                    format!("pnr format {fmt}"),
                )
            }
            1 => {
                let fmt = rng.below(5);
                (
                    number(&mut rng, true, fmt),
                    IdentifierKind::Samordningsnummer,
                    format!("samordning format {fmt}"),
                )
            }
            2 => {
                let (s, form) = phone(&mut rng);
                (s, IdentifierKind::Telefon, format!("phone form {form}"))
            }
            _ => {
                let local = rng.pick(&["anna", "erik.berg", "åsa_ö", "x+y", "k-9"]);
                let domain = rng.pick(&["example.se", "kommun.example.se", "växjö.example"]);
                (
                    format!("{local}{}@{domain}", rng.digits(2)),
                    IdentifierKind::Epost,
                    "e-mail".to_owned(),
                )
            }
        };
        let before = rng.pick(BEFORE);
        let after = rng.pick(AFTER);
        let text = format!("{before}{value}{after}");
        let start = before.len();
        let end = start + value.len();
        let hits = gate.scan(&text);
        // A ten-digit mobile number can also be a valid personnummer or samordningsnummer
        // ("0701234567": 7 January 2007): either kind covers it, and both are identifiers.
        let same_kind = |k: IdentifierKind| {
            k == kind
                || kind == IdentifierKind::Telefon
                    && matches!(
                        k,
                        IdentifierKind::Personnummer | IdentifierKind::Samordningsnummer
                    )
        };
        let covered = hits
            .iter()
            .any(|h| same_kind(h.kind) && h.span.start <= start && h.span.end >= end);
        assert!(
            covered,
            "iteration {iteration}: {what} between {before:?} and {after:?} not covered; hits {hits:?}"
        );
        let redacted = gate.redact(&text).text;
        assert!(
            !redacted.contains(&value),
            "iteration {iteration}: {what} survives redaction"
        );
    }
}

/// Pieces that random texts are built from: digits, separators, capitals, multi-byte letters,
/// street words, names, placeholders and stray punctuation, so the scanners' edges get hit.
const PIECES: &[&str] = &[
    "0",
    "1",
    "7",
    "9",
    "46",
    "+",
    "(",
    ")",
    "-",
    " ",
    "  ",
    ".",
    ",",
    ":",
    "@",
    "/",
    "§",
    "\n",
    "Å",
    "å",
    "Ö",
    "ö",
    "É",
    "ß",
    "€",
    "–",
    "\u{a0}",
    "💡",
    "a",
    "Storgatan",
    "väg",
    "Norra",
    "Allén",
    "lgh",
    "Anna",
    "Hans",
    "Svensson",
    "sambon",
    "berättar",
    "[NAMN]",
    "kr",
    "Umeå",
    "se",
    "example",
    "x",
    "B",
    "12",
    "123",
    "45",
    "0701234567",
    "811228",
    "9874",
    "19",
];

#[test]
fn random_text_never_panics_and_hits_are_well_formed() {
    let gate = Gate::new();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let n = 1 + rng.below(24) as usize;
        let text: String = (0..n).map(|_| rng.pick(PIECES)).collect();
        let hits = gate.scan(&text);
        let mut last_end = 0;
        for h in &hits {
            assert!(h.span.start >= last_end && h.span.start < h.span.end);
            assert!(h.span.end <= text.len());
            assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
            last_end = h.span.end;
        }
        let redacted = gate.redact(&text);
        assert_eq!(redacted.hits, hits);
        assert_eq!(gate.redact_cow(&text), redacted.text);
        // Redacted text holds no certain identifier. (A likely name may appear or vanish: a
        // placeholder changes the context that names are judged by.)
        let again: Vec<_> = gate
            .scan(&redacted.text)
            .into_iter()
            .filter(|h| h.certainty == jamkoll_redact::Certainty::Certain)
            .collect();
        assert!(
            again.is_empty(),
            "{text:?} → {:?}: {again:?}",
            redacted.text
        );
    }
}
