//! Character encodings: every input becomes a stream of UTF-8 bytes.
//!
//! UTF-8 (with or without a byte-order mark) passes through untouched, so a line that is not
//! valid UTF-8 further down is reported on its own line. UTF-16 needs a byte-order mark.
//! A file whose first 64 KiB are not valid UTF-8 is read as Windows-1252, the encoding of
//! Swedish spreadsheet exports, and a notice says so; `--encoding` overrides the guess.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many bytes are looked at to decide the encoding.
const SNIFF_LEN: usize = 64 * 1024;

/// What [`decode`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The encoding the input is read in.
    pub encoding: &'static Encoding,
    /// When the encoding was guessed because the input is not UTF-8: the line of the first
    /// byte that is not.
    pub guessed_at_line: Option<u64>,
}

/// Looks up an encoding by a label such as `utf-8`, `windows-1252`, `latin1` or `utf-16le`.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label_no_replacement(label.trim().as_bytes())
}

/// Wraps `inner` so that it yields UTF-8: the encoding is `forced`, or found from a byte-order
/// mark, or guessed as described in the module docs.
pub fn decode(
    mut inner: Box<dyn Read + Send>,
    forced: Option<&'static Encoding>,
) -> io::Result<(Box<dyn BufRead + Send>, Sniffed)> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    (&mut inner).take(SNIFF_LEN as u64).read_to_end(&mut head)?;
    let bom = Encoding::for_bom(&head);
    let (encoding, guessed_at_line) = match (forced, bom) {
        (Some(enc), _) => (enc, None),
        (None, Some((enc, _))) => (enc, None),
        (None, None) => match std::str::from_utf8(&head) {
            Err(e) if e.error_len().is_some() || head.len() < SNIFF_LEN => {
                let line = 1 + head[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                (WINDOWS_1252, Some(line))
            }
            _ => (UTF_8, None),
        },
    };
    let sniffed = Sniffed {
        encoding,
        guessed_at_line,
    };
    if encoding == UTF_8 {
        let skip = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let mut cursor = Cursor::new(head);
        cursor.set_position(skip);
        return Ok((Box::new(BufReader::new(cursor.chain(inner))), sniffed));
    }
    let decoder = encoding.new_decoder_with_bom_removal();
    let chained = Cursor::new(head).chain(inner);
    Ok((
        Box::new(BufReader::new(Transcoder::new(chained, decoder))),
        sniffed,
    ))
}

/// Whether an encoding is one of the UTF-16 ones (they need a byte-order mark to be found).
pub fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// A reader that transcodes another reader's bytes to UTF-8 as they are read, so a large file
/// in Windows-1252 is never held in memory whole.
struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_pos: usize,
    in_len: usize,
    output: Vec<u8>,
    out_pos: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Transcoder<R> {
    fn new(inner: R, decoder: Decoder) -> Self {
        Transcoder {
            inner,
            decoder,
            input: vec![0; 16 * 1024],
            in_pos: 0,
            in_len: 0,
            output: Vec::new(),
            out_pos: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_pos < self.output.len() {
                let n = dst.len().min(self.output.len() - self.out_pos);
                dst[..n].copy_from_slice(&self.output[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.in_pos == self.in_len && !self.eof {
                self.in_len = self.inner.read(&mut self.input)?;
                self.in_pos = 0;
                self.eof = self.in_len == 0;
            }
            let pending = &self.input[self.in_pos..self.in_len];
            let room = self
                .decoder
                .max_utf8_buffer_length(pending.len())
                .unwrap_or(pending.len() * 3 + 16)
                .max(16);
            self.output.clear();
            self.output.resize(room, 0);
            self.out_pos = 0;
            let (result, read, written, _) =
                self.decoder
                    .decode_to_utf8(pending, &mut self.output, self.eof);
            self.in_pos += read;
            self.output.truncate(written);
            if self.eof && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], forced: Option<&'static Encoding>) -> (String, Sniffed) {
        let (mut r, s) = decode(Box::new(Cursor::new(bytes.to_vec())), forced).unwrap();
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        (out, s)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (s, sn) = read_all("åäö\n".as_bytes(), None);
        assert_eq!(
            (s.as_str(), sn.encoding, sn.guessed_at_line),
            ("åäö\n", UTF_8, None)
        );
        let (s, _) = read_all(b"\xEF\xBB\xBF\xC3\xA5\n", None);
        assert_eq!(s, "å\n");
    }

    #[test]
    fn windows_1252_is_guessed_with_the_line() {
        let (s, sn) = read_all(b"ok\nbl\xE5b\xE4r\n", None);
        assert_eq!(s, "ok\nblåbär\n");
        assert_eq!((sn.encoding, sn.guessed_at_line), (WINDOWS_1252, Some(2)));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "hä\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (s, sn) = read_all(&bytes, None);
        assert_eq!((s.as_str(), sn.encoding), ("hä\r\n", UTF_16LE));
    }

    #[test]
    fn forced_encoding_wins() {
        let (s, _) = read_all("å".as_bytes(), encoding_for_label("latin1"));
        assert_eq!(s, "Ã¥");
    }

    #[test]
    fn large_windows_1252_input_streams_across_buffers() {
        let line = b"r\xE4ksm\xF6rg\xE5s\n".repeat(20_000);
        let (s, _) = read_all(&line, Some(WINDOWS_1252));
        assert_eq!(s.lines().count(), 20_000);
        assert!(s.lines().all(|l| l == "räksmörgås"));
    }
}
