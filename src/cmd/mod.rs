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
/// certain of (personnummer, phone, e-mail, address), as ingest refuses it in a record's unit
/// and area. A likely name passes (unit names are often place names the name lists also
/// hold): ingest keeps out every label that reads as a person, so such a value matches no
/// document, and the commands that echo it do so through the gate. The value is not echoed.
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

/// Reads a `--gender` flag (`search`, `check`) as ingest reads a record's `client_gender`. A
/// value that is not a gender is echoed only when it cannot identify anyone
/// ([`jamkoll_index::record::safe_to_show`], ingest's rule for a bad gender field), so a name or
/// a personnummer typed there is not repeated.
pub(crate) fn parse_gender(value: &str) -> anyhow::Result<jamkoll_core::Gender> {
    value.parse().map_err(|e: jamkoll_core::ParseError| {
        let shown = jamkoll_index::record::safe_to_show(value)
            .map(|v| format!(" {v:?}"))
            .unwrap_or_default();
        anyhow::anyhow!("--gender: unknown gender{shown}; expected {}", e.expected)
    })
}

/// The process exit code for one of the constants above.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
