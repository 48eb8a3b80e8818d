//! `jamkoll merge`: one review from the counts of many shards, and `review --format counts`.
//!
//! Secrecy keeps texts inside each municipality, so a region reviews by counts: each shard runs
//! `jamkoll review --format counts` (count tables, no text, no ids), and `jamkoll merge` adds
//! them and computes the review of the pooled material: every rate, interval and test on the
//! merged counts, small counts suppressed only after merging. The same serves one organisation
//! too big for one machine (docs/scaling.md).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_review::{Counts, Stamp, merge, merged_report};

use crate::cmd::review::{FormatArg, ReportArgs, create_private_dir, write, write_private};
use crate::cmd::{EXIT_OK, exit};

/// Arguments of `jamkoll merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Counts files written by `jamkoll review --format counts` (or by `jamkoll merge --format
    /// counts`, to merge in steps).
    #[arg(value_name = "COUNTS", required = true)]
    files: Vec<PathBuf>,
    /// Output format; `counts` writes the merged counts (unsuppressed) for a further merge.
    #[arg(long, value_enum, default_value = "md")]
    format: FormatArg,
    /// Write the report into this folder instead of printing (as `jamkoll review --out`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
    /// Let a unit appear in several files. Only correct when every case is whole in one file
    /// (shards split by unit or by a hash of the case id): a case split over two files would be
    /// counted twice.
    #[arg(long)]
    allow_split_units: bool,
    /// No warning on standard error when counts go to standard output.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `jamkoll merge`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let settings = args.report.settings()?;
    anyhow::ensure!(
        args.out.is_some() || args.format != FormatArg::Html,
        "--format html writes one page per unit and an overview page; give --out DIR"
    );
    let mut parts = Vec::with_capacity(args.files.len());
    for path in &args.files {
        parts.push(read_counts(path)?);
    }
    let merged = merge(parts, args.allow_split_units)
        .map_err(|(i, err)| {
            anyhow::anyhow!(
                "{}: {err} (the first file is {})",
                args.files[i].display(),
                args.files[0].display()
            )
        })?
        .context("no counts files given")?;
    if args.format == FormatArg::Counts {
        write_counts(&merged, args.out.as_deref(), args.quiet)?;
        return Ok(exit(EXIT_OK));
    }
    // The counts' own version and pack: they decided every finding.
    let stamp = Stamp {
        jamkoll_version: merged.jamkoll_version.clone(),
        rule_pack_hash: merged.rule_pack.hash.clone(),
    };
    let report = merged_report(merged, args.files.len(), &settings, &stamp)
        .context("the merged counts are inconsistent")?;
    write(&report, args.format, args.out.as_deref())?;
    Ok(exit(EXIT_OK))
}

/// Reads one counts file; every error names the file.
fn read_counts(path: &Path) -> anyhow::Result<Counts> {
    let text = fs::read_to_string(path).with_context(|| {
        format!(
            "{}: cannot read the counts file; check the path (write one with `jamkoll review --format counts --out DIR`)",
            path.display()
        )
    })?;
    Counts::from_json(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}

/// Writes a counts document: `DIR/counts.json` readable by the owner only, or standard output
/// with a warning on standard error (the counts are unsuppressed).
pub fn write_counts(counts: &Counts, out: Option<&Path>, quiet: bool) -> anyhow::Result<()> {
    let text = counts.to_json();
    match out {
        Some(dir) => {
            create_private_dir(dir)?;
            write_private(&dir.join("counts.json"), &text)
        }
        None => {
            if !quiet {
                eprintln!(
                    "jamkoll: warning: the counts are unsuppressed working data (small counts are not hidden); keep them private, and prefer --out DIR, which writes a file only you can read"
                );
            }
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(())
        }
    }
}
