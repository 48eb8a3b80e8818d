//! `jamkoll eval`: scores the rules on annotated passages (shared/eval/README.md).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_rules::Engine;
use jamkoll_rules::eval::{parse_passages, score};

use crate::cmd::rules::{Format, PackArgs};
use crate::cmd::{EXIT_OK, exit};

/// Arguments of `jamkoll eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Annotated passages, JSON Lines (`id`, `area`, `client_gender`, `text`, `labels`).
    gold: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// List the missed, wrongly flagged and wrong-subject passages (for tuning rules).
    #[arg(long)]
    errors: bool,
    #[command(flatten)]
    pack: PackArgs,
}

/// Runs `jamkoll eval`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let passages =
        parse_passages(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    let pack = args.pack.load()?;
    let engine = Engine::new(&pack);
    let mut report = score(&engine, &passages);
    // `--errors` prints gold ids; one that holds an identifier shows its placeholder.
    let gate = jamkoll_redact::Gate::new();
    for e in &mut report.errors {
        e.id = gate.redact_cow(&e.id).into_owned();
    }
    match args.format {
        Format::Json => {
            let mut v = serde_json::to_value(&report)?;
            if args.errors {
                v["errors"] = serde_json::to_value(&report.errors)?;
            }
            outln!("{}", serde_json::to_string_pretty(&v)?);
        }
        Format::Text => {
            outln!("{} passages, rule pack {}", report.passages, pack.hash());
            outln!(
                "{:16} {:>9} {:>9} {:>9} {:>5} {:>5} {:>5}",
                "category",
                "precision",
                "recall",
                "f1",
                "tp",
                "fp",
                "fn"
            );
            for (c, s) in &report.categories {
                outln!(
                    "{:16} {:>9.3} {:>9.3} {:>9.3} {:>5} {:>5} {:>5}",
                    c.as_str(),
                    s.precision,
                    s.recall,
                    s.f1,
                    s.tp,
                    s.fp,
                    s.fn_
                );
            }
            outln!(
                "{:16} {:>9.3} {:>9.3} {:>9.3}",
                "micro",
                report.micro.precision,
                report.micro.recall,
                report.micro.f1
            );
            outln!("subject agreement {:.3}", report.subject_agreement);
            if args.errors {
                outln!();
                for e in &report.errors {
                    let gold: Vec<&str> = e.gold.iter().map(|s| s.as_str()).collect();
                    let found: Vec<String> = e
                        .found
                        .iter()
                        .map(|(r, s, cue)| format!("{r} ({s}) `{cue}`"))
                        .collect();
                    outln!(
                        "{} {} {}: gold [{}] found [{}]",
                        e.id,
                        e.category.as_str(),
                        e.kind,
                        gold.join(", "),
                        found.join("; ")
                    );
                }
            }
        }
    }
    Ok(exit(EXIT_OK))
}
