//! Load errors: every one names the file, the line and column, and the key or pattern at fault.

use std::fmt;

/// What went wrong in a rule pack or config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read.
    Io,
    /// Not valid TOML, or a value of the wrong type.
    Syntax,
    /// A key the format does not know (or one that does not belong to the rule's match kind).
    UnknownKey,
    /// A key the format requires is missing.
    MissingKey,
    /// A value outside its vocabulary (category, status, kind, subject, scope, domain, gender).
    BadValue,
    /// A pattern that does not parse.
    BadPattern,
    /// A regular expression that does not compile.
    BadRegex,
    /// A lemma the lexicon does not know.
    UnknownLemma,
    /// A `$name` with no `rules/lists/name.txt`.
    UnknownList,
    /// Two rules with one id in one source.
    DuplicateId,
    /// A rule's id differs from its file stem.
    IdMismatch,
    /// A rule's category differs from its folder.
    CategoryMismatch,
    /// A disabled id that names no rule.
    UnknownRule,
}

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named it (shipped rules as `rules/<category>/<id>.toml`).
    pub file: String,
    /// 1-based line (0 when the whole file is meant).
    pub line: usize,
    /// 1-based column in characters (0 when the whole file is meant).
    pub col: usize,
    /// What kind of problem.
    pub kind: ErrorKind,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    /// `file:line:col: message`, with every identifier the gate is certain of (personnummer,
    /// phone, e-mail, address) in the file and in paths the message names shown as its
    /// placeholder: a rule file named `850312-1231.toml` prints as `[PERSONNUMMER].toml`, as
    /// every input path does ([`jamkoll_redact::Gate::redact_path`]). [`Problem::file`] keeps
    /// the real path for callers that open it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        static GATE: std::sync::OnceLock<jamkoll_redact::Gate> = std::sync::OnceLock::new();
        let gate = GATE.get_or_init(jamkoll_redact::Gate::new);
        let (file, message) = (
            gate.redact_path(&self.file),
            gate.redact_path(&self.message),
        );
        if self.line == 0 {
            write!(f, "{file}: {message}")
        } else {
            write!(f, "{file}:{}:{}: {message}", self.line, self.col)
        }
    }
}

/// Loading a rule pack or a config file failed. Every problem found is listed, not only the
/// first, so a rule author can fix them in one go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "cannot load the rules: {n} error{}",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let mut off = offset;
    while !src.is_char_boundary(off) {
        off -= 1;
    }
    let before = &src[..off];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
