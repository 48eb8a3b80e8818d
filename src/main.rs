//! The `jamkoll` command line: parses arguments, builds validated settings, calls the library
//! crates and renders. No domain logic lives here (see ARCHITECTURE.md).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[macro_use]
mod cmd;
mod index_arg;
mod progress;

/// jamkoll: finds gendered language and responsibility allocation in Swedish social-services
/// assessments, and summarises it per unit for research circles and quality teams.
#[derive(Debug, Parser)]
#[command(name = "jamkoll", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load pseudonymized assessments (JSON Lines, CSV, text folders) into the index.
    Ingest(cmd::ingest::Args),
    /// Search the indexed texts with tantivy's query language.
    Search(cmd::search::Args),
    /// Show what the index holds: documents and cases per unit and gender.
    Info(cmd::info::Args),
    /// Run the rules over texts and print the findings.
    Check(cmd::check::Args),
    /// List, explain and test rules.
    Rules(cmd::rules::Args),
    /// Score the rules on annotated passages (precision, recall, F1).
    Eval(cmd::eval::Args),
    /// Per-unit review summaries with gender statistics and excerpts.
    Review(cmd::review::Args),
    /// Keep or dismiss findings (triage verdicts, stored beside the index); CSV export/import.
    Triage(cmd::triage::Args),
    /// A local web view for triage: findings in context, keep/dismiss, rule documentation.
    Serve(cmd::serve::Args),
    /// Merge the counts of several reviews (`review --format counts`) into one review.
    Merge(cmd::merge::Args),
    /// Remove documents for good: text, findings and verdicts (a request to erase).
    Delete(cmd::delete::Args),
    /// Cull documents dated before a day, as retention rules require (gallring).
    Gallra(cmd::gallra::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version are not errors; an argument error echoes the value given,
        // which passes the gate like every other message.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return cmd::exit(cmd::EXIT_OK);
        }
        Err(e) => {
            eprint!("{}", gated(&e.render().to_string()));
            return cmd::exit(cmd::EXIT_ERROR);
        }
    };
    let result = match cli.command {
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Info(args) => cmd::info::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Rules(args) => cmd::rules::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Review(args) => cmd::review::run(args),
        Command::Triage(args) => cmd::triage::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Delete(args) => cmd::delete::run(args),
        Command::Gallra(args) => cmd::gallra::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) if cmd::is_broken_pipe(&err) => cmd::exit(cmd::EXIT_OK),
        Err(err) => {
            eprintln!("jamkoll: error: {}", gated(&format!("{err:#}")));
            cmd::exit(cmd::EXIT_ERROR)
        }
    }
}

/// An error message with every identifier the gate is certain of (personnummer, phone, e-mail,
/// address) replaced by its placeholder: messages echo values the user typed (`--before`,
/// `--gender`, a path), and no output may carry an identifier. Read as a path too
/// ([`jamkoll_redact::Gate::redact_path`]), so `inputs/811228-9874.csv` is caught after its
/// slash. Likely names are left, since messages name files, folders and units.
fn gated(message: &str) -> String {
    jamkoll_redact::Gate::new()
        .redact_path(message)
        .into_owned()
}
