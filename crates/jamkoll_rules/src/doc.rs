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

/// Every person word and clause word by its [`form_hash`], with the word itself (compared on
/// a hit, so a hash collision cannot change a result): one probe per token gives both.
fn word_table() -> &'static HashMap<u64, (&'static str, WordInfo), BuildHasherDefault<IdHasher>> {
    static TABLE: std::sync::OnceLock<
        HashMap<u64, (&'static str, WordInfo), BuildHasherDefault<IdHasher>>,
    > = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        people::table()
            .keys()
            .copied()
            .chain(text::flagged_words())
            .map(|w| (form_hash(w), (w, (people::lookup(w), text::word_flags(w)))))
            .collect()
    })
}

/// [`WordInfo`] of a folded token with form hash `h`.
#[inline]
fn word_info(w: &str, h: u64) -> WordInfo {
    if w.starts_with('[') {
        return (people::lookup(w), text::word_flags(w));
    }
    match word_table().get(&h) {
        Some((word, info)) if *word == w => *info,
        _ => (None, 0),
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
    pub flags: Vec<u8>,
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
    static SPARE: std::cell::RefCell<Vec<Sent>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for Prepared<'_> {
    fn drop(&mut self) {
        let sents = std::mem::take(&mut self.sents);
        let _ = SPARE.try_with(|x| {
            if let Ok(mut v) = x.try_borrow_mut() {
                let room = MAX_SPARE.saturating_sub(v.len());
                v.extend(sents.into_iter().take(room));
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
}

impl<'a> Prepared<'a> {
    /// Folds, splits and tokenizes the document, and finds its person mentions and clauses.
    /// `ranges` are its sentences.
    pub fn new(doc: Doc<'a>, folded: String, ranges: Vec<Range<usize>>) -> Prepared<'a> {
        let mut p = Prepared::tokenized(doc, folded, ranges);
        p.finish();
        p
    }

    /// The first half of [`Prepared::new`]: tokens and their form hashes only, which is all
    /// the prefilter needs. Call [`Prepared::finish`] before matching.
    pub fn tokenized(doc: Doc<'a>, folded: String, ranges: Vec<Range<usize>>) -> Prepared<'a> {
        // The sentences of earlier documents on this thread lend their buffers, so a document
        // allocates next to nothing (see `Drop`).
        let mut spare = SPARE.with(|x| x.try_borrow_mut().map(|mut v| std::mem::take(&mut *v)));
        let mut sents = Vec::with_capacity(ranges.len());
        for range in ranges {
            let mut sent = spare.as_mut().ok().and_then(Vec::pop).unwrap_or_default();
            text::tokens_into(&mut sent.toks, doc.text, range.clone());
            sent.range = range;
            sent.hashes.clear();
            sent.forms = FormBag::default();
            for t in &sent.toks {
                let h = form_hash(t.lower(&folded));
                sent.forms.add(h);
                sent.hashes.push(h);
            }
            sent.people.clear();
            sent.clauses.clear();
            sents.push(sent);
        }
        if let Ok(spare) = spare {
            SPARE.with(|x| {
                if let Ok(mut v) = x.try_borrow_mut() {
                    *v = spare;
                }
            });
        }
        Prepared { doc, folded, sents }
    }

    /// The second half of [`Prepared::new`]: person mentions and clauses.
    pub fn finish(&mut self) {
        let folded = &self.folded;
        for sent in &mut self.sents {
            sent.people.clear();
            sent.flags.clear();
            for (t, &h) in sent.toks.iter().zip(&sent.hashes) {
                let (person, flags) = word_info(t.lower(folded), h);
                sent.people.push(person);
                sent.flags.push(flags);
            }
            let people = &sent.people;
            text::clauses_into(&mut sent.clauses, &sent.toks, &sent.flags, |i| {
                people.get(i).is_some_and(Option::is_some)
            });
        }
    }

    /// The tokens of sentence `s`, for pattern matching.
    pub fn tokens(&self, s: usize) -> Tokens<'_> {
        Tokens {
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
