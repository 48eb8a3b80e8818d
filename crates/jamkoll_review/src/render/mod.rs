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

pub use common::count;
pub use compare::{compare_csv, compare_html, compare_json, compare_markdown};
pub use csv::csv;
pub use discussion::{discussion_file_name, discussion_index, discussion_unit};
pub use goals::{goals_csv, goals_html, goals_markdown, goals_not_met};
pub use html::{html_overview, html_unit};
pub use json::json;
pub use markdown::{markdown, markdown_overview, markdown_unit};

/// The file name (without extension) of `unit`'s own page in a folder with every unit of `r`:
/// [`unit_file_stem`], made unique: when units earlier in the report map to the same stem
/// ("Enhet Å" and "Enhet A" both give `enhet-a`), `-2`, `-3`, … is added, so no page
/// overwrites another.
pub fn unit_stem(r: &crate::Report, unit: &str) -> String {
    let mut taken: Vec<String> = Vec::new();
    for u in &r.units {
        let base = unit_file_stem(&u.unit);
        let mut stem = base.clone();
        let mut k = 2;
        while taken.contains(&stem) {
            stem = format!("{base}-{k}");
            k += 1;
        }
        if u.unit == unit {
            return stem;
        }
        taken.push(stem);
    }
    unit_file_stem(unit)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_whose_names_map_to_one_file_name_get_distinct_stems() {
        let docs = ["Enhet Å", "Enhet A", "enhet-a", "Enhet B"].map(jamkoll_core_doc);
        let r = crate::build(
            docs,
            &[],
            &crate::Settings::default(),
            &crate::Stamp::default(),
            &crate::NoExcerpts,
        );
        let stems: Vec<String> = r.units.iter().map(|u| unit_stem(&r, &u.unit)).collect();
        let mut unique = stems.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 4, "{stems:?}");
        assert!(stems.contains(&"enhet-a".to_string()) && stems.contains(&"enhet-a-2".to_string()));
        assert!(stems.contains(&"enhet-b".to_string()));
    }

    fn jamkoll_core_doc(unit: &str) -> crate::DocSummary {
        crate::DocSummary {
            id: format!("{unit}-1"),
            unit: unit.into(),
            case_id: "c1".into(),
            client_gender: jamkoll_core::Gender::Kvinna,
            area: jamkoll_core::Area::new("aldre"),
            document_type: None,
            date: None,
            decision: None,
            amount: None,
            words: 10,
            findings: Vec::new(),
            mentions: crate::SubjectMentions::default(),
            dismissed: 0,
        }
    }
}
