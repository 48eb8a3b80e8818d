//! Case-level absence for records that name a `case_id`: the only state `check` keeps until
//! the end of input, so it is kept small.
//!
//! Per case: its key (interned once, in a map to the case's position), the number of its
//! documents, and per absence rule that applied to one of them the summed counts (7 numbers a
//! person) and each person's first mention (document number in the case, place in it). A place
//! (file, record, line, column, gated excerpt) is made for a mention only when it becomes a
//! person's first in the case, and stored once however many rules anchor there. Texts and
//! findings are never kept. At the end the state is turned back into the engine's
//! [`CaseTally`] and judged by [`Engine::case_findings`], so the rules' logic stays in one
//! place.

use std::collections::{BTreeMap, HashMap};

use jamkoll_core::Span;
use jamkoll_rules::{AbsenceFacts, Anchor, CaseFacts, CaseTally, Engine, Presence};

use super::render::{Counts, Ctx, Place, print};

/// A record's contribution to its case, made on a worker thread.
pub(super) struct Pending {
    /// The `case_id`.
    pub key: String,
    pub facts: CaseFacts,
    /// A place for every first mention in `facts` (one per distinct anchor); most are
    /// dropped, since only a case's first mention of a person is kept.
    pub places: Vec<(Anchor, Option<Place>)>,
}

/// The open cases, in the order they first appeared.
#[derive(Default)]
pub(super) struct Cases {
    index: HashMap<Box<str>, u32>,
    cases: Vec<Case>,
    /// Absence rule ids, interned: cases refer to them by position.
    rules: Vec<String>,
}

/// One case.
struct Case {
    /// Documents with facts for an absence rule.
    documents: u32,
    rules: Vec<RuleState>,
    /// (document in the case, mention) -> where it is.
    places: Vec<(u32, Span, Place)>,
}

/// Counts of one person ([`Presence`] without its anchor).
type Tally = [u32; 7];

/// One absence rule in one case.
struct RuleState {
    rule: u16,
    /// Mother, father, child.
    counts: [Tally; 3],
    /// The first mention of mother, father, child: the document (in the case) and where.
    first: [Option<(u32, Anchor)>; 3],
}

impl Cases {
    /// Adds a record's facts to its case.
    pub fn add(&mut self, mut p: Pending) {
        if p.facts.is_empty() {
            return;
        }
        let next = u32::try_from(self.cases.len()).unwrap_or(u32::MAX);
        let at = *self.index.entry(p.key.into_boxed_str()).or_insert(next);
        if at == next {
            self.cases.push(Case {
                documents: 0,
                rules: Vec::new(),
                places: Vec::new(),
            });
        }
        let Some(case) = self.cases.get_mut(at as usize) else {
            return;
        };
        let doc = case.documents;
        case.documents = case.documents.saturating_add(1);
        for (name, f) in &p.facts.rules {
            let rule = match self.rules.iter().position(|r| r == name) {
                Some(i) => i,
                None => {
                    self.rules.push(name.clone());
                    self.rules.len() - 1
                }
            };
            let rule = u16::try_from(rule).unwrap_or(u16::MAX);
            let r = match case.rules.iter().position(|r| r.rule == rule) {
                Some(i) => &mut case.rules[i],
                None => {
                    // Exact growth: a Vec's first push reserves four, and cases are many.
                    case.rules.reserve_exact(1);
                    case.rules.push(RuleState {
                        rule,
                        counts: [[0; 7]; 3],
                        first: [None; 3],
                    });
                    let last = case.rules.len() - 1;
                    &mut case.rules[last]
                }
            };
            for (i, person) in [&f.mother, &f.father, &f.child].into_iter().enumerate() {
                for (sum, n) in r.counts[i].iter_mut().zip(counts(person)) {
                    *sum = sum.saturating_add(n);
                }
                // The first mention in the case anchors its findings: documents come in
                // order, so a later one never replaces it.
                let Some(a) = person.first else { continue };
                if r.first[i].is_some() {
                    continue;
                }
                r.first[i] = Some((doc, a));
                if case
                    .places
                    .iter()
                    .any(|(d, s, _)| *d == doc && *s == a.span)
                {
                    continue;
                }
                let place = p
                    .places
                    .iter_mut()
                    .find(|(x, _)| *x == a)
                    .and_then(|(_, pl)| pl.take());
                if let Some(place) = place {
                    case.places.reserve_exact(1);
                    case.places.push((doc, a.span, place));
                }
            }
        }
    }

    /// Renders every case's case-level findings, in the order the cases first appeared.
    pub fn render(
        &self,
        ctx: &Ctx<'_>,
        engine: &Engine,
        out: &mut Vec<u8>,
    ) -> std::io::Result<Counts> {
        let mut shown = Counts::default();
        for case in &self.cases {
            let tally = self.tally(case);
            for (doc, f) in engine.case_findings(&tally) {
                let Some((_, _, at)) = case
                    .places
                    .iter()
                    .find(|(d, s, _)| *d == doc && *s == f.span)
                else {
                    continue;
                };
                shown.shown += 1;
                print(ctx, &at.at(), &f, Some(tally.documents), out)?;
            }
        }
        Ok(shown)
    }

    /// The engine's tally of a case, rebuilt from its compact state.
    fn tally(&self, case: &Case) -> CaseTally<u32> {
        let mut tally = CaseTally::default();
        for r in &case.rules {
            let Some(name) = self.rules.get(usize::from(r.rule)) else {
                continue;
            };
            for i in 0..3 {
                let (doc, first) = match r.first[i] {
                    Some((doc, a)) => (doc, Some(a)),
                    None => (0, None),
                };
                let mut facts = AbsenceFacts::default();
                let person = match i {
                    0 => &mut facts.mother,
                    1 => &mut facts.father,
                    _ => &mut facts.child,
                };
                *person = presence(r.counts[i], first);
                let facts = CaseFacts {
                    rules: BTreeMap::from([(name.clone(), facts)]),
                };
                tally.merge(CaseTally::of(doc, &facts));
            }
        }
        tally.documents = case.documents;
        tally
    }
}

/// A presence's counts. Destructured without `..`, so a field added to [`Presence`] fails
/// to compile here instead of being dropped.
fn counts(p: &Presence) -> Tally {
    let Presence {
        named,
        not_heard,
        heard,
        excused,
        girls,
        boys,
        plural,
        first: _,
    } = *p;
    [named, not_heard, heard, excused, girls, boys, plural]
}

/// The inverse of [`counts`].
fn presence(t: Tally, first: Option<Anchor>) -> Presence {
    let [named, not_heard, heard, excused, girls, boys, plural] = t;
    Presence {
        named,
        not_heard,
        heard,
        excused,
        girls,
        boys,
        plural,
        first,
    }
}

#[cfg(test)]
mod tests {
    use jamkoll_core::{Area, Gender};
    use jamkoll_rules::{Doc, RulePack};

    use super::*;

    /// The compact state judges a case as the engine's own tally does.
    #[test]
    fn compact_state_gives_the_engines_tally() {
        let pack = RulePack::embedded().expect("the shipped pack loads");
        let engine = Engine::new(&pack);
        let area = Area::new("barn_unga");
        let texts = [
            "Mamman berättar om sonens skolgång. Mamman är orolig.",
            "Ingenting om familjen här.",
            "Mamman har ansökt om stöd i föräldraskapet. Pojken går i skolan.",
            "Fadern har inte kontaktats. Barnet har inte hörts.",
        ];
        let mut cases = Cases::default();
        let mut direct: CaseTally<u32> = CaseTally::default();
        let mut doc = 0;
        for text in texts {
            let d = Doc {
                text,
                client_gender: Gender::Kvinna,
                area: Some(&area),
            };
            let facts = engine.case_facts(&d);
            if !facts.is_empty() {
                direct.add(doc, &facts);
                doc += 1;
            }
            cases.add(Pending {
                key: "c1".to_string(),
                facts,
                places: Vec::new(),
            });
        }
        assert_eq!(cases.cases.len(), 1);
        let rebuilt = cases.tally(&cases.cases[0]);
        assert_eq!(rebuilt, direct);
        assert!(!engine.case_findings(&rebuilt).is_empty());
    }

    #[test]
    fn presence_round_trips_through_counts() {
        let p = Presence {
            named: 1,
            not_heard: 2,
            heard: 3,
            excused: 4,
            girls: 5,
            boys: 6,
            plural: 7,
            first: None,
        };
        assert_eq!(presence(counts(&p), None), p);
    }
}
