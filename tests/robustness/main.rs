//! The bad-input suite: every kind of broken input, file, rule, index and flag a quality team
//! might hand jamkoll, run through the real binary. Each case asserts a clear message that names
//! the input (file, line, record id, field), a documented exit code, no panic and no stack
//! trace, and no index that claims more than it holds. The table in docs/robustness.md lists
//! every case with its test name.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

mod disk;
mod files;
mod flags;
mod index;
mod input;
mod retention;
mod rules;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the run ended by itself (not killed by a signal) without a panic or a stack
    /// trace, with exit code `code`.
    #[track_caller]
    pub fn assert_exit(&self, code: i32) -> &Self {
        self.assert_no_panic();
        assert_eq!(self.code, Some(code), "exit code; {self:#?}");
        self
    }

    /// No panic, no backtrace, no signal death.
    #[track_caller]
    pub fn assert_no_panic(&self) -> &Self {
        assert!(self.code.is_some(), "killed by a signal: {self:#?}");
        assert_ne!(self.code, Some(101), "a panic's exit code: {self:#?}");
        for bad in ["panicked", "stack backtrace", "RUST_BACKTRACE"] {
            assert!(
                !self.stderr.contains(bad) && !self.stdout.contains(bad),
                "{bad:?} in output: {self:#?}"
            );
        }
        self
    }

    /// Asserts standard error holds every one of `parts`.
    #[track_caller]
    pub fn stderr_has(&self, parts: &[&str]) -> &Self {
        for part in parts {
            assert!(
                self.stderr.contains(part),
                "stderr lacks {part:?}: {self:#?}"
            );
        }
        self
    }

    /// Asserts standard output holds every one of `parts`.
    #[track_caller]
    pub fn stdout_has(&self, parts: &[&str]) -> &Self {
        for part in parts {
            assert!(
                self.stdout.contains(part),
                "stdout lacks {part:?}: {self:#?}"
            );
        }
        self
    }
}

/// Runs the binary in `dir` with no standard input.
pub fn jamkoll(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the jamkoll binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A JSON Lines record with the four required fields.
pub fn record(id: &str, gender: &str, text: &str) -> String {
    serde_json::json!({"id": id, "unit": "Norr", "client_gender": gender, "text": text}).to_string()
}

/// Writes `content` to `dir/name` and returns the name (commands run in `dir`).
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent folder");
    }
    std::fs::write(&path, content).expect("test file written");
    path
}

/// `jamkoll ingest FILES --index ix` in `dir`.
pub fn ingest(dir: &Path, files: &[&str]) -> Run {
    let mut args = vec!["ingest", "--quiet", "--index", "ix"];
    args.extend_from_slice(files);
    jamkoll(dir, &args)
}

/// The number of documents `jamkoll info` reports for the index `ix` in `dir`.
pub fn documents(dir: &Path) -> u64 {
    let run = jamkoll(dir, &["info", "--index", "ix", "--format", "json"]);
    run.assert_exit(0);
    let info: serde_json::Value = serde_json::from_str(&run.stdout).expect("info prints JSON");
    info["documents"].as_u64().expect("documents count")
}

/// Two good records, for files that mix good and bad lines.
pub fn good_lines() -> [String; 2] {
    [
        record("g1", "kvinna", "Hon söker arbete."),
        record("g2", "man", "Han söker arbete."),
    ]
}
