//! One module per subcommand: each defines its clap `Args` and a `run` that returns the exit code.

use std::process::ExitCode;

pub mod check;
pub mod eval;
pub mod info;
pub mod ingest;
pub mod review;
pub mod rules;
pub mod search;

/// Everything went through.
pub const EXIT_OK: u8 = 0;
/// The job ran and found what it reports as a failure (an unmet goal, a failing rule example).
pub const EXIT_FAILURE: u8 = 1;
/// Some input, record or setting was refused, or the command could not run.
pub const EXIT_ERROR: u8 = 2;

/// The process exit code for one of the constants above.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
