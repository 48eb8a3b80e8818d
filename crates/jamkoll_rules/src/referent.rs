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
pub(crate) const PREPOSITIONS: &[&str] = &[
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
    if word.gender == Gender::Okant && word.role == Some(Role::Partner) {
        return Referent {
            subject: partner_gender(p, s, i).map_or(Subject::Okant, client_subject),
            role: word.role,
        };
    }
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

/// The gender of a neutral partner word (sambon, partnern, medsökande) where the text decides
/// it: the first pronoun after it, in its sentence or the next, that is not of the client's
/// gender ("Sambon påstod att han saknar inkomst", "Klientens sambo har inte kontaktats. …
/// vill inte att han involveras"). A pronoun of the client's gender is taken to be the client,
/// and a gendered noun of the pronoun's gender in between is its nearer antecedent; then the
/// text does not decide, and the partner stays okänt.
fn partner_gender(p: &Prepared<'_>, s: usize, i: usize) -> Option<Gender> {
    let client = p.doc.client_gender;
    let mut between: Vec<Gender> = Vec::new();
    for ps in s..(s + 2).min(p.sents.len()) {
        let from = if ps == s { i + 1 } else { 0 };
        for pi in from..p.sents[ps].toks.len() {
            let Some(w) = p.sents[ps].people[pi] else {
                continue;
            };
            match w.class {
                Class::Pron if w.gender != Gender::Okant && w.case != Case::Gen => {
                    let client_known = matches!(client, Gender::Kvinna | Gender::Man);
                    if (client_known && w.gender == client) || between.contains(&w.gender) {
                        continue;
                    }
                    return Some(w.gender);
                }
                Class::Noun if w.gender != Gender::Okant => between.push(w.gender),
                _ => {}
            }
        }
    }
    None
}

/// Whether the child area makes a placeholder the child: in barn_unga the pseudonymised name
/// is the child's ("[NAMN] har hög frånvaro"), unless a parent or partner word stands right
/// next to it ("mamman [NAMN]", "[NAMN], pappa till …").
fn child_by_area(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    if !p.doc.area.is_some_and(|a| a.is_child_area()) {
        return false;
    }
    let sent = &p.sents[s];
    let adult =
        |k: usize| {
            sent.people.get(k).copied().flatten().is_some_and(|w| {
                matches!(w.role, Some(Role::Mother | Role::Father | Role::Partner))
            })
        };
    let mut after = i + 1;
    while matches!(p.word(s, after), "," | "är" | "som") {
        after += 1;
    }
    let before = i > 0 && adult(i - 1);
    !before && !adult(after)
}

/// Whether the mention at (s, i) is its clause's subject: the first mention of the clause, in
/// subject form.
fn is_clause_subject(p: &Prepared<'_>, s: usize, i: usize) -> bool {
    let sent = &p.sents[s];
    let c = sent.clause_of(i);
    clause_subject(p, s, c, i + 1) == Some(i)
}

/// A pronoun: its gender, made a girl or boy when its antecedent (this and the two previous
/// sentences) is a child word; the role of that antecedent. The antecedent is the nearest
/// earlier mention of that gender, unless that mention is not its clause's subject and a
/// subject of the same gender stands earlier in the same sentence: subjects are the likelier
/// antecedents ("Fadern har hämtat sonen. Han är arg" is the father; "Modern måste skydda
/// dottern och det är hennes ansvar" is the mother's). A child word of no gender (barnet,
/// tonåringen) or the child's placeholder counts when it was the subject of its clause
/// ("Barnet är tre år. Hon går på förskola" gives flicka), so "Pappan hämtar barnet. Han …"
/// stays the father.
fn pronoun(p: &Prepared<'_>, s: usize, i: usize, gender: Gender) -> Referent {
    let base = match gender {
        Gender::Kvinna => Subject::Kvinna,
        Gender::Man => Subject::Man,
        _ => return Referent::UNKNOWN,
    };
    // The nearest candidate that is not its clause's subject, and its sentence.
    let mut nearest: Option<(usize, Referent)> = None;
    for (ps, pi) in mentions_before(p, s, i, 2) {
        if let Some((ns, r)) = nearest {
            if ps < ns {
                return r;
            }
        }
        let Some(w) = p.sents[ps].people[pi] else {
            continue;
        };
        let r = match w.class {
            Class::Noun if w.gender == gender => noun(p, ps, pi, w),
            Class::Noun
                if w.gender == Gender::Okant
                    && w.role == Some(Role::Child)
                    && w.case == Case::Nom
                    && is_clause_subject(p, ps, pi)
                    && !adult_children(p) =>
            {
                Referent {
                    subject: if gender == Gender::Kvinna {
                        Subject::Flicka
                    } else {
                        Subject::Pojke
                    },
                    role: Some(Role::Child),
                }
            }
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
        if is_clause_subject(p, ps, pi) {
            return r;
        }
        if nearest.is_none() {
            nearest = Some((ps, r));
        }
    }
    nearest.map_or(
        Referent {
            subject: base,
            role: None,
        },
        |(_, r)| r,
    )
}

/// A placeholder ([NAMN]): the gender of the nearest pronoun after it (this and the next
/// sentence), else before it, else the client's; a girl or boy when an age under 18 follows
/// ("[NAMN], 9 år").
fn placeholder(p: &Prepared<'_>, s: usize, i: usize) -> Referent {
    let child = age_follows(p, s, i) || child_by_area(p, s, i);
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
    // In a child investigation the record's client is the child; elsewhere a child's
    // placeholder with no pronoun has no known gender.
    let gender = gender.unwrap_or(if !child || child_by_area(p, s, i) {
        p.doc.client_gender
    } else {
        Gender::Okant
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

/// The child a cue at token `start` is about (`subject = "barn"`): the subject of the cue's
/// clause when it is a child; `None` when that subject is a parent, partner or other adult
/// noun ("Barnets far har inte kontaktats" is about the father); else the nearest child
/// mention in the sentence, then in
/// the two before ("Dottern, 9 år, bor hos mamman. Barnsamtal har inte genomförts" gives
/// flicka); else okänt. Never the client by default: in a child investigation the record's
/// client gender may be a parent's.
pub(crate) fn child_subject(p: &Prepared<'_>, s: usize, start: usize) -> Option<Referent> {
    let sent = &p.sents[s];
    let is_child = |r: &Referent| {
        r.role == Some(Role::Child) || matches!(r.subject, Subject::Flicka | Subject::Pojke)
    };
    if let Some(i) = clause_subject(p, s, sent.clause_of(start), start) {
        if is_individual(p, s, i) {
            let r = resolve(p, s, i);
            if is_child(&r) {
                return Some(r);
            }
            // A parent or partner named as the subject: the cue is about an adult. A
            // placeholder, client word or pronoun of no such role may still stand for the
            // child ("[NAMN] har inte fått komma till tals"): look for the child below.
            if matches!(r.role, Some(Role::Mother | Role::Father | Role::Partner))
                || sent.people[i].is_some_and(|w| w.class == Class::Noun)
            {
                return None;
            }
        }
    }
    let here = (start..sent.toks.len()).map(|i| (s, i));
    here.chain(mentions_before(p, s, start, 2))
        .filter(|&(ps, pi)| p.sents[ps].people[pi].is_some_and(|w| w.role == Some(Role::Child)))
        .map(|(ps, pi)| resolve(p, ps, pi))
        .find(is_child)
        .map_or(Some(Referent::UNKNOWN), Some)
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
    // Verb-second: the subject right after the finite verb following the cue. A cue that
    // opens its clause may be a longer fronted phrase ("Under påverkan av alkohol blev han"):
    // past three tokens only a subject pronoun counts, since a noun there is as often an
    // object ("Aggressivt beteende hos pappan gör mamman rädd").
    let reach = if start == clause.start { 5 } else { 3 };
    for i in end..(end + reach).min(clause.end) {
        let pronoun = sent.people[i].is_some_and(|w| w.class == Class::Pron);
        if is_individual(p, s, i) && is_subject_form(p, s, i) && (i < end + 3 || pronoun) {
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

#[cfg(test)]
mod tests {
    use jamkoll_core::Area;

    use super::*;
    use crate::doc::Doc;
    use crate::text;

    /// The referent of token `word` (its first occurrence) in `text`.
    fn who(text: &str, word: &str, gender: Gender, area: Option<&str>) -> Referent {
        let area = area.map(Area::new);
        let doc = Doc {
            text,
            client_gender: gender,
            area: area.as_ref(),
        };
        let p = Prepared::new(doc, text::fold(text), text::sentences(text));
        for s in 0..p.sents.len() {
            if let Some(i) = (0..p.sents[s].toks.len()).find(|&i| p.word(s, i) == word) {
                return resolve(&p, s, i);
            }
        }
        panic!("no token {word:?} in {text:?}");
    }

    #[test]
    fn in_a_child_investigation_the_placeholder_is_the_child() {
        let text = "[NAMN] har hög frånvaro i skolan. Han har svårt att koncentrera sig.";
        let r = who(text, "han", Gender::Man, Some("barn_unga"));
        assert_eq!((r.subject, r.role), (Subject::Pojke, Some(Role::Child)));
        let r = who(text, "[namn]", Gender::Man, Some("barn_unga"));
        assert_eq!(r.subject, Subject::Pojke);
        // No pronoun: the record's client (the child) gives the gender.
        let r = who(
            "[NAMN] är välbyggd för att vara 14 år.",
            "[namn]",
            Gender::Kvinna,
            Some("barn_unga"),
        );
        assert_eq!(r.subject, Subject::Flicka);
        // Elsewhere the placeholder is an adult client.
        let r = who(
            "[NAMN] har hög frånvaro från praktiken.",
            "[namn]",
            Gender::Kvinna,
            Some("ekonomiskt_bistand"),
        );
        assert_eq!(r.subject, Subject::Kvinna);
    }

    #[test]
    fn a_placeholder_next_to_a_parent_word_is_the_parent() {
        let r = who(
            "Mamman [NAMN] arbetar heltid och hon hämtar sonen varje dag.",
            "[namn]",
            Gender::Man,
            Some("barn_unga"),
        );
        assert_eq!(r.subject, Subject::Kvinna);
    }

    #[test]
    fn a_pronoun_after_a_neutral_child_word_that_was_the_subject() {
        let r = who(
            "Barnet är tre år. Hon går på förskola.",
            "hon",
            Gender::Okant,
            Some("barn_unga"),
        );
        assert_eq!(r.subject, Subject::Flicka);
        // The child as object does not take the pronoun from the father.
        let r = who(
            "Pappan hämtar barnet på förskolan. Han kör bil.",
            "han",
            Gender::Okant,
            Some("barn_unga"),
        );
        assert_eq!((r.subject, r.role), (Subject::Man, Some(Role::Father)));
    }

    #[test]
    fn a_partner_takes_the_gender_of_a_pronoun_referring_back() {
        let r = who(
            "Sambon påstod vid förra besöket att han saknar inkomst.",
            "sambon",
            Gender::Kvinna,
            None,
        );
        assert_eq!((r.subject, r.role), (Subject::Man, Some(Role::Partner)));
        let r = who(
            "Klientens sambo har inte kontaktats. Klienten vill inte att han involveras.",
            "sambo",
            Gender::Kvinna,
            None,
        );
        assert_eq!(r.subject, Subject::Man);
        // A pronoun of the client's gender is the client: the text does not decide.
        let r = who(
            "Sambon har ett arbete. Hon söker bistånd för sig själv.",
            "sambon",
            Gender::Kvinna,
            None,
        );
        assert_eq!(r.subject, Subject::Okant);
        // Nothing after it: okänt, never a guess from the client's gender.
        let r = who(
            "Hennes sambo har inte kontaktats.",
            "sambo",
            Gender::Kvinna,
            None,
        );
        assert_eq!(r.subject, Subject::Okant);
        // A gendered noun in between is the pronoun's antecedent.
        let r = who(
            "Sambon har inte kontaktats men pappan säger att han kan komma.",
            "sambon",
            Gender::Kvinna,
            None,
        );
        assert_eq!(r.subject, Subject::Okant);
    }
}
