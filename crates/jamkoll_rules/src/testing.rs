//! Running a rule's examples: every `[[flag]]` text must give a finding of the rule with the
//! expected subject and scope, every `[[clean]]` text must give no asserted finding.

use jamkoll_core::{Area, Finding, Gender, Scope, Subject};

use crate::doc::Doc;
use crate::engine::Engine;
use crate::pack::{Example, Kind, Rule, RulePack};
use crate::swap;

/// Which list an example stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// `[[flag]]`: must be flagged.
    Flag,
    /// `[[clean]]`: must be left alone.
    Clean,
}

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule id.
    pub rule: String,
    /// The rule file.
    pub path: String,
    /// The example's line in the file.
    pub line: usize,
    /// Flag or clean.
    pub kind: ExampleKind,
    /// The example text (as run: swapped when `swapped`).
    pub text: String,
    /// What was expected and what happened.
    pub message: String,
    /// Whether this is the gender-swapped run of the example.
    pub swapped: bool,
}

/// Runs every example of `rule`; with `swap`, runs each again with genders swapped and
/// reports every example whose decision changes (or whose subject does not swap with it).
pub fn test_rule(pack: &RulePack, rule: &Rule, with_swap: bool) -> Vec<ExampleFailure> {
    let engine = Engine::with_filter(pack, |r| r.id == rule.id);
    let mut out = Vec::new();
    for ex in &rule.flag {
        let found = run(&engine, rule, ex, &ex.text, ex.gender);
        let want_scope = ex.scope;
        let want_subject = ex.subject.unwrap_or(Subject::Okant);
        let verdict = judge_flag(&found, want_subject, want_scope);
        if let Some(msg) = &verdict {
            out.push(failure(
                rule,
                ex,
                ExampleKind::Flag,
                &ex.text,
                msg.clone(),
                false,
            ));
        }
        if with_swap {
            let text = swap::swap_text(&ex.text);
            let found_s = run(&engine, rule, ex, &text, swap::swap_gender(ex.gender));
            let verdict_s = judge_flag(&found_s, swap::swap_subject(want_subject), want_scope);
            if verdict.is_none() && verdict_s.is_some() {
                out.push(failure(
                    rule,
                    ex,
                    ExampleKind::Flag,
                    &text,
                    format!(
                        "decision changes with gender: {}",
                        verdict_s.unwrap_or_default()
                    ),
                    true,
                ));
            }
        }
    }
    for ex in &rule.clean {
        let found = run(&engine, rule, ex, &ex.text, ex.gender);
        let bad = found.iter().find(|f| f.scope == Scope::Asserted);
        if let Some(f) = bad {
            let cue = ex.text.get(f.span.start..f.span.end).unwrap_or("");
            out.push(failure(
                rule,
                ex,
                ExampleKind::Clean,
                &ex.text,
                format!(
                    "flagged `{cue}` (subject {}), expected no finding",
                    f.subject
                ),
                false,
            ));
        }
        if with_swap && bad.is_none() {
            let text = swap::swap_text(&ex.text);
            let found_s = run(&engine, rule, ex, &text, swap::swap_gender(ex.gender));
            if let Some(f) = found_s.iter().find(|f| f.scope == Scope::Asserted) {
                let cue = text.get(f.span.start..f.span.end).unwrap_or("");
                out.push(failure(
                    rule,
                    ex,
                    ExampleKind::Clean,
                    &text,
                    format!("decision changes with gender: flagged `{cue}` only when swapped"),
                    true,
                ));
            }
        }
    }
    out
}

fn failure(
    rule: &Rule,
    ex: &Example,
    kind: ExampleKind,
    text: &str,
    message: String,
    swapped: bool,
) -> ExampleFailure {
    ExampleFailure {
        rule: rule.id.clone(),
        path: rule.path.clone(),
        line: ex.line,
        kind,
        text: text.to_string(),
        message,
        swapped,
    }
}

/// The rule's findings on one example text. The example is one case: for absence rules a
/// line holding only `---` separates its documents (findings' spans stay offsets into the
/// whole example text).
fn run(engine: &Engine, rule: &Rule, ex: &Example, text: &str, gender: Gender) -> Vec<Finding> {
    let default_area = (rule.kind == Kind::Absence).then(|| Area::new("barn_unga"));
    let area = ex.area.clone().or(default_area);
    let parts = if rule.kind == Kind::Absence {
        case_documents(text)
    } else {
        vec![(0, text)]
    };
    let docs: Vec<Doc<'_>> = parts
        .iter()
        .map(|&(_, t)| Doc {
            text: t,
            client_gender: gender,
            area: area.as_ref(),
        })
        .collect();
    let mut out = Vec::new();
    for ((offset, _), found) in parts.iter().zip(engine.check_case(&docs)) {
        for mut f in found.into_iter().filter(|f| f.rule == rule.id) {
            for span in [&mut f.span, &mut f.sentence] {
                span.start += offset;
                span.end += offset;
            }
            out.push(f);
        }
    }
    out
}

/// The documents of a case example: the text split at lines holding only `---`, each with
/// its byte offset in the text.
pub(crate) fn case_documents(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "---" {
            out.push((start, &text[start..pos]));
            start = pos + line.len();
        }
        pos += line.len();
    }
    out.push((start, &text[start..]));
    out
}

/// None when a finding has the expected subject and scope, else what went wrong.
fn judge_flag(found: &[Finding], subject: Subject, scope: Scope) -> Option<String> {
    if found
        .iter()
        .any(|f| f.subject == subject && f.scope == scope)
    {
        return None;
    }
    if found.is_empty() {
        return Some(format!(
            "not flagged, expected a finding ({subject}, {scope})"
        ));
    }
    let got: Vec<String> = found
        .iter()
        .map(|f| format!("({}, {})", f.subject, f.scope))
        .collect();
    Some(format!(
        "flagged {}, expected ({subject}, {scope})",
        got.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_examples_split_at_dash_lines() {
        let text = "Mamman är orolig.\n---\nPappan har inte kontaktats.";
        let docs = case_documents(text);
        assert_eq!(
            docs,
            vec![
                (0, "Mamman är orolig.\n"),
                (23, "Pappan har inte kontaktats.")
            ]
        );
        assert_eq!(&text[23..29], "Pappan");
        assert_eq!(case_documents("En text."), vec![(0, "En text.")]);
    }
}
