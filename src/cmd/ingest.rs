//! `jamkoll ingest` (being built).

use std::process::ExitCode;

/// Arguments of `jamkoll ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `jamkoll ingest`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`jamkoll ingest` is not built yet")
}
