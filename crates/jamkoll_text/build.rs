//! Decompresses the lexicon at build time, so that no process pays for it at startup.
//!
//! The repository keeps only `data/sv_lexicon.txt.gz` (2.3 MB, written by `cargo xtask
//! lexicon`). Gunzipping its 12 MB at run time cost every `jamkoll` command ~280M instructions
//! before it could compile a rule; this script writes the text to `OUT_DIR/sv_lexicon.txt` once,
//! and `src/lexicon.rs` embeds it with `include_str!` (the trade-off, measured, is in
//! docs/lexicon.md).

use std::io::Read;
use std::path::{Path, PathBuf};

/// The generated lexicon, relative to this crate.
const SOURCE: &str = "data/sv_lexicon.txt.gz";
/// The file `src/lexicon.rs` includes, relative to `OUT_DIR`.
const TARGET: &str = "sv_lexicon.txt";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(message) = decompress(&manifest.join(SOURCE), &out.join(TARGET)) {
        // The input is in the repository, so a failure is a broken checkout or a bad
        // regeneration, not a user's mistake: say which file and how to remake it.
        panic!("{message}");
    }
}

/// Gunzips `source` into `target`, checking that the text is UTF-8 (`include_str!` needs it).
fn decompress(source: &Path, target: &Path) -> Result<(), String> {
    let gz = std::fs::read(source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let mut text = String::with_capacity(gz.len() * 6);
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_string(&mut text)
        .map_err(|e| {
            format!(
                "{} is not gzip-compressed UTF-8 text ({e}); regenerate it with `cargo xtask \
                 lexicon` (docs/lexicon.md) or restore it from git",
                source.display()
            )
        })?;
    std::fs::write(target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))
}
