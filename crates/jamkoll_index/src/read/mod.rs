//! Readers: turn files, folders and standard input into a stream of raw records.
//!
//! [`Inputs`] is an iterator over [`Item`]s. It never holds the whole corpus: JSON Lines and
//! CSV are read a line or row at a time, a text folder a file at a time. Parsing a JSON line is
//! left to the caller (ingest does it in parallel); CSV rows and text files arrive as
//! [`Fields`]. Problems with one input (a missing file, an identifier-named CSV column) are
//! items too, so the stream goes on with the next input.
//!
//! Formats are chosen by extension: `.jsonl`/`.ndjson`/`.json` are JSON Lines, `.csv`/`.tsv`
//! CSV, `.txt` one text document with front-matter (see [`text`]). Standard input (`-`) and
//! files with other extensions are sniffed: a first character `{` means JSON Lines, anything
//! else CSV, unless `--format` says otherwise. Folders are walked recursively in name order;
//! hidden entries are skipped and symbolic links to folders are not followed (so a link loop
//! cannot hang the walk).
//!
//! Only regular files are read from a folder: a named pipe, socket or device found in a walk is
//! skipped with a notice naming it (opening a pipe nobody writes to would block ingest for
//! ever, and a device such as `/dev/zero` never ends). An input named on the command line may
//! also be a named pipe: like `-`, that is an explicit request to read a stream, so it is read
//! (waiting for its writer, as `cat` would). Sockets and devices named on the command line are
//! refused with their location; `-` reads a terminal.

mod csv;
mod jsonl;
pub mod text;

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::Encoding;

use crate::decode::{self, Sniffed};
use crate::problem::{Location, Notice, Problem, Reason};
use crate::record::Fields;

/// The largest record jamkoll reads: a JSON line, a CSV line or a text file. An assessment is
/// a few pages; a record a thousand times longer is a broken export (a file with no line
/// breaks, a binary blob), and holding it whole would let one line exhaust memory. Longer
/// records are refused with their location and the rest of the input is read.
pub const MAX_RECORD_BYTES: usize = 8 * 1024 * 1024;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// A header row, then one record per row; `;`, `,` or tab separated.
    Csv,
    /// One document per file, metadata in a front-matter block.
    Text,
}

impl Format {
    /// The format a file name's extension implies.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "csv" | "tsv" => Some(Format::Csv),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The format of inputs whose extension says nothing (and of standard input).
    pub format: Option<Format>,
    /// The encoding, instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// `(record field, input column)` renames, from `--map field=column`.
    pub map: Vec<(String, String)>,
    /// Input fields to drop before anything else looks at them, from `--drop-field`.
    pub drop: Vec<String>,
}

/// One raw record, before parsing and validation.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A JSON Lines line (bytes, not yet checked to be UTF-8).
    Json(Vec<u8>),
    /// Fields read by the CSV or text reader (already renamed and dropped per options).
    Fields(Fields),
    /// A CSV row or text file that was not valid UTF-8.
    NotUtf8,
}

/// What the readers yield.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A record to parse and validate.
    Raw {
        /// Where it was read.
        at: Location,
        /// What was read.
        body: Body,
    },
    /// An input, line or row that was refused before it became a record.
    Problem(Problem),
    /// Something worth telling that refuses nothing.
    Notice(Notice),
}

/// The records of every input, in order.
pub struct Inputs {
    pending: std::vec::IntoIter<PathBuf>,
    current: Option<Box<dyn Iterator<Item = Item> + Send>>,
    queued: std::collections::VecDeque<Item>,
    options: Arc<ReadOptions>,
    bytes_read: Arc<AtomicU64>,
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Inputs {
    /// Reads `paths` in order: files, folders (recursively) and `-` for standard input.
    pub fn new(paths: &[PathBuf], options: ReadOptions) -> Inputs {
        let mut queued = std::collections::VecDeque::new();
        let mut files = Vec::new();
        for path in paths {
            if path.as_os_str() == "-" || !path.is_dir() {
                files.push(path.clone());
                continue;
            }
            let mut skipped = 0;
            walk(path, &mut files, &mut skipped, &mut queued);
            if skipped > 0 {
                queued.push_back(Item::Notice(Notice {
                    at: Location::file(display(path)),
                    message: format!(
                        "{skipped} file(s) skipped: not .jsonl, .ndjson, .json, .csv, .tsv or .txt"
                    ),
                }));
            }
        }
        Inputs {
            pending: files.into_iter(),
            current: None,
            queued,
            options: Arc::new(options),
            bytes_read: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The total size of the named files and the files in named folders, for a progress bar
    /// (`None` when standard input is among them).
    pub fn total_bytes(&self) -> Option<u64> {
        self.pending.as_slice().iter().try_fold(0, |sum, p| {
            if p.as_os_str() == "-" {
                None
            } else {
                Some(sum + std::fs::metadata(p).map_or(0, |m| m.len()))
            }
        })
    }

    /// A counter of the bytes read so far, shared with the readers (for a progress bar).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes_read)
    }

    fn open(&self, path: &Path) -> Box<dyn Iterator<Item = Item> + Send> {
        let name = display(path);
        match self.open_reader(path, &name) {
            Ok(items) => items,
            Err(e) => Box::new(std::iter::once(Item::Problem(Problem {
                at: Location::file(name),
                id: None,
                reason: Reason::Unreadable(e.to_string()),
            }))),
        }
    }

    fn open_reader(
        &self,
        path: &Path,
        name: &Arc<str>,
    ) -> io::Result<Box<dyn Iterator<Item = Item> + Send>> {
        let stdin = path.as_os_str() == "-";
        let raw: Box<dyn Read + Send> = if stdin {
            Box::new(io::stdin())
        } else {
            let kind = std::fs::metadata(path)?.file_type();
            if let Some(what) = special_kind(kind).filter(|what| *what != "a named pipe") {
                return Err(io::Error::other(format!(
                    "it is {what}, not a file or a named pipe; nothing was read from it"
                )));
            }
            Box::new(File::open(path)?)
        };
        let counted = Box::new(Counting {
            inner: raw,
            count: Arc::clone(&self.bytes_read),
        });
        let (mut reader, sniffed) = decode::decode(counted, self.options.encoding)?;
        let format = match (Format::from_path(path), self.options.format) {
            (_, Some(f)) if stdin => f,
            (Some(f), _) => f,
            (None, Some(f)) => f,
            (None, None) => sniff_format(&mut reader)?,
        };
        let mut notice = encoding_notice(name, sniffed);
        let items: Box<dyn Iterator<Item = Item> + Send> = match format {
            Format::Jsonl => Box::new(jsonl::JsonlReader::new(Arc::clone(name), reader)),
            Format::Csv => Box::new(csv::CsvReader::new(
                Arc::clone(name),
                Box::new(io::BufReader::new(LineGuard::new(reader))),
                Arc::clone(&self.options),
            )?),
            Format::Text => {
                let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                let item = text::read_document(Arc::clone(name), reader, id, &self.options)?;
                Box::new(std::iter::once(item))
            }
        };
        let items = Box::new(NonEmpty {
            inner: items,
            file: Arc::clone(name),
            records: 0,
            done: false,
        });
        Ok(match notice.take() {
            Some(n) => Box::new(std::iter::once(Item::Notice(n)).chain(items)),
            None => items,
        })
    }
}

/// Refuses an input that yields no record at all (an empty file, a CSV with only a header, a
/// JSON Lines file of blank lines): that is almost always a failed export, and a run that
/// reports success on it would hide the loss.
struct NonEmpty {
    inner: Box<dyn Iterator<Item = Item> + Send>,
    file: Arc<str>,
    records: u64,
    done: bool,
}

impl Iterator for NonEmpty {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        match self.inner.next() {
            Some(item) => {
                if matches!(item, Item::Raw { .. } | Item::Problem(_)) {
                    self.records += 1;
                }
                Some(item)
            }
            None => {
                self.done = true;
                (self.records == 0).then(|| {
                    Item::Problem(Problem {
                        at: Location::file(Arc::clone(&self.file)),
                        id: None,
                        reason: Reason::Unreadable(
                            "it holds no records (empty, or only a header or blank lines); \
                             check the export"
                                .to_string(),
                        ),
                    })
                })
            }
        }
    }
}

/// What [`read_line_limited`] read.
pub(crate) enum Line {
    /// A line (possibly the last, without a line break) is in the buffer.
    Read,
    /// The input is at its end.
    End,
    /// The line was longer than the limit; it was consumed but not kept. Its length in bytes.
    TooLong(u64),
}

/// Reads up to and including the next `\n` into `buf`, keeping at most `limit` bytes: a
/// longer line is consumed to its end without being stored, so memory stays bounded.
pub(crate) fn read_line_limited(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Line> {
    let mut total: u64 = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (total, too_long) {
                (0, _) => Line::End,
                (n, true) => Line::TooLong(n),
                (_, false) => Line::Read,
            });
        }
        let (chunk, found) = match memchr_newline(available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let n = chunk.len();
        total += n as u64;
        if !too_long && buf.len() + n > limit {
            too_long = true;
            buf.clear();
            buf.shrink_to_fit();
        }
        if !too_long {
            buf.extend_from_slice(chunk);
        }
        reader.consume(n);
        if found {
            return Ok(if too_long {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == b'\n')
}

/// The message for a record over [`MAX_RECORD_BYTES`].
pub(crate) fn too_long(len: u64) -> String {
    format!(
        "the record is {} MiB long, over the {} MiB limit; a case assessment is never this long, \
         so the export is probably broken (missing line breaks?)",
        len.div_ceil(1024 * 1024),
        MAX_RECORD_BYTES / (1024 * 1024)
    )
}

/// Fails a read once one line grows past [`MAX_RECORD_BYTES`], so a CSV reader (which holds a
/// whole row) cannot be made to hold an unbounded one. The error names the line.
struct LineGuard<R> {
    inner: R,
    line: u64,
    since_newline: usize,
}

impl<R> LineGuard<R> {
    fn new(inner: R) -> Self {
        LineGuard {
            inner,
            line: 1,
            since_newline: 0,
        }
    }
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for b in &buf[..n] {
            if *b == b'\n' {
                self.line += 1;
                self.since_newline = 0;
            } else {
                self.since_newline += 1;
            }
        }
        if self.since_newline > MAX_RECORD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "line {}: {}; the rest of the file was not read",
                    self.line,
                    too_long(self.since_newline as u64)
                ),
            ));
        }
        Ok(n)
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queued.pop_front() {
                return Some(item);
            }
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.pending.next()?;
            self.current = Some(self.open(&path));
        }
    }
}

/// The name messages use for an input. A path can hold an identifier (a file named by a
/// personnummer, a folder named by a client's e-mail address); every message names its input,
/// so certain identifiers in the path are shown as their placeholders
/// ([`jamkoll_redact::Gate::redact_path`]).
fn display(path: &Path) -> Arc<str> {
    static GATE: std::sync::OnceLock<jamkoll_redact::Gate> = std::sync::OnceLock::new();
    let shown = path.to_string_lossy();
    Arc::from(
        GATE.get_or_init(jamkoll_redact::Gate::new)
            .redact_path(&shown)
            .as_ref(),
    )
}

fn encoding_notice(name: &Arc<str>, sniffed: Sniffed) -> Option<Notice> {
    let line = sniffed.guessed_at_line?;
    Some(Notice {
        at: Location::line(Arc::clone(name), line),
        message: format!(
            "not valid UTF-8 (first at this line); read as {} — pass --encoding to choose another",
            sniffed.encoding.name()
        ),
    })
}

fn sniff_format(reader: &mut Box<dyn BufRead + Send>) -> io::Result<Format> {
    let head = reader.fill_buf()?;
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    Ok(if first == Some(&b'{') {
        Format::Jsonl
    } else {
        Format::Csv
    })
}

/// Collects readable files under `dir` in name order. Symbolic links to folders are skipped,
/// so a loop of links cannot make the walk endless.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    skipped: &mut usize,
    queued: &mut std::collections::VecDeque<Item>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            queued.push_back(Item::Problem(Problem {
                at: Location::file(display(dir)),
                id: None,
                reason: Reason::Unreadable(e.to_string()),
            }));
            return;
        }
    };
    let mut paths: Vec<(PathBuf, std::fs::FileType)> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| Some((e.path(), e.file_type().ok()?)))
        .collect();
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in paths {
        // A link is judged by what it points to; a link that cannot be followed (dangling, a
        // loop) stays a file, so reading it reports the operating system's reason.
        let target = if kind.is_symlink() {
            std::fs::metadata(&path).map_or(kind, |m| m.file_type())
        } else {
            kind
        };
        let note = |message: String| {
            Item::Notice(Notice {
                at: Location::file(display(&path)),
                message,
            })
        };
        if kind.is_dir() {
            walk(&path, files, skipped, queued);
        } else if kind.is_symlink() && target.is_dir() {
            queued.push_back(note("symbolic link to a folder not followed".to_string()));
        } else if let Some(what) = special_kind(target) {
            queued.push_back(note(format!(
                "skipped: {what}, not a regular file (name it on the command line to read a named pipe)"
            )));
        } else if Format::from_path(&path).is_some() {
            files.push(path);
        } else {
            *skipped += 1;
        }
    }
}

/// What a non-regular, non-folder entry is ("a named pipe", "a socket", ...), or `None` for a
/// regular file, a folder or a link (whose target the caller judges).
fn special_kind(kind: std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() || kind.is_dir() || kind.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
    }
    Some("a special file")
}

/// Counts the bytes read from an input, for the progress bar.
struct Counting {
    inner: Box<dyn Read + Send>,
    count: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_follows_extension() {
        assert_eq!(Format::from_path(Path::new("a.JSONL")), Some(Format::Jsonl));
        assert_eq!(Format::from_path(Path::new("a.csv")), Some(Format::Csv));
        assert_eq!(Format::from_path(Path::new("a/b.txt")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("a.xlsx")), None);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_do_not_hang_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(
            sub.join("a.txt"),
            "---\nid: a\nunit: U\nclient_gender: man\n---\nText.\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        let items: Vec<Item> =
            Inputs::new(&[dir.path().to_path_buf()], ReadOptions::default()).collect();
        let raws = items
            .iter()
            .filter(|i| matches!(i, Item::Raw { .. }))
            .count();
        assert_eq!(raws, 1);
        assert!(
            items
                .iter()
                .any(|i| matches!(i, Item::Notice(n) if n.message.contains("not followed")))
        );
    }

    #[test]
    fn a_missing_file_is_a_problem_and_the_next_input_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.jsonl");
        std::fs::write(&good, "{\"id\":\"1\"}\n").unwrap();
        let items: Vec<Item> = Inputs::new(
            &[dir.path().join("missing.jsonl"), good],
            ReadOptions::default(),
        )
        .collect();
        assert!(matches!(&items[0], Item::Problem(p) if matches!(p.reason, Reason::Unreadable(_))));
        assert!(matches!(
            &items[1],
            Item::Raw {
                body: Body::Json(_),
                ..
            }
        ));
    }
}
