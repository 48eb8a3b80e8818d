//! Triage verdicts of jamkoll: what a research circle decided about each finding.
//!
//! Case records are never edited, so a verdict cannot live in the checked text (as a linter's
//! "ignore" comment does); it lives beside the index, in `verdicts.jsonl` inside the index
//! folder, keyed by the finding's [`Fingerprint`] (rule id, document id and normalised
//! sentence), which survives re-ingest and rule-pack updates that leave the sentence alone.
//! Several processes may share the file (`serve`, `triage`, `delete`): every write holds an
//! exclusive advisory lock on [`LOCK_FILE`] and re-reads the file under it, every read a shared
//! one (see [`VerdictStore`]).
//!
//! ```
//! use jamkoll_redact::Gate;
//! use jamkoll_triage::{DecidedBy, Decision, Reason, Verdict, VerdictStore, fingerprint, now_utc};
//!
//! let index_dir = tempfile::tempdir().unwrap();
//! let gate = Gate::new();
//! let mut store = VerdictStore::load(index_dir.path()).unwrap();
//! let sentence = "Enligt polisen påstår hon att han slog henne.";
//! store.record(Verdict {
//!     fingerprint: fingerprint("tvivelsverb", "doc-17", sentence),
//!     rule: "tvivelsverb".into(),
//!     doc_id: "doc-17".into(),
//!     verdict: Decision::Dismiss,
//!     reason: Some(Reason::parse("citat", None, &gate).unwrap()),
//!     decided_by: DecidedBy::new("forskningscirkel", &gate).unwrap(),
//!     decided_at: now_utc(),
//! }).unwrap();
//! assert_eq!(store.dismissed_in("doc-17").len(), 1);
//! // `jamkoll delete` / `jamkoll gallra` forget a document's verdicts with it:
//! assert_eq!(store.remove_documents(&["doc-17"]).unwrap(), 1);
//! ```
#![deny(missing_docs)]

mod csv_io;
mod error;
mod excerpt;
mod fingerprint;
mod store;
mod verdict;

pub use csv_io::{CSV_COLUMNS, CsvRow, CsvVerdicts, ImportSummary, read_csv, write_csv};
pub use error::Error;
pub use excerpt::{Excerpt, cut, fingerprint_of};
pub use fingerprint::{BadFingerprint, Fingerprint, fingerprint, normalise_sentence};
pub use store::{LOCK_FILE, LOCK_WAIT, Tally, VERDICT_FILE, VerdictStore};
pub use verdict::{DecidedBy, Decision, REASONS, Reason, Verdict, format_utc, now_utc, quoted};
