//! Clause boundaries, good enough to bound the scope of a negation, a report or a condition.
//!
//! The heuristic, on the tokens of one sentence (all comparisons on lower-cased text):
//!
//! 1. `;` and `:` end a clause (the mark stays with the clause it closes).
//! 2. Subordinating words open a clause wherever they stand: `medan`, `eftersom`, `fastän`,
//!    `trots att`, `därför att`, `innan`, `ifall`. The two-word ones split before the first word.
//! 3. `men` opens a clause wherever it stands ("inte arg men ledsen": the negation stays left).
//! 4. `att` opens a subordinate clause when a subject follows it (a pronoun, a placeholder, a
//!    role noun such as "mamman", or `det`/`den`/`de`): "hon berättar | att hon är orolig".
//!    Before a verb it is an infinitive marker and does not split: "hon uppmanas att sätta
//!    gränser" stays one clause, so a duty keeps its complement. `för att`, `så att`, `utan att`
//!    split before the first word under the same condition.
//! 5. After a comma: `och`, `eller`, `samt` and `men` open a clause when a subject follows
//!    (", och hon"); `som`, `vilket`, `vilka`, `om`, `när`, `då`, `där`, `så`, `innan` open one
//!    directly; and a comma followed by a finite verb then a subject (", ska hon") closes a
//!    fronted subordinate clause.
//! 6. `och`/`eller` without a comma split only when a pronoun or placeholder subject follows
//!    ("och han slog"); "och förväntas skydda barnen" shares its subject and stays.
//!
//! Commas in lists ("arg, hotfull eller aggressiv") do not split, so "inga tecken på att hon är
//! arg, hotfull eller aggressiv" keeps the whole list under the negation.

use std::ops::Range;

use crate::token::{Token, TokenKind};

/// Clause boundaries of one sentence's tokens, as index ranges into `tokens` that cover it in
/// order without gaps. Never empty for a non-empty input.
///
/// ```
/// use jamkoll_text::{clauses, tokens, Span};
/// let text = "Hon berättar att hon är orolig, men han slog henne.";
/// let t = tokens(text, Span::new(0, text.len()));
/// let c: Vec<String> = clauses(&t).into_iter()
///     .map(|r| t[r].iter().map(|t| t.text).collect::<Vec<_>>().join(" ")).collect();
/// assert_eq!(c, ["Hon berättar", "att hon är orolig ,", "men han slog henne ."]);
/// ```
pub fn clauses(tokens: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        if i > start && opens_clause(tokens, i) {
            out.push(start..i);
            start = i;
        }
        let t = &tokens[i];
        if t.kind == TokenKind::Punct && matches!(t.text, ";" | ":") && i + 1 < tokens.len() {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Whether token `i` starts a new clause.
fn opens_clause(t: &[Token<'_>], i: usize) -> bool {
    let w = t[i].lower.as_ref();
    let next = t.get(i + 1).map(|t| t.lower.as_ref());
    let after_comma = i > 0 && t[i - 1].text == ",";
    match w {
        "medan" | "eftersom" | "fastän" | "ifall" | "men" => true,
        "innan" => true,
        "trots" | "därför" => next == Some("att"),
        "att" => {
            let prev = t[i - 1].lower.as_ref();
            // "trots att", "därför att" already split before their first word.
            !matches!(prev, "trots" | "därför" | "för" | "så" | "utan") && subject_at(t, i + 1)
        }
        "för" | "så" | "utan" if next == Some("att") => subject_at(t, i + 2),
        "och" | "eller" | "samt" => {
            if after_comma {
                subject_at(t, i + 1)
            } else {
                pronoun_at(t, i + 1)
            }
        }
        "som" | "vilket" | "vilka" | "om" | "när" | "då" | "där" | "så" => after_comma,
        _ => after_comma && FINITE_VERBS.contains(&w) && subject_at(t, i + 1),
    }
}

/// Pronouns and placeholders that stand as a clause subject.
fn pronoun_at(t: &[Token<'_>], i: usize) -> bool {
    t.get(i).is_some_and(|tok| {
        tok.kind == TokenKind::Placeholder || PRONOUNS.contains(&tok.lower.as_ref())
    })
}

/// A likely subject: a pronoun, a placeholder, `det`/`den`/`de`, a role noun, or a negation
/// or adverb followed by one ("att inte hon" is rare; "att hon inte" is the usual order).
fn subject_at(t: &[Token<'_>], i: usize) -> bool {
    pronoun_at(t, i)
        || t.get(i).is_some_and(|tok| {
            let w = tok.lower.as_ref();
            SUBJECT_WORDS.contains(&w) || ROLE_NOUNS.contains(&w)
        })
}

const PRONOUNS: &[&str] = &[
    "hon", "han", "hen", "de", "dom", "vi", "jag", "du", "ni", "man", "någon", "ingen",
];

const SUBJECT_WORDS: &[&str] = &[
    "det", "den", "detta", "dessa", "denne", "denna", "hennes", "hans", "deras", "hens", "barnet",
    "barnen", "familjen", "paret", "båda", "alla",
];

const ROLE_NOUNS: &[&str] = &[
    "mamman",
    "pappan",
    "modern",
    "fadern",
    "kvinnan",
    "mannen",
    "maken",
    "makan",
    "sambon",
    "dottern",
    "sonen",
    "flickan",
    "pojken",
    "föräldrarna",
    "föräldern",
    "klienten",
    "sökande",
    "sökanden",
    "den enskilde",
    "socialtjänsten",
    "nämnden",
    "handläggaren",
    "styvpappan",
    "styvmamman",
    "partnern",
    "exet",
    "exmaken",
    "pojkvännen",
    "flickvännen",
];

/// Finite verbs that, after a comma and before a subject, start the main clause after a
/// fronted subordinate clause ("Om hon kommer, ska hon ...").
const FINITE_VERBS: &[&str] = &[
    "ska", "skall", "skulle", "måste", "bör", "borde", "kan", "kunde", "får", "fick", "vill",
    "ville", "är", "var", "har", "hade", "blir", "blev", "behöver", "behövde", "kommer",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens;
    use jamkoll_core::Span;

    fn split(text: &str) -> Vec<String> {
        let t = tokens(text, Span::new(0, text.len()));
        clauses(&t)
            .into_iter()
            .map(|r| t[r].iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn semicolons_and_colons() {
        assert_eq!(
            split("Hon är trött; han är arg: det syns."),
            ["Hon är trött ;", "han är arg :", "det syns ."]
        );
    }

    #[test]
    fn att_splits_before_a_subject_not_before_a_verb() {
        assert_eq!(
            split("Mamman uppmanas att sätta gränser och förväntas skydda barnen."),
            ["Mamman uppmanas att sätta gränser och förväntas skydda barnen ."]
        );
        assert_eq!(
            split("Hon berättar att hon är orolig och att [NAMN] dricker."),
            [
                "Hon berättar",
                "att hon är orolig och",
                "att [NAMN] dricker ."
            ]
        );
    }

    #[test]
    fn negated_lists_stay_together() {
        assert_eq!(
            split("Det finns inga tecken på att hon är arg, hotfull eller aggressiv."),
            [
                "Det finns inga tecken på",
                "att hon är arg , hotfull eller aggressiv ."
            ]
        );
    }

    #[test]
    fn subordinators_and_coordination() {
        assert_eq!(
            split(
                "Han arbetar medan hon tar hand om barnen, och hon söker jobb trots att hon är sjuk."
            ),
            [
                "Han arbetar",
                "medan hon tar hand om barnen ,",
                "och hon söker jobb",
                "trots att hon är sjuk ."
            ]
        );
        assert_eq!(
            split("Hon är inte arg men ledsen eftersom pappan, som bor i [ORT], inte hör av sig."),
            [
                "Hon är inte arg",
                "men ledsen",
                "eftersom pappan ,",
                "som bor i [ORT] , inte hör av sig ."
            ]
        );
    }

    #[test]
    fn fronted_subordinate_clause() {
        assert_eq!(
            split("Om hon får jobb, ska hon betala hyran."),
            ["Om hon får jobb ,", "ska hon betala hyran ."]
        );
    }

    #[test]
    fn empty_input() {
        assert!(clauses(&[]).is_empty());
    }
}
