//! Rendering one finding: where it stands (file, record, line, column), the gated excerpt with
//! the cue's underline, and the text or JSON line. Runs on the worker threads, into each
//! record's own output buffer.
//!
//! This is the hot path around the engine, so a record's findings are rendered without an
//! allocation each: the excerpt is built in a buffer the record's [`Places`] reuses, the
//! gated record id is computed once and borrowed, columns are counted on from the previous
//! finding, and the JSON line is written by hand ([`json_line`], the same bytes as the
//! `serde_json` rendering it replaced: tested against it).

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use jamkoll_core::{Finding, Scope, Span};
use jamkoll_redact::{Gate, apply_placeholders};
use jamkoll_rules::{Lang, RulePack};

use super::record::Record;
use crate::cmd::rules::Format;

/// What every record's rendering needs, shared by reference across the worker threads.
pub(super) struct Ctx<'a> {
    pub pack: &'a RulePack,
    pub gate: &'a Gate,
    /// The input as named on the command line (`<stdin>` for standard input).
    pub display: &'a str,
    pub lang: Lang,
    pub format: Format,
    pub all_scopes: bool,
}

/// Findings shown and hidden, per record and summed for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Counts {
    pub documents: usize,
    pub shown: usize,
    pub negated: usize,
    pub reported: usize,
    pub hypothetical: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.documents += o.documents;
        self.shown += o.shown;
        self.negated += o.negated;
        self.reported += o.reported;
        self.hypothetical += o.hypothetical;
    }
}

/// Where a finding stands, ready to print: file, record, line and column, and the gated
/// excerpt with the cue's underline. Kept for case-level findings of records with a
/// `case_id` until the end of input, so it holds no text but the gated excerpt.
#[derive(Debug, Clone)]
pub(super) struct Place {
    file: Option<Arc<str>>,
    /// The record id, through the identifier gate.
    record: Option<Box<str>>,
    line: usize,
    col: usize,
    excerpt: Box<str>,
    under: Option<(usize, usize)>,
}

impl Place {
    /// The place, borrowed, as [`print`] takes it.
    pub fn at(&self) -> At<'_> {
        At {
            file: self.file.as_deref(),
            record: self.record.as_deref(),
            line: self.line,
            col: self.col,
            excerpt: &self.excerpt,
            under: self.under,
        }
    }
}

/// Where a finding stands, borrowed: a [`Place`], or a record's finding rendered at once.
pub(super) struct At<'a> {
    /// The file, when it differs from the input named.
    file: Option<&'a str>,
    /// The record id, through the identifier gate.
    record: Option<&'a str>,
    line: usize,
    col: usize,
    excerpt: &'a str,
    under: Option<(usize, usize)>,
}

/// A record's places, with its gated id computed once.
pub(super) struct Places<'r, 'a> {
    ctx: &'r Ctx<'r>,
    rec: &'r Record<'a>,
    /// The gated record id, once asked for.
    record: Option<Option<Cow<'r, str>>>,
    /// The excerpt being rendered, reused from finding to finding.
    scratch: String,
    /// The byte offset and character count of the last column counted, to count on from.
    counted: (usize, usize),
}

impl<'r, 'a> Places<'r, 'a> {
    pub fn new(ctx: &'r Ctx<'r>, rec: &'r Record<'a>) -> Self {
        Places {
            ctx,
            rec,
            record: None,
            scratch: String::new(),
            counted: (0, 0),
        }
    }

    /// The record id through the identifier gate (an id can itself be an identifier: an
    /// export keyed by personnummer), computed once a record.
    fn gate_record(&mut self) {
        let (gate, rec) = (self.ctx.gate, self.rec);
        self.record
            .get_or_insert_with(|| rec.id.as_deref().map(|id| gate.redact_cow(id)));
    }

    /// Line and column of byte `pos`. For records, the line is the record's line in the file
    /// and the column is in its text; for plain text, both are in the text.
    fn line_col(&mut self, pos: usize) -> (usize, usize) {
        let text: &str = &self.rec.text;
        if self.rec.id.is_none() {
            return line_col(text, pos);
        }
        (self.rec.line, count_on(text, pos, &mut self.counted))
    }

    /// The place of the cue `span` in sentence `sentence` of the record, owned (kept for a
    /// case's findings).
    pub fn place(&mut self, span: Span, sentence: Span) -> Place {
        let (line, col) = self.line_col(span.start);
        let under = excerpt_into(
            self.ctx.gate,
            &self.rec.text,
            span,
            sentence,
            &mut self.scratch,
        );
        self.gate_record();
        Place {
            file: self.rec.file.clone(),
            record: self
                .record
                .as_ref()
                .and_then(|r| r.as_deref())
                .map(Box::from),
            line,
            col,
            excerpt: self.scratch.as_str().into(),
            under,
        }
    }

    /// Renders `f` at its place in the record into `out`; `case` as for [`print`].
    pub fn print(
        &mut self,
        f: &Finding,
        case: Option<u32>,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        let (line, col) = self.line_col(f.span.start);
        let under = excerpt_into(
            self.ctx.gate,
            &self.rec.text,
            f.span,
            f.sentence,
            &mut self.scratch,
        );
        self.gate_record();
        let at = At {
            file: self.rec.file.as_deref(),
            record: self.record.as_ref().and_then(|r| r.as_deref()),
            line,
            col,
            excerpt: &self.scratch,
            under,
        };
        print(self.ctx, &at, f, case, out)
    }
}

/// Writes `s` as a JSON string, escaped exactly as `serde_json` escapes it (quote, backslash
/// and control characters; everything else as it is). The common string needs no escape and
/// is copied whole; one that does goes through `serde_json` itself.
fn json_str(out: &mut Vec<u8>, s: &str) -> std::io::Result<()> {
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *out, s).map_err(std::io::Error::from)
    }
}

/// Writes an optional string as `json_str` does, or `null`.
fn json_opt(out: &mut Vec<u8>, s: Option<&str>) -> std::io::Result<()> {
    match s {
        Some(s) => json_str(out, s),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// Writes an integer.
fn json_int(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A finding as one JSON line, keys in sorted order (the order the former `serde_json::Value`
/// rendering gave them, and scripts may have come to rely on): the bytes `serde_json` gave
/// for the same fields, written without its per-field machinery.
fn json_line(
    out: &mut Vec<u8>,
    at: &At<'_>,
    file: &str,
    message: &str,
    f: &Finding,
    case: Option<u32>,
) -> std::io::Result<()> {
    out.push(b'{');
    if let Some(n) = case {
        out.extend_from_slice(b"\"case_documents\":");
        json_int(out, n);
        out.push(b',');
    }
    out.extend_from_slice(b"\"category\":");
    json_str(out, f.category.as_str())?;
    out.extend_from_slice(b",\"col\":");
    json_int(out, at.col);
    out.extend_from_slice(b",\"domain\":");
    json_opt(out, f.domain.map(|d| d.as_str()))?;
    out.extend_from_slice(b",\"excerpt\":");
    json_str(out, at.excerpt)?;
    out.extend_from_slice(b",\"file\":");
    json_str(out, file)?;
    if case.is_some() {
        out.extend_from_slice(b",\"level\":\"case\"");
    }
    out.extend_from_slice(b",\"line\":");
    json_int(out, at.line);
    out.extend_from_slice(b",\"message\":");
    json_str(out, message)?;
    out.extend_from_slice(b",\"record\":");
    json_opt(out, at.record)?;
    out.extend_from_slice(b",\"role\":");
    json_opt(out, f.role.map(|r| r.as_str()))?;
    out.extend_from_slice(b",\"rule\":");
    json_str(out, &f.rule)?;
    out.extend_from_slice(b",\"scope\":");
    json_str(out, f.scope.as_str())?;
    out.extend_from_slice(b",\"span\":{\"end\":");
    json_int(out, f.span.end);
    out.extend_from_slice(b",\"start\":");
    json_int(out, f.span.start);
    out.extend_from_slice(b"},\"subject\":");
    json_str(out, f.subject.as_str())?;
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// Renders one finding at its place into `out`; `case` is the number of documents of the
/// case for a case-level finding.
pub(super) fn print(
    ctx: &Ctx<'_>,
    at: &At<'_>,
    f: &Finding,
    case: Option<u32>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let message = ctx.pack.rule(&f.rule).map_or("", |r| r.message(ctx.lang));
    let file = at.file.unwrap_or(ctx.display);
    let (line, col) = (at.line, at.col);
    match ctx.format {
        Format::Json => json_line(out, at, file, message, f, case)?,
        Format::Text => {
            write!(out, "{file}:{line}:{col}:")?;
            if let Some(id) = at.record {
                write!(out, " [record {id}]")?;
            }
            write!(
                out,
                " {} [{}] subjekt {}, {}",
                f.rule,
                f.category.as_str(),
                f.subject.as_str(),
                f.scope.as_str()
            )?;
            if let Some(d) = f.domain {
                write!(out, ", domän {}", d.as_str())?;
            }
            writeln!(out, "\n  {message}")?;
            match case {
                Some(1) => writeln!(out, "  = gäller hela ärendet (1 dokument)")?,
                Some(n) => writeln!(out, "  = gäller hela ärendet ({n} dokument)")?,
                None => {}
            }
            out.extend_from_slice(b"  | ");
            out.extend_from_slice(at.excerpt.as_bytes());
            out.push(b'\n');
            if let Some((pad, len)) = at.under {
                out.extend_from_slice(b"  | ");
                out.resize(out.len() + pad, b' ');
                out.resize(out.len() + len.max(1), b'^');
                out.push(b'\n');
            }
            out.push(b'\n');
        }
    }
    Ok(())
}

/// Renders a record's own findings (asserted ones only, unless `--all-scopes`) and counts
/// them and the record.
pub(super) fn record_findings(
    places: &mut Places<'_, '_>,
    findings: &[Finding],
    out: &mut Vec<u8>,
) -> std::io::Result<Counts> {
    let ctx = places.ctx;
    let mut counts = Counts {
        documents: 1,
        ..Counts::default()
    };
    for f in findings {
        match f.scope {
            Scope::Asserted => {}
            Scope::Negated => counts.negated += 1,
            Scope::Reported => counts.reported += 1,
            Scope::Hypothetical => counts.hypothetical += 1,
        }
        if f.scope != Scope::Asserted && !ctx.all_scopes {
            continue;
        }
        counts.shown += 1;
        places.print(f, None, out)?;
    }
    Ok(counts)
}

/// 1-based character column of byte `pos` in `text`, counting across lines; `counted` is the
/// byte offset and character count of the column counted before, which findings in text order
/// (the common case) count on from, and is updated. 1 when `pos` is not a character boundary.
fn count_on(text: &str, pos: usize, counted: &mut (usize, usize)) -> usize {
    let (from, before) = if pos >= counted.0 { *counted } else { (0, 0) };
    let Some(piece) = text.get(from..pos) else {
        return 1;
    };
    let chars = before + piece.chars().count();
    *counted = (pos, chars);
    chars + 1
}

/// 1-based line and character column of byte `pos` in `text`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Longest excerpt shown, in characters either side of the cue.
const CONTEXT_CHARS: usize = 70;

/// What an excerpt says when an identifier overlaps the cue.
const WITHHELD: &str = "(utdraget visas inte: en identifierare står i träffen)";

/// The sentence around the cue, through the identifier gate, and where to underline the cue
/// (characters of padding, characters of cue). When an identifier overlaps the cue the excerpt
/// is withheld.
#[cfg(test)]
fn excerpt(
    gate: &Gate,
    text: &str,
    span: Span,
    sentence: Span,
) -> (String, Option<(usize, usize)>) {
    let mut out = String::new();
    let under = excerpt_into(gate, text, span, sentence, &mut out);
    (out, under)
}

/// [`excerpt`] into `out` (cleared first), which a record's findings reuse; gives where to
/// underline the cue.
fn excerpt_into(
    gate: &Gate,
    text: &str,
    span: Span,
    sentence: Span,
    out: &mut String,
) -> Option<(usize, usize)> {
    out.clear();
    let sent = text.get(sentence.start..sentence.end).unwrap_or("");
    let (cs, ce) = (
        span.start.saturating_sub(sentence.start),
        span.end.saturating_sub(sentence.start),
    );
    // Trim long sentences around the cue, on character boundaries: keep CONTEXT_CHARS
    // characters either side when there are more.
    let mut from = 0;
    let mut to = sent.len();
    let mut before = sent.get(..cs).unwrap_or("").char_indices().rev();
    if let (Some((i, _)), Some(_)) = (before.nth(CONTEXT_CHARS - 1), before.next()) {
        from = i;
    }
    if let Some((i, _)) = sent
        .get(ce..)
        .unwrap_or("")
        .char_indices()
        .nth(CONTEXT_CHARS)
    {
        to = ce + i;
    }
    let raw = sent.get(from..to).unwrap_or("");
    // Line breaks and tabs become spaces (one byte for one: offsets stay).
    let piece = if raw.bytes().any(|b| matches!(b, b'\n' | b'\r' | b'\t')) {
        Cow::Owned(raw.replace(['\n', '\r', '\t'], " "))
    } else {
        Cow::Borrowed(raw)
    };
    let (cs, ce) = (cs - from, ce - from);
    let hits = gate.scan(&piece);
    if hits.iter().any(|h| h.span.start < ce && cs < h.span.end) {
        out.push_str(WITHHELD);
        return None;
    }
    // Shift the cue by what the placeholders before it changed.
    let mut shift: isize = 0;
    for h in hits.iter().filter(|h| h.span.end <= cs) {
        shift += h.kind.placeholder().len() as isize - (h.span.end - h.span.start) as isize;
    }
    let red = apply_placeholders(&piece, &hits);
    let ncs = (cs as isize + shift).max(0) as usize;
    let nce = (ce as isize + shift).max(0) as usize;
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < sent.len() { "…" } else { "" };
    let pad = lead.chars().count() + red.get(..ncs).map_or(0, |s| s.chars().count());
    let len = red.get(ncs..nce).map_or(0, |s| s.chars().count());
    out.push_str(lead);
    out.push_str(&red);
    out.push_str(tail);
    Some((pad, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_keeps_seventy_characters_either_side() {
        let gate = Gate::new();
        let left = "a".repeat(100);
        let right = "b".repeat(100);
        let text = format!("{left} pappa {right}");
        let start = left.len() + 1;
        let (ex, under) = excerpt(
            &gate,
            &text,
            Span::new(start, start + 5),
            Span::new(0, text.len()),
        );
        // 70 characters before the cue (69 a's and the space), the cue, 70 after.
        assert_eq!(ex, format!("…{} pappa {}…", "a".repeat(69), "b".repeat(69)));
        assert_eq!(under, Some((71, 5)));
    }

    #[test]
    fn excerpt_of_a_short_sentence_is_whole() {
        let gate = Gate::new();
        let text = "Å ja, pappa kom.";
        let start = text.find("pappa").unwrap_or(0);
        let (ex, under) = excerpt(
            &gate,
            text,
            Span::new(start, start + 5),
            Span::new(0, text.len()),
        );
        assert_eq!(ex, text);
        assert_eq!(under, Some((6, 5)));
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("åå\nää x", 10), (2, 4));
        let text = "åå\nää x";
        let mut counted = (0, 0);
        assert_eq!(count_on(text, 10, &mut counted), 7);
        assert_eq!(counted, (10, 6));
        // Backwards: from the start again; then on from there.
        assert_eq!(count_on(text, 2, &mut counted), 2);
        assert_eq!(count_on(text, 10, &mut counted), 7);
        // Not a character boundary: column 1, nothing remembered.
        assert_eq!(count_on(text, 1, &mut counted), 1);
        assert_eq!(counted, (10, 6));
        assert_eq!(count_on(text, 99, &mut counted), 1);
    }

    /// The hand-written JSON line is byte for byte what `serde_json` gives for the same
    /// fields, escapes included.
    #[test]
    fn json_line_is_what_serde_json_writes() {
        use jamkoll_core::{Category, DutyDomain, Role, Subject};
        use serde::Serialize;

        #[derive(Serialize)]
        struct JsonFinding<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            case_documents: Option<u32>,
            category: Category,
            col: usize,
            domain: Option<DutyDomain>,
            excerpt: &'a str,
            file: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            level: Option<&'static str>,
            line: usize,
            message: &'a str,
            record: Option<&'a str>,
            role: Option<Role>,
            rule: &'a str,
            scope: Scope,
            span: JsonSpan,
            subject: Subject,
        }
        #[derive(Serialize)]
        struct JsonSpan {
            end: usize,
            start: usize,
        }

        let texts = [
            "Hon är orolig.",
            "citat \"så\" och \\ bakstreck",
            "tab\there, ny\nrad, \u{1} \u{1f} \u{7f} ÅÄÖ é – …",
            "",
        ];
        let mut n = 0;
        for excerpt in texts {
            for record in [None, Some(texts[1]), Some("c0000001")] {
                for case in [None, Some(3)] {
                    n += 1;
                    let f = Finding {
                        rule: ["upprord", "a\"b"][n % 2].to_string(),
                        category: Category::ALL[n % Category::ALL.len()],
                        subject: Subject::ALL[n % Subject::ALL.len()],
                        role: (n % 3 > 0).then(|| Role::ALL[n % Role::ALL.len()]),
                        scope: Scope::ALL[n % Scope::ALL.len()],
                        domain: (n % 2 > 0).then(|| DutyDomain::ALL[n % DutyDomain::ALL.len()]),
                        span: Span::new(n, n * 1000 + 7),
                        sentence: Span::new(0, n * 2000),
                    };
                    let at = At {
                        file: None,
                        record,
                        line: n * 31,
                        col: usize::MAX - n,
                        excerpt,
                        under: None,
                    };
                    let (file, message) = (texts[n % texts.len()], texts[(n + 1) % texts.len()]);
                    let mut ours = Vec::new();
                    json_line(&mut ours, &at, file, message, &f, case).expect("render");
                    let mut theirs = serde_json::to_vec(&JsonFinding {
                        case_documents: case,
                        category: f.category,
                        col: at.col,
                        domain: f.domain,
                        excerpt,
                        file,
                        level: case.map(|_| "case"),
                        line: at.line,
                        message,
                        record,
                        role: f.role,
                        rule: &f.rule,
                        scope: f.scope,
                        span: JsonSpan {
                            end: f.span.end,
                            start: f.span.start,
                        },
                        subject: f.subject,
                    })
                    .expect("serde_json");
                    theirs.push(b'\n');
                    assert_eq!(
                        String::from_utf8_lossy(&ours),
                        String::from_utf8_lossy(&theirs)
                    );
                }
            }
        }
    }
}
