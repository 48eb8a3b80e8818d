//! Developer chores: `cargo xtask <task>`. See CONTRIBUTING.md.

fn main() -> anyhow::Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        _ => anyhow::bail!("unknown task {task:?}; tasks: (none yet)"),
    }
}
