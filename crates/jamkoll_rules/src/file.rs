//! The on-disk shape of a rule file, exactly as `docs/rule-format.md` describes it.
//!
//! These types only parse: every table denies unknown keys, and values that need the lexicon or
//! the other rules (lemmas, lists, ids) carry their byte span so that `pack.rs` can report a
//! later error at the right line. `docs/rule-schema.json` is generated from these types.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// One rule file, `rules/<category>/<id>.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "jamkoll rule",
    description = "One rule file, rules/<category>/<id>.toml. See docs/rule-format.md."
)]
pub(crate) struct RuleFile {
    /// Stable kebab-case ASCII id; equals the file stem.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Spanned<String>,
    /// The review category; equals the folder name.
    #[schemars(with = "CategoryName")]
    pub category: Spanned<CategoryName>,
    /// `stable` rules always run; `preview` rules run only with `--preview`.
    #[serde(default)]
    pub status: StatusName,
    /// The Swedish message shown with every finding.
    pub message: String,
    /// The English message (optional).
    #[serde(default)]
    pub message_en: Option<String>,
    /// Documentation for rule authors and research circles.
    pub doc: DocFile,
    /// What the rule matches.
    #[serde(rename = "match")]
    pub matcher: MatchFile,
    /// Texts the rule must flag.
    #[serde(default)]
    pub flag: Vec<FlagExample>,
    /// Look-alikes the rule must leave alone.
    #[serde(default)]
    pub clean: Vec<CleanExample>,
}

/// `[doc]`: what the rule finds, why it matters, the research, a reflection question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocFile {
    /// What the rule finds (Swedish).
    pub what: String,
    /// Why it matters (Swedish).
    pub why: String,
    /// The research it rests on, with references (e.g. "Beach m.fl. (2021) [S23]").
    #[serde(default)]
    pub research: Vec<String>,
    /// A reflection question for the research circle (Swedish).
    pub question: String,
    /// What the rule finds (English, optional).
    #[serde(default)]
    pub what_en: Option<String>,
    /// Why it matters (English, optional).
    #[serde(default)]
    pub why_en: Option<String>,
    /// The reflection question (English, optional).
    #[serde(default)]
    pub question_en: Option<String>,
}

/// `[match]`: the match kind and its settings. Keys that do not belong to the kind are errors.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchFile {
    /// lexical | duty | agentless | absence.
    #[schemars(with = "KindName")]
    pub kind: Spanned<KindName>,
    /// Patterns (see "Patterns" in docs/rule-format.md). For duty: the duty's complement must
    /// also match one of these when given.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub patterns: Vec<Spanned<String>>,
    /// Regular expressions matched on the sentence text (Unicode, case-insensitive).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub regex: Vec<Spanned<String>>,
    /// A match of any of these patterns near the cue cancels the finding.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub unless: Vec<Spanned<String>>,
    /// At least one of these patterns must match near the cue.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub require: Vec<Spanned<String>>,
    /// Tokens either side of the cue for `unless`/`require`; absent = the cue's clause.
    #[serde(default)]
    pub window: Option<usize>,
    /// How the finding's subject is decided.
    #[serde(default)]
    pub subject: SubjectMode,
    /// Whether a negated cue gets scope `negated` (`scope`) or the negation is part of the
    /// finding (`part`).
    #[serde(default)]
    pub negation: NegationMode,
    /// Whether a cue inside a person's own account gets scope `reported` (`scope`) or the
    /// account frame does not change the scope (`part`: the cue is the writer's word choice,
    /// e.g. scare quotes inside "hon berättar att …").
    #[serde(default)]
    pub reported: NegationMode,
    /// duty: the duty markers (default `["$pliktmarkorer"]`).
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub markers: Option<Spanned<Vec<Spanned<String>>>>,
    /// duty: the duty domains the rule keeps (empty = every domain, and duties of no known
    /// domain too).
    #[serde(default)]
    #[schemars(with = "Option<Vec<DomainName>>")]
    pub domains: Option<Spanned<Vec<DomainName>>>,
    /// absence: the areas where the check applies (default `["barn_unga"]`).
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub areas: Option<Spanned<Vec<String>>>,
    /// absence: how often the present parent must be named (default 2).
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub min_mentions: Option<Spanned<usize>>,
    /// absence: whose absence the rule judges, `parent` (default: one parent named, the other
    /// not) or `child` (the child is never heard in the case).
    #[serde(default)]
    #[schemars(with = "Option<WhoName>")]
    pub who: Option<Spanned<WhoName>>,
    /// absence, `who = "child"`: patterns of a sentence where the child is heard in their own
    /// voice (talked to, met, "enligt barnet", "flickan berättar"). Required for child rules.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub heard: Vec<Spanned<String>>,
}

/// One `[[flag]]` example: a text the rule must flag.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FlagExample {
    /// The text.
    pub text: String,
    /// The record's client gender (default okänt).
    #[serde(default)]
    pub gender: Option<GenderName>,
    /// The record's area (needed for absence rules; default `barn_unga` for them).
    #[serde(default)]
    pub area: Option<String>,
    /// The expected subject of the finding.
    pub subject: SubjectName,
    /// The expected scope (default asserted).
    #[serde(default)]
    pub scope: Option<ScopeName>,
}

/// One `[[clean]]` example: a look-alike the rule must leave alone (no asserted finding).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CleanExample {
    /// The text.
    pub text: String,
    /// The record's client gender (default okänt).
    #[serde(default)]
    pub gender: Option<GenderName>,
    /// The record's area.
    #[serde(default)]
    pub area: Option<String>,
}

/// `jamkoll.toml`: user settings for the rule pack.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ConfigFile {
    /// Rule ids to switch off.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub disable: Vec<Spanned<String>>,
    /// Folders of extra rules (relative to the config file), added to or overriding the shipped pack.
    #[serde(default)]
    pub extend_rules: Vec<String>,
    /// Run preview rules too.
    #[serde(default)]
    pub preview: bool,
}

/// Declares a closed string enum with its wire names and a mapping to a core type.
macro_rules! names {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
        pub(crate) enum $name { $( #[serde(rename = $wire)] $variant ),+ }
        impl $name {
            /// The wire name.
            #[allow(dead_code, reason = "not every vocabulary needs its wire name back")]
            pub(crate) fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
        }
    };
}

names!(
    /// A review category.
    CategoryName {
        Utseende = "utseende",
        Kanslor = "kanslor",
        Trovardighet = "trovardighet",
        Ansvar = "ansvar",
        Osynliggorande = "osynliggorande",
        Konsroll = "konsroll",
        Resurser = "resurser",
    }
);
names!(
    /// Rule status.
    StatusName { Stable = "stable", Preview = "preview" }
);
names!(
    /// Match kind.
    KindName { Lexical = "lexical", Duty = "duty", Agentless = "agentless", Absence = "absence" }
);
names!(
    /// Whose absence an absence rule judges.
    WhoName { Parent = "parent", Child = "child" }
);
names!(
    /// How the subject is decided.
    SubjectMode { Auto = "auto", Slot = "slot", Client = "client", Hidden = "hidden", Child = "barn", Okant = "okänt" }
);
names!(
    /// How negation is treated.
    NegationMode { Scope = "scope", Part = "part" }
);
names!(
    /// A duty domain.
    DomainName {
        Barn = "barn",
        Hem = "hem",
        Ekonomi = "ekonomi",
        Arbete = "arbete",
        Partner = "partner",
        Sakerhet = "sakerhet",
        Behandling = "behandling",
    }
);
names!(
    /// A client gender.
    GenderName { Kvinna = "kvinna", Man = "man", Annat = "annat", Okant = "okänt" }
);
names!(
    /// A finding subject.
    SubjectName { Kvinna = "kvinna", Man = "man", Flicka = "flicka", Pojke = "pojke", Okant = "okänt" }
);
names!(
    /// A finding scope.
    ScopeName { Asserted = "asserted", Negated = "negated", Reported = "reported", Hypothetical = "hypothetical" }
);

#[expect(
    clippy::derivable_impls,
    reason = "the enum comes from the `names!` macro"
)]
impl Default for StatusName {
    fn default() -> Self {
        StatusName::Stable
    }
}
#[expect(
    clippy::derivable_impls,
    reason = "the enum comes from the `names!` macro"
)]
impl Default for SubjectMode {
    fn default() -> Self {
        SubjectMode::Auto
    }
}
#[expect(
    clippy::derivable_impls,
    reason = "the enum comes from the `names!` macro"
)]
impl Default for NegationMode {
    fn default() -> Self {
        NegationMode::Scope
    }
}

/// Parses a wire name of a core vocabulary (the names above are the same strings).
pub(crate) fn core<T: std::str::FromStr>(wire: &str) -> Option<T> {
    wire.parse().ok()
}

/// The JSON Schema of the rule format, pretty-printed, ending in a newline.
pub fn rule_schema_json() -> String {
    let schema = schemars::schema_for!(RuleFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
