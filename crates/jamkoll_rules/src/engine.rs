//! The engine: every rule compiled once into one prefilter, then the full matchers of the
//! candidate rules on the sentences that hold one of their cues.
//!
//! The prefilter maps the [`form_hash`] of every anchor form (the folded forms of one literal
//! element of each pattern: lemma forms, exact forms) to the rules it anchors, so a sentence's
//! candidate rules cost one hash probe per token; compound heads (`*mamma`), which end longer
//! words, are found by a small Aho-Corasick automaton over the folded document, with word
//! boundaries checked in code (never a Unicode `\b` in a regex). A document whose tokens hold
//! no cue costs its tokenization and nothing more.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jamkoll_core::{DutyDomain, Finding, Span, Subject};
use rayon::prelude::*;

use crate::doc::{Doc, Prepared, Words};
use crate::file::{NegationMode, SubjectMode};
use crate::pack::{Compiled, Kind, Rule, RulePack, Status};
use crate::pattern::{Hit, IdHasher, List, Pattern, form_hash};
use crate::referent::{self, Referent};
use crate::scope;
use crate::text;

/// One rule, ready to run.
#[derive(Debug)]
struct Active {
    id: String,
    category: jamkoll_core::Category,
    kind: Kind,
    m: Arc<Compiled>,
    /// For each of `m.patterns`, its required elements: a range of [`Engine::reqs`].
    pattern_reqs: Vec<(u32, u32)>,
}

/// One required element of a pattern (see `Pattern::required`), kept in one flat table for
/// the whole engine: checking a rule's patterns against a sentence then reads a few
/// neighbouring cache lines instead of chasing each pattern's own allocations.
#[derive(Debug, Clone, Copy)]
struct Req {
    mask: [u64; 4],
    /// The element's sorted form hashes, a range of [`Engine::req_hashes`].
    hashes: (u32, u32),
}

/// A rule a cue form anchors, and which of its patterns (bit `i` for pattern `i`; patterns from
/// the 65th on always run): the patterns whose anchor is absent from a sentence cannot match
/// there, so they are never tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cue {
    rule: u32,
    patterns: u64,
}

/// Every pattern of a rule (rules that run always, regex and duty anchors).
const ALL_PATTERNS: u64 = u64::MAX;

/// The mask bit of pattern `i`.
fn pattern_bit(i: usize) -> u64 {
    if i < 64 { 1 << i } else { ALL_PATTERNS }
}

/// Whether pattern `i` is in `mask`.
pub(crate) fn pattern_in(mask: u64, i: usize) -> bool {
    i >= 64 || mask & (1 << i) != 0
}

/// A candidate: a sentence, a rule, and the rule's patterns that may match there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub sentence: u32,
    pub rule: u32,
    pub patterns: u64,
}

/// Rules by the [`form_hash`] of an anchor form.
type AnchorMap = HashMap<u64, Vec<Cue>, std::hash::BuildHasherDefault<IdHasher>>;

/// The compiled rule engine. Build it once per pack; it is `Send + Sync` and checks documents
/// in parallel.
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Active>,
    /// Every anchor form, for `jamkoll rules cues`.
    forms: Vec<String>,
    /// Person words, clause words and the rules anchored by whole-token forms.
    words: Words,
    /// The cues of `words`, by range.
    cue_list: Vec<Cue>,
    /// Compound-head anchor forms, and the rules each anchors.
    compound: Option<AhoCorasick>,
    compound_uses: Vec<Vec<Cue>>,
    /// Characters that rule regexes need (see [`crate::literal::required_chars`]), and the
    /// rules each anchors.
    chars: Option<AhoCorasick>,
    char_uses: Vec<Vec<Cue>>,
    always: Vec<u32>,
    /// The absence rules, and whether the prefilter finds their sentences (see
    /// [`crate::absence::absence_patterns`]).
    absence: Vec<(u32, bool)>,
    domain_lists: Vec<(DutyDomain, List)>,
    authority: Option<List>,
    /// Required elements of the rules' patterns, and their form hashes.
    reqs: Vec<Req>,
    req_hashes: Vec<u64>,
    /// Whether the rules are in id order (a pack's rules are), so findings are ordered by
    /// rule index instead of comparing ids.
    ids_sorted: bool,
}

impl Engine {
    /// The engine for a pack: stable rules, and preview rules when the pack's config asks.
    pub fn new(pack: &RulePack) -> Engine {
        let preview = pack.preview();
        Engine::with_filter(pack, |r| r.status == Status::Stable || preview)
    }

    /// The engine for the rules of `pack` that `keep` accepts (preview status is not checked).
    pub fn with_filter(pack: &RulePack, keep: impl Fn(&Rule) -> bool) -> Engine {
        let mut reqs: Vec<Req> = Vec::new();
        let mut req_hashes: Vec<u64> = Vec::new();
        let rules: Vec<Active> = pack
            .rules()
            .iter()
            .filter(|r| keep(r))
            .map(|r| Active {
                id: r.id.clone(),
                category: r.category,
                kind: r.kind,
                m: r.m.clone(),
                pattern_reqs: r
                    .m
                    .patterns
                    .iter()
                    .map(|p| {
                        let start = reqs.len() as u32;
                        for (mask, hashes) in p.required_sets() {
                            let at = req_hashes.len() as u32;
                            req_hashes.extend_from_slice(hashes);
                            reqs.push(Req {
                                mask: *mask,
                                hashes: (at, hashes.len() as u32),
                            });
                        }
                        (start, reqs.len() as u32)
                    })
                    .collect(),
            })
            .collect();
        let mut forms: Vec<String> = Vec::new();
        let mut exact = AnchorMap::default();
        let mut compound_index: HashMap<String, usize> = HashMap::new();
        let mut compound_forms: Vec<String> = Vec::new();
        let mut compound_uses: Vec<Vec<Cue>> = Vec::new();
        let mut char_index: HashMap<char, usize> = HashMap::new();
        let mut char_forms: Vec<String> = Vec::new();
        let mut char_uses: Vec<Vec<Cue>> = Vec::new();
        let mut always = Vec::new();
        let mut absence = Vec::new();
        for (ri, rule) in rules.iter().enumerate() {
            let ri = ri as u32;
            let mut anchors = Vec::new();
            let mut anchored = true;
            let cues: &[Pattern] = match rule.kind {
                Kind::Absence => {
                    // The sentences an absence rule's patterns can match in come from the
                    // same prefilter (bit `i` of a cue is pattern `i` of `absence_patterns`);
                    // a rule with a pattern the prefilter cannot anchor is tried everywhere.
                    let pats: Vec<&Pattern> = crate::absence::absence_patterns(&rule.m).collect();
                    let all: Option<Vec<_>> = pats
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let a = p.anchors().filter(|a| !a.is_empty())?;
                            Some(a.into_iter().map(move |a| (a, pattern_bit(i))))
                        })
                        .collect();
                    match all {
                        // Every pattern has anchors, so the rule never lands in `always`.
                        Some(a)
                            if !pats.is_empty() && pats.len() <= 64 && rule.m.regex.is_empty() =>
                        {
                            anchors.extend(a.into_iter().flatten());
                            absence.push((ri, true));
                        }
                        _ => {
                            // facts_of tries an uncued rule's patterns in every sentence.
                            absence.push((ri, false));
                            continue;
                        }
                    }
                    &[]
                }
                Kind::Duty => &rule.m.markers,
                Kind::Lexical | Kind::Agentless => &rule.m.patterns,
            };
            // A rule regex anchors on characters every match holds (a quote mark).
            if rule.kind == Kind::Lexical {
                for re in &rule.m.regex {
                    match crate::literal::required_chars(re.as_str()) {
                        Some(chars) => {
                            for c in chars {
                                let id = *char_index.entry(c).or_insert_with(|| {
                                    char_forms.push(c.to_string());
                                    char_uses.push(Vec::new());
                                    char_forms.len() - 1
                                });
                                char_uses[id].push(Cue {
                                    rule: ri,
                                    patterns: ALL_PATTERNS,
                                });
                            }
                        }
                        None => anchored = false,
                    }
                }
            }
            for (pi, p) in cues.iter().enumerate() {
                // Duty markers are one list, matched as a whole.
                let bit = if rule.kind == Kind::Duty {
                    ALL_PATTERNS
                } else {
                    pattern_bit(pi)
                };
                match p.anchors() {
                    Some(a) => anchors.extend(a.into_iter().map(|a| (a, bit))),
                    None => anchored = false,
                }
            }
            if !anchored || (anchors.is_empty() && rule.m.regex.is_empty()) {
                always.push(ri);
                continue;
            }
            for (a, bit) in anchors {
                let cue = Cue {
                    rule: ri,
                    patterns: bit,
                };
                // `forms` is what `rules cues` prints (ripgrep's cues in the benchmark): an
                // absence rule's anchors find no finding of their own, so they stay out.
                if rule.kind != Kind::Absence {
                    forms.push(a.form.clone());
                }
                if a.compound {
                    let id = *compound_index.entry(a.form.clone()).or_insert_with(|| {
                        compound_forms.push(a.form.clone());
                        compound_uses.push(Vec::new());
                        compound_forms.len() - 1
                    });
                    compound_uses[id].push(cue);
                } else {
                    exact.entry(form_hash(&a.form)).or_default().push(cue);
                }
            }
        }
        // A rule that runs always needs no character anchor.
        for rules in &mut char_uses {
            rules.retain(|c| !always.contains(&c.rule));
        }
        for rules in exact
            .values_mut()
            .chain(compound_uses.iter_mut())
            .chain(char_uses.iter_mut())
        {
            merge_cues(rules);
        }
        forms.sort();
        forms.dedup();
        let mut cue_list = Vec::new();
        let mut ranges = Vec::new();
        for (h, cues) in exact {
            ranges.push((h, (cue_list.len() as u32, cues.len() as u32)));
            cue_list.extend(cues);
        }
        let words = Words::new(ranges);
        let compound = if compound_forms.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&compound_forms)
                .ok()
        };
        let chars = if char_forms.is_empty() {
            None
        } else {
            AhoCorasick::new(&char_forms).ok()
        };
        let ids_sorted = rules.windows(2).all(|w| w[0].id < w[1].id);
        let domain_lists: Vec<(DutyDomain, List)> = pack
            .domain_lists
            .iter()
            .map(|(d, l)| (*d, List::new(l.clone())))
            .collect();
        Engine {
            rules,
            forms,
            words,
            cue_list,
            compound,
            compound_uses,
            chars,
            char_uses,
            always,
            absence,
            domain_lists,
            authority: pack.authority.clone().map(List::new),
            reqs,
            req_hashes,
            ids_sorted,
        }
    }

    /// The folded cue forms of the prefilter, sorted (what `jamkoll rules cues` prints).
    pub fn cue_forms(&self) -> Vec<String> {
        self.forms.clone()
    }

    /// How many rules run.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether no rule runs.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every finding in `doc`, sorted by position then rule, each with its scope. Callers that
    /// count (reviews, eval) keep only `Scope::Asserted`.
    pub fn check(&self, doc: &Doc<'_>) -> Vec<Finding> {
        let (p, candidates) = self.prepare(doc);
        if candidates.is_empty() {
            return Vec::new();
        }
        self.run(&p, &candidates)
    }

    /// Prepares `doc` and finds its candidates.
    fn prepare<'a>(&self, doc: &Doc<'a>) -> (Prepared<'a>, Vec<Candidate>) {
        let folded = crate::doc::fold_reusing(doc.text);
        let ranges = text::sentence_ranges(doc.text);
        let mut cues = Vec::with_capacity(doc.text.len() / 16);
        let p = Prepared::with_words(*doc, folded, ranges, &self.words, &mut cues);
        let candidates = self.candidates(&p, &cues);
        (p, candidates)
    }

    /// [`Engine::check`] and [`Engine::case_facts`] of one document, preparing its text once
    /// (what ingest and `jamkoll check` store or add up per document).
    pub fn analyse(&self, doc: &Doc<'_>) -> (Vec<Finding>, crate::CaseFacts) {
        let (p, candidates) = self.prepare(doc);
        let absence = self.case_rules(doc);
        if candidates.is_empty() && absence.is_empty() {
            return (Vec::new(), crate::CaseFacts::default());
        }
        let findings = if candidates.is_empty() {
            Vec::new()
        } else {
            self.run(&p, &candidates)
        };
        (findings, self.facts_of(&p, &absence, Some(&candidates)))
    }

    /// The findings of the candidate (sentence, rule) pairs of a prepared document.
    fn run(&self, p: &Prepared<'_>, candidates: &[Candidate]) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut duty_cache = DutyCache::new();
        let mut marker_cache = MarkerCache::new();
        for c in candidates {
            let s = c.sentence as usize;
            let rule = &self.rules[c.rule as usize];
            let before = out.len();
            match rule.kind {
                Kind::Lexical => self.lexical(p, s, rule, c.patterns, &mut out),
                Kind::Duty => self.duty(p, s, rule, &mut duty_cache, &mut marker_cache, &mut out),
                Kind::Agentless => self.agentless(p, s, rule, c.patterns, &mut out),
                Kind::Absence => {}
            }
            dedupe(&mut out, before);
        }
        // By position, then rule: candidates come in (sentence, rule) order and rule indices
        // follow rule ids (the pack's rules are sorted by id), so a stable sort by position
        // leaves equal positions in rule order without comparing the ids.
        if self.ids_sorted {
            out.sort_by_key(|f| (f.sentence.start, f.span.start));
        } else {
            out.sort_by(|a, b| {
                (a.sentence.start, a.span.start, &a.rule).cmp(&(
                    b.sentence.start,
                    b.span.start,
                    &b.rule,
                ))
            });
        }
        out
    }

    /// [`Engine::check`] over many documents in parallel, results in input order.
    pub fn check_all(&self, docs: &[Doc<'_>]) -> Vec<Vec<Finding>> {
        docs.par_iter().map(|d| self.check(d)).collect()
    }

    /// The candidate (sentence, rule) pairs, in order, each with the rule's patterns that may
    /// match: rules with a cue form in the sentence, plus rules that must always run.
    /// `cues` are the whole-token cues [`Prepared::with_words`] found, in sentence order.
    ///
    /// Built sentence by sentence: the rules a sentence's cues name are set in a bitset (rule
    /// index order is the order wanted) and their pattern masks ORed in a per-rule array, so
    /// the pairs come out sorted and merged without sorting them.
    fn candidates(&self, p: &Prepared<'_>, cues: &[(u32, u32, u32)]) -> Vec<Candidate> {
        // Compound heads and characters are found by scans of the whole folded document:
        // few, and gathered first as (sentence, cue) pairs, sorted by sentence.
        let mut extra: Vec<(u32, Cue)> = Vec::new();
        if let Some(ac) = &self.compound {
            let folded = p.folded.as_str();
            for m in ac.find_overlapping_iter(folded) {
                let (start, end) = (m.start(), m.end());
                let lit = &folded[start..end];
                let ends_alnum = lit.chars().next_back().is_some_and(char::is_alphanumeric);
                if ends_alnum && word_char_at(folded, end) {
                    continue;
                }
                let Some(s) = sentence_at(&p.sents, start) else {
                    continue;
                };
                let uses = &self.compound_uses[m.pattern().as_usize()];
                extra.extend(uses.iter().map(|c| (s as u32, *c)));
            }
        }
        if let Some(ac) = &self.chars {
            for m in ac.find_iter(p.folded.as_str()) {
                let Some(s) = sentence_at(&p.sents, m.start()) else {
                    continue;
                };
                let uses = &self.char_uses[m.pattern().as_usize()];
                extra.extend(uses.iter().map(|c| (s as u32, *c)));
            }
        }
        extra.sort_by_key(|(s, _)| *s);
        let mut out: Vec<Candidate> = Vec::with_capacity(cues.len() * 2);
        // One buffer: the rule bitset, then each rule's pattern mask.
        let words = self.rules.len().div_ceil(64);
        let mut scratch = vec![0u64; words + self.rules.len()];
        let (set, masks) = scratch.split_at_mut(words);
        let (mut ci, mut ei) = (0, 0);
        for s in 0..p.sents.len() as u32 {
            let mut any = !self.always.is_empty();
            for &rule in &self.always {
                mark(set, masks, rule, ALL_PATTERNS);
            }
            while let Some(&(cs, start, len)) = cues.get(ci) {
                if cs != s {
                    break;
                }
                ci += 1;
                any = true;
                for c in &self.cue_list[start as usize..(start + len) as usize] {
                    mark(set, masks, c.rule, c.patterns);
                }
            }
            while let Some((es, c)) = extra.get(ei) {
                if *es != s {
                    break;
                }
                ei += 1;
                any = true;
                mark(set, masks, c.rule, c.patterns);
            }
            if !any {
                continue;
            }
            for (w, bits) in set.iter_mut().enumerate() {
                while *bits != 0 {
                    let r = w * 64 + bits.trailing_zeros() as usize;
                    *bits &= *bits - 1;
                    out.push(Candidate {
                        sentence: s,
                        rule: r as u32,
                        patterns: std::mem::take(&mut masks[r]),
                    });
                }
            }
        }
        out
    }

    /// The matches of the rule's patterns in `mask`, pattern by pattern, leftmost first in
    /// each; a pattern one of whose required elements the sentence lacks is skipped.
    fn hits_of(&self, rule: &Active, mask: u64, t: &crate::pattern::Tokens<'_>) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (i, (pat, &(a, b))) in rule.m.patterns.iter().zip(&rule.pattern_reqs).enumerate() {
            if !pattern_in(mask, i) {
                continue;
            }
            let present = self.reqs[a as usize..b as usize].iter().all(|r| {
                let (at, n) = (r.hashes.0 as usize, r.hashes.1 as usize);
                t.forms
                    .has_any(&r.mask, &self.req_hashes[at..at + n], t.hashes)
            });
            if present {
                pat.find_into_checked(t, &mut hits);
            }
        }
        hits
    }

    // ----- lexical -----

    fn lexical(
        &self,
        p: &Prepared<'_>,
        s: usize,
        rule: &Active,
        patterns: u64,
        out: &mut Vec<Finding>,
    ) {
        let t = p.tokens(s);
        let mut hits = self.hits_of(rule, patterns, &t);
        hits.extend(regex_hits(p, s, &rule.m.regex));
        for hit in hits {
            if !self.context_ok(p, s, hit.start, hit.end, &rule.m) {
                continue;
            }
            let referent = if rule.m.subject == SubjectMode::Child {
                // A cue whose clause is about an adult is not about a child.
                let Some(r) = referent::child_subject(p, s, hit.start) else {
                    continue;
                };
                r
            } else {
                subject_for(p, s, hit, rule.m.subject, false)
            };
            out.push(finding(p, s, rule, hit, referent, None));
        }
    }

    /// Checks `unless` and `require` around tokens `start..end`.
    fn context_ok(
        &self,
        p: &Prepared<'_>,
        s: usize,
        start: usize,
        end: usize,
        m: &Compiled,
    ) -> bool {
        if m.unless.is_empty() && m.require.is_empty() {
            return true;
        }
        let sent = &p.sents[s];
        let (lo, hi) = match m.window {
            Some(w) => (start.saturating_sub(w), (end + w).min(sent.toks.len())),
            None => {
                let c = sent.clauses[sent.clause_of(start)].clone();
                (c.start.min(start), c.end.max(end))
            }
        };
        let t = p.tokens(s);
        let near = |pats: &[Pattern]| pats.iter().any(|x| x.any_match(&t, 0..hi, |h| h.end > lo));
        if near(&m.unless) {
            return false;
        }
        m.require.is_empty() || near(&m.require)
    }

    // ----- duty -----

    fn duty(
        &self,
        p: &Prepared<'_>,
        s: usize,
        rule: &Active,
        cache: &mut DutyCache,
        marker_cache: &mut MarkerCache,
        out: &mut Vec<Finding>,
    ) {
        let t = p.tokens(s);
        let sent = &p.sents[s];
        let mut seen: Vec<Subject> = Vec::new();
        // Rules whose markers are the same list (`$pliktmarkorer`) share its hits.
        let shared = match rule.m.markers.as_slice() {
            [one] => one.list_id(),
            _ => None,
        };
        let own: Vec<Hit>;
        let hits: &[Hit] = match shared {
            Some(id) => {
                let at = match marker_cache.iter().rposition(|(k, _)| *k == (s, id)) {
                    Some(at) => at,
                    None => {
                        marker_cache.push(((s, id), rule.m.markers[0].find_all(&t)));
                        marker_cache.len() - 1
                    }
                };
                &marker_cache[at].1
            }
            None => {
                own = rule
                    .m
                    .markers
                    .iter()
                    .flat_map(|pat| pat.find_all(&t))
                    .collect();
                &own
            }
        };
        for &hit in hits {
            // Bearer and domain do not depend on the rule: every duty rule of the pack shares
            // them for one marker (the rules differ in domains and look-alikes).
            let key = (s, hit.start, hit.end);
            let (bearer, domain) = match cache.iter().rev().find(|(k, _)| *k == key) {
                Some((_, v)) => *v,
                None => {
                    let authority = self.authority_before(p, s, hit.start);
                    let bearer = bearer(p, s, hit.start, hit.end, authority);
                    let comp = hit.end..(hit.end + 25).min(sent.toks.len());
                    let domain = bearer.is_some().then(|| self.domain(p, s, comp)).flatten();
                    cache.push((key, (bearer, domain)));
                    (bearer, domain)
                }
            };
            let Some(bearer) = bearer else {
                continue;
            };
            if !rule.m.domains.is_empty() && !domain.is_some_and(|d| rule.m.domains.contains(&d)) {
                continue;
            }
            if !self.context_ok(p, s, hit.start, hit.end, &rule.m) {
                continue;
            }
            // The complement: the rest of the sentence after the marker, at most 25 tokens.
            let comp_end = (hit.end + 25).min(sent.toks.len());
            if !rule.m.patterns.is_empty() {
                let ok = rule
                    .m
                    .patterns
                    .iter()
                    .any(|x| x.any_match(&t, hit.start..comp_end, |_| true));
                if !ok {
                    continue;
                }
            }
            if seen.contains(&bearer.subject) {
                continue;
            }
            seen.push(bearer.subject);
            out.push(finding(p, s, rule, hit, bearer, domain));
        }
    }

    /// Whether an authority phrase (`$myndighet`) stands in the marker's clause before it,
    /// before any person mention ("Socialtjänsten ska …", "Vi uppmanar mamman …").
    fn authority_before(&self, p: &Prepared<'_>, s: usize, marker: usize) -> bool {
        let Some(list) = &self.authority else {
            return false;
        };
        let sent = &p.sents[s];
        let clause = sent.clauses[sent.clause_of(marker)].clone();
        let t = p.tokens(s);
        let first_person =
            (clause.start..marker).find(|&i| sent.people[i].is_some_and(|w| w.is_individual()));
        list.any_entry_match(&t, clause.start..marker, |h| {
            h.end <= marker && first_person.is_none_or(|fp| h.start <= fp)
        })
    }

    /// The duty domain of the complement: of the domains whose list matches in it, the first
    /// in [`DOMAIN_PRIORITY`] (specific before general), so one duty gets one domain.
    fn domain(
        &self,
        p: &Prepared<'_>,
        s: usize,
        comp: std::ops::Range<usize>,
    ) -> Option<DutyDomain> {
        let t = p.tokens(s);
        let present = |d: DutyDomain| {
            self.domain_lists
                .iter()
                .filter(|(x, _)| *x == d)
                .any(|(_, list)| list.any_entry_match(&t, comp.clone(), |_| true))
        };
        DOMAIN_PRIORITY.iter().copied().find(|d| present(*d))
    }

    // ----- agentless -----

    fn agentless(
        &self,
        p: &Prepared<'_>,
        s: usize,
        rule: &Active,
        patterns: u64,
        out: &mut Vec<Finding>,
    ) {
        let t = p.tokens(s);
        let hits = self.hits_of(rule, patterns, &t);
        for hit in hits {
            if !self.context_ok(p, s, hit.start, hit.end, &rule.m) {
                continue;
            }
            if has_doer(p, s, hit.start, hit.end) || accident(p, s, hit.start) {
                continue;
            }
            let referent = subject_for(p, s, hit, rule.m.subject, true);
            out.push(finding(p, s, rule, hit, referent, None));
        }
    }

    // ----- absence -----

    /// The absence rules, for the case-level check in [`crate::absence`] (kept there: absence
    /// is judged over all documents of a case, never inside [`Engine::check`]).
    pub(crate) fn absence_rules(&self) -> Vec<crate::absence::AbsenceRule<'_>> {
        self.absence
            .iter()
            .map(|&(r, cued)| {
                let a = &self.rules[r as usize];
                crate::absence::AbsenceRule {
                    id: &a.id,
                    category: a.category,
                    m: &a.m,
                    index: r,
                    cued,
                }
            })
            .collect()
    }
}

/// Bearer and domain of each duty marker of a document, by (sentence, marker tokens).
/// A document has few duty markers, so a list searched from the end beats a hash map.
type DutyCache = Vec<(
    (usize, usize, usize),
    (Option<Referent>, Option<DutyDomain>),
)>;

/// Marker hits by (sentence, list identity), shared by the duty rules of one marker list.
type MarkerCache = Vec<((usize, usize), Vec<Hit>)>;

/// Sets rule `rule` in the bitset `set` and adds `patterns` to its mask.
#[inline]
fn mark(set: &mut [u64], masks: &mut [u64], rule: u32, patterns: u64) {
    let r = rule as usize;
    set[r / 64] |= 1 << (r % 64);
    masks[r] |= patterns;
}

/// Sorts cues by rule and merges those of one rule into one, with the union of their patterns.
fn merge_cues(cues: &mut Vec<Cue>) {
    cues.sort_unstable();
    cues.dedup_by(|next, kept| {
        let same = next.rule == kept.rule;
        if same {
            kept.patterns |= next.patterns;
        }
        same
    });
}

/// Keeps one finding per overlapping cue among those pushed since `before` (the first of
/// overlapping ones), in place.
fn dedupe(out: &mut Vec<Finding>, before: usize) {
    let mut kept = before;
    for i in before..out.len() {
        let (a, b) = (out[i].span.start, out[i].span.end);
        let overlaps = out[before..kept]
            .iter()
            .any(|k| k.span.start < b && a < k.span.end);
        if !overlaps {
            out.swap(kept, i);
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// Whether the character at byte `i` is part of a word.
fn word_char_at(s: &str, i: usize) -> bool {
    s.get(i..)
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// The sentence holding byte `pos`.
fn sentence_at(sents: &[crate::doc::Sent], pos: usize) -> Option<usize> {
    let i = sents.partition_point(|x| x.range.start <= pos);
    let s = i.checked_sub(1)?;
    (pos < sents[s].range.end).then_some(s)
}

/// Regex matches in sentence `s`, as token ranges.
fn regex_hits(p: &Prepared<'_>, s: usize, regexes: &[regex::Regex]) -> Vec<Hit> {
    let sent = &p.sents[s];
    let text = &p.doc.text[sent.range.clone()];
    let mut out = Vec::new();
    for re in regexes {
        for m in re.find_iter(text) {
            let (a, b) = (sent.range.start + m.start(), sent.range.start + m.end());
            let start = sent.toks.iter().position(|t| t.end > a);
            let end = sent.toks.iter().rposition(|t| t.start < b).map(|e| e + 1);
            if let (Some(start), Some(end)) = (start, end) {
                if start < end {
                    out.push(Hit {
                        start,
                        end,
                        slot: None,
                    });
                }
            }
        }
    }
    out
}

/// Subjects for the simple modes (auto, client, okänt).
fn simple_subject(
    p: &Prepared<'_>,
    s: usize,
    start: usize,
    end: usize,
    mode: SubjectMode,
) -> Referent {
    match mode {
        SubjectMode::Client => Referent {
            subject: referent::client_subject(p.doc.client_gender),
            role: Some(jamkoll_core::Role::Client),
        },
        SubjectMode::Okant => Referent::UNKNOWN,
        _ => referent::subject_of(p, s, start, end),
    }
}

/// The referent of a lexical or agentless cue under the rule's subject mode (`auto` means
/// `hidden` for agentless rules).
fn subject_for(
    p: &Prepared<'_>,
    s: usize,
    hit: Hit,
    mode: SubjectMode,
    agentless: bool,
) -> Referent {
    match mode {
        SubjectMode::Slot => hit
            .slot
            .map_or(Referent::UNKNOWN, |i| referent::resolve(p, s, i)),
        SubjectMode::Hidden => hidden(p, s, hit.start, hit.end),
        SubjectMode::Auto if agentless => hidden(p, s, hit.start, hit.end),
        mode => simple_subject(p, s, hit.start, hit.end, mode),
    }
}

/// Builds a finding for a cue at `hit`, with its scope under the rule's settings.
fn finding(
    p: &Prepared<'_>,
    s: usize,
    rule: &Active,
    hit: Hit,
    r: Referent,
    domain: Option<DutyDomain>,
) -> Finding {
    let scope = scope::scope_of(
        p,
        s,
        hit.start,
        hit.end,
        rule.m.negation == NegationMode::Scope,
        rule.m.reported == NegationMode::Scope,
    );
    let sent = &p.sents[s];
    let a = sent.toks[hit.start].start;
    let b = sent.toks[hit.end.max(hit.start + 1) - 1].end;
    Finding {
        rule: rule.id.clone(),
        category: rule.category,
        subject: r.subject,
        role: r.role,
        scope,
        domain,
        span: Span::new(a, b),
        sentence: Span::new(sent.range.start, sent.range.end),
    }
}

/// The order in which a duty's domain is decided when its complement has cues of several.
const DOMAIN_PRIORITY: &[DutyDomain] = &[
    DutyDomain::Sakerhet,
    DutyDomain::Partner,
    DutyDomain::Behandling,
    DutyDomain::Ekonomi,
    DutyDomain::Arbete,
    DutyDomain::Hem,
    DutyDomain::Barn,
];

/// Words between a modal and its subject in a verb-second clause.
const ADVERBS: &[&str] = &[
    "även",
    "också",
    "därför",
    "då",
    "nu",
    "alltid",
    "fortsatt",
    "fortsättningsvis",
    "själv",
    "själva",
    "dock",
    "vidare",
    "framöver",
    "i",
    "första",
    "hand",
];

/// The bearer of a duty whose marker is at tokens `start..end` (section 3 of the domain brief):
/// a possessor right before a nominal marker ("hennes ansvar"), the clause's subject before the
/// marker, the verb-second subject or the object of urging after it, or a *på/av* phrase
/// ("ansvaret ligger på pappan"); in a clause with no subject (an infinitive "att se till"),
/// the nearest person earlier in the sentence. The authority and groups bear no duty.
fn bearer(
    p: &Prepared<'_>,
    s: usize,
    start: usize,
    end: usize,
    authority_before: bool,
) -> Option<Referent> {
    let sent = &p.sents[s];
    let c = sent.clause_of(start);
    let clause = sent.clauses[c].clone();
    // A responsibility handed over or taken away is no duty placed: "Mamman har lämnat över
    // ansvaret för barnen till pappan", "Pappan har fråntagits ansvaret".
    if start > 0 && p.word(s, start) == "ansvaret" && TRANSFER.contains(&p.word(s, start - 1)) {
        return None;
    }
    // "hennes ansvar", "mammans uppgift"
    if start > 0 {
        if let Some(w) = sent.people[start - 1] {
            if w.case == crate::people::Case::Gen && w.is_individual() {
                return Some(referent::resolve(p, s, start - 1));
            }
        }
    }
    // "det är hennes ansvar att", "det är hans uppgift att": the possessor inside the marker.
    if let Some(i) = (start..end).find(|&i| {
        sent.people[i].is_some_and(|w| w.case == crate::people::Case::Gen && w.is_individual())
    }) {
        return Some(referent::resolve(p, s, i));
    }
    let pre = referent::clause_subject(p, s, c, start);
    if let Some(i) = pre {
        if referent::is_individual(p, s, i) {
            return Some(referent::resolve(p, s, i));
        }
    }
    // After the marker: V2 subject, object of urging, or på/av phrase. After "ansvaret för"
    // comes what the duty is for ("ansvaret för barnen ligger på …"), never its bearer.
    let mut j = if end > start && p.word(s, end - 1) == "för" {
        sent.toks.len()
    } else {
        end
    };
    // A marker ending in "att" ("det är viktigt att hon …") reaches into the next clause.
    let last = sent.clause_of(end.saturating_sub(1).max(start));
    let limit = (end + 4).min(sent.clauses[last].end.max(clause.end));
    while j < limit {
        let w = p.word(s, j);
        if let Some(pw) = sent.people[j] {
            if pw.is_individual() && pw.case != crate::people::Case::Gen {
                return Some(referent::resolve(p, s, j));
            }
            if pw.case == crate::people::Case::Gen
                && j + 1 < limit
                && referent::is_individual(p, s, j + 1)
            {
                return Some(referent::resolve(p, s, j + 1));
            }
            return None;
        }
        if !(ADVERBS.contains(&w)
            || matches!(
                w,
                "på" | "av" | "ligger" | "låg" | "vilar" | "läggs" | "lagts" | "åligger"
            ))
        {
            break;
        }
        j += 1;
    }
    // Nominal duty: "ansvaret för barnen ligger på pappan", "kraven ställs på honom". A
    // marker that ends its clause ("Ansvaret för | att barnen får sin medicin ligger på
    // mamman") is placed in the clause after it.
    let mut placed = false;
    let reach = sent.clauses[sent.clause_of(end.min(sent.toks.len().saturating_sub(1)))]
        .end
        .max(clause.end);
    for k in end..reach {
        let w = p.word(s, k);
        if matches!(
            w,
            "ligger"
                | "låg"
                | "vilar"
                | "läggs"
                | "lades"
                | "lagts"
                | "ställs"
                | "ställdes"
                | "åvilar"
        ) {
            placed = true;
        } else if placed && w == "på" {
            if let Some(i) = (k + 1..(k + 3).min(reach)).find(|&i| sent.people[i].is_some()) {
                return referent::is_individual(p, s, i).then(|| referent::resolve(p, s, i));
            }
        }
    }
    // A relative "som" is its clause's subject, so the noun before it bears the duty: "Kvinnan
    // som har haft kontakt med oss bör polisanmäla sambon", with or without commas.
    if pre.is_none()
        && clause.start > 0
        && p.word(s, clause.start) == "som"
        && referent::is_individual(p, s, clause.start - 1)
    {
        return Some(referent::resolve(p, s, clause.start - 1));
    }
    if pre.is_some() || authority_before {
        return None;
    }
    // No subject in the clause: inherit the nearest person earlier in the sentence.
    let opener = p.word(s, clause.start);
    let subjectless = clause.start == start
        || matches!(opener, "att" | "och" | "samt" | "men" | "eller")
        || (clause.start..start).all(|i| sent.people[i].is_none());
    if !subjectless {
        return None;
    }
    for i in (0..clause.start).rev() {
        let Some(w) = sent.people[i] else { continue };
        // A relative clause up to its comma ("Mamman, som har tre barn, ska …", "Pappan, som
        // hänvisar till modern i frågor om skolan, borde …") describes the bearer: the
        // people in it are not the bearer.
        let in_relative = (0..=i)
            .rev()
            .take_while(|&k| p.word(s, k) != ",")
            .any(|k| p.word(s, k) == "som" && sent.clauses.iter().any(|c| c.start == k));
        if in_relative {
            continue;
        }
        if w.case == crate::people::Case::Gen && sent.people.get(i + 1).copied().flatten().is_some()
        {
            continue;
        }
        return w.is_individual().then(|| referent::resolve(p, s, i));
    }
    None
}

/// Whether a received blow at token `start` ("fick ett slag", "har fått en smäll") is an
/// accident the sentence tells of ("… när han ramlade av cykeln"): a fall is no violence
/// without a doer, and falls fill elder-care notes.
fn accident(p: &Prepared<'_>, s: usize, start: usize) -> bool {
    matches!(p.word(s, start), "fick" | "får" | "fått")
        && (0..p.sents[s].toks.len()).any(|i| ACCIDENT.contains(&p.word(s, i)))
}

/// Words that tell of a fall or an accident.
const ACCIDENT: &[&str] = &[
    "föll",
    "fallit",
    "faller",
    "ramlade",
    "ramlat",
    "ramlar",
    "halkade",
    "halkat",
    "halkar",
    "snubblade",
    "snubblat",
    "snubblar",
    "fallolycka",
    "fallolyckan",
    "olycka",
    "olyckan",
    "trafikolycka",
    "trafikolyckan",
    "krockade",
    "krockat",
];

/// Words right before "ansvaret" that hand a responsibility over or take it away.
const TRANSFER: &[&str] = &[
    "över",
    "ifrån",
    "bort",
    "fråntagits",
    "fråntogs",
    "fråntagit",
    "fråntas",
    "fråntagen",
    "överlämnat",
    "överlämnade",
    "överlåtit",
    "överlät",
    "delegerat",
    "delegerade",
    "avsagt",
    "avsade",
    "frånsagt",
    "frånsade",
];

/// Words that make a clause passive (the subject is the victim, not the doer).
const PASSIVE: &[&str] = &[
    "blev",
    "blir",
    "bli",
    "blivit",
    "utsätts",
    "utsattes",
    "utsatts",
    "drabbas",
    "drabbades",
    "drabbats",
    "varit",
    "utsatt",
    "utsatta",
];

/// Whether the violence or conflict at tokens `start..end` has a doer in its clause: an
/// `av @person` after it, or an individual as the subject of an active clause.
fn has_doer(p: &Prepared<'_>, s: usize, start: usize, end: usize) -> bool {
    let sent = &p.sents[s];
    let c = sent.clause_of(start);
    let clause = sent.clauses[c].clone();
    for i in end..clause.end {
        if p.word(s, i) == "av" {
            let next = (i + 1..(i + 3).min(clause.end)).find(|&k| sent.people[k].is_some());
            if next.is_some_and(|k| referent::is_individual(p, s, k)) {
                return true;
            }
        }
    }
    // "fick stryk", "har fått en örfil": the subject receives the violence (only where the
    // event itself starts with the verb, so "Han fick ett utbrott och slog henne" stays his).
    let received = matches!(p.word(s, start), "fick" | "får" | "fått");
    let passive = received
        || clause.clone().any(|i| PASSIVE.contains(&p.word(s, i)))
        || (start..end).any(|i| {
            let w = p.word(s, i);
            w.len() > 5
                && (w.ends_with("ades")
                    || w.ends_with("des")
                    || w.ends_with("ogs")
                    || w.ends_with("ad")
                    || w.ends_with("en") && !w.ends_with("ten"))
        });
    if passive {
        return false;
    }
    let subject = referent::clause_subject(p, s, c, start);
    subject.is_some_and(|i| referent::is_individual(p, s, i) && !referent::is_authority(p, s, i))
}

/// The hidden doer: a partner or father with a known gender mentioned in the sentence or,
/// failing that, the document; else okänt.
///
/// The doer is never inferred from the victim's gender (a woman's doer as a man): that guess is
/// wrong for same-sex couples and for violence outside the family, and the research asks who the
/// text leaves out, not whom we presume.
fn hidden(p: &Prepared<'_>, s: usize, _start: usize, _end: usize) -> Referent {
    use jamkoll_core::Role;
    let order = std::iter::once(s).chain((0..p.sents.len()).filter(move |&x| x != s));
    for ps in order {
        for (i, w) in p.sents[ps].people.iter().enumerate() {
            let Some(w) = w else { continue };
            if matches!(w.role, Some(Role::Partner | Role::Father))
                && w.gender != jamkoll_core::Gender::Okant
            {
                return Referent {
                    subject: w.own_subject(),
                    role: w.role,
                };
            }
            let _ = i;
        }
    }
    Referent::UNKNOWN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn assert<T: Send + Sync>() {}
        assert::<Engine>();
    }
}
