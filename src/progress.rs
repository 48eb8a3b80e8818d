//! Progress on standard error: a bar while work runs, only when standard error is a terminal
//! and `--quiet` is not given, so logs and pipes get no control characters.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that may be hidden; messages printed through it do not tear the bar.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar over `total` bytes, or a spinner counting records when the total is unknown.
    /// Hidden when `quiet` or when standard error is not a terminal.
    pub fn new(total_bytes: Option<u64>, quiet: bool) -> Progress {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(total_bytes, ProgressDrawTarget::hidden())
        } else {
            match total_bytes {
                Some(total) => ProgressBar::new(total).with_style(
                    ProgressStyle::with_template(
                        "{bar:30} {bytes}/{total_bytes} {msg} ({elapsed}, about {eta} left)",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
                None => ProgressBar::new_spinner(),
            }
        };
        Progress { bar }
    }

    /// Moves the bar to `bytes` read and shows `message` beside it.
    pub fn update(&self, bytes: u64, message: String) {
        self.bar.set_position(bytes);
        self.bar.set_message(message);
    }

    /// Prints a line on standard error without tearing the bar.
    pub fn println(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
