//! Text folders: one `.txt` file per document, metadata in a front-matter block.
//!
//! The file starts with a line `---`, then one `key: value` per line, then a closing `---`;
//! everything after it is the document text. Blank lines and lines starting with `#` inside the
//! block are ignored; a value may be wrapped in `"` or `'`. Keys are the record fields (`id`,
//! `unit`, `client_gender`, `case_id`, `area`, `date`, `document_type`, `decision`, `amount`),
//! renamed by `--map` like CSV columns. `id` defaults to the file name without `.txt`.
//!
//! ```text
//! ---
//! id: 2024-0117
//! unit: Enhet Norr
//! client_gender: kvinna
//! area: ekonomiskt_bistand
//! ---
//! Sökande uppger att hon ...
//! ```

use std::io::{self, BufRead, Read};
use std::sync::Arc;

use crate::problem::{Location, Problem, Reason};
use crate::read::{Body, Item, MAX_RECORD_BYTES, ReadOptions, too_long};
use crate::record::Fields;

/// Reads one document. `default_id` (the file stem) is used when the front-matter has no `id`.
pub(crate) fn read_document(
    file: Arc<str>,
    mut reader: Box<dyn BufRead + Send>,
    default_id: Option<String>,
    options: &ReadOptions,
) -> io::Result<Item> {
    let mut bytes = Vec::new();
    (&mut reader)
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    let at = Location::file(Arc::clone(&file));
    if bytes.len() > MAX_RECORD_BYTES {
        let rest = io::copy(&mut reader, &mut io::sink())?;
        return Ok(Item::Problem(Problem {
            at,
            id: None,
            reason: Reason::Malformed(too_long(bytes.len() as u64 + rest)),
        }));
    }
    let Ok(content) = String::from_utf8(bytes) else {
        return Ok(Item::Raw {
            at,
            body: Body::NotUtf8,
        });
    };
    match parse(&content) {
        Ok(mut fields) => {
            if fields.get("id").is_none() {
                if let Some(id) = default_id {
                    fields.insert("id", id);
                }
            }
            fields.remap(&options.map, &options.drop);
            Ok(Item::Raw {
                at,
                body: Body::Fields(fields),
            })
        }
        Err(line) => Ok(Item::Problem(Problem {
            at: Location::line(file, line),
            id: None,
            reason: Reason::Malformed(
                "front-matter line is not `key: value`, or the block has no closing `---`"
                    .to_string(),
            ),
        })),
    }
}

/// Splits front-matter from text. Returns the 1-based line of a malformed block line.
fn parse(content: &str) -> Result<Fields, u64> {
    let mut fields = Fields::new();
    let mut lines = content.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        fields.insert("text", content.trim());
        return Ok(fields);
    }
    let mut consumed = first.len();
    let mut line_no = 1;
    loop {
        let Some(line) = lines.next() else {
            return Err(line_no + 1);
        };
        line_no += 1;
        consumed += line.len();
        let trimmed = line.trim();
        if trimmed == "---" {
            break;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Err(line_no);
        };
        let value = value.trim();
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .unwrap_or(value);
        fields.insert(key.trim(), unquoted);
    }
    let body = content.get(consumed.min(content.len())..).unwrap_or("");
    fields.insert("text", body.trim());
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_with_crlf_and_quotes() {
        let f = parse("---\r\nid: \"d-1\"\r\n# kommentar\r\nunit: Enhet: Norr\r\n---\r\nText här.\r\nMer.\r\n")
            .unwrap();
        assert_eq!(f.get("id"), Some("d-1"));
        assert_eq!(f.get("unit"), Some("Enhet: Norr"));
        assert_eq!(f.get("text"), Some("Text här.\r\nMer."));
    }

    #[test]
    fn no_block_means_all_text() {
        let f = parse("Bara text.\n").unwrap();
        assert_eq!(f.get("text"), Some("Bara text."));
        assert_eq!(f.get("unit"), None);
    }

    #[test]
    fn malformed_block_names_the_line() {
        assert_eq!(parse("---\nid: 1\nunit Norr\n---\nText").unwrap_err(), 3);
        assert_eq!(parse("---\nid: 1\n").unwrap_err(), 3);
    }
}
