//! Swedish phone numbers, mobile and landline: `070-123 45 67`, `0701234567`,
//! `+46 70 123 45 67`, `0046 70 123 45 67`, `+46 (0)70 123 45 67`, `(08) 123 456 78`,
//! `08-123 456 78`, `031-12 34 56`, `0910-123 45`.
//!
//! A number is a trunk `0` (or `+46`/`0046`, then an optional `(0)`) followed by a national
//! significant number of 7 to 9 digits whose first digit is not 0, written as groups separated
//! by one space or hyphen. After the area code every group has at least two digits, so amounts
//! ("12 450 kr"), dates ("2024-03-05") and times ("08.30") never qualify: none of them starts
//! with a lone trunk 0 that is not glued to a digit before it.

use jamkoll_core::Span;

use crate::{Certainty, Hit, IdentifierKind, chars};

/// Fewest and most digits of a Swedish national significant number (without the trunk 0).
const NSN_MIN: usize = 7;
const NSN_MAX: usize = 9;

/// A phone number starting at byte `i` (a `0`, `+` or `(`), if one does.
pub(crate) fn at(text: &str, i: usize) -> Option<Hit> {
    if !starts_cleanly(text, i) {
        return None;
    }
    number_at(text.as_bytes(), i).map(|end| Hit {
        kind: IdentifierKind::Telefon,
        span: Span::new(i, end),
        certainty: Certainty::Certain,
    })
}

/// Whether a number may start at `i`: not glued to a digit or a decimal before. After a
/// hyphen is fine ("12-0701234567"): a date or a diarienummer part after a hyphen is too short
/// or starts with 00, and a number after a redacted address must stay found.
/// A letter before is allowed ("tel0701234567", or a name glued to the number), so that
/// redacting the letters can never expose a number the gate did not see.
fn starts_cleanly(text: &str, i: usize) -> bool {
    match chars::before(text, i) {
        None => true,
        Some(c) if c.is_ascii_digit() => false,
        Some('.' | ',' | '/' | '+') => false,
        Some(_) => true,
    }
}

/// The end of a phone number starting at `i`, if one does.
fn number_at(bytes: &[u8], i: usize) -> Option<usize> {
    let mut p = i;
    match bytes[p] {
        b'+' => {
            if bytes.get(p + 1..p + 3)? != b"46" {
                return None;
            }
            p = after_country_code(bytes, p + 3);
        }
        b'(' => {
            // "(08) 123 45 67": a bracketed area code with its trunk 0.
            if bytes.get(p + 1) != Some(&b'0') {
                return None;
            }
            let area_start = p + 2;
            let area_end = chars::digits_end(bytes, area_start);
            if !(1..=3).contains(&(area_end - area_start))
                || bytes[area_start] == b'0'
                || bytes.get(area_end) != Some(&b')')
            {
                return None;
            }
            let mut q = area_end + 1;
            if bytes.get(q) == Some(&b' ') {
                q += 1;
            }
            return groups(bytes, q, area_end - area_start);
        }
        _ => {
            if bytes.get(p..p + 4) == Some(b"0046") {
                p = after_country_code(bytes, p + 4);
            } else {
                // A trunk 0; the national number follows directly.
                p += 1;
                if !bytes.get(p)?.is_ascii_digit() {
                    return None;
                }
                // Split into groups, the first group with its 0 is an area code of two to four
                // digits ("08", "070", "0910"); a longer one ("060904-3409") is a personnummer
                // shape with a bad check digit, not a phone number.
                // A first group that is already a whole number ("0701234567") stands alone.
                let first_end = chars::digits_end(bytes, p);
                if first_end - i > 4 {
                    let nsn = first_end - p;
                    let whole = (NSN_MIN..=NSN_MAX).contains(&nsn)
                        && !matches!(bytes.get(first_end), Some(b'-' | b'+'));
                    return whole.then_some(first_end);
                }
                return groups(bytes, p, 0);
            }
        }
    }
    groups(bytes, p, 0)
}

/// Skips the separator and the optional "(0)" after `+46` or `0046`.
fn after_country_code(bytes: &[u8], mut p: usize) -> usize {
    if matches!(bytes.get(p), Some(b' ' | b'-')) {
        p += 1;
    }
    if bytes.get(p..p + 3) == Some(b"(0)") {
        p += 3;
        if bytes.get(p) == Some(&b' ') {
            p += 1;
        }
    }
    p
}

/// Reads digit groups of a national significant number starting at `p`, with `have` digits
/// already read (a bracketed area code). The first group (the area code, or the whole number
/// when written without separators) may be a single digit ("08", "+46 8"); later groups need
/// two, so a lone digit after a number ("ring 070-123 45 67 1 gång") is not swallowed.
fn groups(bytes: &[u8], p: usize, have: usize) -> Option<usize> {
    let first_end = chars::digits_end(bytes, p);
    let first = first_end - p;
    if first == 0 || bytes[p] == b'0' {
        return None;
    }
    let mut total = have + first;
    let mut end = first_end;
    if total > NSN_MAX {
        return None;
    }
    while let Some(b' ' | b'-') = bytes.get(end) {
        let sep = end + 1;
        let next_end = chars::digits_end(bytes, sep);
        let len = next_end - sep;
        if len < 2 || total + len > NSN_MAX {
            break;
        }
        total += len;
        end = next_end;
    }
    if total < NSN_MIN {
        return None;
    }
    // Glued to more digits: part of something else. Letters after are allowed, as before.
    if bytes.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(end)
}
