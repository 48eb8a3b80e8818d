//! `jamkoll rules`: list, explain and test rules; export the pack's cues.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_core::Category;
use jamkoll_redact::Gate;
use jamkoll_rules::{Config, Engine, ExampleKind, Lang, RulePack, Status};

use crate::cmd::{EXIT_FAILURE, EXIT_OK, exit};

/// Where the rules come from: shared by `check`, `rules` and `eval`.
#[derive(Debug, Clone, clap::Args)]
pub struct PackArgs {
    /// A folder of extra rules (`<category>/<id>.toml`, `lists/*.txt`), added to the shipped
    /// pack; a rule with a shipped id overrides it. May be given more than once.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Use only the rules in this folder (repeatable), not the shipped pack.
    #[arg(long = "only-rules", value_name = "DIR", conflicts_with = "rules")]
    pub only_rules: Vec<PathBuf>,
    /// Settings file (default: `jamkoll.toml` in the working directory, if any).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run preview rules too.
    #[arg(long)]
    pub preview: bool,
}

impl PackArgs {
    /// Loads the config and the rule pack; errors name file, line and key.
    pub fn load(&self) -> anyhow::Result<RulePack> {
        let mut config = match &self.config {
            Some(path) => Config::load(path)?,
            None => Config::discover()?,
        };
        config.preview |= self.preview;
        if self.only_rules.is_empty() {
            Ok(RulePack::load(&self.rules, &config)?)
        } else {
            Ok(RulePack::load_without_shipped(&self.only_rules, &config)?)
        }
    }
}

/// Arguments of `jamkoll rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// List the rules: id, category, kind, status, message.
    List {
        /// Only this category (utseende, kanslor, trovardighet, ansvar, osynliggorande, konsroll, resurser).
        #[arg(long)]
        category: Option<Category>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Show a rule's documentation: what it finds, why, the research, a reflection question.
    Explain {
        /// The rule id.
        id: String,
        /// Language of the documentation.
        #[arg(long, value_enum, default_value = "sv")]
        lang: LangArg,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Run every example of every rule; a failure names the file and the example.
    Test {
        /// Also name rules with fewer than 3 flagged or 3 clean examples (and fail on them).
        #[arg(long)]
        coverage: bool,
        /// Also run every example with genders swapped (hon↔han, mamman↔pappan, ...) and report
        /// each rule whose decision changes.
        #[arg(long)]
        swap: bool,
        /// Only rules whose id contains this text.
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Print the cue forms of the pack's prefilter, one per line (for ripgrep -f, benchmarks).
    Cues {
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Each rule's precision from triage verdicts, keep / (keep + dismiss); rules below 0.5 on
    /// at least 20 verdicts are listed for rule authors.
    Stats {
        #[command(flatten)]
        index: crate::index_arg::IndexArg,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Output format of `rules list`, `check` and `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// Language of messages and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Swedish.
    Sv,
    /// English (Swedish where a rule has no English text).
    En,
}

impl LangArg {
    /// The library's language value.
    pub fn lang(self) -> Lang {
        match self {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

/// Runs `jamkoll rules`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::List {
            category,
            format,
            pack,
        } => list(&pack.load()?, category, format),
        Command::Explain { id, lang, pack } => explain(&pack.load()?, &id, lang),
        Command::Test {
            coverage,
            swap,
            only,
            pack,
        } => test(&pack.load()?, coverage, swap, only.as_deref()),
        Command::Stats { index, format } => {
            // The verdicts live in the index folder: a missing index, or a file in its
            // place, is said as every reading command says it, not read as "no verdicts".
            crate::cmd::triage::open_index(&index)?;
            crate::cmd::triage::rule_stats(&index, format == Format::Json)
        }
        Command::Cues { pack } => {
            let pack = pack.load()?;
            for form in Engine::new(&pack).cue_forms() {
                outln!("{form}");
            }
            Ok(exit(EXIT_OK))
        }
    }
}

fn list(pack: &RulePack, category: Option<Category>, format: Format) -> anyhow::Result<ExitCode> {
    let rules: Vec<_> = pack
        .rules()
        .iter()
        .filter(|r| category.is_none_or(|c| r.category == c))
        .collect();
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "category": r.category, "kind": r.kind, "status": r.status,
                        "message": r.message, "message_en": r.message_en,
                        "path": Gate::new().redact_path(&r.path),
                        "flag": r.flag.len(), "clean": r.clean.len(),
                    })
                })
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({"hash": pack.hash(), "rules": items})
                )?
            );
        }
        Format::Text => {
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in &rules {
                let preview = if r.status == Status::Preview {
                    " (preview)"
                } else {
                    ""
                };
                outln!(
                    "{:width$}  {:14}  {:9}  {}{preview}",
                    r.id,
                    r.category.as_str(),
                    r.kind.as_str(),
                    r.message
                );
            }
            eprintln!("{} rules, pack {}", rules.len(), pack.hash());
        }
    }
    Ok(exit(EXIT_OK))
}

fn explain(pack: &RulePack, id: &str, lang: LangArg) -> anyhow::Result<ExitCode> {
    // What was typed is echoed through the whole gate, names included: a name or personnummer
    // typed in the wrong place must not come back on the screen.
    let gate = Gate::new();
    let rule = pack.rule(id).with_context(|| {
        format!(
            "no rule has the id {}; `jamkoll rules list` shows the ids",
            gate.quoted(id)
        )
    })?;
    let (lang, en) = match lang {
        LangArg::Sv => (Lang::Sv, false),
        LangArg::En => (Lang::En, true),
    };
    let pick = |en_text: &Option<String>, sv: &str| {
        if en {
            en_text.clone().unwrap_or_else(|| sv.to_string())
        } else {
            sv.to_string()
        }
    };
    let h = |sv: &'static str, e: &'static str| if en { e } else { sv };
    outln!(
        "{} ({}, {}, {})",
        rule.id,
        if en {
            rule.category.label_en()
        } else {
            rule.category.label_sv()
        },
        rule.kind.as_str(),
        if rule.status == Status::Preview {
            "preview"
        } else {
            "stable"
        }
    );
    outln!("{}\n", gate.redact_path(&rule.path));
    outln!("{}\n", rule.message(lang));
    outln!(
        "{}\n  {}\n",
        h("Vad regeln hittar:", "What it finds:"),
        pick(&rule.doc.what_en, &rule.doc.what).trim()
    );
    outln!(
        "{}\n  {}\n",
        h("Varför det spelar roll:", "Why it matters:"),
        pick(&rule.doc.why_en, &rule.doc.why).trim()
    );
    if !rule.doc.research.is_empty() {
        outln!("{}", h("Forskning:", "Research:"));
        for r in &rule.doc.research {
            outln!("  - {r}");
        }
        outln!();
    }
    outln!(
        "{}\n  {}\n",
        h(
            "Fråga till forskningscirkeln:",
            "Question for the research circle:"
        ),
        pick(&rule.doc.question_en, &rule.doc.question).trim()
    );
    // Examples are case-like text a rule author wrote: they pass the gate as excerpts do.
    if !rule.flag.is_empty() {
        outln!("{}", h("Flaggas:", "Flagged:"));
        for e in &rule.flag {
            outln!(
                "  - {}  ({}, {})",
                gate.redact_cow(e.text.trim()),
                e.subject.map_or("okänt", |s| s.as_str()),
                e.scope.as_str()
            );
        }
        outln!();
    }
    if !rule.clean.is_empty() {
        outln!("{}", h("Flaggas inte:", "Not flagged:"));
        for e in &rule.clean {
            outln!("  - {}", gate.redact_cow(e.text.trim()));
        }
    }
    Ok(exit(EXIT_OK))
}

fn test(
    pack: &RulePack,
    coverage: bool,
    swap: bool,
    only: Option<&str>,
) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;
    let rules: Vec<_> = pack
        .rules()
        .iter()
        .filter(|r| only.is_none_or(|o| r.id.contains(o)))
        .collect();
    let results: Vec<_> = rules
        .par_iter()
        .map(|r| jamkoll_rules::test_rule(pack, r, swap))
        .collect();
    // A failure shows its example (and the cue it found) through the gate: a rule file written
    // by a user may hold an identifier in an example.
    let gate = Gate::new();
    let mut examples = 0usize;
    let mut failed = 0usize;
    let mut swapped = 0usize;
    for (rule, failures) in rules.iter().zip(&results) {
        examples += rule.flag.len() + rule.clean.len();
        for f in failures {
            if f.swapped {
                swapped += 1;
            } else {
                failed += 1;
            }
            let kind = match f.kind {
                ExampleKind::Flag => "flag",
                ExampleKind::Clean => "clean",
            };
            let tag = if f.swapped { " [swap]" } else { "" };
            outln!(
                "{}:{}: {} [{kind}]{tag}: {}\n    {}",
                gate.redact_path(&f.path),
                f.line,
                f.rule,
                gate.redact_cow(&f.message),
                gate.redact_cow(f.text.trim())
            );
        }
    }
    let mut thin = Vec::new();
    if coverage {
        for r in &rules {
            if r.flag.len() < 3 || r.clean.len() < 3 {
                thin.push(r);
                outln!(
                    "{}: {} has {} flagged and {} clean examples; the pack asks for at least 3 of each",
                    gate.redact_path(&r.path),
                    r.id,
                    r.flag.len(),
                    r.clean.len()
                );
            }
        }
    }
    let swap_note = if swap {
        format!(", {swapped} swap differences")
    } else {
        String::new()
    };
    let cov_note = if coverage {
        format!(", {} rules short of examples", thin.len())
    } else {
        String::new()
    };
    outln!(
        "{} rules, {examples} examples: {} passed, {failed} failed{swap_note}{cov_note}",
        rules.len(),
        examples.saturating_sub(failed)
    );
    Ok(exit(if failed + swapped + thin.len() > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    }))
}
