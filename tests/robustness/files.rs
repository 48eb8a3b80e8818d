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

/// Runs the binary in `dir` like [`jamkoll`], but kills it after `limit` and fails the test: a
/// regression here is a hang, which must not hang the suite.
#[cfg(unix)]
fn jamkoll_within(dir: &std::path::Path, args: &[&str], limit: std::time::Duration) -> crate::Run {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("jamkoll {args:?} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    crate::Run {
        code: status.code(),
        stdout,
        stderr,
    }
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_socket_in_a_folder_is_skipped_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tree");
    write(&dir, "good.jsonl", good_lines().join("\n"));
    // Nobody ever writes to this pipe: opening it would block for ever.
    mkfifo(&dir.join("fifo.jsonl"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("sock.csv")).unwrap();
    // A link to the pipe is judged by what it points to.
    std::os::unix::fs::symlink(dir.join("fifo.jsonl"), dir.join("link.jsonl")).unwrap();
    let limit = std::time::Duration::from_secs(60);
    let run = jamkoll_within(tmp.path(), &["ingest", "--index", "ix", "tree"], limit);
    run.assert_exit(0)
        .stderr_has(&[
            "tree/fifo.jsonl: skipped: a named pipe, not a regular file",
            "tree/link.jsonl: skipped: a named pipe, not a regular file",
            "tree/sock.csv: skipped: a socket, not a regular file",
        ])
        .stdout_has(&["indexed 2"]);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_named_on_the_command_line_is_read_like_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.jsonl");
    mkfifo(&fifo);
    let lines = good_lines().join("\n");
    // The writer's open waits for jamkoll to open the pipe for reading.
    let writer = std::thread::spawn(move || std::fs::write(&fifo, lines + "\n"));
    let limit = std::time::Duration::from_secs(60);
    let run = jamkoll_within(
        tmp.path(),
        &["ingest", "--index", "ix", "pipe.jsonl"],
        limit,
    );
    run.assert_exit(0).stdout_has(&["indexed 2"]);
    writer.join().unwrap().unwrap();
}

#[cfg(unix)]
#[test]
fn a_socket_or_device_named_on_the_command_line_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.jsonl", good_lines().join("\n"));
    let _socket = std::os::unix::net::UnixListener::bind(tmp.path().join("sock.jsonl")).unwrap();
    let limit = std::time::Duration::from_secs(60);
    let args = [
        "ingest",
        "--index",
        "ix",
        "sock.jsonl",
        "/dev/zero",
        "good.jsonl",
    ];
    jamkoll_within(tmp.path(), &args, limit)
        .assert_exit(2)
        .stderr_has(&[
            "sock.jsonl: cannot read input: it is a socket, not a file or a named pipe",
            "/dev/zero: cannot read input: it is a character device, not a file or a named pipe",
        ])
        .stdout_has(&["indexed 2", "2 input(s) refused whole"]);
}
