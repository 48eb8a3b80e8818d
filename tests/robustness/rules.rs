//! Bad rule files: unknown key, bad regex, a regex that would be slow elsewhere, a regex too
//! big to compile, an example that does not match, a file that is not TOML.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::{jamkoll, write};

/// A rule `kanslor/arg.toml` whose `[match]` table is `match_body`, with examples.
fn rule(dir: &Path, match_body: &str, flag: &str) {
    write(
        dir,
        "pack/kanslor/arg.toml",
        format!(
            "id = \"arg\"\ncategory = \"kanslor\"\nmessage = \"m\"\n\n[doc]\nwhat = \"w\"\nwhy = \"y\"\nquestion = \"q\"\n\n[match]\n{match_body}\n\n[[flag]]\ntext = \"{flag}\"\ngender = \"man\"\nsubject = \"man\"\n"
        ),
    );
}

#[test]
fn rule_with_an_unknown_key_names_file_line_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    rule(
        tmp.path(),
        "kind = \"lexical\"\npatterns = [\"arg\"]\nwindw = 3",
        "Han var arg.",
    );
    jamkoll(tmp.path(), &["rules", "list", "--only-rules", "pack"])
        .assert_exit(2)
        .stderr_has(&[
            "cannot load the rules",
            "pack/kanslor/arg.toml:13:1: unknown key `match.windw`; expected one of",
        ]);
}

#[test]
fn rule_with_a_bad_regex_names_file_line_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    rule(
        tmp.path(),
        "kind = \"lexical\"\nregex = [\"arg(a|t\"]",
        "Han var arg.",
    );
    jamkoll(tmp.path(), &["check", "--only-rules", "pack", "-"])
        .assert_exit(2)
        .stderr_has(&[
            "pack/kanslor/arg.toml:12:",
            "key `match.regex[0]`: bad regex",
        ]);
}

#[test]
fn a_regex_that_backtracks_elsewhere_runs_in_linear_time() {
    // `(a|aa)+$` and `(a+)+b` take exponential time in a backtracking engine. The regex crate
    // is a finite automaton with linear-time matching, so they cost what any regex costs.
    let tmp = tempfile::tempdir().unwrap();
    rule(
        tmp.path(),
        "kind = \"lexical\"\nregex = [\"(a|aa)+$\", \"(a+)+b\"]",
        "Han sa aab.",
    );
    let text = format!("Han sa {}c.\n", "a".repeat(50_000));
    write(tmp.path(), "in.txt", text);
    let started = Instant::now();
    jamkoll(tmp.path(), &["check", "--only-rules", "pack", "in.txt"]).assert_no_panic();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_regex_too_big_to_compile_is_a_located_error() {
    let tmp = tempfile::tempdir().unwrap();
    rule(
        tmp.path(),
        "kind = \"lexical\"\nregex = [\"\\\\w{1000}{1000}\"]",
        "Han var arg.",
    );
    jamkoll(tmp.path(), &["rules", "list", "--only-rules", "pack"])
        .assert_exit(2)
        .stderr_has(&["pack/kanslor/arg.toml:12:", "bad regex", "size limit"]);
}

#[test]
fn an_example_that_does_not_match_names_file_line_and_example() {
    let tmp = tempfile::tempdir().unwrap();
    rule(
        tmp.path(),
        "kind = \"lexical\"\npatterns = [\"arg\"]",
        "Han var ledsen.",
    );
    jamkoll(tmp.path(), &["rules", "test", "--only-rules", "pack"])
        .assert_exit(1)
        .stdout_has(&[
            "pack/kanslor/arg.toml:15: arg [flag]: not flagged, expected a finding (man, asserted)",
        ]);
}

#[test]
fn a_rule_file_that_is_not_toml() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "pack/kanslor/arg.toml",
        "id = \"arg\nthis is not toml ][",
    );
    write(
        tmp.path(),
        "bin/kanslor/arg.toml",
        [0xffu8, 0xfe, 0x00, 0x41],
    );
    jamkoll(tmp.path(), &["rules", "list", "--only-rules", "pack"])
        .assert_exit(2)
        .stderr_has(&["pack/kanslor/arg.toml:2:"]);
    jamkoll(tmp.path(), &["rules", "list", "--only-rules", "bin"])
        .assert_exit(2)
        .stderr_has(&["bin/kanslor/arg.toml: cannot read: stream did not contain valid UTF-8"]);
}

#[test]
fn a_rules_folder_that_does_not_exist() {
    let tmp = tempfile::tempdir().unwrap();
    jamkoll(tmp.path(), &["rules", "list", "--only-rules", "nope"])
        .assert_exit(2)
        .stderr_has(&["nope"]);
}

#[test]
fn a_rule_file_named_by_a_personnummer_is_located_by_its_placeholder() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "rr/kanslor/850312-1231.toml",
        "id = \"arg\"\ncategory = \"kanslor\"\nmessage = \"m\"\n\n[doc]\nwhat = \"w\"\nwhy = \"y\"\nquestion = \"q\"\n\n[match]\nkind = \"lexical\"\npatterns = [\"arg\"]\n",
    );
    let run = jamkoll(tmp.path(), &["rules", "list", "--only-rules", "rr"]);
    run.assert_exit(2).stderr_has(&[
        "rr/kanslor/[PERSONNUMMER].toml:1:6: key `id`: `arg` differs from the file name `[PERSONNUMMER].toml`",
    ]);
    assert!(!run.stderr.contains("850312"), "{run:#?}");
}
