//! Prints the sentences (one a line, `|` between clauses) of the `text` fields of a JSON Lines
//! file, or of standard input when no file is given: a quick way to eyeball the splitter.
//!
//! ```text
//! cargo run -p jamkoll_text --example split -- fixtures/demo/demo.jsonl | less
//! ```

use std::io::Read;

use jamkoll_text::{clauses, normalize, sentences, tokens};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let texts: Vec<String> = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(&path)?
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
            .collect(),
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            vec![s]
        }
    };
    for text in &texts {
        let text = normalize(text);
        for span in sentences(&text) {
            let toks = tokens(&text, span);
            let parts: Vec<String> = clauses(&toks)
                .into_iter()
                .map(|r| {
                    let (a, b) = (toks[r.start].span.start, toks[r.end - 1].span.end);
                    text[a..b].replace('\n', "⏎")
                })
                .collect();
            println!("{}", parts.join(" | "));
        }
        println!();
    }
    Ok(())
}
