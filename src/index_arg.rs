//! The `--index DIR` argument every command that reads or writes the index shares.

use std::path::PathBuf;

/// Where the index lives when `--index` is not given: in the working directory, like `.git`.
pub const DEFAULT_INDEX: &str = ".jamkoll/index";

/// `--index DIR`, flattened into a command's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct IndexArg {
    /// The index folder.
    #[arg(long = "index", value_name = "DIR", default_value = DEFAULT_INDEX)]
    pub dir: PathBuf,
}
