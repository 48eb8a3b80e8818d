//! `jamkoll triage`: list findings with their fingerprints, record keep/dismiss verdicts, and
//! export or import them as CSV.
//!
//! Verdicts live in the index folder (`verdicts.jsonl`, see `jamkoll_triage`), never in the
//! texts. Findings are the ones review counts (`crate::cmd::stored::Reviewer`: stored findings
//! of unchanged rules, recomputed ones of changed rules, case-level absence). The sentence of
//! each finding is cut from the stored text for its fingerprint, and shown only through the
//! identifier gate.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_core::{Finding, Gender, Scope};
use jamkoll_index::{DocRef, Index};
use jamkoll_redact::Gate;
use jamkoll_review::{DocSummary, Filters};
use jamkoll_rules::{Engine, RulePack};
use jamkoll_triage::{
    CsvRow, DecidedBy, Decision, Excerpt, Fingerprint, Reason, Verdict, VerdictStore,
    fingerprint_of, now_utc, write_csv,
};
use rayon::prelude::*;

use crate::cmd::rules::PackArgs;
use crate::cmd::{EXIT_ERROR, EXIT_OK, exit};
use crate::index_arg::IndexArg;

/// The role recorded when `--by` is not given: triage is mostly done by a research circle.
pub const DEFAULT_ROLE: &str = "forskningscirkel";

/// Arguments of `jamkoll triage`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Verdicts live in verdicts.jsonl in the index folder. Commands that record verdicts (keep, dismiss, import) hold its lock while they run, and the others read under a shared lock, so a `jamkoll serve`, a `jamkoll delete` and a triage in another terminal never lose each other's verdicts; a command that cannot get the lock within 10 s stops and says which command holds it."
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

/// Where the index and the rules come from.
#[derive(Debug, clap::Args)]
struct Common {
    #[command(flatten)]
    index: IndexArg,
    #[command(flatten)]
    pack: PackArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Show findings with their fingerprint, verdict and excerpt (through the identifier gate).
    List {
        /// Only this rule.
        #[arg(long, value_name = "R")]
        rule: Option<String>,
        /// Only this unit (repeatable).
        #[arg(long = "unit", value_name = "U")]
        units: Vec<String>,
        /// Only findings of this scope; review counts `asserted` ones.
        #[arg(long, value_enum, default_value = "asserted")]
        scope: ScopeArg,
        /// Only findings with this verdict (`none`: not yet triaged).
        #[arg(long, value_enum)]
        verdict: Option<VerdictArg>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
        #[command(flatten)]
        common: Common,
    },
    /// Keep findings: they are what the rule looks for.
    Keep {
        /// Fingerprints as `triage list` shows them (or a unique prefix of 6 or more digits).
        #[arg(required = true, value_name = "FP")]
        fingerprints: Vec<String>,
        /// Who decides, as a role (never a name).
        #[arg(long, value_name = "ROLE", default_value = DEFAULT_ROLE)]
        by: String,
        #[command(flatten)]
        common: Common,
    },
    /// Dismiss findings: false alarms, left out of reviews.
    Dismiss {
        /// Fingerprints as `triage list` shows them (or a unique prefix of 6 or more digits).
        #[arg(required = true, value_name = "FP")]
        fingerprints: Vec<String>,
        /// Why: citat, skada_dokumenteras, fel_person, negation, annat (with --note).
        #[arg(long, value_name = "R")]
        reason: String,
        /// A short note for `--reason annat` (checked by the identifier gate).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Who decides, as a role (never a name).
        #[arg(long, value_name = "ROLE", default_value = DEFAULT_ROLE)]
        by: String,
        #[command(flatten)]
        common: Common,
    },
    /// Write every finding (asserted) and every verdict as CSV, for triage in a spreadsheet.
    Export {
        /// Write to this file (owner-only) instead of standard output.
        #[arg(long, value_name = "F.csv")]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Record the verdicts of a CSV file (as `triage export` writes it); rows without a
    /// verdict are skipped, and one bad row refuses the whole file.
    Import {
        /// The CSV file.
        file: PathBuf,
        /// The role recorded for rows with an empty `decided_by`.
        #[arg(long, value_name = "ROLE", default_value = DEFAULT_ROLE)]
        by: String,
        #[command(flatten)]
        index: IndexArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ScopeArg {
    Asserted,
    Negated,
    Reported,
    Hypothetical,
    /// Every scope.
    Alla,
}

impl ScopeArg {
    fn admits(self, scope: Scope) -> bool {
        match self {
            ScopeArg::Asserted => scope == Scope::Asserted,
            ScopeArg::Negated => scope == Scope::Negated,
            ScopeArg::Reported => scope == Scope::Reported,
            ScopeArg::Hypothetical => scope == Scope::Hypothetical,
            ScopeArg::Alla => true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum VerdictArg {
    Keep,
    Dismiss,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    Text,
    Jsonl,
}

/// Runs `jamkoll triage`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::List {
            rule,
            units,
            scope,
            verdict,
            format,
            common,
        } => list(&common, rule, units, scope, verdict, format),
        Command::Keep {
            fingerprints,
            by,
            common,
        } => decide(&common, &fingerprints, Decision::Keep, None, None, &by),
        Command::Dismiss {
            fingerprints,
            reason,
            note,
            by,
            common,
        } => decide(
            &common,
            &fingerprints,
            Decision::Dismiss,
            Some(&reason),
            note.as_deref(),
            &by,
        ),
        Command::Export { out, common } => export(&common, out),
        Command::Import { file, by, index } => import(&index, &file, &by),
    }
}

/// One finding as triage shows it.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Its stable id.
    pub fingerprint: Fingerprint,
    /// The document's id.
    pub doc_id: String,
    /// The document's unit.
    pub unit: String,
    /// The client's gender.
    pub client_gender: Gender,
    /// The finding.
    pub finding: Finding,
    /// Its sentence, through the identifier gate.
    pub excerpt: Excerpt,
}

/// Which findings to collect.
#[derive(Debug, Clone, Default)]
pub(crate) struct Select {
    /// Only these units (all when empty).
    pub units: Vec<String>,
    /// Only this rule.
    pub rule: Option<String>,
    /// Fingerprints only: the excerpts are left empty. Cutting and gating every finding's
    /// sentence is most of what triage adds to a review's pass, and `keep`/`dismiss` show none.
    pub fingerprints_only: bool,
}

/// Every finding of the selected documents and rules, in unit, document and text order.
///
/// The findings are the ones `jamkoll review` counts (its document summaries: stored findings
/// where the rules are unchanged, recomputed ones where they changed, case-level absence
/// included), so a verdict recorded here is the one review applies.
pub(crate) fn collect(
    index: &Index,
    pack: &RulePack,
    engine: &Engine,
    gate: &Gate,
    select: &Select,
) -> anyhow::Result<Vec<Item>> {
    let filters = Filters {
        units: select.units.clone(),
        ..Filters::default()
    };
    let mut docs = crate::cmd::stored::Reviewer::new(index, pack, engine, &filters)?.start()?;
    let mut items = Vec::new();
    loop {
        let batch = docs.next_batch()?;
        if batch.is_empty() {
            break;
        }
        let summaries: Vec<(DocRef, DocSummary)> = batch
            .into_iter()
            .filter_map(Result::transpose)
            .collect::<anyhow::Result<_>>()?;
        let found: Vec<anyhow::Result<Vec<Item>>> = summaries
            .into_par_iter()
            .map(|(doc, summary)| document_items(index, gate, select, doc, summary))
            .collect();
        for f in found {
            items.extend(f?);
        }
    }
    items.sort_by(|a, b| {
        (&a.unit, &a.doc_id, a.finding.span.start, &a.finding.rule).cmp(&(
            &b.unit,
            &b.doc_id,
            b.finding.span.start,
            &b.finding.rule,
        ))
    });
    Ok(items)
}

/// The selected findings of one document, with fingerprints and gated excerpts; the text is
/// read only when there is one.
fn document_items(
    index: &Index,
    gate: &Gate,
    select: &Select,
    doc: DocRef,
    summary: DocSummary,
) -> anyhow::Result<Vec<Item>> {
    let wanted = |f: &Finding| select.rule.as_ref().is_none_or(|r| *r == f.rule);
    if !summary.findings.iter().any(wanted) {
        return Ok(Vec::new());
    }
    let text = index
        .text(doc)
        .with_context(|| format!("reading the text of record {:?} from the index", summary.id))?;
    Ok(summary
        .findings
        .into_iter()
        .filter(|f| wanted(f))
        .map(|finding| Item {
            fingerprint: fingerprint_of(&summary.id, &text, &finding),
            excerpt: if select.fingerprints_only {
                Excerpt::default()
            } else {
                Excerpt::of(&text, &finding, gate)
            },
            doc_id: summary.id.clone(),
            unit: summary.unit.clone(),
            client_gender: summary.client_gender,
            finding,
        })
        .collect())
}

/// Opens the index for reading, with advice when there is none.
pub(crate) fn open_index(index: &IndexArg) -> anyhow::Result<Index> {
    Index::open(&index.dir).with_context(|| {
        format!(
            "cannot open the index at {}; ingest documents first (`jamkoll ingest PATH`) or give --index DIR",
            index.dir.display()
        )
    })
}

/// Loads the verdicts of an index.
pub(crate) fn load_store(index: &IndexArg) -> anyhow::Result<VerdictStore> {
    Ok(VerdictStore::load(&index.dir)?)
}

fn list(
    common: &Common,
    rule: Option<String>,
    units: Vec<String>,
    scope: ScopeArg,
    verdict: Option<VerdictArg>,
    format: ListFormat,
) -> anyhow::Result<ExitCode> {
    let gate = Gate::new();
    // As review checks its --unit: blank or an identifier refused, then a unit no document
    // has refused with the units the index holds (not an empty list with exit 0).
    for unit in &units {
        crate::cmd::check_label(&gate, "--unit", unit, "the unit's name")?;
    }
    let pack = common.pack.load()?;
    if let Some(r) = &rule {
        anyhow::ensure!(
            pack.rules().iter().any(|x| x.id == *r),
            "--rule {r:?}: no such rule in the pack; `jamkoll rules list` shows the ids"
        );
    }
    let index = open_index(&common.index)?;
    crate::cmd::review::check_units_match(&index, &units)?;
    let store = load_store(&common.index)?;
    let engine = Engine::new(&pack);
    let select = Select {
        units,
        rule,
        fingerprints_only: false,
    };
    let items = collect(&index, &pack, &engine, &gate, &select)?;
    let mut shown = 0;
    for item in &items {
        if !scope.admits(item.finding.scope) {
            continue;
        }
        let v = store.get(&item.fingerprint);
        let admitted = match verdict {
            None => true,
            Some(VerdictArg::None) => v.is_none(),
            Some(VerdictArg::Keep) => v.is_some_and(|v| v.verdict == Decision::Keep),
            Some(VerdictArg::Dismiss) => v.is_some_and(|v| v.verdict == Decision::Dismiss),
        };
        if !admitted {
            continue;
        }
        shown += 1;
        match format {
            ListFormat::Text => {
                let state = match v {
                    None => "obedömd".to_string(),
                    Some(v) => match &v.reason {
                        Some(r) => format!("{}: {}", v.verdict.label_sv(), r.as_str()),
                        None => v.verdict.label_sv().to_string(),
                    },
                };
                outln!(
                    "{}  {}  {}  {}  klient {}  om {}  [{}]",
                    item.fingerprint,
                    item.unit,
                    item.doc_id,
                    item.finding.rule,
                    item.client_gender.as_str(),
                    item.finding.subject.as_str(),
                    state
                );
                outln!("    {}", item.excerpt.marked("[", "]"));
            }
            ListFormat::Jsonl => {
                let line = serde_json::json!({
                    "fingerprint": item.fingerprint,
                    "unit": item.unit,
                    "doc_id": item.doc_id,
                    "rule": item.finding.rule,
                    "category": item.finding.category,
                    "client_gender": item.client_gender,
                    "subject": item.finding.subject,
                    "scope": item.finding.scope,
                    "excerpt": item.excerpt,
                    "verdict": v.map(|v| v.verdict.as_str()),
                    "reason": v.and_then(|v| v.reason.as_ref()).map(Reason::as_str),
                });
                outln!("{line}");
            }
        }
    }
    if format == ListFormat::Text {
        eprintln!(
            "jamkoll: {shown} finding(s); verdicts in {}",
            store.path().display()
        );
    }
    Ok(exit(EXIT_OK))
}

/// What the user typed as a fingerprint, in lower case: the whole fingerprint or a prefix of
/// at least 6 hex digits. Checked before anything is read or locked; a bad value is quoted
/// through the gate.
fn fingerprint_prefix(typed: &str) -> anyhow::Result<String> {
    let t = typed.trim().to_ascii_lowercase();
    anyhow::ensure!(
        t.len() >= 6 && t.bytes().all(|b| b.is_ascii_hexdigit()),
        "{} is not a fingerprint; give the 16 hex digits `jamkoll triage list` shows (or at least the first 6)",
        jamkoll_triage::quoted(typed)
    );
    Ok(t)
}

/// Resolves a [`fingerprint_prefix`] to one finding: the one whose fingerprint it is, or the
/// only one that starts with it.
fn resolve<'a>(t: &str, items: &'a [Item]) -> anyhow::Result<&'a Item> {
    let mut hits = items
        .iter()
        .filter(|i| i.fingerprint.as_str().starts_with(t));
    let first = hits.next().with_context(|| {
        format!("no finding has the fingerprint {t}; `jamkoll triage list` shows the findings (a re-worded sentence gets a new fingerprint)")
    })?;
    if hits.any(|i| i.fingerprint != first.fingerprint) {
        anyhow::bail!("{t} is the start of several fingerprints; give more digits");
    }
    Ok(first)
}

fn decide(
    common: &Common,
    typed: &[String],
    decision: Decision,
    reason: Option<&str>,
    note: Option<&str>,
    by: &str,
) -> anyhow::Result<ExitCode> {
    let gate = Gate::new();
    // Every value is checked before the verdicts' lock is taken (which creates its file), so
    // a refused command writes nothing.
    let prefixes: Vec<String> = typed
        .iter()
        .map(|t| fingerprint_prefix(t))
        .collect::<anyhow::Result<_>>()?;
    let decided_by = DecidedBy::new(by, &gate).context("--by")?;
    let reason = match reason {
        Some(r) => Some(Reason::parse(r, note, &gate).context("--reason/--note")?),
        None => None,
    };
    let pack = common.pack.load()?;
    let index = open_index(&common.index)?;
    // Held from before the findings are listed until the verdicts are written, so a `delete`
    // or `gallra` cannot remove a document between the two (and leave a verdict on it).
    let mut store = VerdictStore::open_for_writing(&common.index.dir)?;
    let engine = Engine::new(&pack);
    let select = Select {
        fingerprints_only: true,
        ..Select::default()
    };
    let items = collect(&index, &pack, &engine, &gate, &select)?;
    let chosen: Vec<&Item> = prefixes
        .iter()
        .map(|t| resolve(t, &items))
        .collect::<anyhow::Result<_>>()?;
    let now = now_utc();
    for item in chosen {
        let changed = store.record(Verdict {
            fingerprint: item.fingerprint.clone(),
            rule: item.finding.rule.clone(),
            doc_id: item.doc_id.clone(),
            verdict: decision,
            reason: reason.clone(),
            decided_by: decided_by.clone(),
            decided_at: now.clone(),
        })?;
        outln!(
            "{}  {}  {}",
            item.fingerprint,
            item.finding.rule,
            if changed {
                decision.label_sv()
            } else {
                "oförändrad"
            }
        );
    }
    Ok(exit(EXIT_OK))
}

fn export(common: &Common, out: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let pack = common.pack.load()?;
    let index = open_index(&common.index)?;
    let store = load_store(&common.index)?;
    let engine = Engine::new(&pack);
    let gate = Gate::new();
    let items = collect(&index, &pack, &engine, &gate, &Select::default())?;
    let excerpts: Vec<String> = items.iter().map(|i| i.excerpt.marked("[", "]")).collect();
    let mut rows: Vec<CsvRow<'_>> = items
        .iter()
        .zip(&excerpts)
        .filter(|(i, _)| i.finding.scope == Scope::Asserted || store.get(&i.fingerprint).is_some())
        .map(|(i, e)| CsvRow {
            fingerprint: &i.fingerprint,
            rule: &i.finding.rule,
            doc_id: &i.doc_id,
            unit: Some(&i.unit),
            excerpt: Some(e),
            verdict: store.get(&i.fingerprint),
        })
        .collect();
    // Verdicts on findings that are gone (a re-worded sentence, a removed rule) are kept in
    // the export, so it is a whole backup of the verdict file.
    let listed: std::collections::HashSet<&Fingerprint> =
        items.iter().map(|i| &i.fingerprint).collect();
    rows.extend(
        store
            .iter()
            .filter(|v| !listed.contains(&v.fingerprint))
            .map(|v| CsvRow {
                fingerprint: &v.fingerprint,
                rule: &v.rule,
                doc_id: &v.doc_id,
                unit: None,
                excerpt: None,
                verdict: Some(v),
            }),
    );
    match &out {
        None => {
            write_csv(std::io::stdout().lock(), rows)?;
        }
        Some(path) => {
            // Shown as every path a person typed is: `850312-1231.csv` is a personnummer.
            let name = Gate::new()
                .redact_path(&path.display().to_string())
                .into_owned();
            let mut options = fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt as _;
                options.mode(0o600);
            }
            let file = options
                .open(path)
                .with_context(|| format!("cannot write {name}"))?;
            let n = write_csv(std::io::BufWriter::new(file), rows)
                .with_context(|| format!("cannot write {name}"))?;
            eprintln!("jamkoll: {n} row(s) written to {name}");
        }
    }
    Ok(exit(EXIT_OK))
}

fn import(index: &IndexArg, file: &PathBuf, by: &str) -> anyhow::Result<ExitCode> {
    let gate = Gate::new();
    let decided_by = DecidedBy::new(by, &gate).context("--by")?;
    // The index must exist: verdicts belong beside one.
    open_index(index)?;
    // The whole file is read and checked before the verdicts' lock is taken (which creates
    // its file), so a refused file writes nothing. Its name is shown as every input path is.
    let name = gate.redact_path(&file.display().to_string()).into_owned();
    let input = fs::File::open(file).with_context(|| format!("cannot read {name}"))?;
    let read = match jamkoll_triage::read_csv(input, &name, &decided_by, &gate) {
        Ok(read) => read,
        Err(e @ jamkoll_triage::Error::Import { .. }) => {
            eprintln!("jamkoll: error: {e}");
            return Ok(exit(EXIT_ERROR));
        }
        Err(e) => return Err(e.into()),
    };
    let mut store = VerdictStore::open_for_writing(&index.dir)?;
    let s = store.record_import(read)?;
    outln!(
        "{} verdict(s) recorded, {} unchanged, {} row(s) without a verdict skipped",
        s.recorded,
        s.unchanged,
        s.undecided
    );
    Ok(exit(EXIT_OK))
}

/// What review needs of the verdicts: drops dismissed findings from the summaries of the few
/// documents that have any, and counts them in each summary's `dismissed` (the review adds
/// those up per unit and period).
#[derive(Debug)]
pub(crate) struct Dismissals<'s> {
    store: std::borrow::Cow<'s, VerdictStore>,
}

impl<'s> Dismissals<'s> {
    /// The verdicts of the index in `dir` (none when it has no verdict file).
    pub(crate) fn load(dir: &std::path::Path) -> anyhow::Result<Dismissals<'static>> {
        Ok(Dismissals {
            store: std::borrow::Cow::Owned(VerdictStore::load(dir)?),
        })
    }

    /// The verdicts of a store already loaded.
    pub(crate) fn of(store: &'s VerdictStore) -> Dismissals<'s> {
        Dismissals {
            store: std::borrow::Cow::Borrowed(store),
        }
    }

    /// Removes the dismissed findings of one document's summary. Only a document with a
    /// dismissal costs a read of its text (to fingerprint its findings' sentences).
    pub(crate) fn apply(
        &self,
        index: &Index,
        doc: jamkoll_index::DocRef,
        summary: &mut jamkoll_review::DocSummary,
    ) -> anyhow::Result<()> {
        let dismissed = self.store.dismissed_in(&summary.id);
        if dismissed.is_empty() || summary.findings.is_empty() {
            return Ok(());
        }
        let text = index.text(doc).with_context(|| {
            format!("reading the text of record {:?} from the index", summary.id)
        })?;
        let mut dropped = 0;
        summary.findings.retain(|f| {
            let keep = !dismissed.contains(&fingerprint_of(&summary.id, &text, f));
            // Only asserted findings are counted by review, so only they are reported.
            if !keep && f.scope == Scope::Asserted {
                dropped += 1;
            }
            keep
        });
        summary.dismissed += dropped;
        Ok(())
    }
}

/// Precision below this, on at least [`STATS_MIN_VERDICTS`] verdicts, lists a rule for its
/// authors (issue 8).
const STATS_LOW_PRECISION: f64 = 0.5;
/// Verdicts a rule needs before its precision is judged.
const STATS_MIN_VERDICTS: u64 = 20;

/// `jamkoll rules stats`: each rule's precision from the verdicts of an index.
pub(crate) fn rule_stats(index: &IndexArg, json: bool) -> anyhow::Result<ExitCode> {
    let store = load_store(index)?;
    let tallies = store.tally_by_rule();
    let low: Vec<&str> = tallies
        .iter()
        .filter(|(_, t)| {
            t.total() >= STATS_MIN_VERDICTS
                && t.precision().is_some_and(|p| p < STATS_LOW_PRECISION)
        })
        .map(|(r, _)| *r)
        .collect();
    if json {
        let rules: Vec<serde_json::Value> = tallies
            .iter()
            .map(|(rule, t)| {
                serde_json::json!({
                    "rule": rule,
                    "keep": t.keep,
                    "dismiss": t.dismiss,
                    "precision": t.precision(),
                    "low": low.contains(rule),
                })
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "verdicts": store.len(),
                "low_precision": { "below": STATS_LOW_PRECISION, "min_verdicts": STATS_MIN_VERDICTS, "rules": low },
                "rules": rules,
            }))?
        );
        return Ok(exit(EXIT_OK));
    }
    if tallies.is_empty() {
        outln!(
            "Inga beslut ännu i {}; `jamkoll triage` eller `jamkoll serve` registrerar dem.",
            store.path().display()
        );
        return Ok(exit(EXIT_OK));
    }
    let width = tallies.keys().map(|r| r.len()).max().unwrap_or(0).max(5);
    outln!(
        "{:width$}  {:>7}  {:>7}  {:>9}",
        "regel",
        "behåll",
        "avfärda",
        "precision"
    );
    for (rule, t) in &tallies {
        let p = t.precision().map_or("-".to_string(), |p| format!("{p:.2}"));
        let mark = if low.contains(rule) { "  ← låg" } else { "" };
        outln!(
            "{rule:width$}  {:>7}  {:>7}  {p:>9}{mark}",
            t.keep,
            t.dismiss
        );
    }
    if low.is_empty() {
        outln!(
            "\nIngen regel har precision under {STATS_LOW_PRECISION} på minst {STATS_MIN_VERDICTS} beslut."
        );
    } else {
        outln!(
            "\nRegler med precision under {STATS_LOW_PRECISION} på minst {STATS_MIN_VERDICTS} beslut (för regelförfattare: se över mönster och rena exempel): {}",
            low.join(", ")
        );
    }
    Ok(exit(EXIT_OK))
}
