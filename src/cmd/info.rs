//! `jamkoll info`: what the index holds.

use std::fmt::Write as _;
use std::process::ExitCode;

use jamkoll_core::Gender;
use jamkoll_index::{Index, Stats};

use crate::cmd::search::OutputFormat;
use crate::cmd::{EXIT_OK, exit};
use crate::index_arg::IndexArg;

/// Arguments of `jamkoll info`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

/// Runs `jamkoll info`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let index = Index::open(&args.index.dir)?;
    let stats = index.stats()?;
    match args.format {
        OutputFormat::Text => out!("{}", render_text(&index, &stats)),
        OutputFormat::Json => outln!("{}", serde_json::to_string_pretty(&to_json(&stats))?),
    }
    Ok(exit(EXIT_OK))
}

fn render_text(index: &Index, s: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "index: {}", index.dir().display());
    let _ = writeln!(
        out,
        "schema version {} (analyzer {}), created by {}",
        s.meta.schema_version, s.meta.analyzer, s.meta.created_by
    );
    let _ = writeln!(out, "size: {}", human_size(s.size_bytes));
    let _ = writeln!(out, "documents: {} in {} cases", s.documents, s.cases);
    if s.per_unit.is_empty() {
        return out;
    }
    let width = s
        .per_unit
        .keys()
        .map(|u| u.chars().count())
        .chain([4])
        .max()
        .unwrap_or(4);
    let _ = write!(
        out,
        "\ndocuments / cases per unit and gender:\n  {:width$}",
        "unit"
    );
    for g in Gender::ALL {
        let _ = write!(out, "  {:>11}", g.as_str());
    }
    out.push('\n');
    for (unit, genders) in &s.per_unit {
        let pad = width - unit.chars().count();
        let _ = write!(out, "  {unit}{:pad$}", "");
        for g in Gender::ALL {
            let c = genders.get(g).copied().unwrap_or_default();
            let cell = format!("{} / {}", c.documents, c.cases);
            let _ = write!(out, "  {cell:>11}");
        }
        out.push('\n');
    }
    out
}

fn to_json(s: &Stats) -> serde_json::Value {
    let units: serde_json::Map<String, serde_json::Value> = s
        .per_unit
        .iter()
        .map(|(unit, genders)| {
            let per: serde_json::Map<String, serde_json::Value> = genders
                .iter()
                .map(|(g, c)| {
                    (
                        g.as_str().to_string(),
                        serde_json::json!({"documents": c.documents, "cases": c.cases}),
                    )
                })
                .collect();
            (unit.clone(), per.into())
        })
        .collect();
    serde_json::json!({
        "schema_version": s.meta.schema_version,
        "analyzer": s.meta.analyzer,
        "created_by": s.meta.created_by,
        "size_bytes": s.size_bytes,
        "documents": s.documents,
        "cases": s.cases,
        "units": units,
    })
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
