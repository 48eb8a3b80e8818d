use jamkoll_redact::Gate;
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let data = std::fs::read_to_string(path).unwrap_or_default();
    let gate = Gate::new();
    let mut n = 0;
    for line in data.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let text = v["text"].as_str().unwrap_or("");
        n += 1;
        for h in gate.scan(text) {
            let a = text[..h.span.start]
                .char_indices()
                .rev()
                .nth(30)
                .map_or(0, |x| x.0);
            let b = text[h.span.end..]
                .char_indices()
                .nth(30)
                .map_or(text.len(), |x| h.span.end + x.0);
            println!(
                "{:?}\t{}[[{}]]{}",
                h.kind,
                &text[a..h.span.start],
                &text[h.span.start..h.span.end],
                &text[h.span.end..b]
            );
        }
    }
    eprintln!("{n} records");
}
