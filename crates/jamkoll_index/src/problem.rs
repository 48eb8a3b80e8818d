//! Located problems: what ingest refused, where, and why, never with the refused text or a
//! value that could identify a person.

use std::fmt;
use std::sync::Arc;

use jamkoll_redact::IdentifierKind;

use crate::record::FieldError;

/// Where something was read: the input's name and, inside it, a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The input as the user named it (`-` for standard input), or a file found in a folder.
    pub file: Arc<str>,
    /// The line a record starts on (JSON Lines, CSV), or `None` for a whole file.
    pub line: Option<u64>,
}

impl Location {
    /// A whole input.
    pub fn file(file: Arc<str>) -> Location {
        Location { file, line: None }
    }

    /// A line of an input.
    pub fn line(file: Arc<str>, line: u64) -> Location {
        Location {
            file,
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

/// One identifier the gate found in a record: its kind and character offset, never its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentifierAt {
    /// What kind of identifier.
    pub kind: IdentifierKind,
    /// Character (not byte) offset into the field's value.
    pub char_offset: usize,
}

/// Why a record or an input was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A line is not a JSON object, or a CSV row cannot be parsed. The detail says where in the
    /// line, never what.
    Malformed(String),
    /// A line or row is not valid in the file's encoding.
    NotUtf8,
    /// A field is missing, empty, of the wrong form, or named like an identifier.
    Field(FieldError),
    /// An id seen before in this run.
    DuplicateId {
        /// Where the first record with that id was read.
        first: Location,
    },
    /// The gate found identifiers in a field (`--on-identifier reject`, or a metadata field,
    /// which is never redacted).
    Identifier {
        /// The field they stand in.
        field: &'static str,
        /// Each identifier's kind and offset.
        found: Vec<IdentifierAt>,
    },
    /// The input could not be read at all (missing file, permission, unknown format).
    Unreadable(String),
}

impl Reason {
    /// The short, stable name that groups rejections in the summary.
    pub fn code(&self) -> String {
        match self {
            Reason::Malformed(_) => "malformed".to_string(),
            Reason::NotUtf8 => "not valid utf-8".to_string(),
            Reason::Field(e) => format!("{} `{}`", e.kind.code(), e.field),
            Reason::DuplicateId { .. } => "duplicate id".to_string(),
            Reason::Identifier { found, .. } => {
                let mut kinds: Vec<&str> = found.iter().map(|f| f.kind.as_str()).collect();
                kinds.sort_unstable();
                kinds.dedup();
                format!("identifier: {}", kinds.join(", "))
            }
            Reason::Unreadable(_) => "unreadable input".to_string(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Malformed(detail) => write!(f, "malformed record: {detail}"),
            Reason::NotUtf8 => f.write_str(
                "not valid UTF-8 although the start of the file is; re-export as UTF-8 or pass \
                 --encoding windows-1252",
            ),
            Reason::Field(e) => e.fmt(f),
            Reason::DuplicateId { first } => write!(
                f,
                "field `id`: duplicate id, first read at {first}; ids must be unique"
            ),
            Reason::Identifier { field, found } => {
                write!(f, "field `{field}`: holds ")?;
                for (i, hit) in found.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} at character {}", hit.kind, hit.char_offset)?;
                }
                if *field == "text" {
                    f.write_str(
                        "; the record was not indexed: pseudonymize it, or pass \
                         --on-identifier redact to index it with placeholders",
                    )
                } else {
                    f.write_str("; the record was not indexed: metadata fields are never redacted")
                }
            }
            Reason::Unreadable(detail) => write!(f, "cannot read input: {detail}"),
        }
    }
}

/// A refused record or input.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where it was read.
    pub at: Location,
    /// The record id, when it is known and safe to show.
    pub id: Option<String>,
    /// Why it was refused.
    pub reason: Reason,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.at)?;
        if let Some(id) = &self.id {
            write!(f, "record {id:?}: ")?;
        }
        self.reason.fmt(f)
    }
}

/// Something worth telling that refuses nothing (an encoding guessed, files skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Where.
    pub at: Location,
    /// What.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}
