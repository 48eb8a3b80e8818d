//! The report: everything a review found, ready to render. Serialised as the stable JSON format
//! (schema version 1), documented by the JSON Schema in `docs/review-schema.json`.

use jamkoll_core::{Category, DutyDomain, Gender, Subject};
use schemars::JsonSchema;
use serde::Serialize;

use crate::input::{Decision, Filters, Lang};

/// JSON Schema of a closed vocabulary of `jamkoll_core` (which does not depend on schemars): a
/// string that is one of its wire names.
fn wire_names(names: Vec<&'static str>, nullable: bool) -> schemars::Schema {
    let mut values: Vec<serde_json::Value> = names.into_iter().map(Into::into).collect();
    if nullable {
        values.push(serde_json::Value::Null);
        schemars::json_schema!({ "type": ["string", "null"], "enum": values })
    } else {
        schemars::json_schema!({ "type": "string", "enum": values })
    }
}

pub(crate) fn category_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    wire_names(Category::ALL.iter().map(|c| c.as_str()).collect(), false)
}

pub(crate) fn category_schema_nullable(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    wire_names(Category::ALL.iter().map(|c| c.as_str()).collect(), true)
}

fn gender_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    wire_names(Gender::ALL.iter().map(|c| c.as_str()).collect(), false)
}

pub(crate) fn subject_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    wire_names(Subject::ALL.iter().map(|c| c.as_str()).collect(), false)
}

pub(crate) fn domain_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    wire_names(DutyDomain::ALL.iter().map(|c| c.as_str()).collect(), true)
}

/// The version of the JSON format. Bump it when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole review: the stamp, the totals and one summary per unit.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    /// The version of this format (1).
    pub schema_version: u32,
    /// Which program made the report.
    pub generated_by: GeneratedBy,
    /// The rule pack the findings come from.
    pub rule_pack: RulePack,
    /// The documents reviewed (after filters).
    pub corpus: Corpus,
    /// The settings and filters of the review.
    pub settings: SettingsOut,
    /// The statistical tests of the whole report.
    pub tests: Tests,
    /// Cases and documents by client gender over all units (the overview's last row).
    pub totals: Representation,
    /// One summary per unit, sorted by unit name.
    pub units: Vec<UnitReport>,
    /// The three questions of the 3R method, for the research circle.
    pub questions_3r: Vec<String>,
    /// Set when the report was merged from counts files (`jamkoll merge`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<Merged>,
    /// Goals judged per unit (`jamkoll review --goals FILE`); absent without a goals file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<crate::goals::GoalResult>,
}

/// Where a merged report comes from (`jamkoll merge`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Merged {
    /// How many counts files were merged.
    pub files: usize,
    /// What merging means for the reader (no excerpts), in the report's language.
    pub note: String,
}

/// The program that made a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct GeneratedBy {
    /// Always "jamkoll".
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The rule pack a review used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RulePack {
    /// The pack's hash, as the engine computes it.
    pub hash: String,
    /// How many rules the pack has.
    pub rules: usize,
}

/// The documents a review covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Corpus {
    /// Documents reviewed.
    pub documents: u64,
    /// Cases reviewed (per unit; a case in two units counts twice).
    pub cases: u64,
    /// An order-independent hash of the reviewed documents' ids, metadata and findings.
    pub fingerprint: String,
    /// Asserted findings left out because a research circle dismissed them at triage
    /// (`jamkoll triage`); absent when none were.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dismissed: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The settings as recorded in a report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SettingsOut {
    /// Counts below this (and above 0) are hidden.
    pub min_cell: u64,
    /// The false discovery rate for flags.
    pub alpha: f64,
    /// The report's language.
    pub lang: Lang,
    /// At most this many excerpts per flagged row and gender.
    pub excerpts_per_gender: usize,
    /// Which documents were reviewed.
    pub filters: Filters,
}

/// The family of tests over which q-values are computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Tests {
    /// How the tests were made.
    pub method: String,
    /// Tests in the report (every category and rule row with a gender comparison and at least
    /// one case with a finding).
    pub count: usize,
    /// Rows flagged (q < alpha).
    pub flagged: usize,
}

/// Why a count is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Why {
    /// The count is from 1 to min_cell − 1.
    #[serde(rename = "small")]
    Small,
    /// Hidden so that a small count cannot be worked out from the others.
    #[serde(rename = "complement")]
    Complement,
    /// The unit has too few cases of a gender for any gender breakdown.
    #[serde(rename = "no_breakdown")]
    NoBreakdown,
}

/// A count that may be hidden. `value` is `null` when `suppressed` is true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Count {
    /// The count, or null when hidden.
    pub value: Option<u64>,
    /// Whether the count is hidden.
    pub suppressed: bool,
    /// Why it is hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
}

impl Count {
    /// A shown count.
    pub fn shown(value: u64) -> Count {
        Count {
            value: Some(value),
            suppressed: false,
            why: None,
        }
    }

    /// A hidden count.
    pub fn hidden(why: Why) -> Count {
        Count {
            value: None,
            suppressed: true,
            why: Some(why),
        }
    }

    /// The values a reader of the report can tell this count has: itself when shown, 1 to
    /// `min_cell` − 1 when hidden as small, 0 to `max` when hidden as a complement. `None`
    /// when the unit has no gender breakdown at all.
    pub fn range(self, max: u64, min_cell: u64) -> Option<(u64, u64)> {
        match (self.value, self.why) {
            (Some(v), _) => Some((v, v)),
            (None, Some(Why::Small)) => Some((1, min_cell.saturating_sub(1).max(1))),
            (None, Some(Why::Complement)) => Some((0, max)),
            (None, _) => None,
        }
    }
}

/// Counts by client gender, with their total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct GenderCounts {
    /// Women.
    pub kvinna: Count,
    /// Men.
    pub man: Count,
    /// Another gender.
    pub annat: Count,
    /// Gender not recorded.
    #[serde(rename = "okänt")]
    pub okant: Count,
    /// All genders.
    pub total: Count,
}

impl GenderCounts {
    /// The count of one gender.
    pub fn get(&self, g: Gender) -> Count {
        match g {
            Gender::Kvinna => self.kvinna,
            Gender::Man => self.man,
            Gender::Annat => self.annat,
            Gender::Okant => self.okant,
        }
    }
}

/// Cases and documents by client gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Representation {
    /// Cases by the client's gender (a case whose documents disagree counts as unknown).
    pub cases: GenderCounts,
    /// Documents by the client's gender.
    pub documents: GenderCounts,
}

/// A pair of counts, women and men.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Pair<T> {
    /// Women.
    pub kvinna: T,
    /// Men.
    pub man: T,
}

/// A case share with its interval and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Rate {
    /// The share (0–1), or null when the count is hidden or there are no cases.
    pub value: Option<f64>,
    /// The 95 % Wilson interval of the share.
    pub ci95: Option<[f64; 2]>,
    /// The denominator: cases of this gender in the unit.
    pub denominator: u64,
}

/// One comparison of women and men: a category or a rule in one unit.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Comparison {
    /// Cases with at least one asserted finding, by client gender.
    pub cases_with_findings: Pair<Count>,
    /// For a unit without a gender breakdown: cases with a finding, all genders together (null
    /// in units with a breakdown, where it would let a hidden gender count be worked out).
    pub cases_with_findings_all: Option<Count>,
    /// The share of cases with a finding, by gender.
    pub rate: Pair<Rate>,
    /// Asserted findings per 1,000 words written in the gender's cases.
    pub per_1000_words: Pair<Option<f64>>,
    /// The ratio of the women's share to the men's.
    pub rate_ratio: Option<f64>,
    /// The ratio's 95 % interval.
    pub ci95: Option<[f64; 2]>,
    /// Whether 0.5 was added to every cell of the table because a count was zero.
    pub continuity_corrected: bool,
    /// Fisher's exact two-sided p. For a row with a small hidden count, the largest p over every
    /// value the count could take (`p_is_bound`); null for a row with a count hidden as a
    /// complement, or with nothing to test.
    pub p_value: Option<f64>,
    /// The Benjamini–Hochberg q over the tests that can reach significance (Tarone–Gilbert
    /// screen); null for a row outside that family. For a row with a hidden count, an upper
    /// bound from shown figures only (`p_is_bound`).
    pub q_value: Option<f64>,
    /// Whether p and q are upper bounds (the row has a hidden count); see docs/statistics.md.
    pub p_is_bound: bool,
    /// Whether the row's true q, from its true counts (also when a count is hidden), is below
    /// alpha; so a flagged row can show a q bound above alpha.
    pub flagged: bool,
}

/// A rule row.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RuleRow {
    /// The rule's id.
    pub rule: String,
    /// The rule's message in the report's language.
    pub message: String,
    /// The comparison.
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// A category row, with its rules.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CategoryRow {
    /// The category.
    #[schemars(schema_with = "category_schema")]
    pub category: Category,
    /// The category's name in the report's language.
    pub label: String,
    /// The comparison.
    #[serde(flatten)]
    pub comparison: Comparison,
    /// The rules of the category that fired in the unit.
    pub rules: Vec<RuleRow>,
}

/// Documents in one area, by client gender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AreaRow {
    /// The area's wire name.
    pub area: String,
    /// The area's name in the report's language.
    pub label: String,
    /// Documents by client gender.
    pub documents: GenderCounts,
}

/// Documents of one type, by client gender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TypeRow {
    /// The document type as exported, or null when the export has none.
    pub document_type: Option<String>,
    /// Documents by client gender.
    pub documents: GenderCounts,
}

/// Documents with one decision, by client gender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DecisionRow {
    /// The decision.
    pub decision: Decision,
    /// Documents by client gender.
    pub documents: Pair<Count>,
}

/// Amounts granted to one gender.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Amounts {
    /// Documents with an amount.
    pub documents: Count,
    /// Mean amount in kronor.
    pub mean: Option<f64>,
    /// Median amount in kronor.
    pub median: Option<f64>,
}

/// Findings of one category about one kind of person, normalised by how often they are named.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SubjectCell {
    /// Whom the findings are about.
    #[schemars(schema_with = "subject_schema")]
    pub subject: Subject,
    /// Cases whose texts mention such a person.
    pub cases_mentioned: Count,
    /// Of those, cases with at least one asserted finding about such a person.
    pub cases_with_findings: Count,
    /// Asserted findings about such a person per 100 mentions of one.
    pub per_100_mentions: Option<f64>,
}

/// One category by subject.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SubjectRow {
    /// The category.
    #[schemars(schema_with = "category_schema")]
    pub category: Category,
    /// The category's name in the report's language.
    pub label: String,
    /// Woman, man, girl, boy.
    pub subjects: Vec<SubjectCell>,
}

/// On whom duties are placed, for one domain: cases with at least one such duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DutyRow {
    /// The domain, or null for duties the engine could not place in one.
    #[schemars(schema_with = "domain_schema")]
    pub domain: Option<DutyDomain>,
    /// The domain's name in the report's language.
    pub label: String,
    /// Duties placed on a mother.
    pub mothers: Count,
    /// Duties placed on a father.
    pub fathers: Count,
    /// Duties placed on another woman or a girl.
    pub women: Count,
    /// Duties placed on another man or a boy.
    pub men: Count,
}

/// One keyword-in-context excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Excerpt {
    /// The flagged category.
    #[schemars(schema_with = "category_schema")]
    pub category: Category,
    /// The flagged rule, or null when the category as a whole was flagged.
    pub rule: Option<String>,
    /// The client's gender in the excerpt's case.
    #[schemars(schema_with = "gender_schema")]
    pub gender: Gender,
    /// The document's id (nothing else of the record).
    pub document: String,
    /// The excerpt, through the identifier gate.
    pub text: String,
}

/// A reflection question from a flagged rule's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Question {
    /// The rule it comes from.
    pub rule: String,
    /// The question, in the report's language.
    pub text: String,
}

/// The summary of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct UnitReport {
    /// The unit's name.
    pub unit: String,
    /// True when the unit is reported without a gender breakdown of its language figures.
    pub suppressed: bool,
    /// Why, in the report's language.
    pub suppressed_reason: Option<String>,
    /// Cases by client gender.
    pub cases: GenderCounts,
    /// Documents by client gender.
    pub documents: GenderCounts,
    /// Mean words written per case, by gender.
    pub words_per_case: Pair<Option<f64>>,
    /// Documents by area and gender.
    pub areas: Vec<AreaRow>,
    /// Documents by document type and gender.
    pub document_types: Vec<TypeRow>,
    /// Documents by decision and gender.
    pub decisions: Vec<DecisionRow>,
    /// Amounts granted, by gender.
    pub amounts: Pair<Amounts>,
    /// Language and responsibility, per category with its rules.
    pub categories: Vec<CategoryRow>,
    /// Findings by subject, normalised by mentions.
    pub subjects: Vec<SubjectRow>,
    /// Duties by domain and by whom they are placed on.
    pub responsibility: Vec<DutyRow>,
    /// Excerpts for the flagged rows.
    pub excerpts: Vec<Excerpt>,
    /// Reflection questions from the flagged rules.
    pub questions: Vec<Question>,
    /// Asserted findings of the unit dismissed at triage (`jamkoll triage`) and left out of
    /// every figure; absent when none were.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dismissed: u64,
    /// The excerpts chosen for the unit's discussion material, when the review was asked for
    /// it (`Settings::discussion`); only the discussion pages show it, never the JSON.
    #[serde(skip)]
    pub material: Option<Material>,
}

/// A pattern the discussion material shows, with two sides: women's and men's cases, or
/// findings about women (girls, mothers) and about men (boys, fathers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// A flagged row of the language table; the sides are the client's gender.
    Flagged {
        /// The category.
        category: Category,
        /// The rule, or `None` for the category as a whole.
        rule: Option<String>,
    },
    /// A row of the language table that is not flagged but whose shown shares differ at least
    /// twofold; the sides are the client's gender.
    Row {
        /// The category.
        category: Category,
        /// The rule, or `None` for the category as a whole.
        rule: Option<String>,
    },
    /// A category's findings about two kinds of person (the table "who the text is about"):
    /// woman and man, or girl and boy.
    Subject {
        /// The category.
        category: Category,
        /// The two kinds of person, the female one first.
        subjects: [Subject; 2],
    },
    /// A domain's duties placed on two kinds of person (the responsibility table): mothers and
    /// fathers, or other women and men.
    Duty {
        /// The domain, or `None` for duties the engine could not place in one.
        domain: Option<DutyDomain>,
        /// The two bearers, the female one first.
        bearers: [crate::counts::DutyBearer; 2],
    },
}

/// A pattern of the discussion material with the figures the report shows for its sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialPattern {
    /// What it is.
    pub pattern: Pattern,
    /// The sides' counts (cases with a finding, or with a duty), as the report shows them.
    pub counts: [Count; 2],
    /// Their denominators as the report shows them (cases of the gender, or cases that mention
    /// such a person); `None` for the responsibility table, which has none.
    pub of: [Option<Count>; 2],
    /// How many excerpts of each side the material shows.
    pub shown: [usize; 2],
}

/// One excerpt of the discussion material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialExcerpt {
    /// The pattern it shows (an index into [`Material::patterns`]).
    pub pattern: usize,
    /// Its side: 0 for women (girls, mothers), 1 for men (boys, fathers).
    pub side: usize,
    /// The rule of the finding it shows.
    pub rule: Option<String>,
    /// The document's id.
    pub document: String,
    /// The excerpt, through the identifier gate.
    pub text: String,
}

/// A unit's discussion material: the patterns it shows and the excerpts chosen for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Material {
    /// The flagged rows, then the differences of the subject, responsibility and language
    /// tables, in that order.
    pub patterns: Vec<MaterialPattern>,
    /// The excerpts in print order: women's and men's sides alternating.
    pub excerpts: Vec<MaterialExcerpt>,
    /// Whether a side had no more excerpts to give before the material was full (women, men):
    /// then the material says so instead of filling with the other side.
    pub ran_out: [bool; 2],
    /// The reflection questions: the flagged rules' (as in the report), then those of the
    /// rules whose findings the excerpts show.
    pub questions: Vec<Question>,
}

impl UnitReport {
    /// The flagged categories and rules, in report order.
    pub fn flagged(&self) -> Vec<(Category, Option<&str>)> {
        let mut out = Vec::new();
        for c in &self.categories {
            if c.comparison.flagged {
                out.push((c.category, None));
            }
            for r in &c.rules {
                if r.comparison.flagged {
                    out.push((c.category, Some(r.rule.as_str())));
                }
            }
        }
        out
    }
}

/// The JSON Schema of [`Report`], pretty-printed, as committed in `docs/review-schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}
