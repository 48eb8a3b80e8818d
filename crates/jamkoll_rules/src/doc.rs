//! One document prepared for matching: folded text, sentences, tokens, clauses and person
//! mentions. Built once per document that the prefilter let through.

use std::ops::Range;

use jamkoll_core::{Area, Gender};

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::pattern::{FormBag, IdHasher, Tokens, form_hash};
use crate::people::{self, Word};
use crate::text::{self, Tok};

/// What a token is for person mentions and clause splitting: its person word and its
/// [`text::word_flags`].
type WordInfo = (Option<Word>, u8);

/// What the engine knows of one form hash: the person or clause word with that hash (the
/// word is compared on a hit, so a hash collision cannot make a person), and the cues it
/// anchors, as a range of the engine's cue list.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    word: Option<(&'static str, WordInfo)>,
    cues: (u32, u32),
}

/// Person words, clause words and cue forms by [`form_hash`], so one probe per token tells
/// all three.
#[derive(Debug, Default)]
pub(crate) struct Words {
    map: HashMap<u64, Entry, BuildHasherDefault<IdHasher>>,
}

impl Words {
    /// Person and clause words, and the cue ranges `cues` by form hash (an engine's anchors).
    pub(crate) fn new(cues: impl IntoIterator<Item = (u64, (u32, u32))>) -> Words {
        let mut map: HashMap<u64, Entry, BuildHasherDefault<IdHasher>> = people::table()
            .keys()
            .copied()
            .chain(text::flagged_words())
            .map(|w| {
                let info = (people::lookup(w), text::word_flags(w));
                (
                    form_hash(w),
                    Entry {
                        word: Some((w, info)),
                        cues: (0, 0),
                    },
                )
            })
            .collect();
        for (h, range) in cues {
            map.entry(h).or_default().cues = range;
        }
        Words { map }
    }

    /// Person and clause words only (no cues), for preparing a document outside an engine.
    fn basic() -> &'static Words {
        static WORDS: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
        WORDS.get_or_init(|| Words::new([]))
    }
}

/// A document to check.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The text (pseudonymised).
    pub text: &'a str,
    /// The record's client gender: decides client words ("sökande", "klienten").
    pub client_gender: Gender,
    /// The record's area, if known (absence rules run only in their areas).
    pub area: Option<&'a Area>,
}

impl<'a> Doc<'a> {
    /// A document with unknown gender and area.
    pub fn new(text: &'a str) -> Doc<'a> {
        Doc {
            text,
            client_gender: Gender::Okant,
            area: None,
        }
    }
}

/// One sentence, tokenized.
#[derive(Debug, Default)]
pub(crate) struct Sent {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// Tokens.
    pub toks: Vec<Tok>,
    /// Clauses, as token ranges, in order, covering every token.
    pub clauses: Vec<Range<usize>>,
    /// The person word at each token, if any.
    pub people: Vec<Option<Word>>,
    /// [`form_hash`] of every token, for skipping patterns that cannot match.
    pub forms: FormBag,
    /// [`form_hash`] of each token, by position.
    pub hashes: Vec<u64>,
    /// [`text::word_flags`] of each token.
    flags: Vec<u8>,
}

impl Sent {
    /// The clause holding token `i`.
    pub fn clause_of(&self, i: usize) -> usize {
        self.clauses
            .iter()
            .position(|c| c.contains(&i))
            .unwrap_or(self.clauses.len().saturating_sub(1))
    }
}

/// Sentence buffers kept for the next document on this thread, at most this many.
const MAX_SPARE: usize = 1024;

thread_local! {
    /// The sentences of the last document prepared on this thread, lent to the next one so
    /// that it fills them in place (their buffers keep their allocations).
    static SPARE: std::cell::RefCell<Vec<Sent>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for Prepared<'_> {
    fn drop(&mut self) {
        let mut sents = std::mem::take(&mut self.sents);
        sents.append(&mut self.spare);
        sents.truncate(MAX_SPARE);
        let _ = SPARE.try_with(|x| {
            if let Ok(mut v) = x.try_borrow_mut() {
                if v.len() < sents.len() {
                    *v = sents;
                }
            }
        });
    }
}

/// A prepared document.
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    pub doc: Doc<'a>,
    pub folded: String,
    pub sents: Vec<Sent>,
    /// Sentence buffers this document did not need, given back on drop.
    spare: Vec<Sent>,
}

impl<'a> Prepared<'a> {
    /// Tokenizes the document (`folded` is its [`text::fold`], `ranges` its sentences), and
    /// finds its person mentions and clauses.
    pub fn new(doc: Doc<'a>, folded: String, ranges: Vec<Range<usize>>) -> Prepared<'a> {
        Prepared::with_words(doc, folded, ranges, Words::basic(), &mut Vec::new())
    }

    /// [`Prepared::new`] with an engine's [`Words`]: every token is looked up once, for its
    /// person word, its clause flags and the cues it anchors, which are appended to `cues`
    /// as (sentence, start, length) ranges of the engine's cue list.
    pub fn with_words(
        doc: Doc<'a>,
        folded: String,
        ranges: impl IntoIterator<Item = Range<usize>>,
        words: &Words,
        cues: &mut Vec<(u32, u32, u32)>,
    ) -> Prepared<'a> {
        // The sentences of earlier documents on this thread lend their buffers, filled in
        // place, so a document allocates next to nothing (see `Drop`).
        let mut sents = SPARE
            .with(|x| x.try_borrow_mut().map(|mut v| std::mem::take(&mut *v)))
            .unwrap_or_default();
        let mut n = 0;
        for (s, range) in ranges.into_iter().enumerate() {
            if s == sents.len() {
                sents.push(Sent::default());
            }
            n = s + 1;
            let sent = &mut sents[s];
            text::tokens_into(&mut sent.toks, doc.text, range.clone());
            sent.range = range;
            sent.hashes.clear();
            sent.people.clear();
            sent.flags.clear();
            sent.forms = FormBag::default();
            for t in &sent.toks {
                let w = t.lower(&folded);
                let h = form_hash(w);
                sent.forms.add(h);
                sent.hashes.push(h);
                let entry = words.map.get(&h);
                let (person, flags) = if w.starts_with('[') {
                    (people::lookup(w), text::word_flags(w))
                } else {
                    match entry.and_then(|e| e.word) {
                        Some((word, info)) if word == w => info,
                        _ => (None, 0),
                    }
                };
                sent.people.push(person);
                sent.flags.push(flags);
                if let Some(&Entry {
                    cues: (start, len @ 1..),
                    ..
                }) = entry
                {
                    cues.push((s as u32, start, len));
                }
            }
            let people = &sent.people;
            text::clauses_into(&mut sent.clauses, &sent.toks, &sent.flags, |i| {
                people.get(i).is_some_and(Option::is_some)
            });
        }
        let spare = sents.split_off(n);
        Prepared {
            doc,
            folded,
            sents,
            spare,
        }
    }

    /// The tokens of sentence `s`, for pattern matching.
    pub fn tokens(&self, s: usize) -> Tokens<'_> {
        Tokens {
            people: &self.sents[s].people,
            folded: &self.folded,
            toks: &self.sents[s].toks,
            forms: &self.sents[s].forms,
            hashes: &self.sents[s].hashes,
        }
    }

    /// Folded text of token `i` of sentence `s`.
    pub fn word(&self, s: usize, i: usize) -> &str {
        self.sents[s]
            .toks
            .get(i)
            .map_or("", |t| t.lower(&self.folded))
    }
}
