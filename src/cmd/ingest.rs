//! `jamkoll ingest`: load records into the index, report every refusal, summarise.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use anyhow::Context;
use jamkoll_core::Gender;
use jamkoll_index::ingest::{Event, IngestOptions, OnIdentifier, Summary};
use jamkoll_index::read::{Format, Inputs, ReadOptions};
use jamkoll_index::record::RECORD_FIELDS;
use jamkoll_index::{Index, decode};
use jamkoll_redact::Gate;

use crate::cmd::rules::PackArgs;
use crate::cmd::stored::IngestRules;
use crate::cmd::{EXIT_ERROR, EXIT_OK, exit};
use crate::index_arg::IndexArg;
use crate::progress::Progress;

/// Arguments of `jamkoll ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read (JSON Lines, CSV, .txt with front-matter); `-` reads standard
    /// input. Folders are walked recursively.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// The rules ingest runs and stores the findings of (as `check` and `review` choose them).
    #[command(flatten)]
    pub pack: PackArgs,
    /// Format of standard input and of files whose extension does not tell.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Character encoding instead of detecting it (utf-8, windows-1252, utf-16le, ...).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Read a record field from a differently named column or key: `--map unit=Enhet`.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// Drop an input field before anything reads it (for identifier-named fields).
    #[arg(long = "drop-field", value_name = "NAME")]
    pub drop_field: Vec<String>,
    /// What to do with a record whose text holds a personnummer, phone number, e-mail address
    /// or address: refuse it, or index it with the value replaced by a placeholder.
    #[arg(long, value_enum, default_value = "reject", value_name = "MODE")]
    pub on_identifier: OnIdentifierArg,
    /// Stop at the first refused record or input.
    #[arg(long)]
    pub strict: bool,
    /// Records written between commits; an interrupted run loses at most this many.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub commit_every: usize,
    /// No progress bar and no notices (refusals and the summary are still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--format`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    /// JSON Lines.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// One text document with front-matter.
    Txt,
}

/// `--on-identifier`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OnIdentifierArg {
    /// Refuse the record and report id, kind and character offset.
    Reject,
    /// Replace the value by a placeholder such as [PERSONNUMMER] and index the record.
    Redact,
}

/// The validated settings of one run.
struct Settings {
    inputs: Vec<PathBuf>,
    index: PathBuf,
    options: IngestOptions,
    pack: PackArgs,
    quiet: bool,
}

impl Settings {
    fn from_args(args: Args) -> anyhow::Result<Settings> {
        let encoding = args
            .encoding
            .as_deref()
            .map(|label| {
                decode::encoding_for_label(label).with_context(|| {
                    format!("--encoding {label:?} is not an encoding jamkoll knows; try utf-8 or windows-1252")
                })
            })
            .transpose()?;
        let map = args
            .map
            .iter()
            .map(|m| {
                let (field, column) = m.split_once('=').with_context(|| {
                    format!("--map {m:?} must be FIELD=COLUMN, e.g. --map unit=Enhet")
                })?;
                let field = field.trim();
                anyhow::ensure!(
                    RECORD_FIELDS.contains(&field),
                    "--map {m:?}: {field:?} is not a record field; the fields are {}",
                    RECORD_FIELDS.join(", ")
                );
                let column = column.trim();
                anyhow::ensure!(
                    !column.is_empty(),
                    "--map {m:?}: the column name after `=` is empty; give the column that holds {field}, e.g. --map {field}=Kolumn"
                );
                Ok((field.to_string(), column.to_string()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        for (n, name) in args.drop_field.iter().enumerate() {
            anyhow::ensure!(
                !name.trim().is_empty(),
                "--drop-field number {} is empty; give the name of the input field to drop, e.g. --drop-field personnummer",
                n + 1
            );
        }
        anyhow::ensure!(args.commit_every > 0, "--commit-every must be at least 1");
        Ok(Settings {
            inputs: args.inputs,
            index: args.index.dir,
            options: IngestOptions {
                on_identifier: match args.on_identifier {
                    OnIdentifierArg::Reject => OnIdentifier::Reject,
                    OnIdentifierArg::Redact => OnIdentifier::Redact,
                },
                strict: args.strict,
                commit_every: args.commit_every,
                read: ReadOptions {
                    format: args.format.map(|f| match f {
                        FormatArg::Jsonl => Format::Jsonl,
                        FormatArg::Csv => Format::Csv,
                        FormatArg::Txt => Format::Text,
                    }),
                    encoding,
                    map,
                    drop: args.drop_field,
                },
                ..IngestOptions::default()
            },
            pack: args.pack,
            quiet: args.quiet,
        })
    }
}

/// Runs `jamkoll ingest`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_args(args)?;
    let rules = IngestRules::new(&settings.pack.load()?);
    let analyse = |r: &jamkoll_index::Record| rules.analyse(r);
    let hook = rules.hook(&analyse);
    let index = Index::open_or_create(&settings.index)?;
    let inputs = Inputs::new(&settings.inputs, settings.options.read.clone());
    let bytes_read = inputs.bytes_read();
    let progress = Progress::new(inputs.total_bytes(), settings.quiet);
    let gate = Gate::new();
    let quiet = settings.quiet;
    let summary = jamkoll_index::ingest::ingest(
        &index,
        inputs,
        &gate,
        &settings.options,
        Some(&hook),
        &mut |event| match event {
            Event::Problem(p) => progress.println(&format!("jamkoll: refused: {p}")),
            Event::Notice(n) if !quiet => progress.println(&format!("jamkoll: note: {n}")),
            Event::Notice(_) => {}
            Event::Progress { read, indexed } => progress.update(
                bytes_read.load(Ordering::Relaxed),
                format!("{read} read, {indexed} indexed"),
            ),
        },
    )?;
    progress.finish();
    out!("{}", render(&summary));
    Ok(exit(if summary.all_indexed() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }))
}

/// The summary: one line, then refusals by reason, redactions, and documents per unit and
/// gender.
fn render(s: &Summary) -> String {
    let mut out = String::new();
    let refused = s.records_refused();
    let _ = write!(
        out,
        "read {} records, indexed {}, refused {refused}",
        s.read, s.indexed
    );
    if s.inputs_refused > 0 {
        let _ = write!(out, ", {} input(s) refused whole", s.inputs_refused);
    }
    if s.stopped {
        out.push_str(", stopped at the first problem (--strict)");
    }
    let _ = writeln!(out, "; the index holds {} documents", s.documents_in_index);
    if !s.rejected.is_empty() {
        out.push_str("\nrefused by reason:\n");
        table_rows(&mut out, s.rejected.iter().map(|(k, v)| (k.as_str(), *v)));
    }
    if !s.redacted.is_empty() {
        out.push_str("\nidentifiers replaced by placeholders:\n");
        table_rows(&mut out, s.redacted.iter().map(|(k, v)| (*k, *v)));
    }
    if !s.per_unit.is_empty() {
        out.push_str("\ndocuments indexed per unit and gender:\n");
        per_unit_table(&mut out, &s.per_unit);
    }
    out
}

fn table_rows<'a>(out: &mut String, rows: impl Iterator<Item = (&'a str, u64)>) {
    let rows: Vec<_> = rows.collect();
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (k, v) in rows {
        let pad = width - k.chars().count();
        let _ = writeln!(out, "  {k}{:pad$}  {v:>7}", "");
    }
}

/// A unit × gender table of counts, the genders as columns.
fn per_unit_table(out: &mut String, per_unit: &BTreeMap<String, BTreeMap<Gender, u64>>) {
    let width = per_unit
        .keys()
        .map(|u| u.chars().count())
        .chain([4])
        .max()
        .unwrap_or(4);
    let _ = write!(out, "  {:width$}", "unit");
    for g in Gender::ALL {
        let _ = write!(out, "  {:>7}", g.as_str());
    }
    out.push('\n');
    for (unit, counts) in per_unit {
        let pad = width - unit.chars().count();
        let _ = write!(out, "  {unit}{:pad$}", "");
        for g in Gender::ALL {
            let _ = write!(out, "  {:>7}", counts.get(g).copied().unwrap_or(0));
        }
        out.push('\n');
    }
}
