//! Prints, for pairs of forms the rules must treat as one word, the Snowball Swedish stems
//! (what a stemming analyzer would index) and the lexicon's lemmas. The table in
//! docs/lexicon.md comes from this program.
//!
//! ```text
//! cargo run -p jamkoll_text --example snowball_vs_lexicon
//! ```

use frostem::{Algorithm, Stemmer};
use jamkoll_text::Lexicon;

/// Pairs of forms of one lemma, and a form that must stay apart.
const PAIRS: &[(&str, &str)] = &[
    ("mamma", "mamman"),
    ("pappa", "pappan"),
    ("pappa", "papper"),
    ("kvinna", "kvinnor"),
    ("man", "män"),
    ("man", "mannen"),
    ("påstår", "påstod"),
    ("påstår", "påstått"),
    ("slå", "slog"),
    ("slog", "slagen"),
    ("utsätts", "utsattes"),
    ("aggressiv", "aggressivt"),
    ("hysterisk", "hysteriskt"),
    ("misshandlades", "misshandlaren"),
];

fn main() {
    let stemmer = Stemmer::new(Algorithm::Swedish);
    let lex = Lexicon::swedish();
    println!("| forms | Snowball stems | same stem? | lexicon lemmas | same lemma? |");
    println!("|---|---|---|---|---|");
    for (a, b) in PAIRS {
        let (sa, sb) = (stemmer.stem(a), stemmer.stem(b));
        let (la, lb) = (lex.lemmas(a), lex.lemmas(b));
        let shared = la.iter().any(|l| lb.contains(l));
        println!(
            "| {a} / {b} | {sa} / {sb} | {} | {} / {} | {} |",
            yes_no(sa == sb),
            la.join(", "),
            lb.join(", "),
            yes_no(shared)
        );
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
