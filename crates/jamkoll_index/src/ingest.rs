//! The ingest pipeline: read → parse → validate → gate → analyse → write, with located
//! problems and a summary.
//!
//! Readers run on the calling thread and fill a batch; each batch is parsed, validated, gated
//! and analysed in parallel (rayon), then written in input order, so duplicate ids are judged
//! in the order the user wrote them and `--strict` stops at the first problem in that order.
//! Memory holds one batch plus the ids seen (to refuse duplicates within a run).

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use jamkoll_core::Gender;
use jamkoll_redact::{Certainty, Gate, Hit, IdentifierKind};
use rayon::prelude::*;

use crate::error::Error;
use crate::index::{Index, NewDocument};
use crate::problem::{IdentifierAt, Location, Notice, Problem, Reason};
use crate::read::{Body, Inputs, Item, ReadOptions};
use crate::record::{FieldError, FieldErrorKind, Fields, Record};
use crate::stored::{Analysis, Encoder, RuleSet};

/// What ingest does with a record whose text holds an identifier the gate is certain of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnIdentifier {
    /// The record is not indexed and is reported by id, kind and character offset.
    #[default]
    Reject,
    /// The identifier is replaced by its placeholder and the record is indexed.
    Redact,
}

/// How ingest runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Reject or redact records with identifiers in their text. Likely names (the gate's
    /// [`Certainty::Likely`]) are redacted in both modes, since ordinary words can look like
    /// names and refusing every record with "Hans" or "Rosa" in it would lose good records.
    pub on_identifier: OnIdentifier,
    /// Stop at the first problem (what was committed before it stays).
    pub strict: bool,
    /// Records handed to the parallel stage at a time.
    pub batch_size: usize,
    /// Records written between commits: a killed run loses at most this many.
    pub commit_every: usize,
    /// How the readers read (needed here for `--map`/`--drop-field` on JSON Lines).
    pub read: ReadOptions,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            on_identifier: OnIdentifier::Reject,
            strict: false,
            batch_size: 1024,
            commit_every: 10_000,
            read: ReadOptions::default(),
        }
    }
}

/// The rules hook: the rule set that runs, and the function that analyses a record (findings
/// with offsets into the record's text as indexed, mentions, facts). Ingest records the rule set
/// in [`crate::stored::StoredRules`] before the first document that uses it is written.
pub struct Analyzer<'a> {
    /// The active rules and their definition hashes.
    pub rules: RuleSet,
    /// Analyses one record (called in parallel).
    pub analyse: &'a (dyn Fn(&Record) -> Analysis + Sync),
}

impl std::fmt::Debug for Analyzer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("rules", &self.rules.rules.len())
            .finish_non_exhaustive()
    }
}

/// The analyzer with its encoder, as the parallel stage uses it.
struct Hook<'a> {
    analyse: &'a (dyn Fn(&Record) -> Analysis + Sync),
    encoder: Encoder,
}

/// What ingest tells its caller as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// A record or input was refused.
    Problem(&'a Problem),
    /// Something worth telling that refuses nothing.
    Notice(&'a Notice),
    /// A batch was written.
    Progress {
        /// Records read so far.
        read: u64,
        /// Records indexed so far.
        indexed: u64,
    },
}

/// The outcome of an ingest run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records read (lines, rows, text files), refused ones included.
    pub read: u64,
    /// Records indexed (added or replacing an earlier version).
    pub indexed: u64,
    /// Refused records by reason.
    pub rejected: BTreeMap<String, u64>,
    /// Inputs refused whole (unreadable, or an identifier-named column).
    pub inputs_refused: u64,
    /// Identifiers replaced by placeholders, by kind.
    pub redacted: BTreeMap<&'static str, u64>,
    /// Indexed documents per unit and gender in this run.
    pub per_unit: BTreeMap<String, BTreeMap<Gender, u64>>,
    /// `--strict` stopped the run at a problem.
    pub stopped: bool,
    /// Documents in the index after the run.
    pub documents_in_index: u64,
}

impl Summary {
    /// Records refused.
    pub fn records_refused(&self) -> u64 {
        self.rejected.values().sum()
    }

    /// Whether everything read was indexed and no input was refused.
    pub fn all_indexed(&self) -> bool {
        self.records_refused() == 0 && self.inputs_refused == 0 && !self.stopped
    }
}

/// One item after the parallel stage.
enum Outcome {
    Doc {
        at: Location,
        doc: Box<NewDocument>,
        redacted: Vec<IdentifierKind>,
    },
    Refused {
        problem: Problem,
        whole_input: bool,
    },
    Notice(Notice),
}

/// Batches prepared ahead of the writer: the parallel stage keeps working while the writer
/// thread writes a batch or waits for a commit (which waits for tantivy to flush and sync its
/// segment). Eight batches (8,192 records, a few MB) bridge a commit; two left a core idle
/// during each (1M ingest 92.8 → 86.4 s wall).
const BATCHES_AHEAD: usize = 8;

/// Ingests `inputs` into `index`. Problems are reported through `on_event` and counted; only
/// index errors (a held lock, a full disk) end the run with an error.
///
/// Two stages overlap: a reading thread fills batches and has them parsed, validated, gated
/// and analysed in parallel (rayon), a few batches ahead; the calling thread writes the
/// outcomes in input order and commits, while tantivy indexes on its own threads. A serial
/// stage never leaves a core idle waiting for another.
pub fn ingest(
    index: &Index,
    inputs: Inputs,
    gate: &Gate,
    options: &IngestOptions,
    analyzer: Option<&Analyzer<'_>>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, Error> {
    let mut writer = index.writer()?;
    let hook = match analyzer {
        Some(a) => Some(record_rule_set(index, a)?),
        None => None,
    };
    let hook = hook.as_ref();
    let mut run = Run {
        summary: Summary::default(),
        seen: Seen::default(),
        since_commit: 0,
    };
    let batch_size = options.batch_size.max(1);
    std::thread::scope(|scope| -> Result<(), Error> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(BATCHES_AHEAD);
        scope.spawn(move || {
            let mut inputs = inputs.peekable();
            while inputs.peek().is_some() {
                let batch: Vec<Item> = inputs.by_ref().take(batch_size).collect();
                let outcomes: Vec<Outcome> = batch
                    .into_par_iter()
                    .map(|item| prepare(item, gate, options, hook))
                    .collect();
                // The writer hung up (`--strict` stopped, or an index error): stop reading.
                if tx.send(outcomes).is_err() {
                    break;
                }
            }
        });
        for outcomes in rx {
            for outcome in outcomes {
                if !run.apply(outcome, &mut writer, on_event)? && options.strict {
                    run.summary.stopped = true;
                    break;
                }
            }
            if run.since_commit >= options.commit_every.max(1) {
                writer.commit()?;
                run.since_commit = 0;
            }
            on_event(Event::Progress {
                read: run.summary.read,
                indexed: run.summary.indexed,
            });
            if run.summary.stopped {
                break;
            }
        }
        Ok(())
    })?;
    writer.commit()?;
    writer.finish()?;
    run.summary.documents_in_index = index.num_docs()?;
    Ok(run.summary)
}

/// Adds the analyzer's rule set to the index's stored rules (under the writer lock, before any
/// document refers to it) and builds its encoder.
fn record_rule_set<'a>(index: &Index, a: &Analyzer<'a>) -> Result<Hook<'a>, Error> {
    let mut stored = index.stored_rules()?.unwrap_or_default();
    let id = a.rules.id();
    if let std::collections::btree_map::Entry::Vacant(e) = stored.sets.entry(id) {
        e.insert(a.rules.clone());
        stored.write(index.dir())?;
    }
    Ok(Hook {
        analyse: a.analyse,
        encoder: Encoder::new(&a.rules),
    })
}

struct Run {
    summary: Summary,
    seen: Seen,
    since_commit: usize,
}

impl Run {
    /// Writes or reports one outcome; `false` when it was a problem.
    fn apply(
        &mut self,
        outcome: Outcome,
        writer: &mut crate::index::Writer<'_>,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<bool, Error> {
        let s = &mut self.summary;
        match outcome {
            Outcome::Notice(n) => {
                on_event(Event::Notice(&n));
                Ok(true)
            }
            Outcome::Refused {
                problem,
                whole_input,
            } => {
                if whole_input {
                    s.inputs_refused += 1;
                } else {
                    s.read += 1;
                    *s.rejected.entry(problem.reason.code()).or_default() += 1;
                }
                on_event(Event::Problem(&problem));
                Ok(false)
            }
            Outcome::Doc { at, doc, redacted } => {
                s.read += 1;
                if let Some(first) = self.seen.get(&doc.record.id) {
                    let problem = Problem {
                        at,
                        id: Some(doc.record.id.clone()),
                        reason: Reason::DuplicateId { first },
                    };
                    *s.rejected.entry(problem.reason.code()).or_default() += 1;
                    on_event(Event::Problem(&problem));
                    return Ok(false);
                }
                if writer.started_empty() {
                    writer.add_new(&doc)?;
                } else {
                    writer.upsert(&doc)?;
                }
                for kind in redacted {
                    *s.redacted.entry(kind.as_str()).or_default() += 1;
                }
                s.indexed += 1;
                *s.per_unit
                    .entry(doc.record.unit.clone())
                    .or_default()
                    .entry(doc.record.client_gender)
                    .or_default() += 1;
                self.seen.insert(&doc.record.id, &at);
                self.since_commit += 1;
                Ok(true)
            }
        }
    }
}

/// The ids written in this run and where each was read, to refuse a repeated id with the place
/// of its first occurrence. An id is kept as a 64-bit hash and its place packed into 64 bits
/// (input number and line), 16 bytes an id whatever its length, so a million-record run holds
/// about 32 MB here rather than the ids. Two different ids share a hash with a probability of
/// about n²/2⁶⁵ (3·10⁻⁸ for a million records); the record would then be refused as a
/// duplicate, loudly, never dropped in silence.
#[derive(Default)]
struct Seen {
    ids: HashMap<u64, u64, BuildHasherDefault<Prehashed>>,
    /// The inputs named in `ids`, in order (an input's records arrive together, so a new entry
    /// is pushed only when the input changes).
    files: Vec<Arc<str>>,
    /// Places that do not pack (more than 2²⁴ inputs, or a line past 2⁴⁰).
    unpacked: HashMap<u64, Location>,
}

/// Bits of a packed place that hold the line; the input number takes the rest.
const LINE_BITS: u32 = 40;
/// The packed line of a place without one (a text file is one record).
const NO_LINE: u64 = (1 << LINE_BITS) - 1;

impl Seen {
    /// The key of an id: SipHash-1-3 with fixed keys, the same in every run.
    fn key(id: &str) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        h.write(id.as_bytes());
        h.finish()
    }

    /// Where `id` was first written in this run, if it was.
    fn get(&self, id: &str) -> Option<Location> {
        let key = Self::key(id);
        let packed = *self.ids.get(&key)?;
        if packed == u64::MAX {
            return self.unpacked.get(&key).cloned();
        }
        let file = Arc::clone(self.files.get((packed >> LINE_BITS) as usize)?);
        let line = packed & NO_LINE;
        Some(Location {
            file,
            line: (line != NO_LINE).then_some(line),
        })
    }

    fn insert(&mut self, id: &str, at: &Location) {
        if !self.files.last().is_some_and(|f| Arc::ptr_eq(f, &at.file)) {
            self.files.push(Arc::clone(&at.file));
        }
        let file = (self.files.len() - 1) as u64;
        let line = at.line.unwrap_or(NO_LINE);
        let key = Self::key(id);
        let fits = file < 1 << (64 - LINE_BITS) && at.line.is_none_or(|l| l < NO_LINE);
        let packed = if fits {
            (file << LINE_BITS) | line
        } else {
            self.unpacked.insert(key, at.clone());
            u64::MAX
        };
        self.ids.insert(key, packed);
    }
}

/// A hasher for keys that are hashes already: it keeps the key's low 64 bits.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// Parses, validates, gates and analyses one item (runs in parallel).
fn prepare(item: Item, gate: &Gate, options: &IngestOptions, hook: Option<&Hook<'_>>) -> Outcome {
    let (at, body) = match item {
        Item::Notice(n) => return Outcome::Notice(n),
        Item::Problem(problem) => {
            let whole_input = matches!(problem.reason, Reason::Unreadable(_) | Reason::Field(_));
            return Outcome::Refused {
                problem,
                whole_input,
            };
        }
        Item::Raw { at, body } => (at, body),
    };
    let refuse = |at: Location, id: Option<String>, reason: Reason| Outcome::Refused {
        problem: Problem { at, id, reason },
        whole_input: false,
    };
    let fields = match body {
        Body::NotUtf8 => return refuse(at, None, Reason::NotUtf8),
        Body::Fields(fields) => fields,
        Body::Json(bytes) => match parse_json(&bytes, &options.read) {
            Ok(fields) => fields,
            Err(reason) => return refuse(at, None, reason),
        },
    };
    let id = fields.id().map(str::to_string);
    if let Some(id) = &id {
        let hits = gate.scan(id);
        if !hits.is_empty() {
            return refuse(at, None, identifier_reason("id", id, &hits));
        }
    }
    // Labels as written: validation normalises area to a wire name (`Kvarngatan 14` becomes
    // `kvarngatan_14`), which the gate would no longer read as an address.
    let raw_labels = [
        fields.get("unit").map(str::to_string),
        fields.get("area").map(str::to_string),
        fields.get("document_type").map(str::to_string),
    ];
    let mut record = match fields.into_record() {
        Ok(record) => record,
        Err(e) => return refuse(at, id, Reason::Field(e)),
    };
    if let Some(reason) = gate_metadata(&record, &raw_labels, gate) {
        return refuse(at, id, reason);
    }
    let hits = gate.scan(&record.text);
    let certain: Vec<Hit> = hits
        .iter()
        .copied()
        .filter(|h| h.certainty == Certainty::Certain)
        .collect();
    if options.on_identifier == OnIdentifier::Reject && !certain.is_empty() {
        return refuse(at, id, identifier_reason("text", &record.text, &certain));
    }
    let replace: Vec<Hit> = match options.on_identifier {
        OnIdentifier::Redact => hits,
        OnIdentifier::Reject => hits
            .into_iter()
            .filter(|h| h.certainty != Certainty::Certain)
            .collect(),
    };
    if !replace.is_empty() {
        record.text = apply_placeholders(&record.text, &replace);
    }
    let words = jamkoll_text::word_count(&record.text) as u64;
    let analysis = hook.map(|h| h.encoder.encode(&(h.analyse)(&record)));
    Outcome::Doc {
        at,
        doc: Box::new(NewDocument {
            record,
            words,
            analysis,
        }),
        redacted: replace.iter().map(|h| h.kind).collect(),
    }
}

/// Metadata fields are keys and labels, never redacted: an identifier there refuses the
/// record. `case_id` refuses on any hit (case keys are sometimes built from names). Unit, area
/// and document type refuse on every certain identifier (a street or postal address in a unit
/// name is refused) and on a likely name that reads as a person ([`label_names_a_person`]); a
/// lone word that is also on the name lists passes, since unit names are often place names
/// that the name list also holds ("Enhet Viktoria").
fn gate_metadata(record: &Record, raw: &[Option<String>; 3], gate: &Gate) -> Option<Reason> {
    let checks: [(&'static str, Option<&str>, bool); 4] = [
        ("case_id", Some(record.case_id.as_str()), false),
        ("unit", raw[0].as_deref(), true),
        ("area", raw[1].as_deref(), true),
        ("document_type", raw[2].as_deref(), true),
    ];
    for (field, value, label) in checks {
        let Some(value) = value else { continue };
        let hits: Vec<Hit> = gate
            .scan(value)
            .into_iter()
            .filter(|h| !label || label_names_a_person(gate, value, h))
            .collect();
        if !hits.is_empty() {
            return Some(identifier_reason(field, value, &hits));
        }
    }
    None
}

/// Words that end a unit's name as a part of town or a direction ("Kristina Nord", "Enhet
/// Söder"): a "surname" among them makes a first name and it a place, not a person.
const PLACE_WORDS: &[&str] = &[
    "Centrum", "City", "Mitt", "Nord", "Norr", "Norra", "Syd", "Söder", "Södra", "Väst", "Västra",
    "Öst", "Östra",
];

/// Whether a hit in a label (unit, area, document type) refuses it: every certain identifier,
/// and a likely name that reads as a person ([`Gate::reads_as_person`]: a first name with a
/// surname, or a title such as handläggare or socialsekreterare before a name) unless one of
/// its words is a [`PLACE_WORDS`] word.
fn label_names_a_person(gate: &Gate, value: &str, hit: &Hit) -> bool {
    if hit.certainty == Certainty::Certain || hit.kind != IdentifierKind::Namn {
        return true;
    }
    let name = value.get(hit.span.start..hit.span.end).unwrap_or("");
    gate.reads_as_person(value, hit) && !name.split_whitespace().any(|w| PLACE_WORDS.contains(&w))
}

fn identifier_reason(field: &'static str, value: &str, hits: &[Hit]) -> Reason {
    Reason::Identifier {
        field,
        found: hits
            .iter()
            .map(|h| IdentifierAt {
                kind: h.kind,
                char_offset: value
                    .get(..h.span.start)
                    .map_or(0, |prefix| prefix.chars().count()),
            })
            .collect(),
    }
}

/// `text` with each hit (sorted, non-overlapping, as the gate returns them) replaced by its
/// placeholder.
fn apply_placeholders(text: &str, hits: &[Hit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for hit in hits {
        if hit.span.start < at || hit.span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..hit.span.start]);
        out.push_str(hit.kind.placeholder());
        at = hit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A JSON Lines line as fields: strings as they are, numbers and booleans as written, `null`
/// as absent. Arrays and objects are refused for record fields and ignored elsewhere.
fn parse_json(bytes: &[u8], read: &ReadOptions) -> Result<Fields, Reason> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(Reason::NotUtf8);
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        Reason::Malformed(format!(
            "not valid JSON (column {}): {}",
            e.column(),
            match e.classify() {
                serde_json::error::Category::Eof => "the line ends inside a value",
                _ => "check quotes, commas and braces",
            }
        ))
    })?;
    let serde_json::Value::Object(map) = value else {
        return Err(Reason::Malformed(
            "the line is JSON but not an object {...}".to_string(),
        ));
    };
    let mut fields = Fields::new();
    for (key, value) in map {
        if read.drop.contains(&key) {
            continue;
        }
        let name = read
            .map
            .iter()
            .find(|(_, column)| *column == key)
            .map_or(key, |(field, _)| field.clone());
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                if crate::record::RECORD_FIELDS.contains(&name.as_str()) {
                    return Err(Reason::Field(FieldError {
                        field: name,
                        kind: FieldErrorKind::Invalid("text or a number, not a list or object"),
                    }));
                }
                // Keep the name so an identifier-named field is still refused.
                String::new()
            }
        };
        fields.insert(name, text);
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_ids_give_back_where_they_were_first_read() {
        let (a, b): (Arc<str>, Arc<str>) = (Arc::from("a.jsonl"), Arc::from("b"));
        let mut seen = Seen::default();
        seen.insert("1", &Location::line(Arc::clone(&a), 3));
        seen.insert("2", &Location::file(Arc::clone(&b)));
        seen.insert("3", &Location::line(Arc::clone(&a), 1 << 50));
        seen.insert("4", &Location::line(Arc::clone(&a), 9));
        assert_eq!(seen.get("1"), Some(Location::line(Arc::clone(&a), 3)));
        assert_eq!(seen.get("2"), Some(Location::file(b)));
        assert_eq!(seen.get("3"), Some(Location::line(Arc::clone(&a), 1 << 50)));
        assert_eq!(seen.get("4"), Some(Location::line(a, 9)));
        assert_eq!(seen.get("5"), None);
        assert_eq!(seen.files.len(), 3);
    }

    fn opts() -> IngestOptions {
        IngestOptions::default()
    }

    fn raw(line: &str) -> Item {
        Item::Raw {
            at: Location::line("t.jsonl".into(), 1),
            body: Body::Json(line.as_bytes().to_vec()),
        }
    }

    fn refused(o: &Outcome) -> &Problem {
        match o {
            Outcome::Refused { problem, .. } => problem,
            _ => panic!("not refused"),
        }
    }

    #[test]
    fn malformed_json_names_the_column_not_the_content() {
        let gate = Gate::new();
        let o = prepare(
            raw("{\"id\": \"a\", \"text\": 811228-9874"),
            &gate,
            &opts(),
            None,
        );
        let msg = refused(&o).to_string();
        assert!(
            msg.starts_with("t.jsonl:1: malformed record: not valid JSON"),
            "{msg}"
        );
        assert!(!msg.contains("811228"), "{msg}");
    }

    #[test]
    fn personnummer_in_text_is_refused_by_kind_and_offset() {
        let gate = Gate::new();
        let line = r#"{"id":"r1","unit":"U","client_gender":"kvinna","text":"Född 811228-9874."}"#;
        let o = prepare(raw(line), &gate, &opts(), None);
        let p = refused(&o);
        assert_eq!(p.id.as_deref(), Some("r1"));
        assert_eq!(p.reason.code(), "identifier: personnummer");
        let msg = p.to_string();
        assert!(msg.contains("personnummer at character 5"), "{msg}");
        assert!(!msg.contains("9874"), "{msg}");
    }

    #[test]
    fn redact_mode_replaces_the_value_in_the_stored_text() {
        let gate = Gate::new();
        let line = r#"{"id":"r1","unit":"U","client_gender":"kvinna","text":"Född 811228-9874."}"#;
        let options = IngestOptions {
            on_identifier: OnIdentifier::Redact,
            ..opts()
        };
        match prepare(raw(line), &gate, &options, None) {
            Outcome::Doc { doc, redacted, .. } => {
                assert_eq!(doc.record.text, "Född [PERSONNUMMER].");
                assert_eq!(redacted, vec![IdentifierKind::Personnummer]);
            }
            _ => panic!("not indexed"),
        }
    }

    #[test]
    fn an_id_holding_an_identifier_is_never_shown() {
        let gate = Gate::new();
        let line = r#"{"id":"811228-9874","unit":"U","client_gender":"kvinna","text":"Text."}"#;
        let o = prepare(raw(line), &gate, &opts(), None);
        let p = refused(&o);
        assert_eq!(p.id, None);
        assert!(!p.to_string().contains("9874"));
    }

    #[test]
    fn the_analyzer_hook_sees_the_record_and_its_findings_are_kept() {
        let gate = Gate::new();
        let line = r#"{"id":"r1","unit":"U","client_gender":"man","text":"Han är arg."}"#;
        let analyse = |r: &Record| Analysis {
            findings: vec![jamkoll_core::Finding {
                rule: format!("test/{}", r.id),
                category: jamkoll_core::Category::Kanslor,
                subject: jamkoll_core::Subject::Man,
                role: None,
                scope: jamkoll_core::Scope::Asserted,
                domain: None,
                span: jamkoll_core::Span::new(7, 10),
                sentence: jamkoll_core::Span::new(0, 11),
            }],
            mentions: [0, 1, 0, 0],
            facts: Vec::new(),
        };
        let set = RuleSet::new("p", Vec::new());
        let hook = Hook {
            analyse: &analyse,
            encoder: Encoder::new(&set),
        };
        let mut rules = crate::stored::StoredRules::default();
        rules.sets.insert(set.id(), set);
        match prepare(raw(line), &gate, &opts(), Some(&hook)) {
            Outcome::Doc { doc, .. } => {
                let blob = doc.analysis.as_deref().unwrap_or_default();
                let (findings, info) = rules.decode(blob).unwrap().unwrap();
                assert_eq!(findings[0].rule, "test/r1");
                assert_eq!(info.mentions, [0, 1, 0, 0]);
                assert_eq!(doc.words, 3);
            }
            _ => panic!("not indexed"),
        }
    }
}
