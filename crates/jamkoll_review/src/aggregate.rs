//! Streaming aggregation: documents go in one at a time, only counts and a few excerpt
//! candidates (document id and spans) stay in memory.

use std::collections::{BTreeMap, BTreeSet};

use jamkoll_core::{Area, Category, DutyDomain, Finding, Gender, Role, Scope, Span, Subject};

use crate::input::{Decision, DocSummary, RuleInfo, Settings};

/// What a row of the language table counts: a whole category or one rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    Category(Category),
    Rule(String),
}

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

/// One case of one unit.
#[derive(Debug, Clone, Default)]
pub(crate) struct CaseAgg {
    /// Bit i set when a document of the case has the gender with index i.
    genders: u8,
    pub(crate) words: u64,
    /// Asserted findings per category and per rule.
    pub(crate) hits: BTreeMap<Key, u64>,
    /// Mentions of woman, man, girl, boy.
    pub(crate) mentions: [u64; 4],
    /// Asserted findings per category and subject index.
    pub(crate) subject_hits: BTreeMap<(Category, usize), u64>,
    /// Asserted duties by domain and bearer.
    pub(crate) duties: BTreeSet<(Option<DutyDomain>, Bearer)>,
}

impl CaseAgg {
    /// An empty case whose documents all have the gender with index `g` (see [`gi`]).
    pub(crate) fn of_gender(g: usize) -> CaseAgg {
        CaseAgg {
            genders: 1 << g,
            ..CaseAgg::default()
        }
    }

    /// The case's gender: the one its documents agree on, else unknown.
    pub(crate) fn gender(&self) -> Gender {
        match self.genders {
            0b0001 => Gender::Kvinna,
            0b0010 => Gender::Man,
            0b0100 => Gender::Annat,
            _ => Gender::Okant,
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
    pub(crate) cases: BTreeMap<String, CaseAgg>,
    pub(crate) candidates: BTreeMap<(Key, Gender), Vec<Candidate>>,
}

/// Counts documents as they stream past. Create with [`Aggregator::new`], feed with
/// [`Aggregator::push`], and turn into a report with [`Aggregator::finish`].
#[derive(Debug, Clone)]
pub struct Aggregator {
    pub(crate) settings: Settings,
    pub(crate) rules: BTreeMap<String, RuleInfo>,
    /// The category of every rule seen, from the pack or from its findings.
    pub(crate) rule_category: BTreeMap<String, Category>,
    pub(crate) units: BTreeMap<String, UnitAgg>,
    pub(crate) fingerprint: u64,
    pub(crate) documents: u64,
    pub(crate) skipped: u64,
}

impl Aggregator {
    /// An empty aggregation for a review with these rules and settings.
    pub fn new(rules: &[RuleInfo], settings: &Settings) -> Aggregator {
        let rule_category = rules.iter().map(|r| (r.id.clone(), r.category)).collect();
        Aggregator {
            settings: settings.clone(),
            rules: rules.iter().map(|r| (r.id.clone(), r.clone())).collect(),
            rule_category,
            units: BTreeMap::new(),
            fingerprint: 0,
            documents: 0,
            skipped: 0,
        }
    }

    /// Counts one document, unless the filters leave it out. Returns whether it was counted.
    pub fn push(&mut self, doc: DocSummary) -> bool {
        if !self.settings.filters.admits(&doc) {
            self.skipped += 1;
            return false;
        }
        self.documents += 1;
        self.fingerprint = self.fingerprint.wrapping_add(doc_hash(&doc));
        let g = gi(doc.client_gender);
        let unit = self.units.entry(doc.unit.clone()).or_default();
        unit.documents[g] += 1;
        unit.areas.entry(doc.area.clone()).or_default()[g] += 1;
        let doc_type = doc
            .document_type
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        unit.types
            .entry(doc_type.map(str::to_lowercase))
            .or_default()[g] += 1;
        if let Some(d) = doc.decision {
            unit.decisions.entry(d).or_default()[g] += 1;
        }
        if let Some(a) = doc.amount.filter(|a| a.is_finite()) {
            unit.amounts[g].push(a);
        }
        let case = unit.cases.entry(doc.case_id.clone()).or_default();
        case.genders |= 1 << g;
        case.words += doc.words;
        let m = doc.mentions;
        for (slot, add) in case
            .mentions
            .iter_mut()
            .zip([m.kvinna, m.man, m.flicka, m.pojke])
        {
            *slot += add;
        }
        for f in doc.findings.iter().filter(|f| f.scope == Scope::Asserted) {
            let category = *self
                .rule_category
                .entry(f.rule.clone())
                .or_insert(f.category);
            for key in [Key::Category(category), Key::Rule(f.rule.clone())] {
                *case.hits.entry(key.clone()).or_default() += 1;
                let list = unit.candidates.entry((key, doc.client_gender)).or_default();
                offer(list, &doc.id, f);
            }
            if let Some(s) = SUBJECTS.iter().position(|s| *s == f.subject) {
                *case.subject_hits.entry((category, s)).or_default() += 1;
            }
            if category == Category::Ansvar
                && let Some(b) = Bearer::of(f)
            {
                case.duties.insert((f.domain, b));
            }
        }
        true
    }
}

/// Keeps the `CANDIDATES` lowest-ranked passages, at most one per document.
fn offer(list: &mut Vec<Candidate>, doc: &str, f: &Finding) {
    let cand = Candidate {
        rank: fnv(&[
            doc.as_bytes(),
            &f.sentence.start.to_le_bytes(),
            &f.span.start.to_le_bytes(),
        ]),
        doc: doc.to_string(),
        sentence: f.sentence,
        cue: f.span,
    };
    if let Some(existing) = list.iter_mut().find(|c| c.doc == cand.doc) {
        if cand < *existing {
            *existing = cand;
        }
    } else if list.len() < CANDIDATES || list.last().is_some_and(|last| cand < *last) {
        list.push(cand);
    }
    list.sort();
    list.truncate(CANDIDATES);
}

/// FNV-1a over byte strings (stable across platforms and versions, unlike std's hasher).
pub(crate) fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The document's contribution to the corpus fingerprint.
fn doc_hash(doc: &DocSummary) -> u64 {
    let mut findings: Vec<String> = doc
        .findings
        .iter()
        .map(|f| format!("{}:{}:{}:{}", f.rule, f.scope, f.span.start, f.span.end))
        .collect();
    findings.sort();
    let meta = format!(
        "{}|{}|{}|{}|{}|{:?}|{:?}|{:?}|{:?}|{}",
        doc.unit,
        doc.case_id,
        doc.client_gender,
        doc.area,
        doc.words,
        doc.document_type,
        doc.date,
        doc.decision,
        doc.amount,
        findings.join(",")
    );
    fnv(&[doc.id.as_bytes(), meta.as_bytes()])
}
