//! Developer chores: `cargo xtask <task>`. See CONTRIBUTING.md.
//!
//! Tasks:
//! - `lexicon`: regenerate `crates/jamkoll_text/data/sv_lexicon.txt.gz` from the system's
//!   hunspell-sv dictionary (see docs/lexicon.md). CI does not run it; it uses the committed file.

mod lexicon;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    match task.as_str() {
        "lexicon" => lexicon::run(args.collect()),
        _ => anyhow::bail!("unknown task {task:?}; tasks: lexicon"),
    }
}
