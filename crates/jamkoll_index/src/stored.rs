//! Stored analysis: what the rules found in each document at ingest, and which rules those were.
//!
//! Review must not re-run the rule pack over every text (that costs as much as ingest), so
//! ingest stores, per document, in the `findings` bytes fast field:
//! - the findings of the pack's active rules,
//! - how often the text mentions a woman, a man, a girl and a boy (the denominators reviews
//!   normalise by), and
//! - opaque per-document facts a caller may need later (case-level absence), as bytes.
//!
//! Beside the index, `jamkoll-rules.json` ([`StoredRules`]) records every rule set that produced
//! stored findings: the pack hash and, per rule, a hash of its compiled definition. Each
//! document's blob names its rule set, so a review with another pack can keep the findings of
//! unchanged rules, drop those of removed rules and recompute only changed and new ones.
//!
//! # The blob (format 1)
//! `[1][rule set id: u64 LE][mentions: 4 varints][findings: varint n, then n findings][facts:
//! varint length, bytes]`. A finding is its rule as a varint code (`k + 1` for the rule set's
//! k-th rule, or `0` followed by the id as a length-prefixed string), category, subject, role
//! (`0` none, else index + 1), scope and domain (likewise) as one byte each, the sentence start
//! as a varint, then the sentence length and the cue's start and end relative to the sentence
//! as zigzag varints. Vocabulary values are positions in the `ALL` lists of `jamkoll_core`;
//! [`codec_id`] hashes those lists, and a file written with another codec is ignored (reviews
//! then recompute from the text) rather than misread. About 13 bytes a finding, against about
//! 170 as JSON (measured figures in docs/index.md).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use jamkoll_core::{Category, DutyDomain, Finding, Role, Scope, Span, Subject};
use serde::{Deserialize, Serialize};

/// A point-in-time view of the index ([`Index::searcher`]): read documents, texts and
/// candidates through one searcher so their [`DocRef`]s agree.
pub use tantivy::Searcher;
use tantivy::Term;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::analyzer::{index_analyzer, terms};
use crate::error::Error;
use crate::index::{DocRef, Index};

/// The file beside the index that names the rule sets of stored findings.
pub const STORED_RULES_FILE: &str = "jamkoll-rules.json";

/// The blob format this build writes and reads.
const FORMAT: u8 = 1;

/// What ingest stores about one document's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Every finding of the active rules, of every scope, with offsets into the stored text.
    pub findings: Vec<Finding>,
    /// Mentions of a woman, a man, a girl and a boy, in that order (as
    /// `jamkoll_review::SubjectMentions` counts them).
    pub mentions: [u64; 4],
    /// Per-document facts for checks that span a case (opaque here; empty when none).
    pub facts: Vec<u8>,
}

/// The stored analysis of one document as read back: its rule set, mentions and facts (the
/// findings are in [`crate::DocumentMeta::findings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInfo {
    /// The id of the rule set that produced the findings (a key of [`StoredRules::sets`]).
    pub rule_set: String,
    /// Mentions of a woman, a man, a girl and a boy.
    pub mentions: [u64; 4],
    /// Per-document facts, as the ingest hook returned them.
    pub facts: Vec<u8>,
}

/// One rule as the index records it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StoredRule {
    /// The rule's id.
    pub id: String,
    /// A hash of the rule's compiled definition (its file and the lists it uses).
    pub hash: String,
}

/// The rules that ran at ingest: the active rules of one pack, sorted by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSet {
    /// The pack's hash (as `jamkoll_rules::RulePack::hash` gives it), for reports.
    pub pack_hash: String,
    /// The rules, sorted by id; a finding's rule code is its position here plus one.
    pub rules: Vec<StoredRule>,
}

impl RuleSet {
    /// A rule set; the rules are sorted and de-duplicated by id.
    pub fn new(pack_hash: &str, mut rules: Vec<StoredRule>) -> RuleSet {
        rules.sort();
        rules.dedup_by(|a, b| a.id == b.id);
        RuleSet {
            pack_hash: pack_hash.to_string(),
            rules,
        }
    }

    /// The set's id: 16 hex digits of FNV-1a over the pack hash and every (id, hash) pair.
    pub fn id(&self) -> String {
        format!("{:016x}", self.id_u64())
    }

    fn id_u64(&self) -> u64 {
        let mut h = Fnv::new();
        h.feed(self.pack_hash.as_bytes());
        for r in &self.rules {
            h.feed(r.id.as_bytes());
            h.feed(r.hash.as_bytes());
        }
        h.0
    }

    /// The rule hashes by id.
    pub fn hashes(&self) -> BTreeMap<&str, &str> {
        self.rules
            .iter()
            .map(|r| (r.id.as_str(), r.hash.as_str()))
            .collect()
    }
}

/// `jamkoll-rules.json`: every rule set that produced stored findings in this index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRules {
    /// The blob codec these sets were written with (see [`codec_id`]).
    pub codec: String,
    /// Rule sets by id.
    pub sets: BTreeMap<String, RuleSet>,
}

impl Default for StoredRules {
    fn default() -> Self {
        StoredRules {
            codec: codec_id(),
            sets: BTreeMap::new(),
        }
    }
}

impl StoredRules {
    /// Reads the file from an index folder: `None` when there is none, or when it was written
    /// with another codec (its blobs cannot be read safely, so they count as absent).
    pub fn read(dir: &Path) -> Result<Option<StoredRules>, Error> {
        let path = dir.join(STORED_RULES_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let rules: StoredRules =
            serde_json::from_slice(&bytes).map_err(|e| Error::IncompatibleIndex {
                dir: dir.to_path_buf(),
                detail: format!("{STORED_RULES_FILE} cannot be read ({e})"),
            })?;
        Ok((rules.codec == codec_id()).then_some(rules))
    }

    /// Writes the file atomically (a temporary file renamed over it), readable by the owner
    /// only, so a crash never leaves blobs whose rule set is missing.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(STORED_RULES_FILE);
        let tmp = dir.join(format!("{STORED_RULES_FILE}.tmp"));
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::io(&path, e.into()))?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let write = || -> std::io::Result<()> {
            use std::io::Write as _;
            let mut f = options.open(&tmp)?;
            f.write_all(&json)?;
            f.sync_all()
        };
        write().map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }

    /// Decodes one document's blob: `None` when its rule set is not recorded here.
    pub fn decode(&self, bytes: &[u8]) -> Result<Option<(Vec<Finding>, StoredInfo)>, Error> {
        decode(bytes, self)
    }
}

/// The codec identity: the blob format and every vocabulary in the order its codes use.
pub fn codec_id() -> String {
    let mut h = Fnv::new();
    h.feed(&[FORMAT]);
    for names in [
        Category::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
        Subject::ALL.iter().map(|v| v.as_str()).collect(),
        Role::ALL.iter().map(|v| v.as_str()).collect(),
        Scope::ALL.iter().map(|v| v.as_str()).collect(),
        DutyDomain::ALL.iter().map(|v| v.as_str()).collect(),
    ] {
        for n in names {
            h.feed(n.as_bytes());
        }
        h.feed(b"|");
    }
    format!("{FORMAT}-{:016x}", h.0)
}

/// Encodes analyses for one rule set (build once per ingest; `Sync`).
#[derive(Debug, Clone)]
pub struct Encoder {
    set: u64,
    codes: HashMap<String, u64>,
}

impl Encoder {
    /// An encoder for findings of `set`.
    pub fn new(set: &RuleSet) -> Encoder {
        Encoder {
            set: set.id_u64(),
            codes: set
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.clone(), i as u64 + 1))
                .collect(),
        }
    }

    /// The blob of one document.
    pub fn encode(&self, a: &Analysis) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + a.findings.len() * 14 + a.facts.len());
        out.push(FORMAT);
        out.extend_from_slice(&self.set.to_le_bytes());
        for m in a.mentions {
            varint(&mut out, m);
        }
        varint(&mut out, a.findings.len() as u64);
        for f in &a.findings {
            match self.codes.get(&f.rule) {
                Some(&code) => varint(&mut out, code),
                None => {
                    varint(&mut out, 0);
                    varint(&mut out, f.rule.len() as u64);
                    out.extend_from_slice(f.rule.as_bytes());
                }
            }
            out.push(pos(Category::ALL, f.category));
            out.push(pos(Subject::ALL, f.subject));
            out.push(f.role.map_or(0, |r| pos(Role::ALL, r) + 1));
            out.push(pos(Scope::ALL, f.scope));
            out.push(f.domain.map_or(0, |d| pos(DutyDomain::ALL, d) + 1));
            let base = f.sentence.start as i64;
            varint(&mut out, f.sentence.start as u64);
            zigzag(&mut out, f.sentence.end as i64 - base);
            zigzag(&mut out, f.span.start as i64 - base);
            zigzag(&mut out, f.span.end as i64 - f.span.start as i64);
        }
        varint(&mut out, a.facts.len() as u64);
        out.extend_from_slice(&a.facts);
        out
    }
}

impl Index {
    /// The rule sets of the stored findings (`None`: this index holds no stored findings, or
    /// they were written by a jamkoll whose format this one cannot read).
    pub fn stored_rules(&self) -> Result<Option<StoredRules>, Error> {
        StoredRules::read(self.dir())
    }

    /// The findings stored for one document at ingest, or `None` when the index holds none for
    /// it (ingested without rules, or by a jamkoll that did not store them). They are the
    /// findings of the rule set that ran at ingest, which may differ from today's pack;
    /// `jamkoll review` recomputes the rules that changed.
    pub fn stored_findings(&self, doc: DocRef) -> Result<Option<Vec<Finding>>, Error> {
        Ok(self.stored_analysis(doc)?.map(|(findings, _)| findings))
    }

    /// [`Index::stored_findings`] with the document's mentions, facts and rule set.
    pub fn stored_analysis(
        &self,
        doc: DocRef,
    ) -> Result<Option<(Vec<Finding>, StoredInfo)>, Error> {
        let Some(rules) = self.stored_rules()? else {
            return Ok(None);
        };
        let searcher = self.searcher()?;
        let address = doc.address();
        let Some(reader) = searcher.segment_readers().get(address.segment_ord as usize) else {
            return Ok(None);
        };
        let Some(column) = reader.fast_fields().bytes("findings")? else {
            return Ok(None);
        };
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        column
            .ord_to_bytes(ord, &mut bytes)
            .map_err(|e| Error::Tantivy(e.into()))?;
        rules.decode(&bytes)
    }

    /// The documents whose text holds at least one of `forms` as a whole word (a form of
    /// several words: all of them), found in the inverted index: each form goes through the
    /// index analyzer, so this is a superset of the documents a rule anchored on these forms
    /// can fire in. `None` when a form leaves no term (punctuation only, or over 60 bytes):
    /// then the index cannot tell, and every document is a candidate.
    pub fn docs_with_any_form(
        &self,
        searcher: &Searcher,
        forms: &[String],
    ) -> Result<Option<HashSet<DocRef>>, Error> {
        let mut analyzer = index_analyzer();
        let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
        for form in forms {
            let mut t = terms(&mut analyzer, form);
            if t.is_empty() {
                return Ok(None);
            }
            t.sort();
            t.dedup();
            groups.insert(t);
        }
        let field = self.fields().text;
        let term_query = |t: &String| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::Basic,
            ))
        };
        let clauses: Vec<(Occur, Box<dyn Query>)> = groups
            .iter()
            .map(|g| {
                let q: Box<dyn Query> = match g.as_slice() {
                    [one] => term_query(one),
                    many => Box::new(BooleanQuery::new(
                        many.iter().map(|t| (Occur::Must, term_query(t))).collect(),
                    )),
                };
                (Occur::Should, q)
            })
            .collect();
        if clauses.is_empty() {
            return Ok(Some(HashSet::new()));
        }
        let found = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
        Ok(Some(found.into_iter().map(DocRef::from_address).collect()))
    }
}

/// Decodes a blob written by [`Encoder::encode`].
pub(crate) fn decode(
    bytes: &[u8],
    rules: &StoredRules,
) -> Result<Option<(Vec<Finding>, StoredInfo)>, Error> {
    let mut r = Reader { bytes, at: 0 };
    if r.byte()? != FORMAT {
        return Ok(None);
    }
    let set_id = format!("{:016x}", r.u64_le()?);
    let Some(set) = rules.sets.get(&set_id) else {
        return Ok(None);
    };
    let mut mentions = [0u64; 4];
    for m in &mut mentions {
        *m = r.varint()?;
    }
    let n = r.varint()?;
    let mut findings = Vec::with_capacity(n.min(4096) as usize);
    for _ in 0..n {
        let rule = match r.varint()? {
            0 => {
                let len = r.varint()? as usize;
                String::from_utf8(r.take(len)?.to_vec()).map_err(|_| corrupt("a rule id"))?
            }
            code => set
                .rules
                .get(code as usize - 1)
                .ok_or_else(|| corrupt("a rule code"))?
                .id
                .clone(),
        };
        let category = at(Category::ALL, r.byte()?)?;
        let subject = at(Subject::ALL, r.byte()?)?;
        let role = opt_at(Role::ALL, r.byte()?)?;
        let scope = at(Scope::ALL, r.byte()?)?;
        let domain = opt_at(DutyDomain::ALL, r.byte()?)?;
        let base = r.varint()? as i64;
        let s_end = base + r.zigzag()?;
        let c_start = base + r.zigzag()?;
        let c_end = c_start + r.zigzag()?;
        let span_of = |a: i64, b: i64| -> Result<Span, Error> {
            if a < 0 || b < 0 {
                return Err(corrupt("an offset"));
            }
            Ok(Span::new(a as usize, b as usize))
        };
        findings.push(Finding {
            rule,
            category,
            subject,
            role,
            scope,
            domain,
            span: span_of(c_start, c_end)?,
            sentence: span_of(base, s_end)?,
        });
    }
    let facts_len = r.varint()? as usize;
    let facts = r.take(facts_len)?.to_vec();
    Ok(Some((
        findings,
        StoredInfo {
            rule_set: set_id,
            mentions,
            facts,
        },
    )))
}

fn corrupt(what: &str) -> Error {
    Error::Tantivy(tantivy::TantivyError::InternalError(format!(
        "stored findings cannot be read ({what} is out of range); re-ingest to rewrite them"
    )))
}

fn pos<T: PartialEq>(all: &[T], v: T) -> u8 {
    all.iter().position(|x| *x == v).unwrap_or(0) as u8
}

fn at<T: Copy>(all: &[T], code: u8) -> Result<T, Error> {
    all.get(code as usize)
        .copied()
        .ok_or_else(|| corrupt("a vocabulary code"))
}

fn opt_at<T: Copy>(all: &[T], code: u8) -> Result<Option<T>, Error> {
    match code {
        0 => Ok(None),
        c => at(all, c - 1).map(Some),
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(out: &mut Vec<u8>, v: i64) {
    varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Error> {
        let end = self.at.checked_add(n).ok_or_else(|| corrupt("a length"))?;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| corrupt("a length"))?;
        self.at = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn u64_le(&mut self) -> Result<u64, Error> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(corrupt("a number"))
    }

    fn zigzag(&mut self) -> Result<i64, Error> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
}

/// FNV-1a 64, with a separator after each piece so ("ab","c") and ("a","bc") differ.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn feed(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain([&0xff]) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, start: usize) -> Finding {
        Finding {
            rule: rule.to_string(),
            category: Category::Trovardighet,
            subject: Subject::Kvinna,
            role: Some(Role::Mother),
            scope: Scope::Reported,
            domain: Some(DutyDomain::ALL[DutyDomain::ALL.len() - 1]),
            span: Span::new(start + 4, start + 10),
            sentence: Span::new(start, start + 40),
        }
    }

    fn set() -> RuleSet {
        RuleSet::new(
            "abc",
            vec![
                StoredRule {
                    id: "b".into(),
                    hash: "2".into(),
                },
                StoredRule {
                    id: "a".into(),
                    hash: "1".into(),
                },
            ],
        )
    }

    #[test]
    fn a_blob_round_trips_with_known_and_unknown_rules() {
        let set = set();
        let mut rules = StoredRules::default();
        rules.sets.insert(set.id(), set.clone());
        let mut odd = finding("case-level", 0);
        odd.role = None;
        odd.domain = None;
        // A document-level finding whose cue lies before its sentence must survive too.
        odd.span = Span::new(0, 3);
        odd.sentence = Span::new(100, 90);
        let a = Analysis {
            findings: vec![finding("a", 300_000), finding("b", 12), odd],
            mentions: [3, 0, 200, 1],
            facts: b"{\"x\":1}".to_vec(),
        };
        let blob = Encoder::new(&set).encode(&a);
        let (findings, info) = rules.decode(&blob).unwrap().unwrap();
        assert_eq!(findings, a.findings);
        assert_eq!(info.mentions, a.mentions);
        assert_eq!(info.facts, a.facts);
        assert_eq!(info.rule_set, set.id());
        // Two findings by code, one by name: small.
        assert!(blob.len() < 80, "{}", blob.len());
    }

    #[test]
    fn an_unknown_rule_set_or_format_reads_as_absent_and_garbage_is_an_error() {
        let blob = Encoder::new(&set()).encode(&Analysis {
            findings: vec![finding("a", 0)],
            ..Analysis::default()
        });
        assert_eq!(StoredRules::default().decode(&blob).unwrap(), None);
        assert_eq!(StoredRules::default().decode(b"[]").unwrap(), None);
        let mut rules = StoredRules::default();
        rules.sets.insert(set().id(), set());
        assert!(rules.decode(&blob[..blob.len() - 3]).is_err());
    }

    #[test]
    fn the_set_id_follows_every_rule_hash() {
        let mut changed = set();
        changed.rules[0].hash = "9".into();
        assert_ne!(set().id(), changed.id());
        assert_eq!(set().id(), set().id());
    }

    #[test]
    fn a_file_of_another_codec_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut rules = StoredRules::default();
        rules.sets.insert(set().id(), set());
        rules.write(dir.path()).unwrap();
        assert_eq!(StoredRules::read(dir.path()).unwrap(), Some(rules.clone()));
        rules.codec = "0-old".into();
        rules.write(dir.path()).unwrap();
        assert_eq!(StoredRules::read(dir.path()).unwrap(), None);
    }
}
