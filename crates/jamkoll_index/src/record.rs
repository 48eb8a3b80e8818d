//! The record model: one assessment document with the metadata a review aggregates over.
//!
//! Readers hand over [`Fields`] (names and raw string values, as the input spelled them);
//! [`Fields::into_record`] validates them into a [`Record`] or says which field is wrong and why,
//! without repeating a value that could identify a person.

use std::fmt;
use std::str::FromStr;

use jamkoll_core::{Area, Gender};
use serde::{Deserialize, Serialize};

use crate::date::IsoDate;

/// One validated assessment document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Unique id of the document (unique across the whole index).
    pub id: String,
    /// The arbetsgrupp or enhet that a review is about.
    pub unit: String,
    /// The client's gender, normalised to the Swedish wire names.
    pub client_gender: Gender,
    /// The assessment text (after redaction, when the gate redacted something).
    pub text: String,
    /// The case the document belongs to; several documents can share one. Defaults to `id`.
    pub case_id: String,
    /// Area of social services, normalised.
    pub area: Option<Area>,
    /// Date of the document.
    pub date: Option<IsoDate>,
    /// Kind of document (utredning, journalanteckning, beslut, ...), lower case.
    pub document_type: Option<String>,
    /// The decision, where the document records one.
    pub decision: Option<Decision>,
    /// Amount granted, in kronor.
    pub amount: Option<f64>,
}

/// The outcome of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Granted in full.
    Bifall,
    /// Refused.
    Avslag,
    /// Partly granted.
    Delvis,
}

impl Decision {
    /// Every decision, in report order.
    pub const ALL: &'static [Decision] = &[Decision::Bifall, Decision::Avslag, Decision::Delvis];

    /// The wire name stored in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Bifall => "bifall",
            Decision::Avslag => "avslag",
            Decision::Delvis => "delvis",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Decision {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "bifall" | "beviljat" | "beviljad" | "granted" => Ok(Decision::Bifall),
            "avslag" | "avslaget" | "avslagen" | "refused" | "denied" => Ok(Decision::Avslag),
            "delvis" | "delvis bifall" | "delvis_bifall" | "partial" => Ok(Decision::Delvis),
            _ => Err(()),
        }
    }
}

/// The record fields jamkoll reads, in the order messages list them.
pub const RECORD_FIELDS: &[&str] = &[
    "id",
    "unit",
    "client_gender",
    "text",
    "case_id",
    "area",
    "date",
    "document_type",
    "decision",
    "amount",
];

/// Parts of field names that say the field holds an identifier. A field name is split on
/// `_`, `-`, `.`, spaces and camelCase humps; if any part (or the whole name) is one of these,
/// the input is refused unless the user drops the field with `--drop-field`.
const IDENTIFIER_FIELD_PARTS: &[&str] = &[
    "address",
    "adress",
    "efternamn",
    "email",
    "epost",
    "epostadress",
    "firstname",
    "fornamn",
    "förnamn",
    "fullname",
    "gatuadress",
    "hemadress",
    "klientnamn",
    "lastname",
    "mail",
    "mobil",
    "mobile",
    "mobilnummer",
    "name",
    "namn",
    "personnr",
    "personnummer",
    "phone",
    "pnr",
    "postadress",
    "samordningsnummer",
    "ssn",
    "surname",
    "tel",
    "telefon",
    "telefonnummer",
    "telephone",
];

/// Whether a field name says the field holds an identifier (a name, personnummer, address,
/// phone number or e-mail address). Record fields never count.
///
/// ```
/// use jamkoll_index::record::is_identifier_field;
/// assert!(is_identifier_field("personnummer"));
/// assert!(is_identifier_field("Client_Name"));
/// assert!(is_identifier_field("e-post"));
/// assert!(!is_identifier_field("unit"));
/// assert!(!is_identifier_field("diarienummer"));
/// ```
pub fn is_identifier_field(name: &str) -> bool {
    if RECORD_FIELDS.contains(&name) {
        return false;
    }
    let whole: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if IDENTIFIER_FIELD_PARTS.contains(&whole.as_str()) {
        return true;
    }
    split_name(name)
        .iter()
        .any(|part| IDENTIFIER_FIELD_PARTS.contains(&part.as_str()))
}

/// Splits a field name into lower-case parts on separators and camelCase humps.
fn split_name(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// The raw fields of one input record, as a reader found them (after `--map` renaming).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    entries: Vec<(String, String)>,
}

/// Why a record's fields do not make a valid [`Record`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field at fault.
    pub field: String,
    /// What is wrong with it.
    pub kind: FieldErrorKind,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorKind {
    /// A required field is absent.
    Missing,
    /// A required field is present but blank.
    Empty,
    /// `client_gender` is not one of the accepted spellings. The value is kept only when it is
    /// short and shows nothing that could identify a person (see [`FieldError`]'s display).
    UnknownGender(Option<String>),
    /// The value has the wrong form; the string says which form is expected.
    Invalid(&'static str),
    /// The field's name says it holds identifiers.
    IdentifierField,
}

impl FieldErrorKind {
    /// A short stable name for the reason, used to group rejections in the summary.
    pub fn code(&self) -> &'static str {
        match self {
            FieldErrorKind::Missing => "missing field",
            FieldErrorKind::Empty => "empty field",
            FieldErrorKind::UnknownGender(_) => "unknown gender",
            FieldErrorKind::Invalid(_) => "invalid value",
            FieldErrorKind::IdentifierField => "identifier field",
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.kind {
            FieldErrorKind::Missing => write!(f, "field `{field}`: required field is missing"),
            FieldErrorKind::Empty => write!(f, "field `{field}`: required field is empty"),
            FieldErrorKind::UnknownGender(value) => {
                write!(f, "field `{field}`: unknown gender")?;
                if let Some(v) = value {
                    write!(f, " {v:?}")?;
                }
                write!(
                    f,
                    "; expected kvinna, man, annat or okänt (English woman, female, male, other, unknown)"
                )
            }
            FieldErrorKind::Invalid(expected) => {
                write!(f, "field `{field}`: invalid value; expected {expected}")
            }
            FieldErrorKind::IdentifierField => write!(
                f,
                "field `{field}`: the field's name says it holds identifiers; remove it from the \
                 export, or pass --drop-field {field} to ingest without it"
            ),
        }
    }
}

impl Fields {
    /// An empty set of fields.
    pub fn new() -> Fields {
        Fields::default()
    }

    /// Adds a field. A later value for the same name replaces the earlier one.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// The value of a field, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field names, in input order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// The record id, trimmed, when present and non-empty (used to locate messages even when
    /// the record is refused for another reason).
    pub fn id(&self) -> Option<&str> {
        self.get("id").map(str::trim).filter(|s| !s.is_empty())
    }

    /// Renames fields by `(record field, input column)` pairs and drops the named fields.
    pub fn remap(&mut self, map: &[(String, String)], drop: &[String]) {
        self.entries.retain(|(n, _)| !drop.contains(n));
        for (field, column) in map {
            if let Some(entry) = self.entries.iter_mut().find(|(n, _)| n == column) {
                entry.0.clone_from(field);
            }
        }
    }

    /// The first field whose name says it holds identifiers.
    pub fn identifier_field(&self) -> Option<&str> {
        self.names().find(|n| is_identifier_field(n))
    }

    /// Validates the fields into a [`Record`]. Extra fields are ignored; identifier-named
    /// fields must have been dropped or refused before (see [`Fields::identifier_field`]).
    pub fn into_record(self) -> Result<Record, FieldError> {
        if let Some(field) = self.identifier_field() {
            return Err(err(field, FieldErrorKind::IdentifierField));
        }
        let id = required(&self, "id")?.to_string();
        let unit = collapse_ws(required(&self, "unit")?);
        let gender_raw = self
            .get("client_gender")
            .ok_or_else(|| err("client_gender", FieldErrorKind::Missing))?;
        let client_gender = gender_raw.parse::<Gender>().map_err(|_| {
            err(
                "client_gender",
                FieldErrorKind::UnknownGender(safe_to_show(gender_raw)),
            )
        })?;
        let text = self
            .get("text")
            .ok_or_else(|| err("text", FieldErrorKind::Missing))?;
        if text.trim().is_empty() {
            return Err(err("text", FieldErrorKind::Empty));
        }
        let text = text.to_string();
        let case_id = optional(&self, "case_id").map_or_else(|| id.clone(), str::to_string);
        let area = optional(&self, "area").map(Area::new);
        let date = optional(&self, "date")
            .map(|d| {
                d.parse::<IsoDate>().map_err(|_| {
                    err(
                        "date",
                        FieldErrorKind::Invalid("an ISO 8601 date such as 2024-03-18"),
                    )
                })
            })
            .transpose()?;
        let document_type = optional(&self, "document_type").map(|d| collapse_ws(d).to_lowercase());
        let decision = optional(&self, "decision")
            .map(|d| {
                d.parse::<Decision>().map_err(|()| {
                    err(
                        "decision",
                        FieldErrorKind::Invalid("bifall, avslag or delvis"),
                    )
                })
            })
            .transpose()?;
        let amount = optional(&self, "amount")
            .map(|a| {
                parse_amount(a).ok_or_else(|| {
                    err(
                        "amount",
                        FieldErrorKind::Invalid("an amount in kronor such as 4500 or 4 500,50"),
                    )
                })
            })
            .transpose()?;
        Ok(Record {
            id,
            unit,
            client_gender,
            text,
            case_id,
            area,
            date,
            document_type,
            decision,
            amount,
        })
    }
}

fn err(field: &str, kind: FieldErrorKind) -> FieldError {
    FieldError {
        field: field.to_string(),
        kind,
    }
}

fn required<'a>(fields: &'a Fields, name: &str) -> Result<&'a str, FieldError> {
    let value = fields
        .get(name)
        .ok_or_else(|| err(name, FieldErrorKind::Missing))?
        .trim();
    if value.is_empty() {
        return Err(err(name, FieldErrorKind::Empty));
    }
    Ok(value)
}

fn optional<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.get(name).map(str::trim).filter(|v| !v.is_empty())
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A rejected value is echoed only when it cannot carry an identifier: short, no digits, no
/// `@`, letters only. Anything else is withheld. `jamkoll check` shows a bad gender the same way.
pub fn safe_to_show(value: &str) -> Option<String> {
    let v = value.trim();
    let plain = v.chars().count() <= 12
        && v.chars().all(|c| c.is_alphabetic() || c == '-' || c == ' ')
        && !v.chars().next().is_some_and(char::is_uppercase);
    plain.then(|| v.to_string())
}

/// Parses kronor as Swedish exports write them: `4500`, `4 500`, `4500,50`, `4 500 kr`.
fn parse_amount(raw: &str) -> Option<f64> {
    let cleaned: String = raw
        .trim()
        .trim_end_matches("kr")
        .trim_end_matches(':')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let value: f64 = cleaned.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        let mut f = Fields::new();
        for (k, v) in pairs {
            f.insert(*k, *v);
        }
        f
    }

    fn minimal() -> Fields {
        fields(&[
            ("id", "a-1"),
            ("unit", " Enhet  Norr "),
            ("client_gender", "female"),
            ("text", "Hon påstår att hon söker arbete."),
        ])
    }

    #[test]
    fn minimal_record_takes_defaults() {
        let r = minimal().into_record().unwrap();
        assert_eq!(r.id, "a-1");
        assert_eq!(r.unit, "Enhet Norr");
        assert_eq!(r.client_gender, Gender::Kvinna);
        assert_eq!(r.case_id, "a-1");
        assert_eq!(r.area, None);
        assert_eq!(r.decision, None);
    }

    #[test]
    fn optional_fields_are_parsed_and_normalised() {
        let mut f = minimal();
        f.insert("case_id", "c-9");
        f.insert("area", "Ekonomiskt bistånd");
        f.insert("date", "2024-03-18");
        f.insert("document_type", "Utredning");
        f.insert("decision", "Avslag");
        f.insert("amount", "4 500,50 kr");
        f.insert("extra", "ignored");
        let r = f.into_record().unwrap();
        assert_eq!(r.case_id, "c-9");
        assert_eq!(r.area.unwrap().as_str(), "ekonomiskt_bistand");
        assert_eq!(r.date.unwrap().to_string(), "2024-03-18");
        assert_eq!(r.document_type.as_deref(), Some("utredning"));
        assert_eq!(r.decision, Some(Decision::Avslag));
        assert_eq!(r.amount, Some(4500.5));
    }

    #[test]
    fn each_validation_error_names_its_field() {
        let cases: &[(&str, &str, &str)] = &[
            ("id", "", "empty field"),
            ("unit", "  ", "empty field"),
            ("client_gender", "kvinnan", "unknown gender"),
            ("text", " ", "empty field"),
            ("date", "18/3 2024", "invalid value"),
            ("decision", "kanske", "invalid value"),
            ("amount", "mycket", "invalid value"),
        ];
        for (field, value, code) in cases {
            let mut f = minimal();
            f.insert(*field, *value);
            let e = f.into_record().unwrap_err();
            assert_eq!(e.field, *field);
            assert_eq!(e.kind.code(), *code, "{field}");
        }
        for field in ["id", "unit", "client_gender", "text"] {
            let mut f = minimal();
            f.entries.retain(|(n, _)| n != field);
            let e = f.into_record().unwrap_err();
            assert_eq!((e.field.as_str(), e.kind), (field, FieldErrorKind::Missing));
        }
    }

    #[test]
    fn unknown_gender_echoes_only_harmless_values() {
        let mut f = minimal();
        f.insert("client_gender", "kvinnan");
        assert!(
            f.into_record()
                .unwrap_err()
                .to_string()
                .contains("\"kvinnan\"")
        );
        for risky in ["Anna", "811228-9874", "a@b.se", "någon med ett långt namn"] {
            let mut f = minimal();
            f.insert("client_gender", risky);
            let msg = f.into_record().unwrap_err().to_string();
            assert!(!msg.contains(risky), "{msg}");
        }
    }

    #[test]
    fn identifier_fields_refuse_and_drop_field_lets_through() {
        for name in [
            "namn",
            "name",
            "personnummer",
            "pnr",
            "adress",
            "address",
            "telefon",
            "phone",
            "e-post",
            "epost",
            "email",
            "mail",
            "client_name",
            "clientName",
            "Förnamn",
        ] {
            assert!(is_identifier_field(name), "{name}");
        }
        for name in [
            "unit",
            "diarienummer",
            "document_type",
            "enhet",
            "handlaggare_id",
        ] {
            assert!(!is_identifier_field(name), "{name}");
        }
        let mut f = minimal();
        f.insert("personnummer", "x");
        let e = f.clone().into_record().unwrap_err();
        assert_eq!(e.kind, FieldErrorKind::IdentifierField);
        assert_eq!(e.field, "personnummer");
        f.remap(&[], &["personnummer".to_string()]);
        assert!(f.into_record().is_ok());
    }

    #[test]
    fn remap_renames_columns() {
        let mut f = fields(&[
            ("dokid", "7"),
            ("enhet", "Söder"),
            ("kon", "man"),
            ("anteckning", "Text."),
        ]);
        let map = [
            ("id".to_string(), "dokid".to_string()),
            ("unit".to_string(), "enhet".to_string()),
            ("client_gender".to_string(), "kon".to_string()),
            ("text".to_string(), "anteckning".to_string()),
        ];
        f.remap(&map, &[]);
        let r = f.into_record().unwrap();
        assert_eq!((r.id.as_str(), r.client_gender), ("7", Gender::Man));
    }
}
