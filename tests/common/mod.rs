//! Helpers shared by the end-to-end tests that drive the `jamkoll` binary (`mod common;` in
//! each test file). Not every test file uses every helper.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs the jamkoll binary the tests were built with, in `dir`, with no standard input.
pub fn jamkoll(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the jamkoll binary runs")
}

/// Standard output or error as text.
pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// The headless browser the HTML tests drive, or `None` (with a note on standard error) when it
/// is not installed. Under CI (`CI` set) a missing browser is a failure: `.ci/run` installs it.
pub fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|name| Path::new("/usr/bin").join(name))
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing under CI: .ci/run should have installed it"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    }
    found
}
