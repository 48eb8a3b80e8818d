//! Helpers shared by the end-to-end tests that drive the `jamkoll` binary (`mod common;` in
//! each test file). Not every test file uses every helper.
#![allow(dead_code)]

use std::path::Path;
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
