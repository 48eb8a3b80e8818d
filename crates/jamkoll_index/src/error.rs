//! The errors of jamkoll_index. Each says where and what to do.

use std::path::{Path, PathBuf};

/// An error opening, writing or searching an index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong. Part of the message, so not the error's `source` too: a chain
        /// printed whole (`{:#}`) would say it twice.
        error: std::io::Error,
    },
    /// Another process holds the index writer lock.
    #[error(
        "the index is in use by another jamkoll process ({dir}); wait for it to finish and run again"
    )]
    Locked {
        /// The index folder.
        dir: PathBuf,
    },
    /// There is no index in the folder.
    #[error("no jamkoll index at {dir}; create one with `jamkoll ingest FILE --index {dir}`")]
    NoIndex {
        /// The folder looked in.
        dir: PathBuf,
    },
    /// The folder holds something that is not a jamkoll index.
    #[error(
        "{dir} is not empty and holds no jamkoll index; pass --index with an empty or new folder"
    )]
    NotAnIndex {
        /// The folder.
        dir: PathBuf,
    },
    /// The index was written by a jamkoll with another schema.
    #[error(
        "the index at {dir} cannot be used: {detail}; re-ingest: remove {dir} and run `jamkoll ingest` again"
    )]
    IncompatibleIndex {
        /// The index folder.
        dir: PathBuf,
        /// What differs.
        detail: String,
    },
    /// Writing the index failed part-way (a full disk, a file-size limit, a write error).
    #[error(
        "writing the index at {dir} failed ({detail}); the disk may be full or a file-size limit \
         reached: make room and run the same command again (what was committed before is kept, \
         and ingesting again replaces records by id)"
    )]
    WriteFailed {
        /// The index folder.
        dir: PathBuf,
        /// What tantivy or the system said.
        detail: String,
    },
    /// The search query is not valid.
    #[error(
        "the query is not valid: {0}; see tantivy's query syntax (words, \"phrases\", AND, OR, -word)"
    )]
    Query(String),
    /// A value given on the command line is not valid.
    #[error("{0}")]
    Argument(String),
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, error: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}
