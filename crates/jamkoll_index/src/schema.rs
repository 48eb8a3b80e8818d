//! The tantivy schema and the jamkoll meta file that records its version.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption,
    NumericOptions, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer::ANALYZER_NAME;
use crate::error::Error;

/// The schema version this build writes and reads. Bump it whenever a field, a field's options
/// or the analyzer changes, so an old index is refused with advice to re-ingest instead of
/// giving wrong answers.
pub const SCHEMA_VERSION: u32 = 1;

/// The name of the meta file jamkoll keeps beside tantivy's files.
pub const META_FILE: &str = "jamkoll.json";

/// What jamkoll records about an index, in `jamkoll.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// See [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The analyzer of the text field.
    pub analyzer: String,
    /// The jamkoll version that created the index.
    pub created_by: String,
}

impl Meta {
    /// The meta of an index this build creates.
    pub fn current() -> Meta {
        Meta {
            schema_version: SCHEMA_VERSION,
            analyzer: ANALYZER_NAME.to_string(),
            created_by: format!("jamkoll {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Reads `jamkoll.json` from an index folder.
    pub fn read(dir: &Path) -> Result<Option<Meta>, Error> {
        let path = dir.join(META_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes)
                    .map(Some)
                    .map_err(|e| Error::IncompatibleIndex {
                        dir: dir.to_path_buf(),
                        detail: format!("{META_FILE} cannot be read ({e})"),
                    })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Writes `jamkoll.json` into an index folder.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(META_FILE);
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::io(&path, e.into()))?;
        std::fs::write(&path, json).map_err(|e| Error::io(&path, e))
    }

    /// Refuses an index written with another schema.
    pub fn check(&self, dir: &Path) -> Result<(), Error> {
        if self.schema_version == SCHEMA_VERSION && self.analyzer == ANALYZER_NAME {
            return Ok(());
        }
        Err(Error::IncompatibleIndex {
            dir: dir.to_path_buf(),
            detail: format!(
                "it has schema version {} ({}), this jamkoll reads version {SCHEMA_VERSION} ({ANALYZER_NAME})",
                self.schema_version, self.analyzer
            ),
        })
    }
}

/// Handles of the index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Record id: exact match, fast, stored.
    pub id: Field,
    /// Unit: exact match, fast, stored.
    pub unit: Field,
    /// Client gender wire name: exact match, fast, stored.
    pub gender: Field,
    /// Case id: exact match, fast, stored.
    pub case_id: Field,
    /// Area wire name: exact match, fast, stored.
    pub area: Field,
    /// Document type: exact match, fast, stored.
    pub document_type: Field,
    /// Decision wire name: exact match, fast, stored.
    pub decision: Field,
    /// Date (day precision): indexed for ranges, fast, stored.
    pub date: Field,
    /// Amount in kronor: indexed for ranges, fast, stored.
    pub amount: Field,
    /// Word count of the text: fast, stored.
    pub words: Field,
    /// Findings as compact JSON: fast, so reviews read them without touching the text.
    pub findings: Field,
    /// The text: analysed with the Swedish analyzer, positions kept for phrases, stored.
    pub text: Field,
}

/// Builds the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let keyword = STRING | FAST | STORED;
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", keyword.clone()),
        unit: b.add_text_field("unit", keyword.clone()),
        gender: b.add_text_field("gender", keyword.clone()),
        case_id: b.add_text_field("case_id", keyword.clone()),
        area: b.add_text_field("area", keyword.clone()),
        document_type: b.add_text_field("document_type", keyword.clone()),
        decision: b.add_text_field("decision", keyword),
        date: b.add_date_field(
            "date",
            DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
        ),
        amount: b.add_f64_field("amount", NumericOptions::from(INDEXED | STORED | FAST)),
        words: b.add_u64_field("words", NumericOptions::from(STORED | FAST)),
        findings: b.add_bytes_field("findings", BytesOptions::default().set_fast()),
        text: b.add_text_field("text", text),
    };
    (b.build(), fields)
}

/// The field handles of a schema built by [`build`].
pub fn fields_of(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        unit: f("unit")?,
        gender: f("gender")?,
        case_id: f("case_id")?,
        area: f("area")?,
        document_type: f("document_type")?,
        decision: f("decision")?,
        date: f("date")?,
        amount: f("amount")?,
        words: f("words")?,
        findings: f("findings")?,
        text: f("text")?,
    })
}
