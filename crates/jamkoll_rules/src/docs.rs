//! Generated documentation: one Markdown page per rule (`docs/rules/<category>/<id>.md`).

use std::fmt::Write as _;

use crate::pack::{Kind, Rule, RulePack, Status};

/// Every rule's page: (path relative to `docs/rules/`, content).
pub fn rule_pages(pack: &RulePack) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = pack
        .rules()
        .iter()
        .map(|r| (format!("{}/{}.md", r.category.as_str(), r.id), rule_page(r)))
        .collect();
    let mut index = String::from(
        "# Regler\n\n<!-- Genererad av jamkoll_rules (JAMKOLL_UPDATE_DOCS=1 cargo test -p jamkoll_rules --test docs). Redigera inte för hand. -->\n\n| regel | kategori | typ | status | meddelande |\n|---|---|---|---|---|\n",
    );
    for r in pack.rules() {
        let _ = writeln!(
            index,
            "| [{id}]({cat}/{id}.md) | {cat} | {kind} | {status} | {msg} |",
            id = r.id,
            cat = r.category.as_str(),
            kind = r.kind.as_str(),
            status = status(r.status),
            msg = r.message.replace('|', "\\|")
        );
    }
    pages.push(("README.md".to_string(), index));
    pages.sort();
    pages
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Stable => "stable",
        Status::Preview => "preview",
    }
}

/// One rule's page, in Swedish with the English texts where the rule has them.
pub fn rule_page(r: &Rule) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", r.id);
    let _ = writeln!(
        s,
        "<!-- Genererad från {} (JAMKOLL_UPDATE_DOCS=1). Redigera regelfilen, inte denna sida. -->\n",
        r.path
    );
    let _ = writeln!(
        s,
        "- Kategori: {} ({})",
        r.category.label_sv(),
        r.category.as_str()
    );
    let _ = writeln!(
        s,
        "- Typ: {}",
        match r.kind {
            Kind::Lexical => "lexical (ord och fraser)",
            Kind::Duty => "duty (ansvar med bärare och domän)",
            Kind::Agentless => "agentless (våld utan görare)",
            Kind::Absence => "absence (frånvarande förälder eller barn, ärendenivå)",
        }
    );
    let _ = writeln!(s, "- Status: {}\n", status(r.status));
    let _ = writeln!(s, "> {}\n", r.message);
    let _ = writeln!(s, "## Vad regeln hittar\n\n{}\n", r.doc.what.trim());
    let _ = writeln!(s, "## Varför det spelar roll\n\n{}\n", r.doc.why.trim());
    if !r.doc.research.is_empty() {
        let _ = writeln!(s, "## Forskning\n");
        for x in &r.doc.research {
            let _ = writeln!(s, "- {x}");
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## Fråga till forskningscirkeln\n\n{}\n",
        r.doc.question.trim()
    );
    if !r.flag.is_empty() {
        let _ = writeln!(s, "## Flaggas\n");
        for e in &r.flag {
            let subject = e.subject.map_or("okänt", |x| x.as_str());
            let _ = writeln!(
                s,
                "- {} *(subjekt: {subject}, {})*",
                example_text(&e.text),
                e.scope.as_str()
            );
        }
        s.push('\n');
    }
    if !r.clean.is_empty() {
        let _ = writeln!(s, "## Flaggas inte\n");
        for e in &r.clean {
            let _ = writeln!(s, "- {}", example_text(&e.text));
        }
        s.push('\n');
    }
    if r.message_en.is_some()
        || r.doc.what_en.is_some()
        || r.doc.why_en.is_some()
        || r.doc.question_en.is_some()
    {
        let _ = writeln!(s, "## In English\n");
        if let Some(m) = &r.message_en {
            let _ = writeln!(s, "> {m}\n");
        }
        for (h, t) in [
            ("What it finds", &r.doc.what_en),
            ("Why it matters", &r.doc.why_en),
            ("Question for the research circle", &r.doc.question_en),
        ] {
            if let Some(t) = t {
                let _ = writeln!(s, "**{h}.** {}\n", t.trim());
            }
        }
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// An example on one list line: a case of several documents (split at `---` lines) as
/// "(dokument 1) … (dokument 2) …", so Markdown does not read `---` as a heading rule.
fn example_text(text: &str) -> String {
    let docs = crate::testing::case_documents(text.trim());
    if docs.len() < 2 {
        return text.trim().to_string();
    }
    docs.iter()
        .enumerate()
        .map(|(i, (_, t))| format!("(dokument {}) {}", i + 1, t.trim()))
        .collect::<Vec<_>>()
        .join(" ")
}
