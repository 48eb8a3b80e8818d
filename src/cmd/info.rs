//! `jamkoll info` (being built).

use std::process::ExitCode;

/// Arguments of `jamkoll info`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `jamkoll info`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`jamkoll info` is not built yet")
}
