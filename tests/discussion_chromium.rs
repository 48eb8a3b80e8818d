//! Discussion material (`jamkoll review --format html --discussion`) printed to PDF by headless
//! Chromium: every unit's material prints on A4, on two to four pages (the questions and notes
//! start on a new page), and the units with a flagged pattern carry 6 to 10 excerpts.
//!
//! Chromium is installed by `.ci/run`. Without it the test fails under CI (`CI` set) and is
//! reported as skipped elsewhere.

use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::chromium;

/// Prints `page` to a PDF and returns its bytes.
fn print(browser: &Path, page: &Path, work: &Path) -> Vec<u8> {
    let pdf = work.join("out.pdf");
    let _ = std::fs::remove_file(&pdf);
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("chromium starts");
    assert!(status.success(), "chromium failed on {}", page.display());
    std::fs::read(&pdf).expect("chromium wrote the PDF")
}

/// Page objects (`/Type /Page`, not `/Pages`) and the media boxes of a PDF.
fn pages(pdf: &[u8]) -> (usize, Vec<String>) {
    let text = String::from_utf8_lossy(pdf);
    let count = text
        .match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count();
    let boxes = text
        .match_indices("/MediaBox")
        .filter_map(|(i, _)| {
            let rest = &text[i..];
            let end = rest.find(']')?;
            Some(rest[..=end].to_string())
        })
        .collect();
    (count, boxes)
}

#[test]
fn discussion_material_prints_on_a4_with_excerpts() {
    let Some(browser) = chromium() else {
        return;
    };
    let work = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = work.path().join("samtal");
    let output = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .arg("review")
        .arg(root.join("fixtures/demo/assessments.jsonl"))
        .arg("--index")
        .arg(work.path().join("index"))
        .args(["--format", "html", "--discussion", "--quiet", "--out"])
        .arg(&out)
        .stdin(Stdio::null())
        .output()
        .expect("jamkoll runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let index = std::fs::read_to_string(out.join("samtal.html")).expect("samtal.html");
    let mut units = 0;
    let mut with_excerpts = 0;
    for entry in std::fs::read_dir(&out).expect("out dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if !name.starts_with("samtal-") {
            continue;
        }
        units += 1;
        assert!(
            index.contains(&format!("href=\"{name}\"")),
            "{name} not linked"
        );
        let html = std::fs::read_to_string(&path).expect("page");
        assert!(html.contains("@page{size:A4"));
        assert!(html.contains("Frågor att samtala om") && html.contains("class=\"line\""));
        let excerpts = html.matches("<blockquote>").count();
        assert!(excerpts <= 10, "{name}: {excerpts} excerpts");
        if excerpts > 0 {
            with_excerpts += 1;
            assert!(excerpts >= 6, "{name}: only {excerpts} excerpts");
        }
        let (count, boxes) = pages(&print(&browser, &path, work.path()));
        assert!((2..=4).contains(&count), "{name}: {count} pages");
        assert!(!boxes.is_empty());
        for b in boxes {
            // A4 is 595 × 842 points.
            let nums: Vec<f64> = b
                .trim_start_matches("/MediaBox")
                .trim_matches([' ', '[', ']'])
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            assert!(
                nums.len() == 4 && (nums[2] - 595.0).abs() < 2.0 && (nums[3] - 842.0).abs() < 2.0,
                "{name}: not A4: {b}"
            );
        }
    }
    assert_eq!(units, 5, "one material per demo unit");
    assert!(with_excerpts >= 2, "the flagged units have excerpts");
}
