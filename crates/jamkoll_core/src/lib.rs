//! The shared vocabulary of jamkoll.
//!
//! Every other crate speaks in these types: the client's gender on a record, the subject a finding
//! is about, the review category, the scope of a finding and the duty domain of a responsibility
//! finding. They live in one small crate so that the reader, the rule engine and the review agree
//! on spelling (the Swedish wire names are part of jamkoll's stable JSON schemas) without depending
//! on one another.
//!
//! ```
//! use jamkoll_core::Gender;
//! assert_eq!("female".parse::<Gender>().unwrap(), Gender::Kvinna);
//! assert_eq!(Gender::Okant.as_str(), "okänt");
//! ```
#![deny(missing_docs)]

mod area;
mod finding;
mod vocab;

pub use area::Area;
pub use finding::{Finding, Span};
pub use vocab::{Category, DutyDomain, Gender, ParseError, Role, Scope, Subject};
