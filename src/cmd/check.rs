//! `jamkoll check`: runs the rules over texts and prints the findings, like a compiler's
//! diagnostics (file:line:col, rule, category, subject, scope, message, the sentence with the
//! cue underlined). Every excerpt passes the identifier gate first.
//!
//! Input: plain text (one document); JSON Lines records (`id`, `text`, `client_gender`,
//! `area`; one record a line), chosen by the extension (`.jsonl`, `.ndjson`) or, for standard
//! input and other names, by the first non-blank character (`{` means JSON Lines); CSV files
//! (`.csv`, `.tsv`) and folders through the ingest readers of `jamkoll_index`. Records are
//! read in batches and checked in parallel, so memory stays flat on large inputs.
//!
//! Case-level absence (a parent never named in a child investigation, or only as not
//! contacted) is judged over all records of a case (`case_id`, else the record's `id`): each
//! record's small facts are added to its case's tally as it is read, and the case findings are
//! printed at the end, in the order the cases first appeared. Only the place of each person's
//! first mention is kept (already cut and gated), never a record's text.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_core::{Area, Finding, Gender, Scope, Span};
use jamkoll_redact::Gate;
use jamkoll_rules::{CaseFacts, CaseTally, Doc, Engine, Lang, RulePack};
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
    /// The case the record belongs to (`case_id`), if given.
    case: Option<String>,
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
    let mut cases = Cases::default();
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
            case: None,
            line: 1,
            text,
            gender: args.gender,
            area: default_area,
        };
        check_batch(&ctx, &engine, &[rec], &mut out, &mut totals, &mut cases)?;
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
                check_batch(&ctx, &engine, &batch, &mut out, &mut totals, &mut cases)?;
                batch.clear();
            }
            if n == 0 {
                break;
            }
        }
    }
    cases.render(&ctx, &engine, &mut out, &mut totals)?;
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
    let mut cases = Cases::default();
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
            check_batch(&ctx, engine, &batch, &mut out, &mut totals, &mut cases)?;
            batch.clear();
        }
    }
    cases.render(&ctx, engine, &mut out, &mut totals)?;
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
    let case = f
        .get("case_id")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    Ok(Record {
        file: None,
        id: f.id().map(str::to_string),
        case,
        line,
        text,
        gender,
        area,
    })
}

/// A record's findings and its facts for the case-level absence rules.
fn check_one(engine: &Engine, rec: &Record) -> (Vec<Finding>, CaseFacts) {
    let doc = Doc {
        text: &rec.text,
        client_gender: rec.gender,
        area: rec.area.as_ref(),
    };
    engine.analyse(&doc)
}

/// Checks a batch in parallel, prints each record's findings in input order and adds its
/// facts to its case.
fn check_batch(
    ctx: &Ctx<'_>,
    engine: &Engine,
    batch: &[Record],
    out: &mut impl Write,
    totals: &mut Totals,
    cases: &mut Cases,
) -> anyhow::Result<()> {
    let results: Vec<(Vec<Finding>, CaseFacts)> =
        batch.par_iter().map(|r| check_one(engine, r)).collect();
    for (rec, (findings, facts)) in batch.iter().zip(&results) {
        render(ctx, rec, findings, out, totals)?;
        cases.add(ctx, rec, facts);
    }
    Ok(())
}

/// The cases of the input, for case-level absence.
#[derive(Default)]
struct Cases {
    /// Records seen (the key of a record within its case).
    seq: u64,
    /// Case keys in the order they first appeared.
    order: Vec<String>,
    open: HashMap<String, OpenCase>,
}

/// One case: its tally and where each person is first mentioned.
#[derive(Default)]
struct OpenCase {
    tally: CaseTally<u64>,
    /// (record, span start, span end) -> where it is, cut and gated when the record was read.
    places: HashMap<(u64, usize, usize), Place>,
}

impl Cases {
    /// Adds a record's facts to its case (`case_id`, else the record id, else the record alone).
    fn add(&mut self, ctx: &Ctx<'_>, rec: &Record, facts: &CaseFacts) {
        self.seq += 1;
        if facts.is_empty() {
            return;
        }
        let key = rec
            .case
            .clone()
            .or_else(|| rec.id.clone())
            .unwrap_or_else(|| format!("\u{0}{}", self.seq));
        let case = match self.open.get_mut(&key) {
            Some(c) => c,
            None => {
                self.order.push(key.clone());
                self.open.entry(key).or_default()
            }
        };
        // Keep the place of a person's first mention in the case: later records never anchor
        // a finding (the tally keeps the smallest record number).
        for (rule, f) in &facts.rules {
            let before = case.tally.counts(rule);
            for (now, was) in [
                (&f.mother, before.map(|b| &b.mother)),
                (&f.father, before.map(|b| &b.father)),
                (&f.child, before.map(|b| &b.child)),
            ] {
                let Some(a) = now.first else { continue };
                if was.is_none_or(|w| w.named == 0 && w.not_heard == 0) {
                    case.places.insert(
                        (self.seq, a.span.start, a.span.end),
                        place(ctx, rec, a.span, a.sentence),
                    );
                }
            }
        }
        case.tally.add(self.seq, facts);
    }

    /// Prints every case's case-level findings.
    fn render(
        &self,
        ctx: &Ctx<'_>,
        engine: &Engine,
        out: &mut impl Write,
        totals: &mut Totals,
    ) -> anyhow::Result<()> {
        for key in &self.order {
            let Some(case) = self.open.get(key) else {
                continue;
            };
            for (seq, f) in engine.case_findings(&case.tally) {
                let Some(at) = case.places.get(&(seq, f.span.start, f.span.end)) else {
                    continue;
                };
                totals.shown += 1;
                print(ctx, at, &f, Some(case.tally.documents), out)?;
            }
        }
        Ok(())
    }
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
    let case = match obj.get("case_id") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(serde_json::Value::Null | serde_json::Value::String(_)) | None => None,
        Some(other) => Some(other.to_string()),
    };
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
        case,
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
        print(ctx, &place(ctx, rec, f.span, f.sentence), f, None, out)?;
    }
    Ok(())
}

/// Where a finding stands, ready to print: file, record, line and column, and the gated
/// excerpt with the cue's underline.
struct Place {
    file: Option<String>,
    record: Option<String>,
    line: usize,
    col: usize,
    excerpt: String,
    under: Option<(usize, usize)>,
}

/// The place of the cue `span` in sentence `sentence` of `rec`.
fn place(ctx: &Ctx<'_>, rec: &Record, span: Span, sentence: Span) -> Place {
    let (line, col) = line_col(&rec.text, span.start);
    // For records, the line is the record's line in the file and the column is in its text.
    let (line, col) = if rec.id.is_some() {
        (rec.line, col_in_text(&rec.text, span.start))
    } else {
        (line, col)
    };
    let (excerpt, under) = excerpt(ctx.gate, &rec.text, span, sentence);
    Place {
        file: rec.file.clone(),
        // An id can itself be an identifier (an export keyed by personnummer): shown gated.
        record: rec
            .id
            .as_deref()
            .map(|id| ctx.gate.redact_cow(id).into_owned()),
        line,
        col,
        excerpt,
        under,
    }
}

/// Prints one finding at its place; `case` is the number of documents of the case for a
/// case-level finding.
fn print(
    ctx: &Ctx<'_>,
    at: &Place,
    f: &Finding,
    case: Option<u32>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let message = ctx.pack.rule(&f.rule).map_or("", |r| r.message(ctx.lang));
    let file = at.file.as_deref().unwrap_or(ctx.display);
    let line = at.line;
    let col = at.col;
    match ctx.format {
        Format::Json => {
            let mut v = serde_json::json!({
                "file": file, "record": at.record, "line": line, "col": col,
                "rule": f.rule, "category": f.category, "subject": f.subject, "role": f.role,
                "scope": f.scope, "domain": f.domain, "message": message,
                "span": f.span, "excerpt": at.excerpt,
            });
            if let (Some(n), Some(obj)) = (case, v.as_object_mut()) {
                obj.insert("level".to_string(), "case".into());
                obj.insert("case_documents".to_string(), n.into());
            }
            writeln!(out, "{v}")?;
        }
        Format::Text => {
            let record = at
                .record
                .as_deref()
                .map(|id| format!(" [record {id}]"))
                .unwrap_or_default();
            let domain = f
                .domain
                .map(|d| format!(", domän {}", d.as_str()))
                .unwrap_or_default();
            writeln!(
                out,
                "{file}:{line}:{col}:{record} {} [{}] subjekt {}, {}{domain}",
                f.rule,
                f.category.as_str(),
                f.subject.as_str(),
                f.scope.as_str()
            )?;
            writeln!(out, "  {message}")?;
            if let Some(n) = case {
                let docs = if n == 1 {
                    "1 dokument".to_string()
                } else {
                    format!("{n} dokument")
                };
                writeln!(out, "  = gäller hela ärendet ({docs})")?;
            }
            writeln!(out, "  | {}", at.excerpt)?;
            if let Some((pad, len)) = at.under {
                writeln!(out, "  | {}{}", " ".repeat(pad), "^".repeat(len.max(1)))?;
            }
            writeln!(out)?;
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
fn excerpt(
    gate: &Gate,
    text: &str,
    span: Span,
    sentence: Span,
) -> (String, Option<(usize, usize)>) {
    let sent = text.get(sentence.start..sentence.end).unwrap_or("");
    let (cs, ce) = (
        span.start.saturating_sub(sentence.start),
        span.end.saturating_sub(sentence.start),
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
