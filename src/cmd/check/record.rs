//! One record of the input, borrowed from the batch's bytes where it can be, and the
//! parsers that make it: JSON Lines (a typed fast path, with the `serde_json::Value` parser
//! kept for every line the fast path does not take, so each error message stays as it was)
//! and the fields of the ingest readers (CSV, text files with front-matter).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use jamkoll_core::{Area, Gender};
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// One document to check.
pub(super) struct Record<'a> {
    /// The file it came from, when it differs from the input named (a file in a folder).
    pub file: Option<Arc<str>>,
    /// Record id (JSON Lines, CSV) or none (plain text).
    pub id: Option<Cow<'a, str>>,
    /// The case the record belongs to (`case_id`), if given.
    pub case: Option<Cow<'a, str>>,
    /// Line in the input file where the document starts.
    pub line: usize,
    pub text: Cow<'a, str>,
    pub gender: Gender,
    pub area: Option<Cow<'a, Area>>,
}

/// The defaults for what a record does not say (`--gender`, `--area`).
#[derive(Clone, Copy)]
pub(super) struct Defaults<'a> {
    pub gender: Gender,
    pub area: Option<&'a Area>,
}

/// Parses one JSON Lines record; the error says which field is wrong, never the text.
///
/// The common line (an object whose fields are strings, integers or null) takes the typed
/// path, which borrows the text instead of building a `serde_json::Value` tree; any other
/// line goes through [`parse_value`], the parser `check` has always used, so what it accepts
/// and every message it gives are unchanged.
pub(super) fn parse_line<'a>(
    line: &'a str,
    line_no: usize,
    defaults: Defaults<'a>,
) -> Result<Record<'a>, String> {
    // A typed struct would also take a JSON array as its fields in order: objects only.
    if line.trim_start().starts_with('{')
        && let Ok(wire) = serde_json::from_str::<Wire<'a>>(line)
        && let Some(rec) = wire.record(line_no, defaults)
    {
        return Ok(rec);
    }
    parse_value(line, line_no, defaults)
}

/// The fields `check` reads from a JSON Lines record; the others are skipped unread.
#[derive(serde::Deserialize)]
struct Wire<'a> {
    #[serde(default, borrow)]
    id: Scalar<'a>,
    #[serde(default, borrow)]
    case_id: Scalar<'a>,
    #[serde(default, borrow)]
    text: Scalar<'a>,
    #[serde(default, borrow)]
    client_gender: Scalar<'a>,
    #[serde(default, borrow)]
    area: Scalar<'a>,
}

/// A JSON field's value on the fast path. Floats, objects and arrays are not taken: the
/// line goes to [`parse_value`].
#[derive(Default)]
enum Scalar<'a> {
    #[default]
    Absent,
    Null,
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i128),
}

impl Scalar<'_> {
    /// The field as `serde_json::Value::to_string` shows a value that is not a string.
    fn json_text(&self) -> Option<String> {
        match self {
            Scalar::Absent => None,
            Scalar::Null => Some("null".to_string()),
            Scalar::Str(_) => None,
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Int(n) => Some(n.to_string()),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<Scalar<'a>>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, an integer, a boolean or null")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar::Int(i128::from(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Int(i128::from(v)))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<'a> Wire<'a> {
    /// The record, or `None` when the line needs [`parse_value`] (a field of the wrong
    /// kind, an unknown gender: cases with a message to give).
    fn record(self, line: usize, defaults: Defaults<'a>) -> Option<Record<'a>> {
        let Scalar::Str(text) = self.text else {
            return None;
        };
        let gender = match self.client_gender {
            Scalar::Str(g) => g.parse::<Gender>().ok()?,
            Scalar::Null | Scalar::Absent => defaults.gender,
            Scalar::Bool(_) | Scalar::Int(_) => return None,
        };
        let area = match self.area {
            Scalar::Str(a) => Some(Cow::Owned(Area::new(&a))),
            _ => defaults.area.map(Cow::Borrowed),
        };
        let id = match self.id {
            Scalar::Str(s) => Some(s),
            other => other.json_text().map(Cow::Owned),
        };
        let case = match self.case_id {
            Scalar::Str(s) if s.trim().is_empty() => None,
            Scalar::Str(Cow::Borrowed(s)) => Some(Cow::Borrowed(s.trim())),
            Scalar::Str(Cow::Owned(s)) => Some(Cow::Owned(s.trim().to_string())),
            Scalar::Null | Scalar::Absent => None,
            other => other.json_text().map(Cow::Owned),
        };
        Some(Record {
            file: None,
            id,
            case,
            line,
            text,
            gender,
            area,
        })
    }
}

/// Parses one JSON Lines record through a `serde_json::Value`: the reference for what a
/// record is, and the source of every message about a bad one.
fn parse_value<'a>(
    line: &str,
    line_no: usize,
    defaults: Defaults<'a>,
) -> Result<Record<'a>, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object ({e})"))?;
    let obj = v.as_object().ok_or("not a JSON object")?;
    let id = obj.get("id").map(|x| match x {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let case = match obj.get("case_id") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(serde_json::Value::Null | serde_json::Value::String(_)) | None => None,
        Some(other) => Some(other.to_string()),
    };
    let text = obj
        .get("text")
        .and_then(|t| t.as_str())
        .ok_or("field `text` is missing or not a string")?
        .to_string();
    let gender = match obj.get("client_gender") {
        Some(serde_json::Value::String(g)) => crate::cmd::parse_gender("client_gender", g)?,
        Some(serde_json::Value::Null) | None => defaults.gender,
        Some(_) => return Err("field `client_gender` is not a string".to_string()),
    };
    let area = match obj.get("area").and_then(|a| a.as_str()) {
        Some(a) => Some(Cow::Owned(Area::new(a))),
        None => defaults.area.map(Cow::Borrowed),
    };
    Ok(Record {
        file: None,
        id: id.map(Cow::Owned),
        case: case.map(Cow::Owned),
        line: line_no,
        text: Cow::Owned(text),
        gender,
        area,
    })
}

/// A record from CSV or text-file fields; the error names the field, never the text.
pub(super) fn fields_record(
    f: &jamkoll_index::record::Fields,
    line: usize,
    defaults: Defaults<'_>,
) -> Result<Record<'static>, String> {
    let text = f
        .get("text")
        .filter(|t| !t.trim().is_empty())
        .ok_or("field `text` is missing or empty")?
        .to_string();
    let gender = match f
        .get("client_gender")
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        Some(g) => crate::cmd::parse_gender("client_gender", g)?,
        None => defaults.gender,
    };
    let area = f
        .get("area")
        .filter(|a| !a.trim().is_empty())
        .map(Area::new)
        .or_else(|| defaults.area.cloned());
    let case = f
        .get("case_id")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| Cow::Owned(c.to_string()));
    Ok(Record {
        file: None,
        id: f.id().map(|id| Cow::Owned(id.to_string())),
        case,
        line,
        text: Cow::Owned(text),
        gender,
        area: area.map(Cow::Owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path and the `Value` parser agree on every field of `line`.
    fn same(line: &str) {
        let area = Area::new("barn_unga");
        let d = Defaults {
            gender: Gender::Okant,
            area: Some(&area),
        };
        let fast = parse_line(line, 7, d);
        let slow = parse_value(line, 7, d);
        match (fast, slow) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.id, b.id, "{line}");
                assert_eq!(a.case, b.case, "{line}");
                assert_eq!(a.text, b.text, "{line}");
                assert_eq!(a.gender, b.gender, "{line}");
                assert_eq!(a.area, b.area, "{line}");
                assert_eq!(a.line, 7);
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{line}"),
            (a, b) => panic!("{line}: fast {:?}, value {:?}", a.err(), b.err()),
        }
    }

    #[test]
    fn fast_path_agrees_with_the_value_parser() {
        for line in [
            r#"{"id": "r1", "text": "Mamman är orolig.", "client_gender": "kvinna"}"#,
            r#"{"id": 17, "case_id": 4, "text": "a\nb \"c\" \u00e5", "area": "missbruk"}"#,
            r#"{"id": null, "case_id": null, "text": "t", "client_gender": null, "area": null}"#,
            r#"{"id": true, "case_id": "  ", "text": "t", "area": 5}"#,
            r#"{"id": -3, "case_id": " k 1 ", "text": "t", "unit": {"a": [1, 2.5]}}"#,
            r#"{"id": "x\u0041", "case_id": "c\u0041 ", "text": "t"}"#,
            r#"{"id": 1.5, "case_id": [1], "text": "t"}"#,
            r#"{"id": {"a": 1}, "case_id": false, "text": "t"}"#,
            r#"{"text": "t", "text": "u"}"#,
            r#"{"text": "t", "client_gender": "alien"}"#,
            r#"{"text": "t", "client_gender": 3}"#,
            r#"{"text": 3}"#,
            r#"{"id": "r"}"#,
            r#"{"text": "t"} trailing"#,
            r#"{"text": "t""#,
            r#"["r1", "x", "t"]"#,
            r#""text""#,
            "  {\"text\": \"t\"}\r\n",
        ] {
            same(line);
        }
    }

    #[test]
    fn fast_path_borrows_the_text() {
        let d = Defaults {
            gender: Gender::Man,
            area: None,
        };
        let rec = parse_line(r#"{"id": "r1", "text": "Han är arg."}"#, 1, d);
        assert!(matches!(
            rec.map(|r| r.text),
            Ok(Cow::Borrowed("Han är arg."))
        ));
    }
}
