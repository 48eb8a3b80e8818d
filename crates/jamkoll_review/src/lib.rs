//! Per-unit review summaries: fair gender statistics, small-count suppression, excerpts and
//! renderers (Markdown, HTML, JSON, CSV).
//!
//! The review reads one [`DocSummary`] per document (metadata, word count, findings; never the
//! text), counts as it goes, and at the end builds a [`Report`]: per unit, who is in the material,
//! resources, the language and responsibility figures with rate ratios, Fisher's exact test and
//! Benjamini–Hochberg q-values, excerpts for what is flagged, and reflection questions. Counts
//! from 1 to `min_cell − 1` are hidden, with secondary suppression so they cannot be worked out
//! (see `docs/statistics.md`). The same input gives byte-identical output.
//!
//! ```
//! use jamkoll_core::{Area, Gender};
//! use jamkoll_review::{DocSummary, NoExcerpts, Settings, Stamp, SubjectMentions, build, render};
//!
//! let docs = (0..12).map(|i| DocSummary {
//!     id: format!("d{i}"),
//!     unit: "Enhet A".into(),
//!     case_id: format!("c{i}"),
//!     client_gender: if i % 2 == 0 { Gender::Kvinna } else { Gender::Man },
//!     area: Area::new("ekonomiskt bistånd"),
//!     document_type: Some("utredning".into()),
//!     date: Some("2024-03-01".into()),
//!     decision: None,
//!     amount: None,
//!     words: 300,
//!     findings: Vec::new(),
//!     mentions: SubjectMentions::default(),
//!     dismissed: 0,
//! });
//! let report = build(docs, &[], &Settings::default(), &Stamp::default(), &NoExcerpts);
//! assert_eq!(report.units[0].cases.kvinna.value, Some(6));
//! assert!(render::markdown(&report).contains("Enhet A"));
//! ```
#![deny(missing_docs)]

mod aggregate;
pub mod compare;
mod counts;
mod excerpt;
mod finish;
pub mod goals;
mod input;
mod material;
pub mod render;
mod report;
pub mod stats;
pub mod suppress;
mod text;

pub use aggregate::Aggregator;
pub use counts::*;
pub use input::{
    Decision, DecisionError, DocSummary, ExcerptSource, Filters, Lang, NoExcerpts, RuleInfo,
    Settings, Stamp, SubjectMentions,
};
pub use report::*;

/// Reviews `docs` in one go: aggregates them, then builds the report with excerpts from
/// `source`. For streaming from an index, use [`Aggregator`] directly.
pub fn build(
    docs: impl IntoIterator<Item = DocSummary>,
    rules: &[RuleInfo],
    settings: &Settings,
    stamp: &Stamp,
    source: &dyn ExcerptSource,
) -> Report {
    let mut agg = Aggregator::new(rules, settings);
    for doc in docs {
        agg.push(doc);
    }
    agg.finish(stamp, source)
}
