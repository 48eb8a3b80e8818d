//! E-mail addresses: a local part, `@`, and a domain of at least two labels whose last label
//! (the top-level domain) is at least two letters. Only runs where the text has an `@`.

use jamkoll_core::Span;

use crate::{Certainty, Hit, IdentifierKind};

/// Appends every e-mail address in `text` to `hits`.
pub(crate) fn scan(text: &str, hits: &mut Vec<Hit>) {
    let mut from = 0;
    while let Some(k) = text.get(from..).and_then(|s| s.find('@')) {
        let at = from + k;
        from = at + 1;
        let start = local_start(text, at);
        if start == at {
            continue;
        }
        let Some(end) = domain_end(text, at + 1) else {
            continue;
        };
        hits.push(Hit {
            kind: IdentifierKind::Epost,
            span: Span::new(start, end),
            certainty: Certainty::Certain,
        });
        from = end;
    }
}

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

/// The start of the local part that ends at the `@` at `at`; leading dots are not part of it.
fn local_start(text: &str, at: usize) -> usize {
    let mut start = at;
    for (k, c) in text[..at].char_indices().rev() {
        if !is_local(c) {
            break;
        }
        start = k;
    }
    while start < at && matches!(text.as_bytes()[start], b'.' | b'\'') {
        start += 1;
    }
    start
}

/// The end of a domain starting at `p`, if it has at least two labels and a TLD of letters.
fn domain_end(text: &str, p: usize) -> Option<usize> {
    let rest = text.get(p..)?;
    let mut end = p;
    let mut labels = 0;
    let mut label_start = p;
    let mut last_label_ok = false;
    for (k, c) in rest.char_indices() {
        let pos = p + k;
        if c.is_alphanumeric() || c == '-' {
            continue;
        }
        if c == '.' && pos > label_start {
            labels += 1;
            last_label_ok = tld_like(&text[label_start..pos]);
            end = pos;
            label_start = pos + 1;
            continue;
        }
        break;
    }
    // The last label runs to the first byte that is not a label character.
    let tail_end = text[label_start..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
        .map_or(text.len(), |(k, _)| label_start + k);
    if tail_end > label_start {
        labels += 1;
        last_label_ok = tld_like(&text[label_start..tail_end]);
        end = tail_end;
    }
    (labels >= 2 && last_label_ok).then_some(end)
}

fn tld_like(label: &str) -> bool {
    label.chars().count() >= 2 && label.chars().all(char::is_alphabetic)
}
