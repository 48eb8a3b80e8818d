//! jamkoll_review (skeleton; filled in by its owner).
#![deny(missing_docs)]
