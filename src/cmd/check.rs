//! `jamkoll check` (being built).

use std::process::ExitCode;

/// Arguments of `jamkoll check`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `jamkoll check`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`jamkoll check` is not built yet")
}
