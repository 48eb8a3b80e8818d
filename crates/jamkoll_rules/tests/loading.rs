//! Strict loading: every error kind names file, line and key (one snapshot per kind).

use std::path::{Path, PathBuf};

use jamkoll_rules::{Config, ErrorKind, RulePack};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

/// Loads a bad pack and returns its error text with the absolute prefix removed.
fn load_error(case: &str) -> (Vec<ErrorKind>, String) {
    let dir = data(&format!("bad/{case}"));
    let err = RulePack::load_without_shipped(std::slice::from_ref(&dir), &Config::default())
        .expect_err("the pack must be refused");
    let prefix = format!("{}/", data("").display().to_string().trim_end_matches('/'));
    (
        err.problems.iter().map(|p| p.kind).collect(),
        err.to_string().replace(&prefix, ""),
    )
}

macro_rules! error_case {
    ($name:ident, $case:literal, $kind:expr) => {
        #[test]
        fn $name() {
            let (kinds, text) = load_error($case);
            assert!(kinds.contains(&$kind), "{kinds:?}: {text}");
            insta::assert_snapshot!(text);
        }
    };
}

error_case!(
    unknown_key_names_file_line_and_key,
    "unknown-key",
    ErrorKind::UnknownKey
);
error_case!(bad_regex_is_located, "bad-regex", ErrorKind::BadRegex);
error_case!(bad_pattern_is_located, "bad-pattern", ErrorKind::BadPattern);
error_case!(
    unknown_lemma_is_located,
    "unknown-lemma",
    ErrorKind::UnknownLemma
);
error_case!(
    unknown_list_is_located,
    "unknown-list",
    ErrorKind::UnknownList
);
error_case!(
    duplicate_id_names_both_files,
    "duplicate-id",
    ErrorKind::DuplicateId
);
error_case!(
    id_must_equal_file_stem,
    "id-mismatch",
    ErrorKind::IdMismatch
);
error_case!(
    category_must_equal_folder,
    "category-mismatch",
    ErrorKind::CategoryMismatch
);
error_case!(
    bad_value_names_the_choices,
    "bad-value",
    ErrorKind::BadValue
);
error_case!(
    key_of_another_kind_is_refused,
    "kind-key",
    ErrorKind::UnknownKey
);
error_case!(missing_key_is_named, "missing-key", ErrorKind::MissingKey);

#[test]
fn config_unknown_key_is_refused() {
    let path = data("bad/config/unknown-key.toml");
    let err = Config::load(&path).expect_err("unknown key");
    let prefix = format!("{}/", data("").display().to_string().trim_end_matches('/'));
    let text = err.to_string().replace(&prefix, "");
    insta::assert_snapshot!(text);
}

#[test]
fn config_disabling_an_unknown_rule_is_refused() {
    let cfg = Config::load(&data("bad/config/unknown-rule.toml")).expect("config parses");
    let err = RulePack::load_without_shipped(&[data("pack")], &cfg).expect_err("unknown id");
    assert_eq!(err.problems[0].kind, ErrorKind::UnknownRule);
    assert_eq!(err.problems[0].line, 1);
}

#[test]
fn disable_and_override() {
    let text = "disable = [\"aggressiv\"]\n";
    let cfg = Config::parse("jamkoll.toml", text, Path::new(".")).expect("parses");
    let pack = RulePack::load_without_shipped(&[data("pack")], &cfg).expect("loads");
    assert!(pack.rule("aggressiv").is_none());
    assert!(pack.rule("tvivel").is_some());
    let full = RulePack::load_without_shipped(&[data("pack")], &Config::default()).expect("loads");
    assert_ne!(
        pack.hash(),
        full.hash(),
        "disabling a rule changes the hash"
    );
    let again = RulePack::load_without_shipped(&[data("pack")], &Config::default()).expect("loads");
    assert_eq!(full.hash(), again.hash(), "the hash is stable");
}

#[test]
fn shipped_pack_loads() {
    let pack = RulePack::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pack.hash().len(), 16);
}

#[test]
fn a_rule_file_named_by_an_identifier_is_shown_masked() {
    // Rule files named by a personnummer: two with that id (the message names the other file)
    // and one whose id differs from it. The locations and the paths in the messages show the
    // placeholder, never the number.
    let tmp = tempfile::tempdir().unwrap();
    let rule = |category: &str, id: &str| {
        format!(
            "id = \"{id}\"\ncategory = \"{category}\"\nmessage = \"m\"\n\n[doc]\nwhat = \"w\"\n\
             why = \"y\"\nquestion = \"q\"\n\n[match]\nkind = \"lexical\"\npatterns = [\"arg\"]\n"
        )
    };
    for (category, id) in [
        ("kanslor", "850312-1231"),
        ("ansvar", "850312-1231"),
        ("utseende", "arg"),
    ] {
        let folder = tmp.path().join("a").join(category);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("850312-1231.toml"), rule(category, id)).unwrap();
    }
    let err = RulePack::load_without_shipped(&[tmp.path().join("a")], &Config::default())
        .expect_err("a duplicate id and an id that differs from its file");
    let text = err.to_string();
    assert!(!text.contains("850312"), "{text}");
    assert!(text.contains("kanslor/[PERSONNUMMER].toml:1:"), "{text}");
    assert!(
        text.contains("ansvar/[PERSONNUMMER].toml has it too"),
        "{text}"
    );
    assert!(text.contains("utseende/[PERSONNUMMER].toml:1:6:"), "{text}");
    // The library keeps the real path for callers that open the file.
    assert!(
        err.problems
            .iter()
            .all(|p| p.file.ends_with("850312-1231.toml"))
    );
}
