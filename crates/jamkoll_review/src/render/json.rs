//! The JSON format: the report as it is, pretty-printed, with a final newline.

use crate::Report;

/// The report as stable JSON (schema version 1; see `docs/review-schema.json`).
pub fn json(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(report).unwrap_or_default();
    out.push('\n');
    out
}
