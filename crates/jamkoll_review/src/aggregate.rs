//! Streaming aggregation: documents go in one at a time, only counts and a few excerpt
//! candidates (document id and spans) stay in memory.
//!
//! Every figure of a review is a per-gender count of cases with some property, or a sum over
//! cases, so a case is folded into its unit's [`Folded`] tables as soon as all its documents are
//! in ([`Aggregator::push_counted`]); a document that is its own case never enters a map. Only
//! cases still waiting for documents are kept whole, and [`Aggregator::finish`] folds those.
//! Rows (categories and rules) are interned as [`KeyId`]s, so counting a finding allocates
//! nothing.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use jamkoll_core::{Area, Category, DutyDomain, Finding, Gender, Role, Scope, Span, Subject};

use crate::input::{Decision, DocSummary, RuleInfo, Settings};

/// What a row of the language table counts: a whole category or one rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    Category(Category),
    Rule(String),
}

/// A row's index in [`Aggregator::keys`]: the categories first (in the order of
/// `Category::ALL`), then each rule as it is first seen.
pub(crate) type KeyId = usize;

/// On whom a duty is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Bearer {
    Mother,
    Father,
    Woman,
    Man,
}

impl Bearer {
    pub(crate) const ALL: [Bearer; 4] =
        [Bearer::Mother, Bearer::Father, Bearer::Woman, Bearer::Man];

    fn of(f: &Finding) -> Option<Bearer> {
        match (f.role, f.subject.gender()) {
            (Some(Role::Mother), _) => Some(Bearer::Mother),
            (Some(Role::Father), _) => Some(Bearer::Father),
            (_, Gender::Kvinna) => Some(Bearer::Woman),
            (_, Gender::Man) => Some(Bearer::Man),
            _ => None,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Index of a duty domain in [`Folded::duties`]: `None` first, then `DutyDomain::ALL` in order
/// (the order of `Option<DutyDomain>`).
pub(crate) fn di(d: Option<DutyDomain>) -> usize {
    d.and_then(|d| DutyDomain::ALL.iter().position(|x| *x == d))
        .map_or(0, |i| i + 1)
}

/// The duty domain of index `i` (see [`di`]).
pub(crate) fn domain_of(i: usize) -> Option<DutyDomain> {
    i.checked_sub(1)
        .and_then(|i| DutyDomain::ALL.get(i).copied())
}

/// Index of a category in `Category::ALL`.
pub(crate) fn ci(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// The subjects a report compares, in order.
pub(crate) const SUBJECTS: [Subject; 4] = [
    Subject::Kvinna,
    Subject::Man,
    Subject::Flicka,
    Subject::Pojke,
];

/// Index of a gender in `[u64; 4]` arrays (the order of `Gender::ALL`).
pub(crate) fn gi(g: Gender) -> usize {
    match g {
        Gender::Kvinna => 0,
        Gender::Man => 1,
        Gender::Annat => 2,
        Gender::Okant => 3,
    }
}

/// One case whose documents are not all counted yet (or the one document of a case, while it
/// is counted). Small vectors: a case has few distinct rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct CaseAgg {
    /// Documents counted.
    docs: u32,
    /// Bit i set when a document of the case has the gender with index i.
    genders: u8,
    words: u64,
    /// Asserted findings per row.
    hits: Vec<(KeyId, u64)>,
    /// Mentions of woman, man, girl, boy.
    mentions: [u64; 4],
    /// Asserted findings per (category index, subject index).
    subject_hits: Vec<((usize, usize), u64)>,
    /// Asserted duties by (domain index, bearer index), each once.
    duties: Vec<(usize, usize)>,
}

impl CaseAgg {
    /// The case's gender: the one its documents agree on, else unknown.
    pub(crate) fn gender(&self) -> Gender {
        match self.genders {
            0b0001 => Gender::Kvinna,
            0b0010 => Gender::Man,
            0b0100 => Gender::Annat,
            _ => Gender::Okant,
        }
    }

    fn clear(&mut self) {
        self.docs = 0;
        self.genders = 0;
        self.words = 0;
        self.hits.clear();
        self.mentions = [0; 4];
        self.subject_hits.clear();
        self.duties.clear();
    }
}

/// Adds `n` to the count of `key` in a small map.
fn bump<K: PartialEq>(list: &mut Vec<(K, u64)>, key: K, n: u64) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some((_, v)) => *v += n,
        None => list.push((key, n)),
    }
}

/// Cases of one row and the findings in them, by case gender.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hits {
    pub(crate) cases: [u64; 4],
    pub(crate) findings: [u64; 4],
}

impl Hits {
    /// Whether any case has the row (a row is listed only then).
    pub(crate) fn any(&self) -> bool {
        self.cases.iter().any(|&c| c > 0)
    }
}

/// A unit's cases folded into per-gender counts of cases and sums: everything `finish` and
/// the counts document need of them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    /// Cases by case gender.
    pub(crate) cases: [u64; 4],
    /// Words in the cases of each gender.
    pub(crate) words: [u64; 4],
    /// Per row ([`KeyId`]).
    pub(crate) hits: Vec<Hits>,
    /// Per subject: cases that mention one, and the mentions.
    pub(crate) mentions: [(u64, u64); 4],
    /// Per category index and subject index: cases with an asserted finding about one, and the
    /// findings.
    pub(crate) subjects: Vec<[(u64, u64); 4]>,
    /// Per domain index ([`di`]) and bearer: cases with such an asserted duty.
    pub(crate) duties: Vec<[u64; 4]>,
}

impl Folded {
    /// The row `key`'s counts, growing the table when needed.
    pub(crate) fn hits_mut(&mut self, key: KeyId) -> &mut Hits {
        if self.hits.len() <= key {
            self.hits.resize(key + 1, Hits::default());
        }
        &mut self.hits[key]
    }

    /// The row `key`'s counts (zero when no case has it).
    pub(crate) fn hits(&self, key: KeyId) -> Hits {
        self.hits.get(key).copied().unwrap_or_default()
    }

    pub(crate) fn subjects_mut(&mut self, category: usize) -> &mut [(u64, u64); 4] {
        if self.subjects.len() <= category {
            self.subjects.resize(category + 1, [(0, 0); 4]);
        }
        &mut self.subjects[category]
    }

    pub(crate) fn duties_mut(&mut self, domain: usize) -> &mut [u64; 4] {
        if self.duties.len() <= domain {
            self.duties.resize(domain + 1, [0; 4]);
        }
        &mut self.duties[domain]
    }

    fn add(&mut self, case: &CaseAgg) {
        let g = gi(case.gender());
        self.cases[g] += 1;
        self.words[g] += case.words;
        for &(key, n) in &case.hits {
            let h = self.hits_mut(key);
            h.cases[g] += 1;
            h.findings[g] += n;
        }
        for (slot, &n) in self.mentions.iter_mut().zip(&case.mentions) {
            slot.0 += u64::from(n > 0);
            slot.1 += n;
        }
        for &((c, s), n) in &case.subject_hits {
            let e = &mut self.subjects_mut(c)[s];
            e.0 += 1;
            e.1 += n;
        }
        for &(d, b) in &case.duties {
            self.duties_mut(d)[b] += 1;
        }
    }
}

/// A passage that may be shown as an excerpt, ranked by a hash so the choice does not depend on
/// the order documents arrive in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Candidate {
    pub(crate) rank: u64,
    pub(crate) doc: String,
    pub(crate) sentence: Span,
    pub(crate) cue: Span,
    /// The row of the finding's rule (for the discussion material's questions).
    pub(crate) rule: KeyId,
}

/// How many candidates are kept per unit, row and gender (more than are shown, since the
/// identifier gate may refuse some).
const CANDIDATES: usize = 8;

/// Everything counted for one unit.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitAgg {
    pub(crate) documents: [u64; 4],
    pub(crate) areas: BTreeMap<Area, [u64; 4]>,
    pub(crate) types: BTreeMap<Option<String>, [u64; 4]>,
    pub(crate) decisions: BTreeMap<Decision, [u64; 4]>,
    pub(crate) amounts: [Vec<f64>; 4],
    /// The cases counted whole.
    pub(crate) folded: Folded,
    /// Cases still waiting for documents, by case id.
    pub(crate) open: HashMap<String, CaseAgg>,
    /// Excerpt candidates per row and document gender (index `key * 4 + gi(gender)`).
    pub(crate) candidates: Vec<Vec<Candidate>>,
    /// With `Settings::discussion`: excerpt candidates per category and subject (index
    /// `ci(category) * 4 + subject index`), and per duty domain and bearer (`di(domain) * 4 +
    /// bearer`), for the differences of the subject and responsibility tables.
    pub(crate) subject_candidates: Vec<Vec<Candidate>>,
    pub(crate) duty_candidates: Vec<Vec<Candidate>>,
    /// Asserted findings dismissed at triage and left out ([`DocSummary::dismissed`]).
    pub(crate) dismissed: u64,
}

impl UnitAgg {
    /// The excerpt candidates of a row for documents of gender `g`.
    pub(crate) fn candidates(&self, key: KeyId, g: Gender) -> &[Candidate] {
        self.candidates
            .get(key * 4 + gi(g))
            .map_or(&[], Vec::as_slice)
    }

    /// The excerpt candidates of findings of `category` about subject `s` (index in
    /// [`SUBJECTS`]); empty unless the review chooses discussion material.
    pub(crate) fn subject_candidates(&self, category: Category, s: usize) -> &[Candidate] {
        self.subject_candidates
            .get(ci(category) * 4 + s)
            .map_or(&[], Vec::as_slice)
    }

    /// The excerpt candidates of duties of `domain` placed on `bearer`; empty unless the
    /// review chooses discussion material.
    pub(crate) fn duty_candidates(
        &self,
        domain: Option<DutyDomain>,
        bearer: Bearer,
    ) -> &[Candidate] {
        self.duty_candidates
            .get(di(domain) * 4 + bearer.index())
            .map_or(&[], Vec::as_slice)
    }

    /// Folds every case still open (at the end, when no more documents come).
    pub(crate) fn fold_open(&mut self) {
        let mut open: Vec<(String, CaseAgg)> = std::mem::take(&mut self.open).into_iter().collect();
        // Folding adds up, so the order does not change a count; sorted for reproducibility.
        open.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, case) in &open {
            self.folded.add(case);
        }
    }
}

/// Counts documents as they stream past. Create with [`Aggregator::new`], feed with
/// [`Aggregator::push`] (or [`Aggregator::push_counted`]), and turn into a report with
/// [`Aggregator::finish`].
#[derive(Debug, Clone)]
pub struct Aggregator {
    pub(crate) settings: Settings,
    pub(crate) rules: BTreeMap<String, RuleInfo>,
    /// The category of every rule seen, from the pack or from its findings.
    pub(crate) rule_category: BTreeMap<String, Category>,
    /// Every row by [`KeyId`].
    pub(crate) keys: Vec<Key>,
    /// The [`KeyId`] of each rule row.
    pub(crate) rule_keys: HashMap<String, KeyId>,
    pub(crate) units: BTreeMap<String, UnitAgg>,
    pub(crate) fingerprint: u64,
    pub(crate) documents: u64,
    pub(crate) skipped: u64,
    /// Reused per document: the case of a document that is its own case, and text buffers for
    /// the fingerprint.
    scratch: CaseAgg,
    hash_pieces: String,
    hash_parts: Vec<(usize, usize)>,
}

impl Aggregator {
    /// An empty aggregation for a review with these rules and settings.
    pub fn new(rules: &[RuleInfo], settings: &Settings) -> Aggregator {
        let rule_category = rules.iter().map(|r| (r.id.clone(), r.category)).collect();
        Aggregator {
            settings: settings.clone(),
            rules: rules.iter().map(|r| (r.id.clone(), r.clone())).collect(),
            rule_category,
            keys: Category::ALL.iter().map(|c| Key::Category(*c)).collect(),
            rule_keys: HashMap::new(),
            units: BTreeMap::new(),
            fingerprint: 0,
            documents: 0,
            skipped: 0,
            scratch: CaseAgg::default(),
            hash_pieces: String::new(),
            hash_parts: Vec::new(),
        }
    }

    /// The row of rule `id`, interned on first sight with its category from the pack, else
    /// `category` (the category of its first finding). Returns the row and the rule's category.
    pub(crate) fn rule_key(&mut self, id: &str, category: Category) -> (KeyId, Category) {
        let known = self.rule_keys.get(id).copied();
        let key = match known {
            Some(k) => k,
            None => {
                self.keys.push(Key::Rule(id.to_string()));
                let k = self.keys.len() - 1;
                self.rule_keys.insert(id.to_string(), k);
                k
            }
        };
        let category = match self.rule_category.get(id) {
            Some(c) => *c,
            None => {
                self.rule_category.insert(id.to_string(), category);
                category
            }
        };
        (key, category)
    }

    /// The row of an existing rule, if any document had a finding of it.
    pub(crate) fn key_of_rule(&self, id: &str) -> Option<KeyId> {
        self.rule_keys.get(id).copied()
    }

    /// Counts one document, unless the filters leave it out. Returns whether it was counted.
    ///
    /// The document's case stays open until [`Aggregator::finish`], since more of its
    /// documents may follow; use [`Aggregator::push_counted`] when the case's size is known.
    pub fn push(&mut self, doc: DocSummary) -> bool {
        self.push_counted(doc, 0)
    }

    /// [`Aggregator::push`] for a document whose case has `case_documents` documents in all
    /// (0: unknown). When that many of the case's documents have been pushed, the case is
    /// folded into its unit's counts and forgotten, so a document that is its own case (1)
    /// never enters a map. The caller must not push more documents of a case than it said.
    pub fn push_counted(&mut self, doc: DocSummary, case_documents: u32) -> bool {
        if !self.settings.filters.admits(&doc) {
            self.skipped += 1;
            return false;
        }
        self.documents += 1;
        self.fingerprint = self.fingerprint.wrapping_add(self.doc_hash(&doc));
        let g = gi(doc.client_gender);
        let mut case = std::mem::take(&mut self.scratch);
        case.clear();
        case.docs = 1;
        case.genders = 1 << g;
        case.words = doc.words;
        let m = doc.mentions;
        case.mentions = [m.kvinna, m.man, m.flicka, m.pojke];
        // (row, the finding's rule row, finding).
        let mut offers: Vec<(KeyId, KeyId, &Finding)> = Vec::new();
        // For discussion material: (slot in subject_candidates or duty_candidates, rule row,
        // finding).
        let mut subject_offers: Vec<(usize, KeyId, &Finding)> = Vec::new();
        let mut duty_offers: Vec<(usize, KeyId, &Finding)> = Vec::new();
        let discussion = self.settings.discussion;
        for f in doc.findings.iter().filter(|f| f.scope == Scope::Asserted) {
            let (rule, category) = self.rule_key(&f.rule, f.category);
            let cat = ci(category);
            for key in [cat, rule] {
                bump(&mut case.hits, key, 1);
                offers.push((key, rule, f));
            }
            if let Some(s) = SUBJECTS.iter().position(|s| *s == f.subject) {
                bump(&mut case.subject_hits, (cat, s), 1);
                if discussion {
                    subject_offers.push((cat * 4 + s, rule, f));
                }
            }
            if category == Category::Ansvar
                && let Some(b) = Bearer::of(f)
            {
                let d = (di(f.domain), b.index());
                if !case.duties.contains(&d) {
                    case.duties.push(d);
                }
                if discussion {
                    duty_offers.push((d.0 * 4 + d.1, rule, f));
                }
            }
        }
        let unit = match self.units.get_mut(&doc.unit) {
            Some(u) => u,
            None => self.units.entry(doc.unit.clone()).or_default(),
        };
        unit.documents[g] += 1;
        unit.dismissed += doc.dismissed;
        match unit.areas.get_mut(&doc.area) {
            Some(c) => c[g] += 1,
            None => unit.areas.entry(doc.area.clone()).or_default()[g] += 1,
        }
        let doc_type = doc
            .document_type
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase);
        unit.types.entry(doc_type).or_default()[g] += 1;
        if let Some(d) = doc.decision {
            unit.decisions.entry(d).or_default()[g] += 1;
        }
        if let Some(a) = doc.amount.filter(|a| a.is_finite()) {
            unit.amounts[g].push(a);
        }
        for (key, rule, f) in offers {
            offer_at(&mut unit.candidates, key * 4 + g, &doc.id, rule, f);
        }
        for (slot, rule, f) in subject_offers {
            offer_at(&mut unit.subject_candidates, slot, &doc.id, rule, f);
        }
        for (slot, rule, f) in duty_offers {
            offer_at(&mut unit.duty_candidates, slot, &doc.id, rule, f);
        }
        if case_documents == 1 && !unit.open.contains_key(&doc.case_id) {
            unit.folded.add(&case);
        } else {
            let open = match unit.open.get_mut(&doc.case_id) {
                Some(o) => o,
                None => unit.open.entry(doc.case_id.clone()).or_default(),
            };
            merge_case(open, &case);
            if case_documents > 0
                && open.docs >= case_documents
                && let Some(done) = unit.open.remove(&doc.case_id)
            {
                unit.folded.add(&done);
            }
        }
        self.scratch = case;
        true
    }

    /// The document's contribution to the corpus fingerprint: FNV-1a over its id and a line of
    /// its metadata and sorted findings (the line is hashed as it is written, not stored).
    fn doc_hash(&mut self, doc: &DocSummary) -> u64 {
        let (pieces, parts) = (&mut self.hash_pieces, &mut self.hash_parts);
        pieces.clear();
        parts.clear();
        for f in &doc.findings {
            let start = pieces.len();
            // Writing into a String cannot fail.
            let _ = write!(
                pieces,
                "{}:{}:{}:{}",
                f.rule, f.scope, f.span.start, f.span.end
            );
            parts.push((start, pieces.len()));
        }
        parts.sort_by(|a, b| pieces[a.0..a.1].cmp(&pieces[b.0..b.1]));
        let mut h = Fnv::new();
        h.feed(doc.id.as_bytes());
        h.end_part();
        h.feed(doc.unit.as_bytes());
        h.feed(b"|");
        h.feed(doc.case_id.as_bytes());
        // Hashing cannot fail.
        let _ = write!(
            h,
            "|{}|{}|{}|{:?}|{:?}|{:?}|{:?}|",
            doc.client_gender,
            doc.area,
            doc.words,
            doc.document_type,
            doc.date,
            doc.decision,
            doc.amount,
        );
        for (i, &(a, b)) in parts.iter().enumerate() {
            if i > 0 {
                h.feed(b",");
            }
            h.feed(&pieces.as_bytes()[a..b]);
        }
        h.end_part();
        h.0
    }
}

/// Adds one document's counts (`part`, a case of one document) to an open case.
fn merge_case(case: &mut CaseAgg, part: &CaseAgg) {
    case.docs += part.docs;
    case.genders |= part.genders;
    case.words += part.words;
    for &(k, n) in &part.hits {
        bump(&mut case.hits, k, n);
    }
    for (slot, add) in case.mentions.iter_mut().zip(part.mentions) {
        *slot += add;
    }
    for &(k, n) in &part.subject_hits {
        bump(&mut case.subject_hits, k, n);
    }
    for &d in &part.duties {
        if !case.duties.contains(&d) {
            case.duties.push(d);
        }
    }
}

/// [`offer`] to the list at `slot`, growing the table when needed.
fn offer_at(lists: &mut Vec<Vec<Candidate>>, slot: usize, doc: &str, rule: KeyId, f: &Finding) {
    if lists.len() <= slot {
        lists.resize_with(slot + 1, Vec::new);
    }
    offer(&mut lists[slot], doc, rule, f);
}

/// Keeps the `CANDIDATES` lowest-ranked passages, at most one per document. Allocates only
/// for a passage that is kept.
fn offer(list: &mut Vec<Candidate>, doc: &str, rule: KeyId, f: &Finding) {
    let rank = fnv(&[
        doc.as_bytes(),
        &f.sentence.start.to_le_bytes(),
        &f.span.start.to_le_bytes(),
    ]);
    let new = (rank, doc, f.sentence, f.span);
    let below = |c: &Candidate| new < (c.rank, c.doc.as_str(), c.sentence, c.cue);
    let make = || Candidate {
        rank,
        doc: doc.to_string(),
        sentence: f.sentence,
        cue: f.span,
        rule,
    };
    if let Some(existing) = list.iter_mut().find(|c| c.doc == doc) {
        if !below(existing) {
            return;
        }
        *existing = make();
    } else if list.len() < CANDIDATES || list.last().is_some_and(below) {
        list.push(make());
    } else {
        return;
    }
    list.sort();
    list.truncate(CANDIDATES);
}

/// FNV-1a over byte strings (stable across platforms and versions, unlike std's hasher).
pub(crate) fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h = Fnv::new();
    for part in parts {
        h.feed(part);
        h.end_part();
    }
    h.0
}

/// The state of [`fnv`], fed piece by piece (also through `write!`, so a formatted line is
/// hashed without being stored).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The separator after each part, so ("ab", "c") and ("a", "bc") differ.
    fn end_part(&mut self) {
        self.feed(&[0xff]);
    }
}

impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.feed(s.as_bytes());
        Ok(())
    }
}
