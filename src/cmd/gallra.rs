//! `jamkoll gallra --before DATE`: cull documents older than a date, as retention rules
//! require (gallring), for good: text, metadata and findings from the index and from disk, and
//! their triage verdicts.

use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_index::Index;
use jamkoll_index::date::IsoDate;

use crate::cmd::delete::{LOCK_HELP, lock_verdicts, read_verdicts, remove_verdicts, summary};
use crate::cmd::{EXIT_OK, exit};
use crate::index_arg::IndexArg;

/// Arguments of `jamkoll gallra`.
#[derive(Debug, clap::Args)]
#[command(after_help = LOCK_HELP)]
pub struct Args {
    /// Remove documents dated before this day (YYYY-MM-DD); documents of that day are kept.
    #[arg(long, value_name = "DATE")]
    pub before: String,
    #[command(flatten)]
    pub index: IndexArg,
    /// Say how many documents and triage verdicts would be removed, and remove nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `jamkoll gallra`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let before: IsoDate = args.before.parse().ok().with_context(|| {
        format!(
            "--before {:?} is not a date; write it as YYYY-MM-DD, e.g. --before 2020-01-01",
            jamkoll_redact::Gate::new().redact_cow(&args.before)
        )
    })?;
    let index = Index::open(&args.index.dir)?;
    let (selection, verdicts) = if args.dry_run {
        let store = read_verdicts(&index)?;
        let selection = index.select_before(before)?;
        let verdicts = store.count_documents(&selection.ids);
        (selection, verdicts)
    } else {
        // Held from before the index changes until the verdicts are gone (see `delete`).
        let mut store = lock_verdicts(&index)?;
        let selection = index.delete_before(before)?;
        let verdicts = remove_verdicts(&mut store, &selection.ids)?;
        (selection, verdicts)
    };
    let date = before.to_string();
    outln!(
        "{}",
        summary(&selection, args.dry_run, verdicts, Some(&date))
    );
    Ok(exit(EXIT_OK))
}
