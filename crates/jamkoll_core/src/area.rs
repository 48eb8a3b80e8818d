//! Areas of social services (verksamhetsområden).

use serde::{Deserialize, Serialize};

/// The area a document belongs to. Free text on input, normalised; the known areas get Swedish
/// and English display names in reports, any other value is kept as written (normalised).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Area(String);

/// Known areas: wire name, Swedish display name, English display name, accepted aliases.
const KNOWN: &[(&str, &str, &str, &[&str])] = &[
    (
        "ekonomiskt_bistand",
        "Ekonomiskt bistånd",
        "Financial assistance",
        &[
            "ekonomiskt bistånd",
            "ekonomiskt-bistand",
            "eb",
            "försörjningsstöd",
        ],
    ),
    (
        "missbruk",
        "Missbruk och beroende",
        "Substance abuse",
        &["beroende", "missbruk och beroende"],
    ),
    (
        "barn_unga",
        "Barn och unga",
        "Children and youth",
        &["barn och unga", "barn-unga", "bou"],
    ),
    (
        "aldre",
        "Äldreomsorg",
        "Elderly care",
        &["äldre", "äldreomsorg", "aldreomsorg"],
    ),
    (
        "vald_nara_relation",
        "Våld i nära relation",
        "Intimate partner violence",
        &[
            "våld i nära relation",
            "vald i nara relation",
            "vnr",
            "våld",
        ],
    ),
    (
        "funktionsnedsattning",
        "Funktionsnedsättning",
        "Disability",
        &["funktionsnedsättning", "lss"],
    ),
    ("annat", "Annat", "Other", &["övrigt", "other"]),
];

impl Area {
    /// Normalises a free-text area: trimmed, lower case, inner whitespace and hyphens as `_`,
    /// known aliases mapped to their wire name ("Ekonomiskt bistånd" → `ekonomiskt_bistand`).
    pub fn new(raw: &str) -> Area {
        let lower = raw.trim().to_lowercase();
        for (wire, _, _, aliases) in KNOWN {
            if lower == *wire || aliases.contains(&lower.as_str()) {
                return Area((*wire).to_string());
            }
        }
        let folded: String = lower
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        Area(folded)
    }

    /// The normalised wire name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is one of the known areas.
    pub fn is_known(&self) -> bool {
        KNOWN.iter().any(|(wire, ..)| *wire == self.0)
    }

    /// Display name in a Swedish report (the wire name for unknown areas).
    pub fn label_sv(&self) -> &str {
        KNOWN
            .iter()
            .find(|(w, ..)| *w == self.0)
            .map_or(self.0.as_str(), |k| k.1)
    }

    /// Display name in an English report (the wire name for unknown areas).
    pub fn label_en(&self) -> &str {
        KNOWN
            .iter()
            .find(|(w, ..)| *w == self.0)
            .map_or(self.0.as_str(), |k| k.2)
    }

    /// Whether this is a child investigation area, where absence checks apply.
    pub fn is_child_area(&self) -> bool {
        self.0 == "barn_unga"
    }
}

impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_aliases_normalise() {
        assert_eq!(
            Area::new(" Ekonomiskt bistånd ").as_str(),
            "ekonomiskt_bistand"
        );
        assert_eq!(Area::new("Äldreomsorg").as_str(), "aldre");
        assert_eq!(Area::new("barn_unga").label_sv(), "Barn och unga");
    }

    #[test]
    fn unknown_areas_are_kept_normalised() {
        let a = Area::new("Hemlöshet - akut");
        assert_eq!(a.as_str(), "hemlöshet_akut");
        assert!(!a.is_known());
        assert_eq!(a.label_sv(), "hemlöshet_akut");
    }
}
