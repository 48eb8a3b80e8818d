//! jamkoll_index (skeleton; filled in by its owner).
#![deny(missing_docs)]
