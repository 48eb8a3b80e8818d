//! The Swedish analyzer of the `text` field: split on non-alphanumerics (so å, ä, ö stay inside
//! words), lower-case, then map each word the jamkoll_text lexicon knows to its lemma and
//! Snowball-stem only the words it does not know.
//!
//! Why this mix (measured figures in docs/index.md): Snowball Swedish alone leaves mamma/mamman
//! and pappa/pappan apart, and it merges pappa with papper and hans with han. A full-form lexicon
//! maps mamman, mammans, mammor to mamma without those false merges. Snowball stays as the
//! fallback for words the lexicon lacks (new compounds, misspellings), where some recall beats
//! none. Query text goes through the same analyzer, so `mamma` finds mamman, mammans, mammor.

use jamkoll_text::Lexicon;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Unknown words shorter than this are not stemmed.
const MIN_STEM_CHARS: usize = 5;

/// The name the analyzer is registered under in the index's tokenizer manager.
pub const ANALYZER_NAME: &str = "jamkoll_sv";

/// Which normalisation a [`swedish`] analyzer applies after lower-casing. The index uses
/// [`Normalisation::LemmaOrStem`]; the others exist to measure the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalisation {
    /// Lower-case only.
    None,
    /// Snowball Swedish stemming only.
    Stem,
    /// Lexicon lemmas only (unknown words kept as they are).
    Lemma,
    /// Lexicon lemmas, then Snowball on the result.
    LemmaThenStem,
    /// Lexicon lemmas for known words, Snowball for the rest.
    LemmaOrStem,
}

/// The analyzer the index uses.
pub fn index_analyzer() -> TextAnalyzer {
    swedish(Normalisation::LemmaOrStem)
}

/// A Swedish analyzer with the given normalisation.
pub fn swedish(normalisation: Normalisation) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser);
    match normalisation {
        Normalisation::None => base.build(),
        Normalisation::Stem => base.filter(Stemmer::new(Language::Swedish)).build(),
        Normalisation::Lemma => base.filter(Lemmatizer::swedish()).build(),
        Normalisation::LemmaOrStem => base.filter(Lemmatizer::swedish().stem_unknown()).build(),
        Normalisation::LemmaThenStem => base
            .filter(Lemmatizer::swedish())
            .filter(Stemmer::new(Language::Swedish))
            .build(),
    }
}

/// The terms an analyzer makes of a text (for tests and measurements).
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Token filter that replaces a known inflected form with its lemma. A form that is itself a
/// lemma stays (so "hans" is not folded into "han"); a form of several lemmas takes the
/// alphabetically first, so the choice is stable between ingest and search. With
/// [`Lemmatizer::stem_unknown`], words the lexicon does not know are Snowball-stemmed.
#[derive(Clone)]
pub struct Lemmatizer {
    lexicon: &'static Lexicon,
    stemmer: Option<frostem::Stemmer>,
}

impl std::fmt::Debug for Lemmatizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lemmatizer")
            .field("stem_unknown", &self.stemmer.is_some())
            .finish()
    }
}

impl Lemmatizer {
    /// A lemmatizer over the embedded Swedish lexicon.
    pub fn swedish() -> Lemmatizer {
        Lemmatizer {
            lexicon: Lexicon::swedish(),
            stemmer: None,
        }
    }

    /// Also Snowball-stem the words the lexicon does not know.
    pub fn stem_unknown(self) -> Lemmatizer {
        Lemmatizer {
            stemmer: Some(frostem::Stemmer::new(frostem::Algorithm::Swedish)),
            ..self
        }
    }

    /// The term `form` is indexed under, if it differs from `form`.
    pub fn normalise<'a>(&self, form: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        let ids = self.lexicon.lemma_ids(form);
        if ids.is_empty() {
            // Short unknown words are mostly function words the lexicon leaves out; Snowball
            // would merge "hans" into "han".
            if form.chars().count() < MIN_STEM_CHARS {
                return None;
            }
            let stem = self.stemmer.as_ref()?.stem(form);
            return (stem != form).then_some(stem);
        }
        if ids.iter().any(|id| self.lexicon.lemma_str(*id) == form) {
            return None;
        }
        ids.iter()
            .map(|id| self.lexicon.lemma_str(*id))
            .min()
            .map(std::borrow::Cow::Borrowed)
    }
}

impl TokenFilter for Lemmatizer {
    type Tokenizer<T: Tokenizer> = LemmatizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LemmatizerFilter<T> {
        LemmatizerFilter {
            lemmatizer: self,
            inner: tokenizer,
        }
    }
}

/// [`Lemmatizer`] applied to a tokenizer.
#[derive(Clone, Debug)]
pub struct LemmatizerFilter<T> {
    lemmatizer: Lemmatizer,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for LemmatizerFilter<T> {
    type TokenStream<'a> = LemmatizerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LemmatizerStream {
            lemmatizer: &self.lemmatizer,
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of a [`LemmatizerFilter`].
#[derive(Debug)]
pub struct LemmatizerStream<'a, S> {
    lemmatizer: &'a Lemmatizer,
    tail: S,
}

impl<S: TokenStream> TokenStream for LemmatizerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(term) = self.lemmatizer.normalise(&self.tail.token().text) {
            let term = term.into_owned();
            self.tail.token_mut().text = term;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(n: Normalisation, word: &str) -> String {
        terms(&mut swedish(n), word).join(" ")
    }

    #[test]
    fn lower_casing_keeps_swedish_letters() {
        assert_eq!(one(Normalisation::None, "ÅSA Är Öm"), "åsa är öm");
    }

    #[test]
    fn index_analyzer_conflates_what_snowball_leaves_apart() {
        for group in [
            &["mamma", "mamman", "mammans", "mammor"][..],
            &["pappa", "pappan", "pappor"],
            &["påstår", "påstod", "påstått", "påstå"],
        ] {
            let terms: Vec<String> = group
                .iter()
                .map(|w| one(Normalisation::LemmaOrStem, w))
                .collect();
            assert!(
                terms.windows(2).all(|w| w[0] == w[1]),
                "{group:?} → {terms:?}"
            );
        }
        assert_ne!(
            one(Normalisation::Stem, "mamma"),
            one(Normalisation::Stem, "mamman")
        );
    }

    #[test]
    fn index_analyzer_avoids_snowball_false_merges() {
        let n = Normalisation::LemmaOrStem;
        assert_ne!(one(n, "pappa"), one(n, "papper"));
        assert_ne!(one(n, "hans"), one(n, "han"));
        assert_eq!(
            one(Normalisation::Stem, "hans"),
            one(Normalisation::Stem, "han")
        );
    }

    #[test]
    fn unknown_long_words_are_stemmed_short_ones_kept() {
        let n = Normalisation::LemmaOrStem;
        assert_eq!(one(n, "qxbarnen"), one(Normalisation::Stem, "qxbarnen"));
        assert_ne!(one(n, "qxbarnen"), "qxbarnen");
        assert_eq!(one(n, "qxas"), "qxas");
    }
}
