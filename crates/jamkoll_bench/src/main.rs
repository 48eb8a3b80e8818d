//! `jamkoll-baseline`: the raw tantivy baseline of `bench/run` (issue 9, step a).
//!
//! Indexes the `text` and metadata of a JSON Lines corpus with jamkoll's own schema
//! ([`jamkoll_index::schema::build`]) and analyzer ([`jamkoll_index::analyzer::index_analyzer`])
//! and does nothing else: no validation beyond JSON parsing, no identifier gate, no rules, no
//! findings, one commit at the end. `jamkoll ingest` throughput is compared with this, so the
//! ratio shows what jamkoll's own work costs on top of what tantivy needs anyway.
//!
//! The writer is opened by [`jamkoll_index::writer::open`], as every jamkoll writer is: the
//! same heap per thread, indexing threads, merge threads and merge policy (merged segments
//! capped in size). A fair comparison needs exactly the same tantivy settings on both sides;
//! only what ingest does on top of tantivy differs.
//!
//! ```sh
//! jamkoll-baseline CORPUS.jsonl INDEX_DIR
//! ```
//!
//! Prints one line of JSON on stdout: documents indexed, input bytes, index bytes.

use std::io::BufRead as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use jamkoll_index::analyzer::{ANALYZER_NAME, index_analyzer};
use jamkoll_index::schema;
use serde::Deserialize;
use tantivy::TantivyDocument;

/// Seconds per day: dates are stored at day precision, as jamkoll does.
const DAY: i64 = 86_400;

/// The fields of a corpus record the baseline indexes; others are ignored.
#[derive(Deserialize)]
struct Line {
    id: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    client_gender: String,
    #[serde(default)]
    case_id: Option<String>,
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    date: Option<String>,
    text: String,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out] = args.as_slice() else {
        bail!("usage: jamkoll-baseline CORPUS.jsonl INDEX_DIR (INDEX_DIR must not exist)");
    };
    let (input, out) = (Path::new(input), Path::new(out));
    if out.exists() {
        bail!(
            "{}: already exists; give a fresh folder for the baseline index",
            out.display()
        );
    }
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let (schema, f) = schema::build();
    let index = tantivy::Index::create_in_dir(out, schema)?;
    index.tokenizers().register(ANALYZER_NAME, index_analyzer());
    let mut writer = jamkoll_index::writer::open(&index)?;

    let file = std::fs::File::open(input)
        .with_context(|| format!("{}: cannot open the corpus", input.display()))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let (mut docs, mut bytes) = (0u64, 0u64);
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", input.display(), n + 1))?;
        bytes += line.len() as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        // The error names the line and serde's column, never the text.
        let r: Line = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a corpus record", input.display(), n + 1))?;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &r.id);
        doc.add_text(f.unit, &r.unit);
        doc.add_text(f.gender, &r.client_gender);
        doc.add_text(f.case_id, r.case_id.as_deref().unwrap_or(&r.id));
        if let Some(area) = &r.area {
            doc.add_text(f.area, area);
        }
        if let Some(days) = r.date.as_deref().and_then(days_since_epoch) {
            doc.add_date(f.date, tantivy::DateTime::from_timestamp_secs(days * DAY));
        }
        doc.add_u64(f.words, r.text.split_whitespace().count() as u64);
        doc.add_text(f.text, &r.text);
        writer.add_document(doc)?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let index_bytes = dir_size(out)?;
    println!(r#"{{"docs":{docs},"input_bytes":{bytes},"index_bytes":{index_bytes}}}"#);
    Ok(())
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian), or none.
fn days_since_epoch(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Bytes of all files directly in `dir` (tantivy keeps a flat folder).
fn dir_size(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let meta = entry?.metadata()?;
        if meta.is_file() {
            total += meta.len();
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::days_since_epoch;

    #[test]
    fn days_since_epoch_matches_known_dates() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2000-03-01"), Some(11_017));
        assert_eq!(days_since_epoch("2021-12-23"), Some(18_984));
        assert_eq!(days_since_epoch("2021-13-01"), None);
        assert_eq!(days_since_epoch("x"), None);
    }
}
