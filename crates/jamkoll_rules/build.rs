//! Embeds the shipped rule pack (`rules/` at the workspace root) into the library, so jamkoll
//! works with no rules folder at hand. Every `rules/<category>/<id>.toml` and every
//! `rules/lists/<name>.txt` becomes one `(relative path, include_str!)` entry, sorted by path.
//! Cargo re-runs this script when anything under `rules/` changes (a directory given to
//! `rerun-if-changed` is scanned recursively), so added and removed files are picked up.
//!
//! It also fingerprints the engine: the source and data of this crate, `jamkoll_text` (the
//! lexicon, tokenizer, sentence splitter) and `jamkoll_core`, as `JAMKOLL_ENGINE_FINGERPRINT`.
//! Rule and pack hashes include it, so findings stored by one build are recomputed by a build
//! whose engine may find other things, even when the version number is the same.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules = manifest.join("../../rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    fingerprint(&manifest);
    let mut files = Vec::new();
    collect(&rules, &rules, &mut files);
    files.sort();
    let mut out =
        String::from("/// The shipped rule pack: (path relative to `rules/`, content).\n");
    out.push_str("pub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        let _ = writeln!(out, "    ({rel:?}, include_str!({abs:?})),");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded_rules.rs");
    if let Err(err) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {err}", dest.display());
    }
}

/// Rule files (`*.toml`) and list files (`lists/*.txt`) below `dir`, as (relative, absolute).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let wanted = rel.ends_with(".toml") || (rel.starts_with("lists/") && rel.ends_with(".txt"));
        if wanted {
            let abs = path.canonicalize().unwrap_or(path.clone());
            files.push((rel, abs.to_string_lossy().into_owned()));
        }
    }
}

/// Emits `JAMKOLL_ENGINE_FINGERPRINT`: FNV-1a 64 over every file (relative path and content,
/// carriage returns dropped so a Windows checkout hashes the same) below the engine's source
/// and data folders, in path order.
fn fingerprint(manifest: &Path) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for dir in [
        "src",
        "data",
        "../jamkoll_text/src",
        "../jamkoll_text/data",
        "../jamkoll_core/src",
    ] {
        let root = manifest.join(dir);
        println!("cargo:rerun-if-changed={}", root.display());
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.sort();
        for path in files {
            let rel = path.strip_prefix(manifest).unwrap_or(&path);
            let bytes = std::fs::read(&path).unwrap_or_default();
            let name = rel.to_string_lossy().replace('\\', "/");
            for b in name
                .bytes()
                .chain([0xff])
                .chain(bytes.into_iter().filter(|b| *b != b'\r'))
            {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    println!("cargo:rustc-env=JAMKOLL_ENGINE_FINGERPRINT={h:016x}");
}

/// Every file below `dir`.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}
