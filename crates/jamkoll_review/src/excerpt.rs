//! The one way a review picks excerpts, for the report's flagged rows and for the discussion
//! material alike: a count the report hides is never quoted, candidates are tried in their
//! hash rank (so the choice does not depend on the order documents arrive in), every excerpt
//! comes through the caller's [`ExcerptSource`] (the identifier gate), and a sentence already
//! shown (the same words in another document of the case, or in another row) is not shown
//! again; nor, for the same gender, one that differs only in its first word ("Hon bedyrar
//! att …" after "Sökande bedyrar att …"), while "Han är …" beside "Hon är …" stays, since that
//! contrast is what a circle discusses.

use std::collections::HashSet;

use crate::aggregate::Candidate;
use crate::input::ExcerptSource;
use crate::report::Count;

/// Whether excerpts may be shown for a count: only when the report shows it and it is not 0.
/// Excerpts from a hidden cell would tell how many there are at least.
pub(crate) fn quotable(c: Count) -> bool {
    !c.suppressed && c.value.is_some_and(|v| v > 0)
}

/// An excerpt's words for comparing: lower case letters and digits, each run of anything else
/// one space, the context marks (…) dropped.
pub(crate) fn normalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The keys under which an excerpt counts as seen: its normalised words, and those words
/// without the first (of a sentence of four words or more) for excerpts of side `side`.
fn keys(text: &str, side: usize) -> [String; 2] {
    let full = normalised(text);
    let rest = match full.split_once(' ') {
        Some((_, rest)) if rest.matches(' ').count() >= 2 => rest,
        _ => full.as_str(),
    };
    let near = format!("{side}\u{1}{rest}");
    [full, near]
}

/// Walks one list of candidates (a row and gender, a subject, a duty bearer) in rank order.
pub(crate) struct Picker<'a> {
    candidates: &'a [Candidate],
    next: usize,
    /// The gender (0 women, 1 men, …) the excerpts are about, for near-duplicates.
    side: usize,
}

impl<'a> Picker<'a> {
    pub(crate) fn new(candidates: &'a [Candidate], side: usize) -> Picker<'a> {
        Picker {
            candidates,
            next: 0,
            side,
        }
    }

    /// The next excerpt the source gives whose sentence is not in `seen` (then added to it,
    /// see [`keys`]): the candidate and the gated text. `None` when the candidates are used up.
    pub(crate) fn next(
        &mut self,
        source: &dyn ExcerptSource,
        seen: &mut HashSet<String>,
    ) -> Option<(&'a Candidate, String)> {
        while let Some(cand) = self.candidates.get(self.next) {
            self.next += 1;
            let Some(text) = source.excerpt(&cand.doc, cand.sentence, cand.cue) else {
                continue;
            };
            let keys = keys(&text, self.side);
            if keys.iter().all(|k| !seen.contains(k)) {
                seen.extend(keys);
                return Some((cand, text));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_sentence_in_two_documents_compares_equal() {
        assert_eq!(
            normalised("…hon har gått ner mycket i vikt och ser mager ut."),
            normalised("Hon har gått ner  mycket i vikt och ser mager ut…")
        );
        assert_ne!(
            normalised("Klientens yttre har förändrats"),
            normalised("Hennes yttre har förändrats")
        );
        // The same sentence but for its first word: one excerpt for a gender, two for two.
        let a = keys("Sökande bedyrar att hon inte har haft inkomster.", 0);
        let b = keys("Hon bedyrar att hon inte har haft inkomster.", 0);
        assert_ne!(a[0], b[0]);
        assert_eq!(a[1], b[1]);
        let c = keys("Han bedyrar att han inte har haft inkomster.", 1);
        assert_ne!(b[1], c[1]);
        // Short sentences compare whole.
        assert_ne!(
            keys("Hon är aggressiv.", 0)[1],
            keys("Mamman är aggressiv.", 0)[1]
        );
    }
}
