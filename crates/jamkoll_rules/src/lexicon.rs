//! Inflected forms of a lemma, for patterns that name lemmas.
//!
//! The engine asks one question of the lexicon: "which forms does this lemma have?" (`None`
//! for an unknown lemma, which is a load error). The answer comes from the Swedish lexicon in
//! `jamkoll_text` (hunspell-sv expanded, with reviewed overrides). [`Lexicon::fallback`]
//! generates the regular paradigms by suffix rules and accepts every lemma; unit tests of the
//! pattern language use it so they do not depend on the lexicon's data.

use std::collections::BTreeSet;

/// The lexicon the pack is compiled against.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    real: bool,
}

/// Regular suffixes added to a lemma (nouns, adjectives, weak verbs).
const SUFFIXES: &[&str] = &[
    "", "n", "en", "et", "ens", "ets", "s", "t", "a", "e", "r", "ar", "er", "or", "na", "arna",
    "erna", "orna", "arnas", "ernas", "ornas", "as", "es", "d", "de", "dd", "tt", "ade", "at",
    "ats", "ad", "ades", "ande", "are", "ast", "aste", "ts", "des", "des", "ns", "rna", "s",
];

impl Lexicon {
    /// The lexicon used by the engine.
    pub(crate) fn swedish() -> Lexicon {
        Lexicon { real: true }
    }

    /// A suffix-rule lexicon: every lemma is known, its forms are the regular paradigms.
    #[cfg(test)]
    pub(crate) fn fallback() -> Lexicon {
        Lexicon { real: false }
    }

    /// Every form of `lemma` (lower case), or `None` when the lemma is unknown.
    pub(crate) fn forms(&self, lemma: &str) -> Option<Vec<String>> {
        let lemma = lemma.to_lowercase();
        if self.real {
            let mut forms: Vec<String> = jamkoll_text::LemmaTable::swedish()
                .forms(&lemma)?
                .into_iter()
                .map(str::to_string)
                .collect();
            if !forms.contains(&lemma) {
                forms.push(lemma);
            }
            return Some(forms);
        }
        if lemma.is_empty() || !lemma.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return None;
        }
        let mut forms = BTreeSet::new();
        for s in SUFFIXES {
            forms.insert(format!("{lemma}{s}"));
        }
        // Lemmas in -a drop it before -or/-an/-ade ... (mamma → mammor, hävda → hävdade).
        if let Some(stem) = lemma.strip_suffix('a') {
            for s in [
                "or", "orna", "ornas", "ors", "ar", "arna", "an", "ans", "ade", "at", "ad", "as",
                "e", "t",
            ] {
                forms.insert(format!("{stem}{s}"));
            }
        }
        // Lemmas in -e drop it before -ar/-en (pojke → pojkar, pojken).
        if let Some(stem) = lemma.strip_suffix('e') {
            for s in ["ar", "arna", "en", "ens", "arnas", "ars"] {
                forms.insert(format!("{stem}{s}"));
            }
        }
        // Adjectives in -en (sliten → slitet, slitna).
        if let Some(stem) = lemma.strip_suffix("en") {
            forms.insert(format!("{stem}et"));
            forms.insert(format!("{stem}na"));
        }
        // Adjectives in -d (välvårdad → välvårdat, lättklädd → lättklätt).
        if let Some(stem) = lemma.strip_suffix("dd") {
            forms.insert(format!("{stem}tt"));
        } else if let Some(stem) = lemma.strip_suffix('d') {
            forms.insert(format!("{stem}t"));
        }
        // Double final consonant (snygg → snyggt is regular; glad → glatt handled above).
        Some(forms.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_forms_cover_regular_paradigms() {
        let lex = Lexicon::fallback();
        let has = |lemma: &str, form: &str| {
            lex.forms(lemma)
                .is_some_and(|f| f.iter().any(|x| x == form))
        };
        assert!(has("mamma", "mammorna"));
        assert!(has("hävda", "hävdade"));
        assert!(has("påstå", "påstår"));
        assert!(has("aggressiv", "aggressivt"));
        assert!(has("pojke", "pojkarna"));
        assert!(has("sliten", "slitna"));
        assert!(lex.forms("a b").is_none());
    }
}
