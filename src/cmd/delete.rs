//! `jamkoll delete --id ID...`: remove documents for good (a request to erase, a record
//! ingested by mistake): their text, metadata and findings from the index and from disk, and
//! their triage verdicts.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_index::Index;
use jamkoll_index::delete::Selection;
use jamkoll_redact::Gate;

use crate::cmd::{EXIT_FAILURE, EXIT_OK, exit};
use crate::index_arg::IndexArg;

/// Arguments of `jamkoll delete`.
#[derive(Debug, clap::Args)]
#[command(after_help = LOCK_HELP)]
#[command(group(clap::ArgGroup::new("which").required(true).multiple(true).args(["ids", "ids_from"])))]
pub struct Args {
    /// Id of a document to remove; repeat for several.
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
    /// A file with one id per line (blank lines and lines starting with `#` are skipped); `-`
    /// reads standard input.
    #[arg(long, value_name = "FILE")]
    pub ids_from: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Say how many documents and triage verdicts would be removed, and remove nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What `delete` and `gallra --help` say about the verdicts' lock.
pub(crate) const LOCK_HELP: &str = "The triage verdicts (verdicts.jsonl in the index folder) are locked from before the first document is removed until their verdicts are gone: a `jamkoll triage` or `jamkoll serve` that records a verdict meanwhile waits for it (up to 10 s, then it stops and says so), and a delete that cannot get the lock within 10 s stops, says which command holds it, and removes nothing.";

/// Runs `jamkoll delete`. Exit 0 when every id was found (or nothing was asked), 1 when some
/// ids are not in the index (the rest are removed), 2 on an error.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut ids = Vec::new();
    for (n, id) in args.ids.iter().enumerate() {
        let id = id.trim();
        anyhow::ensure!(
            !id.is_empty(),
            "--id number {} is empty; give the id of a document in the index",
            n + 1
        );
        ids.push(id.to_string());
    }
    for file in &args.ids_from {
        ids.extend(read_ids(file)?);
    }
    let index = Index::open(&args.index.dir)?;
    // Verdicts go for every id asked for, found or not, so a run that removed the documents
    // but failed on the verdicts can simply be repeated.
    let (selection, verdicts) = if args.dry_run {
        let store = read_verdicts(&index)?;
        (index.select_ids(&ids)?, store.count_documents(&ids))
    } else {
        // The verdicts' lock is held from before the index changes until the verdicts are
        // gone, so no `triage` or `serve` records a verdict on a document being removed.
        let mut store = lock_verdicts(&index)?;
        let selection = index.delete_ids(&ids)?;
        (selection, remove_verdicts(&mut store, &ids)?)
    };
    outln!("{}", summary(&selection, args.dry_run, verdicts, None));
    if !selection.missing.is_empty() {
        let gate = Gate::new();
        outln!(
            "not in the index ({}): {}",
            selection.missing.len(),
            shown_ids(&gate, &selection.missing)
        );
    }
    Ok(exit(if selection.missing.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILURE
    }))
}

/// Ids from a file (or standard input), one a line.
fn read_ids(path: &Path) -> anyhow::Result<Vec<String>> {
    let reader: Box<dyn std::io::BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("--ids-from {}: cannot open the file", path.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut ids = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| {
            format!(
                "--ids-from {}:{}: cannot read the line (it must be UTF-8 text, one id a line)",
                path.display(),
                n + 1
            )
        })?;
        let id = line.trim().trim_start_matches('\u{feff}');
        if !id.is_empty() && !id.starts_with('#') {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

/// Ids for output: an id that looks like an identifier (someone typed a personnummer instead
/// of a document id) is shown as its placeholder, never as it is.
fn shown_ids(gate: &Gate, ids: &[String]) -> String {
    ids.iter()
        .map(|id| gate.redact_cow(id).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line: how many documents and verdicts were (or would be) removed.
pub(crate) fn summary(
    selection: &Selection,
    dry_run: bool,
    verdicts: usize,
    before: Option<&str>,
) -> String {
    let n = selection.ids.len();
    let what = match before {
        Some(date) => format!("{n} document(s) dated before {date}"),
        None => format!("{n} document(s)"),
    };
    let mut line = if dry_run {
        format!(
            "would remove {what} and their findings; would remove {verdicts} verdict(s) (dry run: nothing was removed)"
        )
    } else {
        format!("removed {what} and their findings; removed {verdicts} verdict(s)")
    };
    if before.is_some() && selection.undated > 0 {
        line.push_str(&format!(
            "; kept {} document(s) without a date (remove them with `jamkoll delete --id`)",
            selection.undated
        ));
    }
    line
}

/// The verdicts of the index, read (under a shared lock) for a dry run.
pub(crate) fn read_verdicts(index: &Index) -> anyhow::Result<jamkoll_triage::VerdictStore> {
    jamkoll_triage::VerdictStore::load(index.dir()).with_context(|| {
        format!(
            "the verdicts in {} could not be read; nothing was removed",
            jamkoll_triage::VerdictStore::path_in(index.dir()).display()
        )
    })
}

/// The verdicts of the index, with the lock held until the store is dropped: taken before the
/// documents are removed, so nothing is removed when the verdicts are busy or unreadable.
pub(crate) fn lock_verdicts(index: &Index) -> anyhow::Result<jamkoll_triage::VerdictStore> {
    jamkoll_triage::VerdictStore::open_for_writing(index.dir()).with_context(|| {
        format!(
            "the verdicts in {} could not be opened for writing; nothing was removed",
            jamkoll_triage::VerdictStore::path_in(index.dir()).display()
        )
    })
}

/// Removes the triage verdicts of the removed documents; returns how many.
pub(crate) fn remove_verdicts(
    store: &mut jamkoll_triage::VerdictStore,
    ids: &[String],
) -> anyhow::Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    store.remove_documents(ids).with_context(|| {
        format!(
            "the documents were removed, but their verdicts in {} could not be rewritten; \
             run the same command again",
            store.path().display()
        )
    })
}
