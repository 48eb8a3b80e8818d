//! jamkoll_text (skeleton; filled in by its owner).
#![deny(missing_docs)]
