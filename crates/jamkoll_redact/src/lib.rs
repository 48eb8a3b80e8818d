//! The identifier gate: finds what identifies a person in Swedish case-note text.
//!
//! One [`Gate`] is built once and shared (`&Gate` across threads). Ingest uses it to refuse or
//! redact records; every command that prints an excerpt passes the excerpt through
//! [`Gate::redact_cow`] first, so an identifier never reaches output.
//!
//! ```
//! use jamkoll_redact::{Gate, IdentifierKind};
//! let gate = Gate::new();
//! let hits = gate.scan("Klienten har personnummer 811228-9874.");
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].kind, IdentifierKind::Personnummer);
//! assert_eq!(gate.redact("Pnr 811228-9874.").text, "Pnr [PERSONNUMMER].");
//! ```
#![deny(missing_docs)]

mod address;
mod chars;
mod email;
mod names;
mod phone;
mod pnr;
mod quote;

use std::borrow::Cow;
use std::fmt;

use jamkoll_core::Span;
use serde::Serialize;

pub use quote::MAX_QUOTED;

/// What kind of identifier a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdentifierKind {
    /// A Swedish personal identity number (10 or 12 digits, valid date, Luhn check digit).
    Personnummer,
    /// A coordination number: a personnummer whose day is increased by 60.
    Samordningsnummer,
    /// A Swedish phone number, mobile or landline.
    Telefon,
    /// An e-mail address.
    Epost,
    /// A street address (street name and number).
    Adress,
    /// A postal code followed by a town.
    Postadress,
    /// A likely personal name.
    Namn,
}

impl IdentifierKind {
    /// The placeholder that replaces a value of this kind in redacted text.
    pub fn placeholder(self) -> &'static str {
        match self {
            IdentifierKind::Personnummer => "[PERSONNUMMER]",
            IdentifierKind::Samordningsnummer => "[SAMORDNINGSNUMMER]",
            IdentifierKind::Telefon => "[TELEFON]",
            IdentifierKind::Epost => "[EPOST]",
            IdentifierKind::Adress | IdentifierKind::Postadress => "[ADRESS]",
            IdentifierKind::Namn => "[NAMN]",
        }
    }

    /// The stable wire name used in reports and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierKind::Personnummer => "personnummer",
            IdentifierKind::Samordningsnummer => "samordningsnummer",
            IdentifierKind::Telefon => "telefon",
            IdentifierKind::Epost => "epost",
            IdentifierKind::Adress => "adress",
            IdentifierKind::Postadress => "postadress",
            IdentifierKind::Namn => "namn",
        }
    }
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure the gate is that a hit identifies a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// The format and its checks leave no doubt (a Luhn-valid personnummer, an e-mail address).
    Certain,
    /// Probably an identifier, but an ordinary word can look the same (most names).
    Likely,
}

/// One identifier found in a text. It holds the kind and the byte offsets, never the value, so
/// a hit can be logged or reported safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Hit {
    /// What kind of identifier it is.
    pub kind: IdentifierKind,
    /// Where it stands in the scanned text (byte offsets).
    pub span: Span,
    /// How sure the gate is.
    pub certainty: Certainty,
}

/// A text with every hit replaced by its kind's placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The redacted text.
    pub text: String,
    /// The hits, with offsets into the original text.
    pub hits: Vec<Hit>,
}

/// The compiled identifier gate. Build it once with [`Gate::new`]; it is `Send + Sync` and
/// meant to be shared by reference across threads.
#[derive(Debug)]
pub struct Gate {
    names: names::Names,
}

impl Default for Gate {
    fn default() -> Self {
        Gate::new()
    }
}

impl Gate {
    /// The full gate, names included.
    pub fn new() -> Gate {
        Gate {
            names: names::Names::new(),
        }
    }

    /// Every identifier in `text`, sorted by start and non-overlapping.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let bytes = text.as_bytes();
        // One pass over the bytes: a table says which bytes can start something, and only
        // those wake a scanner (digit runs: numbers and addresses; capitals: names).
        let mut i = 0;
        let mut stop = 0;
        while i < bytes.len() {
            if i >= stop {
                // Skip whole chunks in which no byte can start anything (a test the compiler
                // vectorises), then go byte by byte through the next chunk.
                let skipped = i;
                while let Some(chunk) = bytes.get(i..i + CHUNK) {
                    if chunk_may_start(chunk) {
                        break;
                    }
                    i += CHUNK;
                }
                // A capital Å Ä Ö É is two bytes; its lead byte 0xC3 may end a skipped chunk.
                if i > skipped && bytes[i - 1] == 0xC3 {
                    i -= 1;
                }
                stop = i + CHUNK;
                if i >= bytes.len() {
                    break;
                }
            }
            let class = CLASS[usize::from(bytes[i])];
            if class == 0 {
                i += 1;
                continue;
            }
            let mut next = i + 1;
            if class == DIGIT {
                let run_end = chars::digits_end(bytes, i);
                next = run_end;
                if i == 0 || !bytes[i - 1].is_ascii_digit() {
                    let found = [
                        pnr::at(bytes, i, run_end),
                        if bytes[i] == b'0' {
                            phone::at(text, i)
                        } else {
                            None
                        },
                        address::at(text, i, run_end),
                    ];
                    for hit in found.into_iter().flatten() {
                        next = next.max(hit.span.end);
                        hits.push(hit);
                    }
                }
            } else if class == PHONE {
                if let Some(hit) = phone::at(text, i) {
                    next = hit.span.end;
                    hits.push(hit);
                }
            } else if class == CAPITAL
                && (bytes[i] != 0xC3
                    || bytes
                        .get(i + 1)
                        .is_some_and(|&n| (0x80..=0x9E).contains(&n)))
            {
                let (hit, after) = self.names.at(text, i);
                next = after;
                hits.extend(hit);
            }
            i = next;
        }
        if bytes.contains(&b'@') {
            email::scan(text, &mut hits);
        }
        if hits.is_empty() {
            return hits;
        }
        resolve_overlaps(hits)
    }

    /// `text` with every hit replaced by its placeholder.
    pub fn redact(&self, text: &str) -> Redacted {
        let hits = self.scan(text);
        let text = apply_placeholders(text, &hits).into_owned();
        Redacted { text, hits }
    }

    /// `text` with every hit replaced by its placeholder, borrowed when there is nothing to
    /// replace (the common case, so excerpts cost no allocation).
    pub fn redact_cow<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let hits = self.scan(text);
        apply_placeholders(text, &hits)
    }

    /// Whether a likely name the gate found in `text` reads as a person by itself: a first
    /// name followed by a surname ("Anna Svensson"), or a name right after a role or title
    /// ("Handläggare Anna", "socialsekreterare Berg"). A lone capitalised word that is on the
    /// name lists ("Viktoria", "Holmsund") is not: in a label such as a unit name it is far
    /// more often a place. Every other kind of hit reads as a person.
    ///
    /// ```
    /// let gate = jamkoll_redact::Gate::new();
    /// let person = |text: &str| {
    ///     gate.scan(text).iter().any(|hit| gate.reads_as_person(text, hit))
    /// };
    /// assert!(person("Handläggare Anna Svensson"));
    /// assert!(person("Socialsekreterare Berg"));
    /// assert!(!person("Familjefrid Väst"));
    /// ```
    pub fn reads_as_person(&self, text: &str, hit: &Hit) -> bool {
        if hit.kind != IdentifierKind::Namn {
            return true;
        }
        let name = text.get(hit.span.start..hit.span.end).unwrap_or("");
        name.contains(char::is_whitespace) || self.names.role_before(text, hit.span.start)
    }

    /// A file path as messages may show it: every identifier the gate is certain of
    /// (personnummer, samordningsnummer, phone, e-mail, address) replaced by its placeholder.
    ///
    /// The path is scanned as it is and with separators, dots and underscores read as spaces
    /// (same byte offsets), so `a/811228-9874.toml` reads as a number between word boundaries
    /// and `anna.berg@example.se.jsonl` still as an e-mail address. Likely names are left:
    /// folder names such as units and places would be mangled, and a path is the user's own
    /// choice on the command line.
    ///
    /// ```
    /// let gate = jamkoll_redact::Gate::new();
    /// assert_eq!(gate.redact_path("rr/811228-9874.toml"), "rr/[PERSONNUMMER].toml");
    /// assert_eq!(gate.redact_path("in/anna.berg@example.se.csv"), "in/[EPOST]");
    /// assert_eq!(gate.redact_path("Anna/Norr.jsonl"), "Anna/Norr.jsonl");
    /// ```
    pub fn redact_path<'a>(&self, path: &'a str) -> Cow<'a, str> {
        let spaced = spaced(path, &['/', '\\', '.', '_']);
        // The path as it is too: a dot is part of an e-mail address.
        let mut hits = self.scan(&spaced);
        hits.extend(self.scan(path));
        hits.retain(|h| h.certainty == Certainty::Certain);
        apply_placeholders(path, &resolve_overlaps(hits))
    }
}

const DIGIT: u8 = 1;
const PHONE: u8 = 2;
const CAPITAL: u8 = 3;

/// What each byte can start: a digit run, a `+46`/`(08)` phone number, or a capitalised word
/// (A-Z, or 0xC3, the lead byte of Å Ä Ö É and the other Latin-1 capitals).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'0'..=b'9' => DIGIT,
            b'+' | b'(' => PHONE,
            b'A'..=b'Z' | 0xC3 => CAPITAL,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The chunk size of the fast skip in [`Gate::scan`].
const CHUNK: usize = 32;

/// Whether any byte of `chunk` may start something: a digit, `+`, `(`, `A`–`Z`, or the second
/// byte (0x80–0x9E) of a two-byte Latin-1 capital. The lead byte 0xC3 alone is not enough:
/// it also starts the lower-case å ä ö that fill Swedish text.
fn chunk_may_start(chunk: &[u8]) -> bool {
    chunk.iter().fold(false, |acc, &b| {
        acc | (b.wrapping_sub(b'0') < 10)
            | (b.wrapping_sub(b'A') < 26)
            | (b == b'+')
            | (b == b'(')
            | (b.wrapping_sub(0x80) < 0x1F)
    })
}

/// Sorts hits by start and keeps them non-overlapping. Where two overlap, the certain one wins
/// over the likely one (a name inside an address is the address), then the one that starts
/// first, then the longer, then the kind listed first (a personnummer over a phone number made
/// of the same digits). The text they cover together is always covered: a dropped hit only
/// loses to one that overlaps it, and the winner is extended over the loser's end.
fn resolve_overlaps(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
            .then(a.certainty.cmp(&b.certainty))
            .then(a.kind.cmp(&b.kind))
    });
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(last) = out.last_mut() else {
            out.push(hit);
            continue;
        };
        if hit.span.start >= last.span.end {
            out.push(hit);
            continue;
        }
        // Overlap: keep one hit over the union, of the stronger kind.
        let end = last.span.end.max(hit.span.end);
        if hit.certainty < last.certainty {
            last.kind = hit.kind;
            last.certainty = hit.certainty;
        }
        last.span.end = end;
    }
    out
}

/// `text` with each of `separators` (ASCII, one byte each) read as a space, so words joined
/// by them are found as words at the same byte offsets.
fn spaced(text: &str, separators: &[char]) -> String {
    text.chars()
        .map(|c| if separators.contains(&c) { ' ' } else { c })
        .collect()
}

/// `text` with each of `hits` replaced by its kind's placeholder, borrowed when `hits` is empty.
///
/// For callers that scan once and replace only some hits (ingest redacts likely names but
/// rejects certain identifiers). The hits must come from [`Gate::scan`] on this same `text`,
/// possibly filtered; a hit that overlaps an earlier one or does not fit the text is skipped
/// rather than panicking.
pub fn apply_placeholders<'a>(text: &'a str, hits: &[Hit]) -> Cow<'a, str> {
    if hits.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for hit in hits {
        let (start, end) = (hit.span.start, hit.span.end);
        if start < at || end < start || !text.is_char_boundary(start) || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(hit.kind.placeholder());
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}
