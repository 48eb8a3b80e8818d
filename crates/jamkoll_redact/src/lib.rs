//! jamkoll_redact (skeleton; filled in by its owner).
#![deny(missing_docs)]
