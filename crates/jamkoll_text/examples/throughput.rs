//! Measures how fast the text model runs: lexicon load time, then sentences + tokens (+ clauses,
//! + a lexicon lookup per word) over the `text` fields of a JSON Lines corpus.
//!
//! ```text
//! python3 ../shared/bench/bigcorpus.py --n 20000 --out /tmp/c.jsonl
//! cargo run --release -p jamkoll_text --example throughput -- /tmp/c.jsonl
//! ```

use std::time::Instant;

use jamkoll_text::{Lexicon, Token, clauses, normalize, sentences, tokens_into};

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
    println!("{} documents, {mb:.1} MB of text", texts.len());

    // Reference on this machine: the cheapest word split there is.
    let t = Instant::now();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    println!(
        "reference, str::split_whitespace: {words} words, {:.0} MB/s",
        mb / t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let lex = Lexicon::swedish();
    let stats = lex.stats();
    println!(
        "lexicon load: {:.0} ms ({} lemmas, {} forms, {} pairs)",
        t.elapsed().as_secs_f64() * 1e3,
        stats.lemmas,
        stats.forms,
        stats.pairs
    );

    let t = Instant::now();
    let n_sent: usize = texts
        .iter()
        .map(|t| jamkoll_text::Sentences::new(t).count())
        .sum();
    println!(
        "sentences only, 1 thread: {n_sent} sentences, {:.0} MB/s",
        mb / t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let wc: usize = texts.iter().map(|t| jamkoll_text::word_count(t)).sum();
    println!(
        "word_count (the tokenizer without building tokens): {wc} words, {:.0} MB/s",
        mb / t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let (s, n) = split_all(&texts, false);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sentences + tokens, 1 thread: {s} sentences, {n} tokens, {:.0} MB/s",
        mb / secs
    );

    let t = Instant::now();
    let (_, n2) = split_all(&texts, true);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "… + clauses + lemma lookup of every word, 1 thread: {n2} lookups hit, {:.0} MB/s",
        mb / secs
    );

    let t = Instant::now();
    let half = texts.len() / 2;
    let (a, b) = texts.split_at(half);
    let total = std::thread::scope(|scope| {
        let h = scope.spawn(|| split_all(a, false).1);
        split_all(b, false).1 + h.join().unwrap_or_default()
    });
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sentences + tokens, 2 threads: {total} tokens, {:.0} MB/s",
        mb / secs
    );
    Ok(())
}

/// Splits every text; with `deep`, also clauses and a lexicon lookup per word.
/// Returns (sentences, tokens) or, with `deep`, (sentences, words found in the lexicon).
fn split_all(texts: &[String], deep: bool) -> (usize, usize) {
    let lex = Lexicon::swedish();
    let mut toks: Vec<Token<'_>> = Vec::new();
    let (mut s, mut n) = (0, 0);
    for text in texts {
        for span in sentences(text) {
            s += 1;
            tokens_into(text, span, &mut toks);
            if deep {
                let c = clauses(&toks);
                std::hint::black_box(c);
                n += toks
                    .iter()
                    .filter(|t| !lex.lemma_ids(&t.lower).is_empty())
                    .count();
            } else {
                n += toks.len();
            }
        }
    }
    (s, n)
}
