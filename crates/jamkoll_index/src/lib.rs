//! Records, readers, validation and the tantivy index of jamkoll.
//!
//! Data flows one way: [`read::Inputs`] streams raw records from JSON Lines, CSV and text
//! folders (any encoding jamkoll knows, converted to UTF-8); [`ingest::ingest`] parses and
//! validates each into a [`record::Record`], passes its text through the identifier gate
//! (refusing or redacting), runs the optional rules hook, and writes it to the [`Index`],
//! replacing any earlier document with the same id. Every refusal is a located
//! [`problem::Problem`]: file, line, record id, field and reason, never the text.
//!
//! Reading back: [`Index::search`] (tantivy's query language, gated snippets),
//! [`Index::documents`] (metadata and findings from fast fields, no text), [`Index::text`]
//! (one document's text, for an excerpt) and [`Index::stats`].
//!
//! ```
//! use jamkoll_index::{Index, ingest, read, search::SearchOptions};
//! use jamkoll_redact::Gate;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let file = dir.path().join("a.jsonl");
//! std::fs::write(&file, concat!(
//!     r#"{"id":"1","unit":"Norr","client_gender":"kvinna","text":"Mamman påstår att hon söker arbete."}"#, "\n",
//!     r#"{"id":"2","unit":"Norr","client_gender":"man","text":"Pappan söker arbete."}"#, "\n",
//! )).unwrap();
//! let index = Index::open_or_create(&dir.path().join("index")).unwrap();
//! let inputs = read::Inputs::new(&[file], read::ReadOptions::default());
//! let gate = Gate::new();
//! let summary = ingest::ingest(&index, inputs, &gate, &Default::default(), None, &mut |_| {}).unwrap();
//! assert_eq!(summary.indexed, 2);
//!
//! let options = SearchOptions { unit: None, gender: None, limit: 10 };
//! let found = index.search("mamma", &options, &gate).unwrap();
//! assert_eq!(found.total, 1);
//! assert_eq!(found.hits[0].snippet.marked("[", "]"), "[Mamman] påstår att hon söker arbete");
//! ```
#![deny(missing_docs)]

pub mod analyzer;
pub mod date;
pub mod decode;
pub mod delete;
mod error;
mod index;
pub mod ingest;
pub mod problem;
pub mod read;
pub mod record;
pub mod schema;
pub mod search;
pub mod stored;
pub mod writer;

pub use error::Error;
pub use index::{Count, DocRef, DocumentMeta, Documents, Index, NewDocument, Stats, Writer};
pub use record::{Decision, Record};
