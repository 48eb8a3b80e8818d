//! The finite language of a token regex, so that `/otrovärdig[ta]?/` costs a hash probe per
//! token instead of a regex run, and can anchor the prefilter like a lemma does.
//!
//! A token regex matches a whole folded token (`^(?:re)$`, case-insensitive). When its
//! language is finite and small, the set of folded tokens it matches is computed here once, at
//! load time; the pattern then treats the element as a set of forms. Regexes with unbounded
//! repetition (`[a-zåäö]{3,}ts?`), large classes (`\p{L}`) or look-around stay regexes.

use regex_syntax::hir::{Class, Hir, HirKind};

/// More strings than this and the regex stays a regex.
const MAX_STRINGS: usize = 4096;
/// A character class larger than this is not expanded.
const MAX_CLASS: u32 = 64;
/// A repetition with a larger upper bound is not expanded.
const MAX_REPEAT: u32 = 8;

/// Every folded token the case-insensitive, fully anchored regex `re` matches, sorted, or
/// `None` when the language is infinite, large, or uses features this does not expand.
///
/// Only folded strings are kept (see [`crate::text::fold`]): tokens are cut from the folded
/// text, so a string with a character that folding changes can never be a token.
pub(crate) fn finite_language(re: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(re)
        .ok()?;
    let mut out = expand(&hir)?;
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// Characters one of which every match of the case-insensitive regex `re` holds, folded (see
/// [`crate::text::fold`]), so a folded text without any of them cannot match; `None` when no
/// small set is certain. A rule regex with such characters runs only on sentences that hold
/// one ("citattecken" needs a quote mark) instead of on every sentence.
pub(crate) fn required_chars(re: &str) -> Option<Vec<char>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(re)
        .ok()?;
    let mut out: Vec<char> = necessary(&hir)?
        .into_iter()
        .map(|c| {
            let mut buf = [0u8; 4];
            crate::text::fold(c.encode_utf8(&mut buf))
                .chars()
                .next()
                .unwrap_or(c)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// A small set of characters every match holds one of.
fn necessary(h: &Hir) -> Option<Vec<char>> {
    match h.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()?
            .chars()
            .next()
            .map(|c| vec![c]),
        HirKind::Class(Class::Unicode(cls)) => {
            let mut size = 0u32;
            for r in cls.ranges() {
                size += u32::from(r.end()) - u32::from(r.start()) + 1;
                if size > 16 {
                    return None;
                }
            }
            Some(
                cls.ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .collect(),
            )
        }
        HirKind::Capture(c) => necessary(&c.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => necessary(&rep.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(necessary)
            // Prefer punctuation (rarer than letters), then the smallest set.
            .min_by_key(|set| (set.iter().any(|c| c.is_alphanumeric()), set.len())),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(necessary(a)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Whether folding leaves `c` as it is.
fn is_folded(c: char) -> bool {
    let mut buf = [0u8; 4];
    let s: &str = c.encode_utf8(&mut buf);
    crate::text::fold(s) == s
}

fn expand(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Empty => Some(vec![String::new()]),
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            Some(if s.chars().all(is_folded) {
                vec![s.to_string()]
            } else {
                Vec::new()
            })
        }
        HirKind::Class(Class::Unicode(cls)) => {
            let mut size = 0u32;
            for r in cls.ranges() {
                size += u32::from(r.end()) - u32::from(r.start()) + 1;
                if size > MAX_CLASS {
                    return None;
                }
            }
            Some(
                cls.ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .filter(|&c| is_folded(c))
                    .map(String::from)
                    .collect(),
            )
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Look(_) => None,
        HirKind::Capture(c) => expand(&c.sub),
        HirKind::Repetition(rep) => {
            let max = rep.max?;
            if max > MAX_REPEAT {
                return None;
            }
            let sub = expand(&rep.sub)?;
            let mut out = Vec::new();
            let mut power = vec![String::new()];
            for k in 0..=max {
                if k >= rep.min {
                    out.extend(power.iter().cloned());
                }
                if k < max {
                    power = product(&power, &sub)?;
                }
                if out.len() > MAX_STRINGS {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            let mut out = vec![String::new()];
            for p in parts {
                out = product(&out, &expand(p)?)?;
            }
            Some(out)
        }
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(expand(a)?);
                if out.len() > MAX_STRINGS {
                    return None;
                }
            }
            Some(out)
        }
    }
}

/// Every string of `a` followed by every string of `b`, or `None` when there would be too many.
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len().saturating_mul(b.len()) > MAX_STRINGS {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push(format!("{x}{y}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(re: &str) -> Option<Vec<String>> {
        finite_language(re)
    }

    #[test]
    fn optional_suffixes_and_alternations_expand() {
        assert_eq!(
            lang("otrovärdig[ta]?").unwrap(),
            ["otrovärdig", "otrovärdiga", "otrovärdigt"]
        );
        // `s` and `k` also match the long s and the Kelvin sign, which folding keeps.
        let sminkade = lang("(väl|upp)?sminkade").unwrap();
        for s in ["sminkade", "uppsminkade", "välsminkade"] {
            assert!(sminkade.iter().any(|x| x == s), "{s}");
        }
        assert!(sminkade.iter().all(|x| x.ends_with("ade")));
    }

    #[test]
    fn only_folded_strings_are_kept() {
        // Case-insensitive: `Å` matches `å`, and only the folded form can be a token.
        // (The Ångström sign `Å` also matches, and folding keeps it: its lower case is
        // shorter in UTF-8.)
        let arig = lang("Årig").unwrap();
        assert!(arig.iter().any(|x| x == "årig"));
        assert!(!arig.iter().any(|x| x == "\u{c5}rig"));
        assert_eq!(lang("(?-i)Årig").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn open_ended_regexes_stay_regexes() {
        assert!(lang("[a-zåäö]{3,}ts?").is_none());
        assert!(lang(r"\d+").is_none());
        assert!(lang(r"\p{L}x").is_none());
        assert!(lang(r"\bx").is_none());
    }

    #[test]
    fn required_chars_of_rule_regexes() {
        let quote =
            r#"(?-i)[\p{L}\p{N},]\s+[”"»]\p{Ll}[\p{L}\-]*(?:\s+[\p{L}\-]+){0,4}[,.!?]?[”"«]"#;
        assert_eq!(required_chars(quote).unwrap(), ['"', '»', '”']);
        // Case-insensitive letters fold to one character.
        assert_eq!(required_chars("(?:x|X)yz").unwrap(), ['x']);
        assert!(required_chars(r"\w+").is_none());
        assert!(required_chars("a?b*").is_none());
    }

    #[test]
    fn expansion_agrees_with_the_regex() {
        for re in [
            "otrovärdig[ta]?",
            "(lång|kort|ljus)hårig[ta]?",
            "smink(et)?",
            "[a-c]{1,3}",
        ] {
            let full = regex::RegexBuilder::new(&format!("^(?:{re})$"))
                .case_insensitive(true)
                .build()
                .unwrap();
            let set = lang(re).unwrap();
            for s in &set {
                assert!(full.is_match(s), "{re} should match {s}");
            }
            for probe in ["otrovärdigta", "hårig", "sminket", "abcd", "långhårigt", ""] {
                assert_eq!(
                    full.is_match(probe),
                    set.iter().any(|s| s == probe),
                    "{re} on {probe}"
                );
            }
        }
    }
}
