//! One document prepared for matching: folded text, sentences, tokens, clauses and person
//! mentions. Built once per document that the prefilter let through.

use std::ops::Range;

use jamkoll_core::{Area, Gender};

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::pattern::{FormBag, IdHasher, Tokens, form_hash};
use crate::people::{self, Word};
use crate::text::{self, Tok, TokKind};

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
#[derive(Debug)]
pub(crate) struct Words {
    map: HashMap<u64, Entry, BuildHasherDefault<IdHasher>>,
    /// One bit per [`Words::slot`] of every key of `map`: most tokens of a text are no
    /// person, clause or cue word, and this 16 KB table (in L1 cache) turns them away
    /// before a probe of `map` (hundreds of KB, a cache miss).
    filter: Box<[u64; FILTER_WORDS]>,
    /// The [`form_hash`] of `far` (see [`unmark_verb_far`]).
    far: u64,
}

/// Words of [`Words::filter`].
const FILTER_WORDS: usize = 2048;

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
        let mut filter = Box::new([0u64; FILTER_WORDS]);
        for &h in map.keys() {
            let (w, bit) = Words::slot(h);
            filter[w] |= bit;
        }
        Words {
            map,
            filter,
            far: form_hash("far"),
        }
    }

    /// The filter word and bit of form hash `h` (bits 8 to 24: the top bits are
    /// [`FormBag`]'s, the low ones `map`'s buckets).
    #[inline(always)]
    fn slot(h: u64) -> (usize, u64) {
        let b = (h >> 8) as usize;
        ((b >> 6) % FILTER_WORDS, 1u64 << (b & 63))
    }

    /// What the engine knows of form hash `h`, if anything.
    #[inline(always)]
    fn get(&self, h: u64) -> Option<&Entry> {
        let (w, bit) = Words::slot(h);
        if self.filter[w] & bit == 0 {
            return None;
        }
        self.map.get(&h)
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

/// Fills one sentence's token data as the tokenizer finds each token: its form hash (and
/// the sentence's Bloom bits), its person word and clause flags, and the cues it anchors.
struct Fill<'x> {
    sent: &'x mut Sent,
    folded: &'x str,
    words: &'x Words,
    cues: &'x mut Vec<(u32, u32, u32)>,
    /// The sentence's number.
    s: u32,
    forms: FormBag,
    /// Whether a token is the person word `far` (see [`unmark_verb_far`]).
    far: bool,
}

/// The person word and clause flags of every placeholder (`[namn]`, `[namn_2]`): a person of
/// class placeholder, in no clause list.
fn placeholder_info() -> WordInfo {
    (people::lookup("[x]"), 0)
}

impl text::TokenSink for Fill<'_> {
    #[inline(always)]
    fn push(&mut self, t: Tok) {
        let w = t.lower(self.folded);
        let h = form_hash(w);
        self.forms.add(h);
        self.sent.hashes.push(h);
        let entry = self.words.get(h);
        let (person, flags) = if t.kind == TokKind::Placeholder {
            placeholder_info()
        } else {
            match entry.and_then(|e| e.word) {
                Some((word, info)) if same_form(word, w) => info,
                _ => (None, 0),
            }
        };
        // Forms of up to eight bytes have distinct hashes (see `same_form`): comparing the
        // hash is comparing the word, without a string compare per token.
        self.far |= person.is_some() && h == self.words.far;
        self.sent.people.push(person);
        self.sent.flags.push(flags);
        if let Some(&Entry {
            cues: (start, len @ 1..),
            ..
        }) = entry
        {
            self.cues.push((self.s, start, len));
        }
        self.sent.toks.push(t);
    }
}

/// Whether `word` equals `w`, given that both have the same [`form_hash`]: forms of one
/// length up to eight bytes have distinct hashes (each hashing step is a bijection), so only
/// longer ones are compared byte by byte.
#[inline(always)]
fn same_form(word: &str, w: &str) -> bool {
    word.len() == w.len() && (w.len() <= 8 || word == w)
}

/// Words after which `far` is the verb *fara* ("barnen far illa", "hon far hem"), not the
/// noun *far* (father).
const FAR_VERB_NEXT: &[&str] = &[
    "illa", "iväg", "hem", "hemåt", "bort", "ut", "in", "runt", "omkring", "dit", "hit", "fram",
    "vilse", "upp", "ner", "tillbaka", "fort", "sakta", "över", "genast", "direkt",
];

/// Whether `far` between the words `prev` and `next` (folded) is the verb *fara*: before an
/// adverb of its own ("far illa", "far hem"), or after a subject: a pronoun, "barnet"/"barnen",
/// or (`prev_subject`) any person word in subject form ("sonen far", "[NAMN] far"). Never after
/// a preposition: "hos far", "med far hem" are the father. The engine and the swap test both
/// decide with this.
pub(crate) fn far_is_verb(prev: &str, next: &str, prev_subject: bool) -> bool {
    !crate::referent::PREPOSITIONS.contains(&prev)
        && (FAR_VERB_NEXT.contains(&next)
            || prev_subject
            || matches!(
                prev,
                "hon" | "han" | "hen" | "de" | "vi" | "jag" | "du" | "man" | "barnet" | "barnen"
            ))
}

/// Unmarks `far` as a person word where it is the verb *fara* ([`far_is_verb`]). "Barnets
/// far", "hennes far", "far och mor", "hos far" stay the father. A father read into "barnet
/// far illa" would be a person the text never names: a hidden doer, a present father in a
/// child investigation.
fn unmark_verb_far(sent: &mut Sent, folded: &str) {
    for i in 0..sent.toks.len() {
        if sent.people[i].is_none() || sent.toks[i].lower(folded) != "far" {
            continue;
        }
        let word = |j: usize| sent.toks.get(j).map_or("", |t| t.lower(folded));
        let prev_subject = i > 0
            && (sent.toks[i - 1].kind == TokKind::Placeholder
                || sent.people[i - 1].is_some_and(|w| {
                    w.case == people::Case::Nom && w.class != people::Class::Authority
                }));
        let prev = if i > 0 { word(i - 1) } else { "" };
        if far_is_verb(prev, word(i + 1), prev_subject) {
            sent.people[i] = None;
        }
    }
}

/// Sentence buffers kept for the next document on this thread, at most this many.
const MAX_SPARE: usize = 1024;

thread_local! {
    /// The sentences of the last document prepared on this thread, lent to the next one so
    /// that it fills them in place (their buffers keep their allocations).
    static SPARE: std::cell::RefCell<Vec<Sent>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The folded text buffer of the last document prepared on this thread, likewise.
    static SPARE_FOLDED: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// Folded text buffers kept for the next document on this thread, at most this big (a huge
/// document's buffer is not held on to).
const MAX_SPARE_FOLDED: usize = 1 << 20;

/// [`text::fold`] of `text` into a buffer an earlier document on this thread gave back.
pub(crate) fn fold_reusing(text: &str) -> String {
    let mut out = SPARE_FOLDED
        .try_with(std::cell::Cell::take)
        .unwrap_or_default();
    text::fold_into(text, &mut out);
    out
}

impl Drop for Prepared<'_> {
    fn drop(&mut self) {
        let mut sents = std::mem::take(&mut self.sents);
        sents.append(&mut self.spare);
        sents.truncate(MAX_SPARE);
        let folded = std::mem::take(&mut self.folded);
        if folded.capacity() <= MAX_SPARE_FOLDED {
            let _ = SPARE_FOLDED.try_with(|x| x.set(folded));
        }
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
            sent.toks.clear();
            sent.hashes.clear();
            sent.people.clear();
            sent.flags.clear();
            // Each token is hashed and looked up as soon as it is found (one pass, its bytes
            // still in cache), not in a second walk over the token list.
            let mut fill = Fill {
                sent,
                folded: &folded,
                words,
                cues,
                s: s as u32,
                forms: FormBag::default(),
                far: false,
            };
            text::tokens_each(doc.text, range.clone(), &mut fill);
            let (forms, far) = (fill.forms, fill.far);
            let sent = &mut sents[s];
            sent.forms = forms;
            sent.range = range;
            if far {
                unmark_verb_far(sent, &folded);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Times each stage of preparation over a JSON Lines corpus named by `JAMKOLL_PREP_CORPUS`
    /// (one thread; run with `--release -- --ignored --nocapture`), to see where a document's
    /// preparation spends its time.
    #[test]
    #[ignore = "a timing tool, needs a corpus"]
    fn prep_stages() {
        let Ok(path) = std::env::var("JAMKOLL_PREP_CORPUS") else {
            return;
        };
        let data = std::fs::read_to_string(path).unwrap_or_default();
        let texts: Vec<String> = data
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
            .collect();
        let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
        let time = |name: &str, f: &dyn Fn(&str) -> usize| {
            let mut best = f64::MAX;
            let mut n = 0;
            // CPU time of this thread (the machine is shared, wall time is not).
            let cpu = || {
                std::fs::read_to_string("/proc/thread-self/schedstat")
                    .ok()
                    .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
                    .map_or(0.0, |ns| ns / 1e9)
            };
            for _ in 0..3 {
                let t = cpu();
                n = texts.iter().map(|x| f(x)).sum::<usize>();
                best = best.min(cpu() - t);
            }
            eprintln!("{name:<28} {best:.3} s {:7.1} MB/s  n={n}", mb / best);
        };
        time("fold", &|t| text::fold(t).len());
        time("sentences", &|t| text::sentence_ranges(t).count());
        /// Counts tokens, or adds up their form hashes.
        struct Sum<'f>(u64, Option<&'f str>);
        impl text::TokenSink for Sum<'_> {
            fn push(&mut self, t: Tok) {
                self.0 = self
                    .0
                    .wrapping_add(self.1.map_or(1, |f| form_hash(t.lower(f))));
            }
        }
        time("fold+sentences+tokens", &|t| {
            let f = text::fold(t);
            let mut n = Sum(0, None);
            for r in text::sentence_ranges(t) {
                text::tokens_each(t, r, &mut n);
            }
            n.0 as usize + f.len() % 2
        });
        time("..+hash", &|t| {
            let f = text::fold(t);
            let mut n = Sum(0, Some(&f));
            for r in text::sentence_ranges(t) {
                text::tokens_each(t, r, &mut n);
            }
            (n.0 & 1) as usize
        });
        let engine = crate::Engine::new(&crate::RulePack::embedded().unwrap());
        time("Prepared::new (basic words)", &|t| {
            let p = Prepared::new(Doc::new(t), text::fold(t), text::sentences(t));
            p.sents.len()
        });
        time("Engine::check", &|t| engine.check(&Doc::new(t)).len());
    }
}
