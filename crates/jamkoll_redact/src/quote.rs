//! A value a person typed, quoted for a message that refuses or echoes it.

use crate::{Gate, apply_placeholders, resolve_overlaps, spaced};

/// The longest value [`Gate::quoted`] shows, in characters.
pub const MAX_QUOTED: usize = 40;

impl Gate {
    /// A value a person gave (an argument, a spreadsheet cell, a key in a goals file), quoted
    /// for a message that echoes it: through the whole gate (likely names too: a value typed
    /// in the wrong place may hold anything from a case record), then cut to [`MAX_QUOTED`]
    /// characters. Never the raw value. The gate finds names by their capital, so the value is
    /// also scanned with every word capitalised: `anna svensson` typed in lower case is a
    /// name too; and with `-`, `_`, `.` and `/` read as spaces, as in an id or a file name
    /// (`fredrika-lindqvist`).
    ///
    /// ```
    /// let gate = jamkoll_redact::Gate::new();
    /// assert_eq!(gate.quoted("fredrika lindqvist"), "\"[NAMN]\"");
    /// assert_eq!(gate.quoted(" 811228-9874 "), "\"[PERSONNUMMER]\"");
    /// assert_eq!(gate.quoted("Familjefrid Väst"), "\"Familjefrid Väst\"");
    /// ```
    pub fn quoted(&self, value: &str) -> String {
        let value = value.trim();
        let mut hits = self.scan(value);
        hits.extend(self.scan(&capitalised(value)));
        let spaced = spaced(value, &['-', '_', '.', '/']);
        hits.extend(self.scan(&capitalised(&spaced)));
        let gated = apply_placeholders(value, &resolve_overlaps(hits));
        if gated.chars().count() > MAX_QUOTED {
            let cut: String = gated.chars().take(MAX_QUOTED).collect();
            format!("{:?}", cut + "…")
        } else {
            format!("{gated:?}")
        }
    }
}

/// `text` with the first letter of every word in upper case where that keeps its byte length
/// (every Swedish letter does), so offsets into it are offsets into `text`.
fn capitalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = true;
    for c in text.chars() {
        let mut upper = c.to_uppercase();
        match (word_start, upper.next(), upper.next()) {
            (true, Some(u), None) if u.len_utf8() == c.len_utf8() => out.push(u),
            _ => out.push(c),
        }
        word_start = !c.is_alphanumeric();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_names_are_quoted_as_names() {
        let gate = Gate::new();
        assert!(!gate.quoted("fredrika lindqvist").contains("lindqvist"));
        assert!(!gate.quoted("fredrika-lindqvist").contains("lindqvist"));
        assert!(!gate.quoted("fredrika_lindqvist").contains("lindqvist"));
        assert_eq!(gate.quoted("åsa öberg"), gate.quoted("Åsa Öberg"));
    }

    #[test]
    fn long_values_are_cut() {
        let quoted = Gate::new().quoted(&"x".repeat(100));
        assert_eq!(quoted.chars().count(), MAX_QUOTED + 3);
    }

    #[test]
    fn capitalising_keeps_byte_offsets() {
        assert_eq!(capitalised("åsa öberg-ek"), "Åsa Öberg-Ek");
    }
}
