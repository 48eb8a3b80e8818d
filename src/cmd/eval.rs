//! `jamkoll eval` (being built).

use std::process::ExitCode;

/// Arguments of `jamkoll eval`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `jamkoll eval`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`jamkoll eval` is not built yet")
}
