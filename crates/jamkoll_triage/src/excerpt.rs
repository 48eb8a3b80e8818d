//! Cutting a finding's sentence from stored text, for fingerprints and for showing it.

use jamkoll_core::{Finding, Span};
use jamkoll_redact::Gate;

use crate::{Fingerprint, fingerprint};

/// Characters of context shown either side of the cue in a long sentence.
const CONTEXT: usize = 160;

/// The text of `span` in `text`, with the span clamped to the text and to character
/// boundaries (stored offsets of an older ingest must never panic).
pub fn cut(text: &str, span: Span) -> &str {
    let start = floor_char(text, span.start.min(text.len()));
    let end = ceil_char(text, span.end.min(text.len()).max(start));
    &text[start..end]
}

/// The fingerprint of `finding` in document `doc_id` whose stored text is `text`.
pub fn fingerprint_of(doc_id: &str, text: &str, finding: &Finding) -> Fingerprint {
    fingerprint(&finding.rule, doc_id, cut(text, finding.sentence))
}

/// A finding's sentence for display, through the identifier gate: the words before the cue,
/// the cue, the words after it, each with whitespace collapsed.
/// The default is empty (for callers that need only fingerprints).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Excerpt {
    /// Text before the cue (with a leading "…" when the sentence was shortened).
    pub before: String,
    /// The cue.
    pub cue: String,
    /// Text after the cue (with a trailing "…" when shortened).
    pub after: String,
}

impl Excerpt {
    /// Cuts the sentence of `finding` from `text` and passes it through `gate`. When the gate
    /// finds an identifier anywhere in the sentence, the whole sentence is redacted as one
    /// piece (an identifier may straddle the cue) and shown without a marked cue.
    pub fn of(text: &str, finding: &Finding, gate: &Gate) -> Excerpt {
        let sentence = finding.sentence;
        let start = floor_char(text, sentence.start.min(text.len()));
        let end = ceil_char(text, sentence.end.min(text.len()).max(start));
        let cue_start = floor_char(text, finding.span.start.clamp(start, end));
        let cue_end = ceil_char(text, finding.span.end.clamp(cue_start, end));
        let from = floor_char(text, cue_start.saturating_sub(CONTEXT).max(start));
        let to = ceil_char(text, (cue_end + CONTEXT).min(end));
        let lead = if from > start { "… " } else { "" };
        let tail = if to < end { " …" } else { "" };
        let whole = &text[from..to];
        if !gate.scan(whole).is_empty() {
            return Excerpt {
                before: format!("{lead}{}{tail}", collapse(&gate.redact(whole).text)),
                cue: String::new(),
                after: String::new(),
            };
        }
        let before = &text[from..cue_start];
        let after = &text[cue_end..to];
        Excerpt {
            before: format!("{lead}{}", collapse_keep_edge(before, false)),
            cue: collapse(&text[cue_start..cue_end]),
            after: format!("{}{tail}", collapse_keep_edge(after, true)),
        }
    }

    /// The excerpt as one line with the cue between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        if self.cue.is_empty() {
            return self.before.clone();
        }
        format!("{}{open}{}{close}{}", self.before, self.cue, self.after)
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace but keeps one space on the side that touches the cue.
fn collapse_keep_edge(s: &str, leading: bool) -> String {
    let inner = collapse(s);
    if inner.is_empty() {
        return if s.is_empty() { inner } else { " ".to_string() };
    }
    let touches = if leading {
        s.starts_with(char::is_whitespace)
    } else {
        s.ends_with(char::is_whitespace)
    };
    match (touches, leading) {
        (true, true) => format!(" {inner}"),
        (true, false) => format!("{inner} "),
        _ => inner,
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamkoll_core::{Category, Scope, Subject};

    fn finding(text: &str, cue: &str) -> Finding {
        let at = text.find(cue).unwrap();
        Finding {
            rule: "tvivelsverb".into(),
            category: Category::Trovardighet,
            subject: Subject::Kvinna,
            role: None,
            scope: Scope::Asserted,
            domain: None,
            span: Span::new(at, at + cue.len()),
            sentence: Span::new(0, text.len()),
        }
    }

    #[test]
    fn the_cue_is_marked_in_its_sentence() {
        let text = "Hon  påstår att\nhon är rädd.";
        let e = Excerpt::of(text, &finding(text, "påstår"), &Gate::new());
        assert_eq!(e.marked("[", "]"), "Hon [påstår] att hon är rädd.");
    }

    #[test]
    fn a_sentence_with_an_identifier_is_redacted_whole() {
        let text = "Hon påstår att 811228-9874 är hennes nummer.";
        let e = Excerpt::of(text, &finding(text, "påstår"), &Gate::new());
        assert!(!e.marked("[", "]").contains("9874"));
        assert!(e.before.contains("[PERSONNUMMER]"), "{e:?}");
    }

    #[test]
    fn offsets_outside_the_text_or_inside_a_character_do_not_panic() {
        let text = "Hon är rädd för åska.";
        let mut f = finding(text, "rädd");
        f.sentence = Span::new(2, 500);
        f.span = Span::new(16, 20); // inside "ö" and "å"
        let _ = Excerpt::of(text, &f, &Gate::new());
        assert_eq!(cut(text, Span::new(16, 1000)), "ör åska.");
        assert_eq!(
            fingerprint_of("d", text, &finding(text, "rädd")),
            fingerprint("tvivelsverb", "d", text)
        );
    }
}
