//! CSV with a header row. The delimiter is found from the header: `;` (Swedish spreadsheet
//! exports), `,` or tab, whichever occurs most outside quotes. Quoted fields may span lines.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::Arc;

use crate::problem::{Location, Problem, Reason};
use crate::read::{Body, Item, ReadOptions};
use crate::record::{FieldError, FieldErrorKind, Fields, is_identifier_field};

/// Yields one [`Body::Fields`] per data row, named by the (renamed) header. An identifier-named
/// column refuses the whole input, before any row is read.
pub(crate) struct CsvReader {
    file: Arc<str>,
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    /// Field name per column; `None` for dropped columns.
    names: Vec<Option<String>>,
    row: csv::ByteRecord,
    queued: VecDeque<Item>,
    done: bool,
}

impl CsvReader {
    pub(crate) fn new(
        file: Arc<str>,
        mut input: Box<dyn BufRead + Send>,
        options: Arc<ReadOptions>,
    ) -> io::Result<Self> {
        let delimiter = detect_delimiter(input.fill_buf()?);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            // `\n` alone ends a record: with the default CRLF handling csv counts a record of a
            // CRLF file from the `\n` of the previous line, one line too early. The `\r` left
            // at the end of the last field is trimmed in `fields`.
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(input);
        let mut queued = VecDeque::new();
        let mut names = Vec::new();
        let mut done = false;
        match reader.byte_headers() {
            Ok(headers) if headers.len() == 1 && !headers[0].trim_ascii().is_empty() => {
                done = true;
                queued.push_back(Item::Problem(Problem {
                    at: Location::line(Arc::clone(&file), 1),
                    id: None,
                    reason: Reason::Unreadable(
                        "the header row has a single column, so the delimiter is not `;`, `,` \
                         or tab (the ones jamkoll detects); re-export with one of them"
                            .to_string(),
                    ),
                }));
            }
            Ok(headers) => {
                for raw in headers {
                    let column = String::from_utf8_lossy(raw).trim().to_string();
                    if options.drop.contains(&column) {
                        names.push(None);
                        continue;
                    }
                    let name = options
                        .map
                        .iter()
                        .find(|(_, col)| *col == column)
                        .map_or(column, |(field, _)| field.clone());
                    if is_identifier_field(&name) {
                        done = true;
                        queued.push_back(Item::Problem(Problem {
                            at: Location::line(Arc::clone(&file), 1),
                            id: None,
                            reason: Reason::Field(FieldError {
                                field: name.clone(),
                                kind: FieldErrorKind::IdentifierField,
                            }),
                        }));
                    }
                    names.push(Some(name));
                }
            }
            Err(e) => {
                done = true;
                queued.push_back(Item::Problem(Problem {
                    at: Location::line(Arc::clone(&file), 1),
                    id: None,
                    reason: Reason::Unreadable(format!("no CSV header row: {e}")),
                }));
            }
        }
        Ok(CsvReader {
            file,
            reader,
            names,
            row: csv::ByteRecord::new(),
            queued,
            done,
        })
    }
}

impl Iterator for CsvReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(item) = self.queued.pop_front() {
            return Some(item);
        }
        if self.done {
            return None;
        }
        let mut result = self.reader.read_byte_record(&mut self.row);
        while matches!(result, Ok(true))
            && self.row.len() == 1
            && self.row[0].trim_ascii().is_empty()
        {
            // A blank CRLF line (csv skips blank LF lines itself).
            result = self.reader.read_byte_record(&mut self.row);
        }
        let line = self.row.position().map_or(0, csv::Position::line);
        let at = Location::line(Arc::clone(&self.file), line);
        match result {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => Some(self.fields(at)),
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                self.done = fatal;
                let line = e.position().map_or(line, csv::Position::line);
                Some(Item::Problem(Problem {
                    at: Location::line(Arc::clone(&self.file), line),
                    id: None,
                    reason: if fatal {
                        Reason::Unreadable(e.to_string())
                    } else {
                        Reason::Malformed("the row cannot be read as CSV".to_string())
                    },
                }))
            }
        }
    }
}

impl CsvReader {
    fn fields(&self, at: Location) -> Item {
        if self.row.len() != self.names.len() {
            return Item::Problem(Problem {
                at,
                id: None,
                reason: Reason::Malformed(format!(
                    "the row has {} fields, the header {}",
                    self.row.len(),
                    self.names.len()
                )),
            });
        }
        let mut fields = Fields::new();
        let last = self.names.len().saturating_sub(1);
        for (i, (name, raw)) in self.names.iter().zip(self.row.iter()).enumerate() {
            let Some(name) = name else { continue };
            let raw = match raw {
                [head @ .., b'\r'] if i == last => head,
                _ => raw,
            };
            match std::str::from_utf8(raw) {
                Ok(value) => fields.insert(name.as_str(), value),
                Err(_) => {
                    return Item::Raw {
                        at,
                        body: Body::NotUtf8,
                    };
                }
            }
        }
        Item::Raw {
            at,
            body: Body::Fields(fields),
        }
    }
}

/// The delimiter that occurs most in the first line outside quotes (`;` on a tie with `,`).
fn detect_delimiter(head: &[u8]) -> u8 {
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, options: ReadOptions) -> Vec<Item> {
        CsvReader::new(
            Arc::from("f.csv"),
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            Arc::new(options),
        )
        .unwrap()
        .collect()
    }

    fn fields(item: &Item) -> &Fields {
        match item {
            Item::Raw {
                body: Body::Fields(f),
                ..
            } => f,
            other => panic!("not fields: {other:?}"),
        }
    }

    #[test]
    fn delimiter_is_detected() {
        assert_eq!(detect_delimiter(b"id;unit;text\n1;a;b,c"), b';');
        assert_eq!(detect_delimiter(b"id,unit,\"a;b\"\n"), b',');
        assert_eq!(detect_delimiter(b"id\tunit\ttext\n"), b'\t');
        assert_eq!(detect_delimiter(b"id\n"), b',');
    }

    #[test]
    fn semicolon_crlf_and_quoted_newlines() {
        let items = read(
            "id;unit;client_gender;text\r\n1;Norr;kvinna;\"Rad ett\r\nrad två; med semikolon\"\r\n\r\n2;Söder;man;Kort.\r\n",
            ReadOptions::default(),
        );
        assert_eq!(items.len(), 2);
        assert_eq!(
            fields(&items[0]).get("text"),
            Some("Rad ett\r\nrad två; med semikolon")
        );
        assert_eq!(fields(&items[1]).get("unit"), Some("Söder"));
        match &items[1] {
            Item::Raw { at, .. } => assert_eq!(at.line, Some(5)),
            _ => unreachable!(),
        }
    }

    #[test]
    fn map_renames_and_drop_removes_columns() {
        let options = ReadOptions {
            map: vec![("unit".into(), "Enhet".into())],
            drop: vec!["Namn".into()],
            ..ReadOptions::default()
        };
        let items = read("id,Enhet,Namn\n1,Norr,x\n", options);
        let f = fields(&items[0]);
        assert_eq!(f.get("unit"), Some("Norr"));
        assert_eq!(f.names().collect::<Vec<_>>(), ["id", "unit"]);
    }

    #[test]
    fn identifier_column_refuses_the_input() {
        let items = read("id,unit,personnummer\n1,Norr,x\n", ReadOptions::default());
        assert_eq!(items.len(), 1);
        match &items[0] {
            Item::Problem(p) => {
                assert_eq!(p.at.line, Some(1));
                assert!(p.to_string().contains("`personnummer`"), "{p}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn short_row_is_malformed_and_reading_goes_on() {
        let items = read("id,unit\n1\n2,Norr\n", ReadOptions::default());
        assert!(matches!(&items[0], Item::Problem(p) if p.at.line == Some(2)));
        assert_eq!(fields(&items[1]).get("id"), Some("2"));
    }
}
