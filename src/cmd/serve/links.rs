//! Makes the review's own HTML pages (written for a folder of files: `index.html`,
//! `<stem>.html`, `samtal-<stem>.html`) work inside `jamkoll serve`, where every page is a route
//! that needs the access token: links to other report files become served URLs, a link that
//! has no served page is dropped (its text stays), rule rows link to the rule's findings, and a
//! navigation bar leads back to the served pages.

use jamkoll_review::Report;
use jamkoll_review::render::unit_stem;

use super::App;
use super::pages::{esc, link};

/// `page` (the review's HTML for `unit`, or the overview when `None`) with working links and a
/// navigation bar.
pub(super) fn served(app: &App, report: &Report, unit: Option<&str>, page: &str) -> String {
    let mut out = rewrite_hrefs(page, |target| resolve(app, report, target));
    if let Some(unit) = unit {
        out = link_rule_rows(app, unit, &out);
    }
    let mut nav = format!(
        "<nav class=\"jamkoll-serve\"><a href=\"{}\">Översikt</a> · <a href=\"{}\">Rapportens översikt</a>",
        link(app, "/", &[]),
        link(app, "/rapport", &[])
    );
    if let Some(unit) = unit {
        nav.push_str(&format!(
            " · <a href=\"{}\">Bedöm fynden i {}</a>",
            link(app, "/enhet", &[("u", unit)]),
            esc(unit)
        ));
    }
    nav.push_str("</nav>\n");
    match out.find("<main>") {
        Some(at) => out.insert_str(at, &nav),
        None => match out.find("<body>") {
            Some(at) => out.insert_str(at + "<body>".len(), &nav),
            None => out.insert_str(0, &nav),
        },
    }
    out
}

/// Where a link of a report page leads in the server: `Some(url)` (HTML-escaped), or `None`
/// for a target the server has no page for.
fn resolve(app: &App, report: &Report, target: &str) -> Option<String> {
    if target.starts_with('#') {
        return Some(esc(target));
    }
    let (file, fragment) = match target.split_once('#') {
        Some((f, frag)) => (f, Some(frag)),
        None => (target, None),
    };
    let stem = file.strip_suffix(".html")?;
    // A file name of the report folder, nothing with a scheme, host or folder.
    if stem.is_empty() || stem.contains(['/', ':', '\\', '?']) {
        return None;
    }
    let url = if stem == "index" {
        link(app, "/rapport", &[])
    } else {
        let stem = stem.strip_prefix("samtal-").unwrap_or(stem);
        let unit = report
            .units
            .iter()
            .find(|u| unit_stem(report, &u.unit) == stem)?;
        link(app, "/sammanfattning", &[("u", &unit.unit)])
    };
    Some(match fragment {
        Some(f) if !f.is_empty() => format!("{url}#{}", esc(f)),
        _ => url,
    })
}

/// Applies `resolve` to every `href="…"` of `page`; an unresolved one is removed, leaving the
/// link's text.
fn rewrite_hrefs(page: &str, mut resolve: impl FnMut(&str) -> Option<String>) -> String {
    const HREF: &str = " href=\"";
    let mut out = String::with_capacity(page.len() + 256);
    let mut rest = page;
    while let Some(at) = rest.find(HREF) {
        let value_start = at + HREF.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..at]);
        let target = rest[value_start..value_start + len].replace("&amp;", "&");
        if let Some(url) = resolve(&target) {
            out.push_str(HREF);
            out.push_str(&url);
            out.push('"');
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Links the rule rows of a unit page (`<tr class="rule…"><th scope="row">ID</th>`, the id
/// perhaps in `<code>`) to the
/// rule's asserted findings in the unit, where the reader can triage them.
fn link_rule_rows(app: &App, unit: &str, page: &str) -> String {
    const ROW: &str = "<tr class=\"rule";
    const CELL: &str = "<th scope=\"row\">";
    let mut out = String::with_capacity(page.len() + 1024);
    let mut rest = page;
    while let Some(at) = rest.find(ROW) {
        let Some(cell) = rest[at..].find(CELL).map(|c| at + c + CELL.len()) else {
            break;
        };
        let Some(len) = rest[cell..].find("</th>") else {
            break;
        };
        out.push_str(&rest[..cell]);
        let shown = &rest[cell..cell + len];
        // The id, perhaps set in `<code>`.
        let id = shown
            .strip_prefix("<code>")
            .and_then(|s| s.strip_suffix("</code>"))
            .unwrap_or(shown);
        if app.pack.rules().iter().any(|r| r.id == id) {
            out.push_str(&format!(
                "<a href=\"{}\">{shown}</a>",
                link(
                    app,
                    "/fynd",
                    &[("u", unit), ("r", id), ("omfang", "asserted")]
                )
            ));
        } else {
            out.push_str(shown);
        }
        rest = &rest[cell + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::rewrite_hrefs;

    #[test]
    fn hrefs_are_rewritten_or_dropped_and_the_rest_is_kept() {
        let page =
            "<p><a href=\"a.html\">A</a> <a href=\"https://x.se/\">X</a> <a href=\"#k\">K</a></p>";
        let out = rewrite_hrefs(page, |t| match t {
            "a.html" => Some("/s?u=A".to_string()),
            t if t.starts_with('#') => Some(t.to_string()),
            _ => None,
        });
        assert_eq!(
            out,
            "<p><a href=\"/s?u=A\">A</a> <a>X</a> <a href=\"#k\">K</a></p>"
        );
        assert_eq!(rewrite_hrefs("<a href=\"x", |_| None), "<a href=\"x");
    }
}
