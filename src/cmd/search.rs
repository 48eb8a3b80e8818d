//! `jamkoll search` (being built).

use std::process::ExitCode;

/// Arguments of `jamkoll search`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `jamkoll search`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`jamkoll search` is not built yet")
}
