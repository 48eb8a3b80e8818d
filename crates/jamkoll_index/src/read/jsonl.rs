//! JSON Lines: one JSON object per line, read a line at a time.

use std::io::BufRead;
use std::sync::Arc;

use crate::problem::{Location, Problem, Reason};
use crate::read::{Body, Item, Line, MAX_RECORD_BYTES, read_line_limited, too_long};

/// Yields each non-blank line as [`Body::Json`]; the line number counts every line, blank ones
/// included, so messages point at what an editor shows. CRLF endings are accepted. A line
/// longer than [`MAX_RECORD_BYTES`] is refused and skipped without being held in memory.
pub(crate) struct JsonlReader {
    file: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    failed: bool,
}

impl JsonlReader {
    pub(crate) fn new(file: Arc<str>, reader: Box<dyn BufRead + Send>) -> Self {
        JsonlReader {
            file,
            reader,
            line: 0,
            failed: false,
        }
    }
}

impl Iterator for JsonlReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.failed {
            return None;
        }
        loop {
            let mut buf = Vec::new();
            match read_line_limited(&mut self.reader, &mut buf, MAX_RECORD_BYTES) {
                Ok(Line::End) => return None,
                Ok(Line::Read) => {}
                Ok(Line::TooLong(len)) => {
                    self.line += 1;
                    return Some(Item::Problem(Problem {
                        at: Location::line(Arc::clone(&self.file), self.line),
                        id: None,
                        reason: Reason::Malformed(too_long(len)),
                    }));
                }
                Err(e) => {
                    self.failed = true;
                    return Some(Item::Problem(Problem {
                        at: Location::line(Arc::clone(&self.file), self.line + 1),
                        id: None,
                        reason: Reason::Unreadable(e.to_string()),
                    }));
                }
            }
            self.line += 1;
            while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Item::Raw {
                at: Location::line(Arc::clone(&self.file), self.line),
                body: Body::Json(buf),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overlong_line_is_refused_and_the_next_line_read() {
        let mut input = b"{\"a\":1}\n{\"text\":\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        input.extend_from_slice(b"\"}\n{\"b\":2}\n");
        let reader = JsonlReader::new(Arc::from("f.jsonl"), Box::new(std::io::Cursor::new(input)));
        let items: Vec<Item> = reader.collect();
        assert_eq!(items.len(), 3);
        assert!(
            matches!(&items[1], Item::Problem(p) if p.at.line == Some(2) && p.to_string().contains("over the 8 MiB limit"))
        );
        assert!(matches!(&items[2], Item::Raw { at, .. } if at.line == Some(3)));
    }

    #[test]
    fn lines_are_numbered_and_crlf_and_blank_lines_handled() {
        let input = b"{\"a\":1}\r\n\r\n{\"b\":2}".to_vec();
        let reader = JsonlReader::new(Arc::from("f.jsonl"), Box::new(std::io::Cursor::new(input)));
        let items: Vec<Item> = reader.collect();
        assert_eq!(
            items,
            vec![
                Item::Raw {
                    at: Location::line(Arc::from("f.jsonl"), 1),
                    body: Body::Json(b"{\"a\":1}".to_vec())
                },
                Item::Raw {
                    at: Location::line(Arc::from("f.jsonl"), 3),
                    body: Body::Json(b"{\"b\":2}".to_vec())
                },
            ]
        );
    }
}
