//! The word lists are data: each must be sorted by code point, free of duplicates, and carry a
//! header that names its source.

use std::path::Path;

fn check(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("data file is readable");
    let header: Vec<_> = text.lines().take_while(|l| l.starts_with('#')).collect();
    assert!(
        header
            .iter()
            .any(|l| l.contains("Faker") || l.contains("hunspell")),
        "{name}: the header must name the source"
    );
    let entries: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert!(entries.len() > 100, "{name}: suspiciously short");
    for pair in entries.windows(2) {
        assert!(
            pair[0] < pair[1],
            "{name}: not sorted or duplicated at {:?} / {:?}",
            pair[0],
            pair[1]
        );
    }
    for e in &entries {
        assert_eq!(e.trim(), *e, "{name}: stray whitespace in {e:?}");
    }
}

#[test]
fn first_names_sorted_and_unique() {
    check("first_names.txt");
}

#[test]
fn last_names_sorted_and_unique() {
    check("last_names.txt");
}

#[test]
fn stop_names_sorted_unique_and_lower_case() {
    check("stop_names.txt");
    let text = include_str!("../data/stop_names.txt");
    for l in text.lines().filter(|l| !l.starts_with('#')) {
        assert_eq!(l.to_lowercase(), l, "stop names are lower case");
    }
}
