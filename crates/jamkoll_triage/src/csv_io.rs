//! CSV export and import, so a research circle can triage in a spreadsheet.
//!
//! Columns (comma separated, RFC 4180 quoting, wire names as in the JSON file):
//! `fingerprint, rule, doc_id, unit, excerpt, verdict, reason, note, decided_by, decided_at`.
//! `unit` and `excerpt` are for the reader and ignored on import; a row with an empty `verdict`
//! is an undecided finding and skipped. Import accepts `;` as separator and a UTF-8 byte-order
//! mark (what Swedish spreadsheet programs write), and refuses the whole file when any row is
//! wrong, naming each row and field (by the file's line number, as a spreadsheet or editor
//! shows it), so half a file is never recorded.
//!
//! A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return: an excerpt such as `=HYPERLINK(...)`) is written with a single quote in
//! front, the OWASP advice against CSV injection; so is a cell that starts with `'`, so that
//! import, which strips exactly that one quote again, gives back every value unchanged.

use std::io::{Read, Write};

use jamkoll_redact::Gate;

use crate::Fingerprint;
use crate::error::Error;
use crate::store::VerdictStore;
use crate::verdict::{DecidedBy, Decision, Reason, Verdict, is_utc_stamp, now_utc};

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "fingerprint",
    "rule",
    "doc_id",
    "unit",
    "excerpt",
    "verdict",
    "reason",
    "note",
    "decided_by",
    "decided_at",
];

/// Columns an imported file must have.
const REQUIRED: &[&str] = &["fingerprint", "rule", "doc_id", "verdict"];

/// One row of an export: a finding, with its verdict if it has one.
#[derive(Debug, Clone, Copy)]
pub struct CsvRow<'a> {
    /// The finding.
    pub fingerprint: &'a Fingerprint,
    /// Its rule.
    pub rule: &'a str,
    /// Its document.
    pub doc_id: &'a str,
    /// The document's unit, if known.
    pub unit: Option<&'a str>,
    /// The sentence, already through the identifier gate, if the caller shows it.
    pub excerpt: Option<&'a str>,
    /// The current verdict, if any.
    pub verdict: Option<&'a Verdict>,
}

/// Writes rows as CSV with a header.
pub fn write_csv<'a, W: Write>(
    out: W,
    rows: impl IntoIterator<Item = CsvRow<'a>>,
) -> Result<usize, Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let mut n = 0;
    for row in rows {
        let v = row.verdict;
        let cells = [
            row.fingerprint.as_str(),
            row.rule,
            row.doc_id,
            row.unit.unwrap_or(""),
            row.excerpt.unwrap_or(""),
            v.map_or("", |v| v.verdict.as_str()),
            v.and_then(|v| v.reason.as_ref()).map_or("", Reason::as_str),
            v.and_then(|v| v.reason.as_ref())
                .and_then(Reason::note)
                .unwrap_or(""),
            v.map_or("", |v| v.decided_by.as_str()),
            v.map_or("", |v| v.decided_at.as_str()),
        ];
        for cell in cells {
            w.write_field(defused(cell).as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
        n += 1;
    }
    w.flush().map_err(csv::Error::from)?;
    Ok(n)
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP: CSV
/// injection), and the quote that marks a defused cell.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r', '\''];

/// A cell as written: with a `'` in front when it starts like a formula (or with `'`).
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_START) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A cell as read: the `'` that [`defused`] puts in front removed again, and nothing else.
fn restored(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Data rows read.
    pub rows: usize,
    /// Verdicts recorded (new or changed).
    pub recorded: usize,
    /// Rows whose verdict was already the current one.
    pub unchanged: usize,
    /// Rows with no verdict (undecided findings).
    pub undecided: usize,
}

impl VerdictStore {
    /// Writes every current verdict as CSV (no excerpts). Returns the rows written.
    pub fn export_csv<W: Write>(&self, out: W) -> Result<usize, Error> {
        write_csv(
            out,
            self.iter().map(|v| CsvRow {
                fingerprint: &v.fingerprint,
                rule: &v.rule,
                doc_id: &v.doc_id,
                unit: None,
                excerpt: None,
                verdict: Some(v),
            }),
        )
    }

    /// Records the verdicts [`read_csv`] read (taking the lock for the write unless the store
    /// holds it).
    pub fn record_import(&mut self, read: CsvVerdicts) -> Result<ImportSummary, Error> {
        let decided = read.verdicts.len();
        let recorded = self.record_all(read.verdicts)?;
        Ok(ImportSummary {
            rows: read.rows,
            recorded,
            unchanged: decided - recorded,
            undecided: read.undecided,
        })
    }
}

/// The verdicts of a CSV file, every row checked and nothing recorded yet: [`read_csv`] gives
/// them, [`VerdictStore::record_import`] records them.
#[derive(Debug, Clone, Default)]
pub struct CsvVerdicts {
    verdicts: Vec<Verdict>,
    rows: usize,
    undecided: usize,
}

/// Reads and checks verdicts from CSV (as [`write_csv`] writes it, perhaps edited in a
/// spreadsheet), touching no verdict file: a caller checks a file before it takes the verdicts'
/// lock, so a refused file writes nothing. Every row is checked; one bad row refuses the file
/// with [`Error::Import`], which names each bad row and field. `source_name` names the file in
/// messages; `default_by` stands in for an empty `decided_by`; free text passes `gate`.
pub fn read_csv<R: Read>(
    mut input: R,
    source_name: &str,
    default_by: &DecidedBy,
    gate: &Gate,
) -> Result<CsvVerdicts, Error> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(std::path::Path::new(source_name), e))?;
    let refuse = |problems: Vec<String>| Error::Import {
        source_name: source_name.to_string(),
        problems,
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(refuse(vec![
            "the file is not UTF-8; save it as \"CSV UTF-8\"".into(),
        ]));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => return Err(refuse(vec![format!("line 1 (header): {e}")])),
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(refuse(vec![format!(
            "line 1 (header): missing column(s) {}; the columns are {}",
            missing.join(", "),
            CSV_COLUMNS.join(",")
        )]));
    }
    let column = |name: &str| header.iter().position(|h| h == name);
    let cols = Columns {
        fingerprint: column("fingerprint"),
        rule: column("rule"),
        doc_id: column("doc_id"),
        verdict: column("verdict"),
        reason: column("reason"),
        note: column("note"),
        decided_by: column("decided_by"),
        decided_at: column("decided_at"),
    };

    let mut read = CsvVerdicts::default();
    let mut problems = Vec::new();
    let now = now_utc();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                problems.push(format!("line {line}: not readable as CSV ({e})"));
                continue;
            }
        };
        read.rows += 1;
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        match parse_row(&record, &cols, default_by, gate, &now) {
            Ok(None) => read.undecided += 1,
            Ok(Some(v)) => read.verdicts.push(v),
            Err((field, reason)) => problems.push(format!("line {line}, {field}: {reason}")),
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    Ok(read)
}

/// The file's line number (from 1) of a byte offset, as a spreadsheet or text editor counts
/// lines: a line ends at `\n`, `\r\n` or a lone `\r`, and blank lines count. (The csv crate's
/// own line count skips blank lines and miscounts `\r\n`.) Offsets are asked in increasing
/// order, so the file is walked once.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record the csv reader started reading at `byte`. The reader starts
    /// where the last record ended, which may be before the line ends and blank lines it skips,
    /// so those are passed over first.
    fn at(&mut self, byte: u64) -> u64 {
        let mut to = usize::try_from(byte).map_or(self.text.len(), |b| b.min(self.text.len()));
        while matches!(self.text.get(to), Some(b'\r' | b'\n')) {
            to += 1;
        }
        if to < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        for i in self.offset..to {
            match self.text[i] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
        }
        self.offset = to;
        self.line
    }
}

/// Where each known column stands in the file.
struct Columns {
    fingerprint: Option<usize>,
    rule: Option<usize>,
    doc_id: Option<usize>,
    verdict: Option<usize>,
    reason: Option<usize>,
    note: Option<usize>,
    decided_by: Option<usize>,
    decided_at: Option<usize>,
}

/// One row as a verdict, `None` when undecided, or the field at fault and why.
fn parse_row(
    record: &csv::StringRecord,
    cols: &Columns,
    default_by: &DecidedBy,
    gate: &Gate,
    now: &str,
) -> Result<Option<Verdict>, (&'static str, String)> {
    let cell = |c: Option<usize>| {
        c.and_then(|i| record.get(i))
            .map_or("", |v| restored(v.trim()).trim())
    };
    let verdict_raw = cell(cols.verdict);
    if verdict_raw.is_empty() {
        return Ok(None);
    }
    let verdict: Decision = verdict_raw.parse().map_err(|e| ("verdict", e))?;
    let fingerprint: Fingerprint = cell(cols.fingerprint)
        .parse()
        .map_err(|e: crate::BadFingerprint| ("fingerprint", e.to_string()))?;
    let rule = cell(cols.rule);
    if rule.is_empty() {
        return Err(("rule", "empty; give the rule id the export wrote".into()));
    }
    let doc_id = cell(cols.doc_id);
    if doc_id.is_empty() {
        return Err((
            "doc_id",
            "empty; give the document id the export wrote".into(),
        ));
    }
    // Both are stored in the verdict file. No rule or document id holds an identifier (ingest
    // refuses such ids), so one that does is a wrong cell, refused without its value.
    for (field, value, what) in [("rule", rule, "rule id"), ("doc_id", doc_id, "document id")] {
        if let Some(hit) = gate.scan(value).first() {
            return Err((
                field,
                format!(
                    "holds a {} (the identifier gate), which no {what} does; give the {what} the \
                     export wrote",
                    hit.kind
                ),
            ));
        }
    }
    let (reason_raw, note_raw) = (cell(cols.reason), cell(cols.note));
    let reason = match verdict {
        Decision::Keep if reason_raw.is_empty() && note_raw.is_empty() => None,
        Decision::Keep => {
            return Err((
                "reason",
                "a kept finding takes no reason or note; clear them or write dismiss".into(),
            ));
        }
        Decision::Dismiss if reason_raw.is_empty() => {
            return Err((
                "reason",
                format!(
                    "a dismissal needs a reason: {}",
                    crate::verdict::REASONS.join(", ")
                ),
            ));
        }
        Decision::Dismiss => {
            Some(Reason::parse(reason_raw, Some(note_raw), gate).map_err(|e| invalid_field(&e))?)
        }
    };
    let decided_by = match cell(cols.decided_by) {
        "" => default_by.clone(),
        role => DecidedBy::new(role, gate).map_err(|e| invalid_field(&e))?,
    };
    let decided_at = match cell(cols.decided_at) {
        "" => now.to_string(),
        at => normalise_stamp(at).ok_or((
            "decided_at",
            "give a time as YYYY-MM-DDTHH:MM:SSZ (UTC) or YYYY-MM-DD, or leave it empty".into(),
        ))?,
    };
    Ok(Some(Verdict {
        fingerprint,
        rule: rule.to_string(),
        doc_id: doc_id.to_string(),
        verdict,
        reason,
        decided_by,
        decided_at,
    }))
}

fn invalid_field(e: &Error) -> (&'static str, String) {
    match e {
        Error::Invalid { field, reason } => (field, reason.clone()),
        other => ("row", other.to_string()),
    }
}

/// A time as a spreadsheet may have rewritten it (`2026-11-23 07:05`, `2026-11-23`) in the
/// file's form `2026-11-23T07:05:00Z`.
fn normalise_stamp(s: &str) -> Option<String> {
    if is_utc_stamp(s) {
        return Some(s.to_string());
    }
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
    let time = time.trim_end_matches('Z');
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_string()
    };
    let candidate = format!("{date}T{time}Z");
    is_utc_stamp(&candidate).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint;

    /// What `jamkoll triage import` does: the whole file read and checked, then recorded.
    fn import<R: Read>(
        store: &mut VerdictStore,
        input: R,
        name: &str,
        by: &DecidedBy,
        gate: &Gate,
    ) -> Result<ImportSummary, Error> {
        store.record_import(read_csv(input, name, by, gate)?)
    }

    fn store_with_verdicts(dir: &std::path::Path) -> VerdictStore {
        let gate = Gate::new();
        let by = DecidedBy::new("forskningscirkel", &gate).unwrap();
        let mut store = VerdictStore::load(dir).unwrap();
        for (sentence, decision, reason) in [
            (
                "Hon påstår att hon är rädd.",
                Decision::Dismiss,
                Some(Reason::Citat),
            ),
            ("Han uppger att han söker arbete.", Decision::Keep, None),
            (
                "Hon är välvårdad.",
                Decision::Dismiss,
                Some(Reason::Annat("mallens rubrik, \"Allmänt\"".into())),
            ),
        ] {
            store
                .record(Verdict {
                    fingerprint: fingerprint("r1", "doc-1", sentence),
                    rule: "r1".into(),
                    doc_id: "doc-1".into(),
                    verdict: decision,
                    reason,
                    decided_by: by.clone(),
                    decided_at: "2026-11-23T07:00:00Z".into(),
                })
                .unwrap();
        }
        store
    }

    #[test]
    fn export_then_import_gives_the_same_verdicts() {
        let a = tempfile::tempdir().unwrap();
        let store = store_with_verdicts(a.path());
        let mut csv = Vec::new();
        assert_eq!(store.export_csv(&mut csv).unwrap(), 3);

        let b = tempfile::tempdir().unwrap();
        let gate = Gate::new();
        let by = DecidedBy::new("kvalitetsteam", &gate).unwrap();
        let mut other = VerdictStore::load(b.path()).unwrap();
        let summary = import(&mut other, &csv[..], "v.csv", &by, &gate).unwrap();
        assert_eq!(
            (summary.rows, summary.recorded, summary.undecided),
            (3, 3, 0)
        );
        let before: Vec<&Verdict> = store.iter().collect();
        let after: Vec<&Verdict> = other.iter().collect();
        assert_eq!(before, after);
        // Importing the same file again changes nothing.
        let again = import(&mut other, &csv[..], "v.csv", &by, &gate).unwrap();
        assert_eq!((again.recorded, again.unchanged), (0, 3));
    }

    #[test]
    fn a_spreadsheet_file_with_semicolons_bom_and_blank_verdicts_imports() {
        let dir = tempfile::tempdir().unwrap();
        let gate = Gate::new();
        let by = DecidedBy::new("forskningscirkel", &gate).unwrap();
        let fp = fingerprint("r", "d", "s");
        let csv = format!(
            "\u{feff}fingerprint;rule;doc_id;excerpt;verdict;reason;note;extra\n\
             {fp};r;d;Hon påstår …;avfärda;negation;;x\n\
             {};r;d;…;;;;\n",
            fingerprint("r", "d", "t")
        );
        let mut store = VerdictStore::load(dir.path()).unwrap();
        let s = import(&mut store, csv.as_bytes(), "cirkel.csv", &by, &gate).unwrap();
        assert_eq!((s.rows, s.recorded, s.undecided), (2, 1, 1));
        let v = store.get(&fp).unwrap();
        assert_eq!(v.reason, Some(Reason::Negation));
        assert_eq!(v.decided_by.as_str(), "forskningscirkel");
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let gate = Gate::new();
        let by = DecidedBy::new("forskningscirkel", &gate).unwrap();
        let fp = fingerprint("r", "d", "s");
        let csv = format!(
            "fingerprint,rule,doc_id,verdict,reason,note,decided_by,decided_at\n\
             {fp},r,d,keep,,,,\n\
             xyz,r,d,keep,,,,\n\
             {fp},r,d,dismiss,,,,\n\
             {fp},r,d,dismiss,annat,ring 070-123 45 67,,\n\
             {fp},r,d,keep,,,Anna Svensson,\n\
             {fp},r,d,maybe,,,,\n\
             {fp},r,d,keep,,,,igår\n"
        );
        let mut store = VerdictStore::load(dir.path()).unwrap();
        let err = import(&mut store, csv.as_bytes(), "v.csv", &by, &gate)
            .unwrap_err()
            .to_string();
        for expected in [
            "line 3, fingerprint:",
            "line 4, reason:",
            "line 5, note:",
            "line 6, decided_by:",
            "line 7, verdict:",
            "line 8, decided_at:",
        ] {
            assert!(err.contains(expected), "{expected} missing in:\n{err}");
        }
        assert!(
            !err.contains("070"),
            "the refused note is not echoed: {err}"
        );
        assert!(!err.contains("Anna"), "{err}");
        assert!(store.is_empty());
        assert!(!store.path().exists());

        let err = import(&mut store, &b"fingerprint,rule\n"[..], "v.csv", &by, &gate)
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column(s) doc_id, verdict"), "{err}");
    }

    /// What importing `csv` into an empty store refuses, as the message reads.
    fn import_error(csv: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let gate = Gate::new();
        let by = DecidedBy::new("forskningscirkel", &gate).unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        let err = import(&mut store, csv.as_bytes(), "v.csv", &by, &gate);
        assert!(store.is_empty());
        err.unwrap_err().to_string()
    }

    #[test]
    fn a_bad_row_is_named_by_its_line_in_the_file() {
        // Line ends as spreadsheets write them (CRLF, a lone CR), a blank line, a BOM, and an
        // excerpt over two lines: the bad row is always on the file's line 5.
        let fp = fingerprint("r", "d", "s");
        let ok = format!("{fp},r,d,x,keep");
        let bad = format!("{fp},r,d,x,maybe");
        for (case, csv) in [
            ("LF", format!("h\n{ok}\n{ok}\n{ok}\n{bad}\n")),
            ("CRLF", format!("h\r\n{ok}\r\n{ok}\r\n{ok}\r\n{bad}\r\n")),
            ("CR", format!("h\r{ok}\r{ok}\r{ok}\r{bad}\r")),
            ("blank", format!("\u{feff}h\n{ok}\n\n{ok}\n{bad}\n")),
            ("blank CRLF", format!("h\r\n{ok}\r\n\r\n{ok}\r\n{bad}\r\n")),
            (
                "two-line cell",
                format!("h\n{fp},r,d,\"a\nb\",keep\n{ok}\n{bad}\n"),
            ),
        ] {
            let csv = csv.replacen('h', "fingerprint,rule,doc_id,excerpt,verdict", 1);
            let err = import_error(&csv);
            assert!(err.contains("\nline 5, verdict:"), "{case}: {err}");
        }
    }

    #[test]
    fn refused_cells_are_quoted_through_the_gate() {
        let fp = fingerprint("r", "d", "s");
        let csv = format!(
            "fingerprint,rule,doc_id,verdict,reason\n\
             {fp},r,d,maybe 850312-1231,\n\
             850312-1231,r,d,keep,\n\
             {fp},r,d,dismiss,ring anna.berg@example.se\n\
             {fp},r,d,dismiss,Anna Svensson\n\
             {fp},r,d,{},\n\
             {fp},850312-1231,d,keep,\n\
             {fp},r,Anna Svensson,keep,\n",
            "x".repeat(500)
        );
        let err = import_error(&csv);
        for expected in [
            "line 2, verdict: \"maybe [PERSONNUMMER]\" is not a verdict",
            "line 3, fingerprint: \"[PERSONNUMMER]\" is not a fingerprint",
            "line 4, reason: \"ring [EPOST]\" is not a reason",
            "line 5, reason: \"[NAMN]\" is not a reason",
            "line 6, verdict: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\" is not a verdict",
            "line 7, rule: holds a personnummer (the identifier gate), which no rule id does",
            "line 8, doc_id: holds a namn (the identifier gate), which no document id does",
        ] {
            assert!(err.contains(expected), "{expected} missing in:\n{err}");
        }
        for leak in [
            "850312",
            "1231",
            "anna.berg",
            "Anna",
            "Svensson",
            "svensson",
        ] {
            assert!(!err.contains(leak), "{leak} in {err}");
        }
        let err = "Anna Svensson".parse::<Fingerprint>().unwrap_err();
        assert_eq!(err.0, "\"[NAMN]\"");
    }

    #[test]
    fn export_defuses_formulas_and_import_restores_them() {
        let gate = Gate::new();
        let fp = |s: &str| fingerprint("r1", "doc-1", s);
        let by = DecidedBy::new("forskningscirkel", &gate).unwrap();
        let notes = [
            "=HYPERLINK(\"http://x.example\",\"klicka\")",
            "+SUMMA(1)",
            "-tom rad i mallen",
            "@rubrik",
            "'citat' ur polisanmälan",
            "''dubbel",
            "vanlig text",
        ];
        let verdicts: Vec<Verdict> = notes
            .iter()
            .map(|note| Verdict {
                fingerprint: fp(note),
                rule: "r1".into(),
                doc_id: "doc-1".into(),
                verdict: Decision::Dismiss,
                reason: Some(Reason::Annat((*note).into())),
                decided_by: by.clone(),
                decided_at: "2026-11-23T07:00:00Z".into(),
            })
            .collect();
        let excerpts = ["=1+2", "+46", "-x", "@x", "\tx", "\rx", "'x"];
        let mut out = Vec::new();
        write_csv(
            &mut out,
            verdicts.iter().zip(excerpts).map(|(v, excerpt)| CsvRow {
                fingerprint: &v.fingerprint,
                rule: &v.rule,
                doc_id: &v.doc_id,
                unit: Some("=Norr"),
                excerpt: Some(excerpt),
                verdict: Some(v),
            }),
        )
        .unwrap();
        // No cell a spreadsheet reads starts like a formula.
        let mut reader = csv::Reader::from_reader(&out[..]);
        for record in reader.records() {
            for cell in &record.unwrap() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?}"
                );
            }
        }
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.contains(",'=Norr,'=1+2,"), "{text}");
        assert!(text.contains(",'-tom rad i mallen,"), "{text}");
        assert!(text.contains(",vanlig text,"), "{text}");
        // Import gives back exactly what was exported.
        let dir = tempfile::tempdir().unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        let summary = import(&mut store, &out[..], "v.csv", &by, &gate).unwrap();
        assert_eq!(summary.recorded, notes.len());
        for v in &verdicts {
            assert_eq!(store.get(&v.fingerprint), Some(v));
        }
    }

    #[test]
    fn spreadsheet_times_are_normalised() {
        assert_eq!(
            normalise_stamp("2026-11-23 07:05").as_deref(),
            Some("2026-11-23T07:05:00Z")
        );
        assert_eq!(
            normalise_stamp("2026-11-23").as_deref(),
            Some("2026-11-23T00:00:00Z")
        );
        assert_eq!(normalise_stamp("23/11/2026"), None);
    }
}
