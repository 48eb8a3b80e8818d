//! A full disk during ingest. Two ways, whichever the machine allows:
//! - a real 1 MiB tmpfs (needs the right to mount: root in a container, CI often not), where
//!   writes fail with ENOSPC;
//! - always: a file-size limit (`ulimit -f`, with SIGXFSZ ignored), where a write past the limit
//!   fails with EFBIG. Both reach jamkoll as an I/O error from tantivy's writer.
//!
//! Either way jamkoll must stop with a message naming the cause and the index, print no
//! "indexed" summary (that would claim a complete run), and leave an index that a later run
//! with room completes: every record present exactly once.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::{Run, jamkoll, record, write};

/// About 6 MiB of records of random words (so compression cannot shrink the segment files
/// under the limit).
fn corpus(dir: &Path) -> u64 {
    let mut lines = Vec::new();
    let mut n = 0;
    let mut size = 0;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut word = move || {
        let mut w = String::new();
        for _ in 0..7 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            w.push(char::from(b'a' + (state % 26) as u8));
        }
        w
    };
    while size < 6 * 1024 * 1024 {
        n += 1;
        let words: Vec<String> = (0..120).map(|_| word()).collect();
        let text = format!("Hon söker arbete. {}.", words.join(" "));
        let line = record(
            &format!("r{n}"),
            if n % 2 == 0 { "man" } else { "kvinna" },
            &text,
        );
        size += line.len() + 1;
        lines.push(line);
    }
    write(dir, "big.jsonl", lines.join("\n"));
    n
}

fn run_limited(dir: &Path, blocks: u64, args: &[&str]) -> Run {
    let script = format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\"");
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_jamkoll"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// What a run that ran out of room must look like, and that a run with room completes.
fn check_failed_then_recovers(dir: &Path, index: &str, failed: &Run, records: u64, cause: &str) {
    failed
        .assert_exit(2)
        .stderr_has(&["jamkoll: error:", cause]);
    assert!(
        !failed.stdout.contains("indexed"),
        "a run that failed must not print a summary that claims success: {failed:#?}"
    );
    let again = jamkoll(dir, &["ingest", "--quiet", "--index", index, "big.jsonl"]);
    again.assert_exit(0).stdout_has(&[&format!(
        "indexed {records}, refused 0; the index holds {records} documents"
    )]);
}

#[cfg(unix)]
#[test]
fn full_disk_by_a_file_size_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let records = corpus(tmp.path());
    // 2048 blocks of 512 bytes (dash) or 1024 bytes (bash): 1-2 MiB per file.
    let failed = run_limited(
        tmp.path(),
        2048,
        &["ingest", "--quiet", "--index", "ix", "big.jsonl"],
    );
    check_failed_then_recovers(tmp.path(), "ix", &failed, records, "the disk may be full");
}

#[cfg(target_os = "linux")]
#[test]
fn full_disk_on_a_small_tmpfs_when_mounting_is_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let records = corpus(tmp.path());
    let mnt = tmp.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("no right to mount a tmpfs here; the file-size-limit test covers a full disk");
        return;
    }
    let failed = jamkoll(
        tmp.path(),
        &["ingest", "--quiet", "--index", "small/ix", "big.jsonl"],
    );
    // Make room: a bigger tmpfs over the same folder keeps nothing, so remount in place.
    let remounted = Command::new("mount")
        .args(["-o", "remount,size=64m"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    let result = std::panic::catch_unwind(|| {
        assert!(remounted, "remount with room");
        check_failed_then_recovers(
            tmp.path(),
            "small/ix",
            &failed,
            records,
            "the disk may be full",
        );
    });
    let _ = Command::new("umount").arg(&mnt).status();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
