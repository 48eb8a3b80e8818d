//! The pattern language of rule files: parsing into token matchers, and matching on the tokens
//! of one sentence.
//!
//! A pattern is a sequence of elements separated by spaces (see the table in
//! `docs/rule-format.md`). Matching is a small backtracking search over the sentence's tokens;
//! patterns are a handful of elements long, so it is cheap, and it only runs on sentences the
//! prefilter let through.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::lexicon::Lexicon;
use crate::people;
use crate::text::{Tok, TokKind};

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    elems: Vec<Elem>,
    /// For each literal element (forms, exact forms, lists of such), the hashes of the
    /// whole-token forms it can match, smallest set first: every match holds one form of each
    /// set, so a sentence that lacks one is skipped with a few hash look-ups.
    required: Vec<Required>,
    /// The [`form_hash`]es the first element can match, when it is literal (forms, exact forms,
    /// or lists whose entries all start with one); `None` when it is not (`@person`, `_`, a
    /// compound head, a token regex). A list's index of the entries that can start at a token
    /// is built from these.
    first: Option<FormSet>,
    /// The first literal element that stands a fixed number of tokens from the start (only
    /// one-token atoms before it): that offset and the hashes it can match. Walks start only
    /// where the token at that offset has one of these hashes, so a pattern costs one hash
    /// probe per token rather than one walk per token, also when it opens with `@person` or
    /// `_` ("@person =som ..1 $konsroller" is tried one token before each "som").
    anchor: Option<(usize, FormSet)>,
    /// The Bloom bits of `anchor`, so most tokens are turned away without a probe of the set.
    anchor_mask: [u64; 4],
    /// Whether every element is one token (no gap, no list): then a match has one length,
    /// and the longest match at a token is found without backtracking.
    simple: bool,
}

/// A set of [`form_hash`]es. The hashes are already well mixed, so the set uses them as they
/// are instead of hashing them again (SipHash was a quarter of the run time).
pub(crate) type FormSet = HashSet<u64, std::hash::BuildHasherDefault<IdHasher>>;

/// A hasher that passes a `u64` through.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The form hashes of one sentence as a 256-bit Bloom filter, which answers most "not here"
/// questions with a few ANDs; the sentence's token hashes give the exact answer. Built while
/// tokenizing, with no allocation and no sort.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FormBag {
    bloom: [u64; 4],
}

/// The Bloom bits of a set of form hashes.
fn bloom_mask<'a>(hashes: impl IntoIterator<Item = &'a u64>) -> [u64; 4] {
    let mut mask = [0u64; 4];
    for &h in hashes {
        let (w, bit) = bloom_bit(h);
        mask[w] |= bit;
    }
    mask
}

/// Whether form hash `h` may be in the set with Bloom bits `mask` (no false negatives).
#[inline]
fn in_mask(mask: &[u64; 4], h: u64) -> bool {
    let (w, bit) = bloom_bit(h);
    mask[w] & bit != 0
}

/// The Bloom filter word and bit of a form hash (its top 8 bits).
#[inline]
fn bloom_bit(h: u64) -> (usize, u64) {
    let b = (h >> 56) as usize;
    (b >> 6, 1u64 << (b & 63))
}

impl FormBag {
    /// The bag of a sentence's token hashes.
    #[cfg(test)]
    pub(crate) fn new(hashes: &[u64]) -> FormBag {
        let mut bag = FormBag::default();
        for &h in hashes {
            bag.add(h);
        }
        bag
    }

    /// Adds a token's form hash.
    #[inline]
    pub(crate) fn add(&mut self, h: u64) {
        let (w, bit) = bloom_bit(h);
        self.bloom[w] |= bit;
    }

    /// Whether a token of the sentence may have form hash `h` (no false negatives).
    #[inline]
    fn may_contain(&self, h: u64) -> bool {
        in_mask(&self.bloom, h)
    }

    /// Whether a token of the sentence (its token `hashes`, which this bag holds) has one of
    /// the sorted form hashes `set`, whose Bloom bits are `mask` (see [`Required::present`]).
    #[inline]
    pub(crate) fn has_any(&self, mask: &[u64; 4], set: &[u64], hashes: &[u64]) -> bool {
        let overlap = (0..4).any(|w| mask[w] & self.bloom[w] != 0);
        if !overlap {
            return false;
        }
        // A large set (a lemma's forms, an expanded regex) is searched for each of the
        // sentence's few forms; a small one is looked for among the sentence's tokens.
        if set.len() > 4 * hashes.len() {
            hashes
                .iter()
                .any(|h| self.may_contain(*h) && set.binary_search(h).is_ok())
        } else {
            set.iter()
                .any(|&h| self.may_contain(h) && hashes.contains(&h))
        }
    }
}

/// One required element of a pattern: the hashes of the forms it can match, and their Bloom
/// bits, so a sentence lacking all of them is usually rejected with four ANDs.
#[derive(Debug, Clone)]
struct Required {
    mask: [u64; 4],
    hashes: Box<[u64]>,
}

impl Required {
    fn new(mut hashes: Box<[u64]>) -> Required {
        hashes.sort_unstable();
        let mask = bloom_mask(hashes.iter());
        Required { mask, hashes }
    }

    /// Whether a token of the sentence (its `bag` and token `hashes`) has one of the forms.
    fn present(&self, bag: &FormBag, hashes: &[u64]) -> bool {
        bag.has_any(&self.mask, &self.hashes, hashes)
    }
}

/// The hash of a folded token form: the sentence's forms and the patterns' forms are compared
/// by it. Eight bytes a step (a token is one or two steps), then MurmurHash3's finalizer, so
/// every bit is mixed (the Bloom filter uses the top ones). Distinct forms of up to eight
/// bytes never collide: each step is a bijection of the word read.
#[inline]
pub(crate) fn form_hash(form: &str) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = form.as_bytes();
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h ^ tail_word(rest)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The 1 to 7 bytes of `rest` as a little-endian word (zeros above), read as two overlapping
/// fixed-size loads rather than a copy of variable length (which costs a `memcpy` call).
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let le32 = |b: &[u8]| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let le16 = |b: &[u8]| u64::from(u16::from_le_bytes([b[0], b[1]]));
    if n >= 4 {
        le32(rest) | (le32(&rest[n - 4..]) << (8 * (n - 4)))
    } else if n >= 2 {
        le16(rest) | (le16(&rest[n - 2..]) << (8 * (n - 2)))
    } else {
        rest.first().map_or(0, |&b| u64::from(b))
    }
}

/// One position of a pattern.
#[derive(Debug, Clone)]
enum Elem {
    /// Any of the alternatives, at this position.
    Alt(Vec<Unit>),
    /// Skip 0 to N tokens.
    Gap(usize),
}

/// One alternative: a single-token atom, or a named list (any of its patterns).
#[derive(Debug, Clone)]
enum Unit {
    Atom(Atom),
    List(List),
}

/// A named list as a pattern element: its patterns, and which of them can start at a token.
#[derive(Debug, Clone)]
pub(crate) struct List {
    pats: Arc<Vec<Pattern>>,
    index: Arc<FirstIndex>,
}

/// The patterns of a list that can start at a token, by the token's [`form_hash`]: a list
/// element costs one look-up per position instead of one walk per entry.
#[derive(Debug, Default)]
struct FirstIndex {
    /// Entries (in list order) whose first element can match a form with this hash, together
    /// with the entries that can start anywhere.
    by_hash: HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<IdHasher>>,
    /// Entries that can start at any token (their first element is not literal).
    anywhere: Vec<u32>,
    /// The Bloom bits of the keys of `by_hash`: most tokens start no entry, and are told so
    /// without a probe.
    mask: [u64; 4],
}

impl FirstIndex {
    fn new(pats: &[Pattern]) -> FirstIndex {
        let mut index = FirstIndex::default();
        for (i, p) in pats.iter().enumerate() {
            let i = i as u32;
            match &p.first {
                None => index.anywhere.push(i),
                Some(f) => {
                    for h in f {
                        index.by_hash.entry(*h).or_default().push(i);
                    }
                }
            }
        }
        for v in index.by_hash.values_mut() {
            v.extend(index.anywhere.iter().copied());
            v.sort_unstable();
            v.dedup();
        }
        index.mask = bloom_mask(index.by_hash.keys());
        index
    }

    /// The entries to try at a token with form hash `h`, in list order.
    #[inline]
    fn at(&self, h: u64) -> &[u32] {
        if !in_mask(&self.mask, h) {
            return &self.anywhere;
        }
        self.by_hash.get(&h).map_or(&self.anywhere, Vec::as_slice)
    }
}

impl List {
    /// Whether some entry of the list, taken on its own, has a match starting at a token in
    /// `starts` that satisfies `pred` (what `list.iter().flat_map(find_all).any(pred)` asks,
    /// trying only the entries that can start at each token).
    pub(crate) fn any_entry_match(
        &self,
        t: &Tokens<'_>,
        starts: std::ops::Range<usize>,
        mut pred: impl FnMut(Hit) -> bool,
    ) -> bool {
        for start in starts.start..starts.end.min(t.toks.len()) {
            for &pi in self.index.at(t.hashes[start]) {
                let p = &self.pats[pi as usize];
                if t.may_match(&p.required) && p.longest_at(t, start).is_some_and(&mut pred) {
                    return true;
                }
            }
        }
        false
    }

    /// Wraps a compiled list for use as a pattern element.
    pub(crate) fn new(pats: Arc<Vec<Pattern>>) -> List {
        let index = Arc::new(FirstIndex::new(&pats));
        List { pats, index }
    }

    /// The [`form_hash`]es the list's entries can start with, or `None` when an entry can
    /// start anywhere.
    fn first(&self) -> Option<FormSet> {
        let mut out = FormSet::default();
        for p in self.pats.iter() {
            out.extend(p.first.as_ref()?.iter().copied());
        }
        Some(out)
    }
}

/// A single-token test.
#[derive(Debug, Clone)]
enum Atom {
    /// Any form of a lemma: the forms (for the prefilter) and their [`form_hash`]es (for
    /// matching).
    Forms(Arc<HashSet<String>>, Arc<FormSet>),
    /// Exactly this folded form, and its [`form_hash`] (compared first: most tokens differ).
    Exact(String, u64),
    /// A word whose compound head is a form of the lemma.
    Compound(Arc<HashSet<String>>),
    /// Any one token.
    Any,
    /// A person mention.
    Person,
    /// A token whose folded text matches the regex in full.
    Regex(regex::Regex),
}

/// A pattern match: token range and the token the `@person` slot matched, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The token an `@person` element matched.
    pub slot: Option<usize>,
}

/// What the prefilter needs from a pattern: literal token forms, one of which every match
/// contains. `compound` forms may stand at the end of a longer word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Anchor {
    /// The folded form.
    pub form: String,
    /// Whether the form may end a compound word.
    pub compound: bool,
}

/// Everything a pattern needs to be compiled.
pub(crate) struct Compiler<'a> {
    /// The lexicon.
    pub lexicon: &'a Lexicon,
    /// Named lists, compiled.
    pub lists: &'a HashMap<String, Arc<Vec<Pattern>>>,
    /// Cache of lemma forms.
    pub forms: HashMap<String, Arc<HashSet<String>>>,
}

/// Compound heads must leave at least this many bytes of modifier ("småbarns|mamman").
const MIN_MODIFIER: usize = 3;

impl Compiler<'_> {
    /// Compiles a pattern, or says what is wrong with it.
    pub(crate) fn compile(&mut self, src: &str, allow_lists: bool) -> Result<Pattern, String> {
        let mut elems = Vec::new();
        for word in src.split_whitespace() {
            if let Some(n) = word.strip_prefix("..") {
                let n: usize = n.parse().map_err(|_| {
                    format!("bad gap `{word}`: write `..N` with a number N, e.g. `..3`")
                })?;
                if elems.is_empty() {
                    return Err(format!("pattern cannot start with the gap `{word}`"));
                }
                elems.push(Elem::Gap(n));
                continue;
            }
            let sides: Vec<&str> = if word.starts_with('/') {
                vec![word]
            } else {
                word.split('|').collect()
            };
            let mut units = Vec::new();
            for side in sides {
                units.push(self.unit(side, allow_lists)?);
            }
            elems.push(Elem::Alt(units));
        }
        match elems.last() {
            None => Err("empty pattern".to_string()),
            Some(Elem::Gap(_)) => Err("pattern cannot end with a gap".to_string()),
            Some(_) => {
                let first = match &elems[0] {
                    Elem::Alt(units) => units_first(units),
                    Elem::Gap(_) => None,
                };
                let anchor = fixed_anchor(&elems);
                let mut required: Vec<Required> = elems
                    .iter()
                    .filter_map(|e| match e {
                        Elem::Alt(units) => units_anchors(units),
                        Elem::Gap(_) => None,
                    })
                    .filter(|a| a.iter().all(|x| !x.compound))
                    .map(|a| Required::new(a.iter().map(|x| form_hash(&x.form)).collect()))
                    .collect();
                required.sort_by_key(|r| r.hashes.len());
                let anchor_mask = anchor
                    .as_ref()
                    .map_or([u64::MAX; 4], |(_, set)| bloom_mask(set));
                let simple = elems.iter().all(|e| match e {
                    Elem::Alt(units) => units.iter().all(|u| matches!(u, Unit::Atom(_))),
                    Elem::Gap(_) => false,
                });
                Ok(Pattern {
                    elems,
                    required,
                    first,
                    anchor,
                    anchor_mask,
                    simple,
                })
            }
        }
    }

    fn unit(&mut self, side: &str, allow_lists: bool) -> Result<Unit, String> {
        if side.is_empty() {
            return Err("empty alternative in `a|b`".to_string());
        }
        if let Some(name) = side.strip_prefix('$') {
            if !allow_lists {
                return Err(format!("a list cannot use another list (`{side}`)"));
            }
            let list = self
                .lists
                .get(name)
                .ok_or_else(|| format!("unknown list `${name}` (no rules/lists/{name}.txt)"))?;
            return Ok(Unit::List(List::new(list.clone())));
        }
        if side.len() >= 2 && side.starts_with('/') && side.ends_with('/') {
            let re = &side[1..side.len() - 1];
            let re = regex::RegexBuilder::new(&format!("^(?:{re})$"))
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| format!("bad regex `{side}`: {}", one_line(&e.to_string())))?;
            // A regex with a small finite language is the set of forms it matches: a hash
            // probe per token, and an anchor for the prefilter.
            if let Some(forms) = crate::literal::finite_language(&side[1..side.len() - 1]) {
                if !forms.is_empty() {
                    let hashes: FormSet = forms.iter().map(|f| form_hash(f)).collect();
                    let forms: HashSet<String> = forms.into_iter().collect();
                    return Ok(Unit::Atom(Atom::Forms(Arc::new(forms), Arc::new(hashes))));
                }
            }
            return Ok(Unit::Atom(Atom::Regex(re)));
        }
        if side.starts_with('/') {
            return Err(format!(
                "bad regex `{side}`: a token regex is written `/re/` with no spaces"
            ));
        }
        if side == "_" {
            return Ok(Unit::Atom(Atom::Any));
        }
        if side == "@person" {
            return Ok(Unit::Atom(Atom::Person));
        }
        if side.starts_with('@') {
            return Err(format!("unknown slot `{side}`; the only slot is `@person`"));
        }
        if let Some(form) = side.strip_prefix('=') {
            if form.is_empty() {
                return Err("`=` needs a form after it, e.g. `=påstår`".to_string());
            }
            return Ok(Unit::Atom(exact(form.to_lowercase())));
        }
        if let Some(lemma) = side.strip_prefix('*') {
            return Ok(Unit::Atom(Atom::Compound(self.lemma(lemma)?)));
        }
        if !side.chars().any(char::is_alphanumeric) {
            // Punctuation (a quote mark, a colon) stands for itself.
            return Ok(Unit::Atom(exact(side.to_string())));
        }
        let forms = self.lemma(side)?;
        let hashes: FormSet = forms.iter().map(|f| form_hash(f)).collect();
        Ok(Unit::Atom(Atom::Forms(forms, Arc::new(hashes))))
    }

    fn lemma(&mut self, lemma: &str) -> Result<Arc<HashSet<String>>, String> {
        let key = lemma.to_lowercase();
        if let Some(f) = self.forms.get(&key) {
            return Ok(f.clone());
        }
        let forms = self.lexicon.forms(&key).ok_or_else(|| {
            format!(
                "unknown lemma `{lemma}` (not in the lexicon; write `={lemma}` for an exact form)"
            )
        })?;
        let set: Arc<HashSet<String>> = Arc::new(forms.into_iter().collect());
        self.forms.insert(key, set.clone());
        Ok(set)
    }
}

/// The atom for exactly the folded form `form`.
fn exact(form: String) -> Atom {
    let h = form_hash(&form);
    Atom::Exact(form, h)
}

/// The first line of a (multi-line) error message.
pub(crate) fn one_line(s: &str) -> String {
    let last = s
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

/// The tokens of one sentence, with their folded text.
pub(crate) struct Tokens<'a> {
    /// The folded document.
    pub folded: &'a str,
    /// The sentence's tokens.
    pub toks: &'a [Tok],
    /// [`form_hash`] of every token's folded text.
    pub forms: &'a FormBag,
    /// [`form_hash`] of each token, by position.
    pub hashes: &'a [u64],
    /// The person word at each token, if any (see [`people::lookup`]).
    pub people: &'a [Option<people::Word>],
}

impl Tokens<'_> {
    /// Whether a pattern with these required form hashes can match here at all.
    fn may_match(&self, required: &[Required]) -> bool {
        required.iter().all(|r| r.present(self.forms, self.hashes))
    }
}

impl Tokens<'_> {
    fn lower(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.lower(self.folded))
    }
}

impl Pattern {
    /// Every match in the sentence, leftmost first; at one start, the longest.
    pub(crate) fn find_all(&self, t: &Tokens<'_>) -> Vec<Hit> {
        let mut out = Vec::new();
        self.find_into(t, &mut out);
        out
    }

    /// [`Pattern::find_all`], appended to `out`.
    pub(crate) fn find_into(&self, t: &Tokens<'_>, out: &mut Vec<Hit>) {
        self.each(t, 0..t.toks.len(), &mut |h| {
            out.push(h);
            false
        });
    }

    /// Whether a match that starts at a token in `starts` satisfies `pred` (the matches
    /// [`Pattern::find_all`] gives, restricted to those starts), without allocating.
    pub(crate) fn any_match(
        &self,
        t: &Tokens<'_>,
        starts: std::ops::Range<usize>,
        mut pred: impl FnMut(Hit) -> bool,
    ) -> bool {
        self.each(t, starts, &mut pred)
    }

    /// Calls `f` with the longest match at each start in `starts`, leftmost first, until `f`
    /// returns true; returns whether it did.
    fn each(
        &self,
        t: &Tokens<'_>,
        starts: std::ops::Range<usize>,
        f: &mut dyn FnMut(Hit) -> bool,
    ) -> bool {
        if !t.may_match(&self.required) {
            return false;
        }
        self.each_checked(t, starts, f)
    }

    /// The Bloom bits and sorted form hashes of each required element (see
    /// [`Pattern::required`]), for a caller that keeps them in one flat table.
    pub(crate) fn required_sets(&self) -> impl Iterator<Item = (&[u64; 4], &[u64])> {
        self.required.iter().map(|r| (&r.mask, &*r.hashes))
    }

    /// [`Pattern::find_into`] for a caller that has checked the required elements itself
    /// (with [`Pattern::required_sets`]): the same matches, as the check only skips.
    pub(crate) fn find_into_checked(&self, t: &Tokens<'_>, out: &mut Vec<Hit>) {
        self.each_checked(t, 0..t.toks.len(), &mut |h| {
            out.push(h);
            false
        });
    }

    /// [`Pattern::each`] once the required elements are known present.
    fn each_checked(
        &self,
        t: &Tokens<'_>,
        starts: std::ops::Range<usize>,
        f: &mut dyn FnMut(Hit) -> bool,
    ) -> bool {
        let starts = starts.start..starts.end.min(t.toks.len());
        // A pattern that is only lists (`$pliktmarkorer`): at each token, try only the list
        // entries that can start there; the longest match wins, the first entry on a tie.
        if let [Elem::Alt(units)] = self.elems.as_slice() {
            if units.iter().all(|u| matches!(u, Unit::List(_))) {
                for start in starts {
                    let mut best: Option<Hit> = None;
                    for unit in units {
                        let Unit::List(list) = unit else { continue };
                        for &pi in list.index.at(t.hashes[start]) {
                            if let Some(h) = list.pats[pi as usize].longest_at(t, start) {
                                if best.is_none_or(|b| h.end > b.end) {
                                    best = Some(h);
                                }
                            }
                        }
                    }
                    if best.is_some_and(&mut *f) {
                        return true;
                    }
                }
                return false;
            }
        }
        let offset = self.anchor.as_ref().map_or(0, |(k, _)| *k);
        for start in starts {
            // The anchor element must match the token `offset` on, which must exist.
            let Some(&h) = t.hashes.get(start + offset) else {
                break;
            };
            if !in_mask(&self.anchor_mask, h)
                || self.anchor.as_ref().is_some_and(|(_, fs)| !fs.contains(&h))
            {
                continue;
            }
            if self.longest_at(t, start).is_some_and(&mut *f) {
                return true;
            }
        }
        false
    }

    /// An identity for a pattern that is exactly one named list (`$pliktmarkorer`): patterns
    /// with the same identity match the same tokens.
    pub(crate) fn list_id(&self) -> Option<usize> {
        match self.elems.as_slice() {
            [Elem::Alt(units)] => match units.as_slice() {
                [Unit::List(list)] => Some(Arc::as_ptr(&list.pats) as usize),
                _ => None,
            },
            _ => None,
        }
    }

    /// The longest match starting at token `start` (the first found among equally long ones).
    fn longest_at(&self, t: &Tokens<'_>, start: usize) -> Option<Hit> {
        if self.simple {
            return self.simple_at(t, start);
        }
        let mut best: Option<Hit> = None;
        self.walk(t, 0, start, start, None, &mut |end, slot| {
            if best.is_none_or(|b| end > b.end) {
                best = Some(Hit { start, end, slot });
            }
        });
        best
    }

    /// [`Pattern::longest_at`] of a simple pattern (one token an element): every match at
    /// `start` ends at the same token, so the first one [`Pattern::walk`] would find is the
    /// answer: at each element, the first unit that matches (its `@person` slot, if any).
    fn simple_at(&self, t: &Tokens<'_>, start: usize) -> Option<Hit> {
        let mut slot = None;
        let mut pos = start;
        for elem in &self.elems {
            let Elem::Alt(units) = elem else {
                return None;
            };
            if pos >= t.toks.len() {
                return None;
            }
            let atom = units.iter().find_map(|u| match u {
                Unit::Atom(a) if atom_matches(a, t, pos) => Some(a),
                _ => None,
            })?;
            if matches!(atom, Atom::Person) {
                slot = Some(pos);
            }
            pos += 1;
        }
        (pos > start).then_some(Hit {
            start,
            end: pos,
            slot,
        })
    }

    /// Matches element `ei` at token `pos`; calls `done(end, slot)` for every way to match the rest.
    fn walk(
        &self,
        t: &Tokens<'_>,
        ei: usize,
        start: usize,
        pos: usize,
        slot: Option<usize>,
        done: &mut dyn FnMut(usize, Option<usize>),
    ) {
        let Some(elem) = self.elems.get(ei) else {
            if pos > start {
                done(pos, slot);
            }
            return;
        };
        match elem {
            Elem::Gap(n) => {
                for skip in 0..=*n {
                    if pos + skip > t.toks.len() {
                        break;
                    }
                    self.walk(t, ei + 1, start, pos + skip, slot, done);
                }
            }
            Elem::Alt(units) => {
                for unit in units {
                    match unit {
                        Unit::Atom(atom) => {
                            if pos < t.toks.len() && atom_matches(atom, t, pos) {
                                let slot = if matches!(atom, Atom::Person) {
                                    Some(pos)
                                } else {
                                    slot
                                };
                                self.walk(t, ei + 1, start, pos + 1, slot, done);
                            }
                        }
                        Unit::List(list) => {
                            let Some(&h) = t.hashes.get(pos) else {
                                continue;
                            };
                            for &pi in list.index.at(h) {
                                let p = &list.pats[pi as usize];
                                let mut ends = Vec::new();
                                p.walk(t, 0, pos, pos, slot, &mut |end, s| ends.push((end, s)));
                                for (end, s) in ends {
                                    self.walk(t, ei + 1, start, end, s, done);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Literal forms one of which every match contains (for the prefilter), or `None` when the
    /// pattern has no literal element (it then runs on every sentence).
    pub(crate) fn anchors(&self) -> Option<Vec<Anchor>> {
        let mut best: Option<(usize, Vec<Anchor>)> = None;
        for elem in &self.elems {
            let Elem::Alt(units) = elem else { continue };
            if let Some(a) = units_anchors(units) {
                let cost = anchor_cost(&a);
                if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                    best = Some((cost, a));
                }
            }
        }
        best.map(|(_, a)| a)
    }
}

fn units_anchors(units: &[Unit]) -> Option<Vec<Anchor>> {
    let mut out = Vec::new();
    for unit in units {
        match unit {
            Unit::Atom(Atom::Forms(f, _)) => out.extend(f.iter().map(|s| Anchor {
                form: s.clone(),
                compound: false,
            })),
            Unit::Atom(Atom::Compound(f)) => out.extend(f.iter().map(|s| Anchor {
                form: s.clone(),
                compound: true,
            })),
            Unit::Atom(Atom::Exact(s, _)) => out.push(Anchor {
                form: s.clone(),
                compound: false,
            }),
            Unit::Atom(_) => return None,
            Unit::List(list) => {
                for p in list.pats.iter() {
                    out.extend(p.anchors()?);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Very common Swedish words: a sentence almost always holds one, so an element made of them
/// anchors the prefilter badly. Only the choice of anchor depends on this list, never a match.
const COMMON: &[&str] = &[
    "att", "och", "i", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har",
    "de", "inte", "om", "ett", "han", "hon", "men", "var", "sig", "så", "kan", "ska", "skall",
    "vid", "när", "från", "efter", "under", "sin", "sina", "sitt", "hennes", "hans", "henne",
    "honom", "också", "nu", "då", "eller", "vara", "ha", "hade", "får", "fick", "finns", "blir",
    "blev", "behöver", "måste", "bör", "vill", "kommer", "mycket", "inga", "ingen", "ej", "sig",
    "själv", "barnen", "barnet", "mamman", "pappan", ".", ",",
];

/// How badly a set of anchors filters: one point a form, a thousand for a common word.
fn anchor_cost(anchors: &[Anchor]) -> usize {
    anchors
        .iter()
        .map(|a| {
            if COMMON.contains(&a.form.as_str()) {
                1000
            } else {
                1
            }
        })
        .sum()
}

/// The first element of `elems` with a literal form set ([`units_first`]) that only one-token
/// atoms precede, with its offset from the start: a match starting at token `i` has that
/// element at token `i + offset`.
fn fixed_anchor(elems: &[Elem]) -> Option<(usize, FormSet)> {
    for (offset, elem) in elems.iter().enumerate() {
        let Elem::Alt(units) = elem else {
            return None;
        };
        if let Some(set) = units_first(units) {
            return Some((offset, set));
        }
        if !units.iter().all(|u| matches!(u, Unit::Atom(_))) {
            return None;
        }
    }
    None
}

/// The form hashes the units of an element can match, or `None` when one of them is not
/// literal.
fn units_first(units: &[Unit]) -> Option<FormSet> {
    let mut out = FormSet::default();
    for unit in units {
        match unit {
            Unit::Atom(Atom::Forms(_, h)) => out.extend(h.iter().copied()),
            Unit::Atom(Atom::Exact(_, h)) => {
                out.insert(*h);
            }
            Unit::Atom(_) => return None,
            Unit::List(list) => out.extend(list.first()?),
        }
    }
    Some(out)
}

#[inline]
fn atom_matches(atom: &Atom, t: &Tokens<'_>, pos: usize) -> bool {
    match atom {
        Atom::Forms(_, h) => h.contains(&t.hashes[pos]),
        Atom::Exact(s, h) => t.hashes[pos] == *h && t.lower(pos) == s,
        // The form itself, or a longer word ending in it (no hashing of the token).
        Atom::Compound(f) => {
            let w = t.lower(pos);
            f.iter().any(|form| {
                w.ends_with(form.as_str())
                    && (w.len() == form.len() || w.len() >= form.len() + MIN_MODIFIER)
            })
        }
        Atom::Any => true,
        Atom::Person => {
            t.toks[pos].kind == TokKind::Placeholder
                || t.people[pos].is_some_and(|p| p.is_individual())
        }
        Atom::Regex(re) => re.is_match(t.lower(pos)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold, tokens};

    fn hits(pat: &str, text: &str) -> Vec<String> {
        let lex = Lexicon::fallback();
        let mut lists = HashMap::new();
        let mut c0 = Compiler {
            lexicon: &lex,
            lists: &lists,
            forms: HashMap::new(),
        };
        let list = vec![c0.compile("ta ansvar", false).unwrap()];
        lists.insert("ansvar".to_string(), Arc::new(list));
        let mut c = Compiler {
            lexicon: &lex,
            lists: &lists,
            forms: HashMap::new(),
        };
        let p = c.compile(pat, true).unwrap();
        let f = fold(text);
        let toks = tokens(text, 0..text.len());
        let hashes: Vec<u64> = toks.iter().map(|x| form_hash(x.lower(&f))).collect();
        let forms = FormBag::new(&hashes);
        let people: Vec<_> = toks.iter().map(|x| people::lookup(x.lower(&f))).collect();
        let t = Tokens {
            people: &people,
            folded: &f,
            toks: &toks,
            forms: &forms,
            hashes: &hashes,
        };
        p.find_all(&t)
            .into_iter()
            .map(|h| {
                toks[h.start..h.end]
                    .iter()
                    .map(|x| &text[x.start..x.end])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn tail_word_reads_the_bytes_little_endian() {
        for n in 1..8 {
            let bytes: Vec<u8> = (1..=n as u8).collect();
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&bytes);
            assert_eq!(tail_word(&bytes), u64::from_le_bytes(w), "{n}");
        }
    }

    #[test]
    fn form_hashes_of_short_forms_differ() {
        let forms = [
            "", "a", "å", "ab", "ba", "abc", "mamman", "mammans", "pappan!", "12345678",
        ];
        let hashes: FormSet = forms.iter().map(|f| form_hash(f)).collect();
        assert_eq!(hashes.len(), forms.len());
    }

    #[test]
    fn lemma_matches_inflected_forms() {
        assert_eq!(
            hits("hävda", "Hon hävdade att det var sant."),
            vec!["hävdade"]
        );
    }

    #[test]
    fn gaps_alternatives_and_slots() {
        assert_eq!(
            hits("enligt @person själv", "Enligt henne själv är det lugnt."),
            vec!["Enligt henne själv"]
        );
        assert_eq!(
            hits("=se till ..2 att", "Hon ska se till så att barnen äter."),
            vec!["se till så att"]
        );
        assert_eq!(
            hits("=ska|=skall ha", "Han skall ha slagit."),
            vec!["skall ha"]
        );
    }

    #[test]
    fn compounds_and_lists() {
        assert_eq!(
            hits("*mamma", "Småbarnsmamman och mamman."),
            vec!["Småbarnsmamman", "mamman"]
        );
        assert_eq!(
            hits("$ansvar för", "Han får ta ansvar för barnen."),
            vec!["ta ansvar för"]
        );
        assert_eq!(hits("/\\d+/ år", "Flickan är 12 år."), vec!["12 år"]);
    }

    #[test]
    fn compile_errors_say_what_is_wrong() {
        let lex = Lexicon::fallback();
        let lists = HashMap::new();
        let mut c = Compiler {
            lexicon: &lex,
            lists: &lists,
            forms: HashMap::new(),
        };
        assert!(
            c.compile("$okänd", true)
                .unwrap_err()
                .contains("unknown list")
        );
        assert!(c.compile("/(/", true).unwrap_err().contains("bad regex"));
        assert!(c.compile("..x a", true).unwrap_err().contains("bad gap"));
        assert!(
            c.compile("@vem", true)
                .unwrap_err()
                .contains("unknown slot")
        );
    }
}
