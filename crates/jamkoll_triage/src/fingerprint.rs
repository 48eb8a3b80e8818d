//! Stable ids of findings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// Hex digits kept of the SHA-256: 64 bits is ample for the findings of one corpus (a collision
/// needs billions of findings) and short enough to type or paste from a spreadsheet.
const HEX_LEN: usize = 16;

/// The stable id of a finding: a hash of the rule id, the document id and the normalised
/// sentence. It does not depend on byte offsets, the rule pack version or the order of ingest,
/// so a verdict recorded for it survives re-ingest and rule-pack updates that leave the sentence
/// alone.
///
/// ```
/// use jamkoll_triage::fingerprint;
/// let a = fingerprint("tvivelsverb", "d1", "Hon påstår att hon är rädd.");
/// let b = fingerprint("tvivelsverb", "d1", "  - hon  PÅSTÅR att hon är rädd ");
/// assert_eq!(a, b);
/// assert_eq!(a.as_str().len(), 16);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fingerprint(String);

/// A string that is not a fingerprint (16 lower-case hex digits). It holds the value as
/// messages quote it: through the identifier gate and shortened, never the raw value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a fingerprint; expected 16 hex digits as `jamkoll triage list` shows them")]
pub struct BadFingerprint(pub String);

impl Fingerprint {
    /// The hex form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Fingerprint {
    type Err = BadFingerprint;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        if t.len() == HEX_LEN && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Fingerprint(t))
        } else {
            Err(BadFingerprint(crate::verdict::quoted(s)))
        }
    }
}

impl TryFrom<String> for Fingerprint {
    type Error = BadFingerprint;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Fingerprint> for String {
    fn from(f: Fingerprint) -> String {
        f.0
    }
}

/// The fingerprint of the finding of `rule` in document `doc_id` whose sentence reads `sentence`
/// (the finding's `sentence` span cut from the stored text).
pub fn fingerprint(rule: &str, doc_id: &str, sentence: &str) -> Fingerprint {
    let mut hasher = Sha256::new();
    // Each part ends in a NUL, which none can contain in a way that shifts a boundary: ids are
    // validated text and the sentence is normalised text.
    hasher.update(b"jamkoll-fingerprint-v1\0");
    hasher.update(rule.as_bytes());
    hasher.update(b"\0");
    hasher.update(doc_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(normalise_sentence(sentence).as_bytes());
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(HEX_LEN);
    for byte in digest.iter().take(HEX_LEN / 2) {
        hex.push(HEX[usize::from(byte >> 4)]);
        hex.push(HEX[usize::from(byte & 0x0f)]);
    }
    Fingerprint(hex)
}

const HEX: [char; 16] = [
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
];

/// The sentence as the fingerprint sees it: lower case, runs of whitespace as one space, and
/// leading list markers ("-", "•", "1.", "a)") and punctuation at either end trimmed, so that
/// re-wrapping, a changed bullet or a sentence split that moves the full stop do not change it.
pub fn normalise_sentence(sentence: &str) -> String {
    let lower = sentence.to_lowercase();
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s = collapsed.as_str();
    loop {
        let before = s.len();
        s = s.trim_start_matches(|c: char| !c.is_alphanumeric());
        s = strip_list_number(s);
        if s.len() == before {
            break;
        }
    }
    s.trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Removes a numbered or lettered list marker ("12.", "3)", "b)" followed by a space).
fn strip_list_number(s: &str) -> &str {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let marker_at = if digits > 0 && digits <= 3 {
        digits
    } else if s.len() > 1 && s.as_bytes()[0].is_ascii_alphabetic() {
        1
    } else {
        return s;
    };
    match s.as_bytes().get(marker_at..marker_at + 2) {
        Some([b'.' | b')', b' ']) => &s[marker_at + 2..],
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_trims_markers_case_space_and_punctuation() {
        assert_eq!(
            normalise_sentence("  • Hon  påstår\natt hon är rädd. "),
            "hon påstår att hon är rädd"
        );
        assert_eq!(normalise_sentence("12. Han är arg!"), "han är arg");
        assert_eq!(normalise_sentence("b) Han är arg"), "han är arg");
        assert_eq!(normalise_sentence("– \"Hon gråter.\""), "hon gråter");
        // A sentence that starts with a one-letter word is not a list marker.
        assert_eq!(
            normalise_sentence("I hemmet är det stökigt."),
            "i hemmet är det stökigt"
        );
        // Year-like numbers are kept: "2024. " would be a date in running text.
        assert_eq!(
            normalise_sentence("2024. Hon flyttade"),
            "2024. hon flyttade"
        );
    }

    #[test]
    fn fingerprint_depends_on_rule_document_and_sentence() {
        let base = fingerprint("r", "d", "Hon är arg.");
        assert_eq!(base, fingerprint("r", "d", "hon är arg"));
        assert_ne!(base, fingerprint("r2", "d", "Hon är arg."));
        assert_ne!(base, fingerprint("r", "d2", "Hon är arg."));
        assert_ne!(base, fingerprint("r", "d", "Han är arg."));
        // Parts cannot shift into one another.
        assert_ne!(fingerprint("ab", "c", "x"), fingerprint("a", "bc", "x"));
    }

    #[test]
    fn fingerprints_parse_case_insensitively_and_refuse_other_text() {
        let fp = fingerprint("r", "d", "s");
        assert_eq!(fp.as_str().to_uppercase().parse::<Fingerprint>(), Ok(fp));
        assert!("abc".parse::<Fingerprint>().is_err());
        assert!("zzzzzzzzzzzzzzzz".parse::<Fingerprint>().is_err());
    }
}
