//! `jamkoll serve` on the demo index: the token, the headers, the filters and a verdict over
//! plain HTTP, and a browser round trip in headless Chromium: open, dismiss a finding with the
//! page's own form, reload, see it dismissed.
//!
//! HTTP is spoken by hand over a `TcpStream` (the dependency graph holds no HTTP client, see
//! tests/no_network.rs). Chromium is found as tests/html_report_chromium.rs finds it; without it
//! the browser test fails under CI and is reported as skipped elsewhere.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

mod common;
use common::chromium;

/// A running `jamkoll serve`, killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    token: String,
    /// The server's own copy of the demo index.
    index: PathBuf,
    _work: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The demo corpus ingested once per test binary; each server gets its own copy of the index.
fn demo_index() -> &'static Path {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, index) = INDEX.get_or_init(|| {
        let work = tempfile::tempdir().expect("temp dir");
        let index = work.path().join("index");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
            .arg("ingest")
            .arg(root.join("fixtures/demo/assessments.jsonl"))
            .arg("--index")
            .arg(&index)
            .arg("--quiet")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .expect("jamkoll runs");
        assert!(status.success(), "ingest of the demo corpus failed");
        (work, index)
    });
    index
}

fn serve() -> Server {
    serve_copy_of(demo_index())
}

/// `jamkoll serve` on a copy of the index in `source`.
fn serve_copy_of(source: &Path) -> Server {
    let work = tempfile::tempdir().expect("temp dir");
    let index = work.path().join("index");
    std::fs::create_dir(&index).expect("index dir");
    for entry in std::fs::read_dir(source).expect("the index") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), index.join(entry.file_name())).expect("copy index file");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(["serve", "--port", "0", "--index"])
        .arg(&index)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("jamkoll serve starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("serve prints its URL");
    let url = first.trim();
    let rest = url
        .strip_prefix("http://")
        .expect("an http URL on the first line");
    let (addr, token) = rest.split_once("/?t=").expect("URL with a token");
    assert!(addr.starts_with("127.0.0.1:"), "{url}");
    assert_eq!(token.len(), 32, "{url}");
    Server {
        child,
        addr: addr.to_string(),
        token: token.to_string(),
        index,
        _work: work,
    }
}

/// One HTTP/1.1 request; returns the status, the lower-cased header block and the body.
fn http(server: &Server, method: &str, target: &str, body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    let request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a response");
    let status = head[9..12].parse().expect("status code");
    (status, head.to_lowercase(), body.to_string())
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The findings page of `rule` in `unit` with extra query pairs.
fn findings_url(s: &Server, unit: &str, rule: &str, extra: &str) -> String {
    format!("/fynd?t={}&u={}&r={}{extra}", s.token, enc(unit), enc(rule))
}

/// The fingerprints on a findings page, in order.
fn fingerprints(page: &str) -> Vec<String> {
    page.split("id=\"f-")
        .skip(1)
        .map(|rest| rest[..16].to_string())
        .collect()
}

/// The unit and rule with the most findings, read from the served pages.
fn busiest(s: &Server) -> (String, String) {
    let (_, _, overview) = http(s, "GET", &format!("/?t={}", s.token), "");
    let unit_href = overview
        .split("href=\"/enhet?")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a unit link")
        .replace("&amp;", "&");
    let unit = form_urlencoded::parse(unit_href.as_bytes())
        .find(|(k, _)| k == "u")
        .map(|(_, v)| v.into_owned())
        .expect("u=");
    let (_, _, unit_page) = http(s, "GET", &format!("/enhet?{unit_href}"), "");
    let rule = unit_page
        .split("href=\"/regel?")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(|q| q.replace("&amp;", "&"))
        .and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "r")
                .map(|(_, v)| v.into_owned())
        })
        .expect("a rule link");
    (unit, rule)
}

#[test]
fn a_wrong_or_missing_token_gets_403_and_no_data() {
    let s = serve();
    for target in [
        "/",
        "/?t=00000000000000000000000000000000",
        "/enhet?u=Norr",
        "/regel?r=tvivelsverb",
        "/rapport",
        "/sammanfattning?u=Norr",
    ] {
        let (status, head, body) = http(&s, "GET", target, "");
        assert_eq!(status, 403, "{target}");
        assert!(head.contains("cache-control: no-store"), "{head}");
        assert!(
            !body.contains("<table") && !body.contains("Enhet"),
            "{body}"
        );
    }
    let (status, _, _) = http(&s, "POST", "/beslut", "fp=0&beslut=keep");
    assert_eq!(status, 403);
    let (status, head, body) = http(&s, "GET", &format!("/?t={}", s.token), "");
    assert_eq!(status, 200);
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(
        body.contains("<table") && !body.contains("<script"),
        "{body}"
    );
}

#[test]
fn filters_narrow_the_findings_and_a_posted_verdict_shows() {
    let s = serve();
    let before = files(&s.index);
    let (unit, rule) = busiest(&s);
    let (status, _, all) = http(&s, "GET", &findings_url(&s, &unit, &rule, ""), "");
    assert_eq!(status, 200);
    let every = fingerprints(&all);
    assert!(!every.is_empty(), "no findings of {rule} in {unit}");
    for (key, value, needle) in [
        ("kon", "kvinna", "Klient: kvinna"),
        ("kon", "man", "Klient: man"),
        (
            "omfang",
            "asserted",
            "påstått av skribenten · fingeravtryck",
        ),
    ] {
        let (_, _, page) = http(
            &s,
            "GET",
            &findings_url(&s, &unit, &rule, &format!("&{key}={value}")),
            "",
        );
        let cards = page.split("class=\"fynd").count() - 1;
        assert_eq!(page.matches(needle).count(), cards, "{key}={value}: {page}");
        assert!(cards <= every.len());
    }
    // Dismiss the first finding over plain HTTP: 303 back, then it is listed as dismissed.
    let fp = &every[0];
    let back = findings_url(&s, &unit, &rule, "");
    let (status, head, _) = http(
        &s,
        "POST",
        "/beslut",
        &format!(
            "t={}&fp={fp}&beslut=dismiss&skal=citat&anteckning=&tillbaka={}",
            s.token,
            enc(&back)
        ),
    );
    assert_eq!(status, 303, "{head}");
    assert!(
        head.contains(&format!("location: {}", back.to_lowercase())),
        "{head}"
    );
    let (_, _, dismissed) = http(
        &s,
        "GET",
        &findings_url(&s, &unit, &rule, "&beslut=dismiss"),
        "",
    );
    assert_eq!(fingerprints(&dismissed), vec![fp.clone()]);
    let (_, _, open) = http(
        &s,
        "GET",
        &findings_url(&s, &unit, &rule, "&beslut=none"),
        "",
    );
    assert_eq!(fingerprints(&open).len(), every.len() - 1);
    // The unit's summary is the review's HTML page, with the dismissal applied and counted
    // (review counts asserted findings only).
    let (status, _, summary) = http(
        &s,
        "GET",
        &format!("/sammanfattning?t={}&u={}", s.token, enc(&unit)),
        "",
    );
    assert_eq!(status, 200);
    assert!(summary.contains("<svg"), "no plot in the unit summary");
    if first_is_asserted(&all) {
        assert!(summary.contains("1 fynd avfärdade vid triage"), "{summary}");
    }
    // A note with a phone number is refused and not echoed.
    let (status, _, body) = http(
        &s,
        "POST",
        "/beslut",
        &format!(
            "t={}&fp={fp}&beslut=dismiss&skal=annat&anteckning={}",
            s.token,
            enc("ring 070-123 45 67")
        ),
    );
    assert_eq!(status, 400);
    assert!(!body.contains("070"), "{body}");
    // Serving wrote nothing but the verdict file (and its lock file, which is empty when no
    // write is under way).
    let lock = std::fs::read(s.index.join("verdicts.lock")).expect("the lock file");
    assert!(
        lock.is_empty(),
        "the lock file names a holder after the write"
    );
    let after: Vec<_> = files(&s.index)
        .into_iter()
        .filter(|(name, ..)| name != "verdicts.jsonl" && name != "verdicts.lock")
        .collect();
    assert_eq!(after, before, "serve changed the index folder");
    let shape = |v: &[(String, u64, std::time::SystemTime)]| -> Vec<(String, u64)> {
        v.iter().map(|(n, l, _)| (n.clone(), *l)).collect()
    };
    assert_eq!(
        shape(&after),
        shape(&files(demo_index())),
        "serve changed the index folder at start"
    );
}

/// Whether the first finding on a findings page is asserted.
/// The numbers of a served table's rows, by the text of their first cell (the link text).
fn tally_rows(page: &str) -> Vec<(String, Vec<String>)> {
    page.split("<tr>")
        .skip(2)
        .filter_map(|row| {
            let name = row.split("\">").nth(1)?.split('<').next()?.to_string();
            let cells = row
                .split("<td class=n>")
                .skip(1)
                .filter_map(|c| c.split("</td>").next().map(str::to_string))
                .collect();
            Some((name, cells))
        })
        .collect()
}

#[test]
fn the_overview_and_unit_pages_hide_small_counts_as_the_report_does() {
    let s = serve();
    let (_, _, overview) = http(&s, "GET", &format!("/?t={}", s.token), "");
    let rows = tally_rows(&overview);
    assert_eq!(rows.len(), 5, "{overview}");
    let numbers = |cells: &[String]| -> Vec<Option<u64>> {
        // By gender and all genders; the last two columns are the circle's verdicts.
        cells[..4].iter().map(|c| c.parse().ok()).collect()
    };
    for (unit, cells) in &rows {
        for n in numbers(cells).into_iter().flatten() {
            assert!(n == 0 || n >= 5, "{unit}: {n} shown: {cells:?}");
        }
        if let [k, m, o, all] = &numbers(cells)[..] {
            // A shown total with one hidden part would give the part away.
            let hidden = [k, m, o].iter().filter(|x| x.is_none()).count();
            assert!(all.is_none() || hidden != 1, "{unit}: {cells:?}");
        }
    }
    // Familjefrid Väst (3 men) has no gender breakdown in the review, so none here: its
    // findings by gender (2, 1, 1) are not shown, only that they are fewer than 5.
    let vast = &rows
        .iter()
        .find(|(u, _)| u == "Familjefrid Väst")
        .expect("Väst")
        .1;
    assert_eq!(vast[..4], ["·", "·", "·", "&lt;5"], "{overview}");
    assert!(overview.contains("tal från 1 till 4 visas som &lt;5"));
    // A unit's page breaks its rules down the same way.
    let (_, _, page) = http(
        &s,
        "GET",
        &format!("/enhet?t={}&u={}", s.token, enc("Vuxen/missbruk")),
        "",
    );
    let rules = tally_rows(&page);
    assert!(rules.len() > 5, "{page}");
    for (rule, cells) in &rules {
        for n in numbers(cells).into_iter().flatten() {
            assert!(n == 0 || n >= 5, "{rule}: {n} shown: {cells:?}");
        }
    }
}

/// Once a unit's findings are all triaged, its kept and dismissed add up to its total: they
/// are suppressed with it, so a hidden total is not given away by them.
#[test]
fn kept_and_dismissed_do_not_give_a_hidden_total_away() {
    let work = tempfile::tempdir().expect("temp dir");
    let index = work.path().join("index");
    std::fs::create_dir(&index).expect("index dir");
    for entry in std::fs::read_dir(demo_index()).expect("the index") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), index.join(entry.file_name())).expect("copy index file");
    }
    let jamkoll = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
            .args(args)
            .arg("--index")
            .arg(&index)
            .stdin(Stdio::null())
            .output()
            .expect("jamkoll runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    // Familjefrid Väst: 4 asserted findings, a total shown only as <5. Keep them all.
    let listed = jamkoll(&[
        "triage",
        "list",
        "--unit",
        "Familjefrid Väst",
        "--scope",
        "asserted",
        "--format",
        "jsonl",
    ]);
    let fps: Vec<String> = listed
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("jsonl");
            v["fingerprint"].as_str().expect("fingerprint").to_string()
        })
        .collect();
    assert_eq!(fps.len(), 4, "{listed}");
    let mut keep = vec!["triage", "keep"];
    keep.extend(fps.iter().map(String::as_str));
    jamkoll(&keep);

    let s = serve_copy_of(&index);
    let (_, _, overview) = http(&s, "GET", &format!("/?t={}", s.token), "");
    let vast = tally_rows(&overview)
        .into_iter()
        .find(|(u, _)| u == "Familjefrid Väst")
        .expect("Väst")
        .1;
    assert_eq!(vast[3], "&lt;5", "{overview}");
    // Kept and dismissed: 4 and 0 would say the total; the 4 is shown as <5.
    assert_eq!(vast[4..], ["&lt;5", "0"], "{overview}");
    // A unit page's rule rows the same way.
    let (_, _, page) = http(
        &s,
        "GET",
        &format!("/enhet?t={}&u={}", s.token, enc("Familjefrid Väst")),
        "",
    );
    for (rule, cells) in tally_rows(&page) {
        let shown: Vec<u64> = cells.iter().filter_map(|c| c.parse().ok()).collect();
        assert!(shown.iter().all(|&n| n == 0 || n >= 5), "{rule}: {cells:?}");
        if cells[3].parse::<u64>().is_err() {
            assert!(
                cells[4..].iter().any(|c| c.parse::<u64>().is_err()),
                "{rule}: kept and dismissed give the total away: {cells:?}"
            );
        }
    }
}

fn first_is_asserted(page: &str) -> bool {
    page.split("class=\"fynd").nth(1).is_some_and(|card| {
        card[..card.find("</div>").unwrap_or(card.len())]
            .contains("påstått av skribenten · fingeravtryck")
    })
}

/// Every file under `dir` with its size and modification time.
fn files(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("index dir")
        .map(|e| {
            let e = e.expect("entry");
            let m = e.metadata().expect("metadata");
            (
                e.file_name().to_string_lossy().into_owned(),
                m.len(),
                m.modified().expect("mtime"),
            )
        })
        .collect();
    out.sort();
    out
}

/// The values of `attr="…"` in `html`, with `&amp;` undone.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|v| v.replace("&amp;", "&"))
        .collect()
}

/// Every link a served page holds: its `href`s and `src`s, and the URL each GET form submits
/// with its hidden fields. A POST form must go to `/beslut` (posting is tested above).
fn links_of(page: &str) -> Vec<String> {
    let mut out = attributes(page, "href");
    out.extend(attributes(page, "src"));
    for form in page.split("<form").skip(1) {
        let form = &form[..form.find("</form>").expect("a closed form")];
        let action = attributes(form, "action").pop().expect("a form action");
        if form.contains("method=\"post\"") {
            assert_eq!(action, "/beslut", "{form}");
            continue;
        }
        let mut query = form_urlencoded::Serializer::new(String::new());
        for input in form.split("<input").skip(1) {
            let input = &input[..input.find('>').expect("an input's end")];
            if input.contains("type=\"hidden\"") {
                let name = attributes(input, "name").pop().expect("a name");
                let value = attributes(input, "value").pop().unwrap_or_default();
                query.append_pair(&name, &value);
            }
        }
        out.push(format!("{action}?{}", query.finish()));
    }
    out
}

/// Every page reachable from the printed URL, by path and query, with its body. Each link must
/// lead to a served page (200) or an anchor on its own page; nothing links out of the server.
fn crawl(s: &Server) -> std::collections::BTreeMap<String, String> {
    let start = format!("/?t={}", s.token);
    let mut todo = vec![start.clone()];
    let mut seen = std::collections::BTreeSet::from([start]);
    let mut pages = std::collections::BTreeMap::new();
    while let Some(target) = todo.pop() {
        let (status, head, body) = http(s, "GET", &target, "");
        assert_eq!(status, 200, "{target} (linked from a served page): {body}");
        if !head.contains("content-type: text/html") {
            continue;
        }
        for link in links_of(&body) {
            if let Some(anchor) = link.strip_prefix('#') {
                assert!(
                    body.contains(&format!("id=\"{anchor}\"")),
                    "{target} links to #{anchor}, which it does not have"
                );
                continue;
            }
            assert!(
                link.starts_with('/') && !link.starts_with("//"),
                "{target} links to {link:?}, which is not a page of the server"
            );
            let link = link.split('#').next().unwrap_or_default().to_string();
            if seen.insert(link.clone()) {
                todo.push(link);
            }
        }
        assert!(seen.len() < 2_000, "the crawl does not end");
        pages.insert(target, body);
    }
    pages
}

#[test]
fn every_link_of_every_served_page_leads_to_a_page() {
    let s = serve();
    let mut pages = std::collections::BTreeMap::new();
    for target in crawl(&s).into_keys() {
        let path = target.split('?').next().unwrap_or_default().to_string();
        *pages.entry(path).or_insert(0) += 1;
    }
    // Every kind of page was reached: the report's own pages (its overview and each unit's
    // summary) lead on to the served pages, and back.
    for path in [
        "/",
        "/enhet",
        "/fynd",
        "/regel",
        "/rapport",
        "/sammanfattning",
    ] {
        assert!(
            pages.contains_key(path),
            "no link leads to {path}: {pages:?}"
        );
    }
    let units = pages["/enhet"];
    assert_eq!(pages["/sammanfattning"], units, "{pages:?}");
    let (_, _, overview) = http(&s, "GET", &format!("/rapport?t={}", s.token), "");
    let unit_links = attributes(&overview, "href")
        .into_iter()
        .filter(|h| h.starts_with("/sammanfattning?"))
        .count();
    assert_eq!(unit_links, units, "{overview}");
    let (unit, _) = busiest(&s);
    let (_, _, summary) = http(
        &s,
        "GET",
        &format!("/sammanfattning?t={}&u={}", s.token, enc(&unit)),
        "",
    );
    let hrefs = attributes(&summary, "href");
    for wanted in ["/?t=", "/enhet?t=", "/fynd?t=", "/rapport?t="] {
        assert!(
            hrefs.iter().any(|h| h.starts_with(wanted)),
            "the unit summary has no link to {wanted}: {hrefs:?}"
        );
    }
}

#[test]
fn a_remote_address_is_refused_without_allow_remote() {
    let out = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(["serve", "--addr", "0.0.0.0", "--port", "0", "--index"])
        .arg(demo_index())
        .stdin(Stdio::null())
        .output()
        .expect("jamkoll runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}

/// Opens `url` in headless Chromium and returns the DOM after load.
fn dump_dom(browser: &Path, url: &str, work: &Path, tag: &str) -> String {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join(format!("{tag}-profile")).display()
        ))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("chromium starts");
    assert!(output.status.success(), "chromium failed on {url}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn chromium_opens_the_view_dismisses_a_finding_and_sees_it_after_reload() {
    let Some(browser) = chromium() else {
        return;
    };
    let s = serve();
    let work = tempfile::tempdir().expect("temp dir");
    let base = format!("http://{}", s.addr);

    // Open: the overview renders in the browser.
    let overview = dump_dom(
        &browser,
        &format!("{base}/?t={}", s.token),
        work.path(),
        "open",
    );
    assert!(
        overview.contains("<h1>Översikt</h1>") && overview.contains("<table"),
        "{overview}"
    );

    // Dismiss: the findings page's own dismiss form, submitted by the browser. Headless
    // Chromium cannot click without a debugging client, so the form is copied into a local page
    // that submits it on load (the served pages themselves have no script).
    let (unit, rule) = busiest(&s);
    let page_url = format!("{base}{}", findings_url(&s, &unit, &rule, ""));
    let page = dump_dom(&browser, &page_url, work.path(), "findings");
    let fp = fingerprints(&page)
        .into_iter()
        .next()
        .expect("a finding in the browser's DOM");
    let card = page
        .split(&format!("id=\"f-{fp}\""))
        .nth(1)
        .expect("the card");
    let card = &card[..card.find("</div>").expect("the card's end")];
    let form_start = card.rfind("<form").expect("a form");
    let form = &card[form_start..];
    let form = &form[..form.find("</form>").expect("form end") + 7];
    assert!(
        form.contains("value=\"dismiss\""),
        "the last form of a card dismisses: {form}"
    );
    let form = form.replace("action=\"/beslut\"", &format!("action=\"{base}/beslut\""));
    let submit = work.path().join("submit.html");
    std::fs::write(
        &submit,
        format!(
            "<!doctype html><meta charset=utf-8><body>{form}<script>\
             const f=document.forms[0]; f.skal.value='citat';\
             f.requestSubmit(f.querySelector('button[value=dismiss]'));</script>"
        ),
    )
    .expect("write the submit page");
    let after = dump_dom(
        &browser,
        &format!("file://{}", submit.display()),
        work.path(),
        "submit",
    );
    assert!(!after.is_empty());

    // Reload: the finding is dismissed.
    let reloaded = dump_dom(&browser, &page_url, work.path(), "reload");
    let card = reloaded
        .split(&format!("id=\"f-{fp}\""))
        .nth(1)
        .expect("the card after reload");
    let state = card
        .split("data-verdict=\"")
        .nth(1)
        .expect("a verdict mark");
    assert!(
        state.starts_with("dismiss"),
        "not dismissed after reload: {}",
        &state[..40.min(state.len())]
    );
    assert!(card[..card.find("</div>").unwrap_or(card.len())].contains("citat"));
}

#[test]
fn no_served_page_shows_an_identifier_of_the_texts() {
    // Identifiers next to the cues, ingested with --on-identifier redact: the stored text holds
    // placeholders, and every excerpt passes the gate again. Every page the crawl reaches
    // (findings, summaries with excerpts, the report's overview) is scanned.
    let work = tempfile::tempdir().expect("temp dir");
    let pnr = "811228-9874";
    let phone = "070-123 45 67";
    let mail = "mamma.andersson@example.se";
    let lines: Vec<String> = (0..24)
        .map(|i| {
            let (who, pron, gender) = if i % 2 == 0 {
                ("Mamman", "hon", "kvinna")
            } else {
                ("Pappan", "han", "man")
            };
            serde_json::json!({
                "id": format!("d{i}"), "unit": "Norr", "client_gender": gender,
                "area": "ekonomiskt bistånd",
                "text": format!("{who} ({pnr}) påstår att {pron} betalat hyran, nås på {phone} eller {mail}. {who} är hysterisk."),
            })
            .to_string()
        })
        .collect();
    let input = work.path().join("in.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").expect("corpus");
    let index = work.path().join("index");
    let status = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .arg("ingest")
        .arg(&input)
        .arg("--index")
        .arg(&index)
        .args(["--quiet", "--on-identifier", "redact"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("jamkoll runs");
    assert!(status.success());
    let s = serve_copy_of(&index);
    let pages = crawl(&s);
    assert!(
        pages.keys().any(|p| p.starts_with("/fynd?")) && pages.len() >= 8,
        "{:?}",
        pages.keys()
    );
    assert!(
        pages.values().any(|b| b.contains("<mark>påstår</mark>")),
        "no excerpt was shown"
    );
    for (target, body) in &pages {
        for needle in [
            pnr,
            "8112289874",
            "811228",
            phone,
            "0701234567",
            mail,
            "andersson",
        ] {
            assert!(
                !body.to_lowercase().contains(needle),
                "{target} shows an identifier"
            );
        }
    }
}
