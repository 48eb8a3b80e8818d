//! A finding: one place where a rule fired.

use serde::{Deserialize, Serialize};

use crate::{Category, DutyDomain, Role, Scope, Subject};

/// A byte range in a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// One place where a rule fired in a document.
///
/// Offsets are byte offsets into the document text as indexed (after any redaction), so an
/// excerpt can be cut from stored text without re-running the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// Whom the finding is about.
    pub subject: Subject,
    /// The person's role, where the text says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// How the writer stands to it.
    pub scope: Scope,
    /// For responsibility findings: what the duty is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DutyDomain>,
    /// The cue: the words that carry the finding.
    pub span: Span,
    /// The sentence the cue stands in (for excerpts and fingerprints). For document-level
    /// findings (an absent parent) the whole document or the first sentence that shows it.
    pub sentence: Span,
}
