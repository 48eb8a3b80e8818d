//! Rendering one finding: where it stands (file, record, line, column), the gated excerpt with
//! the cue's underline, and the text or JSON line. Runs on the worker threads, into each
//! record's own output buffer.

use std::io::Write;
use std::sync::Arc;

use jamkoll_core::{Category, DutyDomain, Finding, Role, Scope, Span, Subject};
use jamkoll_redact::Gate;
use jamkoll_rules::{Lang, RulePack};
use serde::Serialize;

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

/// A record's places, with its gated id computed once.
pub(super) struct Places<'r, 'a> {
    ctx: &'r Ctx<'r>,
    rec: &'r Record<'a>,
    record: Option<Option<Box<str>>>,
}

impl<'r, 'a> Places<'r, 'a> {
    pub fn new(ctx: &'r Ctx<'r>, rec: &'r Record<'a>) -> Self {
        Places {
            ctx,
            rec,
            record: None,
        }
    }

    /// The place of the cue `span` in sentence `sentence` of the record.
    pub fn place(&mut self, span: Span, sentence: Span) -> Place {
        let (ctx, rec) = (self.ctx, self.rec);
        let text: &str = &rec.text;
        // For records, the line is the record's line in the file and the column is in its
        // text; for plain text, both are in the text.
        let (line, col) = if rec.id.is_some() {
            (rec.line, col_in_text(text, span.start))
        } else {
            line_col(text, span.start)
        };
        let (excerpt, under) = excerpt(ctx.gate, text, span, sentence);
        // An id can itself be an identifier (an export keyed by personnummer): shown gated.
        let record = self
            .record
            .get_or_insert_with(|| {
                rec.id
                    .as_deref()
                    .map(|id| ctx.gate.redact_cow(id).into_owned().into_boxed_str())
            })
            .clone();
        Place {
            file: rec.file.clone(),
            record,
            line,
            col,
            excerpt: excerpt.into_boxed_str(),
            under,
        }
    }
}

/// A finding as one JSON line. The keys are in sorted order, the order the former
/// `serde_json::Value` rendering gave them (and scripts may have come to rely on).
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

/// A span with its keys sorted, as above.
#[derive(Serialize)]
struct JsonSpan {
    end: usize,
    start: usize,
}

/// Renders one finding at its place into `out`; `case` is the number of documents of the
/// case for a case-level finding.
pub(super) fn print(
    ctx: &Ctx<'_>,
    at: &Place,
    f: &Finding,
    case: Option<u32>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let message = ctx.pack.rule(&f.rule).map_or("", |r| r.message(ctx.lang));
    let file = at.file.as_deref().unwrap_or(ctx.display);
    let (line, col) = (at.line, at.col);
    match ctx.format {
        Format::Json => {
            let v = JsonFinding {
                case_documents: case,
                category: f.category,
                col,
                domain: f.domain,
                excerpt: &at.excerpt,
                file,
                level: case.map(|_| "case"),
                line,
                message,
                record: at.record.as_deref(),
                role: f.role,
                rule: &f.rule,
                scope: f.scope,
                span: JsonSpan {
                    end: f.span.end,
                    start: f.span.start,
                },
                subject: f.subject,
            };
            serde_json::to_writer(&mut *out, &v)?;
            out.push(b'\n');
        }
        Format::Text => {
            write!(out, "{file}:{line}:{col}:")?;
            if let Some(id) = &at.record {
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
            writeln!(out, "  | {}", at.excerpt)?;
            if let Some((pad, len)) = at.under {
                writeln!(out, "  | {}{}", " ".repeat(pad), "^".repeat(len.max(1)))?;
            }
            writeln!(out)?;
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
        print(ctx, &places.place(f.span, f.sentence), f, None, out)?;
    }
    Ok(counts)
}

/// 1-based line and character column of byte `pos` in `text`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// 1-based character column of byte `pos` in `text`, counting across lines.
fn col_in_text(text: &str, pos: usize) -> usize {
    text.get(..pos).map_or(1, |b| b.chars().count() + 1)
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
        assert_eq!(col_in_text("åå\nää x", 10), 7);
    }
}
