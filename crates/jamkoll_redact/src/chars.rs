//! Small character helpers shared by the scanners. They decode UTF-8 only around a candidate,
//! never over the whole text, so the scanners stay byte-fast.

/// The character that ends just before byte `i`, if any.
pub(crate) fn before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// The character that starts at byte `i`, if any.
pub(crate) fn at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Whether `c` can stand inside a word (so a match must not start or end next to it).
pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// One past the last letter of the run of letters starting at `i` (`i` if none).
pub(crate) fn letters_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = i;
    // ASCII fast path: most letters of Swedish text are ASCII.
    while p < bytes.len() && bytes[p].is_ascii_alphabetic() {
        p += 1;
    }
    if p >= bytes.len() || bytes[p] < 0x80 {
        return p;
    }
    let Some(rest) = text.get(p..) else {
        return p;
    };
    let i = p;
    for (k, c) in rest.char_indices() {
        if !c.is_alphabetic() {
            return i + k;
        }
    }
    text.len()
}

/// The start of the run of letters that ends at `end` (`end` if none).
pub(crate) fn letters_start(text: &str, end: usize) -> usize {
    let Some(head) = text.get(..end) else {
        return end;
    };
    let mut start = end;
    for (k, c) in head.char_indices().rev() {
        if !c.is_alphabetic() {
            break;
        }
        start = k;
    }
    start
}

/// Whether `word` is written with a capital first letter and lower-case letters after it
/// (each hyphen-joined part may start with a capital: "Anna-Karin").
pub(crate) fn is_title(word: &str) -> bool {
    let b = word.as_bytes();
    // ASCII fast path for the common case, a plain word without a hyphen.
    if b.iter().all(u8::is_ascii_alphabetic) {
        return b.len() >= 2
            && b[0].is_ascii_uppercase()
            && b[1..].iter().all(u8::is_ascii_lowercase);
    }
    let mut after_hyphen = true;
    let mut letters = 0;
    for c in word.chars() {
        if c == '-' {
            if after_hyphen {
                return false;
            }
            after_hyphen = true;
            continue;
        }
        if after_hyphen {
            if !c.is_uppercase() {
                return false;
            }
            after_hyphen = false;
        } else if !c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    !after_hyphen && letters >= 2
}

/// One past the last ASCII digit of the run starting at `p` (`p` if none).
pub(crate) fn digits_end(bytes: &[u8], mut p: usize) -> usize {
    while p < bytes.len() && bytes[p].is_ascii_digit() {
        p += 1;
    }
    p
}
