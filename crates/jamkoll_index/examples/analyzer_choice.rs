//! Measures what a search finds with each normalisation of the Swedish analyzer, the evidence
//! behind the choice recorded in docs/index.md.
//!
//! ```sh
//! cargo run -p jamkoll_index --example analyzer_choice -- fixtures/demo/assessments.jsonl
//! ```
//!
//! For each query word it prints the number of documents matched by an index built with
//! lower-casing only, Snowball, lexicon lemmas, and lemmas then Snowball, and which distinct
//! word forms in the corpus each analyzer conflates with the query.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;

use jamkoll_index::analyzer::{Normalisation, swedish, terms};

const QUERIES: &[&str] = &[
    "mamma", "pappa", "påstår", "påstod", "hävdar", "barn", "orolig", "ansvar", "hans",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: analyzer_choice FILE.jsonl")?;
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut texts = Vec::new();
    for line in file.lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
            texts.push(text.to_string());
        }
    }
    let kinds = [
        ("lower-case only", Normalisation::None),
        ("Snowball", Normalisation::Stem),
        ("lemmas", Normalisation::Lemma),
        ("lemmas + Snowball", Normalisation::LemmaThenStem),
        ("lemmas or Snowball", Normalisation::LemmaOrStem),
    ];
    let mut words: BTreeSet<String> = BTreeSet::new();
    let mut lower = swedish(Normalisation::None);
    for text in &texts {
        words.extend(terms(&mut lower, text));
    }
    println!(
        "{} documents, {} distinct words\n",
        texts.len(),
        words.len()
    );
    for query in QUERIES {
        println!("query `{query}`");
        for (name, kind) in kinds {
            let mut analyzer = swedish(kind);
            let q: BTreeSet<String> = terms(&mut analyzer, query).into_iter().collect();
            let docs = texts
                .iter()
                .filter(|t| terms(&mut analyzer, t).iter().any(|term| q.contains(term)))
                .count();
            let mut forms: BTreeMap<String, ()> = BTreeMap::new();
            for w in &words {
                if terms(&mut analyzer, w).iter().any(|term| q.contains(term)) {
                    forms.insert(w.clone(), ());
                }
            }
            let forms: Vec<&str> = forms.keys().map(String::as_str).collect();
            println!(
                "  {name:<18} {docs:>4} documents  forms: {}",
                forms.join(" ")
            );
        }
        println!();
    }
    Ok(())
}
