//! `jamkoll check`: runs the rules over texts and prints the findings, like a compiler's
//! diagnostics (file:line:col, rule, category, subject, scope, message, the sentence with the
//! cue underlined). Every excerpt passes the identifier gate first.
//!
//! Input: plain text (one document); JSON Lines records (`id`, `text`, `client_gender`,
//! `area`, `case_id`; one record a line), chosen by the extension (`.jsonl`, `.ndjson`) or,
//! for standard input and other names, by the first non-blank character (`{` means JSON
//! Lines); CSV files (`.csv`, `.tsv`) and folders through the ingest readers of
//! `jamkoll_index`.
//!
//! # Pipeline
//!
//! The only serial work is I/O, so every core checks records:
//!
//! 1. The main side reads a batch of raw lines as bytes (up to [`BATCH_RECORDS`] lines or
//!    [`BATCH_BYTES`] bytes; from folders and CSV, the ingest readers' items). JSON Lines are
//!    read in chunks of [`READ_CHUNK`] straight into the batch's buffer and cut at line ends
//!    ([`Lines`]): one copy from the kernel, no per-line read.
//! 2. The batch is checked to be UTF-8 once, whole, with a SIMD validator (`simdutf8`, about
//!    ten times the speed of `std::str::from_utf8` on Swedish text); only a batch that fails
//!    is checked line by line, so the message still names the line. It then goes through a
//!    rayon parallel map, one record an item: parse ([`record::parse_line`]: a typed serde
//!    struct that borrows the text from the buffer), [`Engine::analyse`], and render the
//!    record's findings, gated excerpts included, into the record's own output buffer
//!    ([`render`]).
//! 3. The main side writes the buffers in input order, prints refusals to standard error in
//!    input order, and adds the case facts of records with a `case_id` to their cases.
//!
//! Steps 1 and 3 for the neighbouring batches run beside step 2 (`rayon::join`): while batch
//! N is checked, batch N-1 is written and batch N+1 read. Output is identical to a serial run.
//!
//! # Memory model and case-level absence
//!
//! At most three batches are alive (being read, being checked, being written), each a few
//! MB, whatever the size of the input. Case-level absence (a parent never named in a child
//! investigation, a child never heard) is judged over all records of a case:
//!
//! - A record without `case_id` is its own case: its case-level findings are judged from its
//!   own facts at once, on the worker, and printed right after the record's own findings.
//!   Nothing of it is kept.
//! - Records with a `case_id` add their facts to their case, which stays open until the end
//!   of input (a case's records may be anywhere in the file); the case findings are printed
//!   then, in the order the cases first appeared. That state is compact ([`cases`]): the key
//!   once, a few counters per absence rule and person, and the gated place of each person's
//!   first mention, never a text. It grows with the number of cases, not of records: about
//!   0.9 KB a case, most of it the gated excerpts (20,000 open cases of 100,000 records: 18 MB).
//!
//! Measured (shipped pack, JSON Lines without `case_id`, `--format json`): peak RSS 59 MB at
//! 100,000 records and 66 MB at 1,000,000 (it was 165 MB and 1.19 GB when every record's
//! case stayed open until the end).
//!
//! Unlike ingest, a record's `id` is not its case key when `case_id` is missing: two records
//! with the same `id` and no `case_id` are two cases (keeping every id to find repeats would
//! make memory grow with the input).

mod cases;
mod record;
mod render;

use std::io::{Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use jamkoll_core::Area;
use jamkoll_index::problem::Location;
use jamkoll_redact::Gate;
use jamkoll_rules::{Anchor, CaseTally, Doc, Engine};
use rayon::prelude::*;

use self::cases::{Cases, Pending};
use self::record::{Defaults, Record};
use self::render::{Counts, Ctx, Places, record_findings};
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
    // Read in `run` (`parse_gender`), not by clap, whose message would echo any value.
    #[arg(long, default_value = "okänt")]
    gender: String,
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

/// Most records in one batch.
const BATCH_RECORDS: usize = 2048;
/// A batch closes once its raw bytes pass this, so long records keep memory flat too.
const BATCH_BYTES: usize = 4 << 20;
/// Bytes asked of the input in one read: large enough that a read is rare next to the work
/// on its bytes, small enough that the part line carried into the next batch is a short copy.
const READ_CHUNK: usize = 256 << 10;

/// Runs `jamkoll check`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gender = crate::cmd::parse_gender("--gender", &args.gender).map_err(anyhow::Error::msg)?;
    let pack = args.pack.load()?;
    let engine = Engine::new(&pack);
    let gate = Gate::new();
    let lower = args.input.to_lowercase();
    if let Some(area) = &args.area {
        crate::cmd::check_label(&gate, "--area", area, "the area, e.g. barn_unga")?;
    }
    let default_area = args.area.as_deref().map(Area::new);
    let folder =
        Path::new(&args.input).is_dir() || lower.ends_with(".csv") || lower.ends_with(".tsv");
    // Named as ingest names its inputs: an identifier in the path shows as its placeholder.
    let display = if args.input == "-" {
        "<stdin>".to_string()
    } else {
        gate.redact_path(&args.input).into_owned()
    };
    let job = Job {
        ctx: Ctx {
            pack: &pack,
            gate: &gate,
            display: &display,
            lang: args.lang.lang(),
            format: args.format,
            all_scopes: args.all_scopes,
        },
        engine: &engine,
        defaults: Defaults {
            gender,
            area: default_area.as_ref(),
        },
    };
    let mut sink = Sink::new(&display);
    if folder {
        check_inputs(&job, &mut sink, &args.input)?;
    } else {
        check_stream(&job, &mut sink, &args.input, &lower)?;
    }
    let mut out = Vec::new();
    sink.counts += sink.cases.render(&job.ctx, &engine, &mut out)?;
    sink.out.write_all(&out)?;
    sink.out.flush()?;
    Ok(finish(&sink, args.format, args.all_scopes))
}

/// Checks a file or standard input: JSON Lines or one plain-text document.
fn check_stream(
    job: &Job<'_>,
    sink: &mut Sink<'_>,
    input: &str,
    lower: &str,
) -> anyhow::Result<()> {
    let display = job.ctx.display;
    let mut source: Box<dyn Read + Send> = if input == "-" {
        Box::new(std::io::stdin())
    } else {
        let path = PathBuf::from(input);
        Box::new(std::fs::File::open(&path).with_context(|| format!("cannot open {display}"))?)
    };
    // The first chunk decides the format when the name does not; it is the first batch's
    // start either way.
    let mut head = Vec::with_capacity(READ_CHUNK);
    let jsonl = if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        true
    } else if lower.ends_with(".txt") || lower.ends_with(".md") {
        false
    } else {
        (&mut source)
            .take(READ_CHUNK as u64)
            .read_to_end(&mut head)
            .context("cannot read the input")?;
        head.iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{')
    };
    if !jsonl {
        source
            .read_to_end(&mut head)
            .with_context(|| format!("{display}: cannot read"))?;
        let text = String::from_utf8(head)
            .map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "stream did not contain valid UTF-8",
                )
            })
            .with_context(|| format!("{display}: not UTF-8 text"))?;
        let mut whole = Some(Record {
            file: None,
            id: None,
            case: None,
            line: 1,
            text: text.into(),
            gender: job.defaults.gender,
            area: job.defaults.area.cloned().map(std::borrow::Cow::Owned),
        });
        return drive(job, sink, || {
            Ok(whole.take().map(|r| Batch {
                bytes: Vec::new(),
                units: vec![Unit::Record(r)],
            }))
        });
    }
    let mut lines = Lines {
        source,
        carry: head,
        eof: false,
        line_no: 0,
    };
    drive(job, sink, || lines.batch(display))
}

/// JSON Lines input cut into batches: read in chunks straight into the batch's buffer, split
/// at line ends with `memchr`; the part line after the last whole one is carried to the next
/// batch.
struct Lines<R> {
    source: R,
    /// Bytes read past the last whole line of the batch before.
    carry: Vec<u8>,
    eof: bool,
    /// Lines handed out so far.
    line_no: usize,
}

impl<R: Read> Lines<R> {
    /// The next batch of whole lines (each with its `\n`; the last line of the input may lack
    /// it), or `None` at the end of input.
    fn batch(&mut self, display: &str) -> anyhow::Result<Option<Batch>> {
        let mut bytes = Vec::with_capacity(BATCH_BYTES.min(READ_CHUNK * 8) + self.carry.len());
        bytes.append(&mut self.carry);
        let mut units = Vec::new();
        let (mut start, mut scanned) = (0, 0);
        loop {
            for i in memchr::memchr_iter(b'\n', &bytes[scanned..]) {
                let end = scanned + i + 1;
                self.line_no += 1;
                units.push(Unit::Line {
                    line: self.line_no,
                    range: start..end,
                    at: None,
                });
                start = end;
                if units.len() == BATCH_RECORDS {
                    break;
                }
            }
            scanned = bytes.len();
            if units.len() == BATCH_RECORDS || start >= BATCH_BYTES {
                break;
            }
            if self.eof {
                if start < bytes.len() {
                    self.line_no += 1;
                    units.push(Unit::Line {
                        line: self.line_no,
                        range: start..bytes.len(),
                        at: None,
                    });
                    start = bytes.len();
                }
                break;
            }
            bytes.reserve(READ_CHUNK);
            let n = (&mut self.source)
                .take(READ_CHUNK as u64)
                .read_to_end(&mut bytes)
                .with_context(|| {
                    format!("{display}:{}: cannot read (not UTF-8?)", self.line_no + 1)
                })?;
            self.eof = n == 0;
        }
        self.carry.extend_from_slice(&bytes[start..]);
        bytes.truncate(start);
        Ok((!units.is_empty()).then_some(Batch { bytes, units }))
    }
}

/// Checks CSV files and folders with the ingest readers of `jamkoll_index` (CSV with `;`, `,`
/// or tab, text files with front-matter, JSON Lines inside folders, any encoding ingest reads).
fn check_inputs(job: &Job<'_>, sink: &mut Sink<'_>, input: &str) -> anyhow::Result<()> {
    use jamkoll_index::read::{Body, Inputs, Item, ReadOptions};
    let mut items = Inputs::new(&[PathBuf::from(input)], ReadOptions::default());
    drive(job, sink, || {
        let mut b = Batch::default();
        while b.units.len() < BATCH_RECORDS && b.bytes.len() < BATCH_BYTES {
            let Some(item) = items.next() else { break };
            b.units.push(match item {
                Item::Raw { at, body } => {
                    let line = usize::try_from(at.line.unwrap_or(1)).unwrap_or(usize::MAX);
                    match body {
                        Body::Json(bytes) => {
                            let start = b.bytes.len();
                            b.bytes.extend_from_slice(&bytes);
                            Unit::Line {
                                line,
                                range: start..b.bytes.len(),
                                at: Some(at),
                            }
                        }
                        Body::Fields(f) => match record::fields_record(&f, line, job.defaults) {
                            Ok(mut r) => {
                                r.file = Some(at.file.clone());
                                Unit::Record(r)
                            }
                            Err(msg) => Unit::Refused(format!("{at}: {msg}; record skipped")),
                        },
                        Body::NotUtf8 => {
                            Unit::Refused(format!("{at}: not UTF-8 text; record skipped"))
                        }
                    }
                }
                Item::Problem(p) => Unit::Refused(p.to_string()),
                Item::Notice(n) => Unit::Notice(format!("{}: {}", n.at, n.message)),
            });
        }
        Ok((!b.units.is_empty()).then_some(b))
    })
}

/// What every worker needs: shared by reference.
struct Job<'a> {
    ctx: Ctx<'a>,
    engine: &'a Engine,
    defaults: Defaults<'a>,
}

/// A batch of input: the raw bytes of its JSON lines, and its units in input order.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    units: Vec<Unit>,
}

/// One unit of input.
enum Unit {
    /// A JSON Lines line, not yet checked to be UTF-8: `range` of the batch's bytes. `at` is
    /// where a reader of a folder found it; `None` for the input named (then a line that is
    /// not UTF-8 stops the run, as reading it always did).
    Line {
        line: usize,
        range: Range<usize>,
        at: Option<Location>,
    },
    /// A record read whole (CSV row, text file, the plain-text input).
    Record(Record<'static>),
    /// Refused before it became a record: the message, for standard error.
    Refused(String),
    /// Something to tell that refuses nothing.
    Notice(String),
}

/// A unit after the workers.
enum Done {
    Checked {
        /// The rendered findings: the record's own, then (no `case_id`) its case's.
        out: Vec<u8>,
        counts: Counts,
        /// The record's share of its case, for a record with a `case_id`.
        case: Option<Pending>,
    },
    Refused(String),
    Notice(String),
    Blank,
    /// A line of the input named that is not UTF-8.
    Unreadable(usize),
}

/// Reads, checks and writes batches until `source` gives none: checking batch N runs beside
/// writing batch N-1 and reading batch N+1.
fn drive<S>(job: &Job<'_>, sink: &mut Sink<'_>, mut source: S) -> anyhow::Result<()>
where
    S: FnMut() -> anyhow::Result<Option<Batch>> + Send,
{
    let mut current = source()?;
    let mut checked: Option<Vec<std::io::Result<Done>>> = None;
    while let Some(batch) = current.take() {
        let (next, now) = rayon::join(
            // Outer error: writing the previous batch failed (stop there); inner: reading.
            || -> anyhow::Result<anyhow::Result<Option<Batch>>> {
                if let Some(done) = checked.take() {
                    sink.emit(done)?;
                }
                Ok(source())
            },
            || check_batch(job, batch),
        );
        let next = next?;
        checked = Some(now);
        current = match next {
            Ok(n) => n,
            Err(e) => {
                // What was read before the failing line is written first, as before.
                if let Some(done) = checked.take() {
                    sink.emit(done)?;
                }
                return Err(e);
            }
        };
    }
    if let Some(done) = checked {
        sink.emit(done)?;
    }
    Ok(())
}

/// Checks a batch on every core, each unit into its own result, in input order.
fn check_batch(job: &Job<'_>, batch: Batch) -> Vec<std::io::Result<Done>> {
    let Batch { bytes, units } = batch;
    // One SIMD pass over the whole batch; a batch that fails is checked line by line below.
    let whole = simdutf8::basic::from_utf8(&bytes).ok();
    units
        .into_par_iter()
        .map(|unit| check_unit(job, &bytes, whole, unit))
        .collect()
}

/// Parses, checks and renders one unit. `whole` is the batch's bytes when they are all UTF-8.
fn check_unit(
    job: &Job<'_>,
    bytes: &[u8],
    whole: Option<&str>,
    unit: Unit,
) -> std::io::Result<Done> {
    match unit {
        Unit::Line { line, range, at } => {
            // A line of a valid batch is valid unless the range cuts a character (items of a
            // folder are concatenated): `get` says so, and the line is checked on its own.
            let text = whole
                .and_then(|w| w.get(range.clone()))
                .or_else(|| std::str::from_utf8(bytes.get(range).unwrap_or_default()).ok());
            let Some(text) = text else {
                return Ok(match at {
                    None => Done::Unreadable(line),
                    Some(at) => Done::Refused(format!("{at}: not UTF-8; record skipped")),
                });
            };
            if at.is_none() && text.trim().is_empty() {
                return Ok(Done::Blank);
            }
            match record::parse_line(text, line, job.defaults) {
                Ok(mut rec) => {
                    if let Some(at) = &at {
                        rec.file = Some(at.file.clone());
                    }
                    check_record(job, &rec)
                }
                Err(msg) => Ok(Done::Refused(match at {
                    None => format!("{}:{line}: {msg}; record skipped", job.ctx.display),
                    Some(at) => format!("{at}: {msg}; record skipped"),
                })),
            }
        }
        Unit::Record(rec) => check_record(job, &rec),
        Unit::Refused(m) => Ok(Done::Refused(m)),
        Unit::Notice(m) => Ok(Done::Notice(m)),
    }
}

/// Checks one record and renders its findings.
fn check_record(job: &Job<'_>, rec: &Record<'_>) -> std::io::Result<Done> {
    let doc = Doc {
        text: &rec.text,
        client_gender: rec.gender,
        area: rec.area.as_deref(),
    };
    let (findings, facts) = job.engine.analyse(&doc);
    // About 450 bytes a JSON line: one allocation for most records.
    let mut out = Vec::with_capacity(findings.len() * 512);
    let mut places = Places::new(&job.ctx, rec);
    let mut counts = record_findings(&mut places, &findings, &mut out)?;
    if facts.is_empty() {
        return Ok(Done::Checked {
            out,
            counts,
            case: None,
        });
    }
    let Some(key) = &rec.case else {
        // Its own case: judged now, printed after the record's own findings.
        for (_, f) in job.engine.case_findings(&CaseTally::of(0u32, &facts)) {
            counts.shown += 1;
            places.print(&f, Some(1), &mut out)?;
        }
        return Ok(Done::Checked {
            out,
            counts,
            case: None,
        });
    };
    // A place for each first mention, while the text is at hand; the case keeps those that
    // are first in the case.
    let mut anchors: Vec<Anchor> = facts
        .rules
        .values()
        .flat_map(|f| [&f.mother, &f.father, &f.child])
        .filter_map(|p| p.first)
        .collect();
    anchors.sort_unstable();
    anchors.dedup();
    let places = anchors
        .into_iter()
        .map(|a| (a, Some(places.place(a.span, a.sentence))))
        .collect();
    Ok(Done::Checked {
        out,
        counts,
        case: Some(Pending {
            key: key.to_string(),
            facts,
            places,
        }),
    })
}

/// The main side's output: standard output, the counts, and the open cases.
struct Sink<'a> {
    out: std::io::BufWriter<std::io::Stdout>,
    counts: Counts,
    refused: usize,
    cases: Cases,
    display: &'a str,
}

impl<'a> Sink<'a> {
    fn new(display: &'a str) -> Self {
        Sink {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            counts: Counts::default(),
            refused: 0,
            cases: Cases::default(),
            display,
        }
    }

    /// Writes a checked batch in input order.
    fn emit(&mut self, done: Vec<std::io::Result<Done>>) -> anyhow::Result<()> {
        for d in done {
            match d? {
                Done::Checked { out, counts, case } => {
                    self.out.write_all(&out)?;
                    self.counts += counts;
                    if let Some(p) = case {
                        self.cases.add(p);
                    }
                }
                Done::Refused(m) => {
                    eprintln!("jamkoll: {m}");
                    self.refused += 1;
                }
                Done::Notice(m) => eprintln!("jamkoll: {m}"),
                Done::Blank => {}
                Done::Unreadable(line) => {
                    self.out.flush()?;
                    return Err(anyhow::Error::new(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "stream did not contain valid UTF-8",
                    )))
                    .with_context(|| format!("{}:{line}: cannot read (not UTF-8?)", self.display));
                }
            }
        }
        Ok(())
    }
}

/// Prints the summary line and picks the exit code.
fn finish(sink: &Sink<'_>, format: Format, all_scopes: bool) -> ExitCode {
    let c = &sink.counts;
    if format == Format::Text {
        let hidden = c.negated + c.reported + c.hypothetical;
        let mut summary = format!("{} documents, {} findings", c.documents, c.shown);
        if !all_scopes && hidden > 0 {
            summary.push_str(&format!(
                " ({hidden} more not asserted: {} negated, {} reported, {} hypothetical; --all-scopes shows them)",
                c.negated, c.reported, c.hypothetical
            ));
        }
        eprintln!("{summary}");
    }
    if sink.refused > 0 {
        eprintln!("jamkoll: {} records refused", sink.refused);
        return exit(EXIT_ERROR);
    }
    exit(EXIT_OK)
}
