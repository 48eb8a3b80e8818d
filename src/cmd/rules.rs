//! `jamkoll rules` (being built).

use std::process::ExitCode;

/// Arguments of `jamkoll rules`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `jamkoll rules`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`jamkoll rules` is not built yet")
}
