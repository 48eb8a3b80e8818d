//! Referents: whom a finding is about.
//!
//! A mention (pronoun, role noun, client word, placeholder) resolves to a subject (kvinna, man,
//! flicka, pojke, okänt) and, where the text says it, a role. Pronouns resolve through the
//! nearest earlier noun of their gender (so "dottern ... hon" gives flicka), client words
//! through the record's client gender, placeholders through the nearest pronoun.

use jamkoll_core::{Gender, Role, Subject};

use crate::doc::Prepared;
use crate::people::{Case, Class, Word};
use crate::text::TokKind;

/// Prepositions after which a mention is not a subject.
const PREPOSITIONS: &[&str] = &[
    "på", "av", "med", "för", "till", "från", "hos", "mot", "åt", "enligt", "utan", "trots",
    "kring", "inför", "efter", "före", "under", "över", "genom", "bland", "mellan", "vid", "i",
];

/// A resolved referent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Referent {
    pub subject: Subject,
    pub role: Option<Role>,
}

impl Referent {
    pub(crate) const UNKNOWN: Referent = Referent {
        subject: Subject::Okant,
        role: None,
    };
}

/// The subject of the record's client.
pub(crate) fn client_subject(gender: Gender) -> Subject {
    match gender {
        Gender::Kvinna => Subject::Kvinna,
        Gender::Man => Subject::Man,
        _ => Subject::Okant,
    }
}

/// Whether the child words son/dotter denote adults here (elder care: the client's children).
fn adult_children(p: &Prepared<'_>) -> bool {
    p.doc.area.is_some_and(|a| a.as_str() == "aldre")
}

/// Resolves the mention at token `i` of sentence `s`.
pub(crate) fn resolve(p: &Prepared<'_>, s: usize, i: usize) -> Referent {
    let Some(word) = p.sents[s].people[i] else {
        return Referent::UNKNOWN;
    };
    match word.class {
        Class::Noun => noun(p, s, i, word),
        Class::Client => Referent {
            subject: client_subject(p.doc.client_gender),
            role: Some(Role::Client),
        },
        Class::Pron => pronoun(p, s, i, word.gender),
        Class::Placeholder => placeholder(p, s, i),
        Class::Group | Class::Authority => Referent {
            subject: Subject::Okant,
            role: word.role,
        },
    }
}

fn noun(p: &Prepared<'_>, s: usize, i: usize, word: Word) -> Referent {
    let mut subject = word.own_subject();
    let w = p.word(s, i);
    let kin = w.starts_with("son")
        || w.starts_with("söner")
        || w.starts_with("dott")
        || w.starts_with("döttr");
    if kin && adult_children(p) {
        subject = match word.gender {
            Gender::Kvinna => Subject::Kvinna,
            Gender::Man => Subject::Man,
            _ => Subject::Okant,
        };
    }
    Referent {
        subject,
        role: word.role,
    }
}

/// A pronoun: its gender, made a girl or boy when the nearest earlier noun of that gender
/// (this and the two previous sentences) is a child word; the role of that noun.
fn pronoun(p: &Prepared<'_>, s: usize, i: usize, gender: Gender) -> Referent {
    let base = match gender {
        Gender::Kvinna => Subject::Kvinna,
        Gender::Man => Subject::Man,
        _ => return Referent::UNKNOWN,
    };
    for (ps, pi) in mentions_before(p, s, i, 2) {
        let Some(w) = p.sents[ps].people[pi] else {
            continue;
        };
        let r = match w.class {
            Class::Noun if w.gender == gender => noun(p, ps, pi, w),
            Class::Client if p.doc.client_gender == gender => Referent {
                subject: base,
                role: Some(Role::Client),
            },
            Class::Placeholder => {
                let r = placeholder(p, ps, pi);
                if r.subject.gender() != gender {
                    continue;
                }
                r
            }
            _ => continue,
        };
        return r;
    }
    Referent {
        subject: base,
        role: None,
    }
}

/// A placeholder ([NAMN]): the gender of the nearest pronoun after it (this and the next
/// sentence), else before it, else the client's; a girl or boy when an age under 18 follows
/// ("[NAMN], 9 år").
fn placeholder(p: &Prepared<'_>, s: usize, i: usize) -> Referent {
    let child = age_follows(p, s, i);
    let mut gender = None;
    'outer: for ps in s..(s + 2).min(p.sents.len()) {
        let start = if ps == s { i + 1 } else { 0 };
        for pi in start..p.sents[ps].toks.len() {
            if let Some(w) = p.sents[ps].people[pi] {
                if w.class == Class::Pron && w.gender != Gender::Okant {
                    gender = Some(w.gender);
                    break 'outer;
                }
            }
        }
    }
    if gender.is_none() {
        for (ps, pi) in mentions_before(p, s, i, 1) {
            if let Some(w) = p.sents[ps].people[pi] {
                if w.class == Class::Pron && w.gender != Gender::Okant {
                    gender = Some(w.gender);
                    break;
                }
            }
        }
    }
    let gender = gender.unwrap_or(if child {
        Gender::Okant
    } else {
        p.doc.client_gender
    });
    let subject = match (gender, child) {
        (Gender::Kvinna, true) => Subject::Flicka,
        (Gender::Man, true) => Subject::Pojke,
        (Gender::Kvinna, false) => Subject::Kvinna,
        (Gender::Man, false) => Subject::Man,
        _ => Subject::Okant,
    };
    Referent {
        subject,
        role: if child { Some(Role::Child) } else { None },
    }
}

/// Whether ", N år" with N under 18 follows token `i`.
fn age_follows(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    let toks = &p.sents[s].toks;
    let mut j = i + 1;
    if p.word(s, j) == "," {
        j += 1;
    }
    toks.get(j).is_some_and(|t| t.kind == TokKind::Number)
        && p.word(s, j).parse::<u32>().is_ok_and(|n| n < 18)
        && matches!(p.word(s, j + 1), "år" | "månader" | "mån")
}

/// Person mentions before (s, i), nearest first, going back `back` sentences.
fn mentions_before<'p>(
    p: &'p Prepared<'_>,
    s: usize,
    i: usize,
    back: usize,
) -> impl Iterator<Item = (usize, usize)> + 'p {
    let first = s.saturating_sub(back);
    (first..=s).rev().flat_map(move |ps| {
        let end = if ps == s { i } else { p.sents[ps].toks.len() };
        (0..end)
            .rev()
            .filter(move |&pi| p.sents[ps].people[pi].is_some())
            .map(move |pi| (ps, pi))
    })
}

/// Whether the mention at (s, i) can be a subject: nominative (or a placeholder, client word,
/// noun) and not right after a preposition.
pub(crate) fn is_subject_form(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    let Some(w) = p.sents[s].people[i] else {
        return false;
    };
    if w.case != Case::Nom {
        return false;
    }
    let prev = if i > 0 { p.word(s, i - 1) } else { "" };
    !PREPOSITIONS.contains(&prev) && prev != "sin" && prev != "sitt" && prev != "sina"
}

/// Whether the token at (s, i) is a person mention of an individual (not a group, not the
/// authority).
pub(crate) fn is_individual(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    p.sents[s].people[i].is_some_and(|w| w.is_individual())
}

/// Whether the token at (s, i) is the authority.
pub(crate) fn is_authority(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    p.sents[s].people[i].is_some_and(|w| w.class == Class::Authority)
}

/// The subject of the clause `c` of sentence `s` before token `before`: the first mention in
/// subject form (authority and groups included, so the caller can tell them apart).
pub(crate) fn clause_subject(p: &Prepared<'_>, s: usize, c: usize, before: usize) -> Option<usize> {
    let clause = p.sents[s].clauses[c].clone();
    (clause.start..before.min(clause.end)).find(|&i| is_subject_form(p, s, i))
}

/// The subject a descriptive cue at tokens `start..end` is about (the `auto` rule of
/// docs/rule-format.md): the person noun it modifies ("en aggressiv man"), else the clause's
/// subject or a possessor ("hennes klädsel"), else the verb-second subject after the cue,
/// else the nearest individual mention earlier in the sentence, else the client when the
/// sentence names no one, else okänt.
pub(crate) fn subject_of(p: &Prepared<'_>, s: usize, start: usize, end: usize) -> Referent {
    let sent = &p.sents[s];
    // The noun the cue modifies.
    if let Some(w) = sent.people.get(end).copied().flatten() {
        if w.class == Class::Noun && w.case == Case::Nom {
            return resolve(p, s, end);
        }
    }
    if p.word(s, end) == "man"
        && !matches!(
            p.word(s, end + 1),
            "kan" | "ska" | "inte" | "har" | "måste" | "bör"
        )
    {
        return Referent {
            subject: Subject::Man,
            role: None,
        };
    }
    let c = sent.clause_of(start);
    let clause = sent.clauses[c].clone();
    // The clause's subject or a possessor before the cue.
    for i in clause.start..start {
        let Some(w) = sent.people[i] else { continue };
        if !w.is_individual() {
            if w.case == Case::Nom && !matches!(w.class, Class::Authority) {
                return Referent::UNKNOWN;
            }
            continue;
        }
        if is_subject_form(p, s, i) {
            return resolve(p, s, i);
        }
        if w.case == Case::Gen && sent.people.get(i + 1).copied().flatten().is_none() {
            return resolve(p, s, i);
        }
    }
    // Else a person inside the cue ("enligt henne själv", "som mamma borde hon").
    if let Some(i) = (start..end).find(|&i| is_individual(p, s, i)) {
        return resolve(p, s, i);
    }
    // Verb-second: the subject right after the finite verb following the cue.
    for i in end..(end + 3).min(clause.end) {
        if is_individual(p, s, i) && is_subject_form(p, s, i) {
            return resolve(p, s, i);
        }
    }
    // The nearest individual mention earlier in the sentence.
    for i in (0..clause.start).rev() {
        let Some(w) = sent.people[i] else { continue };
        if w.is_individual()
            && (w.case != Case::Gen || sent.people.get(i + 1).copied().flatten().is_none())
        {
            return resolve(p, s, i);
        }
    }
    if sent
        .people
        .iter()
        .all(|w| w.is_none_or(|w| !w.is_individual()))
    {
        return Referent {
            subject: client_subject(p.doc.client_gender),
            role: None,
        };
    }
    Referent::UNKNOWN
}
