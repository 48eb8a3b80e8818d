//! `jamkoll search QUERY`: full-text search with gated snippets and counts per gender.

use std::fmt::Write as _;
use std::process::ExitCode;

use jamkoll_index::Index;
use jamkoll_index::search::{SearchOptions, SearchResults};
use jamkoll_redact::Gate;

use crate::cmd::{EXIT_FAILURE, EXIT_OK, exit};
use crate::index_arg::IndexArg;

/// Arguments of `jamkoll search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// tantivy query syntax over the text: words (all must match), "a phrase", OR, -word.
    /// Words are matched by lemma and stem, so `mamma` also finds mamman and mammor.
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    /// Only documents of this unit (exact name).
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Only documents of this client gender (kvinna, man, annat, okänt).
    #[arg(long, value_name = "GENDER")]
    pub gender: Option<String>,
    /// Documents to show (all matches are counted).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

/// `--format` of `search` and `info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// For people.
    Text,
    /// One JSON object.
    Json,
}

/// Runs `jamkoll search`. Exits 1 when nothing matched, as grep does.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gender = args
        .gender
        .as_deref()
        .map(|g| crate::cmd::parse_gender("--gender", g))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let index = Index::open(&args.index.dir)?;
    let gate = Gate::new();
    let options = SearchOptions {
        unit: args.unit,
        gender,
        limit: args.limit,
    };
    let results = index.search(&args.query, &options, &gate)?;
    match args.format {
        OutputFormat::Text => out!("{}", render_text(&results)),
        OutputFormat::Json => outln!("{}", serde_json::to_string_pretty(&to_json(&results))?),
    }
    Ok(exit(if results.total > 0 {
        EXIT_OK
    } else {
        EXIT_FAILURE
    }))
}

fn render_text(r: &SearchResults) -> String {
    let mut out = String::new();
    for hit in &r.hits {
        let _ = writeln!(out, "{}  {}  {}", hit.id, hit.unit, hit.gender);
        let snippet = hit.snippet.marked("**", "**");
        let one_line = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "    {one_line}\n");
    }
    let per_gender = r
        .per_gender
        .iter()
        .map(|(g, n)| format!("{g} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = write!(out, "{} matching documents: {per_gender}", r.total);
    if (r.hits.len() as u64) < r.total {
        let _ = write!(out, " (showing {})", r.hits.len());
    }
    out.push('\n');
    out
}

fn to_json(r: &SearchResults) -> serde_json::Value {
    let per_gender: serde_json::Map<String, serde_json::Value> = r
        .per_gender
        .iter()
        .map(|(g, n)| (g.as_str().to_string(), (*n).into()))
        .collect();
    let hits: Vec<serde_json::Value> = r
        .hits
        .iter()
        .map(|h| {
            serde_json::json!({
                "id": h.id,
                "unit": h.unit,
                "gender": h.gender,
                "case_id": h.case_id,
                "score": h.score,
                "snippet": h.snippet.fragment,
                "highlights": h.snippet.highlights.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "total": r.total,
        "per_gender": per_gender,
        "hits": hits,
    })
}
