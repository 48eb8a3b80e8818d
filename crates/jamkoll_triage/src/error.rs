//! The errors of jamkoll_triage.

use std::path::PathBuf;

/// Everything that can go wrong with verdicts. Messages say where (file, line, row, field) and
/// never quote case text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value a person gave is refused.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field (`decided_by`, `reason`, `note`, ...).
        field: &'static str,
        /// Why, and what to give instead.
        reason: String,
    },
    /// Reading or writing the verdict file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of the verdict file cannot be read.
    #[error("{}:{line}: this verdict cannot be read ({reason}); fix or remove the line (the file is plain JSON Lines)", path.display())]
    Corrupt {
        /// The verdict file.
        path: PathBuf,
        /// Its line, from 1.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Another process holds the verdicts' lock and did not let go within the wait.
    #[error("{}: the triage verdicts of this index are in use by {holder}; waited {waited_secs} s. Run the command again when that has finished (stop a `jamkoll serve` with Ctrl-C if it is stuck); the lock ends with its process, so it is never left behind", path.display())]
    Busy {
        /// The lock file.
        path: PathBuf,
        /// Who holds it: `jamkoll <command> (process N) since <time>`, or a reader.
        holder: String,
        /// How long this process waited.
        waited_secs: u64,
    },
    /// A CSV import was refused; nothing was recorded.
    #[error("{source_name}: {} row(s) refused, nothing imported:\n{}", problems.len(), problems.join("\n"))]
    Import {
        /// The imported file, as named on the command line.
        source_name: String,
        /// One message per refused row: `row N, field F: reason`.
        problems: Vec<String>,
    },
    /// Writing CSV failed.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
}

impl Error {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
