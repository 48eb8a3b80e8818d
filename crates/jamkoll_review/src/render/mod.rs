//! Renderers of a [`Report`](crate::Report): Markdown, HTML, JSON and CSV. Each is a pure
//! function of the report, in the report's language.

mod common;
mod compare;
mod csv;
mod discussion;
mod goals;
mod html;
mod json;
mod markdown;

pub use compare::{compare_csv, compare_html, compare_json, compare_markdown};
pub use csv::csv;
pub use discussion::{choose_excerpts, discussion_file_name, discussion_index, discussion_unit};
pub use goals::{goals_csv, goals_html, goals_markdown};
pub use html::{html_overview, html_unit};
pub use json::json;
pub use markdown::{markdown, markdown_overview, markdown_unit};

/// A file name for a unit's own page: lower case ASCII letters, digits and `-`, never empty.
pub fn unit_file_stem(unit: &str) -> String {
    let mut out = String::new();
    for ch in unit.to_lowercase().chars() {
        let ch = match ch {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' | 'è' => 'e',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if ch == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(ch);
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() || out == "index" {
        format!("enhet-{out}")
    } else {
        out
    }
}
