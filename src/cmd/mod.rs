//! One module per subcommand: each defines its clap `Args` and a `run` that returns the exit code.

use std::process::ExitCode;

/// Writes to standard output through a locked handle and returns the I/O error with `?`
/// instead of panicking as `print!` does, so `jamkoll rules cues | head` ends quietly: `main`
/// treats a broken pipe as a normal end (as ripgrep does).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?
    }};
}

/// [`out!`] with a line end.
macro_rules! outln {
    () => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock())?
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

pub mod check;
pub mod circle;
pub mod delete;
pub mod eval;
pub mod gallra;
pub mod info;
pub mod ingest;
pub mod merge;
pub mod review;
pub mod rules;
pub mod search;
pub mod serve;
pub mod stored;
pub mod triage;

/// Everything went through.
pub const EXIT_OK: u8 = 0;
/// The job ran and found what it reports as a failure (an unmet goal, a failing rule example).
pub const EXIT_FAILURE: u8 = 1;
/// Some input, record or setting was refused, or the command could not run.
pub const EXIT_ERROR: u8 = 2;

/// Whether `err` comes from writing to a closed pipe (`jamkoll ... | head`): not an error for
/// the user, so `main` exits quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Refuses a label flag (`--unit`, `--area`) that is blank or holds an identifier the gate is
/// certain of (personnummer, phone, e-mail, address). Unlike ingest, which also refuses a
/// record's unit or area that reads as a person, it lets every likely name through (unit
/// names are often place names the name lists also hold): since ingest kept such labels out,
/// the value matches no document, and the refusal that follows quotes it through the whole
/// gate ([`jamkoll_redact::Gate::quoted`]). The value is not echoed here.
pub(crate) fn check_label(
    gate: &jamkoll_redact::Gate,
    flag: &str,
    value: &str,
    what: &str,
) -> anyhow::Result<()> {
    anyhow::ensure!(!value.trim().is_empty(), "{flag} is empty; give {what}");
    anyhow::ensure!(
        gate.scan(value)
            .iter()
            .all(|h| h.certainty != jamkoll_redact::Certainty::Certain
                && h.kind == jamkoll_redact::IdentifierKind::Namn),
        "{flag} holds a personnummer, phone number, e-mail or address; give {what}"
    );
    Ok(())
}

/// Reads a gender as ingest reads a record's `client_gender`, with ingest's error for `field`
/// (a record's `client_gender` in `check`, the `--gender` flag of `search` and `check`): the
/// value is echoed only when it cannot identify anyone
/// ([`jamkoll_index::record::safe_to_show`]), so a name or a personnummer typed there is not
/// repeated.
pub(crate) fn parse_gender(field: &str, value: &str) -> Result<jamkoll_core::Gender, String> {
    use jamkoll_index::record::{FieldError, FieldErrorKind, safe_to_show};
    value.parse().map_err(|_| {
        FieldError {
            field: field.to_string(),
            kind: FieldErrorKind::UnknownGender(safe_to_show(value)),
        }
        .to_string()
    })
}

/// The process exit code for one of the constants above.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
