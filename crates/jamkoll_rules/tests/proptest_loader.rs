//! Property tests of the rule loader (proptest): whatever a rule file holds (arbitrary bytes, a
//! valid rule cut or spliced at random, generated patterns and regexes), loading returns a
//! pack or located errors and never panics; a pack that loads runs over text without
//! panicking. Also `jamkoll.toml` on arbitrary text.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::path::{Path, PathBuf};

use jamkoll_rules::{Config, Doc, Engine, RulePack};
use proptest::prelude::*;

/// A valid rule, the base of the mutations.
const VALID: &str = r#"id = "arg"
category = "kanslor"
message = "Personen beskrivs som arg."

[doc]
what = "w"
why = "y"
question = "q"

[match]
kind = "lexical"
patterns = ["arg", "=upplevs =som hotfull|aggressiv"]
unless = ["=sms"]
window = 2
subject = "auto"

[[flag]]
text = "Han var arg på personalen."
gender = "man"
subject = "man"
"#;

/// Texts every loaded pack is run over.
const TEXTS: &[&str] = &[
    "Han var arg på personalen. Hon upplevs som hotfull och aggressiv!",
    "",
    "[NAMN] sa: ”Jag är inte arg” … t.ex. 4 kap. 1 § SoL.",
    "Mamman ska se till att barnen går till skolan. Pappan blev slagen.",
];

fn load(dir: &Path, content: &[u8]) -> Result<RulePack, String> {
    let path = dir.join("kanslor/arg.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    RulePack::load_without_shipped(&[PathBuf::from(dir)], &Config::default())
        .map_err(|e| e.to_string())
}

fn run_pack(pack: &RulePack) {
    let engine = Engine::new(pack);
    for text in TEXTS {
        let _ = engine.check(&Doc::new(text));
    }
}

/// One pattern element of the rule language, valid or nearly so.
fn element() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "arg",
            "=arg",
            "*mamma",
            "påstå",
            "_",
            "..3",
            "..0",
            "..99",
            "@person",
            "$känslor",
            "$nope",
            "/ar.*/",
            "/[/",
            "/(a|aa)+$/",
            "=",
            "*",
            "|",
            "..",
            "..x",
            "@",
            "$",
            "//",
            "arg|ledsen",
            "=hon|=han",
            "göra gällande",
            "\"",
            "\\",
        ])
        .prop_map(str::to_string),
        "[a-zåäö=*|_.@$/]{0,8}",
        "\\PC{0,6}",
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(element(), 0..5).prop_map(|e| e.join(" "))
}

/// A TOML string literal holding `s` (escaped so the file stays TOML).
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        if let Ok(pack) = load(dir.path(), &bytes) {
            run_pack(&pack);
        }
    }

    #[test]
    fn a_valid_rule_cut_or_spliced_never_panics(
        cut in 0usize..VALID.len(),
        len in 0usize..40,
        insert in "\\PC{0,12}|[\\[\\]=\"\\n#{}]{0,6}",
    ) {
        let mut text = VALID.to_string();
        let mut start = cut;
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        text.replace_range(start..end, &insert);
        let dir = tempfile::tempdir().unwrap();
        match load(dir.path(), text.as_bytes()) {
            Ok(pack) => run_pack(&pack),
            Err(message) => prop_assert!(message.contains("arg.toml"), "error names no file: {}", message),
        }
    }

    #[test]
    fn generated_patterns_and_regexes_never_panic(
        patterns in prop::collection::vec(pattern(), 0..4),
        regex in prop::collection::vec("\\PC{0,12}|[()|+*?\\[\\]{}.^$\\\\a-z0-9,]{0,16}", 0..3),
        kind in prop::sample::select(vec!["lexical", "agentless", "duty", "absence"]),
        window in prop::option::of(-2i64..40),
    ) {
        let list = |v: &[String]| v.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", ");
        let mut text = VALID
            .replace(
                "patterns = [\"arg\", \"=upplevs =som hotfull|aggressiv\"]",
                &format!("patterns = [{}]\nregex = [{}]", list(&patterns), list(&regex)),
            )
            .replace("kind = \"lexical\"", &format!("kind = {}", toml_str(kind)));
        text = match window {
            Some(w) => text.replace("window = 2", &format!("window = {w}")),
            None => text.replace("window = 2\n", ""),
        };
        let dir = tempfile::tempdir().unwrap();
        match load(dir.path(), text.as_bytes()) {
            Ok(pack) => run_pack(&pack),
            Err(message) => prop_assert!(message.contains("arg.toml"), "error names no file: {}", message),
        }
    }

    #[test]
    fn config_parse_never_panics(text in "\\PC{0,200}|(disable|extend-rules|preview|\\[|\\]|=|\"|,|\\n| |true|[a-z-]{1,6}){0,30}") {
        let _ = Config::parse("jamkoll.toml", &text, Path::new("."));
    }
}
