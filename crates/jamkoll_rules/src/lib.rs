//! jamkoll_rules (skeleton; filled in by its owner).
#![deny(missing_docs)]
