//! Person words: pronouns, role nouns, client words, groups and the authority.
//!
//! The words live in `data/people.txt` (data kept as data). The engine looks every token up
//! here to find person mentions, the subject candidates of a finding.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::pattern::{IdHasher, form_hash};

use jamkoll_core::{Gender, Role, Subject};

/// What kind of person word a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// hon, han, hen and their cases.
    Pron,
    /// mamman, pappan, kvinnan, sonen ...
    Noun,
    /// sökande, klienten, den enskilde: the record's client.
    Client,
    /// föräldrarna, paret, de: more than one person, never one subject.
    Group,
    /// socialtjänsten, handläggaren, vi: never a finding subject.
    Authority,
    /// [NAMN]: a pseudonymised name, resolved through a pronoun.
    Placeholder,
}

/// The grammatical case of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Can be a subject.
    Nom,
    /// Object form (henne, honom).
    Obj,
    /// A possessor (hennes, mammans).
    Gen,
}

/// One person word's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    /// Kind of word.
    pub class: Class,
    /// Gender the word itself gives (okänt for neutral words).
    pub gender: Gender,
    /// Role the word states.
    pub role: Option<Role>,
    /// Case.
    pub case: Case,
}

impl Word {
    /// The subject the word gives on its own (pronouns and placeholders need resolving).
    pub(crate) fn own_subject(&self) -> Subject {
        match (self.gender, self.role) {
            (Gender::Kvinna, Some(Role::Child)) => Subject::Flicka,
            (Gender::Man, Some(Role::Child)) => Subject::Pojke,
            (Gender::Kvinna, _) => Subject::Kvinna,
            (Gender::Man, _) => Subject::Man,
            _ => Subject::Okant,
        }
    }

    /// Whether the word can be the subject or bearer of a finding.
    pub(crate) fn is_individual(&self) -> bool {
        !matches!(self.class, Class::Group | Class::Authority)
    }
}

static DATA: &str = include_str!("../data/people.txt");

/// The person-word table, parsed once.
pub(crate) fn table() -> &'static HashMap<&'static str, Word> {
    static TABLE: OnceLock<HashMap<&'static str, Word>> = OnceLock::new();
    TABLE.get_or_init(|| parse(DATA))
}

/// Person words by their [`form_hash`](crate::pattern::form_hash), with the word itself.
type ByHash = HashMap<u64, (&'static str, Word), BuildHasherDefault<IdHasher>>;

/// The person-word table by form hash, built once.
fn by_hash() -> &'static ByHash {
    static TABLE: OnceLock<ByHash> = OnceLock::new();
    TABLE.get_or_init(|| {
        table()
            .iter()
            .map(|(w, word)| (form_hash(w), (*w, *word)))
            .collect()
    })
}

/// [`lookup`] of a folded word that is not a placeholder, given its form hash.
#[inline]
fn lookup_hashed(lower: &str, hash: u64) -> Option<Word> {
    by_hash()
        .get(&hash)
        .filter(|(w, _)| *w == lower)
        .map(|(_, word)| *word)
}

/// Looks a folded token up. Placeholders (`[namn]`, `[namn_2]`) are people too.
pub(crate) fn lookup(lower: &str) -> Option<Word> {
    if lower.starts_with('[') && lower.ends_with(']') {
        return Some(Word {
            class: Class::Placeholder,
            gender: Gender::Okant,
            role: None,
            case: Case::Nom,
        });
    }
    lookup_hashed(lower, form_hash(lower))
}

/// Parses `data/people.txt`. Malformed lines are skipped (a unit test keeps the file clean).
fn parse(data: &'static str) -> HashMap<&'static str, Word> {
    let mut map = HashMap::new();
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((head, forms)) = line.split_once('|') else {
            continue;
        };
        let head: Vec<&str> = head.split_whitespace().collect();
        let [class, gender, role, case] = head[..] else {
            continue;
        };
        let class = match class {
            "pron" => Class::Pron,
            "noun" => Class::Noun,
            "client" => Class::Client,
            "group" => Class::Group,
            "authority" => Class::Authority,
            _ => continue,
        };
        let gender = match gender {
            "kvinna" => Gender::Kvinna,
            "man" => Gender::Man,
            _ => Gender::Okant,
        };
        let role = role.parse::<Role>().ok();
        let case = match case {
            "obj" => Case::Obj,
            "gen" => Case::Gen,
            _ => Case::Nom,
        };
        for form in forms.split_whitespace() {
            map.insert(
                form,
                Word {
                    class,
                    gender,
                    role,
                    case,
                },
            );
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_is_well_formed_and_sorted() {
        for line in DATA
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let (head, forms) = line.split_once('|').expect("every line has a |");
            assert_eq!(head.split_whitespace().count(), 4, "{line}");
            let forms: Vec<&str> = forms.split_whitespace().collect();
            let mut sorted = forms.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(forms, sorted, "forms sorted and unique: {line}");
        }
    }

    #[test]
    fn person_words_have_distinct_form_hashes() {
        assert_eq!(by_hash().len(), table().len());
        for w in table().keys() {
            assert_eq!(
                lookup_hashed(w, form_hash(w)),
                table().get(w).copied(),
                "{w}"
            );
        }
        assert_eq!(lookup_hashed("bilen", form_hash("bilen")), None);
    }

    #[test]
    fn role_nouns_give_subjects() {
        assert_eq!(
            lookup("mamman").map(|w| w.own_subject()),
            Some(Subject::Kvinna)
        );
        assert_eq!(
            lookup("sonen").map(|w| w.own_subject()),
            Some(Subject::Pojke)
        );
        assert_eq!(lookup("dottern").map(|w| w.role), Some(Some(Role::Child)));
        assert_eq!(
            lookup("socialtjänsten").map(|w| w.class),
            Some(Class::Authority)
        );
        assert_eq!(
            lookup("[namn_2]").map(|w| w.class),
            Some(Class::Placeholder)
        );
    }
}
