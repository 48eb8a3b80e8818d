//! Swedish text model for jamkoll: normalisation, sentences, tokens, clauses and an inflection
//! lexicon.
//!
//! The rule engine works sentence by sentence and token by token. Everything here is written for
//! that loop: sentence splitting and tokenising scan bytes once and allocate only for the output
//! vectors (a token's lower-cased text borrows from the document unless the token has capitals),
//! and the lexicon (unpacked at build time, embedded in the binary) is indexed on first use.
//!
//! ```
//! use jamkoll_text::{sentences, tokens, Lexicon, TokenKind};
//!
//! let text = "Mamman påstår t.ex. att [NAMN] slog henne. Hon är rädd.";
//! let spans = sentences(text);
//! assert_eq!(spans.len(), 2);
//! let toks = tokens(text, spans[0]);
//! assert_eq!(toks[0].lower, "mamman");
//! assert!(toks.iter().any(|t| t.kind == TokenKind::Placeholder));
//!
//! let lex = Lexicon::swedish();
//! assert!(lex.lemmas("påstod").contains(&"påstå"));
//! let head = lex.compound_head("småbarnsmamman").unwrap();
//! assert_eq!(head.head, "mamman");
//! assert!(head.lemmas.contains(&"mamma"));
//! ```
#![deny(missing_docs)]

mod abbrev;
mod clause;
mod lexicon;
mod normalize;
mod sentence;
mod str_index;
mod token;

pub use clause::clauses;
pub use lexicon::{CompoundHead, LemmaId, LemmaTable, Lexicon, LexiconStats};
pub use normalize::normalize;
pub use sentence::{Sentences, sentences};
pub use token::{Token, TokenKind, tokens, tokens_into, word_count};

/// Byte range in a document; re-exported so callers need not depend on `jamkoll_core` for it.
pub use jamkoll_core::Span;
