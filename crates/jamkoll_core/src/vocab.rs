//! Closed vocabularies with Swedish wire names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A value that is not one of a vocabulary's accepted spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}; expected one of: {expected}")]
pub struct ParseError {
    /// Which vocabulary was parsed ("gender", "category", ...).
    pub what: &'static str,
    /// The rejected value, as given.
    pub value: String,
    /// The accepted spellings, comma separated.
    pub expected: &'static str,
}

/// Declares a closed vocabulary: its variants, wire names, accepted aliases and display names.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal, expected = $expected:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal [$($alias:literal),*] sv $sv:literal en $en:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every value, in the order reports list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable wire name used in JSON, CSV, rule files and the index.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// The name shown to a reader of a Swedish report.
            pub fn label_sv(self) -> &'static str {
                match self { $($name::$variant => $sv),+ }
            }

            /// The name shown to a reader of an English report.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let norm = s.trim().to_lowercase();
                $(
                    if norm == $wire $(|| norm == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                Err(ParseError { what: $what, value: s.to_string(), expected: $expected })
            }
        }
    };
}

vocabulary! {
    /// The gender of the case's client, as recorded in the exported metadata.
    ///
    /// English spellings (`woman`, `female`, `man`, `male`, `other`, `unknown`) are accepted on
    /// input and normalised to the Swedish wire names.
    Gender, "gender", expected = "kvinna, man, annat, okänt (or woman, female, male, other, unknown)" {
        /// A woman (or girl) client.
        Kvinna = "kvinna" ["woman", "female", "f", "k", "kvinnor"] sv "kvinnor" en "women",
        /// A man (or boy) client.
        Man = "man" ["male", "m", "män"] sv "män" en "men",
        /// Another gender identity.
        Annat = "annat" ["other", "non-binary", "icke-binär"] sv "annat" en "other",
        /// Gender not recorded.
        Okant = "okänt" ["okant", "unknown", "", "-"] sv "okänt" en "unknown",
    }
}

vocabulary! {
    /// Whom a finding is about: the person described, doubted or given the duty.
    Subject, "subject", expected = "kvinna, man, flicka, pojke, okänt" {
        /// An adult woman.
        Kvinna = "kvinna" ["woman"] sv "kvinna" en "woman",
        /// An adult man.
        Man = "man" [] sv "man" en "man",
        /// A girl.
        Flicka = "flicka" ["girl"] sv "flicka" en "girl",
        /// A boy.
        Pojke = "pojke" ["boy"] sv "pojke" en "boy",
        /// Nothing in the text decides it.
        Okant = "okänt" ["okant", "unknown"] sv "okänt" en "unknown",
    }
}

vocabulary! {
    /// A review category: what kind of language a rule finds.
    Category, "category", expected = "utseende, kanslor, trovardighet, ansvar, osynliggorande, konsroll, resurser" {
        /// Looks, clothing, hygiene or body where no injury or need is documented.
        Utseende = "utseende" [] sv "Utseende" en "Appearance",
        /// Emotion or temperament labels instead of what the person did or said.
        Kanslor = "kanslor" ["känslor"] sv "Känslor och temperament" en "Emotions and temperament",
        /// The writer casts doubt on a person's own account.
        Trovardighet = "trovardighet" ["trovärdighet"] sv "Trovärdighet" en "Credibility",
        /// A duty or responsibility placed on a person.
        Ansvar = "ansvar" [] sv "Ansvar" en "Responsibility",
        /// Someone who should be visible is not: violence without a doer, an absent parent.
        Osynliggorande = "osynliggorande" ["osynliggörande"] sv "Osynliggörande" en "Invisibility",
        /// Gender-role framing: care or breadwinning expected because of sex.
        Konsroll = "konsroll" ["könsroll"] sv "Könsroller" en "Gender roles",
        /// Strength-based language; counted for balance, not a bias category.
        Resurser = "resurser" [] sv "Resurser och styrkor" en "Resources and strengths",
    }
}

vocabulary! {
    /// How the writer stands to what a finding says.
    Scope, "scope", expected = "asserted, negated, reported, hypothetical" {
        /// The writer says it.
        Asserted = "asserted" [] sv "påstått av skribenten" en "asserted",
        /// It is denied ("inga tecken på att hon är aggressiv").
        Negated = "negated" [] sv "negerat" en "negated",
        /// It is the person's own account ("hon berättar att hon är orolig").
        Reported = "reported" [] sv "återgivet" en "reported",
        /// It is a condition or possibility ("om hon blir aggressiv").
        Hypothetical = "hypothetical" [] sv "hypotetiskt" en "hypothetical",
    }
}

vocabulary! {
    /// The role a person has in the case, where the text says it.
    Role, "role", expected = "mother, father, partner, client, child, staff, other" {
        /// Mother, stepmother.
        Mother = "mother" [] sv "mamma" en "mother",
        /// Father, stepfather.
        Father = "father" [] sv "pappa" en "father",
        /// Partner, spouse, cohabitant.
        Partner = "partner" [] sv "partner" en "partner",
        /// The client or applicant.
        Client = "client" [] sv "klient" en "client",
        /// A child.
        Child = "child" [] sv "barn" en "child",
        /// Staff of the authority or another agency.
        Staff = "staff" [] sv "personal" en "staff",
        /// Someone else.
        Other = "other" [] sv "annan" en "other",
    }
}

vocabulary! {
    /// What a responsibility finding puts a person in charge of.
    DutyDomain, "duty domain", expected = "barn, hem, ekonomi, arbete, partner, sakerhet, behandling" {
        /// Children: their care, safety, schooling.
        Barn = "barn" [] sv "barnen" en "children",
        /// Home and household.
        Hem = "hem" [] sv "hemmet" en "home",
        /// Money and paperwork.
        Ekonomi = "ekonomi" [] sv "ekonomin" en "money",
        /// Work, job search, activity.
        Arbete = "arbete" [] sv "arbete och sysselsättning" en "work",
        /// A partner's behaviour.
        Partner = "partner" [] sv "partnerns beteende" en "partner's behaviour",
        /// Family safety.
        Sakerhet = "sakerhet" ["säkerhet"] sv "säkerhet" en "safety",
        /// The person's own treatment or care.
        Behandling = "behandling" [] sv "egen behandling" en "own treatment",
    }
}

impl Subject {
    /// The client gender that this subject is counted under in gender comparisons.
    pub fn gender(self) -> Gender {
        match self {
            Subject::Kvinna | Subject::Flicka => Gender::Kvinna,
            Subject::Man | Subject::Pojke => Gender::Man,
            Subject::Okant => Gender::Okant,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_accepts_english_and_normalises() {
        for (input, want) in [
            ("kvinna", Gender::Kvinna),
            ("Female", Gender::Kvinna),
            ("woman", Gender::Kvinna),
            ("MALE", Gender::Man),
            ("man", Gender::Man),
            ("other", Gender::Annat),
            ("unknown", Gender::Okant),
            ("okänt", Gender::Okant),
        ] {
            assert_eq!(input.parse::<Gender>(), Ok(want), "{input}");
        }
    }

    #[test]
    fn unknown_gender_names_the_value_and_choices() {
        let err = "kvinnan".parse::<Gender>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown gender \"kvinnan\"; expected one of: kvinna, man, annat, okänt (or woman, female, male, other, unknown)"
        );
    }

    #[test]
    fn wire_names_round_trip_through_serde() {
        for c in Category::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            let back: Category = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *c);
            assert_eq!(c.as_str().parse::<Category>(), Ok(*c));
        }
    }
}
