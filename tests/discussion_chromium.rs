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
        check_choice(&name, &html);
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
    assert_eq!(with_excerpts, 3, "the three units with planted differences");
}

/// The footers of a page's excerpts.
fn footers(html: &str) -> Vec<&str> {
    html.split("<footer>")
        .skip(1)
        .filter_map(|f| f.split("</footer>").next())
        .collect()
}

/// Whose an excerpt is, from its footer: 0 for women (girls, mothers), 1 for men.
fn side(footer: &str) -> usize {
    const WOMEN: [&str; 5] = [
        "ärende om en kvinna",
        "fynd om en kvinna",
        "fynd om en flicka",
        "lagt på mamman",
        "lagt på en annan kvinna eller flicka",
    ];
    const MEN: [&str; 5] = [
        "ärende om en man",
        "fynd om en man",
        "fynd om en pojke",
        "lagt på pappan",
        "lagt på en annan man eller pojke",
    ];
    if WOMEN.iter().any(|w| footer.contains(w)) {
        0
    } else {
        assert!(MEN.iter().any(|m| footer.contains(m)), "whose? {footer}");
        1
    }
}

/// The demo's planted patterns show on both sides, balanced, one of each sentence, never from
/// a count the page hides; the units without a pattern say why they have no excerpts.
fn check_choice(name: &str, html: &str) {
    let feet = footers(html);
    let women = feet.iter().filter(|f| side(f) == 0).count();
    let men = feet.len() - women;
    match name {
        // Mothers' duties against fathers' invisibility and "helping" (by the person the
        // finding is about); doubt about women's accounts against the breadwinner role and
        // work duties on men; women's appearance against men's threat labels.
        "samtal-barn-och-familj-ost.html"
        | "samtal-forsorjningsstod-norr.html"
        | "samtal-vuxen-missbruk.html" => {
            assert!(women >= 3 && men >= 3, "{name}: {women} women, {men} men");
        }
        "samtal-familjefrid-vast.html" => {
            assert!(feet.is_empty());
            assert!(
                html.contains("för få ärenden med kvinnor eller män"),
                "{name}"
            );
        }
        "samtal-aldreomsorg-centrum.html" => {
            assert!(feet.is_empty());
            assert!(html.contains("tabellerna visar ingen skillnad"), "{name}");
        }
        _ => panic!("unexpected page {name}"),
    }
    if women.abs_diff(men) > 1 {
        assert!(
            html.contains("Färre utdrag om"),
            "{name}: unbalanced, unsaid"
        );
    }
    // One of each sentence.
    let mut texts: Vec<String> = html
        .split("<blockquote><p>")
        .skip(1)
        .filter_map(|b| b.split("</p>").next())
        .map(|t| {
            t.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let n = texts.len();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), n, "{name}: a sentence twice");
    // Never from a hidden count: where a key-figure line shows a side as "<5", no excerpt of
    // that pattern is about that side ("läggs på mamman i 12 ärenden och på pappan i <5").
    for line in html.split("<li><strong>").skip(1) {
        let Some((head, rest)) = line.split_once("</strong>") else {
            continue;
        };
        let rest = rest.split("</li>").next().unwrap_or_default();
        let hidden: Vec<&str> = [
            "mamman",
            "pappan",
            "en kvinna",
            "en man",
            "en flicka",
            "en pojke",
        ]
        .into_iter()
        .filter(|who| {
            rest.contains(&format!("{who} i &lt;5")) || rest.contains(&format!("om {who} i &lt;5"))
        })
        .collect();
        for who in hidden {
            for f in &feet {
                assert!(
                    !(f.starts_with(head)
                        && (f.contains(&format!("om {who} ·"))
                            || f.contains(&format!("på {who} ·")))),
                    "{name}: an excerpt from a hidden cell: {f} ({head}{rest})"
                );
            }
        }
    }
}
