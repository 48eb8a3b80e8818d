//! A verdict: what a research circle or quality team decided about one finding.

use std::fmt;
use std::str::FromStr;

use jamkoll_redact::Gate;
use serde::{Deserialize, Serialize};

use crate::Fingerprint;
use crate::error::Error;

/// Keep the finding (it is real) or dismiss it (it is not what the rule looks for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The finding stands and is counted.
    Keep,
    /// The finding is a false alarm; reviews leave it out and say how many.
    Dismiss,
}

impl Decision {
    /// The wire name (`keep`, `dismiss`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Keep => "keep",
            Decision::Dismiss => "dismiss",
        }
    }

    /// The Swedish word a social worker reads.
    pub fn label_sv(self) -> &'static str {
        match self {
            Decision::Keep => "behållen",
            Decision::Dismiss => "avfärdad",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Decision {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "keep" | "behåll" | "behall" | "behållen" => Ok(Decision::Keep),
            "dismiss" | "avfärda" | "avfarda" | "avfärdad" => Ok(Decision::Dismiss),
            _ => Err(format!(
                "{} is not a verdict; expected keep or dismiss (behåll, avfärda)",
                quoted(s)
            )),
        }
    }
}

/// Why a finding was dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// The words are a quote (from the police, a school, the person), not the writer's own.
    Citat,
    /// A look or a body is described because an injury or need is documented.
    SkadaDokumenteras,
    /// The rule took the wrong person (the subject is not who the finding says).
    FelPerson,
    /// The text denies it; the rule missed the negation.
    Negation,
    /// Something else, said in a short free text (checked by the identifier gate).
    Annat(String),
}

/// The wire names of the reasons, in the order forms list them.
pub const REASONS: &[&str] = &[
    "citat",
    "skada_dokumenteras",
    "fel_person",
    "negation",
    "annat",
];

impl Reason {
    /// The wire name (`citat`, `skada_dokumenteras`, `fel_person`, `negation`, `annat`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Reason::Citat => "citat",
            Reason::SkadaDokumenteras => "skada_dokumenteras",
            Reason::FelPerson => "fel_person",
            Reason::Negation => "negation",
            Reason::Annat(_) => "annat",
        }
    }

    /// The Swedish label of a reason's wire name, for forms and lists.
    pub fn label_sv(wire: &str) -> &'static str {
        match wire {
            "citat" => "citat från annan källa",
            "skada_dokumenteras" => "skada eller behov dokumenteras",
            "fel_person" => "fel person",
            "negation" => "negation",
            "annat" => "annat",
            _ => "",
        }
    }

    /// The free text of `annat`.
    pub fn note(&self) -> Option<&str> {
        match self {
            Reason::Annat(text) => Some(text),
            _ => None,
        }
    }

    /// The reasons that take no note, by wire name.
    fn without_note(wire: &str) -> Option<Reason> {
        Some(match wire {
            "citat" => Reason::Citat,
            "skada_dokumenteras" => Reason::SkadaDokumenteras,
            "fel_person" => Reason::FelPerson,
            "negation" => Reason::Negation,
            _ => return None,
        })
    }

    /// A reason from its wire name and the note. `annat` needs a note, the others take none.
    /// The note passes the identifier gate: a case record's names never belong in the verdict
    /// file.
    pub fn parse(wire: &str, note: Option<&str>, gate: &Gate) -> Result<Reason, Error> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let typed = wire;
        let wire = wire.trim().to_lowercase();
        let reason = match Reason::without_note(&wire) {
            Some(reason) => reason,
            None if wire == "annat" => {
                let Some(text) = note else {
                    return Err(Error::Invalid {
                        field: "note",
                        reason: "the reason annat needs a short note saying why".into(),
                    });
                };
                check_free_text("note", text, MAX_NOTE, gate)?;
                return Ok(Reason::Annat(text.to_string()));
            }
            None => {
                return Err(Error::Invalid {
                    field: "reason",
                    reason: format!(
                        "{} is not a reason; expected one of: {}",
                        quoted(typed),
                        REASONS.join(", ")
                    ),
                });
            }
        };
        if note.is_some() {
            return Err(Error::Invalid {
                field: "note",
                reason: format!(
                    "a note goes with the reason annat only, not with {}",
                    reason.as_str()
                ),
            });
        }
        Ok(reason)
    }
}

/// Longest note, in characters: a reason, not a case description.
const MAX_NOTE: usize = 200;
/// Longest role, in characters.
const MAX_ROLE: usize = 40;

/// Who decided, as a role ("forskningscirkel", "kvalitetsteam", "enhetschef"), never a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DecidedBy(String);

impl DecidedBy {
    /// Checks that `role` reads as a role: one word of lower-case letters, digits, `-` or `_`,
    /// that the identifier gate finds nothing in (also when capitalised, since the gate looks
    /// for names by their capital).
    pub fn new(role: &str, gate: &Gate) -> Result<DecidedBy, Error> {
        let role = role.trim();
        let invalid = |reason: String| Error::Invalid {
            field: "decided_by",
            reason,
        };
        if role.is_empty() || role.chars().count() > MAX_ROLE {
            return Err(invalid(format!(
                "give a role of 1 to {MAX_ROLE} characters, e.g. forskningscirkel or kvalitetsteam"
            )));
        }
        if !role
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(invalid(
                "a role is one lower-case word (letters, digits, - or _), e.g. kvalitetsteam; \
                 never a person's name"
                    .into(),
            ));
        }
        let mut capital = role.chars();
        let capitalised: String = capital
            .next()
            .map(|c| c.to_uppercase().chain(capital).collect())
            .unwrap_or_default();
        for probe in [role, capitalised.as_str()] {
            if let Some(hit) = gate.scan(&format!("Beslutat av {probe} i dag.")).first() {
                return Err(invalid(format!(
                    "it looks like a {} (the identifier gate); give a role such as \
                     forskningscirkel, never a person's name or contact detail",
                    hit.kind
                )));
            }
        }
        Ok(DecidedBy(role.to_string()))
    }

    /// The role.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DecidedBy {
    type Error = Error;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        // Loading a file already checked on the way in; the shape is still enforced.
        if s.is_empty()
            || s.chars().count() > MAX_ROLE
            || !s
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(Error::Invalid {
                field: "decided_by",
                reason: "not a role (one lower-case word)".into(),
            });
        }
        Ok(DecidedBy(s))
    }
}

impl From<DecidedBy> for String {
    fn from(d: DecidedBy) -> String {
        d.0
    }
}

impl fmt::Display for DecidedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value a person gave (a spreadsheet cell, an argument), quoted for a message that refuses
/// it: [`Gate::quoted`] (the whole gate, names in lower case too, cut short). Never the raw
/// value.
pub fn quoted(value: &str) -> String {
    static GATE: std::sync::OnceLock<Gate> = std::sync::OnceLock::new();
    GATE.get_or_init(Gate::new).quoted(value)
}

/// Checks free text a person typed (a note): short, on one line, and nothing the identifier
/// gate finds.
pub(crate) fn check_free_text(
    field: &'static str,
    text: &str,
    max: usize,
    gate: &Gate,
) -> Result<(), Error> {
    if text.chars().count() > max {
        return Err(Error::Invalid {
            field,
            reason: format!("keep it under {max} characters: a reason, not a case description"),
        });
    }
    if text.chars().any(char::is_control) {
        return Err(Error::Invalid {
            field,
            reason: "write it on one line".into(),
        });
    }
    if let Some(hit) = gate.scan(text).first() {
        return Err(Error::Invalid {
            field,
            reason: format!(
                "the identifier gate found a {} in it; say why without names or contact details",
                hit.kind
            ),
        });
    }
    Ok(())
}

/// What was decided about one finding, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The finding.
    pub fingerprint: Fingerprint,
    /// The rule that made the finding (kept for per-rule precision).
    pub rule: String,
    /// The document the finding is in (kept so a document's verdicts can be found and removed).
    pub doc_id: String,
    /// Keep or dismiss.
    pub verdict: Decision,
    /// Why it was dismissed (dismissals only).
    pub reason: Option<Reason>,
    /// Who decided, as a role.
    pub decided_by: DecidedBy,
    /// When, as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub decided_at: String,
}

/// The on-disk shape of a verdict: one JSON object per line of `verdicts.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Line {
    pub fingerprint: Fingerprint,
    pub rule: String,
    pub doc_id: String,
    pub verdict: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub decided_by: DecidedBy,
    pub decided_at: String,
}

impl From<&Verdict> for Line {
    fn from(v: &Verdict) -> Line {
        Line {
            fingerprint: v.fingerprint.clone(),
            rule: v.rule.clone(),
            doc_id: v.doc_id.clone(),
            verdict: v.verdict,
            reason: v.reason.as_ref().map(|r| r.as_str().to_string()),
            note: v.reason.as_ref().and_then(Reason::note).map(str::to_string),
            decided_by: v.decided_by.clone(),
            decided_at: v.decided_at.clone(),
        }
    }
}

impl Line {
    /// The verdict, with its reason rebuilt (no gate: the note was gated on the way in).
    pub(crate) fn into_verdict(self) -> Result<Verdict, Error> {
        let reason = match (self.verdict, self.reason.as_deref()) {
            (Decision::Keep, None) => None,
            (Decision::Keep, Some(_)) => {
                return Err(Error::Invalid {
                    field: "reason",
                    reason: "a kept finding has no reason".into(),
                });
            }
            (Decision::Dismiss, None) => {
                return Err(Error::Invalid {
                    field: "reason",
                    reason: "a dismissal needs a reason".into(),
                });
            }
            (Decision::Dismiss, Some("annat")) => {
                Some(Reason::Annat(self.note.clone().unwrap_or_default()))
            }
            (Decision::Dismiss, Some(wire)) => {
                Some(Reason::without_note(wire).ok_or_else(|| Error::Invalid {
                    field: "reason",
                    reason: format!("{} is not a reason", quoted(wire)),
                })?)
            }
        };
        Ok(Verdict {
            fingerprint: self.fingerprint,
            rule: self.rule,
            doc_id: self.doc_id,
            verdict: self.verdict,
            reason,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
        })
    }
}

/// The current time as UTC `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_utc(secs)
}

/// Seconds since the Unix epoch as UTC `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian calendar).
/// The day comes from the index's own calendar code ([`jamkoll_index::date::IsoDate`]), so
/// there is one copy of the date arithmetic; an instant past the year 9999 (which no clock
/// gives) is written as the last second of that year.
pub fn format_utc(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX);
    let rem = secs % 86_400;
    match jamkoll_index::date::IsoDate::from_days_since_epoch(days) {
        Some(day) => format!(
            "{day}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        ),
        None => "9999-12-31T23:59:59Z".to_string(),
    }
}

/// Whether `s` has the shape of [`format_utc`]'s output.
pub(crate) fn is_utc_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formatting_matches_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(format_utc(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(format_utc(u64::MAX), "9999-12-31T23:59:59Z");
        assert!(is_utc_stamp(&now_utc()));
        assert!(!is_utc_stamp("2026-11-18 07:06:40"));
    }

    #[test]
    fn roles_are_one_lower_case_word_without_identifiers() {
        let gate = Gate::new();
        assert!(DecidedBy::new("forskningscirkel", &gate).is_ok());
        assert!(DecidedBy::new("kvalitetsteam", &gate).is_ok());
        assert!(DecidedBy::new("enhetschef_norr", &gate).is_ok());
        for bad in [
            "Anna Svensson",
            "anna",
            "",
            "a@b.se",
            "0701234567",
            "811228-9874",
        ] {
            assert!(DecidedBy::new(bad, &gate).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn reasons_need_notes_exactly_for_annat_and_notes_pass_the_gate() {
        let gate = Gate::new();
        assert_eq!(
            Reason::parse("citat", None, &gate).ok(),
            Some(Reason::Citat)
        );
        assert!(Reason::parse("citat", Some("x"), &gate).is_err());
        assert!(Reason::parse("annat", None, &gate).is_err());
        assert_eq!(
            Reason::parse("annat", Some("mallens rubrik"), &gate).ok(),
            Some(Reason::Annat("mallens rubrik".into()))
        );
        let err = Reason::parse("annat", Some("ring 070-123 45 67"), &gate);
        assert!(matches!(err, Err(Error::Invalid { field: "note", .. })));
        assert!(Reason::parse("okänd", None, &gate).is_err());
    }

    #[test]
    fn decisions_accept_swedish_words() {
        assert_eq!("behåll".parse(), Ok(Decision::Keep));
        assert_eq!("Dismiss".parse(), Ok(Decision::Dismiss));
        assert!("kanske".parse::<Decision>().is_err());
    }
}
