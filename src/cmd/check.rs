//! `jamkoll check`: runs the rules over texts and prints the findings, like a compiler's
//! diagnostics (file:line:col, rule, category, subject, scope, message, the sentence with the
//! cue underlined). Every excerpt passes the identifier gate first.
//!
//! Input: plain text (one document); JSON Lines records (`id`, `text`, `client_gender`,
//! `area`; one record a line), chosen by the extension (`.jsonl`, `.ndjson`) or, for standard
//! input and other names, by the first non-blank character (`{` means JSON Lines); CSV files
//! (`.csv`, `.tsv`) and folders through the ingest readers of `jamkoll_index`. Records are
//! read in batches and checked in parallel, so memory stays flat on large inputs.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_core::{Area, Finding, Gender, Scope};
use jamkoll_redact::Gate;
use jamkoll_rules::{Doc, Engine, Lang, RulePack};
use rayon::prelude::*;

use crate::cmd::rules::{Format, LangArg, PackArgs};
use crate::cmd::{EXIT_ERROR, EXIT_OK, exit};

/// Arguments of `jamkoll check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to check: a plain-text file, a JSON Lines file of records, or `-` for standard
    /// input (the default).
    #[arg(default_value = "-")]
    input: String,
    /// The client's gender for plain text and for records without one (kvinna, man, annat, okänt).
    #[arg(long, default_value = "okänt")]
    gender: Gender,
    /// The area for plain text and for records without one (e.g. barn_unga).
    #[arg(long)]
    area: Option<String>,
    /// Output format: `text` (diagnostics) or `json` (one JSON object a finding, JSON Lines).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Show negated, reported and hypothetical findings too (by default only asserted findings,
    /// the ones reviews count, are shown).
    #[arg(long)]
    all_scopes: bool,
    /// Messages in this language.
    #[arg(long, value_enum, default_value = "sv")]
    lang: LangArg,
    #[command(flatten)]
    pack: PackArgs,
}

/// One document read from the input.
struct Record {
    /// The file it came from, when it differs from the input named (a file in a folder).
    file: Option<String>,
    /// Record id (JSON Lines) or none (plain text).
    id: Option<String>,
    /// Line in the input file where the document starts.
    line: usize,
    text: String,
    gender: Gender,
    area: Option<Area>,
}

/// Records per parallel batch.
const BATCH: usize = 2048;

/// Runs `jamkoll check`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pack = args.pack.load()?;
    let engine = Engine::new(&pack);
    let gate = Gate::new();
    let display = if args.input == "-" {
        "<stdin>".to_string()
    } else {
        args.input.clone()
    };
    let lower = args.input.to_lowercase();
    let default_area = args.area.as_deref().map(Area::new);
    if Path::new(&args.input).is_dir() || lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return check_inputs(&args, &engine, &pack, &gate, default_area.as_ref());
    }
    let mut reader: Box<dyn BufRead> = if args.input == "-" {
        Box::new(BufReader::new(std::io::stdin().lock()))
    } else {
        let path = PathBuf::from(&args.input);
        Box::new(BufReader::new(
            std::fs::File::open(&path)
                .with_context(|| format!("cannot open {}", path.display()))?,
        ))
    };
    let jsonl = if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        true
    } else if lower.ends_with(".txt") || lower.ends_with(".md") {
        false
    } else {
        let buf = reader.fill_buf().context("cannot read the input")?;
        buf.iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{')
    };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut totals = Totals::default();
    let ctx = Ctx {
        pack: &pack,
        gate: &gate,
        display: &display,
        lang: args.lang.lang(),
        format: args.format,
        all_scopes: args.all_scopes,
    };

    if !jsonl {
        let mut text = String::new();
        reader
            .read_to_string(&mut text)
            .with_context(|| format!("{display}: not UTF-8 text"))?;
        let rec = Record {
            file: None,
            id: None,
            line: 1,
            text,
            gender: args.gender,
            area: default_area,
        };
        let findings = check_one(&engine, &rec);
        render(&ctx, &rec, &findings, &mut out, &mut totals)?;
    } else {
        let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
        let mut line_no = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            let n = reader
                .read_line(&mut line)
                .with_context(|| format!("{display}:{}: cannot read (not UTF-8?)", line_no + 1))?;
            if n > 0 {
                line_no += 1;
                if !line.trim().is_empty() {
                    match parse_record(&line, line_no, args.gender, default_area.as_ref()) {
                        Ok(r) => batch.push(r),
                        Err(msg) => {
                            eprintln!("jamkoll: {display}:{line_no}: {msg}; record skipped");
                            totals.refused += 1;
                        }
                    }
                }
            }
            if batch.len() >= BATCH || (n == 0 && !batch.is_empty()) {
                let results: Vec<Vec<Finding>> =
                    batch.par_iter().map(|r| check_one(&engine, r)).collect();
                for (rec, findings) in batch.iter().zip(&results) {
                    render(&ctx, rec, findings, &mut out, &mut totals)?;
                }
                batch.clear();
            }
            if n == 0 {
                break;
            }
        }
    }
    out.flush()?;
    drop(out);
    Ok(finish(&totals, args.format, args.all_scopes))
}

/// Prints the summary line and picks the exit code.
fn finish(totals: &Totals, format: Format, all_scopes: bool) -> ExitCode {
    if format == Format::Text {
        let hidden = totals.negated + totals.reported + totals.hypothetical;
        let mut summary = format!("{} documents, {} findings", totals.documents, totals.shown);
        if !all_scopes && hidden > 0 {
            summary.push_str(&format!(
                " ({hidden} more not asserted: {} negated, {} reported, {} hypothetical; --all-scopes shows them)",
                totals.negated, totals.reported, totals.hypothetical
            ));
        }
        eprintln!("{summary}");
    }
    if totals.refused > 0 {
        eprintln!("jamkoll: {} records refused", totals.refused);
        return exit(EXIT_ERROR);
    }
    exit(EXIT_OK)
}

/// Checks CSV files and folders with the ingest readers of `jamkoll_index` (CSV with `;`, `,`
/// or tab, text files with front-matter, JSON Lines inside folders, any encoding ingest reads).
fn check_inputs(
    args: &Args,
    engine: &Engine,
    pack: &RulePack,
    gate: &Gate,
    default_area: Option<&Area>,
) -> anyhow::Result<ExitCode> {
    use jamkoll_index::read::{Body, Inputs, Item, ReadOptions};
    let inputs = Inputs::new(&[PathBuf::from(&args.input)], ReadOptions::default());
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut totals = Totals::default();
    let ctx = Ctx {
        pack,
        gate,
        display: &args.input,
        lang: args.lang.lang(),
        format: args.format,
        all_scopes: args.all_scopes,
    };
    let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
    let mut items = inputs.peekable();
    while let Some(item) = items.next() {
        match item {
            Item::Raw { at, body } => {
                let line = usize::try_from(at.line.unwrap_or(1)).unwrap_or(usize::MAX);
                let parsed = match body {
                    Body::Json(bytes) => std::str::from_utf8(&bytes)
                        .map_err(|_| "not UTF-8".to_string())
                        .and_then(|l| parse_record(l, line, args.gender, default_area)),
                    Body::Fields(f) => fields_record(&f, line, args.gender, default_area),
                    Body::NotUtf8 => Err("not UTF-8 text".to_string()),
                };
                match parsed {
                    Ok(mut r) => {
                        r.file = Some(at.file.to_string());
                        batch.push(r);
                    }
                    Err(msg) => {
                        eprintln!("jamkoll: {at}: {msg}; record skipped");
                        totals.refused += 1;
                    }
                }
            }
            Item::Problem(p) => {
                eprintln!("jamkoll: {p}");
                totals.refused += 1;
            }
            Item::Notice(n) => eprintln!("jamkoll: {}: {}", n.at, n.message),
        }
        if batch.len() >= BATCH || (items.peek().is_none() && !batch.is_empty()) {
            let results: Vec<Vec<Finding>> =
                batch.par_iter().map(|r| check_one(engine, r)).collect();
            for (rec, findings) in batch.iter().zip(&results) {
                render(&ctx, rec, findings, &mut out, &mut totals)?;
            }
            batch.clear();
        }
    }
    out.flush()?;
    drop(out);
    Ok(finish(&totals, args.format, args.all_scopes))
}

/// A record from CSV or text-file fields; the error names the field, never the text.
fn fields_record(
    f: &jamkoll_index::record::Fields,
    line: usize,
    gender: Gender,
    area: Option<&Area>,
) -> Result<Record, String> {
    let text = f
        .get("text")
        .filter(|t| !t.trim().is_empty())
        .ok_or("field `text` is missing or empty")?
        .to_string();
    let gender = match f
        .get("client_gender")
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        Some(g) => g
            .parse::<Gender>()
            .map_err(|e| format!("field `client_gender`: {e}"))?,
        None => gender,
    };
    let area = f
        .get("area")
        .filter(|a| !a.trim().is_empty())
        .map(Area::new)
        .or_else(|| area.cloned());
    Ok(Record {
        file: None,
        id: f.id().map(str::to_string),
        line,
        text,
        gender,
        area,
    })
}

fn check_one(engine: &Engine, rec: &Record) -> Vec<Finding> {
    engine.check(&Doc {
        text: &rec.text,
        client_gender: rec.gender,
        area: rec.area.as_ref(),
    })
}

/// Parses one JSON Lines record; the error says which field is wrong, never the text.
fn parse_record(
    line: &str,
    line_no: usize,
    gender: Gender,
    area: Option<&Area>,
) -> Result<Record, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object ({e})"))?;
    let obj = v.as_object().ok_or("not a JSON object")?;
    let id = obj.get("id").map(|x| match x {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let text = obj
        .get("text")
        .and_then(|t| t.as_str())
        .ok_or("field `text` is missing or not a string")?
        .to_string();
    let gender = match obj.get("client_gender") {
        Some(serde_json::Value::String(g)) => g
            .parse::<Gender>()
            .map_err(|e| format!("field `client_gender`: {e}"))?,
        Some(serde_json::Value::Null) | None => gender,
        Some(_) => return Err("field `client_gender` is not a string".to_string()),
    };
    let area = match obj.get("area").and_then(|a| a.as_str()) {
        Some(a) => Some(Area::new(a)),
        None => area.cloned(),
    };
    Ok(Record {
        file: None,
        id,
        line: line_no,
        text,
        gender,
        area,
    })
}

#[derive(Default)]
struct Totals {
    documents: usize,
    shown: usize,
    negated: usize,
    reported: usize,
    hypothetical: usize,
    refused: usize,
}

struct Ctx<'a> {
    pack: &'a RulePack,
    gate: &'a Gate,
    display: &'a str,
    lang: Lang,
    format: Format,
    all_scopes: bool,
}

/// Prints one document's findings.
fn render(
    ctx: &Ctx<'_>,
    rec: &Record,
    findings: &[Finding],
    out: &mut impl Write,
    totals: &mut Totals,
) -> anyhow::Result<()> {
    totals.documents += 1;
    for f in findings {
        match f.scope {
            Scope::Asserted => {}
            Scope::Negated => totals.negated += 1,
            Scope::Reported => totals.reported += 1,
            Scope::Hypothetical => totals.hypothetical += 1,
        }
        if f.scope != Scope::Asserted && !ctx.all_scopes {
            continue;
        }
        totals.shown += 1;
        let (line, col) = line_col(&rec.text, f.span.start);
        // For records, the line is the record's line in the file and the column is in its text.
        let (line, col) = if rec.id.is_some() {
            (rec.line, col_in_text(&rec.text, f.span.start))
        } else {
            (line, col)
        };
        let message = ctx.pack.rule(&f.rule).map_or("", |r| r.message(ctx.lang));
        let (excerpt, under) = excerpt(ctx.gate, &rec.text, f);
        match ctx.format {
            Format::Json => {
                let v = serde_json::json!({
                    "file": rec.file.as_deref().unwrap_or(ctx.display), "record": rec.id, "line": line, "col": col,
                    "rule": f.rule, "category": f.category, "subject": f.subject, "role": f.role,
                    "scope": f.scope, "domain": f.domain, "message": message,
                    "span": f.span, "excerpt": excerpt,
                });
                writeln!(out, "{v}")?;
            }
            Format::Text => {
                let record = rec
                    .id
                    .as_deref()
                    .map(|id| format!(" [record {id}]"))
                    .unwrap_or_default();
                let domain = f
                    .domain
                    .map(|d| format!(", domän {}", d.as_str()))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}:{line}:{col}:{record} {} [{}] subjekt {}, {}{domain}",
                    rec.file.as_deref().unwrap_or(ctx.display),
                    f.rule,
                    f.category.as_str(),
                    f.subject.as_str(),
                    f.scope.as_str()
                )?;
                writeln!(out, "  {message}")?;
                writeln!(out, "  | {excerpt}")?;
                if let Some((pad, len)) = under {
                    writeln!(out, "  | {}{}", " ".repeat(pad), "^".repeat(len.max(1)))?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// 1-based line and character column of byte `pos` in `text`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    (line, col_in_line(before))
}

fn col_in_text(text: &str, pos: usize) -> usize {
    text.get(..pos).map_or(1, |b| b.chars().count() + 1)
}

fn col_in_line(before: &str) -> usize {
    before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1
}

/// Longest excerpt shown, in characters either side of the cue.
const CONTEXT_CHARS: usize = 70;

/// The sentence around the cue, through the identifier gate, and where to underline the cue
/// (characters of padding, characters of cue). When an identifier overlaps the cue the excerpt
/// is withheld.
fn excerpt(gate: &Gate, text: &str, f: &Finding) -> (String, Option<(usize, usize)>) {
    let sent = text.get(f.sentence.start..f.sentence.end).unwrap_or("");
    let (cs, ce) = (
        f.span.start.saturating_sub(f.sentence.start),
        f.span.end.saturating_sub(f.sentence.start),
    );
    // Trim long sentences around the cue, on character boundaries.
    let mut from = 0;
    let mut to = sent.len();
    let before: Vec<(usize, char)> = sent.get(..cs).unwrap_or("").char_indices().collect();
    if before.len() > CONTEXT_CHARS {
        from = before[before.len() - CONTEXT_CHARS].0;
    }
    let after: Vec<(usize, char)> = sent.get(ce..).unwrap_or("").char_indices().collect();
    if after.len() > CONTEXT_CHARS {
        to = ce + after[CONTEXT_CHARS].0;
    }
    let piece = sent
        .get(from..to)
        .unwrap_or("")
        .replace(['\n', '\r', '\t'], " ");
    let (cs, ce) = (cs - from, ce - from);
    let red = gate.redact(&piece);
    if red
        .hits
        .iter()
        .any(|h| h.span.start < ce && cs < h.span.end)
    {
        return (
            "(utdraget visas inte: en identifierare står i träffen)".to_string(),
            None,
        );
    }
    // Shift the cue by what the placeholders before it changed.
    let mut shift: isize = 0;
    for h in red.hits.iter().filter(|h| h.span.end <= cs) {
        shift += h.kind.placeholder().len() as isize - (h.span.end - h.span.start) as isize;
    }
    let ncs = (cs as isize + shift).max(0) as usize;
    let nce = (ce as isize + shift).max(0) as usize;
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < sent.len() { "…" } else { "" };
    let pad = lead.chars().count() + red.text.get(..ncs).map_or(0, |s| s.chars().count());
    let len = red.text.get(ncs..nce).map_or(0, |s| s.chars().count());
    (format!("{lead}{}{tail}", red.text), Some((pad, len)))
}
