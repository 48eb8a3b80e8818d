//! Prints the compound heads of the words given as arguments, and the lexicon's load time.
//!
//! ```text
//! cargo run -p jamkoll_text --example heads -- småbarnsmamman trebarnspappa
//! ```

use std::time::Instant;

use jamkoll_text::Lexicon;

fn main() {
    let t = Instant::now();
    let lex = Lexicon::swedish();
    eprintln!(
        "lexicon loaded in {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    for word in std::env::args().skip(1) {
        let word = word.to_lowercase();
        let heads: Vec<String> = lex
            .compound_heads(&word)
            .map(|h| format!("{} ({})", h.head, h.lemmas.join(", ")))
            .collect();
        println!("{word}: {}", heads.join("; "));
    }
}
