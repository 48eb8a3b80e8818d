//! The committed JSON Schema of the report is current.
//!
//! Regenerate with `JAMKOLL_UPDATE_SCHEMA=1 cargo test -p jamkoll_review --test schema`.

use std::path::PathBuf;

#[test]
fn committed_schema_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/review-schema.json");
    let want = jamkoll_review::json_schema();
    if std::env::var_os("JAMKOLL_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &want).expect("write docs/review-schema.json");
        return;
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/review-schema.json is stale; regenerate it with \
         JAMKOLL_UPDATE_SCHEMA=1 cargo test -p jamkoll_review --test schema"
    );
}
