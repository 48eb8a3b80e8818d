//! The counts document: a review's raw count tables, without text, excerpts or ids, so that
//! reviews of separate shards can be merged into exactly the review of the pooled corpus.
//!
//! Secrecy keeps assessment texts inside each municipality, so a region cannot pool them. What
//! can leave is the count tables a review is computed from. [`Counts::of`] takes them from an
//! [`Aggregator`] before anything is suppressed or tested; [`merge`] adds any number of them;
//! [`Counts::into_aggregator`] turns the sum back into an aggregator whose
//! [`finish`](Aggregator::finish) computes every rate, interval, test and q-value, and applies
//! suppression, on the merged counts (see `docs/scaling.md`).
//!
//! Why the counts add up exactly: every figure of a review is a sum over documents or a count of
//! cases with some property (a finding of a rule, a mention of a girl, a duty placed on a
//! father), split by the gender of the case. A case's gender and properties depend only on its
//! own documents. So as long as **every document of a case is in the same shard** (shard by unit
//! or by a hash of the case id), each case is counted in exactly one shard, whole, and the
//! shards' counts add up to the pooled counts. Amounts are kept as a histogram of values, so the
//! median of the merged amounts is exact too. The corpus fingerprint is a wrapping sum of
//! per-document hashes and adds up as well.
//!
//! The document is **unsuppressed working data**: it holds counts of 1 to 4 that a report would
//! hide. It is marked `sensitive: true`, carries a warning in Swedish and English, and the
//! command writes it readable by its owner only.

use std::collections::BTreeMap;

use jamkoll_core::{Area, Category, DutyDomain, Subject};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregator, Bearer, Folded, Key, SUBJECTS, UnitAgg, ci, di, domain_of};
use crate::input::{Decision, Filters, Lang, NoExcerpts, RuleInfo, Settings, Stamp};
use crate::report::{Merged, Report, category_schema, domain_schema, subject_schema};

/// The value of the `format` field: tells a counts document from a report or anything else.
pub const COUNTS_FORMAT: &str = "jamkoll-counts";

/// The version of the counts format. Bump it when a field changes meaning or disappears; merge
/// refuses any other version.
pub const COUNTS_VERSION: u32 = 1;

const WARNING_SV: &str = "Känsliga arbetsdata: räknetabellerna är inte skyddade mot små tal (ingen undertryckning). Dela dem inte och publicera dem inte; använd dem bara som indata till `jamkoll merge`, som skyddar små tal efter sammanslagningen.";
const WARNING_EN: &str = "Sensitive working data: the count tables are not protected against small counts (no suppression). Do not share or publish them; use them only as input to `jamkoll merge`, which suppresses small counts after merging.";

/// A review's count tables, before suppression: the `counts.json` that `jamkoll review --format
/// counts` writes and `jamkoll merge` reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Always "jamkoll-counts".
    pub format: String,
    /// The version of this format (1).
    pub format_version: u32,
    /// Always true: the tables are unsuppressed working data.
    pub sensitive: bool,
    /// What the file is and how to handle it.
    pub warning: Warning,
    /// The jamkoll version that counted (all merged files must share it).
    pub jamkoll_version: String,
    /// The rule pack the findings come from (all merged files must share its hash).
    pub rule_pack: CountsPack,
    /// The settings that decide what is counted (all merged files must share them). The minimum
    /// cell, alpha and language do not change any count and are chosen when merging.
    pub filters: Filters,
    /// Documents counted and left out by the filters.
    pub corpus: CountsCorpus,
    /// The count tables of each unit, by unit name.
    pub units: BTreeMap<String, UnitCounts>,
}

/// The warning carried in every counts document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// In Swedish.
    pub sv: String,
    /// In English.
    pub en: String,
}

/// The rule pack of a counts document: its hash and the texts a report shows for its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountsPack {
    /// The pack's hash, as the engine computes it.
    pub hash: String,
    /// The pack's rules (id, category, messages, questions: never any document text), so merging
    /// needs no rule files.
    pub rules: Vec<RuleInfo>,
    /// Rules that had findings but are not in the pack, with the category of their findings.
    pub other_rules: BTreeMap<String, CategoryName>,
}

/// A category, as its wire name (a newtype so the schema lists the names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct CategoryName(#[schemars(schema_with = "category_schema")] pub Category);

/// Documents of a counts document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountsCorpus {
    /// Documents counted.
    pub documents: u64,
    /// Documents the filters left out.
    pub skipped: u64,
    /// The wrapping sum of the counted documents' hashes (16 hex digits); it adds up over
    /// shards, so the merged report has the pooled review's fingerprint.
    pub fingerprint: String,
    /// Asserted findings dismissed at triage and left out of every count (0 when none were):
    /// the sum of the units' `dismissed`.
    #[serde(default)]
    pub dismissed: u64,
}

/// Four counts by the client's gender (of the document, or of the case).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ByGender {
    /// Women.
    pub kvinna: u64,
    /// Men.
    pub man: u64,
    /// Another gender.
    pub annat: u64,
    /// Gender not recorded, or a case whose documents disagree.
    #[serde(rename = "okänt")]
    pub okant: u64,
}

impl ByGender {
    fn of(a: [u64; 4]) -> ByGender {
        ByGender {
            kvinna: a[0],
            man: a[1],
            annat: a[2],
            okant: a[3],
        }
    }

    fn array(self) -> [u64; 4] {
        [self.kvinna, self.man, self.annat, self.okant]
    }

    fn add(&mut self, other: ByGender) {
        self.kvinna += other.kvinna;
        self.man += other.man;
        self.annat += other.annat;
        self.okant += other.okant;
    }
}

/// The count tables of one unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitCounts {
    /// Documents by the client's gender.
    pub documents: ByGender,
    /// Documents by area (wire name) and gender.
    #[schemars(with = "BTreeMap<String, ByGender>")]
    pub areas: BTreeMap<Area, ByGender>,
    /// Documents by document type (lower case, as exported) and gender.
    pub document_types: Vec<TypeCount>,
    /// Documents by decision and gender.
    pub decisions: BTreeMap<Decision, ByGender>,
    /// Amounts granted, per gender: each distinct amount with its number of documents.
    pub amounts: AmountsByGender,
    /// Cases by the case's gender (a case whose documents disagree is unknown).
    pub cases: ByGender,
    /// Words written in the cases of each gender.
    pub words: ByGender,
    /// Per category and per rule: cases with an asserted finding and the findings, by case
    /// gender.
    pub findings: Vec<FindingCount>,
    /// Per kind of person: cases whose texts mention one, and the mentions.
    pub mentions: Vec<MentionCount>,
    /// Per category and kind of person: cases with an asserted finding about one, and the
    /// findings.
    pub subject_findings: Vec<SubjectCount>,
    /// Per duty domain and bearer: cases with at least one such asserted duty.
    pub duties: Vec<DutyCount>,
    /// Asserted findings dismissed at triage and left out of the unit's counts; absent when
    /// none were (and in files written before jamkoll counted them per unit).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dismissed: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Documents of one type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeCount {
    /// The type, or null when the export has none.
    pub document_type: Option<String>,
    /// Documents by gender.
    pub documents: ByGender,
}

/// A histogram of amounts: `[amount, documents]` pairs, sorted by amount.
pub type Histogram = Vec<(f64, u64)>;

/// Amounts per client gender.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountsByGender {
    /// Women.
    pub kvinna: Histogram,
    /// Men.
    pub man: Histogram,
    /// Another gender.
    pub annat: Histogram,
    /// Gender not recorded.
    #[serde(rename = "okänt")]
    pub okant: Histogram,
}

/// One row of the language tables: a category (`rule` null) or a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingCount {
    /// The category (of the rule, for a rule row).
    #[schemars(schema_with = "category_schema")]
    pub category: Category,
    /// The rule, or null for the whole category.
    pub rule: Option<String>,
    /// Cases with at least one asserted finding, by case gender.
    pub cases: ByGender,
    /// Asserted findings, by case gender.
    pub findings: ByGender,
}

/// Mentions of one kind of person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MentionCount {
    /// Woman, man, girl or boy.
    #[schemars(schema_with = "subject_schema")]
    pub subject: Subject,
    /// Cases whose texts mention such a person.
    pub cases: u64,
    /// Mentions.
    pub mentions: u64,
}

/// Findings of one category about one kind of person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectCount {
    /// The category.
    #[schemars(schema_with = "category_schema")]
    pub category: Category,
    /// Woman, man, girl or boy.
    #[schemars(schema_with = "subject_schema")]
    pub subject: Subject,
    /// Cases with at least one asserted finding about such a person.
    pub cases: u64,
    /// Asserted findings about such a person.
    pub findings: u64,
}

/// On whom a duty is placed (the wire names of a counts document).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum DutyBearer {
    /// A mother.
    Mother,
    /// A father.
    Father,
    /// Another woman or a girl.
    Woman,
    /// Another man or a boy.
    Man,
}

impl DutyBearer {
    pub(crate) fn of(b: Bearer) -> DutyBearer {
        match b {
            Bearer::Mother => DutyBearer::Mother,
            Bearer::Father => DutyBearer::Father,
            Bearer::Woman => DutyBearer::Woman,
            Bearer::Man => DutyBearer::Man,
        }
    }

    fn bearer(self) -> Bearer {
        match self {
            DutyBearer::Mother => Bearer::Mother,
            DutyBearer::Father => Bearer::Father,
            DutyBearer::Woman => Bearer::Woman,
            DutyBearer::Man => Bearer::Man,
        }
    }
}

/// Cases with a duty of one domain placed on one kind of person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DutyCount {
    /// The domain, or null when the engine could not place the duty in one.
    #[schemars(schema_with = "domain_schema")]
    pub domain: Option<DutyDomain>,
    /// On whom.
    pub bearer: DutyBearer,
    /// Cases.
    pub cases: u64,
}

/// Why a counts document was refused, or two could not be merged. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountsError {
    /// Not JSON, or JSON of another shape.
    #[error("not a jamkoll counts file: {0}")]
    Parse(String),
    /// JSON, but its `format` is not "jamkoll-counts".
    #[error(
        "not a jamkoll counts file (format {0:?}, expected \"jamkoll-counts\"); write one with `jamkoll review --format counts`"
    )]
    NotCounts(String),
    /// Another version of the format.
    #[error(
        "counts format version {found}, this jamkoll reads version {expected}; count the shard again with this jamkoll version"
    )]
    Version {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The tables contradict themselves (edited by hand, or damaged).
    #[error("the counts are inconsistent ({0}); count the shard again")]
    Inconsistent(String),
    /// The file differs from the first file in something that must match.
    #[error(
        "{what} differs from the first file ({first} there, {this} here); every shard must be counted with the same {what}"
    )]
    Mismatch {
        /// What differs: the rule-pack hash, the jamkoll version, the filters.
        what: &'static str,
        /// The value in the first file.
        first: String,
        /// The value in this file.
        this: String,
    },
    /// The file counts the same documents as an earlier one (a file given twice).
    #[error(
        "counts the same documents as an earlier file (same fingerprint {0}); a file given twice would be counted twice"
    )]
    Duplicate(String),
    /// The same unit is in two files and splitting units was not allowed.
    #[error(
        "unit {unit:?} is also in an earlier file; if the shards were split by a hash of the case id (every case whole in one file), pass --allow-split-units, otherwise a case in two files would be counted twice"
    )]
    SplitUnit {
        /// The unit's name.
        unit: String,
    },
}

impl Counts {
    /// The count tables of `agg`, stamped with the version and rule pack of `stamp`.
    pub fn of(agg: &Aggregator, stamp: &Stamp) -> Counts {
        let rules: Vec<RuleInfo> = agg.rules.values().cloned().collect();
        let other_rules = agg
            .rule_category
            .iter()
            .filter(|(id, _)| !agg.rules.contains_key(*id))
            .map(|(id, c)| (id.clone(), CategoryName(*c)))
            .collect();
        Counts {
            format: COUNTS_FORMAT.into(),
            format_version: COUNTS_VERSION,
            sensitive: true,
            warning: Warning {
                sv: WARNING_SV.into(),
                en: WARNING_EN.into(),
            },
            jamkoll_version: stamp.jamkoll_version.clone(),
            rule_pack: CountsPack {
                hash: stamp.rule_pack_hash.clone(),
                rules,
                other_rules,
            },
            filters: agg.settings.filters.clone(),
            corpus: CountsCorpus {
                documents: agg.documents,
                skipped: agg.skipped,
                fingerprint: format!("{:016x}", agg.fingerprint),
                dismissed: agg.units.values().map(|u| u.dismissed).sum(),
            },
            units: agg
                .units
                .iter()
                .map(|(name, u)| (name.clone(), unit_counts(u, agg)))
                .collect(),
        }
    }

    /// The document as pretty JSON with a final newline. Byte-identical for the same counts.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }

    /// Reads a counts document, checking its format name and version before its shape, so a
    /// report or a file of another version gets an error that says so.
    pub fn from_json(text: &str) -> Result<Counts, CountsError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| CountsError::Parse(e.to_string()))?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != COUNTS_FORMAT {
            return Err(CountsError::NotCounts(format.to_string()));
        }
        let version = value.get("format_version").and_then(|v| v.as_u64());
        if version != Some(u64::from(COUNTS_VERSION)) {
            return Err(CountsError::Version {
                found: version.map_or(0, |v| u32::try_from(v).unwrap_or(u32::MAX)),
                expected: COUNTS_VERSION,
            });
        }
        // Parse the text again rather than the value: serde_json's `Value` keeps floats at best
        // effort, the direct parse (with `float_roundtrip`) keeps every amount exact.
        let counts: Counts =
            serde_json::from_str(text).map_err(|e| CountsError::Parse(e.to_string()))?;
        counts.validate()?;
        Ok(counts)
    }

    /// Checks what [`Counts::into_aggregator`] relies on: no table counts more cases than the
    /// unit has, no count of findings is below its count of cases.
    fn validate(&self) -> Result<(), CountsError> {
        let bad = |unit: &str, what: String| {
            Err(CountsError::Inconsistent(format!("unit {unit:?}: {what}")))
        };
        u64::from_str_radix(&self.corpus.fingerprint, 16).map_err(|_| {
            CountsError::Inconsistent(format!(
                "fingerprint {:?} is not 16 hex digits",
                self.corpus.fingerprint
            ))
        })?;
        for (name, u) in &self.units {
            let cases = u.cases.array();
            let all: u64 = cases.iter().sum();
            for (g, (&n, &w)) in cases.iter().zip(&u.words.array()).enumerate() {
                if n == 0 && w > 0 {
                    return bad(name, format!("words without cases (gender {g})"));
                }
            }
            let a = &u.amounts;
            for (g, (h, docs)) in [&a.kvinna, &a.man, &a.annat, &a.okant]
                .into_iter()
                .zip(u.documents.array())
                .enumerate()
            {
                let n = h.iter().try_fold(0u64, |sum, (_, k)| sum.checked_add(*k));
                if n.is_none_or(|n| n > docs) || h.iter().any(|(v, _)| !v.is_finite()) {
                    return bad(name, format!("more amounts than documents (gender {g})"));
                }
            }
            for f in &u.findings {
                for (g, ((&c, &n), &total)) in f
                    .cases
                    .array()
                    .iter()
                    .zip(&f.findings.array())
                    .zip(&cases)
                    .enumerate()
                {
                    if c > total || n < c || (c == 0 && n > 0) {
                        return bad(name, format!("findings of {:?} (gender {g})", f.rule));
                    }
                }
            }
            let pairs = u
                .mentions
                .iter()
                .map(|m| (m.cases, m.mentions))
                .chain(u.subject_findings.iter().map(|s| (s.cases, s.findings)))
                .chain(u.duties.iter().map(|d| (d.cases, d.cases)));
            for (c, n) in pairs {
                if c > all || n < c || (c == 0 && n > 0) {
                    return bad(name, "mentions, subjects or duties".into());
                }
            }
            if u.mentions.iter().any(|m| !SUBJECTS.contains(&m.subject))
                || u.subject_findings
                    .iter()
                    .any(|s| !SUBJECTS.contains(&s.subject))
            {
                return bad(
                    name,
                    "a subject other than kvinna, man, flicka, pojke".into(),
                );
            }
        }
        Ok(())
    }

    /// An aggregator holding these counts, ready for [`Aggregator::finish`] with `settings`
    /// (whose filters are replaced by the counted ones). It has no excerpt candidates: no text
    /// crosses the boundary, so a report from merged counts shows no excerpts.
    ///
    /// The aggregator folds its cases into exactly these per-gender counts of cases and sums
    /// (each figure of a review is a count or a sum over cases of one property, never a joint
    /// one), so `finish` gives exactly the figures of the review the counts came from.
    pub fn into_aggregator(self, settings: &Settings) -> Result<Aggregator, CountsError> {
        self.validate()?;
        let mut settings = settings.clone();
        settings.filters = self.filters.clone();
        let mut agg = Aggregator::new(&self.rule_pack.rules, &settings);
        for (id, c) in &self.rule_pack.other_rules {
            agg.rule_category.entry(id.clone()).or_insert(c.0);
        }
        agg.documents = self.corpus.documents;
        agg.skipped = self.corpus.skipped;
        agg.fingerprint = u64::from_str_radix(&self.corpus.fingerprint, 16).unwrap_or(0);
        for (name, u) in self.units {
            let unit = unit_agg(u, &mut agg);
            agg.units.insert(name, unit);
        }
        Ok(agg)
    }

    /// Adds `other`'s counts to these. Both must have passed [`merge`]'s checks.
    fn add(&mut self, other: Counts) {
        self.corpus.documents += other.corpus.documents;
        self.corpus.skipped += other.corpus.skipped;
        self.corpus.dismissed += other.corpus.dismissed;
        let a = u64::from_str_radix(&self.corpus.fingerprint, 16).unwrap_or(0);
        let b = u64::from_str_radix(&other.corpus.fingerprint, 16).unwrap_or(0);
        self.corpus.fingerprint = format!("{:016x}", a.wrapping_add(b));
        for (id, c) in other.rule_pack.other_rules {
            self.rule_pack.other_rules.entry(id).or_insert(c);
        }
        for (name, u) in other.units {
            match self.units.get_mut(&name) {
                Some(mine) => mine.add(u),
                None => {
                    self.units.insert(name, u);
                }
            }
        }
    }
}

/// Merges counts documents, in order; `name` of each is only for errors. All must share the
/// jamkoll version, the rule-pack hash and the filters of the first. A unit may be in several
/// documents only with `allow_split_units` (the shards are split by a hash of the case id, so
/// every case is whole in one document). Returns the index of the offending document with the
/// error.
pub fn merge(
    parts: impl IntoIterator<Item = Counts>,
    allow_split_units: bool,
) -> Result<Option<Counts>, (usize, CountsError)> {
    let mut merged: Option<Counts> = None;
    let mut fingerprints: Vec<String> = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if part.corpus.documents > 0 {
            if fingerprints.contains(&part.corpus.fingerprint) {
                return Err((i, CountsError::Duplicate(part.corpus.fingerprint)));
            }
            fingerprints.push(part.corpus.fingerprint.clone());
        }
        let Some(first) = merged.as_mut() else {
            merged = Some(part);
            continue;
        };
        let mismatch = |what, a: String, b: String| {
            (
                i,
                CountsError::Mismatch {
                    what,
                    first: a,
                    this: b,
                },
            )
        };
        if part.rule_pack.hash != first.rule_pack.hash {
            return Err(mismatch(
                "rule-pack hash",
                first.rule_pack.hash.clone(),
                part.rule_pack.hash,
            ));
        }
        if part.jamkoll_version != first.jamkoll_version {
            return Err(mismatch(
                "jamkoll version",
                first.jamkoll_version.clone(),
                part.jamkoll_version,
            ));
        }
        if part.filters != first.filters {
            return Err(mismatch(
                "filters (--unit, --area, --from, --to)",
                serde_json::to_string(&first.filters).unwrap_or_default(),
                serde_json::to_string(&part.filters).unwrap_or_default(),
            ));
        }
        if !allow_split_units
            && let Some(unit) = part.units.keys().find(|u| first.units.contains_key(*u))
        {
            return Err((i, CountsError::SplitUnit { unit: unit.clone() }));
        }
        first.add(part);
    }
    Ok(merged)
}

impl UnitCounts {
    fn add(&mut self, o: UnitCounts) {
        self.documents.add(o.documents);
        self.dismissed += o.dismissed;
        for (k, v) in o.areas {
            self.areas.entry(k).or_default().add(v);
        }
        for t in o.document_types {
            match self
                .document_types
                .iter_mut()
                .find(|m| m.document_type == t.document_type)
            {
                Some(m) => m.documents.add(t.documents),
                None => self.document_types.push(t),
            }
        }
        self.document_types
            .sort_by(|a, b| a.document_type.cmp(&b.document_type));
        for (k, v) in o.decisions {
            self.decisions.entry(k).or_default().add(v);
        }
        let AmountsByGender {
            kvinna,
            man,
            annat,
            okant,
        } = o.amounts;
        for (mine, theirs) in [
            (&mut self.amounts.kvinna, kvinna),
            (&mut self.amounts.man, man),
            (&mut self.amounts.annat, annat),
            (&mut self.amounts.okant, okant),
        ] {
            mine.extend(theirs);
            *mine = histogram(std::mem::take(mine));
        }
        self.cases.add(o.cases);
        self.words.add(o.words);
        for f in o.findings {
            match self
                .findings
                .iter_mut()
                .find(|m| m.category == f.category && m.rule == f.rule)
            {
                Some(m) => {
                    m.cases.add(f.cases);
                    m.findings.add(f.findings);
                }
                None => self.findings.push(f),
            }
        }
        self.findings
            .sort_by(|a, b| (a.category, &a.rule).cmp(&(b.category, &b.rule)));
        for m in o.mentions {
            match self.mentions.iter_mut().find(|x| x.subject == m.subject) {
                Some(x) => {
                    x.cases += m.cases;
                    x.mentions += m.mentions;
                }
                None => self.mentions.push(m),
            }
        }
        self.mentions.sort_by_key(|m| m.subject);
        for s in o.subject_findings {
            match self
                .subject_findings
                .iter_mut()
                .find(|x| x.category == s.category && x.subject == s.subject)
            {
                Some(x) => {
                    x.cases += s.cases;
                    x.findings += s.findings;
                }
                None => self.subject_findings.push(s),
            }
        }
        self.subject_findings
            .sort_by_key(|s| (s.category, s.subject));
        for d in o.duties {
            match self
                .duties
                .iter_mut()
                .find(|x| x.domain == d.domain && x.bearer == d.bearer)
            {
                Some(x) => x.cases += d.cases,
                None => self.duties.push(d),
            }
        }
        self.duties.sort_by_key(|d| (d.domain, d.bearer));
    }
}

/// Distinct values with their counts, sorted by value, from values with counts.
fn histogram(mut v: Histogram) -> Histogram {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Histogram = Vec::new();
    for (x, k) in v {
        match out.last_mut() {
            Some((y, n)) if y.total_cmp(&x).is_eq() => *n += k,
            _ => out.push((x, k)),
        }
    }
    out
}

/// The count tables of one unit's aggregate: its folded cases, with the cases still open
/// folded in.
fn unit_counts(u: &UnitAgg, agg: &Aggregator) -> UnitCounts {
    let mut folded = u.folded.clone();
    if !u.open.is_empty() {
        let mut u = u.clone();
        u.fold_open();
        folded = u.folded;
    }
    // Rows in the order of `Key`: categories, then rules by id.
    let mut rows: Vec<(&Key, usize)> = agg
        .keys
        .iter()
        .enumerate()
        .filter(|(k, _)| folded.hits(*k).any())
        .map(|(k, key)| (key, k))
        .collect();
    rows.sort();
    let [kvinna, man, annat, okant] = u
        .amounts
        .each_ref()
        .map(|v| histogram(v.iter().map(|&x| (x, 1)).collect()));
    UnitCounts {
        documents: ByGender::of(u.documents),
        areas: u
            .areas
            .iter()
            .map(|(a, c)| (a.clone(), ByGender::of(*c)))
            .collect(),
        document_types: u
            .types
            .iter()
            .map(|(t, c)| TypeCount {
                document_type: t.clone(),
                documents: ByGender::of(*c),
            })
            .collect(),
        decisions: u
            .decisions
            .iter()
            .map(|(d, c)| (*d, ByGender::of(*c)))
            .collect(),
        amounts: AmountsByGender {
            kvinna,
            man,
            annat,
            okant,
        },
        cases: ByGender::of(folded.cases),
        words: ByGender::of(folded.words),
        findings: rows
            .into_iter()
            .filter_map(|(key, k)| {
                let (category, rule) = match key {
                    Key::Category(c) => (*c, None),
                    Key::Rule(id) => (*agg.rule_category.get(id)?, Some(id.clone())),
                };
                let h = folded.hits(k);
                Some(FindingCount {
                    category,
                    rule,
                    cases: ByGender::of(h.cases),
                    findings: ByGender::of(h.findings),
                })
            })
            .collect(),
        mentions: SUBJECTS
            .iter()
            .zip(folded.mentions)
            .filter(|(_, (c, _))| *c > 0)
            .map(|(&subject, (cases, mentions))| MentionCount {
                subject,
                cases,
                mentions,
            })
            .collect(),
        subject_findings: Category::ALL
            .iter()
            .zip(&folded.subjects)
            .flat_map(|(&category, row)| {
                SUBJECTS
                    .iter()
                    .zip(row)
                    .filter(|(_, (cases, _))| *cases > 0)
                    .map(move |(&subject, &(cases, findings))| SubjectCount {
                        category,
                        subject,
                        cases,
                        findings,
                    })
            })
            .collect(),
        duties: folded
            .duties
            .iter()
            .enumerate()
            .flat_map(|(d, row)| {
                Bearer::ALL
                    .iter()
                    .zip(row)
                    .filter(|(_, cases)| **cases > 0)
                    .map(move |(&b, &cases)| DutyCount {
                        domain: domain_of(d),
                        bearer: DutyBearer::of(b),
                        cases,
                    })
            })
            .collect(),
        dismissed: u.dismissed,
    }
}

/// A unit's aggregate holding these counts: the folded tables are the counts themselves.
fn unit_agg(u: UnitCounts, agg: &mut Aggregator) -> UnitAgg {
    let mut folded = Folded {
        cases: u.cases.array(),
        words: u.words.array(),
        ..Folded::default()
    };
    for f in &u.findings {
        let key = match &f.rule {
            None => ci(f.category),
            Some(id) => agg.rule_key(id, f.category).0,
        };
        let h = folded.hits_mut(key);
        for g in 0..4 {
            h.cases[g] += f.cases.array()[g];
            h.findings[g] += f.findings.array()[g];
        }
    }
    for m in &u.mentions {
        if let Some(si) = SUBJECTS.iter().position(|s| *s == m.subject) {
            folded.mentions[si].0 += m.cases;
            folded.mentions[si].1 += m.mentions;
        }
    }
    for s in &u.subject_findings {
        if let Some(si) = SUBJECTS.iter().position(|x| *x == s.subject) {
            let e = &mut folded.subjects_mut(ci(s.category))[si];
            e.0 += s.cases;
            e.1 += s.findings;
        }
    }
    for d in &u.duties {
        folded.duties_mut(di(d.domain))[d.bearer.bearer() as usize] += d.cases;
    }
    let AmountsByGender {
        kvinna,
        man,
        annat,
        okant,
    } = u.amounts;
    let amounts = [kvinna, man, annat, okant].map(|h| {
        h.into_iter()
            .flat_map(|(v, n)| std::iter::repeat_n(v, n as usize))
            .collect::<Vec<f64>>()
    });
    UnitAgg {
        documents: u.documents.array(),
        areas: u.areas.into_iter().map(|(a, c)| (a, c.array())).collect(),
        types: u
            .document_types
            .into_iter()
            .map(|t| (t.document_type, t.documents.array()))
            .collect(),
        decisions: u
            .decisions
            .into_iter()
            .map(|(d, c)| (d, c.array()))
            .collect(),
        amounts,
        folded,
        dismissed: u.dismissed,
        ..UnitAgg::default()
    }
}

/// The report of merged counts: [`Counts::into_aggregator`], [`Aggregator::finish`] without
/// excerpts, and a note saying the report is merged from `files` counts files and why it shows
/// no excerpts.
pub fn merged_report(
    counts: Counts,
    files: usize,
    settings: &Settings,
    stamp: &Stamp,
) -> Result<Report, CountsError> {
    let dismissed = counts.corpus.dismissed;
    let mut report = counts.into_aggregator(settings)?.finish(stamp, &NoExcerpts);
    report.corpus.dismissed = dismissed;
    let note = match settings.lang {
        Lang::Sv => format!(
            "Sammanslagen från {files} räknefiler. Inga utdrag: bara räknetabeller lämnar den organisation som äger texterna, så rapporten visar siffror men ingen text."
        ),
        Lang::En => format!(
            "Merged from {files} counts files. No excerpts: only count tables leave the organisation that owns the texts, so the report shows figures but no text."
        ),
    };
    report.merged = Some(Merged { files, note });
    Ok(report)
}

/// The JSON Schema of [`Counts`], pretty-printed, as committed in `docs/counts-schema.json`.
pub fn counts_json_schema() -> String {
    let schema = schemars::schema_for!(Counts);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}
