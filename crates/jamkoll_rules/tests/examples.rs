//! Every example of every rule runs: the engine's test pack and the shipped pack.

use std::path::Path;

use jamkoll_rules::{Config, RulePack, test_rule};

fn run_all(pack: &RulePack, swap: bool) -> Vec<String> {
    pack.rules()
        .iter()
        .flat_map(|r| test_rule(pack, r, swap))
        .map(|f| {
            format!(
                "{}:{}: {}{}: {}\n    {}",
                f.path,
                f.line,
                f.rule,
                if f.swapped { " [swap]" } else { "" },
                f.message,
                f.text
            )
        })
        .collect()
}

#[test]
fn test_pack_examples_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pack");
    let pack = RulePack::load_without_shipped(&[dir], &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let failures = run_all(&pack, false);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn test_pack_examples_pass_swapped() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pack");
    let pack = RulePack::load_without_shipped(&[dir], &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let failures = run_all(&pack, true);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every example in the shipped pack (rules/): a failure names file, line and example.
#[test]
fn shipped_pack_examples_pass() {
    let pack = RulePack::embedded().unwrap_or_else(|e| panic!("{e}"));
    let failures = run_all(&pack, false);
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
