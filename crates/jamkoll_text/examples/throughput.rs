//! Measures how fast the text model runs: lexicon load time, then sentences, tokens, clauses
//! and a lexicon lookup per word over the `text` fields of a JSON Lines corpus. Each pass runs
//! five times and the best time counts, so builds running beside it on a shared machine
//! disturb the figures less.
//!
//! ```text
//! python3 ../shared/bench/bigcorpus.py --n 20000 --out /tmp/c.jsonl
//! cargo run --release -p jamkoll_text --example throughput -- /tmp/c.jsonl
//! ```

use std::time::Instant;

use jamkoll_text::{
    Lexicon, Sentences, Token, clauses, normalize, sentences, tokens_into, word_count,
};

/// Runs per pass; the fastest counts.
const RUNS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: throughput CORPUS.jsonl (records with a `text` field)")?;
    let raw = std::fs::read_to_string(&path)?;
    let mut texts = Vec::new();
    for (no, line) in raw.lines().enumerate() {
        let record: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("{path} line {}: not JSON: {e}", no + 1))?;
        if let Some(t) = record.get("text").and_then(|t| t.as_str()) {
            texts.push(normalize(t).into_owned());
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} documents, {mb:.1} MB of text; best of {RUNS} runs",
        texts.len()
    );

    let t = Instant::now();
    let stats = Lexicon::swedish().stats();
    println!(
        "lexicon load: {:.0} ms wall ({} lemmas, {} forms, {} pairs)",
        t.elapsed().as_secs_f64() * 1e3,
        stats.lemmas,
        stats.forms,
        stats.pairs
    );

    let pass = |name: &str, f: &dyn Fn() -> usize| {
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            n = std::hint::black_box(f());
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{name}: {n}, {:.0} MB/s", mb / best);
    };
    pass("reference, str::split_whitespace (words)", &|| {
        texts.iter().map(|t| t.split_whitespace().count()).sum()
    });
    pass("sentences", &|| {
        texts.iter().map(|t| Sentences::new(t).count()).sum()
    });
    pass("word_count (tokenizer without building tokens)", &|| {
        texts.iter().map(|t| word_count(t)).sum()
    });
    pass("sentences + tokens (tokens)", &|| split_all(&texts, false));
    pass(
        "sentences + tokens + clauses + lemma lookup per token (lexicon hits)",
        &|| split_all(&texts, true),
    );
    pass("sentences + tokens, 2 threads (tokens)", &|| {
        let (a, b) = texts.split_at(texts.len() / 2);
        std::thread::scope(|scope| {
            let h = scope.spawn(|| split_all(a, false));
            split_all(b, false) + h.join().unwrap_or_default()
        })
    });
    Ok(())
}

/// Splits every text into sentences and tokens; with `deep`, also clauses and a lexicon
/// lookup per token. Returns the number of tokens, or with `deep` of lexicon hits.
fn split_all(texts: &[String], deep: bool) -> usize {
    let lex = Lexicon::swedish();
    let mut toks: Vec<Token<'_>> = Vec::new();
    let mut n = 0;
    for text in texts {
        for span in sentences(text) {
            tokens_into(text, span, &mut toks);
            if deep {
                std::hint::black_box(clauses(&toks));
                n += toks
                    .iter()
                    .filter(|t| !lex.lemma_ids(&t.lower).is_empty())
                    .count();
            } else {
                n += toks.len();
            }
        }
    }
    n
}
