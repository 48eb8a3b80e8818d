//! Stored findings: what `jamkoll ingest` stores per document, and how `jamkoll review` reads
//! it back without re-running the rule pack.
//!
//! Ingest runs the active rules of the pack on each record and stores its findings, its subject
//! mentions and its case facts (for case-level absence) with the rule set that made them
//! (`jamkoll_index::stored`). Review compares that rule set with today's pack, rule by rule
//! (by [`jamkoll_rules::Rule::hash`]):
//! - unchanged rules keep their stored findings, removed rules are dropped;
//! - changed and new rules are recomputed, only for themselves, and a rule anchored on literal
//!   forms only on the documents the inverted index says hold one of them; other rules (a
//!   regex, a compound head, absence) on every document;
//! - a document with nothing stored (ingested without rules) gets the whole pack run on its text.
//!
//! Case-level absence needs every document of a case, so review reads the case facts in a first
//! pass (fast fields only, unless absence rules changed) and turns each case's tally into
//! findings, which the second pass adds to the documents they are anchored in. Both passes
//! stream; only per-case tallies of the absence areas and the few case findings stay in memory.
//!
//! Review never writes to the index: re-ingesting the documents updates what is stored.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context as _;
use jamkoll_core::{Area, Finding, Gender};
use jamkoll_index::ingest::Analyzer;
use jamkoll_index::stored::{Analysis, RuleSet, Searcher, StoredInfo, StoredRule, StoredRules};
use jamkoll_index::{DocRef, DocumentMeta, Index};
use jamkoll_review::{DocSummary, Filters, SubjectMentions};
use jamkoll_rules::{CaseFacts, CaseTally, Doc, Engine, Kind, Rule, RulePack, Status};
use rayon::prelude::*;

/// Documents read and analysed per parallel batch.
const BATCH: usize = 1024;

/// Whether the engine of `pack` runs `rule` ([`Engine::new`]'s choice).
fn is_active(pack: &RulePack, rule: &Rule) -> bool {
    rule.status == Status::Stable || pack.preview()
}

/// The rule set ingest records: the active rules with their hashes.
pub(crate) fn rule_set(pack: &RulePack) -> RuleSet {
    RuleSet::new(
        pack.hash(),
        pack.rules()
            .iter()
            .filter(|r| is_active(pack, r))
            .map(|r| StoredRule {
                id: r.id.clone(),
                hash: r.hash().to_string(),
            })
            .collect(),
    )
}

/// The area a document is checked with: review has always passed the empty area for a record
/// without one, and ingest must agree so stored and recomputed findings are equal.
fn area_or_empty(area: Option<&Area>) -> Area {
    area.cloned().unwrap_or_else(|| Area::new(""))
}

/// Runs `engine` on one text: its findings, mentions and case facts.
pub(crate) fn analyse(engine: &Engine, text: &str, gender: Gender, area: &Area) -> Analysis {
    let doc = Doc {
        text,
        client_gender: gender,
        area: Some(area),
    };
    let m = SubjectMentions::count(text);
    let (findings, facts) = engine.analyse(&doc);
    Analysis {
        findings,
        mentions: [m.kvinna, m.man, m.flicka, m.pojke],
        facts: encode_facts(&facts),
    }
}

fn encode_facts(facts: &CaseFacts) -> Vec<u8> {
    if facts.is_empty() {
        return Vec::new();
    }
    // Plain data into a Vec: serialising cannot fail.
    serde_json::to_vec(facts).unwrap_or_default()
}

fn decode_facts(bytes: &[u8], id: &str) -> anyhow::Result<CaseFacts> {
    if bytes.is_empty() {
        return Ok(CaseFacts::default());
    }
    serde_json::from_slice(bytes).with_context(|| {
        format!("the stored case facts of record {id:?} cannot be read; re-ingest it")
    })
}

/// The engine and rule set ingest's hook uses.
pub(crate) struct IngestRules {
    engine: Engine,
    rules: RuleSet,
}

impl IngestRules {
    /// The active rules of `pack`.
    pub(crate) fn new(pack: &RulePack) -> IngestRules {
        IngestRules {
            engine: Engine::new(pack),
            rules: rule_set(pack),
        }
    }

    /// Analyses a record as review would.
    pub(crate) fn analyse(&self, record: &jamkoll_index::Record) -> Analysis {
        let area = area_or_empty(record.area.as_ref());
        analyse(&self.engine, &record.text, record.client_gender, &area)
    }

    /// The ingest hook over `analyse` (a closure calling [`IngestRules::analyse`]).
    pub(crate) fn hook<'a>(
        &self,
        analyse: &'a (dyn Fn(&jamkoll_index::Record) -> Analysis + Sync),
    ) -> Analyzer<'a> {
        Analyzer {
            rules: self.rules.clone(),
            analyse,
        }
    }
}

/// How one stored rule set relates to today's pack.
struct Plan {
    /// Rules whose stored findings and facts stay.
    keep: HashSet<String>,
    /// The changed and new rules other than absence, or `None` when there are none.
    engine: Option<Engine>,
    /// The documents `engine` must run on (`None`: every document).
    candidates: Option<HashSet<DocRef>>,
    /// The changed and new absence rules, or `None`.
    absence: Option<Engine>,
}

/// What review tells the user about stored findings.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Documents whose text was read to recompute changed rules.
    pub recomputed_docs: u64,
    /// Documents with nothing stored: the whole pack ran on their text.
    pub unstored: u64,
    /// Rules recomputed (changed or new), over all stored rule sets.
    pub recomputed_rules: BTreeSet<String>,
    /// Stored rules the pack no longer has (their findings are dropped).
    pub removed_rules: BTreeSet<String>,
}

impl Tally {
    /// The notice review prints on standard error (nothing when all was stored and current).
    pub(crate) fn notice(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.recomputed_rules.is_empty() || !self.removed_rules.is_empty() {
            out.push(format!(
                "the rule pack differs from the one ingest ran: {} rule(s) recomputed ({}) on {} document(s), findings of {} removed rule(s) dropped; `jamkoll ingest` of the same files stores the new findings",
                self.recomputed_rules.len(),
                self.recomputed_rules.iter().cloned().collect::<Vec<_>>().join(", "),
                self.recomputed_docs,
                self.removed_rules.len(),
            ));
        }
        if self.unstored > 0 {
            out.push(format!(
                "{} document(s) have no stored findings (ingested without rules or by an older jamkoll): the rules ran on their text; re-ingest them to make review fast",
                self.unstored
            ));
        }
        out
    }
}

/// The engine a review runs: the caller's, or one compiled on first need.
enum EngineSource<'a> {
    Given(&'a Engine),
    Lazy(Box<OnceLock<Engine>>),
}

/// Streams every document's summary, with today's findings, to `sink`.
pub(crate) struct Reviewer<'a> {
    index: &'a Index,
    pack: &'a RulePack,
    engine: EngineSource<'a>,
    /// The active absence rules alone (case facts and case findings), compiled on first need.
    absence_engine: OnceLock<Engine>,
    filters: Filters,
    searcher: Searcher,
    stored: Option<StoredRules>,
    current: BTreeMap<String, String>,
    plans: HashMap<String, Plan>,
    has_absence: bool,
    removed_rules: BTreeSet<String>,
    recomputed_rules: BTreeSet<String>,
    recomputed_docs: AtomicU64,
    unstored_docs: AtomicU64,
}

/// One document's findings and what else review needs of it.
struct Analysed {
    doc: DocRef,
    summary: DocSummary,
}

/// A document's place in the index (for excerpts) and its summary.
pub(crate) type Summarised = (DocRef, DocSummary);

/// A summary with the number of documents of its case (0: unknown), for
/// `Aggregator::push_counted`.
pub(crate) type Counted = (DocRef, DocSummary, u32);

/// A case-level fact of one document: unit, case id, document id, facts.
type DocFacts = (String, String, String, CaseFacts);

/// The summaries of every admitted document, a batch at a time (see [`Reviewer::start`]).
pub(crate) struct Batches<'a> {
    reviewer: Reviewer<'a>,
    docs: jamkoll_index::Documents,
    case_findings: HashMap<String, Vec<Finding>>,
}

impl Batches<'_> {
    /// The next batch of summaries (with each document's place in the index, for excerpts),
    /// analysed in parallel; empty at the end. `None` for a document the filters leave out.
    pub(crate) fn next_batch(&mut self) -> anyhow::Result<Vec<anyhow::Result<Option<Summarised>>>> {
        Ok(self
            .next_counted()?
            .into_iter()
            .map(|r| r.map(|o| o.map(|(doc, summary, _)| (doc, summary))))
            .collect())
    }

    /// [`Batches::next_batch`] with each document's case size.
    pub(crate) fn next_counted(&mut self) -> anyhow::Result<Vec<anyhow::Result<Option<Counted>>>> {
        let batch: Vec<DocumentMeta> = self.docs.by_ref().take(BATCH).collect::<Result<_, _>>()?;
        let reviewer = &self.reviewer;
        let case_findings = &self.case_findings;
        Ok(batch
            .into_par_iter()
            .map(|meta| {
                let size = meta.case_documents;
                let Some(Analysed { doc, mut summary }) = reviewer.summarise(meta)? else {
                    return Ok(None);
                };
                if let Some(extra) = case_findings.get(&summary.id) {
                    summary.findings.extend(extra.iter().cloned());
                    sort_findings(&mut summary.findings);
                }
                Ok(Some((doc, summary, size)))
            })
            .collect())
    }

    /// The searcher the documents are read through (read their texts through it too).
    pub(crate) fn searcher(&self) -> &Searcher {
        &self.reviewer.searcher
    }

    /// Says on standard error (unless `quiet`) which rules were recomputed and which documents
    /// had nothing stored.
    pub(crate) fn tell(&self, quiet: bool) {
        if quiet {
            return;
        }
        for line in self.reviewer.tally().notice() {
            eprintln!("jamkoll: note: {line}");
        }
    }
}

impl<'a> Reviewer<'a> {
    /// A reviewer of `index` with today's `pack` and its `engine`.
    pub(crate) fn new(
        index: &'a Index,
        pack: &'a RulePack,
        engine: &'a Engine,
        filters: &Filters,
    ) -> anyhow::Result<Reviewer<'a>> {
        Reviewer::with_engine(index, pack, EngineSource::Given(engine), filters)
    }

    /// A reviewer that compiles the pack's engine only if a document needs the whole pack run
    /// on its text (one ingested without rules).
    pub(crate) fn lazy(
        index: &'a Index,
        pack: &'a RulePack,
        filters: &Filters,
    ) -> anyhow::Result<Reviewer<'a>> {
        Reviewer::with_engine(index, pack, EngineSource::Lazy(Box::default()), filters)
    }

    fn with_engine(
        index: &'a Index,
        pack: &'a RulePack,
        engine: EngineSource<'a>,
        filters: &Filters,
    ) -> anyhow::Result<Reviewer<'a>> {
        let current: BTreeMap<String, String> = rule_set(pack)
            .rules
            .into_iter()
            .map(|r| (r.id, r.hash))
            .collect();
        let has_absence = pack
            .rules()
            .iter()
            .any(|r| r.kind == Kind::Absence && current.contains_key(&r.id));
        Ok(Reviewer {
            index,
            pack,
            engine,
            absence_engine: OnceLock::new(),
            filters: filters.clone(),
            searcher: index.searcher()?,
            stored: index.stored_rules()?,
            current,
            plans: HashMap::new(),
            has_absence,
            removed_rules: BTreeSet::new(),
            recomputed_rules: BTreeSet::new(),
            recomputed_docs: AtomicU64::new(0),
            unstored_docs: AtomicU64::new(0),
        })
    }

    /// The whole active pack.
    fn engine(&self) -> &Engine {
        match &self.engine {
            EngineSource::Given(e) => e,
            EngineSource::Lazy(cell) => cell.get_or_init(|| Engine::new(self.pack)),
        }
    }

    /// The active absence rules (what case facts and case findings need).
    fn absence_engine(&self) -> &Engine {
        self.absence_engine.get_or_init(|| {
            Engine::with_filter(self.pack, |r| {
                r.kind == Kind::Absence && self.current.contains_key(&r.id)
            })
        })
    }

    /// What was stored, recomputed and dropped so far.
    fn tally(&self) -> Tally {
        Tally {
            recomputed_docs: self.recomputed_docs.load(Ordering::Relaxed),
            unstored: self.unstored_docs.load(Ordering::Relaxed),
            recomputed_rules: self.recomputed_rules.clone(),
            removed_rules: self.removed_rules.clone(),
        }
    }

    /// Plans the review (pass one, case-level absence of cases with several documents,
    /// included) and returns the stream of document summaries (pass two), each with its case
    /// size.
    pub(crate) fn start(mut self) -> anyhow::Result<Batches<'a>> {
        self.make_plans()?;
        let case_findings = self.case_findings()?;
        let docs = self
            .index
            .documents_in(self.searcher.clone())?
            .with_case_sizes()?;
        Ok(Batches {
            reviewer: self,
            docs,
            case_findings,
        })
    }

    /// One plan per stored rule set.
    fn make_plans(&mut self) -> anyhow::Result<()> {
        let Some(stored) = &self.stored else {
            return Ok(());
        };
        let mut removed_rules = BTreeSet::new();
        let mut recomputed_rules = BTreeSet::new();
        for (id, set) in &stored.sets {
            let old = set.hashes();
            let keep: HashSet<String> = self
                .current
                .iter()
                .filter(|(r, h)| old.get(r.as_str()) == Some(&h.as_str()))
                .map(|(r, _)| r.clone())
                .collect();
            let changed: Vec<&Rule> = self
                .pack
                .rules()
                .iter()
                .filter(|r| self.current.contains_key(&r.id) && !keep.contains(&r.id))
                .collect();
            removed_rules.extend(
                old.keys()
                    .filter(|r| !self.current.contains_key(**r))
                    .map(|r| r.to_string()),
            );
            recomputed_rules.extend(changed.iter().map(|r| r.id.clone()));
            let lexical: HashSet<&str> = changed
                .iter()
                .filter(|r| r.kind != Kind::Absence)
                .map(|r| r.id.as_str())
                .collect();
            let absence: HashSet<&str> = changed
                .iter()
                .filter(|r| r.kind == Kind::Absence)
                .map(|r| r.id.as_str())
                .collect();
            let candidates = if lexical.is_empty() {
                None
            } else {
                self.candidates(changed.iter().filter(|r| lexical.contains(r.id.as_str())))?
            };
            let plan = Plan {
                engine: (!lexical.is_empty())
                    .then(|| Engine::with_filter(self.pack, |r| lexical.contains(r.id.as_str()))),
                candidates,
                absence: (!absence.is_empty())
                    .then(|| Engine::with_filter(self.pack, |r| absence.contains(r.id.as_str()))),
                keep,
            };
            self.plans.insert(id.clone(), plan);
        }
        self.removed_rules = removed_rules;
        self.recomputed_rules = recomputed_rules;
        Ok(())
    }

    /// The documents that may hold a finding of one of `rules`: those with one of their
    /// anchor forms, by the inverted index; `None` (every document) when a rule has no anchor
    /// or a compound-head anchor (a word's tail is not a term of the index).
    fn candidates<'r>(
        &self,
        rules: impl Iterator<Item = &'r &'r Rule>,
    ) -> anyhow::Result<Option<HashSet<DocRef>>> {
        let mut forms = Vec::new();
        for rule in rules {
            let Some(anchors) = rule.cue_anchors() else {
                return Ok(None);
            };
            if anchors.iter().any(|a| a.compound) {
                return Ok(None);
            }
            forms.extend(anchors.into_iter().map(|a| a.form));
        }
        Ok(self.index.docs_with_any_form(&self.searcher, &forms)?)
    }

    /// The stored analysis of a document and its plan, if both exist.
    fn plan_of<'p>(&'p self, stored: Option<&'p StoredInfo>) -> Option<(&'p StoredInfo, &'p Plan)> {
        let info = stored?;
        Some((info, self.plans.get(&info.rule_set)?))
    }

    /// Today's case facts of a document: stored facts of unchanged rules, changed absence
    /// rules recomputed on the text, or everything from the text when nothing is stored.
    fn facts(
        &self,
        stored: Option<&StoredInfo>,
        doc: DocRef,
        summary: &DocSummary,
    ) -> anyhow::Result<CaseFacts> {
        let from_text = |engine: &Engine| -> anyhow::Result<CaseFacts> {
            let text = self.text(doc, &summary.id)?;
            Ok(engine.case_facts(&Doc {
                text: &text,
                client_gender: summary.client_gender,
                area: Some(&summary.area),
            }))
        };
        let Some((info, plan)) = self.plan_of(stored) else {
            return from_text(self.absence_engine());
        };
        let mut facts = decode_facts(&info.facts, &summary.id)?;
        facts.rules.retain(|id, _| plan.keep.contains(id));
        if let Some(engine) = &plan.absence {
            facts.rules.extend(from_text(engine)?.rules);
        }
        Ok(facts)
    }

    /// Pass one: the absence findings of every case with several documents, by the id of the
    /// document they are anchored in. A document that is its own case gets its case findings
    /// in pass two, from its own facts.
    fn case_findings(&self) -> anyhow::Result<HashMap<String, Vec<Finding>>> {
        if !self.has_absence {
            return Ok(HashMap::new());
        }
        let mut cases: BTreeMap<(String, String), CaseTally<String>> = BTreeMap::new();
        let mut docs = self
            .index
            .documents_in(self.searcher.clone())?
            .shared_cases_only()?;
        loop {
            let batch: Vec<DocumentMeta> = docs.by_ref().take(BATCH).collect::<Result<_, _>>()?;
            if batch.is_empty() {
                break;
            }
            let facts: Vec<anyhow::Result<Option<DocFacts>>> = batch
                .into_par_iter()
                .map(|mut meta| {
                    let stored = meta.stored.take();
                    let doc = meta.doc;
                    let summary = base_summary(meta);
                    if !self.filters.admits(&summary) {
                        return Ok(None);
                    }
                    let f = self.facts(stored.as_ref(), doc, &summary)?;
                    Ok((!f.is_empty()).then_some((summary.unit, summary.case_id, summary.id, f)))
                })
                .collect();
            for f in facts {
                if let Some((unit, case, id, facts)) = f? {
                    cases.entry((unit, case)).or_default().add(id, &facts);
                }
            }
        }
        let mut out: HashMap<String, Vec<Finding>> = HashMap::new();
        for tally in cases.into_values() {
            for (doc, finding) in self.absence_engine().case_findings(&tally) {
                out.entry(doc).or_default().push(finding);
            }
        }
        Ok(out)
    }

    fn text(&self, doc: DocRef, id: &str) -> anyhow::Result<String> {
        self.index
            .text_in(&self.searcher, doc)
            .with_context(|| format!("reading the text of record {id:?} from the index"))
    }

    /// Pass two: one document's summary with today's findings, or `None` when the filters
    /// leave it out. A document that is its own case gets its case-level findings here.
    fn summarise(&self, mut meta: DocumentMeta) -> anyhow::Result<Option<Analysed>> {
        let stored = meta.stored.take();
        let stored_findings = std::mem::take(&mut meta.findings);
        let (doc, own_case) = (meta.doc, meta.case_documents == 1);
        let mut summary = base_summary(meta);
        if !self.filters.admits(&summary) {
            return Ok(None);
        }
        match self.plan_of(stored.as_ref()) {
            None => {
                let text = self.text(doc, &summary.id)?;
                let a = analyse(self.engine(), &text, summary.client_gender, &summary.area);
                summary.findings = a.findings;
                summary.mentions = mentions(a.mentions);
                self.unstored_docs.fetch_add(1, Ordering::Relaxed);
            }
            Some((info, plan)) => {
                summary.mentions = mentions(info.mentions);
                summary.findings = stored_findings;
                summary.findings.retain(|f| plan.keep.contains(&f.rule));
                let run = plan
                    .engine
                    .as_ref()
                    .filter(|_| plan.candidates.as_ref().is_none_or(|c| c.contains(&doc)));
                if let Some(engine) = run {
                    let text = self.text(doc, &summary.id)?;
                    summary.findings.extend(engine.check(&Doc {
                        text: &text,
                        client_gender: summary.client_gender,
                        area: Some(&summary.area),
                    }));
                    sort_findings(&mut summary.findings);
                    self.recomputed_docs.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        if own_case && self.has_absence {
            let facts = self.facts(stored.as_ref(), doc, &summary)?;
            if !facts.is_empty() {
                let tally = CaseTally::of(summary.id.clone(), &facts);
                let found = self.absence_engine().case_findings(&tally);
                if !found.is_empty() {
                    summary.findings.extend(found.into_iter().map(|(_, f)| f));
                    sort_findings(&mut summary.findings);
                }
            }
        }
        Ok(Some(Analysed { doc, summary }))
    }
}

/// A document's summary from its metadata, without findings or mentions.
fn base_summary(meta: DocumentMeta) -> DocSummary {
    DocSummary {
        id: meta.id,
        unit: meta.unit,
        case_id: meta.case_id,
        client_gender: meta.gender,
        area: meta.area.unwrap_or_else(|| Area::new("")),
        document_type: meta.document_type,
        date: meta.date.map(|d| d.to_string()),
        decision: meta.decision.and_then(|d| d.as_str().parse().ok()),
        amount: meta.amount,
        words: meta.words,
        findings: Vec::new(),
        mentions: SubjectMentions::default(),
        dismissed: 0,
    }
}

fn mentions(m: [u64; 4]) -> SubjectMentions {
    SubjectMentions {
        kvinna: m[0],
        man: m[1],
        flicka: m[2],
        pojke: m[3],
    }
}

/// The engine's order: by sentence, then cue, then rule (stable, so one rule's findings keep
/// their order).
fn sort_findings(list: &mut [Finding]) {
    list.sort_by(|a, b| {
        (a.sentence.start, a.span.start, &a.rule).cmp(&(b.sentence.start, b.span.start, &b.rule))
    });
}
