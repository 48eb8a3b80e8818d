//! Case-level absence: a parent who should be visible in a child investigation but is not,
//! judged over **all documents of a case** (issue 5, match kind 4d).
//!
//! # Why two steps
//!
//! A case's documents (utredning, journal notes, decisions) arrive one at a time and in any
//! order, and a review must not re-read stored texts. So the engine reads each document once
//! and keeps small per-document facts, [`CaseFacts`]: for each absence rule, how often the
//! mother, the father and the child are named, how often only in sentences that say they were
//! not contacted or heard, and where they are first named (for an excerpt). Facts serialise
//! with serde (store them beside the document's findings at ingest). The facts of one case's
//! documents are added, in any order, into a [`CaseTally`] (merge is commutative, so shards
//! and batches combine), and [`Engine::case_findings`] turns a tally into findings, each with
//! the key of the document it is anchored in.
//!
//! [`Engine::check`] never reports absence: it cannot see the other documents of the case.
//! [`Engine::check_case`] runs both steps over the documents of one case that are at hand;
//! a document that is its own case (a passage, a rule example) is `check_case(&[doc])`.
//!
//! ```
//! use jamkoll_core::{Area, Gender, Subject};
//! use jamkoll_rules::{CaseTally, Doc, Engine, RulePack};
//!
//! let pack = RulePack::embedded().expect("the shipped pack loads");
//! let engine = Engine::new(&pack);
//! let area = Area::new("barn_unga");
//! // Two documents of one case: the father is never named in either.
//! let texts = [
//!     "Mamman berättar om sonens skolgång. Mamman är orolig.",
//!     "Mamman har ansökt om stöd i föräldraskapet.",
//! ];
//! let mut case: CaseTally<usize> = CaseTally::default();
//! for (i, text) in texts.iter().enumerate() {
//!     let doc = Doc { text, client_gender: Gender::Kvinna, area: Some(&area) };
//!     let facts = engine.case_facts(&doc); // at ingest: store `facts` with the document
//!     case.add(i, &facts); // at review: add the stored facts of the case's documents
//! }
//! let found = engine.case_findings(&case);
//! assert_eq!(found.len(), 1);
//! let (doc, finding) = &found[0];
//! assert_eq!((finding.rule.as_str(), finding.subject), ("franvarande-foralder", Subject::Man));
//! assert_eq!(*doc, 0); // anchored at the first mention of the present mother
//! // Neither document alone names the mother three times: per document, no finding.
//! assert!(engine.case_findings(&CaseTally::of(0, &engine.case_facts(&Doc {
//!     text: texts[1], client_gender: Gender::Kvinna, area: Some(&area),
//! }))).is_empty());
//! ```

use std::collections::BTreeMap;

use jamkoll_core::{Category, Finding, Role, Scope, Span, Subject};
use serde::{Deserialize, Serialize};

use crate::doc::{Doc, Prepared};
use crate::engine::Engine;
use crate::pack::Compiled;
use crate::text;

/// What one document tells the absence rules about its case: per absence rule that applies
/// to the document's area, the presence of the mother, the father and the child.
///
/// Small (a few counters a rule), serialisable and independent of other documents; empty for
/// documents outside the rules' areas (serialises as `{}`). Offsets in anchors are byte
/// offsets into this document's text, as [`Finding`] spans are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseFacts {
    /// Facts per absence rule id.
    pub rules: BTreeMap<String, AbsenceFacts>,
}

impl CaseFacts {
    /// Whether the document holds nothing for any absence rule (store nothing then).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// The facts of one absence rule in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceFacts {
    /// The mother (mamma, mor, styvmor, in every form).
    #[serde(default, skip_serializing_if = "Presence::is_nothing")]
    pub mother: Presence,
    /// The father (pappa, far, styvfar, in every form).
    #[serde(default, skip_serializing_if = "Presence::is_nothing")]
    pub father: Presence,
    /// The child (barnet, sonen, dottern, flickan, pojken, in every form).
    #[serde(default, skip_serializing_if = "Presence::is_nothing")]
    pub child: Presence,
}

/// How a person is present in a document (or, summed, in a case).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// Mentions that show the person in the investigation.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub named: u32,
    /// Mentions only in sentences saying the person was not contacted, heard or asked
    /// ("Fadern har inte kontaktats"): these do not make the person present.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_heard: u32,
    /// The first mention of the person in the document, of either kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<Anchor>,
}

impl Presence {
    /// Whether the person is not mentioned at all.
    pub fn is_nothing(&self) -> bool {
        self.named == 0 && self.not_heard == 0 && self.first.is_none()
    }

    fn count(&mut self, excused: bool, at: Anchor) {
        if excused {
            self.not_heard += 1;
        } else {
            self.named += 1;
        }
        if self.first.is_none() {
            self.first = Some(at);
        }
    }

    fn add_counts(&mut self, other: &Presence) {
        self.named = self.named.saturating_add(other.named);
        self.not_heard = self.not_heard.saturating_add(other.not_heard);
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A place in a document: the mention and its sentence (byte offsets into the text).
/// Serialised compactly as `[span.start, span.end, sentence.start, sentence.end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "[usize; 4]", from = "[usize; 4]")]
pub struct Anchor {
    /// The mention.
    pub span: Span,
    /// The sentence it stands in.
    pub sentence: Span,
}

impl From<Anchor> for [usize; 4] {
    fn from(a: Anchor) -> Self {
        [a.span.start, a.span.end, a.sentence.start, a.sentence.end]
    }
}

impl From<[usize; 4]> for Anchor {
    fn from(v: [usize; 4]) -> Self {
        Anchor {
            span: Span::new(v[0], v[1]),
            sentence: Span::new(v[2], v[3]),
        }
    }
}

/// Which person of an [`AbsenceFacts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Who {
    Mother,
    Father,
    Child,
}

/// The facts of one case, added up from its documents' [`CaseFacts`] in any order.
///
/// `K` is the caller's key of a document (a record id, an index position); a finding is
/// anchored in the document with the smallest key that mentions the person, so the result does
/// not depend on the order documents were added or tallies merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTally<K> {
    /// Documents added.
    pub documents: u32,
    rules: BTreeMap<String, RuleTally<K>>,
}

impl<K> Default for CaseTally<K> {
    fn default() -> Self {
        CaseTally {
            documents: 0,
            rules: BTreeMap::new(),
        }
    }
}

/// Summed counts of one rule, with the first anchor of each person and its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RuleTally<K> {
    counts: AbsenceFacts,
    anchors: BTreeMap<Who, (K, Anchor)>,
}

impl<K> Default for RuleTally<K> {
    fn default() -> Self {
        RuleTally {
            counts: AbsenceFacts::default(),
            anchors: BTreeMap::new(),
        }
    }
}

impl<K: Clone + Ord> CaseTally<K> {
    /// A tally of one document (a document that is its own case).
    pub fn of(doc: K, facts: &CaseFacts) -> CaseTally<K> {
        let mut t = CaseTally::default();
        t.add(doc, facts);
        t
    }

    /// Adds one document's facts; `doc` is the caller's key for it.
    pub fn add(&mut self, doc: K, facts: &CaseFacts) {
        self.documents = self.documents.saturating_add(1);
        for (rule, f) in &facts.rules {
            let t = self.rules.entry(rule.clone()).or_default();
            for (who, p) in [
                (Who::Mother, &f.mother),
                (Who::Father, &f.father),
                (Who::Child, &f.child),
            ] {
                t.counts.get_mut(who).add_counts(p);
                if let Some(a) = p.first {
                    keep_first(&mut t.anchors, who, (doc.clone(), a));
                }
            }
        }
    }

    /// Adds another tally of the same case (from another batch or shard).
    pub fn merge(&mut self, other: CaseTally<K>) {
        self.documents = self.documents.saturating_add(other.documents);
        for (rule, o) in other.rules {
            let t = self.rules.entry(rule).or_default();
            for who in [Who::Mother, Who::Father, Who::Child] {
                t.counts.get_mut(who).add_counts(o.counts.get(who));
            }
            for (who, a) in o.anchors {
                keep_first(&mut t.anchors, who, a);
            }
        }
    }

    /// The summed counts of one absence rule over the case (no anchors), if any document had
    /// facts for it: what a review shows as "both parents named", "child heard".
    pub fn counts(&self, rule: &str) -> Option<&AbsenceFacts> {
        self.rules.get(rule).map(|t| &t.counts)
    }
}

fn keep_first<K: Ord>(anchors: &mut BTreeMap<Who, (K, Anchor)>, who: Who, new: (K, Anchor)) {
    match anchors.get(&who) {
        Some(old) if (&old.0, old.1) <= (&new.0, new.1) => {}
        _ => {
            anchors.insert(who, new);
        }
    }
}

impl AbsenceFacts {
    fn get(&self, who: Who) -> &Presence {
        match who {
            Who::Mother => &self.mother,
            Who::Father => &self.father,
            Who::Child => &self.child,
        }
    }

    fn get_mut(&mut self, who: Who) -> &mut Presence {
        match who {
            Who::Mother => &mut self.mother,
            Who::Father => &mut self.father,
            Who::Child => &mut self.child,
        }
    }
}

/// One absence rule as the engine holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AbsenceRule<'a> {
    pub id: &'a str,
    pub category: Category,
    pub m: &'a Compiled,
}

impl Engine {
    /// The facts one document gives the case-level absence rules (empty when no absence rule
    /// applies to the document's area). Store them with the document; see [`CaseTally`].
    pub fn case_facts(&self, doc: &Doc<'_>) -> CaseFacts {
        let rules: Vec<AbsenceRule<'_>> = self
            .absence_rules()
            .into_iter()
            .filter(|r| doc.area.is_some_and(|a| r.m.areas.contains(a)))
            .collect();
        if rules.is_empty() {
            return CaseFacts::default();
        }
        let folded = text::fold(doc.text);
        let ranges = text::sentences(doc.text);
        let p = Prepared::new(*doc, folded, ranges);
        CaseFacts {
            rules: rules
                .iter()
                .map(|r| (r.id.to_string(), document_facts(&p, r)))
                .collect(),
        }
    }

    /// The case-level absence findings of a case, each with the key of the document it is
    /// anchored in (where the absent parent is first mentioned, else where the present one
    /// is). Rules of the tally that this engine does not run are ignored.
    pub fn case_findings<K: Clone + Ord>(&self, case: &CaseTally<K>) -> Vec<(K, Finding)> {
        let mut out = Vec::new();
        for rule in self.absence_rules() {
            let Some(t) = case.rules.get(rule.id) else {
                continue;
            };
            if let Some(found) = parent_finding(&rule, t) {
                out.push(found);
            }
        }
        out
    }

    /// Every finding of the documents of one case, document-level and case-level, in the
    /// order of `docs`; each case-level finding is in the list of the document it is anchored
    /// in, sorted with that document's findings.
    pub fn check_case(&self, docs: &[Doc<'_>]) -> Vec<Vec<Finding>> {
        let mut all = self.check_all(docs);
        let mut case = CaseTally::default();
        for (i, d) in docs.iter().enumerate() {
            case.add(i, &self.case_facts(d));
        }
        for (i, f) in self.case_findings(&case) {
            if let Some(list) = all.get_mut(i) {
                list.push(f);
                sort_findings(list);
            }
        }
        all
    }
}

/// The engine's order of findings: by sentence, then cue, then rule.
pub(crate) fn sort_findings(list: &mut [Finding]) {
    list.sort_by(|a, b| {
        (a.sentence.start, a.span.start, &a.rule).cmp(&(b.sentence.start, b.span.start, &b.rule))
    });
}

/// Counts the parents and the child of one document for one rule. A mention in a sentence
/// where one of the rule's `patterns` matches ("Fadern har inte kontaktats") counts as
/// not heard.
fn document_facts(p: &Prepared<'_>, rule: &AbsenceRule<'_>) -> AbsenceFacts {
    let mut f = AbsenceFacts::default();
    for (s, sent) in p.sents.iter().enumerate() {
        if sent.people.iter().all(Option::is_none) {
            continue;
        }
        let t = p.tokens(s);
        let excused = rule.m.patterns.iter().any(|x| !x.find_all(&t).is_empty());
        for (i, w) in sent.people.iter().enumerate() {
            let Some(w) = w else { continue };
            let who = match w.role {
                Some(Role::Mother) => Who::Mother,
                Some(Role::Father) => Who::Father,
                Some(Role::Child) => Who::Child,
                _ => continue,
            };
            let tok = sent.toks[i];
            let at = Anchor {
                span: Span::new(tok.start, tok.end),
                sentence: Span::new(sent.range.start, sent.range.end),
            };
            f.get_mut(who).count(excused, at);
        }
    }
    f
}

/// The absent-parent finding: one parent named at least `min_mentions` times in the case and
/// the other never, or only as not contacted or heard.
fn parent_finding<K: Clone>(rule: &AbsenceRule<'_>, t: &RuleTally<K>) -> Option<(K, Finding)> {
    let min = u32::try_from(rule.m.min_mentions.max(1)).unwrap_or(u32::MAX);
    let (mother, father) = (&t.counts.mother, &t.counts.father);
    let (subject, role, absent, present) = if mother.named >= min && father.named == 0 {
        (Subject::Man, Role::Father, Who::Father, Who::Mother)
    } else if father.named >= min && mother.named == 0 {
        (Subject::Kvinna, Role::Mother, Who::Mother, Who::Father)
    } else {
        return None;
    };
    let (doc, anchor) = t.anchors.get(&absent).or_else(|| t.anchors.get(&present))?;
    Some((
        doc.clone(),
        Finding {
            rule: rule.id.to_string(),
            category: rule.category,
            subject,
            role: Some(role),
            scope: Scope::Asserted,
            domain: None,
            span: anchor.span,
            sentence: anchor.sentence,
        },
    ))
}

#[cfg(test)]
mod tests {
    use jamkoll_core::{Area, Gender};

    use super::*;
    use crate::pack::RulePack;

    fn engine() -> Engine {
        let pack = RulePack::embedded().expect("shipped pack");
        Engine::with_filter(&pack, |r| r.id == "franvarande-foralder")
    }

    fn facts(engine: &Engine, text: &str) -> CaseFacts {
        let area = Area::new("barn_unga");
        engine.case_facts(&Doc {
            text,
            client_gender: Gender::Kvinna,
            area: Some(&area),
        })
    }

    #[test]
    fn facts_count_parents_and_not_contacted() {
        let e = engine();
        let f = facts(
            &e,
            "Modern berättar att dottern sover dåligt. Modern har kontakt med skolan. Fadern har inte kontaktats.",
        );
        let r = &f.rules["franvarande-foralder"];
        assert_eq!((r.mother.named, r.mother.not_heard), (2, 0));
        assert_eq!((r.father.named, r.father.not_heard), (0, 1));
        assert_eq!(r.child.named, 1);
    }

    #[test]
    fn no_facts_outside_the_area() {
        let e = engine();
        let doc = Doc {
            text: "Mamman är orolig. Mamman söker stöd. Mamman har ett arbete.",
            client_gender: Gender::Kvinna,
            area: None,
        };
        assert!(e.case_facts(&doc).is_empty());
    }

    #[test]
    fn father_named_in_another_document_of_the_case_clears_it() {
        let e = engine();
        let a = facts(
            &e,
            "Mamman berättar om sonens skolgång. Mamman är orolig. Mamman har kontakt med skolan.",
        );
        let b = facts(&e, "Pappan deltog vid mötet på skolan.");
        assert_eq!(e.case_findings(&CaseTally::of("a", &a)).len(), 1);
        let mut case = CaseTally::of("a", &a);
        case.add("b", &b);
        assert!(e.case_findings(&case).is_empty());
    }

    #[test]
    fn mentions_add_up_across_documents() {
        let e = engine();
        let docs = [
            "Mamman har ansökt om stöd.",
            "Mamman berättar att sonen sover dåligt.",
            "Enligt mamman går sonen till skolan. Pappan har inte kontaktats.",
        ];
        let mut case = CaseTally::default();
        for (i, d) in docs.iter().enumerate() {
            case.add(i, &facts(&e, d));
        }
        let found = e.case_findings(&case);
        assert_eq!(found.len(), 1);
        let (doc, f) = &found[0];
        // Anchored where the absent father is mentioned as not contacted.
        assert_eq!(*doc, 2);
        assert_eq!(&docs[2][f.span.start..f.span.end], "Pappan");
        assert_eq!((f.subject, f.role), (Subject::Man, Some(Role::Father)));
    }

    #[test]
    fn order_of_adding_and_merging_does_not_matter() {
        let e = engine();
        let a = facts(&e, "Pappan har ensam vårdnad. Pappan hämtar sonen.");
        let b = facts(&e, "Pappan har god kontakt med skolan.");
        let mut one = CaseTally::of(1, &a);
        one.add(2, &b);
        let mut two = CaseTally::of(2, &b);
        two.merge(CaseTally::of(1, &a));
        assert_eq!(one, two);
        let found = e.case_findings(&one);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1.subject), (1, Subject::Kvinna));
    }

    #[test]
    fn facts_round_trip_through_json_and_stay_small() {
        let e = engine();
        let f = facts(
            &e,
            "Mamman är orolig för sonen. Pappan har inte kontaktats.",
        );
        let json = serde_json::to_string(&f).expect("serialises");
        assert!(json.len() < 160, "{json}");
        let back: CaseFacts = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, f);
        assert_eq!(
            serde_json::to_string(&CaseFacts::default()).expect("serialises"),
            "{}"
        );
    }

    #[test]
    fn check_case_puts_the_finding_in_its_document() {
        let e = engine();
        let area = Area::new("barn_unga");
        let texts = [
            "Mamman berättar om sonens skolgång.",
            "Mamman är orolig. Mamman har kontakt med skolan.",
        ];
        let docs: Vec<Doc<'_>> = texts
            .iter()
            .map(|t| Doc {
                text: t,
                client_gender: Gender::Kvinna,
                area: Some(&area),
            })
            .collect();
        let all = e.check_case(&docs);
        assert_eq!(all[0].len(), 1, "{all:?}");
        assert!(all[1].is_empty());
        // Each document alone is not enough.
        assert!(e.check_case(&docs[..1]).iter().all(Vec::is_empty));
    }
}
