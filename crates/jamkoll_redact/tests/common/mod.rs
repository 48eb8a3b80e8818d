//! Number arithmetic the generated-identifier tests share, written independently of the gate's
//! own (a test oracle must not reuse the code it checks).

/// The Luhn check digit of the nine digits of a personnummer (YYMMDD + 3).
pub fn luhn(nine: &[u8]) -> u8 {
    let sum: u32 = nine
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Days in `month` (1-12) of `year`, leap years included.
pub fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
