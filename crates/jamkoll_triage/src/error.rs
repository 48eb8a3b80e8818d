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
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause. Part of the message, so not the error's `source` too: a chain printed
        /// whole (`{:#}`, as the binary prints errors) would say it twice.
        error: std::io::Error,
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
    /// Writing CSV failed other than by I/O. The cause is in the message only, not also the
    /// `source`, for the reason given at [`Error::Io`].
    #[error("writing CSV: {0}")]
    Csv(csv::Error),
    /// Writing CSV failed by I/O (a full disk, a closed pipe). The cause is the `source` and
    /// not in the message, so a caller finds a closed pipe (`jamkoll triage export | head`) in
    /// the chain, and a chain printed whole says it once.
    #[error("writing CSV")]
    Write(#[source] std::io::Error),
}

impl From<csv::Error> for Error {
    fn from(error: csv::Error) -> Error {
        if !error.is_io_error() {
            return Error::Csv(error);
        }
        match error.into_kind() {
            csv::ErrorKind::Io(e) => Error::Write(e),
            // Not reached: `is_io_error` is true only for the Io kind.
            other => Error::Write(std::io::Error::other(format!("{other:?}"))),
        }
    }
}

impl Error {
    pub(crate) fn io(path: &std::path::Path, error: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    /// A chain printed whole (`{:#}`, as the binary prints errors) says each cause once.
    fn chain(e: &Error) -> String {
        let mut text = e.to_string();
        let mut next = e.source();
        while let Some(cause) = next {
            text.push_str(&format!(": {cause}"));
            next = cause.source();
        }
        text
    }

    #[test]
    fn an_io_error_is_said_once_in_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        // The verdict file is a folder: reading it fails.
        std::fs::create_dir(dir.path().join(crate::VERDICT_FILE)).unwrap();
        let e = crate::VerdictStore::load(dir.path()).unwrap_err();
        let Error::Io { error, .. } = &e else {
            panic!("not an I/O error: {e:?}")
        };
        let said = chain(&e);
        assert_eq!(said.matches(&error.to_string()).count(), 1, "{said}");
        assert!(said.contains(crate::VERDICT_FILE), "{said}");
    }

    /// A writer whose reader has gone, as `jamkoll triage export | head`.
    struct ClosedPipe;

    impl std::io::Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_csv_write_error_is_said_once_and_keeps_its_io_cause() {
        let e = crate::write_csv(ClosedPipe, []).unwrap_err();
        let io = e
            .source()
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .expect("the I/O error is the source");
        assert_eq!(io.kind(), std::io::ErrorKind::BrokenPipe);
        let said = chain(&e);
        assert_eq!(said.matches(&io.to_string()).count(), 1, "{said}");
        assert!(said.starts_with("writing CSV: "), "{said}");
    }
}
