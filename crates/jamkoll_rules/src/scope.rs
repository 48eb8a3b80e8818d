//! Scopes: how the writer stands to a cue. Negation is clause-local; a reporting verb makes
//! the `att`-clauses after it the person's account; a condition makes its clause hypothetical.

use jamkoll_core::Scope;

use crate::doc::Prepared;
use crate::referent;

/// Words that negate what follows them in their clause.
const NEGATORS: &[&str] = &[
    "inte",
    "ej",
    "aldrig",
    "inga",
    "ingen",
    "inget",
    "ingenting",
    "icke",
    "varken",
    "utan",
    "knappast",
    "saknas",
];

/// Words that make their clause a condition or a possibility.
const HYPOTHETICAL: &[&str] = &[
    "eventuellt",
    "eventuell",
    "eventuella",
    "möjligen",
    "möjligtvis",
    "kanske",
    "ifall",
    "såvida",
    "förutsatt",
];

/// Clause openers of a condition.
const CONDITION_OPENERS: &[&str] = &["om", "ifall", "såvida", "förutsatt"];

/// Words after which `om` is a preposition ("berättar om", "orolig om", "tar hand om",
/// "ansöker om"), not the conditional "if": the clause it opens is not hypothetical.
const OM_PREPOSITION_AFTER: &[&str] = &[
    // berätta, prata, tala, fråga: an account or a question about something.
    "berätta",
    "berättar",
    "berättade",
    "berättat",
    "berättats",
    "berättelse",
    "berättelsen",
    "berättelser",
    "prata",
    "pratar",
    "pratade",
    "pratat",
    "tala",
    "talar",
    "talade",
    "talat",
    "fråga",
    "frågar",
    "frågade",
    "frågat",
    "frågan",
    "frågor",
    "frågorna",
    "samtal",
    "samtalet",
    "samtalat",
    "samtalar",
    "diskuterar",
    "diskuterade",
    "diskuterat",
    "uppgifter",
    "uppgiften",
    "information",
    "informationen",
    "informerar",
    "informerade",
    "informerat",
    "informerats",
    "vittnar",
    "vittnade",
    "vet",
    "visste",
    "vetat",
    "medveten",
    "medvetna",
    "kunskap",
    // oro: worry about someone.
    "oro",
    "oron",
    "orosanmälan",
    "orosanmälningar",
    "anmälan",
    "anmälningen",
    // care, applications, requests, decisions.
    "hand",
    "omsorg",
    "omsorgen",
    "ansöka",
    "ansöker",
    "ansökte",
    "ansökt",
    "ansökan",
    "ansökningen",
    "be",
    "ber",
    "bad",
    "bett",
    "handlar",
    "handlade",
    "handlat",
    "beslut",
    "beslutet",
    "beslutat",
    "överens",
    "överenskommelse",
    "tycker",
    "tyckte",
];

/// Multi-word hypothetical markers.
const HYPOTHETICAL_PHRASES: &[&[&str]] = &[
    &["i", "så", "fall"],
    &["vid", "behov"],
    &["i", "händelse", "av"],
    &["skulle", "kunna"],
    &["kan", "komma", "att"],
];

/// Reporting verbs: an `att`-clause after one of these is the speaker's account.
const REPORTING: &[&str] = &[
    "berättar",
    "berättade",
    "berättat",
    "uppger",
    "uppgav",
    "uppgett",
    "uppgivit",
    "säger",
    "sa",
    "sade",
    "sagt",
    "beskriver",
    "beskrev",
    "beskrivit",
    "upplever",
    "upplevde",
    "upplevt",
    "menar",
    "menade",
    "tycker",
    "tyckte",
    "tror",
    "trodde",
    "känner",
    "kände",
    "uttrycker",
    "uttryckte",
    "förklarar",
    "förklarade",
    "framför",
    "framförde",
    "påstår",
    "påstod",
    "påstått",
    "hävdar",
    "hävdade",
    "hävdat",
    "medger",
    "medgav",
    "förnekar",
    "förnekade",
    "nekar",
    "nekade",
    "svarar",
    "svarade",
    "skriver",
    "skrev",
    "meddelar",
    "meddelade",
    "bekräftar",
    "bekräftade",
    "vidhåller",
    "vidhöll",
    "insisterar",
    "insisterade",
    "framhåller",
    "framhöll",
    "betonar",
    "betonade",
    "klagar",
    "klagade",
    "anger",
    "angav",
    "uppfattar",
    "uppfattade",
    "oroar",
    "önskar",
    "önskade",
    "vill",
    "ville",
    "anför",
    "anförde",
    "understryker",
    "poängterar",
    "bedyrar",
    "bedyrade",
    "befarar",
    "misstänker",
    "misstänkte",
    "anser",
    "ansåg",
];

/// Opening and closing quote marks.
const QUOTES: &[&str] = &["”", "“", "\"", "»", "«", "„"];

/// The scope of a cue at tokens `start..end` of sentence `s`. `negation_counts` is false for
/// rules where the negation is part of the finding, `reported_counts` for rules where a
/// reporting frame does not change the scope.
pub(crate) fn scope_of(
    p: &Prepared<'_>,
    s: usize,
    start: usize,
    end: usize,
    negation_counts: bool,
    reported_counts: bool,
) -> Scope {
    let sent = &p.sents[s];
    let c = sent.clause_of(start);
    let clause = sent.clauses[c].clone();
    let w = |i: usize| p.word(s, i);

    if negation_counts {
        let before = (clause.start..start).any(|i| NEGATORS.contains(&w(i)));
        let after = (end..(end + 2).min(clause.end)).any(|i| NEGATORS.contains(&w(i)));
        let governed = w(clause.start) == "att" && governed_by_negation(p, s, c);
        let no_signs = (clause.start..start).any(|i| {
            phrase_at(p, s, i, &["inga", "tecken"]) || phrase_at(p, s, i, &["inget", "tyder"])
        });
        if before || after || governed || no_signs {
            return Scope::Negated;
        }
    }

    let first = w(clause.start);
    if (CONDITION_OPENERS.contains(&first) && !om_preposition(p, s, clause.start))
        || (clause.start..start).any(|i| {
            HYPOTHETICAL.contains(&w(i))
                || HYPOTHETICAL_PHRASES.iter().any(|ph| phrase_at(p, s, i, ph))
        })
    {
        return Scope::Hypothetical;
    }

    if reported_counts
        && (reported(p, s, c) || in_quote(p, s, start) || enligt_person(p, s, clause.start, start))
    {
        return Scope::Reported;
    }
    Scope::Asserted
}

/// Whether the `att`-clause `c` is governed by a negated clause: the clause before it, or,
/// through relative and `att`-clauses, the one they hang on ("det finns inget som tyder på att
/// …", "inga tecken på att …").
fn governed_by_negation(p: &Prepared<'_>, s: usize, c: usize) -> bool {
    let sent = &p.sents[s];
    let mut k = c;
    while k > 0 {
        k -= 1;
        if clause_has(p, s, k, NEGATORS) {
            return true;
        }
        if !matches!(p.word(s, sent.clauses[k].start), "som" | "att") {
            return false;
        }
    }
    false
}

/// Whether the `om` at token `i` is a preposition: the word before it takes `om` as one
/// ("berättat om pappan", "orolig om honom", "tar hand om henne").
fn om_preposition(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    p.word(s, i) == "om" && i > 0 && OM_PREPOSITION_AFTER.contains(&p.word(s, i - 1))
}

/// Whether clause `c` of sentence `s` holds one of `words`.
fn clause_has(p: &Prepared<'_>, s: usize, c: usize, words: &[&str]) -> bool {
    p.sents[s].clauses[c]
        .clone()
        .any(|i| words.contains(&p.word(s, i)))
}

/// Whether the words of `phrase` stand at token `i`.
fn phrase_at(p: &Prepared<'_>, s: usize, i: usize, phrase: &[&str]) -> bool {
    phrase
        .iter()
        .enumerate()
        .all(|(k, w)| p.word(s, i + k) == *w)
}

/// Whether clause `c` is inside someone's account: it opens with `att` (or follows a colon)
/// and the clause before it holds a reporting verb whose subject is not the authority, or is
/// itself such an account.
fn reported(p: &Prepared<'_>, s: usize, c: usize) -> bool {
    let sent = &p.sents[s];
    let mut c = c;
    while c > 0 {
        let clause = sent.clauses[c].clone();
        let opens = matches!(p.word(s, clause.start), "att" | "hur" | "vad" | "varför")
            || (clause.start > 0 && p.word(s, clause.start - 1) == ":")
            // "hon berättar om pappans utbrott": what she tells about is her account.
            || (om_preposition(p, s, clause.start)
                && REPORTING.contains(&p.word(s, clause.start - 1)));
        if !opens {
            return false;
        }
        let prev = sent.clauses[c - 1].clone();
        let has_verb = prev.clone().any(|i| REPORTING.contains(&p.word(s, i)));
        if has_verb {
            // Only a person's own account: not the authority's, not an agency's.
            let speaker = prev.clone().find(|&i| sent.people[i].is_some());
            return speaker.is_some_and(|i| referent::is_individual(p, s, i));
        }
        c -= 1;
    }
    false
}

/// Whether token `i` stands inside a quotation of three words or more.
fn in_quote(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    let sent = &p.sents[s];
    let is_quote = |k: usize| QUOTES.contains(&p.word(s, k));
    let Some(open) = (0..i).rev().find(|&k| is_quote(k)) else {
        return false;
    };
    // An even number of quote marks before `open` means `open` opens a quotation.
    if (0..open).filter(|&k| is_quote(k)).count() % 2 == 1 {
        return false;
    }
    let close = (i..sent.toks.len())
        .find(|&k| is_quote(k))
        .unwrap_or(sent.toks.len());
    close - open > 3
}

/// "enligt mamman är ..." (not "enligt henne själv", which is a doubt cue of its own).
fn enligt_person(p: &Prepared<'_>, s: usize, from: usize, to: usize) -> bool {
    (from..to).any(|i| {
        p.word(s, i) == "enligt"
            && referent::is_individual(p, s, i + 1)
            && !matches!(p.word(s, i + 2), "själv" | "egen")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Doc, Prepared};
    use crate::text;

    /// The scope of the first token `cue` in a one-sentence text.
    fn scope(text: &str, cue: &str) -> Scope {
        let p = Prepared::new(Doc::new(text), text::fold(text), text::sentences(text));
        let i = (0..p.sents[0].toks.len())
            .find(|&i| p.word(0, i) == cue)
            .unwrap_or_else(|| panic!("no token {cue:?} in {text:?}"));
        scope_of(&p, 0, i, i + 1, true, true)
    }

    #[test]
    fn om_after_berätta_is_not_a_condition() {
        // Regression: "berättat om" was read as "if".
        assert_eq!(
            scope(
                "Mamman har berättat om pappans aggressiva beteende i hemmet.",
                "aggressiva"
            ),
            Scope::Reported
        );
        assert_eq!(
            scope(
                "Skolan har talat om hans aggressiva beteende på rasterna.",
                "aggressiva"
            ),
            Scope::Asserted
        );
        assert_eq!(
            scope(
                "Det har kommit en orosanmälan om hans aggressiva beteende.",
                "aggressiva"
            ),
            Scope::Asserted
        );
        assert_eq!(
            scope(
                "Hon tar hand om honom och är ofta trött och ledsen.",
                "trött"
            ),
            Scope::Asserted
        );
    }

    #[test]
    fn a_real_condition_stays_hypothetical() {
        // "orolig om" is a worry about what may happen: still a condition.
        assert_eq!(
            scope(
                "Mamman är orolig om han blir aggressiv vid umgänget.",
                "aggressiv"
            ),
            Scope::Hypothetical
        );
        assert_eq!(
            scope(
                "Om han blir aggressiv ska personalen ringa polisen.",
                "aggressiv"
            ),
            Scope::Hypothetical
        );
        assert_eq!(
            scope(
                "Hon ska kontakta handläggaren om han blir aggressiv igen.",
                "aggressiv"
            ),
            Scope::Hypothetical
        );
    }

    #[test]
    fn negation_and_account_frames() {
        assert_eq!(
            scope(
                "Det finns inga tecken på att hon är aggressiv.",
                "aggressiv"
            ),
            Scope::Negated
        );
        assert_eq!(
            scope("Hon berättar att hon är orolig för sonen.", "orolig"),
            Scope::Reported
        );
    }
}
