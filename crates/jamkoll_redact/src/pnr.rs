//! Personnummer and samordningsnummer: 10 or 12 digits, with `-`, `+` or no separator, a valid
//! date (day + 60 for a samordningsnummer) and a Luhn check digit over the 10-digit form.
//!
//! Written as a byte check rather than a regex: the gate calls it at the start of each run of
//! ASCII digits, so text without digits never reaches it.

use jamkoll_core::Span;

use crate::{Certainty, Hit, IdentifierKind, chars};

/// A personnummer or samordningsnummer starting with the digit run `bytes[start..run_end]`
/// (which starts a number: no digit before it).
pub(crate) fn at(bytes: &[u8], start: usize, run_end: usize) -> Option<Hit> {
    if start > 0 && glued_before(bytes[start - 1]) {
        return None;
    }
    let head = run_end - start;
    let mut digits = [0u8; 12];
    let (len, end) = match (head, bytes.get(run_end)) {
        (6 | 8, Some(b'-' | b'+')) => {
            let tail_start = run_end + 1;
            let tail_end = chars::digits_end(bytes, tail_start);
            if tail_end - tail_start != 4 {
                return None;
            }
            digits[..head].copy_from_slice(&bytes[start..run_end]);
            digits[head..head + 4].copy_from_slice(&bytes[tail_start..tail_end]);
            (head + 4, tail_end)
        }
        (10 | 12, _) => {
            digits[..head].copy_from_slice(&bytes[start..run_end]);
            (head, run_end)
        }
        _ => return None,
    };
    if bytes
        .get(end)
        .is_some_and(|&b| glued_after(b, bytes.get(end + 1).copied()))
    {
        return None;
    }
    for d in &mut digits[..len] {
        *d -= b'0';
    }
    classify(&digits[..len]).map(|kind| Hit {
        kind,
        span: Span::new(start, end),
        certainty: Certainty::Certain,
    })
}

/// A byte before the first digit that makes the digits part of something else: a decimal, a
/// fraction or a longer code. A letter does not: "pnr8112289874" is a typo, not a code, and a
/// name glued to the number ("Anna8112289874") must not hide it.
fn glued_before(b: u8) -> bool {
    b == b'.' || b == b',' || b == b'/' || b == b'_'
}

/// A byte `b` after the last digit (and the byte after it, `next`) that makes the digits part
/// of something else: a joiner followed by another digit ("…-9874-2", "…/2024", "…_01"), or
/// `@` (an e-mail address, which the e-mail scanner reports). A joiner followed by a letter
/// does not: "811228-9874-intyg.pdf" and "811228-9874_scan" still hold the number. Letters
/// right after do not either, for the same reason as before.
fn glued_after(b: u8, next: Option<u8>) -> bool {
    b == b'@'
        || (matches!(b, b'/' | b'_' | b'-' | b'+') && next.is_some_and(|n| n.is_ascii_digit()))
}

/// Classifies 10 or 12 digit values (0..=9 each) as personnummer or samordningsnummer.
pub(crate) fn classify(d: &[u8]) -> Option<IdentifierKind> {
    let (century, ten) = match d.len() {
        10 => (None, d),
        12 => {
            let c = d[0] * 10 + d[1];
            if !(18..=20).contains(&c) {
                return None;
            }
            (Some(u32::from(c)), &d[2..])
        }
        _ => return None,
    };
    let yy = u32::from(ten[0]) * 10 + u32::from(ten[1]);
    let month = u32::from(ten[2]) * 10 + u32::from(ten[3]);
    let raw_day = u32::from(ten[4]) * 10 + u32::from(ten[5]);
    let (day, kind) = if raw_day > 60 {
        (raw_day - 60, IdentifierKind::Samordningsnummer)
    } else {
        (raw_day, IdentifierKind::Personnummer)
    };
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = match century {
        Some(c) => is_leap(c * 100 + yy),
        // Without the century either reading may be meant: 00 is leap in 2000, not in 1900.
        None => is_leap(1900 + yy) || is_leap(2000 + yy),
    };
    if day > days_in_month(month, leap) {
        return None;
    }
    if !luhn_ok(ten) {
        return None;
    }
    Some(kind)
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(month: u32, leap: bool) -> u32 {
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Luhn over the 10-digit form: weights 2,1,2,1,... on the first nine digits, products' digits
/// summed; the tenth digit makes the total a multiple of ten.
pub(crate) fn luhn_ok(ten: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in ten[..9].iter().enumerate() {
        let mut v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
        if v > 9 {
            v -= 9;
        }
        sum += v;
    }
    (10 - sum % 10) % 10 == u32::from(ten[9])
}
