//! Loading a rule pack: the shipped rules embedded in the binary, user folders added to or
//! overriding them, and `jamkoll.toml`. Loading is strict and collects every problem, each
//! located at file, line and key.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jamkoll_core::{Area, Category, DutyDomain, Gender, Scope, Subject};
use toml::Spanned;

use crate::error::{ErrorKind, LoadError, Problem, line_col};
use crate::file::{
    self, CategoryName, ConfigFile, KindName, NegationMode, RuleFile, StatusName, SubjectMode,
    WhoName,
};
use crate::lexicon::Lexicon;
use crate::pattern::{Compiler, Pattern, one_line};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Whether a rule always runs or only on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Runs by default.
    Stable,
    /// Runs only with `--preview` (or `preview = true` in jamkoll.toml).
    Preview,
}

/// The match kind of a rule (see docs/rule-format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Lemmas, phrases or regexes in a sentence.
    Lexical,
    /// A duty placed on a person, with its bearer and domain.
    Duty,
    /// Violence or conflict with no doer.
    Agentless,
    /// A parent or child absent from a child investigation (document level).
    Absence,
}

impl Kind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lexical => "lexical",
            Kind::Duty => "duty",
            Kind::Agentless => "agentless",
            Kind::Absence => "absence",
        }
    }
}

/// A rule's documentation, in Swedish with optional English.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleDoc {
    /// What the rule finds.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// The research it rests on.
    pub research: Vec<String>,
    /// A reflection question for the research circle.
    pub question: String,
    /// English `what`, if given.
    pub what_en: Option<String>,
    /// English `why`, if given.
    pub why_en: Option<String>,
    /// English `question`, if given.
    pub question_en: Option<String>,
}

/// One example text of a rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Example {
    /// The text.
    pub text: String,
    /// The record's client gender.
    pub gender: Gender,
    /// The record's area.
    pub area: Option<Area>,
    /// For flagged examples: the expected subject.
    pub subject: Option<Subject>,
    /// For flagged examples: the expected scope.
    pub scope: Scope,
    /// Line of the example's table in the rule file.
    pub line: usize,
}

/// Language of a message or documentation text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Swedish (always present).
    Sv,
    /// English (falls back to Swedish where the rule has no English text).
    En,
}

/// One loaded rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id (the file stem).
    pub id: String,
    /// Category (the folder).
    pub category: Category,
    /// stable or preview.
    pub status: Status,
    /// Match kind.
    pub kind: Kind,
    /// Swedish message.
    pub message: String,
    /// English message, if given.
    pub message_en: Option<String>,
    /// Documentation.
    pub doc: RuleDoc,
    /// Texts the rule must flag.
    pub flag: Vec<Example>,
    /// Look-alikes it must leave alone.
    pub clean: Vec<Example>,
    /// The file it came from, as shown in messages.
    pub path: String,
    pub(crate) m: Arc<Compiled>,
    /// See [`Rule::hash`]; set when the pack is built.
    pub(crate) hash: String,
}

/// A literal word form a rule's findings are anchored on (see [`Rule::cue_anchors`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CueAnchor {
    /// The form, lower-cased as the engine folds text.
    pub form: String,
    /// Whether the form may also end a longer word (a compound head: "mamma" in
    /// "småbarnsmamman"); otherwise it stands as a whole word (or, for forms with inner
    /// punctuation or spaces, as whole words).
    pub compound: bool,
}

impl Rule {
    /// A hash of what decides the rule's findings: its file, the lists it uses (named with
    /// `$name`, and for duty and absence rules every list, since they use lists implicitly) and
    /// the rule engine's version; 16 hex digits. Equal hashes mean equal findings, so stored
    /// findings of a rule whose hash is unchanged can be kept.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Literal forms one of which every finding of this rule contains, or `None` when the rule
    /// can fire without any (a regex, an element with no literal, an absence rule). A caller
    /// that knows which documents hold none of the forms can skip the rule on them.
    pub fn cue_anchors(&self) -> Option<Vec<CueAnchor>> {
        let cues = match self.kind {
            Kind::Absence => return None,
            Kind::Duty => &self.m.markers,
            Kind::Lexical | Kind::Agentless => &self.m.patterns,
        };
        if !self.m.regex.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for p in cues {
            out.extend(p.anchors()?.into_iter().map(|a| CueAnchor {
                form: a.form,
                compound: a.compound,
            }));
        }
        out.sort();
        out.dedup();
        (!out.is_empty()).then_some(out)
    }

    /// The message in `lang` (Swedish when the rule has no English message).
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.message_en.as_deref().unwrap_or(&self.message),
            Lang::Sv => &self.message,
        }
    }
}

/// A rule's compiled match.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub patterns: Vec<Pattern>,
    pub regex: Vec<regex::Regex>,
    pub unless: Vec<Pattern>,
    pub require: Vec<Pattern>,
    pub window: Option<usize>,
    pub subject: SubjectMode,
    pub negation: NegationMode,
    pub reported: NegationMode,
    pub markers: Vec<Pattern>,
    pub domains: Vec<DutyDomain>,
    pub areas: Vec<Area>,
    pub min_mentions: usize,
    /// absence: whose absence is judged.
    pub who: WhoName,
    /// absence, child rules: sentences where the child is heard.
    pub heard: Vec<Pattern>,
}

/// The user's settings for the rule pack (`jamkoll.toml`).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the settings came from (None: defaults).
    pub path: Option<PathBuf>,
    /// Rule ids to switch off, with the line they stand on.
    pub disable: Vec<(String, usize, usize)>,
    /// Extra rule folders (resolved against the config file's folder).
    pub extend_rules: Vec<PathBuf>,
    /// Run preview rules too.
    pub preview: bool,
}

impl Config {
    /// Reads `jamkoll.toml` from `path`. Unknown keys are errors naming file, line and key.
    pub fn load(path: &Path) -> Result<Config, LoadError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| LoadError {
            problems: vec![Problem {
                file: display.clone(),
                line: 0,
                col: 0,
                kind: ErrorKind::Io,
                message: format!("cannot read: {e}"),
            }],
        })?;
        Config::parse(&display, &text, path.parent().unwrap_or(Path::new(".")))
    }

    /// Reads `jamkoll.toml` in the working directory when there is one, else the defaults.
    pub fn discover() -> Result<Config, LoadError> {
        let path = Path::new("jamkoll.toml");
        if path.is_file() {
            Config::load(path)
        } else {
            Ok(Config::default())
        }
    }

    /// Parses config text; `base` resolves relative `extend-rules` folders.
    pub fn parse(display: &str, text: &str, base: &Path) -> Result<Config, LoadError> {
        let parsed: ConfigFile = toml::from_str(text).map_err(|e| LoadError {
            problems: vec![toml_problem(display, text, &e)],
        })?;
        let disable = parsed
            .disable
            .into_iter()
            .map(|s| {
                let (line, col) = line_col(text, s.span().start);
                (s.into_inner(), line, col)
            })
            .collect();
        Ok(Config {
            path: Some(PathBuf::from(display)),
            disable,
            extend_rules: parsed.extend_rules.iter().map(|d| base.join(d)).collect(),
            preview: parsed.preview,
        })
    }
}

/// A set of rule files and lists from one place (the shipped pack or a folder).
#[derive(Debug, Clone)]
struct Source {
    /// Prefix shown before relative paths (`rules` for the shipped pack).
    label: String,
    /// (path relative to the source root, content), sorted.
    files: Vec<(String, String)>,
}

impl Source {
    fn shipped() -> Source {
        Source {
            label: "rules".to_string(),
            files: EMBEDDED
                .iter()
                .map(|(p, c)| ((*p).to_string(), (*c).to_string()))
                .collect(),
        }
    }

    fn read(dir: &Path) -> Result<Source, Problem> {
        let label = dir.display().to_string().trim_end_matches('/').to_string();
        if !dir.is_dir() {
            return Err(Problem {
                file: label,
                line: 0,
                col: 0,
                kind: ErrorKind::Io,
                message: "not a folder of rules (pass a folder holding <category>/<id>.toml files)"
                    .to_string(),
            });
        }
        let mut files = Vec::new();
        walk(dir, dir, &mut files).map_err(|(p, e)| Problem {
            file: p,
            line: 0,
            col: 0,
            kind: ErrorKind::Io,
            message: format!("cannot read: {e}"),
        })?;
        files.sort();
        Ok(Source { label, files })
    }

    fn display(&self, rel: &str) -> String {
        format!("{}/{rel}", self.label)
    }
}

/// Collects `*.toml` and `lists/*.txt` below `dir` (at most 4 levels, no symlink loops).
fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<(String, String)>,
) -> Result<(), (String, std::io::Error)> {
    let depth = dir.strip_prefix(root).map_or(0, |p| p.components().count());
    if depth > 3 {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.display().to_string(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.display().to_string(), e))?;
        let path = entry.path();
        let ft = entry
            .file_type()
            .map_err(|e| (path.display().to_string(), e))?;
        if ft.is_dir() {
            walk(root, &path, files)?;
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.ends_with(".toml") || (rel.starts_with("lists/") && rel.ends_with(".txt")) {
            let content =
                std::fs::read_to_string(&path).map_err(|e| (path.display().to_string(), e))?;
            files.push((rel, content));
        }
    }
    Ok(())
}

/// A loaded, compiled rule pack.
#[derive(Debug, Clone)]
pub struct RulePack {
    rules: Vec<Rule>,
    pub(crate) domain_lists: Vec<(DutyDomain, Arc<Vec<Pattern>>)>,
    pub(crate) authority: Option<Arc<Vec<Pattern>>>,
    hash: String,
    preview: bool,
}

/// Where a rule came from while loading.
struct Loaded {
    rule: Rule,
    content: String,
}

impl RulePack {
    /// The shipped pack, embedded in the binary.
    pub fn embedded() -> Result<RulePack, LoadError> {
        RulePack::build(vec![Source::shipped()], &Config::default())
    }

    /// The shipped pack, then the config's `extend-rules` folders, then `dirs`: a later rule with
    /// the same id overrides an earlier one, a list with the same name likewise. The config's
    /// `disable` switches rules off.
    pub fn load(dirs: &[PathBuf], config: &Config) -> Result<RulePack, LoadError> {
        RulePack::load_sources(true, dirs, config)
    }

    /// Like [`RulePack::load`] but without the shipped pack: only the given folders.
    pub fn load_without_shipped(dirs: &[PathBuf], config: &Config) -> Result<RulePack, LoadError> {
        RulePack::load_sources(false, dirs, config)
    }

    fn load_sources(
        shipped: bool,
        dirs: &[PathBuf],
        config: &Config,
    ) -> Result<RulePack, LoadError> {
        let mut sources = Vec::new();
        if shipped {
            sources.push(Source::shipped());
        }
        let mut problems = Vec::new();
        for dir in config.extend_rules.iter().chain(dirs) {
            match Source::read(dir) {
                Ok(s) => sources.push(s),
                Err(p) => problems.push(p),
            }
        }
        if !problems.is_empty() {
            return Err(LoadError { problems });
        }
        RulePack::build(sources, config)
    }

    fn build(sources: Vec<Source>, config: &Config) -> Result<RulePack, LoadError> {
        let lexicon = Lexicon::swedish();
        let mut problems = Vec::new();

        // Lists first: a later source's list replaces an earlier one of the same name.
        let mut list_text: BTreeMap<String, String> = BTreeMap::new();
        let mut lists: HashMap<String, Arc<Vec<Pattern>>> = HashMap::new();
        let no_lists = HashMap::new();
        let mut compiler = Compiler {
            lexicon: &lexicon,
            lists: &no_lists,
            forms: HashMap::new(),
        };
        for source in &sources {
            for (rel, content) in &source.files {
                let Some(name) = rel
                    .strip_prefix("lists/")
                    .and_then(|n| n.strip_suffix(".txt"))
                else {
                    continue;
                };
                let mut pats = Vec::new();
                for (i, line) in content.lines().enumerate() {
                    let entry = line.split('#').next().unwrap_or("").trim();
                    if entry.is_empty() {
                        continue;
                    }
                    match compiler.compile(entry, false) {
                        Ok(p) => pats.push(p),
                        Err(msg) => {
                            let col = line
                                .find(entry)
                                .map_or(1, |c| line[..c].chars().count() + 1);
                            problems.push(Problem {
                                file: source.display(rel),
                                line: i + 1,
                                col,
                                kind: pattern_kind(&msg),
                                message: format!("list entry: {msg}"),
                            });
                        }
                    }
                }
                lists.insert(name.to_string(), Arc::new(pats));
                list_text.insert(name.to_string(), content.clone());
            }
        }
        let forms = std::mem::take(&mut compiler.forms);
        let mut compiler = Compiler {
            lexicon: &lexicon,
            lists: &lists,
            forms,
        };

        // Rules: ids unique within a source; a later source overrides.
        let mut by_id: BTreeMap<String, Loaded> = BTreeMap::new();
        for source in &sources {
            let mut seen: HashMap<String, String> = HashMap::new();
            for (rel, content) in &source.files {
                if !rel.ends_with(".toml") || rel.starts_with("lists/") {
                    continue;
                }
                let display = source.display(rel);
                let Some(rule) =
                    parse_rule(&display, rel, content, &mut compiler, &lists, &mut problems)
                else {
                    continue;
                };
                if let Some(first) = seen.get(&rule.id) {
                    problems.push(Problem { file: display.clone(), line: 1, col: 1, kind: ErrorKind::DuplicateId, message: format!("duplicate rule id `{}`: {first} has it too; ids are unique across categories", rule.id) });
                    continue;
                }
                seen.insert(rule.id.clone(), display);
                by_id.insert(
                    rule.id.clone(),
                    Loaded {
                        rule,
                        content: content.clone(),
                    },
                );
            }
        }

        for (id, line, col) in &config.disable {
            if by_id.remove(id).is_none() {
                let file = config
                    .path
                    .as_ref()
                    .map_or("jamkoll.toml".to_string(), |p| p.display().to_string());
                problems.push(Problem { file, line: *line, col: *col, kind: ErrorKind::UnknownRule, message: format!("key `disable`: no rule has the id `{id}`; `jamkoll rules list` shows the ids") });
            }
        }

        if !problems.is_empty() {
            return Err(LoadError { problems });
        }

        let mut domain_lists = Vec::new();
        for d in DutyDomain::ALL {
            if let Some(l) = lists.get(&format!("domaen-{}", d.as_str())) {
                domain_lists.push((*d, l.clone()));
            }
        }
        for l in by_id.values_mut() {
            l.rule.hash = rule_hash(&l.rule, &l.content, &list_text);
        }
        let hash = pack_hash(&by_id, &list_text, config);
        Ok(RulePack {
            rules: by_id.into_values().map(|l| l.rule).collect(),
            domain_lists,
            authority: lists.get("myndighet").cloned(),
            hash,
            preview: config.preview,
        })
    }

    /// Every rule, sorted by id (preview rules included; see [`Rule::status`]).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A stable hash of the pack's content (rule files, lists, disabled rules): 16 hex digits.
    /// Two packs with the same hash find the same things.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Whether the config asked for preview rules.
    pub fn preview(&self) -> bool {
        self.preview
    }

    /// Every rule's [`Rule::hash`], by id.
    pub fn rule_hashes(&self) -> BTreeMap<String, String> {
        self.rules
            .iter()
            .map(|r| (r.id.clone(), r.hash.clone()))
            .collect()
    }
}

/// What the engine is: the version and a fingerprint of the engine's source and data (see
/// `build.rs`), so a stored finding is recomputed after any change that may alter it.
const ENGINE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("JAMKOLL_ENGINE_FINGERPRINT")
);

/// FNV-1a 64 over the engine, the rule's id and file, and the lists it uses.
fn rule_hash(rule: &Rule, content: &str, lists: &BTreeMap<String, String>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes.iter().chain([&0xff]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(ENGINE.as_bytes());
    feed(rule.id.as_bytes());
    feed(content.as_bytes());
    let implicit = matches!(rule.kind, Kind::Duty | Kind::Absence);
    for (name, text) in lists {
        if implicit || uses_list(content, name) {
            feed(name.as_bytes());
            feed(text.as_bytes());
        }
    }
    format!("{h:016x}")
}

/// Whether `content` names the list `$name` (followed by a character that cannot continue a
/// list name).
fn uses_list(content: &str, name: &str) -> bool {
    let needle = format!("${name}");
    content.match_indices(&needle).any(|(at, _)| {
        content[at + needle.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
    })
}

/// FNV-1a 64 over the engine, the effective rule files and lists, in a fixed order.
fn pack_hash(
    rules: &BTreeMap<String, Loaded>,
    lists: &BTreeMap<String, String>,
    config: &Config,
) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    feed(ENGINE.as_bytes());
    for (id, l) in rules {
        feed(id.as_bytes());
        feed(l.content.as_bytes());
    }
    for (name, text) in lists {
        feed(name.as_bytes());
        feed(text.as_bytes());
    }
    feed(if config.preview {
        b"preview"
    } else {
        b"stable"
    });
    format!("{h:016x}")
}

/// Classifies a pattern compiler message.
fn pattern_kind(msg: &str) -> ErrorKind {
    if msg.starts_with("unknown lemma") {
        ErrorKind::UnknownLemma
    } else if msg.starts_with("unknown list") {
        ErrorKind::UnknownList
    } else if msg.starts_with("bad regex") {
        ErrorKind::BadRegex
    } else {
        ErrorKind::BadPattern
    }
}

/// A problem from a TOML or serde error, with the key path named.
fn toml_problem(file: &str, text: &str, e: &toml::de::Error) -> Problem {
    let start = e.span().map_or(0, |s| s.start);
    let (line, col) = line_col(text, start);
    let msg = e.message().trim().to_string();
    let table = table_at(text, start);
    let key_at = e
        .span()
        .and_then(|s| text.get(s))
        .unwrap_or("")
        .trim()
        .to_string();
    let (kind, message) = if let Some(rest) = msg.strip_prefix("unknown field ") {
        let key = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        let expected = rest.split_once(", expected ").map(|x| x.1).unwrap_or("");
        (
            ErrorKind::UnknownKey,
            format!(
                "unknown key `{}`; expected {expected}",
                qualify(&table, key)
            ),
        )
    } else if let Some(rest) = msg.strip_prefix("missing field ") {
        (
            ErrorKind::MissingKey,
            format!("missing key `{}`", qualify(&table, rest.trim_matches('`'))),
        )
    } else if msg.starts_with("unknown variant") {
        let key = key_name(text, start);
        (
            ErrorKind::BadValue,
            format!(
                "key `{}`: {}",
                qualify(&table, &key),
                msg.replace("unknown variant", "unknown value")
            ),
        )
    } else if key_at.is_empty() {
        (ErrorKind::Syntax, one_line(&msg))
    } else {
        let key = key_name(text, start);
        (
            ErrorKind::Syntax,
            format!("key `{}`: {}", qualify(&table, &key), one_line(&msg)),
        )
    };
    Problem {
        file: file.to_string(),
        line,
        col,
        kind,
        message,
    }
}

/// `table.key`, or `key` at the top level.
fn qualify(table: &str, key: &str) -> String {
    if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    }
}

/// The `[table]` or `[[table]]` header in force at byte `offset`.
fn table_at(text: &str, offset: usize) -> String {
    // Include the line holding `offset`: a missing key is reported at its table's header.
    let line_end = text
        .get(offset..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |e| offset + e);
    let before = text.get(..line_end).unwrap_or("");
    for line in before.lines().rev() {
        let l = line.trim();
        if l.starts_with('[') {
            return l.trim_matches(|c| c == '[' || c == ']').trim().to_string();
        }
    }
    String::new()
}

/// The key on the line holding byte `offset` (`key = value`).
fn key_name(text: &str, offset: usize) -> String {
    let start = text
        .get(..offset.min(text.len()))
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |p| p + 1);
    let line = text.get(start..).unwrap_or("").lines().next().unwrap_or("");
    line.split('=').next().unwrap_or("").trim().to_string()
}

/// Parses, checks and compiles one rule file; pushes its problems.
fn parse_rule(
    display: &str,
    rel: &str,
    text: &str,
    compiler: &mut Compiler<'_>,
    lists: &HashMap<String, Arc<Vec<Pattern>>>,
    problems: &mut Vec<Problem>,
) -> Option<Rule> {
    let f: RuleFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            problems.push(toml_problem(display, text, &e));
            return None;
        }
    };
    let before = problems.len();
    let at = |span: std::ops::Range<usize>, kind: ErrorKind, message: String| {
        let (line, col) = line_col(text, span.start);
        Problem {
            file: display.to_string(),
            line,
            col,
            kind,
            message,
        }
    };

    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".toml");
    let folder = rel
        .rsplit_once('/')
        .map(|(d, _)| d.rsplit('/').next().unwrap_or(d));
    let id = f.id.get_ref().clone();
    let id_ok = !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !id_ok {
        problems.push(at(
            f.id.span(),
            ErrorKind::BadValue,
            format!("key `id`: `{id}` is not kebab-case ASCII (a-z, 0-9, single hyphens)"),
        ));
    } else if id != stem {
        problems.push(at(f.id.span(), ErrorKind::IdMismatch, format!("key `id`: `{id}` differs from the file name `{stem}.toml`; rename one so they agree")));
    }
    let cat_name = f.category.get_ref().as_str();
    match folder {
        Some(dir) if dir == cat_name => {}
        Some(dir) => problems.push(at(f.category.span(), ErrorKind::CategoryMismatch, format!("key `category`: `{cat_name}` differs from the folder `{dir}`; move the file to {cat_name}/ or fix the category"))),
        None => problems.push(at(f.category.span(), ErrorKind::CategoryMismatch, format!("key `category`: rule files live in a folder named after their category ({cat_name}/{stem}.toml)"))),
    }
    let category: Category = file::core(cat_name).unwrap_or(Category::Resurser);

    let m = &f.matcher;
    let kind = match *m.kind.get_ref() {
        KindName::Lexical => Kind::Lexical,
        KindName::Duty => Kind::Duty,
        KindName::Agentless => Kind::Agentless,
        KindName::Absence => Kind::Absence,
    };
    // Keys that belong to another kind.
    let only = |present: Option<std::ops::Range<usize>>,
                key: &str,
                wanted: Kind,
                problems: &mut Vec<Problem>| {
        if let Some(span) = present {
            if kind != wanted {
                problems.push(at(
                    span,
                    ErrorKind::UnknownKey,
                    format!(
                        "key `match.{key}` applies only to kind = \"{}\", not \"{}\"",
                        wanted.as_str(),
                        kind.as_str()
                    ),
                ));
            }
        }
    };
    only(
        m.markers.as_ref().map(Spanned::span),
        "markers",
        Kind::Duty,
        problems,
    );
    only(
        m.domains.as_ref().map(Spanned::span),
        "domains",
        Kind::Duty,
        problems,
    );
    only(
        m.areas.as_ref().map(Spanned::span),
        "areas",
        Kind::Absence,
        problems,
    );
    only(
        m.min_mentions.as_ref().map(Spanned::span),
        "min_mentions",
        Kind::Absence,
        problems,
    );

    let mut compile_all =
        |key: &str, pats: &[Spanned<String>], problems: &mut Vec<Problem>| -> Vec<Pattern> {
            let mut out = Vec::new();
            for (i, p) in pats.iter().enumerate() {
                match compiler.compile(p.get_ref(), true) {
                    Ok(c) => out.push(c),
                    Err(msg) => problems.push(at(
                        p.span(),
                        pattern_kind(&msg),
                        format!("key `match.{key}[{i}]`: {msg}"),
                    )),
                }
            }
            out
        };
    only(
        m.who.as_ref().map(Spanned::span),
        "who",
        Kind::Absence,
        problems,
    );
    let who = m.who.as_ref().map_or(WhoName::Parent, |w| *w.get_ref());
    if let (Some(first), WhoName::Parent) = (m.heard.first(), who) {
        problems.push(at(
            first.span(),
            ErrorKind::UnknownKey,
            "key `match.heard` applies only to kind = \"absence\" with who = \"child\"; remove it or add who = \"child\"".to_string(),
        ));
    }
    if who == WhoName::Child && m.heard.is_empty() {
        problems.push(at(
            m.kind.span(),
            ErrorKind::MissingKey,
            "key `match.heard`: a who = \"child\" absence rule needs at least one pattern for a sentence where the child is heard".to_string(),
        ));
    }
    let patterns = compile_all("patterns", &m.patterns, problems);
    let heard = compile_all("heard", &m.heard, problems);
    let unless = compile_all("unless", &m.unless, problems);
    let require = compile_all("require", &m.require, problems);
    let markers = match &m.markers {
        Some(mk) => compile_all("markers", mk.get_ref(), problems),
        None if kind == Kind::Duty => match lists.get("pliktmarkorer") {
            Some(_) => compile_all(
                "markers",
                &[Spanned::new(m.kind.span(), "$pliktmarkorer".to_string())],
                problems,
            ),
            None => {
                problems.push(at(m.kind.span(), ErrorKind::UnknownList, "key `match.markers`: not given, and the default list `$pliktmarkorer` (rules/lists/pliktmarkorer.txt) does not exist".to_string()));
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let mut regex = Vec::new();
    for (i, r) in m.regex.iter().enumerate() {
        match regex::RegexBuilder::new(r.get_ref())
            .case_insensitive(true)
            .size_limit(1 << 20)
            .build()
        {
            Ok(re) => regex.push(re),
            Err(e) => problems.push(at(
                r.span(),
                ErrorKind::BadRegex,
                format!(
                    "key `match.regex[{i}]`: bad regex: {}",
                    one_line(&e.to_string())
                ),
            )),
        }
    }
    if matches!(kind, Kind::Lexical | Kind::Agentless)
        && m.patterns.is_empty()
        && m.regex.is_empty()
    {
        problems.push(at(
            m.kind.span(),
            ErrorKind::MissingKey,
            format!(
                "key `match.patterns`: a {} rule needs at least one pattern or regex",
                kind.as_str()
            ),
        ));
    }
    let mut domains = Vec::new();
    if let Some(ds) = &m.domains {
        for d in ds.get_ref() {
            let wire = format!("domaen-{}", d.as_str());
            if !lists.contains_key(&wire) {
                problems.push(at(
                    ds.span(),
                    ErrorKind::UnknownList,
                    format!(
                        "key `match.domains`: domain `{}` needs the list rules/lists/{wire}.txt",
                        d.as_str()
                    ),
                ));
            }
            if let Some(core) = file::core::<DutyDomain>(d.as_str()) {
                domains.push(core);
            }
        }
    }
    let areas = match &m.areas {
        Some(a) => a.get_ref().iter().map(|s| Area::new(s)).collect(),
        None => vec![Area::new("barn_unga")],
    };

    let ex_area = |a: &Option<String>| a.as_deref().map(Area::new);
    let ex_gender = |g: Option<file::GenderName>| {
        g.and_then(|g| file::core::<Gender>(g.as_str()))
            .unwrap_or(Gender::Okant)
    };
    let line_of = |needle: &str| text.find(needle).map_or(0, |o| line_col(text, o).0);
    let flag = f
        .flag
        .iter()
        .map(|e| Example {
            text: e.text.clone(),
            gender: ex_gender(e.gender),
            area: ex_area(&e.area),
            subject: file::core(e.subject.as_str()),
            scope: e
                .scope
                .and_then(|s| file::core(s.as_str()))
                .unwrap_or(Scope::Asserted),
            line: line_of(&e.text),
        })
        .collect();
    let clean = f
        .clean
        .iter()
        .map(|e| Example {
            text: e.text.clone(),
            gender: ex_gender(e.gender),
            area: ex_area(&e.area),
            subject: None,
            scope: Scope::Asserted,
            line: line_of(&e.text),
        })
        .collect();

    if problems.len() > before {
        return None;
    }
    let _ = CategoryName::Resurser;
    Some(Rule {
        id,
        category,
        status: match f.status {
            StatusName::Stable => Status::Stable,
            StatusName::Preview => Status::Preview,
        },
        kind,
        message: f.message.clone(),
        message_en: f.message_en.clone(),
        doc: RuleDoc {
            what: f.doc.what.clone(),
            why: f.doc.why.clone(),
            research: f.doc.research.clone(),
            question: f.doc.question.clone(),
            what_en: f.doc.what_en.clone(),
            why_en: f.doc.why_en.clone(),
            question_en: f.doc.question_en.clone(),
        },
        flag,
        clean,
        path: display.to_string(),
        hash: String::new(),
        m: Arc::new(Compiled {
            patterns,
            regex,
            unless,
            require,
            window: m.window,
            subject: m.subject,
            negation: m.negation,
            reported: m.reported,
            markers,
            domains,
            areas,
            min_mentions: m.min_mentions.as_ref().map_or(2, |s| *s.get_ref()),
            who,
            heard,
        }),
    })
}

#[cfg(test)]
mod hash_tests {
    use super::*;

    fn load_with(files: &[(&str, &str)]) -> RulePack {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        RulePack::load(&[dir.path().to_path_buf()], &Config::default()).unwrap()
    }

    fn shipped(rel: &str) -> String {
        EMBEDDED
            .iter()
            .find(|(p, _)| *p == rel)
            .map(|(_, c)| (*c).to_string())
            .unwrap()
    }

    #[test]
    fn a_rule_hash_follows_its_file_and_the_lists_it_uses_only() {
        let base = RulePack::embedded().unwrap().rule_hashes();
        assert!(base.values().all(|h| h.len() == 16));
        // One more pattern in one rule: only that rule's hash changes.
        let hotfull = shipped("kanslor/hotfull.toml")
            .replace("patterns = [\n", "patterns = [\n  \"=skräckinjagande\",\n");
        let changed = load_with(&[("kanslor/hotfull.toml", &hotfull)]).rule_hashes();
        let differ: Vec<&String> = base.keys().filter(|id| base[*id] != changed[*id]).collect();
        assert_eq!(differ, ["hotfull"]);
        // A list: the rules naming it change, and duty rules (which use lists implicitly),
        // never a lexical rule that does not name it.
        let list = shipped("lists/vald-ord.txt") + "\nknuff\n";
        let changed = load_with(&[("lists/vald-ord.txt", &list)]);
        let changed_hashes = changed.rule_hashes();
        for rule in changed.rules() {
            let differs = base[&rule.id] != changed_hashes[&rule.id];
            let names = uses_list(
                &shipped(&format!("{}/{}.toml", rule.category.as_str(), rule.id)),
                "vald-ord",
            );
            if rule.kind == Kind::Lexical {
                assert_eq!(differs, names, "{}", rule.id);
            }
            if names {
                assert!(differs, "{}", rule.id);
            }
        }
        assert_ne!(base["pastadd-handelse"], changed_hashes["pastadd-handelse"]);
    }

    #[test]
    fn list_names_are_matched_whole() {
        assert!(uses_list("a = [\"$vald-ord\"]", "vald-ord"));
        assert!(uses_list("x $vald", "vald"));
        assert!(!uses_list("x $vald-ord", "vald"));
        assert!(!uses_list("x $valdx", "vald"));
    }

    #[test]
    fn cue_anchors_are_none_for_absence_and_regex_rules_and_forms_otherwise() {
        let pack = RulePack::embedded().unwrap();
        for rule in pack.rules() {
            let anchors = rule.cue_anchors();
            if rule.kind == Kind::Absence || !rule.m.regex.is_empty() {
                assert_eq!(anchors, None, "{}", rule.id);
            }
        }
        let hotfull = pack.rule("hotfull").unwrap().cue_anchors().unwrap();
        assert!(hotfull.iter().any(|a| a.form == "hotfulla"), "{hotfull:?}");
    }
}

#[cfg(test)]
mod who_tests {
    use super::*;

    /// Loads the shipped child-absence rule, edited, alone in a folder; the error text if any.
    fn load_child(edit: impl Fn(&str) -> String) -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let (_, text) = EMBEDDED
            .iter()
            .find(|(p, _)| *p == "osynliggorande/barn-aldrig-hort.toml")
            .ok_or("shipped rule missing")?;
        let folder = dir.path().join("osynliggorande");
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        std::fs::write(folder.join("barn-aldrig-hort.toml"), edit(text))
            .map_err(|e| e.to_string())?;
        RulePack::load(&[dir.path().to_path_buf()], &Config::default())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn heard_needs_who_child_and_who_child_needs_heard() {
        assert_eq!(load_child(str::to_string), Ok(()));
        let no_who = load_child(|t| t.replace("who = \"child\"\n", "")).unwrap_err();
        assert!(
            no_who.contains("match.heard") && no_who.contains("who = \"child\""),
            "{no_who}"
        );
        let no_heard = load_child(|t| {
            let start = t.find("heard = [").unwrap_or(0);
            let end = t[start..].find("]\n").map_or(start, |e| start + e + 2);
            format!("{}{}", &t[..start], &t[end..])
        })
        .unwrap_err();
        assert!(
            no_heard.contains("needs at least one pattern"),
            "{no_heard}"
        );
        let lexical =
            load_child(|t| t.replace("kind = \"absence\"", "kind = \"lexical\"")).unwrap_err();
        assert!(
            lexical.contains("match.who` applies only to kind = \"absence\""),
            "{lexical}"
        );
    }
}
