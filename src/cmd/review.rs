//! `jamkoll review`: per-unit review summaries with gender statistics and excerpts.
//!
//! Reads every document's metadata, stored findings and mention counts from the index's fast
//! fields (after ingesting PATHs, when given), recomputing only the rules that changed since
//! ingest (see `stored.rs`), and hands one summary per document to `jamkoll_review`, which
//! aggregates, suppresses small counts, tests and renders. Text is read only for excerpts of
//! flagged rows (through the identifier gate) and for recomputed rules.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

use anyhow::Context as _;
use jamkoll_core::{Area, Span};
use jamkoll_index::Index;
use jamkoll_index::date::IsoDate;
use jamkoll_index::ingest::{Event, IngestOptions};
use jamkoll_index::read::{Inputs, ReadOptions};
use jamkoll_index::stored::Searcher;
use jamkoll_redact::Gate;
use jamkoll_review::{ExcerptSource, Filters, Lang, RuleInfo, Settings, Stamp, render};

use crate::cmd::rules::PackArgs;
use crate::cmd::{EXIT_ERROR, EXIT_FAILURE, EXIT_OK, exit};
use crate::index_arg::IndexArg;

/// Arguments of `jamkoll review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to ingest first (as `jamkoll ingest` does); without them the index is
    /// reviewed as it is.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexArg,
    #[command(flatten)]
    pack: PackArgs,
    /// Only this unit (repeatable).
    #[arg(long = "unit", value_name = "U")]
    units: Vec<String>,
    /// Only this area (e.g. barn_unga, "ekonomiskt bistånd").
    #[arg(long, value_name = "A")]
    area: Option<String>,
    /// Only documents dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only documents dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    format: FormatArg,
    /// Write one file per unit and an overview (`index.md`, `index.html`) into this folder
    /// instead of printing (json and csv: `report.json`, `report.csv`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
    /// No notices on standard error (refused records are still reported).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    circle: crate::cmd::circle::CircleArgs,
}

/// The report options `review` and `merge` share.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Language of the report.
    #[arg(long, value_enum, default_value = "sv")]
    lang: LangArg,
    /// Counts from 1 to N−1 are never shown (in `merge`: after merging).
    #[arg(long, default_value_t = 5, value_name = "N")]
    min_cell: u64,
    /// Flag a difference when its Benjamini–Hochberg q is below this.
    #[arg(long, default_value_t = 0.05, value_name = "A")]
    alpha: f64,
}

impl ReportArgs {
    /// Checks the values and gives the settings they decide (the rest at their defaults).
    pub(crate) fn settings(&self) -> anyhow::Result<Settings> {
        anyhow::ensure!(
            self.min_cell >= 1,
            "--min-cell must be at least 1 (the default is 5)"
        );
        anyhow::ensure!(
            self.alpha > 0.0 && self.alpha < 1.0,
            "--alpha must be between 0 and 1 (the default is 0.05), not {}",
            self.alpha
        );
        Ok(Settings {
            min_cell: self.min_cell,
            alpha: self.alpha,
            lang: match self.lang {
                LangArg::Sv => Lang::Sv,
                LangArg::En => Lang::En,
            },
            ..Settings::default()
        })
    }
}

/// Report formats (shared with `jamkoll merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FormatArg {
    Md,
    Html,
    Json,
    Csv,
    /// The unsuppressed count tables for `jamkoll merge` (`counts.json`; no text, no ids).
    Counts,
}

/// Report languages (shared with `jamkoll merge`).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum LangArg {
    Sv,
    En,
}

/// Runs `jamkoll review`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let settings = settings(&args)?;
    args.circle.check(&settings, args.format)?;
    anyhow::ensure!(
        args.out.is_some() || args.format != FormatArg::Html,
        "--format html writes one page per unit and an overview page; give --out DIR"
    );
    let pack = args.pack.load()?;
    let gate = Gate::new();

    let mut refused = false;
    let index = if args.paths.is_empty() {
        Index::open(&args.index.dir).with_context(|| {
            format!(
                "cannot open the index at {}; ingest documents first (`jamkoll ingest PATH`) or give PATHs to review",
                args.index.dir.display()
            )
        })?
    } else {
        let index = Index::open_or_create(&args.index.dir)?;
        let inputs = Inputs::new(&args.paths, ReadOptions::default());
        let quiet = args.quiet;
        let ingest_rules = crate::cmd::stored::IngestRules::new(&pack);
        let analyse = |r: &jamkoll_index::Record| ingest_rules.analyse(r);
        let summary = jamkoll_index::ingest::ingest(
            &index,
            inputs,
            &gate,
            &IngestOptions::default(),
            Some(&ingest_rules.hook(&analyse)),
            &mut |event| match event {
                Event::Problem(p) => eprintln!("jamkoll: refused: {p}"),
                Event::Notice(n) if !quiet => eprintln!("jamkoll: note: {n}"),
                _ => {}
            },
        )?;
        refused = !summary.all_indexed();
        index
    };
    check_filters_match(&index, &args, &settings.filters)?;

    let rules: Vec<RuleInfo> = pack
        .rules()
        .iter()
        .map(|r| RuleInfo {
            id: r.id.clone(),
            category: r.category,
            message_sv: r.message.clone(),
            message_en: r.message_en.clone(),
            question_sv: r.doc.question.clone(),
            question_en: r.doc.question_en.clone(),
        })
        .collect();
    let mut agg = crate::cmd::circle::Aggregators::new(&index, &rules, &settings, &args.circle)?;
    // `--format counts`: the count tables alone, for `jamkoll merge` (src/cmd/merge.rs).
    let mut counts = (args.format == FormatArg::Counts)
        .then(|| jamkoll_review::Aggregator::new(&rules, &settings));
    // Findings dismissed at triage are left out and counted (`jamkoll triage`).
    let dismissals = crate::cmd::triage::Dismissals::load(&args.index.dir)?;
    // The pack's engine is compiled only if a document has nothing stored.
    let mut docs =
        crate::cmd::stored::Reviewer::lazy(&index, &pack, agg.scan_filters())?.start()?;
    // Counting a batch (one thread) overlaps with reading and analysing the next (the others).
    let mut batch = docs.next_counted()?;
    while !batch.is_empty() {
        let (next, counted) = rayon::join(
            || docs.next_counted(),
            || -> anyhow::Result<()> {
                for s in batch {
                    let Some((doc_ref, mut summary, case_documents)) = s? else {
                        continue;
                    };
                    dismissals.apply(&index, doc_ref, &mut summary)?;
                    match counts.as_mut() {
                        Some(c) => c.push_counted(summary, case_documents),
                        None => agg.push_counted(summary, case_documents),
                    };
                }
                Ok(())
            },
        );
        counted?;
        batch = next?;
    }
    docs.tell(args.quiet);
    let stamp = Stamp {
        jamkoll_version: env!("CARGO_PKG_VERSION").to_string(),
        rule_pack_hash: pack.hash().to_string(),
    };
    if let Some(c) = counts {
        let counts = jamkoll_review::Counts::of(&c, &stamp);
        crate::cmd::merge::write_counts(&counts, args.out.as_deref(), args.quiet)?;
        return Ok(exit(if refused { EXIT_ERROR } else { EXIT_OK }));
    }
    let source = IndexExcerpts {
        index: &index,
        searcher: docs.searcher(),
        gate: &gate,
        texts: RefCell::default(),
    };
    let (report, circle) = agg.finish(&stamp, &source);
    if !circle.write(&report, args.format, args.out.as_deref())? {
        write(&report, args.format, args.out.as_deref())?;
    }
    Ok(exit(if refused {
        EXIT_ERROR
    } else if circle.not_met {
        EXIT_FAILURE
    } else {
        EXIT_OK
    }))
}

/// The validated review settings.
fn settings(args: &Args) -> anyhow::Result<Settings> {
    // Unit and area filters are echoed in the report: a value holding an identifier the gate
    // is certain of is refused. A likely name passes (see `check_label`): it matches no
    // document, since ingest keeps out every label that reads as a person, and the refusal
    // that follows quotes it through the whole gate.
    let gate = Gate::new();
    for unit in &args.units {
        crate::cmd::check_label(&gate, "--unit", unit, "the unit's name")?;
    }
    if let Some(area) = &args.area {
        crate::cmd::check_label(&gate, "--area", area, "the area, e.g. barn_unga")?;
    }
    let base = args.report.settings()?;
    for (flag, date) in [("--from", &args.from), ("--to", &args.to)] {
        if let Some(d) = date {
            anyhow::ensure!(
                is_iso_day(d),
                "{flag} {} is not a date; write it as YYYY-MM-DD, e.g. 2024-01-31",
                gate.quoted(d)
            );
        }
    }
    if let (Some(from), Some(to)) = (&args.from, &args.to) {
        anyhow::ensure!(
            from <= to,
            "--from {from} is after --to {to}; give the first day of the period with --from and the last with --to"
        );
    }
    let mut units = args.units.clone();
    units.sort();
    units.dedup();
    Ok(Settings {
        filters: Filters {
            units,
            area: args
                .area
                .as_deref()
                .map(|a| Area::new(a).as_str().to_string()),
            from: args.from.clone(),
            to: args.to.clone(),
        },
        ..base
    })
}

/// Refuses a `--unit` or `--area` that no document of the index has: a misspelt unit would
/// otherwise give an empty review and exit 0. The message lists the values the index holds,
/// through the gate as every echoed value.
fn check_filters_match(index: &Index, args: &Args, filters: &Filters) -> anyhow::Result<()> {
    check_units_match(index, &filters.units)?;
    if let (Some(typed), Some(area)) = (&args.area, &filters.area) {
        let known = values_in(index, "area")?;
        anyhow::ensure!(
            known.contains(area),
            "--area {}: no document in the index {} has this area; the areas in the index are: {}",
            Gate::new().quoted(typed),
            index.dir().display(),
            gated_list(&known)
        );
    }
    Ok(())
}

/// Refuses a `--unit` that no document of the index has (`review`, `triage list`), naming it
/// and the units the index holds, all through the gate. No units given: nothing to check.
pub(crate) fn check_units_match(index: &Index, units: &[String]) -> anyhow::Result<()> {
    if units.is_empty() {
        return Ok(());
    }
    let known = values_in(index, "unit")?;
    for unit in units {
        anyhow::ensure!(
            known.contains(unit),
            "--unit {}: no document in the index {} has this unit (names are matched exactly); the units in the index are: {}",
            Gate::new().quoted(unit),
            index.dir().display(),
            gated_list(&known)
        );
    }
    Ok(())
}

/// Values of the index for a message: each through the gate, comma separated, or "none".
fn gated_list(values: &std::collections::BTreeSet<String>) -> String {
    if values.is_empty() {
        return "none".to_string();
    }
    let gate = Gate::new();
    values
        .iter()
        .map(|v| gate.redact_cow(v).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The distinct values of a keyword field (`unit`, `area`) among the live documents of the
/// index, from the fast-field dictionaries: one ordinal per document, no text or blob read.
pub(crate) fn values_in(
    index: &Index,
    field: &str,
) -> anyhow::Result<std::collections::BTreeSet<String>> {
    let searcher = index.searcher()?;
    let mut values = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str(field)? else {
            continue;
        };
        let mut ords = std::collections::BTreeSet::new();
        for doc in segment.doc_ids_alive() {
            ords.extend(column.term_ords(doc));
        }
        let mut value = String::new();
        for ord in ords {
            if column.ord_to_str(ord, &mut value)? {
                values.insert(value.clone());
            }
        }
    }
    Ok(values)
}

/// Whether `s` is a real day written YYYY-MM-DD (the calendar check is `IsoDate`'s, as
/// `gallra --before` has it: 2025-02-30 and 2025-02-29 are not days).
pub(crate) fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && s.parse::<IsoDate>().is_ok()
}

/// Cuts excerpts from the stored text, through the identifier gate.
struct IndexExcerpts<'a> {
    index: &'a Index,
    /// The searcher the documents were read through, so each `DocRef` points at its document.
    searcher: &'a Searcher,
    gate: &'a Gate,
    /// Texts already read, by record id: a document is asked for once per row and gender it
    /// is a candidate of, and reading one decompresses a whole block of the document store.
    /// Documents are found by id only here, so the review keeps no map of every document.
    texts: RefCell<HashMap<String, Option<Rc<String>>>>,
}

impl IndexExcerpts<'_> {
    fn text(&self, id: &str) -> Option<Rc<String>> {
        let mut texts = self.texts.borrow_mut();
        if let Some(text) = texts.get(id) {
            return text.clone();
        }
        let text = match self.index.doc_by_id(self.searcher, id) {
            Ok(Some(doc)) => self.index.text_in(self.searcher, doc).ok().map(Rc::new),
            _ => None,
        };
        texts.insert(id.to_string(), text.clone());
        text
    }
}

/// Characters of context either side of the cue.
const CONTEXT: usize = 80;

impl ExcerptSource for IndexExcerpts<'_> {
    fn excerpt(&self, doc_id: &str, sentence: Span, cue: Span) -> Option<String> {
        let text = self.text(doc_id)?;
        let start = sentence.start.min(text.len());
        let end = sentence.end.min(text.len()).max(start);
        let (cue_start, cue_end) = (cue.start.clamp(start, end), cue.end.clamp(start, end));
        let from = floor_char(&text, cue_start.saturating_sub(CONTEXT).max(start));
        let to = ceil_char(&text, (cue_end + CONTEXT).min(end));
        let piece = text.get(from..to)?;
        let piece = piece.split_whitespace().collect::<Vec<_>>().join(" ");
        if piece.is_empty() {
            return None;
        }
        let redacted = self.gate.redact_cow(&piece).into_owned();
        let lead = if from > start { "…" } else { "" };
        let tail = if to < end { "…" } else { "" };
        Some(format!("{lead}{redacted}{tail}"))
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Prints the report or writes its files.
pub(crate) fn write(
    report: &jamkoll_review::Report,
    format: FormatArg,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let Some(dir) = out else {
        let text = match format {
            FormatArg::Md => render::markdown(report),
            FormatArg::Json => render::json(report),
            // With goals, standard output gets the goals table (a scheduled job's result); the
            // language table is in report.csv with --out.
            FormatArg::Csv if !report.goals.is_empty() => render::goals_csv(report),
            FormatArg::Csv => render::csv(report),
            FormatArg::Html => anyhow::bail!("--format html needs --out DIR"),
            FormatArg::Counts => anyhow::bail!("counts are written by merge::write_counts"),
        };
        std::io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(());
    };
    create_private_dir(dir)?;
    match format {
        FormatArg::Md => {
            write_private(&dir.join("index.md"), &render::markdown_overview(report))?;
            for u in &report.units {
                let name = format!("{}.md", render::unit_stem(report, &u.unit));
                write_private(&dir.join(name), &render::markdown_unit(report, u))?;
            }
        }
        FormatArg::Html => {
            write_private(&dir.join("index.html"), &render::html_overview(report))?;
            for u in &report.units {
                let name = format!("{}.html", render::unit_stem(report, &u.unit));
                write_private(&dir.join(name), &render::html_unit(report, u))?;
            }
        }
        FormatArg::Json => write_private(&dir.join("report.json"), &render::json(report))?,
        FormatArg::Counts => anyhow::bail!("counts are written by merge::write_counts"),
        FormatArg::Csv => {
            write_private(&dir.join("report.csv"), &render::csv(report))?;
            if !report.goals.is_empty() {
                write_private(&dir.join("goals.csv"), &render::goals_csv(report))?;
            }
        }
    }
    Ok(())
}

/// Creates `dir` readable by the owner only (reports hold excerpts of sensitive text).
pub(crate) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create the output folder {}", dir.display()))
}

/// Writes `text` to `path`, readable by the owner only.
pub(crate) fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days_are_checked() {
        assert!(is_iso_day("2024-01-31"));
        assert!(is_iso_day("2024-02-29"));
        assert!(!is_iso_day("2025-02-29"));
        assert!(!is_iso_day("2025-02-30"));
        assert!(!is_iso_day("2025-04-31"));
        assert!(!is_iso_day("2024-13-01"));
        assert!(!is_iso_day("2024-1-01"));
        assert!(!is_iso_day("31/01/2024"));
    }
}
