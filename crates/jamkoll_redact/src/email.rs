//! E-mail addresses: a local part, `@`, and a domain of at least two labels whose last label
//! (the top-level domain) is at least two letters. Only runs where the text has an `@`.

use jamkoll_core::Span;

use crate::{Certainty, Hit, IdentifierKind, chars};

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

/// The end of a domain starting at `p`: labels of letters, digits and hyphens separated by
/// dots, at least two of them, the last one starting with two or more letters (the top-level
/// domain ends where its letters end: "kommun.se123" ends after "se", so a number glued to an
/// address cannot hide the address, nor redacting the number expose it).
fn domain_end(text: &str, p: usize) -> Option<usize> {
    let rest = text.get(p..)?;
    let mut labels = 0;
    let mut label_start = p;
    // The end of the domain so far: after the last label that could be a top-level domain.
    let mut end = None;
    let finish = |label_start: usize, label_end: usize, labels: usize| {
        let letters = chars::letters_end(text, label_start).min(label_end);
        if labels >= 2 && text[label_start..letters].chars().count() >= 2 {
            Some(letters)
        } else {
            None
        }
    };
    let mut stop = text.len();
    for (k, c) in rest.char_indices() {
        let pos = p + k;
        if c.is_alphanumeric() || c == '-' {
            continue;
        }
        if c == '.' && pos > label_start {
            labels += 1;
            if let Some(e) = finish(label_start, pos, labels) {
                end = Some(e);
            }
            label_start = pos + 1;
            continue;
        }
        stop = pos;
        break;
    }
    if stop > label_start {
        if let Some(e) = finish(label_start, stop, labels + 1) {
            end = Some(e);
        }
    }
    end
}
