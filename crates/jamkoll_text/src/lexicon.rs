//! The inflection lexicon: lemma → every inflected form, form → lemmas, and compound heads.
//!
//! The data is hunspell-sv expanded into full forms by `cargo xtask lexicon` (see
//! docs/lexicon.md), committed gzip-compressed, decompressed by `build.rs` and embedded in the
//! binary as text. [`LemmaTable`] searches that text in place, so loading a rule pack costs
//! almost nothing; [`Lexicon`] indexes it once per process, on the first call to
//! [`Lexicon::swedish`]. Corrections live in `data/overrides.txt` and are applied at load time,
//! so fixing a paradigm needs no regeneration.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::str_index::StrIndex;

/// The generated lexicon (`lemma: form form ...` lines, sorted by lemma), gunzipped from
/// `data/sv_lexicon.txt.gz` by `build.rs`. Embedding the text rather than the gzip makes the
/// binary 9.5 MB larger and spares every process ~280M instructions of decompression
/// (measured in docs/lexicon.md).
static SWEDISH_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/sv_lexicon.txt"));
/// Reviewed corrections: `lemma: form ...` adds forms, `-lemma: form ...` removes them.
const SWEDISH_OVERRIDES: &str = include_str!("../data/overrides.txt");

static SWEDISH: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::from_static(SWEDISH_TEXT, SWEDISH_OVERRIDES)
        .expect("the embedded lexicon and overrides parse (checked by the crate's tests)")
});

static SWEDISH_LEMMAS: LazyLock<LemmaTable> = LazyLock::new(|| {
    // Not `from_static`: its check reads all 12 MB, and the crate's tests make it on this data
    // (`embedded_data_is_sorted_by_lemma`).
    LemmaTable::presorted(SWEDISH_TEXT, SWEDISH_OVERRIDES)
        .expect("the embedded overrides parse (checked by the crate's tests)")
});

/// Lemma → forms only, for loading rule packs: the lexicon's lines, searched by lemma where
/// they lie.
///
/// A rule pack names a few hundred lemmas, but the full [`Lexicon`] indexes all 780k forms
/// (most of its load time, measured in docs/lexicon.md); `jamkoll check` needs none of them.
/// Nor does it need a map of all 132k lemmas: the data lines are sorted by lemma, so
/// [`LemmaTable::forms`] binary-searches the text itself, reading about 17 lines a lookup, and
/// building the table only parses the overrides. Answers equal [`Lexicon::forms`] (a test
/// compares them over the whole lexicon).
#[derive(Debug)]
pub struct LemmaTable {
    /// `lemma: form form ...` lines sorted by lemma in byte order; a lemma's lines are adjacent
    /// (comment and blank lines may stand anywhere).
    data: &'static str,
    patches: Vec<Patch>,
    patch_index: FxHashMap<&'static str, usize>,
}

impl LemmaTable {
    /// The embedded Swedish lexicon's lemma table, built on first use.
    pub fn swedish() -> &'static LemmaTable {
        &SWEDISH_LEMMAS
    }

    /// A table over `lemma: form form ...` lines, with overrides as in
    /// [`Lexicon::from_static`]. The lines must be sorted by lemma in byte order, as `cargo
    /// xtask lexicon` writes them (a lemma may have several lines, one after the other);
    /// unlike [`Lexicon::from_static`], which takes any order, this is checked and an unsorted
    /// line is an error.
    pub fn from_static(
        data: &'static str,
        overrides: &'static str,
    ) -> Result<LemmaTable, LexiconError> {
        let mut previous: Option<&str> = None;
        for (no, line) in data.lines().enumerate() {
            let Some((lemma, _)) = parse_line(line, "lexicon", no + 1)? else {
                continue;
            };
            match previous {
                Some(prev) if lemma < prev => {
                    return Err(LexiconError::Unsorted {
                        line: no + 1,
                        lemma: lemma.to_string(),
                        previous: prev.to_string(),
                    });
                }
                _ => previous = Some(lemma),
            }
        }
        LemmaTable::presorted(data, overrides)
    }

    /// A table over data known to be sorted and well-formed; only the overrides are read.
    fn presorted(data: &'static str, overrides: &'static str) -> Result<LemmaTable, LexiconError> {
        let patches = parse_overrides(overrides)?;
        let patch_index = patches
            .iter()
            .enumerate()
            .map(|(i, p)| (p.lemma, i))
            .collect();
        Ok(LemmaTable {
            data,
            patches,
            patch_index,
        })
    }

    /// Every form of `lemma`, sorted; `None` when the lemma is unknown. The same answer as
    /// [`Lexicon::forms`].
    pub fn forms(&self, lemma: &str) -> Option<Vec<&'static str>> {
        let patch = self.patch_index.get(lemma).map(|&i| &self.patches[i]);
        let lines = self.lines(lemma);
        let mut out: Vec<&'static str> = Vec::new();
        match (lines.is_empty(), patch) {
            (true, None) => return None,
            (true, Some(p)) if p.add.is_empty() => return None,
            (true, Some(p)) => out.extend(p.add.iter().copied()),
            (false, p) => {
                for line in lines {
                    let Ok(Some((_, forms))) = parse_line(line, "lexicon", 0) else {
                        continue;
                    };
                    match p {
                        Some(p) => {
                            out.extend(forms.filter(|f| !p.remove.contains(f)));
                            out.extend(p.add.iter().copied());
                        }
                        None => out.extend(forms),
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// The data lines of `lemma`: the first line whose lemma is not less than it, and the
    /// data lines after it while their lemma is the same.
    fn lines(&self, lemma: &str) -> Vec<&'static str> {
        let start = lower_bound(self.data, lemma);
        let mut out = Vec::new();
        for line in self.data[start..].lines() {
            match data_lemma(line) {
                None => continue,
                Some(l) if l == lemma => out.push(line),
                Some(_) => break,
            }
        }
        out
    }
}

/// Byte offset of the first data line in `data` (sorted by lemma) whose lemma is not less than
/// `key`, or `data.len()`, by binary search over bytes: take the line around the middle of the
/// range (or the first data line after it, past comments), compare its lemma, keep one half.
///
/// Invariant: `lo` and `hi` are line starts (or the end); every data line before `lo` has a
/// lemma less than `key`, every data line from `hi` on a lemma not less. Each step moves `lo`
/// past the middle or `hi` to the start of the middle's line, so the range shrinks.
fn lower_bound(data: &'static str, key: &str) -> usize {
    let bytes = data.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let line_start = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |i| lo + i + 1);
        let mut probe = line_start;
        let found = loop {
            if probe >= hi {
                break None;
            }
            let end = memchr::memchr(b'\n', &bytes[probe..hi]).map_or(hi, |i| probe + i + 1);
            match data_lemma(&data[probe..end]) {
                Some(lemma) => break Some((lemma, end)),
                None => probe = end,
            }
        };
        match found {
            Some((lemma, end)) if lemma < key => lo = end,
            _ => hi = line_start,
        }
    }
    lo
}

/// The lemma of a data line; `None` for comment and blank lines (and, in data that
/// [`LemmaTable::from_static`] has checked, nothing else).
fn data_lemma(line: &'static str) -> Option<&'static str> {
    match parse_line(line, "lexicon", 0) {
        Ok(Some((lemma, _))) => Some(lemma),
        _ => None,
    }
}

/// Errors in lexicon data or overrides.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A line is not `lemma: form form ...`.
    #[error("{source_name} line {line}: expected `lemma: form form ...`, found {found:?}")]
    BadLine {
        /// Which input: `lexicon` or `overrides`.
        source_name: &'static str,
        /// 1-based line number.
        line: usize,
        /// The offending line (lexicon data holds no personal data).
        found: String,
    },
    /// Data for a [`LemmaTable`] is not sorted by lemma, so it cannot be searched.
    #[error(
        "lexicon line {line}: lemma {lemma:?} comes after {previous:?}; lines must be sorted \
         by lemma in byte order, as `cargo xtask lexicon` writes them"
    )]
    Unsorted {
        /// 1-based line number.
        line: usize,
        /// The lemma out of order.
        lemma: String,
        /// The greater lemma on an earlier line.
        previous: String,
    },
}

/// Index of a lemma in a [`Lexicon`]; cheap to copy, compare and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LemmaId(u32);

impl LemmaId {
    /// The id as an index (0..number of lemmas), for callers that keep per-lemma tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The head of a compound: a known form at the end of a longer word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompoundHead<'w> {
    /// Byte offset of the head within the word (0 when the whole word is the head).
    pub head_start: usize,
    /// The head itself, a suffix of the word.
    pub head: &'w str,
    /// The lemmas the head is a form of.
    pub lemmas: Vec<&'static str>,
    /// The same lemmas as ids.
    pub lemma_ids: Vec<LemmaId>,
}

/// Sizes of a loaded lexicon, for reports and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexiconStats {
    /// Distinct lemmas.
    pub lemmas: usize,
    /// Distinct forms.
    pub forms: usize,
    /// Lemma–form pairs.
    pub pairs: usize,
}

/// A full-form inflection lexicon. Keys are lower case; look up lower-cased token text.
#[derive(Debug)]
pub struct Lexicon {
    lemmas: Vec<&'static str>,
    lemma_index: StrIndex,
    /// CSR: forms of lemma `i` are `lemma_forms[lemma_start[i]..lemma_start[i + 1]]`.
    lemma_start: Vec<u32>,
    lemma_forms: Vec<u32>,
    forms: Vec<&'static str>,
    form_index: StrIndex,
    /// CSR: lemmas of form `f` are `form_lemmas[form_start[f]..form_start[f + 1]]`.
    form_start: Vec<u32>,
    form_lemmas: Vec<LemmaId>,
}

/// Shortest left part of a compound, not counting a linking `s` or hyphen.
const MIN_LEFT_CHARS: usize = 3;
/// How many compound heads `has_head` follows down ("x+y+z+mamma" needs three).
const MAX_HEAD_DEPTH: usize = 4;
/// Shortest head of a compound; shorter suffixes ("en", "na") are endings, not words.
const MIN_HEAD_CHARS: usize = 3;

impl Lexicon {
    /// The embedded Swedish lexicon (hunspell-sv plus overrides). The first call indexes it
    /// (see docs/lexicon.md for the measured time); later calls are free.
    pub fn swedish() -> &'static Lexicon {
        &SWEDISH
    }

    /// Builds a lexicon from `lemma: form form ...` lines and overrides in the same syntax
    /// (`-lemma: form ...` removes forms). Lines starting with `#` and blank lines are skipped.
    pub fn from_static(
        data: &'static str,
        overrides: &'static str,
    ) -> Result<Lexicon, LexiconError> {
        let patches = parse_overrides(overrides)?;
        let patch_index: FxHashMap<&str, usize> = patches
            .iter()
            .enumerate()
            .map(|(i, p)| (p.lemma, i))
            .collect();
        let mut b = Builder::with_capacity(data.len() / 14, data.len() / 12);
        let mut seen_patch = vec![false; patches.len()];
        for (no, line) in data.lines().enumerate() {
            let Some((lemma, forms)) = parse_line(line, "lexicon", no + 1)? else {
                continue;
            };
            match patch_index.get(lemma).copied() {
                Some(i) => {
                    seen_patch[i] = true;
                    let p = &patches[i];
                    let kept = forms.filter(|f| !p.remove.contains(f));
                    b.add(lemma, kept.chain(p.add.iter().copied()));
                }
                None => b.add(lemma, forms),
            }
        }
        for (p, seen) in patches.iter().zip(seen_patch) {
            if !seen && !p.add.is_empty() {
                b.add(p.lemma, p.add.iter().copied());
            }
        }
        Ok(b.finish())
    }

    /// Every form of `lemma`, sorted; `None` when the lemma is unknown.
    pub fn forms(&self, lemma: &str) -> Option<Vec<&'static str>> {
        let id = self.lemma_id(lemma)?;
        let mut v: Vec<&'static str> = self.forms_of(id).collect();
        v.sort_unstable();
        v.dedup();
        Some(v)
    }

    /// The forms of a lemma id, in storage order (may hold duplicates from merged entries).
    pub fn forms_of(&self, id: LemmaId) -> impl Iterator<Item = &'static str> + '_ {
        let range =
            self.lemma_start[id.index()] as usize..self.lemma_start[id.index() + 1] as usize;
        self.lemma_forms[range]
            .iter()
            .map(|&f| self.forms[f as usize])
    }

    /// The lemmas `form` belongs to (empty when unknown).
    pub fn lemmas(&self, form: &str) -> Vec<&'static str> {
        self.lemma_ids(form)
            .iter()
            .map(|&id| self.lemma_str(id))
            .collect()
    }

    /// The lemma ids of `form`, without allocating (empty when unknown).
    pub fn lemma_ids(&self, form: &str) -> &[LemmaId] {
        match self.form_index.get(form, &self.forms) {
            Some(f) => self.lemma_ids_of_form(f),
            None => &[],
        }
    }

    /// The id of `lemma`, if known.
    pub fn lemma_id(&self, lemma: &str) -> Option<LemmaId> {
        self.lemma_index.get(lemma, &self.lemmas).map(LemmaId)
    }

    /// The text of a lemma id.
    pub fn lemma_str(&self, id: LemmaId) -> &'static str {
        self.lemmas[id.index()]
    }

    /// Whether `lemma` is a known lemma (a rule naming an unknown lemma is a load error).
    pub fn contains_lemma(&self, lemma: &str) -> bool {
        self.lemma_index.get(lemma, &self.lemmas).is_some()
    }

    /// Whether `form` is a known form of any lemma.
    pub fn contains_form(&self, form: &str) -> bool {
        self.form_index.get(form, &self.forms).is_some()
    }

    /// Sizes of the lexicon.
    pub fn stats(&self) -> LexiconStats {
        LexiconStats {
            lemmas: self.lemmas.len(),
            forms: self.forms.len(),
            pairs: self.lemma_forms.len(),
        }
    }

    /// The head of a compound word: the longest known form that is a *proper* suffix of `word`
    /// with a plausible left part (at least three letters before an optional linking `s` or
    /// hyphen, with a vowel), so "småbarnsmamman" → "mamman" (mamma), "trebarnspappa" → "pappa",
    /// "ensamståendemamma" → "mamma". `word` must be lower case (use the token's `lower`).
    ///
    /// The longest head wins, so a word whose longer tail is itself a compound in the lexicon
    /// gets that compound; use [`Lexicon::compound_heads`] to see every candidate.
    pub fn compound_head<'w>(&self, word: &'w str) -> Option<CompoundHead<'w>> {
        self.compound_heads(word).next()
    }

    /// Every compound head of `word`, longest first (see [`Lexicon::compound_head`]).
    pub fn compound_heads<'w, 's>(
        &'s self,
        word: &'w str,
    ) -> impl Iterator<Item = CompoundHead<'w>> + 's
    where
        'w: 's,
    {
        word.char_indices()
            .skip(MIN_LEFT_CHARS)
            .filter(move |&(i, _)| plausible_left(&word[..i], MIN_LEFT_CHARS))
            .filter_map(move |(i, _)| {
                let head = &word[i..];
                head.chars().nth(MIN_HEAD_CHARS - 1)?;
                let f = self.form_index.get(head, &self.forms)?;
                let ids = self.lemma_ids_of_form(f);
                Some(CompoundHead {
                    head_start: i,
                    head,
                    lemmas: ids.iter().map(|&id| self.lemma_str(id)).collect(),
                    lemma_ids: ids.to_vec(),
                })
            })
    }

    /// Whether `word` is a form of `lemma`, or its compound head is (what a `*mamma` pattern
    /// asks). `word` must be lower case. Allocation-free.
    ///
    /// The head is followed down: "småbarnsmamman" → "mamman" (mamma). A known word is split
    /// further only when the left part has at least four letters before a linking `s`, so a
    /// lexicon compound ("barnspappa") still reaches "pappa" while "mamman" is never read as
    /// mam+man and "småbarnsmamman" is not a `*man`.
    pub fn has_head(&self, word: &str, lemma: LemmaId) -> bool {
        let mut w = word;
        for _ in 0..MAX_HEAD_DEPTH {
            if self.lemma_ids(w).contains(&lemma) {
                return true;
            }
            let min_left = if self.contains_form(w) {
                MIN_LEFT_CHARS + 1
            } else {
                MIN_LEFT_CHARS
            };
            match self.longest_head(w, min_left) {
                Some(head) => w = head,
                None => return false,
            }
        }
        false
    }

    /// The longest known proper suffix of `word` whose left part is plausible.
    fn longest_head<'w>(&self, word: &'w str, min_left: usize) -> Option<&'w str> {
        word.char_indices()
            .skip(min_left)
            .filter(|&(i, _)| plausible_left(&word[..i], min_left))
            .map(|(i, _)| &word[i..])
            .find(|head| head.chars().nth(MIN_HEAD_CHARS - 1).is_some() && self.contains_form(head))
    }

    fn lemma_ids_of_form(&self, f: u32) -> &[LemmaId] {
        let f = f as usize;
        &self.form_lemmas[self.form_start[f] as usize..self.form_start[f + 1] as usize]
    }
}

/// A left part of a compound: at least `min` letters (not counting a final linking `s` or
/// hyphen), one of them a vowel.
fn plausible_left(left: &str, min: usize) -> bool {
    let core = left
        .strip_suffix('-')
        .or_else(|| left.strip_suffix('s'))
        .unwrap_or(left);
    core.chars().nth(min - 1).is_some() && core.chars().any(is_vowel)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'å' | 'ä' | 'ö' | 'é')
}

/// One override block: forms to add to and remove from a lemma.
#[derive(Debug, Default)]
struct Patch {
    lemma: &'static str,
    add: Vec<&'static str>,
    remove: Vec<&'static str>,
}

fn parse_overrides(text: &'static str) -> Result<Vec<Patch>, LexiconError> {
    let mut patches: Vec<Patch> = Vec::new();
    for (no, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        let (removal, body) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let Some((lemma, forms)) = parse_line(body, "overrides", no + 1)? else {
            continue;
        };
        let i = match patches.iter().position(|p| p.lemma == lemma) {
            Some(i) => i,
            None => {
                patches.push(Patch {
                    lemma,
                    ..Patch::default()
                });
                patches.len() - 1
            }
        };
        let target = if removal {
            &mut patches[i].remove
        } else {
            &mut patches[i].add
        };
        target.extend(forms);
    }
    Ok(patches)
}

/// Parses `lemma: form form ...`; `Ok(None)` for blank and comment lines.
fn parse_line(
    line: &'static str,
    source_name: &'static str,
    line_no: usize,
) -> Result<Option<(&'static str, impl Iterator<Item = &'static str> + use<>)>, LexiconError> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    match line.split_once(':') {
        Some((lemma, forms)) if !lemma.trim().is_empty() && !lemma.contains(' ') => {
            Ok(Some((lemma.trim(), forms.split_ascii_whitespace())))
        }
        _ => Err(LexiconError::BadLine {
            source_name,
            line: line_no,
            found: line.chars().take(80).collect(),
        }),
    }
}

/// Accumulates lemmas and forms, then builds the two CSR tables.
struct Builder {
    lemmas: Vec<&'static str>,
    lemma_index: StrIndex,
    /// (lemma, form) pairs in lemma order.
    pairs: Vec<(u32, u32)>,
    forms: Vec<&'static str>,
    form_index: StrIndex,
}

impl Builder {
    fn with_capacity(lemmas: usize, forms: usize) -> Builder {
        Builder {
            lemmas: Vec::with_capacity(lemmas),
            lemma_index: StrIndex::with_capacity(lemmas),
            pairs: Vec::with_capacity(forms),
            forms: Vec::with_capacity(forms),
            form_index: StrIndex::with_capacity(forms),
        }
    }

    /// Adds forms to a lemma. Data lines arrive grouped by lemma; a lemma seen again (from the
    /// overrides) must be new, which `from_static` guarantees.
    fn add(&mut self, lemma: &'static str, forms: impl Iterator<Item = &'static str>) {
        let id = self.lemma_index.get_or_insert(lemma, &mut self.lemmas);
        let start = self.pairs.len();
        for form in forms {
            let f = self.form_index.get_or_insert(form, &mut self.forms);
            if !self.pairs[start..].iter().any(|&(_, g)| g == f) {
                self.pairs.push((id, f));
            }
        }
    }

    fn finish(mut self) -> Lexicon {
        // Lemma → forms, by a stable sort on lemma id (pairs are nearly sorted already).
        self.pairs.sort_by_key(|&(l, _)| l);
        let mut lemma_start = vec![0u32; self.lemmas.len() + 1];
        for &(l, _) in &self.pairs {
            lemma_start[l as usize + 1] += 1;
        }
        for i in 1..lemma_start.len() {
            lemma_start[i] += lemma_start[i - 1];
        }
        let lemma_forms: Vec<u32> = self.pairs.iter().map(|&(_, f)| f).collect();

        // Form → lemmas, by counting sort on form id.
        let mut form_start = vec![0u32; self.forms.len() + 1];
        for &(_, f) in &self.pairs {
            form_start[f as usize + 1] += 1;
        }
        for i in 1..form_start.len() {
            form_start[i] += form_start[i - 1];
        }
        let mut fill = form_start.clone();
        let mut form_lemmas = vec![LemmaId(0); self.pairs.len()];
        for &(l, f) in &self.pairs {
            let slot = &mut fill[f as usize];
            form_lemmas[*slot as usize] = LemmaId(l);
            *slot += 1;
        }

        Lexicon {
            lemmas: self.lemmas,
            lemma_index: self.lemma_index,
            lemma_start,
            lemma_forms,
            forms: self.forms,
            form_index: self.form_index,
            form_start,
            form_lemmas,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Lexicon {
        Lexicon::from_static(
            "# test\nmamma: mamma mamman mammor\npappa: pappa pappan papper\npapper: papper\n",
            "-pappa: papper\npappa: pappor\nman: män männen\n",
        )
        .expect("valid test data")
    }

    #[test]
    fn lemma_table_agrees_with_the_lexicon() {
        // A lemma on two lines, comments before, between and after data lines, a line with
        // a carriage return, and overrides that add, remove, create and empty lemmas.
        let data = "# test\n\nmamma: mamma mamman mammor\n# between\nmamma: mammas\n\
                    pappa: pappa pappan papper\npapper: papper\r\ntom: tom\n# end\n";
        let overrides = "-pappa: papper\npappa: pappor\nman: män männen\n-tom: tom\n-ny: nya\n";
        let lex = Lexicon::from_static(data, overrides).expect("valid test data");
        let table = LemmaTable::from_static(data, overrides).expect("valid test data");
        for lemma in [
            "mamma", "pappa", "papper", "man", "tom", "ny", "okänt", "", "a", "mam", "mammaa",
            "pappor", "ö", "#", "# test", "mamma:",
        ] {
            assert_eq!(table.forms(lemma), lex.forms(lemma), "{lemma:?}");
        }
        assert_eq!(
            table.forms("mamma"),
            Some(vec!["mamma", "mamman", "mammas", "mammor"])
        );
        assert_eq!(table.forms("tom"), Some(vec![]));
    }

    #[test]
    fn lemma_table_refuses_unsorted_data() {
        let err = LemmaTable::from_static("# x\npappa: pappa\nmamma: mamma\n", "")
            .expect_err("mamma after pappa");
        assert!(err.to_string().contains("lexicon line 3"), "{err}");
        assert!(
            err.to_string().contains("\"mamma\" comes after \"pappa\""),
            "{err}"
        );
        // A lemma's lines must be adjacent: coming back to it is out of order too.
        let err = LemmaTable::from_static("mamma: mamma\npappa: pappa\nmamma: mammas\n", "")
            .expect_err("mamma twice");
        assert!(err.to_string().contains("lexicon line 3"), "{err}");
        let err = LemmaTable::from_static("mamma mamman\n", "").expect_err("no colon");
        assert!(err.to_string().contains("lexicon line 1"), "{err}");
    }

    /// The embedded table is built without `from_static`'s check (it would read all 12 MB at
    /// every start), so the check is made here: the binary search needs this order.
    #[test]
    fn embedded_data_is_sorted_by_lemma() {
        LemmaTable::from_static(SWEDISH_TEXT, SWEDISH_OVERRIDES).expect("sorted, well-formed");
    }

    #[test]
    fn swedish_lemma_table_agrees_on_every_lemma() {
        let lex = Lexicon::swedish();
        let table = LemmaTable::swedish();
        for &lemma in &lex.lemmas {
            assert_eq!(table.forms(lemma), lex.forms(lemma), "{lemma}");
            // Keys between lemmas: a prefix (often no lemma) and a longer key.
            let mut cut = lemma.len() - 1;
            while !lemma.is_char_boundary(cut) {
                cut -= 1;
            }
            for key in [&lemma[..cut], &format!("{lemma}-")] {
                assert_eq!(table.forms(key), lex.forms(key), "{key:?}");
            }
        }
        for p in &table.patches {
            assert_eq!(table.forms(p.lemma), lex.forms(p.lemma), "{}", p.lemma);
        }
    }

    #[test]
    fn overrides_add_and_remove_forms() {
        let lex = small();
        assert_eq!(lex.forms("pappa"), Some(vec!["pappa", "pappan", "pappor"]));
        assert_eq!(lex.lemmas("papper"), vec!["papper"]);
        assert_eq!(lex.forms("man"), Some(vec!["män", "männen"]));
        assert_eq!(lex.forms("okänt"), None);
    }

    #[test]
    fn bad_lines_are_located() {
        let err = Lexicon::from_static("mamma mamman\n", "").expect_err("no colon");
        assert!(err.to_string().contains("lexicon line 1"), "{err}");
        let err = Lexicon::from_static("", "# ok\nbad line\n").expect_err("no colon");
        assert!(err.to_string().contains("overrides line 2"), "{err}");
    }

    #[test]
    fn compound_heads_need_a_plausible_left_part() {
        let lex = small();
        let h = lex.compound_head("småbarnsmamman").expect("a head");
        assert_eq!(
            (h.head_start, h.head, h.lemmas),
            ("småbarns".len(), "mamman", vec!["mamma"])
        );
        // "ömamma": left part too short.
        assert_eq!(lex.compound_head("ömamma"), None);
        // The word itself is not its own compound head.
        assert_eq!(lex.compound_head("mamma"), None);
        let id = lex.lemma_id("mamma").expect("known");
        assert!(lex.has_head("mamma", id));
        assert!(lex.has_head("ensamståendemammor", id));
        assert!(!lex.has_head("pappan", id));
    }

    /// The embedded data without overrides, to check the overrides against.
    fn swedish_without_overrides() -> Lexicon {
        Lexicon::from_static(SWEDISH_TEXT, "").expect("valid data")
    }

    #[test]
    fn embedded_data_has_its_header_and_is_sorted() {
        let header: Vec<&str> = SWEDISH_TEXT
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect();
        let header = header.join("\n");
        assert!(header.contains("Source: hunspell-sv"), "{header}");
        assert!(header.contains("Licence: LGPL-3"), "{header}");
        assert!(header.contains("cargo xtask lexicon"), "{header}");
        let mut prev = "";
        for line in SWEDISH_TEXT.lines().filter(|l| !l.starts_with('#')) {
            let (lemma, forms) = line.split_once(": ").expect("lemma: forms");
            assert!(prev < lemma, "lemmas not sorted and unique at {lemma}");
            let forms: Vec<&str> = forms.split(' ').collect();
            assert!(forms.windows(2).all(|w| w[0] < w[1]), "forms of {lemma}");
            prev = lemma;
        }
    }

    #[test]
    fn every_override_changes_something() {
        let base = swedish_without_overrides();
        for patch in parse_overrides(SWEDISH_OVERRIDES).expect("valid overrides") {
            let forms = base.forms(patch.lemma).unwrap_or_default();
            for r in &patch.remove {
                assert!(
                    forms.contains(r),
                    "-{}: {r} is not there to remove",
                    patch.lemma
                );
            }
            if !patch.add.is_empty() {
                assert!(
                    patch.add.iter().any(|a| !forms.contains(a)),
                    "{}: adds nothing new",
                    patch.lemma
                );
            }
        }
    }
}
