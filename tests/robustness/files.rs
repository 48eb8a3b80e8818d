//! Bad files and folders: missing, unreadable, link loops, dangling links, broken front-matter.

use crate::{good_lines, ingest, jamkoll, write};

#[test]
fn a_missing_file_is_refused_and_the_next_input_read() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    ingest(tmp.path(), &["nope.jsonl", "good.jsonl"])
        .assert_exit(2)
        .stderr_has(&["nope.jsonl: cannot read input: No such file or directory"])
        .stdout_has(&["indexed 2", "1 input(s) refused whole"]);
}

#[cfg(unix)]
#[test]
fn a_folder_with_unreadable_files_and_a_symlink_loop() {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    write(&dir, "a/good.jsonl", good_lines().join("\n"));
    let locked = write(&dir, "a/locked.jsonl", crate::record("l1", "man", "Text."));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // A loop of folder links, a loop of file links, and a link to nothing.
    symlink(&dir, dir.join("a/loop")).unwrap();
    symlink(dir.join("x.jsonl"), dir.join("y.jsonl")).unwrap();
    symlink(dir.join("y.jsonl"), dir.join("x.jsonl")).unwrap();
    symlink(dir.join("gone.jsonl"), dir.join("dangling.jsonl")).unwrap();
    // root reads a 0000 file anyway; then the unreadable file is simply read.
    let root = std::fs::read(&locked).is_ok();
    let run = jamkoll(tmp.path(), &["ingest", "--index", "ix", "in"]);
    run.assert_exit(2).stderr_has(&[
        "in/a/loop: symbolic link to a folder not followed",
        "in/x.jsonl: cannot read input:",
        "in/y.jsonl: cannot read input:",
        "in/dangling.jsonl: cannot read input: No such file or directory",
    ]);
    if root {
        run.stdout_has(&["indexed 3"]);
    } else {
        run.stderr_has(&["in/a/locked.jsonl: cannot read input: Permission denied"])
            .stdout_has(&["indexed 2"]);
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn a_text_file_with_broken_front_matter_is_refused_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "in/a.txt",
        "---\nid: t1\nunit: Norr\nclient_gender kvinna\n---\nHon söker arbete.\n",
    );
    write(
        tmp.path(),
        "in/b.txt",
        "---\nid: t2\nunit: Norr\nclient_gender: kvinna\nHon söker arbete.\n",
    );
    write(
        tmp.path(),
        "in/c.txt",
        "---\nunit: Norr\nclient_gender: man\n---\nHan söker arbete.\n",
    );
    let run = jamkoll(tmp.path(), &["ingest", "--index", "ix", "in"]);
    run.assert_exit(2)
        .stderr_has(&["in/a.txt:4: malformed record: front-matter line is not `key: value`"])
        .stderr_has(&["in/b.txt:"])
        .stdout_has(&["indexed 1"]);
}

#[test]
fn a_folder_given_as_the_only_input_with_no_readable_files() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/notes.docx", "binary");
    let run = jamkoll(tmp.path(), &["ingest", "--index", "ix", "in"]);
    run.assert_no_panic()
        .stderr_has(&["1 file(s) skipped: not .jsonl, .ndjson, .json, .csv, .tsv or .txt"]);
}

#[test]
fn binary_garbage_with_a_known_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write(tmp.path(), "a.jsonl", &garbage);
    write(tmp.path(), "b.csv", &garbage);
    write(tmp.path(), "c.txt", &garbage);
    let run = ingest(tmp.path(), &["a.jsonl", "b.csv", "c.txt"]);
    run.assert_exit(2).stdout_has(&["indexed 0"]);
}
