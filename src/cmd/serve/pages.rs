//! The pages of `jamkoll serve`, as HTML strings: Swedish text, inline CSS, no script.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::http::StatusCode;
use axum::response::Response;
use jamkoll_core::{Gender, Scope, Subject};
use jamkoll_review::{Count, Lang, Why, render, suppress};
use jamkoll_triage::{Decision, REASONS, Reason, VerdictStore};

use super::{App, html, plain};
use crate::cmd::triage::Item;

/// Escapes text for HTML content and attribute values.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A local URL with the token and `params` in its query, HTML-escaped for an attribute.
pub(super) fn link(app: &App, path: &str, params: &[(&str, &str)]) -> String {
    esc(&raw_link(app, path, params))
}

fn raw_link(app: &App, path: &str, params: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("t", &app.token);
    for (k, v) in params {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    format!("{path}?{}", q.finish())
}

fn param<'a>(query: &'a [(String, String)], key: &str) -> &'a str {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:62rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45;color:#1d1d1d}\
a{color:#0b4f8a}table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}mark{background:#ffe28a}.fynd{border:1px solid #ccc;border-radius:6px;padding:.6rem .8rem;margin:.8rem 0}\
.fynd.dismiss{background:#f2f2f2;color:#555}.fynd.keep{border-color:#2f7d32}.meta{font-size:.9rem;color:#555}\
form.inline{display:inline}.verdict{font-weight:600}nav{font-size:.95rem;margin-bottom:1rem}fieldset{border:1px solid #ddd}";

fn page(title: &str, nav: &str, body: &str) -> Response {
    html(format!(
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{} – jamkoll</title><style>{STYLE}</style></head><body>\
         <nav>{nav}</nav><h1>{}</h1>\n{body}\n</body></html>\n",
        esc(title),
        esc(title)
    ))
}

/// Findings review counts per gender and their triage state.
#[derive(Default)]
struct Tally {
    kvinna: u64,
    man: u64,
    other: u64,
    kept: u64,
    dismissed: u64,
}

impl Tally {
    fn add(&mut self, item: &Item, store: &VerdictStore) {
        match item.client_gender {
            Gender::Kvinna => self.kvinna += 1,
            Gender::Man => self.man += 1,
            _ => self.other += 1,
        }
        match store.get(&item.fingerprint).map(|v| v.verdict) {
            Some(Decision::Keep) => self.kept += 1,
            Some(Decision::Dismiss) => self.dismissed += 1,
            None => {}
        }
    }

    /// The row's cells, suppressed as the review suppresses a unit's row by gender: small
    /// counts as <5 with a complement (×) where a total would give one away, and no gender
    /// breakdown at all (·) in a unit the review reports without one. The triage counts are
    /// a second row of the same total (kept, dismissed and the untriaged, which the total
    /// gives away when the other two are shown), suppressed together with the first: once
    /// every finding is triaged, kept and dismissed add up to the total.
    fn cells(&self, app: &App, unit: &str) -> String {
        let m = app.min_cell;
        let total = self.kvinna + self.man + self.other;
        let breakdown = app.breakdown.get(unit).copied().unwrap_or(false);
        let mut lk = suppress::Linked::default();
        // Priorities as in the review's gender rows: the others and the total first.
        let total_id = lk.cell(total, 0);
        let genders: Vec<usize> = [(self.kvinna, 1), (self.man, 1), (self.other, 0)]
            .into_iter()
            .map(|(v, p)| lk.cell(v, p))
            .collect();
        if breakdown {
            lk.sum(&genders, total_id);
        }
        let untriaged = total.saturating_sub(self.kept + self.dismissed);
        let triage: Vec<usize> = [(self.kept, 1), (self.dismissed, 1), (untriaged, 0)]
            .into_iter()
            .map(|(v, p)| lk.cell(v, p))
            .collect();
        lk.sum(&triage, total_id);
        lk.solve(m);
        let count = |id: usize| match lk.hidden(id) {
            None => Count::shown(lk.value(id)),
            Some(suppress::Hidden::Small) => Count::hidden(Why::Small),
            Some(suppress::Hidden::Complement) => Count::hidden(Why::Complement),
        };
        let genders = if breakdown {
            genders.into_iter().map(count).collect()
        } else {
            vec![Count::hidden(Why::NoBreakdown); 3]
        };
        let mut out = String::new();
        for c in genders
            .into_iter()
            .chain([total_id, triage[0], triage[1]].map(count))
        {
            let _ = write!(
                out,
                "<td class=n>{}</td>",
                esc(&render::count(Lang::Sv, c, m))
            );
        }
        out
    }
}

const TALLY_HEAD: &str = "<th>Klient kvinna</th><th>Klient man</th><th>Annat/okänt</th><th>Alla</th><th>Behållna</th><th>Avfärdade</th>";

/// How the tallies hide small counts, as the report does.
const TALLY_NOTE: &str = "<p class=meta>Som i rapporten: tal från 1 till 4 visas som &lt;5, × är ett tal som dolts för att ett litet tal inte ska kunna räknas fram, och · betyder att enheten har för få ärenden med kvinnor eller män för att redovisas per kön. Fynden själva läser ni under varje enhet.</p>\n";

/// `/`: the units, with their asserted findings by client gender and how many are triaged.
pub(super) fn overview(app: &App, store: &VerdictStore) -> Response {
    let mut units: BTreeMap<&str, Tally> = BTreeMap::new();
    for item in app
        .items
        .iter()
        .filter(|i| i.finding.scope == Scope::Asserted)
    {
        units.entry(&item.unit).or_default().add(item, store);
    }
    let mut body = String::from(
        "<p>Fynd som granskningen räknar (påstådda av skribenten), per enhet och klientens kön. \
         Välj en enhet för att läsa fynden regel för regel och bedöma dem: \
         <em>behåll</em> det som regeln söker, <em>avfärda</em> falsklarm (citat, dokumenterad skada, fel person, negation). \
         Avfärdade fynd räknas inte i <code>jamkoll review</code>.</p>\n",
    );
    body.push_str(&format!("<table><tr><th>Enhet</th>{TALLY_HEAD}</tr>\n"));
    for (unit, t) in &units {
        let _ = writeln!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td>{}</tr>",
            link(app, "/enhet", &[("u", unit)]),
            esc(unit),
            t.cells(app, unit)
        );
    }
    body.push_str("</table>\n");
    body.push_str(TALLY_NOTE);
    if units.is_empty() {
        body.push_str("<p>Indexet har inga fynd.</p>");
    }
    let _ = write!(
        body,
        "<p><a href=\"{}\">Rapportens översikt</a> (samma som HTML-rapporten från \
         <code>jamkoll review</code>, med dagens bedömningar).</p>\
         <p class=meta>{} beslut i verdiktfilen.</p>",
        link(app, "/rapport", &[]),
        store.len()
    );
    page("Översikt", "jamkoll", &body)
}

/// `/enhet?u=`: a unit's rules with their findings by client gender and triage state.
pub(super) fn unit(app: &App, store: &VerdictStore, query: &[(String, String)]) -> Response {
    let unit = param(query, "u");
    let mut rules: BTreeMap<&str, Tally> = BTreeMap::new();
    for item in app
        .items
        .iter()
        .filter(|i| i.unit == unit && i.finding.scope == Scope::Asserted)
    {
        rules
            .entry(&item.finding.rule)
            .or_default()
            .add(item, store);
    }
    if rules.is_empty() && !app.items.iter().any(|i| i.unit == unit) {
        return plain(StatusCode::NOT_FOUND, "404: ingen sådan enhet med fynd");
    }
    let mut body = format!(
        "<p><a href=\"{}\">Enhetens sammanfattning</a> (samma innehåll och diagram som \
         HTML-rapporten från <code>jamkoll review</code>, med dagens bedömningar).</p>\
         <p>Påstådda fynd per regel och klientens kön. Välj <em>läs fynden</em> för att läsa och \
         bedöma dem, regelns namn för dess dokumentation och reflektionsfråga.</p>\n",
        link(app, "/sammanfattning", &[("u", unit)])
    );
    body.push_str(&format!(
        "<table><tr><th>Regel</th><th>Kategori</th><th>Meddelande</th>{TALLY_HEAD}<th></th></tr>\n"
    ));
    for (rule_id, t) in &rules {
        let rule = app.pack.rules().iter().find(|r| r.id == *rule_id);
        let _ = writeln!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>{}<td><a href=\"{}\">läs fynden</a></td></tr>",
            link(app, "/regel", &[("r", rule_id)]),
            esc(rule_id),
            rule.map_or("", |r| r.category.label_sv()),
            esc(rule.map_or("", |r| r.message.as_str())),
            t.cells(app, unit),
            link(
                app,
                "/fynd",
                &[("u", unit), ("r", rule_id), ("omfang", "asserted")]
            ),
        );
    }
    body.push_str("</table>\n");
    body.push_str(TALLY_NOTE);
    let nav = format!("<a href=\"{}\">Översikt</a>", link(app, "/", &[]));
    page(&format!("Enhet: {unit}"), &nav, &body)
}

/// `/fynd?u=&r=&kon=&subjekt=&omfang=&beslut=`: the findings of a rule in a unit, each in its
/// sentence, with keep and dismiss forms.
pub(super) fn findings(app: &App, store: &VerdictStore, query: &[(String, String)]) -> Response {
    let (unit, rule) = (param(query, "u"), param(query, "r"));
    let (gender, subject, scope, verdict) = (
        param(query, "kon"),
        param(query, "subjekt"),
        param(query, "omfang"),
        param(query, "beslut"),
    );
    let Some(rule_def) = app.pack.rules().iter().find(|r| r.id == rule) else {
        return plain(StatusCode::NOT_FOUND, "404: ingen sådan regel");
    };
    let shown: Vec<&Item> = app
        .items
        .iter()
        .filter(|i| i.unit == unit && i.finding.rule == rule)
        .filter(|i| gender.is_empty() || i.client_gender.as_str() == gender)
        .filter(|i| subject.is_empty() || i.finding.subject.as_str() == subject)
        .filter(|i| scope.is_empty() || i.finding.scope.as_str() == scope)
        .filter(|i| {
            let v = store.get(&i.fingerprint).map(|v| v.verdict);
            match verdict {
                "" => true,
                "none" => v.is_none(),
                "keep" => v == Some(Decision::Keep),
                "dismiss" => v == Some(Decision::Dismiss),
                _ => false,
            }
        })
        .collect();
    let here = raw_link(
        app,
        "/fynd",
        &[
            ("u", unit),
            ("r", rule),
            ("kon", gender),
            ("subjekt", subject),
            ("omfang", scope),
            ("beslut", verdict),
        ],
    );
    let mut body = format!(
        "<p>{} <a href=\"{}\">Om regeln och reflektionsfrågan</a>.</p>\n",
        esc(&rule_def.message),
        link(app, "/regel", &[("r", rule)])
    );
    body.push_str(&filter_form(
        app, unit, rule, gender, subject, scope, verdict,
    ));
    let _ = writeln!(body, "<p>{} fynd.</p>", shown.len());
    for item in shown {
        body.push_str(&finding_card(app, store, item, &here));
    }
    let nav = format!(
        "<a href=\"{}\">Översikt</a> › <a href=\"{}\">{}</a>",
        link(app, "/", &[]),
        link(app, "/enhet", &[("u", unit)]),
        esc(unit)
    );
    page(&format!("{rule} i {unit}"), &nav, &body)
}

fn select(name: &str, label: &str, current: &str, options: &[(&str, &str)]) -> String {
    let mut s = format!("<label>{label} <select name=\"{name}\"><option value=\"\">alla</option>");
    for (value, text) in options {
        let sel = if *value == current { " selected" } else { "" };
        let _ = write!(s, "<option value=\"{value}\"{sel}>{}</option>", esc(text));
    }
    s.push_str("</select></label> ");
    s
}

fn filter_form(
    app: &App,
    unit: &str,
    rule: &str,
    gender: &str,
    subject: &str,
    scope: &str,
    verdict: &str,
) -> String {
    let genders: Vec<(&str, &str)> = Gender::ALL
        .iter()
        .map(|g| (g.as_str(), g.as_str()))
        .collect();
    let subjects: Vec<(&str, &str)> = Subject::ALL
        .iter()
        .map(|s| (s.as_str(), s.label_sv()))
        .collect();
    let scopes: Vec<(&str, &str)> = Scope::ALL
        .iter()
        .map(|s| (s.as_str(), s.label_sv()))
        .collect();
    format!(
        "<form method=\"get\" action=\"/fynd\"><fieldset><legend>Filter</legend>\
         <input type=\"hidden\" name=\"t\" value=\"{}\"><input type=\"hidden\" name=\"u\" value=\"{}\">\
         <input type=\"hidden\" name=\"r\" value=\"{}\">{}{}{}{}<button>Visa</button></fieldset></form>\n",
        esc(&app.token),
        esc(unit),
        esc(rule),
        select("kon", "Klientens kön", gender, &genders),
        select("subjekt", "Fyndet gäller", subject, &subjects),
        select("omfang", "Omfång", scope, &scopes),
        select(
            "beslut",
            "Bedömning",
            verdict,
            &[
                ("none", "obedömda"),
                ("keep", "behållna"),
                ("dismiss", "avfärdade")
            ]
        ),
    )
}

fn finding_card(app: &App, store: &VerdictStore, item: &Item, here: &str) -> String {
    let v = store.get(&item.fingerprint);
    let (class, state) = match v {
        None => ("", "obedömt".to_string()),
        Some(v) => (
            v.verdict.as_str(),
            match &v.reason {
                Some(r) => format!(
                    "{} ({}{})",
                    v.verdict.label_sv(),
                    Reason::label_sv(r.as_str()),
                    r.note().map(|n| format!(": {n}")).unwrap_or_default()
                ),
                None => v.verdict.label_sv().to_string(),
            },
        ),
    };
    let e = &item.excerpt;
    let excerpt = if e.cue.is_empty() {
        esc(&e.before)
    } else {
        format!(
            "{}<mark>{}</mark>{}",
            esc(&e.before),
            esc(&e.cue),
            esc(&e.after)
        )
    };
    let mut reasons = String::new();
    for r in REASONS {
        let _ = write!(
            reasons,
            "<option value=\"{r}\">{}</option>",
            esc(Reason::label_sv(r))
        );
    }
    let hidden = format!(
        "<input type=\"hidden\" name=\"t\" value=\"{}\"><input type=\"hidden\" name=\"fp\" value=\"{}\">\
         <input type=\"hidden\" name=\"tillbaka\" value=\"{}\">",
        esc(&app.token),
        item.fingerprint,
        esc(here)
    );
    format!(
        "<div class=\"fynd {class}\" id=\"f-{fp}\"><p>{excerpt}</p>\
         <p class=meta>Klient: {gender} · gäller: {subject} · {scope} · fingeravtryck <code>{fp}</code> · \
         <span class=verdict data-verdict=\"{vstate}\">{state}</span></p>\
         <form class=inline method=\"post\" action=\"/beslut\">{hidden}<button name=\"beslut\" value=\"keep\">Behåll</button></form> \
         <form class=inline method=\"post\" action=\"/beslut\">{hidden}\
         <label>Skäl <select name=\"skal\">{reasons}</select></label> \
         <label>Anteckning (vid annat, inga namn) <input name=\"anteckning\" maxlength=\"200\"></label> \
         <button name=\"beslut\" value=\"dismiss\">Avfärda</button></form></div>\n",
        fp = item.fingerprint,
        gender = item.client_gender.as_str(),
        subject = item.finding.subject.label_sv(),
        scope = item.finding.scope.label_sv(),
        vstate = v.map_or("none", |v| v.verdict.as_str()),
        state = esc(&state),
    )
}

/// `/regel?r=`: a rule's documentation and reflection question.
pub(super) fn rule(app: &App, query: &[(String, String)]) -> Response {
    let id = param(query, "r");
    let Some(rule) = app.pack.rules().iter().find(|r| r.id == id) else {
        return plain(StatusCode::NOT_FOUND, "404: ingen sådan regel");
    };
    let mut body = format!(
        "<p><strong>{}</strong> · kategori {}</p><h2>Vad regeln hittar</h2><p>{}</p>\
         <h2>Varför</h2><p>{}</p><h2>Forskning</h2><ul>",
        esc(&rule.message),
        rule.category.label_sv(),
        esc(&rule.doc.what),
        esc(&rule.doc.why)
    );
    for r in &rule.doc.research {
        let _ = write!(body, "<li>{}</li>", esc(r));
    }
    let _ = write!(
        body,
        "</ul><h2>Reflektionsfråga</h2><p>{}</p>",
        esc(&rule.doc.question)
    );
    let nav = format!("<a href=\"{}\">Översikt</a>", link(app, "/", &[]));
    page(&format!("Regel: {id}"), &nav, &body)
}
