//! Goals: what a quality team wants its texts to look like, checked against a review.
//!
//! A goals file is TOML with one `[[goal]]` table per goal (the format is documented in
//! `docs/statistics.md`, "Goals"):
//!
//! ```toml
//! [[goal]]
//! name = "Lika trovärdighet"            # optional, shown in the report
//! category = "trovardighet"            # or rule = "<rule id>"
//! unit = "Försörjningsstöd Norr"       # optional: every unit when absent
//! max_rate_ratio = 1.25                # and/or min_rate_ratio
//!
//! [[goal]]
//! rule = "foralder-ej-kontaktad"
//! unit = "Barn och familj Öst"
//! max_rate = 0.10                      # share of cases with a finding
//! gender = "alla"                      # required with max_rate: kvinna, man or alla
//! ```
//!
//! The file is checked against the review before any document is read ([`Context`]): a
//! `unit` must be a unit of the index (a typo is an error, not a goal that is never measured),
//! and a `name` or `unit`, which every format prints as written, must hold nothing the
//! identifier gate finds (the error names the key and line, never the value).
//!
//! Each goal is judged per unit from the figures the report **shows**, never from a hidden
//! count: a count hidden as small is known to lie in 1..min_cell−1, so the goal's figure is known
//! to lie in a range, and the goal is met or not met only when the whole range is on one side of
//! the target; otherwise it is not measurable. Units too small for a gender breakdown are not
//! measurable for gendered goals. By default the point estimate decides (`decide_on =
//! "estimate"`), and the result says whether the 95 % interval agrees (`certain`); with
//! `decide_on = "interval"` a goal is met only when the whole interval meets it and not met only
//! when the whole interval misses it.

use std::fmt;

use jamkoll_core::Category;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::input::{Lang, RuleInfo};
use crate::report::{Comparison, Count, Report, UnitReport};
use crate::stats;
use crate::text::{self, num, percent, tr};

/// The identifier gate as the goals loader needs it: this crate does not depend on the gate,
/// so the caller passes it in.
pub trait LabelGate {
    /// What kind of identifier `value` holds, printed as a goal's `key` (`"name"` or
    /// `"unit"`), e.g. "a personnummer" or "a likely personal name"; `None` when it holds none.
    fn identifier_in(&self, key: &str, value: &str) -> Option<&'static str>;
    /// `value` with every identifier replaced by its placeholder (for lists in messages).
    fn redact(&self, value: &str) -> String;
    /// A value the file's author typed, quoted for a message that refuses it: through the
    /// whole gate, names in lower case too, cut short (`jamkoll_redact::Gate::quoted`).
    fn quoted(&self, value: &str) -> String;
}

/// What a goals file is checked against besides its own format.
pub struct Context<'a> {
    /// The rule pack the review uses (a goal on a rule it does not have is an error).
    pub rules: &'a [RuleInfo],
    /// The units of the index: a goal's `unit` must be one of them. `None` skips the check.
    pub units: Option<&'a std::collections::BTreeSet<String>>,
    /// The identifier gate for the labels the report prints as written.
    pub gate: &'a dyn LabelGate,
}

impl fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("rules", &self.rules.len())
            .field("units", &self.units)
            .finish_non_exhaustive()
    }
}

/// A goals file that loaded and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Goals {
    /// The file name, as given (for messages).
    pub file: String,
    /// The goals, in file order.
    pub goals: Vec<Goal>,
}

/// One goal of a goals file.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// The line of its `[[goal]]` header (1-based).
    pub line: usize,
    /// Its name, if the file gives one.
    pub name: Option<String>,
    /// What it is about.
    pub target: Target,
    /// The one unit it is about, or every unit when `None`.
    pub unit: Option<String>,
    /// What is measured and the limit.
    pub measure: Measure,
    /// What decides met or not met.
    pub decide_on: DecideOn,
}

/// What a goal is about: a whole category or one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every rule of a category.
    Category(Category),
    /// One rule, by id.
    Rule(String),
}

/// What a goal measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// The ratio of the women's share of cases with a finding to the men's, within limits.
    RateRatio {
        /// The smallest acceptable ratio.
        min: Option<f64>,
        /// The largest acceptable ratio.
        max: Option<f64>,
    },
    /// The share of one gender's (or all) cases with a finding, at most `max`.
    Rate {
        /// The largest acceptable share (0–1).
        max: f64,
        /// Whose cases.
        gender: GoalGender,
    },
}

/// Whose cases a rate goal counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum GoalGender {
    /// Women's cases.
    #[serde(rename = "kvinna")]
    Kvinna,
    /// Men's cases.
    #[serde(rename = "man")]
    Man,
    /// All cases of the unit, of every gender.
    #[serde(rename = "alla")]
    Alla,
}

/// What decides whether a goal is met.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub enum DecideOn {
    /// The point estimate (the default); the interval only says how certain.
    #[default]
    #[serde(rename = "estimate")]
    Estimate,
    /// The 95 % interval: met only when all of it meets the goal, not met only when none does.
    #[serde(rename = "interval")]
    Interval,
}

/// A goals file that could not be loaded: every problem found, each with file, line and key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct GoalsError {
    /// The problems, in file order.
    pub problems: Vec<GoalProblem>,
}

/// One problem in a goals file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalProblem {
    /// The file, as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong and what to do, naming the key.
    pub message: String,
}

impl fmt::Display for GoalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl fmt::Display for GoalsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the goals file has {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    goal: Vec<Spanned<RawGoal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    name: Option<Spanned<String>>,
    category: Option<Spanned<String>>,
    rule: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    max_rate_ratio: Option<Spanned<f64>>,
    min_rate_ratio: Option<Spanned<f64>>,
    max_rate: Option<Spanned<f64>>,
    gender: Option<Spanned<String>>,
    decide_on: Option<Spanned<String>>,
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut off = offset.min(src.len());
    while !src.is_char_boundary(off) {
        off -= 1;
    }
    let before = &src[..off];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Goals {
    /// Loads a goals file strictly: unknown keys, wrong types, unknown categories, rules,
    /// genders, units the index does not have, impossible limits, `max_rate` without `gender`,
    /// and a name or unit holding an identifier are errors naming the file, line and key.
    pub fn parse(file: &str, src: &str, cx: &Context<'_>) -> Result<Goals, GoalsError> {
        let rules = cx.rules;
        let problem = |offset: usize, message: String| {
            let (line, col) = line_col(src, offset);
            GoalProblem {
                file: file.to_string(),
                line,
                col,
                message,
            }
        };
        let raw: RawFile = toml::from_str(src).map_err(|e| GoalsError {
            problems: vec![problem(
                e.span().map_or(0, |s| s.start),
                toml_message(e.message()),
            )],
        })?;
        let mut problems = Vec::new();
        let mut goals = Vec::new();
        if raw.goal.is_empty() {
            problems.push(problem(
                0,
                "no goals: add at least one `[[goal]]` table (see docs/statistics.md, \"Goals\")"
                    .into(),
            ));
        }
        for spanned in raw.goal {
            let start = spanned.span().start;
            let g = spanned.into_inner();
            let before = problems.len();
            let target = match (&g.category, &g.rule) {
                (Some(c), None) => match c.get_ref().parse::<Category>() {
                    Ok(c) => Some(Target::Category(c)),
                    Err(_) => {
                        let all: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                        problems.push(problem(
                            c.span().start,
                            format!(
                                "key `goal.category`: unknown category {}; expected one of: {}",
                                cx.gate.quoted(c.get_ref()),
                                all.join(", ")
                            ),
                        ));
                        None
                    }
                },
                (None, Some(r)) => {
                    if rules.iter().any(|x| &x.id == r.get_ref()) {
                        Some(Target::Rule(r.get_ref().clone()))
                    } else {
                        problems.push(problem(
                            r.span().start,
                            format!(
                                "key `goal.rule`: the rule pack has no rule {}; `jamkoll rules list` shows the ids",
                                cx.gate.quoted(r.get_ref())
                            ),
                        ));
                        None
                    }
                }
                (Some(c), Some(_)) => {
                    problems.push(problem(
                        c.span().start,
                        "keys `goal.category` and `goal.rule`: give one of them, not both".into(),
                    ));
                    None
                }
                (None, None) => {
                    problems.push(problem(
                        start,
                        "missing key `goal.category` or `goal.rule`: say what the goal is about"
                            .into(),
                    ));
                    None
                }
            };
            let mut limit = |v: &Option<Spanned<f64>>, key: &str, ratio: bool| -> Option<f64> {
                let v = v.as_ref()?;
                let x = *v.get_ref();
                let ok = if ratio {
                    x.is_finite() && x > 0.0
                } else {
                    x.is_finite() && (0.0..=1.0).contains(&x)
                };
                if !ok {
                    problems.push(problem(
                        v.span().start,
                        if ratio {
                            format!("key `goal.{key}`: {x} is not a ratio; write a number above 0, e.g. 1.25")
                        } else {
                            format!("key `goal.{key}`: {x} is not a share; write a number from 0 to 1, e.g. 0.10 for 10 %")
                        },
                    ));
                    return None;
                }
                Some(x)
            };
            let max_rr = limit(&g.max_rate_ratio, "max_rate_ratio", true);
            let min_rr = limit(&g.min_rate_ratio, "min_rate_ratio", true);
            let max_rate = limit(&g.max_rate, "max_rate", false);
            let gender = match &g.gender {
                // Required with `max_rate` (checked below); unused by a rate-ratio goal.
                None => Some(GoalGender::Alla),
                Some(s) => match s.get_ref().trim().to_lowercase().as_str() {
                    "kvinna" | "kvinnor" | "woman" | "women" => Some(GoalGender::Kvinna),
                    "man" | "män" | "men" => Some(GoalGender::Man),
                    "alla" | "all" => Some(GoalGender::Alla),
                    other => {
                        problems.push(problem(
                            s.span().start,
                            format!(
                                "key `goal.gender`: unknown gender {other:?}; expected kvinna, man or alla"
                            ),
                        ));
                        None
                    }
                },
            };
            let decide_on = match &g.decide_on {
                None => Some(DecideOn::Estimate),
                Some(s) => match s.get_ref().as_str() {
                    "estimate" => Some(DecideOn::Estimate),
                    "interval" => Some(DecideOn::Interval),
                    other => {
                        problems.push(problem(
                            s.span().start,
                            format!(
                                "key `goal.decide_on`: unknown value {other:?}; expected estimate or interval"
                            ),
                        ));
                        None
                    }
                },
            };
            // The name and unit are printed as written in every format: an identifier in either
            // is refused, and its value is never echoed.
            let (mut name_refused, mut unit_refused) = (false, false);
            for (key, value) in [("name", &g.name), ("unit", &g.unit)] {
                let Some(v) = value else { continue };
                if let Some(kind) = cx.gate.identifier_in(key, v.get_ref()) {
                    name_refused |= key == "name";
                    unit_refused |= key == "unit";
                    problems.push(problem(
                        v.span().start,
                        format!(
                            "key `goal.{key}` holds {kind} (the value is not shown); the report prints it as written, so {}",
                            if key == "name" {
                                "describe the goal and name no person"
                            } else {
                                "give the unit's name as the index has it"
                            }
                        ),
                    ));
                }
            }
            if let (Some(u), Some(known)) = (&g.unit, cx.units)
                && !known.contains(u.get_ref())
                && !unit_refused
            {
                let list = if known.is_empty() {
                    "none (the index is empty)".to_string()
                } else {
                    known
                        .iter()
                        .map(|k| cx.gate.redact(k))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                // The goal's name, which has passed the gate, says which goal it is.
                let goal = match &g.name {
                    Some(n) if !name_refused && !n.get_ref().trim().is_empty() => {
                        format!(" (goal {:?})", n.get_ref())
                    }
                    _ => String::new(),
                };
                problems.push(problem(
                    u.span().start,
                    format!(
                        "key `goal.unit`{goal}: no unit {} in the index (names are matched exactly); the units in the index are: {list}",
                        cx.gate.quoted(u.get_ref())
                    ),
                ));
            }
            let has_ratio = g.max_rate_ratio.is_some() || g.min_rate_ratio.is_some();
            let measure = match (has_ratio, &g.max_rate) {
                (true, None) => {
                    if let Some(s) = &g.gender {
                        problems.push(problem(
                            s.span().start,
                            "key `goal.gender`: a rate-ratio goal compares women and men; remove `gender` or use `max_rate`".into(),
                        ));
                    }
                    if let (Some(lo), Some(hi)) = (min_rr, max_rr)
                        && lo > hi
                    {
                        problems.push(problem(
                            start,
                            format!("keys `goal.min_rate_ratio` and `goal.max_rate_ratio`: the minimum {lo} is above the maximum {hi}"),
                        ));
                    }
                    Some(Measure::RateRatio {
                        min: min_rr,
                        max: max_rr,
                    })
                }
                (false, Some(r)) => {
                    if g.gender.is_none() {
                        problems.push(problem(
                            r.span().start,
                            "key `goal.max_rate` needs `goal.gender`: whose cases the share is of, kvinna (women's), man (men's) or alla (every case of the unit, any gender); add it, e.g. gender = \"kvinna\"".into(),
                        ));
                    }
                    max_rate
                        .zip(gender)
                        .map(|(max, gender)| Measure::Rate { max, gender })
                }
                (true, Some(r)) => {
                    problems.push(problem(
                        r.span().start,
                        "keys `goal.max_rate` and `goal.max_rate_ratio`/`goal.min_rate_ratio`: one goal measures one thing; write two goals".into(),
                    ));
                    None
                }
                (false, None) => {
                    problems.push(problem(
                        start,
                        "missing key `goal.max_rate_ratio`, `goal.min_rate_ratio` or `goal.max_rate`: say what the limit is".into(),
                    ));
                    None
                }
            };
            if problems.len() > before {
                continue;
            }
            if let (Some(target), Some(measure), Some(decide_on)) = (target, measure, decide_on) {
                goals.push(Goal {
                    line: line_col(src, start).0,
                    name: g
                        .name
                        .map(Spanned::into_inner)
                        .filter(|n| !n.trim().is_empty()),
                    target,
                    unit: g.unit.map(Spanned::into_inner),
                    measure,
                    decide_on,
                });
            }
        }
        if problems.is_empty() {
            Ok(Goals {
                file: file.to_string(),
                goals,
            })
        } else {
            Err(GoalsError { problems })
        }
    }
}

/// Names the key in a serde/TOML message the way the rule loader does.
fn toml_message(msg: &str) -> String {
    let msg = msg.trim();
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let key = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        let expected = rest.split_once(", expected ").map_or("", |x| x.1);
        format!("unknown key `goal.{key}`; expected {expected}")
    } else {
        format!("{msg}; see docs/statistics.md, \"Goals\", for the format")
    }
}

/// Whether a goal is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum GoalStatus {
    /// The goal is met.
    #[serde(rename = "met")]
    Met,
    /// The goal is not met.
    #[serde(rename = "not_met")]
    NotMet,
    /// The review cannot say: too few cases, a hidden count that decides, or no such unit.
    #[serde(rename = "not_measurable")]
    NotMeasurable,
}

impl GoalStatus {
    /// The status in a report in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            GoalStatus::Met => tr(lang, "uppfyllt", "met"),
            GoalStatus::NotMet => tr(lang, "ej uppfyllt", "not met"),
            GoalStatus::NotMeasurable => tr(lang, "kan inte mätas", "not measurable"),
        }
    }
}

/// One goal judged in one unit.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GoalResult {
    /// The goal's number in its file (1-based).
    pub goal: usize,
    /// The line of the goal's `[[goal]]` header.
    pub line: usize,
    /// The goal's name, if the file gives one.
    pub name: Option<String>,
    /// The goal in words, in the report's language.
    pub description: String,
    /// The category it is about, or null for a rule.
    #[schemars(schema_with = "crate::report::category_schema_nullable")]
    pub category: Option<Category>,
    /// The rule it is about, or null for a category.
    pub rule: Option<String>,
    /// The unit judged.
    pub unit: String,
    /// "rate_ratio" or "rate".
    pub measure: String,
    /// For a rate goal, whose cases.
    pub gender: Option<GoalGender>,
    /// The smallest acceptable value, if any.
    pub min: Option<f64>,
    /// The largest acceptable value, if any.
    pub max: Option<f64>,
    /// What decides.
    pub decide_on: DecideOn,
    /// The figure, when the report shows it exactly.
    pub value: Option<f64>,
    /// Its 95 % interval (Wilson for a share, Katz for a ratio), when the figure is exact.
    pub ci95: Option<[f64; 2]>,
    /// When a count the figure rests on is hidden: the range the figure is known to lie in.
    pub range: Option<[f64; 2]>,
    /// Met, not met or not measurable.
    pub status: GoalStatus,
    /// Whether the 95 % interval lies wholly on the side of the status (met or not met).
    pub certain: bool,
    /// Why the goal is not measurable, in the report's language.
    pub reason: Option<String>,
}

/// A count as a range of values a reader of the report can tell it has.
type Range = (u64, u64);

fn range(c: Count, max: u64, min_cell: u64) -> Option<Range> {
    c.range(max, min_cell)
}

fn add(a: Range, b: Range) -> Range {
    (a.0 + b.0, a.1.saturating_add(b.1))
}

/// Judges every goal in every unit it names, from what `report` shows.
pub fn evaluate(goals: &Goals, report: &Report) -> Vec<GoalResult> {
    let lang = report.settings.lang;
    let mut out = Vec::new();
    for (i, goal) in goals.goals.iter().enumerate() {
        let units: Vec<Option<&UnitReport>> = match &goal.unit {
            Some(name) => vec![report.units.iter().find(|u| &u.unit == name)],
            None => report.units.iter().map(Some).collect(),
        };
        for unit in units {
            let name =
                unit.map_or_else(|| goal.unit.clone().unwrap_or_default(), |u| u.unit.clone());
            let judged = match unit {
                Some(u) => judge(goal, u, report),
                // The loader has checked that the index has the unit: here the filters or the
                // period leave it out.
                None => Judged::not_measurable(tr(
                    lang,
                    "Enheten har inga dokument i granskningen (se filtren och perioden).",
                    "The unit has no documents in this review (see the filters and the period).",
                )),
            };
            let (min, max, gender, measure) = match goal.measure {
                Measure::RateRatio { min, max } => (min, max, None, "rate_ratio"),
                Measure::Rate { max, gender } => (None, Some(max), Some(gender), "rate"),
            };
            out.push(GoalResult {
                goal: i + 1,
                line: goal.line,
                name: goal.name.clone(),
                description: describe(goal, lang),
                category: match &goal.target {
                    Target::Category(c) => Some(*c),
                    Target::Rule(_) => None,
                },
                rule: match &goal.target {
                    Target::Rule(r) => Some(r.clone()),
                    Target::Category(_) => None,
                },
                unit: name,
                measure: measure.into(),
                gender,
                min,
                max,
                decide_on: goal.decide_on,
                value: judged.value.map(stats::round6),
                ci95: judged.ci.map(|[a, b]| [stats::round6(a), stats::round6(b)]),
                range: judged
                    .range
                    .map(|[a, b]| [stats::round6(a), stats::round6(b)]),
                status: judged.status,
                certain: judged.certain,
                reason: judged.reason,
            });
        }
    }
    out
}

/// Whether any goal is not met (the scheduled job's exit code 1).
pub fn any_not_met(results: &[GoalResult]) -> bool {
    results.iter().any(|r| r.status == GoalStatus::NotMet)
}

struct Judged {
    value: Option<f64>,
    ci: Option<[f64; 2]>,
    range: Option<[f64; 2]>,
    status: GoalStatus,
    certain: bool,
    reason: Option<String>,
}

impl Judged {
    fn not_measurable(reason: &str) -> Judged {
        Judged {
            value: None,
            ci: None,
            range: None,
            status: GoalStatus::NotMeasurable,
            certain: false,
            reason: Some(reason.to_string()),
        }
    }
}

/// The comparison row a goal is about, or `None` for a rule that never fired in the unit (all
/// its counts are zero).
fn row<'u>(goal: &Goal, u: &'u UnitReport) -> Option<&'u Comparison> {
    match &goal.target {
        Target::Category(c) => u
            .categories
            .iter()
            .find(|r| r.category == *c)
            .map(|r| &r.comparison),
        Target::Rule(id) => u
            .categories
            .iter()
            .flat_map(|c| &c.rules)
            .find(|r| &r.rule == id)
            .map(|r| &r.comparison),
    }
}

fn judge(goal: &Goal, u: &UnitReport, report: &Report) -> Judged {
    let lang = report.settings.lang;
    let m = report.settings.min_cell;
    let no_breakdown = tr(
        lang,
        "Enheten redovisas inte per kön (för få ärenden med kvinnor eller män).",
        "The unit is not reported by gender (too few cases of women or men).",
    );
    let hidden = tr(
        lang,
        "Ett dolt litet tal avgör; målet kan inte bedömas utan att visa det.",
        "A hidden small count decides; the goal cannot be judged without showing it.",
    );
    let uncertain = tr(
        lang,
        "Konfidensintervallet omfattar gränsen; underlaget räcker inte för att avgöra.",
        "The confidence interval includes the limit; the material is too small to decide.",
    );
    let cmp = row(goal, u);
    let zero = Count::shown(0);
    let (lo_lim, hi_lim, est, ci): (f64, f64, (f64, f64), (f64, f64)) = match goal.measure {
        Measure::RateRatio { min, max } => {
            if u.suppressed {
                return Judged::not_measurable(no_breakdown);
            }
            let (n1, n2) = match (u.cases.kvinna.value, u.cases.man.value) {
                (Some(a), Some(b)) if a > 0 && b > 0 => (a, b),
                _ => return Judged::not_measurable(no_breakdown),
            };
            let (k, mm) = match cmp {
                Some(c) => (c.cases_with_findings.kvinna, c.cases_with_findings.man),
                None => (zero, zero),
            };
            let (Some(k), Some(mm)) = (range(k, n1, m), range(mm, n2, m)) else {
                return Judged::not_measurable(no_breakdown);
            };
            if k == (0, 0) && mm == (0, 0) {
                // No finding for either gender: the ratio is 0/0, which is no figure at all,
                // so nothing can be said about the goal: not measurable, not met. Like every
                // not measurable goal it does not fail the run (exit 0, docs/statistics.md);
                // the report says it so that nobody reads it as met.
                return Judged::not_measurable(tr(
                    lang,
                    "Inga fynd för vare sig kvinnor eller män: kvoten 0/0 går inte att räkna ut.",
                    "No findings for women or for men: the ratio 0/0 cannot be computed.",
                ));
            }
            // The ratio grows with the women's count and falls with the men's.
            let corner = |a: u64, b: u64| {
                stats::rate_ratio(a, n1, b, n2)
                    .map_or((1.0, 1.0, 1.0), |r| (r.ratio, r.low, r.high))
            };
            let low = corner(k.0, mm.1);
            let high = corner(k.1, mm.0);
            (
                min.unwrap_or(f64::NEG_INFINITY),
                max.unwrap_or(f64::INFINITY),
                (low.0, high.0),
                (low.1, high.2),
            )
        }
        Measure::Rate { max, gender } => {
            let (count, n): (Range, Range) = match gender {
                GoalGender::Kvinna | GoalGender::Man => {
                    if u.suppressed {
                        return Judged::not_measurable(no_breakdown);
                    }
                    let (cases, c) = match gender {
                        GoalGender::Kvinna => (
                            u.cases.kvinna,
                            cmp.map_or(zero, |c| c.cases_with_findings.kvinna),
                        ),
                        _ => (u.cases.man, cmp.map_or(zero, |c| c.cases_with_findings.man)),
                    };
                    let Some(n) = cases.value else {
                        return Judged::not_measurable(no_breakdown);
                    };
                    let Some(c) = range(c, n, m) else {
                        return Judged::not_measurable(no_breakdown);
                    };
                    (c, (n, n))
                }
                GoalGender::Alla => {
                    let total = u.cases.total.value;
                    // Cases of every gender, as a range when a part is hidden.
                    let n = match total {
                        Some(t) => (t, t),
                        None => {
                            let parts = [u.cases.kvinna, u.cases.man, u.cases.annat, u.cases.okant];
                            let mut acc = (0, 0);
                            for p in parts {
                                match range(p, u64::MAX / 4, m) {
                                    Some(r) => acc = add(acc, r),
                                    None => return Judged::not_measurable(hidden),
                                }
                            }
                            acc
                        }
                    };
                    let count = if u.suppressed {
                        let all = cmp.and_then(|c| c.cases_with_findings_all).unwrap_or(zero);
                        match range(all, n.1, m) {
                            Some(r) => r,
                            None => return Judged::not_measurable(hidden),
                        }
                    } else {
                        let (Some(n1), Some(n2)) = (u.cases.kvinna.value, u.cases.man.value) else {
                            return Judged::not_measurable(hidden);
                        };
                        let (k, mm) = match cmp {
                            Some(c) => (c.cases_with_findings.kvinna, c.cases_with_findings.man),
                            None => (zero, zero),
                        };
                        let (Some(k), Some(mm)) = (range(k, n1, m), range(mm, n2, m)) else {
                            return Judged::not_measurable(hidden);
                        };
                        // Cases of other or unknown gender are not broken down in the report:
                        // any number of them, up to how many there are, may have a finding.
                        let others = (0, n.1.saturating_sub(n1 + n2));
                        let others = if cmp.is_none() { (0, 0) } else { others };
                        add(add(k, mm), others)
                    };
                    if n.1 < m {
                        return Judged::not_measurable(tr(
                            lang,
                            "För få ärenden i enheten.",
                            "Too few cases in the unit.",
                        ));
                    }
                    (count, n)
                }
            };
            if n.0 == 0 {
                return Judged::not_measurable(tr(
                    lang,
                    "Enheten har inga sådana ärenden.",
                    "The unit has no such cases.",
                ));
            }
            let lo = count.0 as f64 / n.1 as f64;
            let hi = (count.1 as f64 / n.0 as f64).min(1.0);
            let wl = stats::wilson(count.0.min(n.1), n.1).map_or(0.0, |w| w.0);
            let wh = stats::wilson(count.1.min(n.0), n.0).map_or(1.0, |w| w.1);
            (f64::NEG_INFINITY, max, (lo, hi), (wl, wh))
        }
    };
    let inside = |a: f64, b: f64| lo_lim <= a && b <= hi_lim;
    let outside = |a: f64, b: f64| b < lo_lim || a > hi_lim;
    let exact = est.0 == est.1;
    let (status, certain, reason) = match goal.decide_on {
        DecideOn::Estimate => {
            if inside(est.0, est.1) {
                (GoalStatus::Met, inside(ci.0, ci.1), None)
            } else if outside(est.0, est.1) {
                (GoalStatus::NotMet, outside(ci.0, ci.1), None)
            } else {
                (GoalStatus::NotMeasurable, false, Some(hidden.to_string()))
            }
        }
        DecideOn::Interval => {
            if inside(ci.0, ci.1) {
                (GoalStatus::Met, true, None)
            } else if outside(ci.0, ci.1) {
                (GoalStatus::NotMet, true, None)
            } else {
                (
                    GoalStatus::NotMeasurable,
                    false,
                    Some(uncertain.to_string()),
                )
            }
        }
    };
    Judged {
        value: exact.then_some(est.0),
        ci: exact.then_some([ci.0, ci.1]),
        range: (!exact).then_some([est.0, est.1]),
        status,
        certain,
        reason,
    }
}

/// The goal in words.
fn describe(goal: &Goal, lang: Lang) -> String {
    let what = match &goal.target {
        Target::Category(c) => text::category(lang, *c).to_string(),
        Target::Rule(r) => format!("{} {r}", tr(lang, "regeln", "rule")),
    };
    match goal.measure {
        Measure::RateRatio { min, max } => {
            let limit = match (min, max) {
                (Some(a), Some(b)) => format!(
                    "{} {} {} {}",
                    tr(lang, "mellan", "between"),
                    num(lang, a, 2),
                    tr(lang, "och", "and"),
                    num(lang, b, 2)
                ),
                (Some(a), None) => format!("{} {}", tr(lang, "minst", "at least"), num(lang, a, 2)),
                (None, Some(b)) => format!("{} {}", tr(lang, "högst", "at most"), num(lang, b, 2)),
                (None, None) => String::new(),
            };
            format!(
                "{} {what} {limit}",
                tr(lang, "Kvot K/M för", "Ratio W/M for")
            )
        }
        Measure::Rate { max, gender } => {
            let whose = match gender {
                GoalGender::Kvinna => tr(lang, "kvinnors ärenden", "women's cases"),
                GoalGender::Man => tr(lang, "mäns ärenden", "men's cases"),
                GoalGender::Alla => tr(lang, "alla ärenden", "all cases"),
            };
            format!(
                "{} {whose} {} {what}: {} {}",
                tr(lang, "Andel av", "Share of"),
                tr(lang, "med", "with"),
                tr(lang, "högst", "at most"),
                percent(lang, max)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Vec<RuleInfo> {
        vec![RuleInfo {
            id: "tvivelsverb".into(),
            category: Category::Trovardighet,
            message_sv: "m".into(),
            message_en: None,
            question_sv: "q".into(),
            question_en: None,
        }]
    }

    /// A stand-in for the identifier gate: "Anna" is a name, "@" an e-mail address.
    struct TestGate;

    impl LabelGate for TestGate {
        fn identifier_in(&self, _key: &str, value: &str) -> Option<&'static str> {
            if value.contains('@') {
                Some("an e-mail address")
            } else if value.contains("Anna") {
                Some("a likely personal name")
            } else {
                None
            }
        }

        fn redact(&self, value: &str) -> String {
            value.replace("Anna", "[NAMN]")
        }

        fn quoted(&self, value: &str) -> String {
            format!("{:?}", self.redact(value))
        }
    }

    fn parse(src: &str) -> Result<Goals, GoalsError> {
        let rules = rules();
        let units: std::collections::BTreeSet<String> =
            ["Enhet Norr", "Enhet Anna"].map(String::from).into();
        Goals::parse(
            "goals.toml",
            src,
            &Context {
                rules: &rules,
                units: Some(&units),
                gate: &TestGate,
            },
        )
    }

    #[test]
    fn a_good_file_loads() {
        let src = "[[goal]]\nname = \"Lika\"\ncategory = \"trovardighet\"\nmax_rate_ratio = 1.25\n\n[[goal]]\nrule = \"tvivelsverb\"\nunit = \"Enhet Norr\"\nmax_rate = 0.1\ngender = \"kvinna\"\ndecide_on = \"interval\"\n";
        let g = parse(src).expect("loads");
        assert_eq!(g.goals.len(), 2);
        assert_eq!(g.goals[0].line, 1);
        assert_eq!(g.goals[1].line, 6);
        assert_eq!(
            g.goals[1].measure,
            Measure::Rate {
                max: 0.1,
                gender: GoalGender::Kvinna
            }
        );
        assert_eq!(g.goals[1].decide_on, DecideOn::Interval);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let cases = [
            (
                "[[goal]]\ncategory = \"trovardighet\"\nmax_ratio = 1.2\n",
                "goals.toml:3:1: unknown key `goal.max_ratio`",
            ),
            (
                "[[goal]]\ncategory = \"tro\"\nmax_rate_ratio = 1.2\n",
                "goals.toml:2:12: key `goal.category`: unknown category",
            ),
            (
                "[[goal]]\nrule = \"nope\"\nmax_rate = 0.1\n",
                "goals.toml:2:8: key `goal.rule`: the rule pack has no rule \"nope\"",
            ),
            (
                "[[goal]]\ncategory = \"ansvar\"\nmax_rate = 10\n",
                "goals.toml:3:12: key `goal.max_rate`: 10 is not a share",
            ),
            (
                "[[goal]]\ncategory = \"ansvar\"\n",
                "goals.toml:1:1: missing key `goal.max_rate_ratio`",
            ),
            (
                "[[goal]]\ncategory = \"ansvar\"\nmax_rate = 0.1\ngender = \"flicka\"\n",
                "goals.toml:4:10: key `goal.gender`: unknown gender",
            ),
            (
                "[[goal]]\ncategory = \"ansvar\"\nmax_rate = 0.1\n",
                "goals.toml:3:12: key `goal.max_rate` needs `goal.gender`",
            ),
            (
                "[[goal]]\ncategory = \"ansvar\"\nunit = \"Enhet Nrr\"\nmax_rate_ratio = 1.2\n",
                "goals.toml:3:8: key `goal.unit`: no unit \"Enhet Nrr\" in the index (names are matched exactly); the units in the index are: Enhet [NAMN], Enhet Norr",
            ),
            (
                "[[goal]]\ncategory = \"ansvar\"\nmax_rate_ratio = \"x\"\n",
                "goals.toml:3:18:",
            ),
            ("", "no goals"),
        ];
        for (src, want) in cases {
            let err = parse(src).expect_err(src).to_string();
            assert!(err.contains(want), "{src:?}\n got: {err}\nwant: {want}");
        }
    }

    #[test]
    fn a_name_or_unit_holding_an_identifier_is_refused_without_its_value() {
        for (src, want) in [
            (
                "[[goal]]\nname = \"Annas mål\"\ncategory = \"ansvar\"\nmax_rate_ratio = 1.2\n",
                "goals.toml:2:8: key `goal.name` holds a likely personal name (the value is not shown)",
            ),
            (
                "[[goal]]\ncategory = \"ansvar\"\nunit = \"x@y.se\"\nmax_rate_ratio = 1.2\n",
                "goals.toml:3:8: key `goal.unit` holds an e-mail address (the value is not shown)",
            ),
        ] {
            let err = parse(src).expect_err(src).to_string();
            assert!(err.contains(want), "{src:?}\n got: {err}\nwant: {want}");
            assert!(!err.contains("Anna") && !err.contains("x@y"), "{err}");
            assert!(!err.contains("no unit"), "not also called unknown: {err}");
        }
    }
}
