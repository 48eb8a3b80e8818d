//! `jamkoll review` (being built).

use std::process::ExitCode;

/// Arguments of `jamkoll review`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `jamkoll review`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`jamkoll review` is not built yet")
}
