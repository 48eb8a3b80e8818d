//! Generated files are current: docs/rules/** (one page per shipped rule) and
//! docs/rule-schema.json. Run with JAMKOLL_UPDATE_DOCS=1 to rewrite them.

use std::path::{Path, PathBuf};

use jamkoll_rules::{RulePack, rule_pages, rule_schema_json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn update() -> bool {
    std::env::var_os("JAMKOLL_UPDATE_DOCS").is_some_and(|v| v == "1")
}

#[test]
fn rule_schema_is_current() {
    let path = root().join("docs/rule-schema.json");
    let want = rule_schema_json();
    if update() {
        std::fs::write(&path, &want).expect("write docs/rule-schema.json");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rule-schema.json is stale: run JAMKOLL_UPDATE_DOCS=1 cargo test -p jamkoll_rules --test docs"
    );
}

#[test]
fn rule_pages_are_current() {
    let pack = RulePack::embedded().unwrap_or_else(|e| panic!("{e}"));
    let dir = root().join("docs/rules");
    let pages = rule_pages(&pack);
    if update() {
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, content) in &pages {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("a page has a folder"))
                .expect("create docs/rules");
            std::fs::write(&path, content).expect("write a rule page");
        }
    }
    let mut stale = Vec::new();
    for (rel, content) in &pages {
        if std::fs::read_to_string(dir.join(rel)).ok().as_deref() != Some(content.as_str()) {
            stale.push(rel.clone());
        }
    }
    // Pages of rules that no longer exist.
    let mut existing = Vec::new();
    collect(&dir, &dir, &mut existing);
    for rel in existing {
        if !pages.iter().any(|(p, _)| *p == rel) {
            stale.push(format!("{rel} (no such rule)"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule pages: {stale:?}; run JAMKOLL_UPDATE_DOCS=1 cargo test -p jamkoll_rules --test docs"
    );
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
