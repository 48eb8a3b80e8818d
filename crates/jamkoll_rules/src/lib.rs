//! The rule engine of jamkoll: the rule format, strict loading with located errors, Swedish
//! pattern matching with inflections and compounds, referents (whom a finding is about),
//! scopes (asserted, negated, reported, hypothetical), and evaluation against annotated
//! passages.
//!
//! ```
//! use jamkoll_rules::{Doc, Engine, RulePack};
//! let pack = RulePack::embedded().expect("the shipped pack loads");
//! let engine = Engine::new(&pack);
//! let findings = engine.check(&Doc::new("Ingen text att se här."));
//! assert!(findings.iter().all(|f| !f.rule.is_empty()));
//! ```
//!
//! The format is described in `docs/rule-format.md`; `docs/rule-schema.json` is generated from
//! [`rule_schema_json`].
#![deny(missing_docs)]

pub mod absence;
mod doc;
mod docs;
mod engine;
mod error;
pub mod eval;
mod file;
mod lexicon;
mod literal;
mod pack;
mod pattern;
mod people;
mod referent;
mod scope;
pub mod swap;
mod testing;
mod text;

pub use absence::{AbsenceFacts, Anchor, CaseFacts, CaseTally, Presence};
pub use doc::Doc;
pub use docs::{rule_page, rule_pages};
pub use engine::Engine;
pub use error::{ErrorKind, LoadError, Problem};
pub use file::rule_schema_json;
pub use pack::{Config, CueAnchor, Example, Kind, Lang, Rule, RuleDoc, RulePack, Status};
pub use testing::{ExampleFailure, ExampleKind, test_rule};
