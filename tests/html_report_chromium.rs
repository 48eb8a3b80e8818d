//! The HTML review opened in headless Chromium: the page renders, the plots are there, and the
//! page makes no network request (everything it needs is inline).
//!
//! Requests are read from Chromium's net log. Chromium makes background requests of its own
//! (update checks), so a request counts as the page's when its network isolation key is the
//! page's `file://` origin. A canary page that does load remote resources proves the detection
//! works on this machine's Chromium before the report is judged by it.
//!
//! Chromium is installed by `.ci/run`. Without it the test fails under CI (`CI` set) and is
//! reported as skipped elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::chromium;

/// Opens `page` headless, returns the rendered DOM and the URLs the page itself requested.
fn open(browser: &Path, page: &Path, work: &Path, tag: &str) -> (String, Vec<String>) {
    let netlog = work.join(format!("{tag}-netlog.json"));
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join(format!("{tag}-profile")).display()
        ))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("chromium starts");
    assert!(
        output.status.success(),
        "chromium failed on {}",
        page.display()
    );
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    let log: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&netlog).expect("chromium wrote its net log"))
            .expect("the net log is JSON");
    let mut urls: Vec<String> = log["events"]
        .as_array()
        .expect("net log events")
        .iter()
        .filter_map(|event| {
            let params = &event["params"];
            let url = params["url"].as_str()?;
            let key = params["network_isolation_key"].as_str()?;
            let from_page = key.contains("file://");
            let local = ["file:", "data:", "about:", "blob:"]
                .iter()
                .any(|scheme| url.starts_with(scheme));
            (from_page && !local).then(|| url.to_string())
        })
        .collect();
    urls.sort();
    urls.dedup();
    (dom, urls)
}

#[test]
fn html_review_renders_with_plots_and_makes_no_request() {
    let Some(browser) = chromium() else {
        return;
    };
    let work = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    // Positive control: a page with remote resources must show up as page requests.
    let canary = work.path().join("canary.html");
    std::fs::write(
        &canary,
        r#"<!doctype html><title>c</title><img src="http://canary.invalid/x.png" alt="">"#,
    )
    .expect("write canary");
    let (_, canary_urls) = open(&browser, &canary, work.path(), "canary");
    assert_eq!(
        canary_urls,
        vec!["http://canary.invalid/x.png".to_string()],
        "the net-log check no longer sees page requests; fix the test before trusting it"
    );

    let out = work.path().join("rapport");
    let status = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .arg("review")
        .arg(root.join("fixtures/demo/assessments.jsonl"))
        .arg("--index")
        .arg(work.path().join("index"))
        .arg("--out")
        .arg(&out)
        .args(["--format", "html", "--quiet"])
        .stdin(Stdio::null())
        .status()
        .expect("jamkoll runs");
    assert!(status.success(), "jamkoll review --format html failed");

    let mut pages: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("report folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 2, "an overview and unit pages: {pages:?}");

    let mut plots = 0;
    for page in &pages {
        let (dom, urls) = open(&browser, page, work.path(), "page");
        assert!(urls.is_empty(), "{} requested {urls:?}", page.display());
        assert!(
            dom.contains("<h1"),
            "{} has no heading after rendering",
            page.display()
        );
        plots += dom.matches("<svg").count();
    }
    assert!(plots > 0, "no SVG plot in any rendered page");

    // The unit with the planted doubt difference has its forest plot.
    let norr = pages
        .iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("norr"))
        })
        .expect("a page for Försörjningsstöd Norr");
    let (dom, _) = open(&browser, norr, work.path(), "norr");
    assert!(dom.contains("<svg"), "the Norr page has no plot");
    assert!(dom.contains("<figcaption"), "plots carry a caption");
}
