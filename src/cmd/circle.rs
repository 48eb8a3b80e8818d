//! The research-circle parts of `jamkoll review` (issue 8): goals (`--goals`), before and after
//! (`--compare-from`/`--compare-to`) and discussion material (`--discussion`).
//!
//! Kept apart from `review.rs` so that the review's own wiring stays small: `review.rs` builds
//! [`Aggregators`] instead of one `Aggregator`, and calls [`finish`] at the end.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use jamkoll_review::compare::CompareReport;
use jamkoll_review::goals::{self, Goals};
use jamkoll_review::{
    Aggregator, DocSummary, ExcerptSource, Filters, Report, RuleInfo, Settings, Stamp, render,
};

use crate::cmd::review::{FormatArg, create_private_dir, write_private};

/// The research-circle arguments of `jamkoll review`.
#[derive(Debug, Clone, clap::Args)]
pub struct CircleArgs {
    /// Judge the goals in this TOML file (`[[goal]]` tables; see docs/statistics.md, "Goals").
    /// Exit code 1 when a goal is not met, 0 when every goal is met or not measurable.
    #[arg(long, value_name = "FILE")]
    pub goals: Option<PathBuf>,
    /// Before and after: also review this earlier period (first day, YYYY-MM-DD) and show each
    /// unit's change from it to the period of --from/--to. Needs --compare-to, --from and --to.
    #[arg(long, value_name = "DATE", requires = "compare_to")]
    pub compare_from: Option<String>,
    /// The last day of the earlier period (YYYY-MM-DD); it must end before --from.
    #[arg(long, value_name = "DATE", requires = "compare_from")]
    pub compare_to: Option<String>,
    /// With --format html --out DIR: write discussion material for one research-circle meeting
    /// per unit (`samtal-<unit>.html`, printable on A4) and `samtal.html` linking them.
    #[arg(long, requires = "out")]
    pub discussion: bool,
}

impl CircleArgs {
    /// Checks the research-circle arguments against the review's settings and format before
    /// any work: none of them combines with `--format counts` (which writes count tables only),
    /// the earlier period must be two dates that end before the later period (--from/--to)
    /// starts, and --discussion and --goals do not combine with it.
    pub fn check(&self, settings: &Settings, format: FormatArg) -> anyhow::Result<()> {
        if format == FormatArg::Counts {
            for (given, flag, what) in [
                (
                    self.compare_from.is_some(),
                    "--compare-from/--compare-to",
                    "write the counts of each period in its own run (--from/--to), and compare the reviews",
                ),
                (
                    self.goals.is_some(),
                    "--goals",
                    "judge the goals in a review with --format md, html, json or csv",
                ),
                (
                    self.discussion,
                    "--discussion",
                    "make the material with --format html",
                ),
            ] {
                anyhow::ensure!(
                    !given,
                    "--format counts and {flag} cannot be combined: counts are the raw tables for `jamkoll merge`; {what}"
                );
            }
        }
        if let (Some(from), Some(to)) = (&self.compare_from, &self.compare_to) {
            let (Some(after_from), Some(_)) = (&settings.filters.from, &settings.filters.to) else {
                anyhow::bail!(
                    "--compare-from/--compare-to need --from and --to: the later period to compare the earlier one with"
                );
            };
            for (flag, d) in [("--compare-from", from), ("--compare-to", to)] {
                anyhow::ensure!(
                    crate::cmd::review::is_iso_day(d),
                    "{flag} {d:?} is not a date; write it as YYYY-MM-DD, e.g. 2024-01-31"
                );
            }
            anyhow::ensure!(
                from <= to,
                "--compare-from {from} is after --compare-to {to}; give the first and the last day of the earlier period"
            );
            anyhow::ensure!(
                to < after_from,
                "the periods overlap or are in the wrong order: --compare-from/--compare-to is the earlier period (before) and must end before --from {after_from} (the later period, after)"
            );
            anyhow::ensure!(
                !self.discussion,
                "--discussion and --compare-from cannot be combined; make the material from a review of one period"
            );
            anyhow::ensure!(
                self.goals.is_none(),
                "--goals and --compare-from cannot be combined; judge the goals in a review of one period"
            );
        }
        Ok(())
    }
}

/// The aggregation of one review.
#[derive(Debug)]
pub struct Aggregators {
    main: Aggregator,
    /// The earlier period of a before-and-after review.
    before: Option<Aggregator>,
    goals: Option<Goals>,
    scan: Filters,
    discussion: bool,
}

/// What the research-circle options add to a finished review.
#[derive(Debug)]
pub struct Extra {
    /// Whether a goal is not met (exit code 1).
    pub not_met: bool,
    /// One line per unmet goal, for standard error (a scheduled job's log says which).
    not_met_lines: Vec<String>,
    /// The review of the earlier period, in a before-and-after review.
    before: Option<Report>,
    /// Whether to write discussion material instead of the report.
    discussion: bool,
}

impl Aggregators {
    /// The aggregators a review of `index` with these settings and arguments needs (checked by
    /// [`CircleArgs::check`]). Reads and checks the goals file first (against the rule pack and
    /// the index's units), so a bad one stops the review before any document is read.
    pub fn new(
        index: &jamkoll_index::Index,
        rules: &[RuleInfo],
        settings: &Settings,
        args: &CircleArgs,
    ) -> anyhow::Result<Aggregators> {
        let goals = match &args.goals {
            Some(path) => {
                let units = crate::cmd::review::values_in(index, "unit")?;
                Some(load_goals(path, rules, &units)?)
            }
            None => None,
        };
        let mut scan = settings.filters.clone();
        let before = match (&args.compare_from, &args.compare_to) {
            (Some(from), Some(to)) => {
                let mut s = settings.clone();
                s.filters.from = Some(from.clone());
                s.filters.to = Some(to.clone());
                // The scan admits both periods; each aggregation keeps to its own.
                scan.from = Some(from.clone());
                Some(Aggregator::new(rules, &s))
            }
            _ => None,
        };
        let mut settings = settings.clone();
        // The material's excerpts are chosen with the report (jamkoll_review's material.rs).
        settings.discussion = args.discussion;
        Ok(Aggregators {
            main: Aggregator::new(rules, &settings),
            before,
            goals,
            scan,
            discussion: args.discussion,
        })
    }

    /// The filters a document must pass to be read at all (the union of the periods).
    pub fn scan_filters(&self) -> &Filters {
        &self.scan
    }

    /// Counts one document, whose case has `case_documents` documents in all (0: unknown), in
    /// every aggregation whose filters admit it (see `Aggregator::push_counted`).
    pub fn push_counted(&mut self, doc: DocSummary, case_documents: u32) -> bool {
        let before = match &mut self.before {
            Some(agg) => agg.push_counted(doc.clone(), case_documents),
            None => false,
        };
        self.main.push_counted(doc, case_documents) || before
    }

    /// The report, with goals judged when a goals file was given, and what the research-circle
    /// options add (the earlier period's review, whether a goal is not met).
    pub fn finish(self, stamp: &Stamp, source: &dyn ExcerptSource) -> (Report, Extra) {
        let mut report = self.main.finish(stamp, source);
        let before = self.before.map(|b| b.finish(stamp, source));
        let mut not_met = false;
        let mut not_met_lines = Vec::new();
        if let Some(goals) = &self.goals {
            report.goals = goals::evaluate(goals, &report);
            not_met = goals::any_not_met(&report.goals);
            not_met_lines = render::goals_not_met(&report)
                .into_iter()
                .map(|(line, text)| format!("{}:{line}: {text}", goals.file))
                .collect();
        }
        (
            report,
            Extra {
                not_met,
                not_met_lines,
                before,
                discussion: self.discussion,
            },
        )
    }
}

impl Extra {
    /// Writes what replaces the usual report (a before-and-after review), and returns whether
    /// it did; otherwise the caller writes the report as usual.
    pub fn write(
        &self,
        report: &Report,
        format: FormatArg,
        out: Option<&Path>,
    ) -> anyhow::Result<bool> {
        // Also when the report goes to a folder, the terminal (a scheduled job's log) names
        // every unmet goal.
        for line in &self.not_met_lines {
            eprintln!("jamkoll: goal not met: {line}");
        }
        if self.discussion {
            let (FormatArg::Html, Some(dir)) = (format, out) else {
                anyhow::bail!(
                    "--discussion writes printable HTML pages; give --format html --out DIR"
                );
            };
            create_private_dir(dir)?;
            write_private(&dir.join("samtal.html"), &render::discussion_index(report))?;
            for u in &report.units {
                write_private(
                    &dir.join(render::discussion_file_name(report, &u.unit)),
                    &render::discussion_unit(report, u),
                )?;
            }
            return Ok(true);
        }
        let Some(before) = &self.before else {
            return Ok(false);
        };
        let cmp: CompareReport = jamkoll_review::compare::compare(before, report);
        let (text, name) = match format {
            FormatArg::Md => (render::compare_markdown(&cmp), "compare.md"),
            FormatArg::Html => (render::compare_html(&cmp), "compare.html"),
            FormatArg::Json => (render::compare_json(&cmp), "compare.json"),
            FormatArg::Csv => (render::compare_csv(&cmp), "compare.csv"),
            FormatArg::Counts => anyhow::bail!(
                "--format counts and --compare-from cannot be combined; write the counts of each period in its own run"
            ),
        };
        match out {
            Some(dir) => {
                create_private_dir(dir)?;
                write_private(&dir.join(name), &text)?;
            }
            None => outln!("{}", text.trim_end_matches('\n')),
        }
        Ok(true)
    }
}

/// Reads and checks a goals file against the rule pack and the index's `units` (errors name
/// the file, line and key).
pub fn load_goals(
    path: &Path,
    rules: &[RuleInfo],
    units: &std::collections::BTreeSet<String>,
) -> anyhow::Result<Goals> {
    let gate = GoalsGate {
        gate: jamkoll_redact::Gate::new(),
        units,
    };
    // The file's name is shown as every input path is (errors, unmet goals).
    let name = gate
        .gate
        .redact_path(&path.display().to_string())
        .into_owned();
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the goals file {name}"))?;
    let cx = goals::Context {
        rules,
        units: Some(units),
        gate: &gate,
    };
    Ok(Goals::parse(&name, &text, &cx)?)
}

/// The identifier gate for a goal's name and unit, which every format prints as written.
struct GoalsGate<'a> {
    gate: jamkoll_redact::Gate,
    /// The index's units: a unit name the name list also holds (a place, "Team Sofia") passes
    /// when the index has that unit, as ingest lets it pass in a record's unit field.
    units: &'a std::collections::BTreeSet<String>,
}

impl goals::LabelGate for GoalsGate<'_> {
    fn identifier_in(&self, key: &str, value: &str) -> Option<&'static str> {
        use jamkoll_redact::IdentifierKind as K;
        let known_unit = key == "unit" && self.units.contains(value);
        self.gate
            .scan(value)
            .into_iter()
            .find(|h| !(known_unit && h.kind == K::Namn))
            .map(|h| match h.kind {
                K::Personnummer => "a personnummer",
                K::Samordningsnummer => "a samordningsnummer",
                K::Telefon => "a phone number",
                K::Epost => "an e-mail address",
                K::Adress | K::Postadress => "an address",
                K::Namn => "a likely personal name",
            })
    }

    fn redact(&self, value: &str) -> String {
        self.gate.redact_cow(value).into_owned()
    }

    fn quoted(&self, value: &str) -> String {
        self.gate.quoted(value)
    }
}
