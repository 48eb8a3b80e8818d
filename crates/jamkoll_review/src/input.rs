//! What the review reads: one summary per document, the rule pack's texts, settings and a stamp.
//!
//! The review never sees document text. The caller (the `jamkoll review` command) reads the
//! metadata and findings of each document from the index, counts how often women, men, girls and
//! boys are mentioned, and hands the review one [`DocSummary`] at a time. Excerpts are asked for
//! at the end, through [`ExcerptSource`], only for the few passages the report shows.

use std::fmt;
use std::str::FromStr;

use jamkoll_core::{Area, Finding, Gender, Span};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The decision recorded on a document, where the export has one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Decision {
    /// Granted in full.
    #[serde(rename = "bifall")]
    Bifall,
    /// Partly granted.
    #[serde(rename = "delvis")]
    Delvis,
    /// Refused.
    #[serde(rename = "avslag")]
    Avslag,
}

impl Decision {
    /// Every decision, in the order reports list them.
    pub const ALL: &'static [Decision] = &[Decision::Bifall, Decision::Delvis, Decision::Avslag];

    /// The stable wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Bifall => "bifall",
            Decision::Delvis => "delvis",
            Decision::Avslag => "avslag",
        }
    }

    /// The name in a report in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Decision::Bifall, Lang::Sv) => "Bifall",
            (Decision::Delvis, Lang::Sv) => "Delvis bifall",
            (Decision::Avslag, Lang::Sv) => "Avslag",
            (Decision::Bifall, Lang::En) => "Granted",
            (Decision::Delvis, Lang::En) => "Partly granted",
            (Decision::Avslag, Lang::En) => "Refused",
        }
    }
}

/// A decision value that is not `bifall`, `delvis` or `avslag` (or their English names).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown decision {0:?}; expected one of: bifall, delvis, avslag (or granted, partly, refused)"
)]
pub struct DecisionError(pub String);

impl FromStr for Decision {
    type Err = DecisionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "bifall" | "beviljat" | "granted" => Ok(Decision::Bifall),
            "delvis" | "delvis bifall" | "partly" | "partial" => Ok(Decision::Delvis),
            "avslag" | "avslaget" | "refused" | "denied" => Ok(Decision::Avslag),
            _ => Err(DecisionError(s.to_string())),
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often the text mentions a woman, a man, a girl and a boy (pronouns and role nouns).
///
/// Used to normalise findings by subject: a unit whose texts speak of mothers ten times as often
/// as of fathers will find more about mothers for that reason alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectMentions {
    /// Mentions of an adult woman.
    pub kvinna: u64,
    /// Mentions of an adult man.
    pub man: u64,
    /// Mentions of a girl.
    pub flicka: u64,
    /// Mentions of a boy.
    pub pojke: u64,
}

impl SubjectMentions {
    /// Counts mentions in `text` by pronouns and role nouns (in their common forms).
    ///
    /// An approximation for normalising, not a referent resolver: "hon"/"han" count as a woman
    /// or a man even when they refer to a girl or a boy, and the neutral words (sambo, förälder,
    /// vårdnadshavare) and the bare word "man" (also the pronoun "one") are not counted.
    pub fn count(text: &str) -> SubjectMentions {
        let mut m = SubjectMentions::default();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() || word.len() > 16 {
                continue;
            }
            let lower = word.to_lowercase();
            let w = lower.as_str();
            if WOMAN.contains(&w) {
                m.kvinna += 1;
            } else if MAN.contains(&w) {
                m.man += 1;
            } else if GIRL.contains(&w) {
                m.flicka += 1;
            } else if BOY.contains(&w) {
                m.pojke += 1;
            }
        }
        m
    }
}

const WOMAN: &[&str] = &[
    "hon",
    "henne",
    "hennes",
    "kvinna",
    "kvinnan",
    "kvinnans",
    "kvinnor",
    "kvinnorna",
    "mamma",
    "mamman",
    "mammans",
    "mammor",
    "mor",
    "modern",
    "moderns",
    "maka",
    "makan",
    "makans",
    "fru",
    "frun",
    "fruns",
    "hustru",
    "hustrun",
    "styvmamma",
    "styvmamman",
    "styvmor",
    "mormor",
    "farmor",
    "flickvän",
    "flickvännen",
];
const MAN: &[&str] = &[
    "han",
    "honom",
    "hans",
    "mannen",
    "mannens",
    "män",
    "männen",
    "pappa",
    "pappan",
    "pappans",
    "pappor",
    "far",
    "fadern",
    "faderns",
    "make",
    "maken",
    "makens",
    "styvpappa",
    "styvpappan",
    "styvfar",
    "morfar",
    "farfar",
    "pojkvän",
    "pojkvännen",
];
const GIRL: &[&str] = &[
    "flicka",
    "flickan",
    "flickans",
    "flickor",
    "flickorna",
    "dotter",
    "dottern",
    "dotterns",
    "döttrar",
    "döttrarna",
];
const BOY: &[&str] = &[
    "pojke", "pojken", "pojkens", "pojkar", "pojkarna", "son", "sonen", "sonens", "söner",
    "sönerna",
];

/// One document as the review sees it: metadata, length and findings, no text.
#[derive(Debug, Clone, PartialEq)]
pub struct DocSummary {
    /// The document's id (shown next to excerpts, never anything else of the record).
    pub id: String,
    /// The unit (arbetsgrupp, enhet) the document belongs to.
    pub unit: String,
    /// The case the document belongs to (the record id when the export has no case id).
    pub case_id: String,
    /// The client's gender as recorded.
    pub client_gender: Gender,
    /// The area of social services.
    pub area: Area,
    /// The document type (utredning, journalanteckning, beslut, ...), as exported.
    pub document_type: Option<String>,
    /// The document's date, ISO 8601 (`YYYY-MM-DD` or longer); compared as text for filters.
    pub date: Option<String>,
    /// The decision, where recorded.
    pub decision: Option<Decision>,
    /// The amount granted in kronor, where recorded.
    pub amount: Option<f64>,
    /// Words in the document (after pseudonymisation; a placeholder is one word).
    pub words: u64,
    /// Every finding in the document, of every scope; the review counts `Scope::Asserted` only.
    pub findings: Vec<Finding>,
    /// How often each kind of person is mentioned.
    pub mentions: SubjectMentions,
    /// Asserted findings dismissed at triage and already removed from `findings` (set by the
    /// caller that applies the verdicts), so the review can say per unit and period how many
    /// it left out.
    pub dismissed: u64,
}

/// What the review needs to know about one rule of the pack (carried in counts documents too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleInfo {
    /// The rule's stable id.
    pub id: String,
    /// The rule's category.
    #[schemars(schema_with = "crate::report::category_schema")]
    pub category: jamkoll_core::Category,
    /// The rule's message in Swedish.
    pub message_sv: String,
    /// The rule's message in English, if the rule file has one.
    pub message_en: Option<String>,
    /// The reflection question in Swedish.
    pub question_sv: String,
    /// The reflection question in English, if the rule file has one.
    pub question_en: Option<String>,
}

/// The language of a report.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
pub enum Lang {
    /// Swedish (the default): decimal comma, Swedish labels.
    #[default]
    #[serde(rename = "sv")]
    Sv,
    /// English: decimal point, English labels.
    #[serde(rename = "en")]
    En,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "sv" | "svenska" | "swedish" => Ok(Lang::Sv),
            "en" | "engelska" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}; expected sv or en")),
        }
    }
}

/// Which documents the review covers. Empty or `None` means no restriction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Filters {
    /// Only these units (exact names), sorted.
    pub units: Vec<String>,
    /// Only this area (normalised wire name).
    pub area: Option<String>,
    /// Only documents dated on or after this ISO date. Undated documents are left out.
    pub from: Option<String>,
    /// Only documents dated on or before this ISO date. Undated documents are left out.
    pub to: Option<String>,
}

impl Filters {
    /// Whether a document passes the filters.
    pub fn admits(&self, doc: &DocSummary) -> bool {
        if !self.units.is_empty() && !self.units.contains(&doc.unit) {
            return false;
        }
        if let Some(area) = &self.area
            && Area::new(area) != doc.area
        {
            return false;
        }
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        // Compare the date part only, so "2024-03-01T10:00" is on 2024-03-01.
        let Some(date) = doc.date.as_deref().map(|d| d.get(..10).unwrap_or(d)) else {
            return false;
        };
        let from_ok = self.from.as_deref().is_none_or(|f| date >= f);
        let to_ok = self.to.as_deref().is_none_or(|t| date <= t);
        from_ok && to_ok
    }
}

/// The settings of one review.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Counts from 1 to `min_cell - 1` are never shown (default 5).
    pub min_cell: u64,
    /// A difference is flagged when its Benjamini–Hochberg q is below this (default 0.05).
    pub alpha: f64,
    /// The report's language.
    pub lang: Lang,
    /// Which documents are reviewed.
    pub filters: Filters,
    /// At most this many excerpts per flagged rule and gender (default 3).
    pub excerpts_per_gender: usize,
    /// Also choose each unit's excerpts for the discussion material (`--discussion`,
    /// [`UnitReport::material`](crate::UnitReport::material)): excerpt candidates are then kept
    /// by the person a finding is about and by whom a duty is placed on too.
    pub discussion: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_cell: 5,
            alpha: 0.05,
            lang: Lang::Sv,
            filters: Filters::default(),
            excerpts_per_gender: 3,
            discussion: false,
        }
    }
}

/// Where a report comes from, so two reviews can be compared and reproduced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The jamkoll version that made the report.
    pub jamkoll_version: String,
    /// A hash of the rule pack (every rule file's content), as the engine computes it.
    pub rule_pack_hash: String,
}

/// Cuts an excerpt for the report. The caller owns the text and the identifier gate.
///
/// Return `None` when the passage cannot be shown (the text is gone, or the gate found an
/// identifier it could not redact); the review then tries the next candidate.
pub trait ExcerptSource {
    /// A short keyword-in-context excerpt around `cue`, inside `sentence`, of document `doc_id`,
    /// already passed through the identifier gate.
    fn excerpt(&self, doc_id: &str, sentence: Span, cue: Span) -> Option<String>;
}

/// An [`ExcerptSource`] that has no text: the report shows no excerpts.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoExcerpts;

impl ExcerptSource for NoExcerpts {
    fn excerpt(&self, _doc_id: &str, _sentence: Span, _cue: Span) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_count_pronouns_and_role_nouns() {
        let m = SubjectMentions::count(
            "Mamman berättar att hon och pappan bråkar. Han säger att sonen och Dottern mår bra. Man bör notera det.",
        );
        assert_eq!(
            m,
            SubjectMentions {
                kvinna: 2,
                man: 2,
                flicka: 1,
                pojke: 1
            }
        );
    }
}
