//! No identifier anywhere: a corpus seeded with personnummer, samordningsnummer, phone numbers,
//! e-mail addresses, street and postal addresses and names, in every format and position (text
//! start, middle and end, every metadata field, an identifier-named column, a CSV, a text
//! file's front-matter, a file name), run through every command in both ingest modes, in every
//! output format, and through the error paths. Standard output, standard error and every file
//! written (index segments, verdicts, reports) are scanned for each identifier, in the forms an
//! index or a report could hold it (as written, digits only, lower case, the date part).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jamkoll_redact::Gate;

fn luhn(nine: &str) -> u32 {
    let sum: u32 = nine
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let v = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// A valid ten-digit number for a date (`yymmdd`, day + 60 for a samordningsnummer).
fn national(yymmdd: &str, serial: &str) -> String {
    let nine = format!("{yymmdd}{serial}");
    format!("{nine}{}", luhn(&nine))
}

/// The seeded identifiers: `(what, as written in the corpus, needles to scan for)`.
fn seeds() -> Vec<(&'static str, String, Vec<String>)> {
    let pnr = national("811228", "987");
    let pnr2 = national("650704", "123");
    let sam = national("811288", "456");
    let pnr12 = format!("19{}", national("790315", "222"));
    vec![
        (
            "personnummer yymmdd-nnnn",
            format!("{}-{}", &pnr[..6], &pnr[6..]),
            vec![pnr.clone(), format!("{}-{}", &pnr[..6], &pnr[6..])],
        ),
        (
            "personnummer yymmdd+nnnn",
            format!("{}+{}", &pnr2[..6], &pnr2[6..]),
            vec![pnr2.clone(), "650704".to_string()],
        ),
        (
            "samordningsnummer",
            format!("{}-{}", &sam[..6], &sam[6..]),
            vec![sam.clone(), "811288".to_string()],
        ),
        (
            "personnummer twelve digits",
            pnr12.clone(),
            vec![pnr12.clone(), pnr12[2..].to_string(), "790315".to_string()],
        ),
        (
            "mobile",
            "070-913 45 67".to_string(),
            vec![
                "070-913 45 67".into(),
                "0709134567".into(),
                "913 45 67".into(),
            ],
        ),
        (
            "international mobile",
            "+46 73 582 19 04".to_string(),
            vec![
                "+46 73 582 19 04".into(),
                "735821904".into(),
                "582 19 04".into(),
            ],
        ),
        (
            "landline",
            "08-718 452 93".to_string(),
            vec![
                "08-718 452 93".into(),
                "0871845293".into(),
                "718 452 93".into(),
            ],
        ),
        (
            "e-mail",
            "lena.qvarnstrom@example.se".to_string(),
            vec!["lena.qvarnstrom@example.se".into(), "qvarnstrom".into()],
        ),
        (
            "street address",
            "Kvarngatan 14".to_string(),
            vec!["Kvarngatan 14".into(), "kvarngatan".into()],
        ),
        (
            "postal address",
            "903 27 Umeå".to_string(),
            vec!["903 27".into(), "90327".into()],
        ),
        (
            "name",
            "Fredrika Lindqvist".to_string(),
            vec![
                "Fredrika".into(),
                "fredrika".into(),
                "Lindqvist".into(),
                "lindqvist".into(),
            ],
        ),
    ]
}

/// The index of the name in [`seeds`].
const NAME_SEED: usize = 10;

/// A record line; `extra` adds or overrides fields.
fn line(id: &str, gender: &str, text: &str, extra: &[(&str, &str)]) -> String {
    let mut v = serde_json::json!({
        "id": id, "unit": "Norr", "client_gender": gender, "case_id": format!("c-{id}"),
        "date": "2024-03-01", "area": "ekonomiskt_bistand", "document_type": "utredning",
        "text": text,
    });
    for (k, val) in extra {
        v[*k] = serde_json::json!(val);
    }
    v.to_string()
}

/// Gendered sentences the rules flag, so reviews have excerpts near the identifiers.
const WOMAN: &str = "Hon påstår att hon har sökt arbete. Mamman är ledsen och orolig.";
const MAN: &str = "Han uppger att han har sökt arbete. Pappan är arg och hotfull.";

fn write_corpus(inputs: &Path) {
    std::fs::create_dir_all(inputs.join("txt")).unwrap();
    let mut lines = Vec::new();
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("r{n:03}")
    };
    // Plenty of clean records in every cell, so reviews show figures and excerpts.
    for i in 0..24 {
        let (g, t) = if i % 2 == 0 {
            ("kvinna", WOMAN)
        } else {
            ("man", MAN)
        };
        lines.push(line(&next(), g, t, &[]));
    }
    for (i, (_, value, _)) in seeds().iter().enumerate() {
        let (g, t) = if i % 2 == 0 {
            ("kvinna", WOMAN)
        } else {
            ("man", MAN)
        };
        // Text start, middle and end.
        lines.push(line(&next(), g, &format!("{value} {t}"), &[]));
        lines.push(line(
            &next(),
            g,
            &format!("Hon påstår att {value} är rätt. {t}"),
            &[],
        ));
        lines.push(line(&next(), g, &format!("{t} Kontakt: {value}"), &[]));
        // Every metadata field, an unknown field, and the id itself. A likely name is allowed
        // in unit, area and document type (unit names are often place names that the name
        // lists hold; docs/security.md), so the name seed goes only where names are refused.
        for field in ["case_id", "unit", "document_type", "area", "kommentar"] {
            if i == NAME_SEED && matches!(field, "unit" | "document_type" | "area") {
                continue;
            }
            lines.push(line(&next(), g, t, &[(field, value)]));
        }
        lines.push(line(value, g, t, &[]));
    }
    std::fs::write(inputs.join("seeded.jsonl"), lines.join("\n")).unwrap();

    let pnr = &seeds()[0].1;
    let phone = &seeds()[4].1;
    // A CSV with identifiers in cells, and one with an identifier-named column.
    std::fs::write(
        inputs.join("seeded.csv"),
        format!(
            "id;unit;client_gender;text\ncsv1;Norr;kvinna;{WOMAN} Pnr {pnr}.\ncsv2;Norr;man;{MAN}\ncsv3;{phone};man;{MAN}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        inputs.join("named_column.csv"),
        format!("id;unit;client_gender;personnummer;text\ncsv9;Norr;man;{pnr};{MAN}\n"),
    )
    .unwrap();
    // Text files: an identifier in the front-matter id, in the text, and in the file name.
    std::fs::write(
        inputs.join("txt/a.txt"),
        format!("---\nid: {pnr}\nunit: Norr\nclient_gender: kvinna\n---\n{WOMAN}\n"),
    )
    .unwrap();
    std::fs::write(
        inputs.join(format!("txt/{pnr}.txt")),
        format!("---\nunit: Norr\nclient_gender: man\n---\n{MAN}\n"),
    )
    .unwrap();
    std::fs::write(
        inputs.join("txt/b.txt"),
        format!("---\nid: txtb\nunit: Norr\nclient_gender: man\n---\n{MAN} Ring {phone}.\n"),
    )
    .unwrap();
    // Plain text for `check`.
    let all: Vec<String> = seeds().into_iter().map(|(_, v, _)| v).collect();
    std::fs::write(
        inputs.join("plain.txt"),
        format!(
            "{WOMAN} {}\n\n{MAN} {}\n",
            all.join(". Hon påstår "),
            all.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(inputs.join("ids.txt"), format!("{pnr}\nr001\n")).unwrap();
}

struct Out {
    args: String,
    stdout: String,
    stderr: String,
}

fn jamkoll(dir: &Path, args: &[&str]) -> Out {
    let o = Command::new(env!("CARGO_BIN_EXE_jamkoll"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("jamkoll runs");
    let code = o.status.code();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        code.is_some() && code != Some(101) && !stderr.contains("panicked"),
        "jamkoll {}: {code:?}\n{stderr}",
        args.join(" ")
    );
    Out {
        args: args.join(" "),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr,
    }
}

fn files_under(dir: &Path, skip: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path == skip {
            continue;
        }
        if path.is_dir() {
            out.extend(files_under(&path, skip));
        } else {
            out.push(path);
        }
    }
    out
}

/// Commands of this build, from `jamkoll --help`.
fn has_command(dir: &Path, name: &str) -> bool {
    jamkoll(dir, &["--help"])
        .stdout
        .lines()
        .any(|l| l.trim_start().starts_with(&format!("{name} ")))
}

#[test]
fn no_command_prints_or_writes_an_identifier() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inputs = dir.join("inputs");
    write_corpus(&inputs);

    // Precondition: the gate knows every seed, so a leak is jamkoll's, not the test's.
    let gate = Gate::new();
    for (what, value, _) in seeds() {
        assert!(
            !gate.scan(&format!("Hon bor på {value} nu.")).is_empty(),
            "the gate does not find the seeded {what}; pick another"
        );
    }

    let mut outs = vec![
        jamkoll(dir, &["ingest", "--index", "ix", "inputs"]),
        jamkoll(
            dir,
            &[
                "ingest",
                "--index",
                "ix2",
                "--on-identifier",
                "redact",
                "inputs",
            ],
        ),
        jamkoll(dir, &["ingest", "--index", "ix3", "--strict", "inputs"]),
        jamkoll(
            dir,
            &[
                "ingest",
                "--index",
                "ix4",
                "--drop-field",
                "personnummer",
                "inputs/named_column.csv",
            ],
        ),
    ];
    let pnr = seeds()[0].1.clone();
    let email = seeds()[7].1.clone();
    for ix in ["ix", "ix2"] {
        for query in [
            "hon",
            "arbete",
            "orolig",
            "kontakt",
            &pnr,
            &email,
            "kvarngatan",
            "lindqvist",
            "\"påstår att\"",
        ] {
            outs.push(jamkoll(dir, &["search", "--index", ix, query]));
            outs.push(jamkoll(
                dir,
                &[
                    "search", "--index", ix, query, "--format", "json", "--limit", "100",
                ],
            ));
        }
        outs.push(jamkoll(dir, &["info", "--index", ix]));
        outs.push(jamkoll(dir, &["info", "--index", ix, "--format", "json"]));
        for format in ["md", "json", "csv"] {
            outs.push(jamkoll(
                dir,
                &[
                    "review",
                    "--index",
                    ix,
                    "--format",
                    format,
                    "--min-cell",
                    "1",
                ],
            ));
            outs.push(jamkoll(
                dir,
                &["review", "--index", ix, "--format", format, "--lang", "en"],
            ));
        }
        for format in ["md", "html", "json", "csv"] {
            let out = format!("reports-{ix}-{format}");
            outs.push(jamkoll(
                dir,
                &[
                    "review",
                    "--index",
                    ix,
                    "--format",
                    format,
                    "--out",
                    &out,
                    "--min-cell",
                    "1",
                ],
            ));
        }
    }
    outs.push(jamkoll(
        dir,
        &["review", "--index", "ix5", "--format", "json", "inputs"],
    ));
    for input in [
        "inputs/seeded.jsonl",
        "inputs/plain.txt",
        "inputs/seeded.csv",
        "inputs/txt",
    ] {
        outs.push(jamkoll(dir, &["check", input]));
        outs.push(jamkoll(
            dir,
            &["check", input, "--all-scopes", "--format", "json"],
        ));
    }
    // Error paths that could echo a value.
    outs.push(jamkoll(
        dir,
        &["delete", "--index", "ix2", "--id", &pnr, "--dry-run"],
    ));
    outs.push(jamkoll(
        dir,
        &["delete", "--index", "ix2", "--ids-from", "inputs/ids.txt"],
    ));
    outs.push(jamkoll(
        dir,
        &["gallra", "--index", "ix2", "--before", &pnr],
    ));
    outs.push(jamkoll(
        dir,
        &[
            "gallra",
            "--index",
            "ix2",
            "--before",
            "2024-06-01",
            "--dry-run",
        ],
    ));
    outs.push(jamkoll(dir, &["search", "--index", "nope", &pnr]));
    outs.push(jamkoll(
        dir,
        &["search", "--index", "ix", &format!("\"{pnr}")],
    ));
    outs.push(jamkoll(
        dir,
        &["search", "--index", "ix", "arbete", "--gender", &pnr],
    ));
    outs.push(jamkoll(
        dir,
        &["search", "--index", "ix", "arbete", "--unit", &pnr],
    ));
    outs.push(jamkoll(
        dir,
        &[
            "ingest",
            "--index",
            "ix6",
            "--map",
            &format!("unit={pnr}"),
            "inputs/seeded.csv",
        ],
    ));
    outs.push(jamkoll(
        dir,
        &[
            "ingest",
            "--index",
            "ix6",
            "--encoding",
            &pnr,
            "inputs/seeded.csv",
        ],
    ));
    outs.push(jamkoll(dir, &["review", "--index", "ix2", "--from", &pnr]));
    outs.push(jamkoll(
        dir,
        &[
            "review", "--index", "ix2", "--unit", &pnr, "--format", "json",
        ],
    ));
    outs.push(jamkoll(
        dir,
        &["check", "--gender", &pnr, "inputs/plain.txt"],
    ));
    outs.push(jamkoll(
        dir,
        &["ingest", "--index", "ix7", &format!("inputs/{pnr}.jsonl")],
    ));
    if has_command(dir, "triage") {
        outs.push(jamkoll(dir, &["triage", "list", "--index", "ix2"]));
        outs.push(jamkoll(
            dir,
            &[
                "triage",
                "export",
                "--index",
                "ix2",
                "--out",
                "verdicts.csv",
            ],
        ));
    }
    if has_command(dir, "merge") {
        outs.push(jamkoll(
            dir,
            &[
                "review", "--index", "ix2", "--format", "counts", "--out", "counts-a",
            ],
        ));
        outs.push(jamkoll(
            dir,
            &["merge", "counts-a/counts.json", "--format", "json"],
        ));
    }

    let mut leaks = Vec::new();
    for out in &outs {
        for (what, _, needles) in seeds() {
            for needle in &needles {
                for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                    if text.contains(needle.as_str()) {
                        leaks.push(format!(
                            "{what} ({needle:?}) in the {stream} of `jamkoll {}`",
                            out.args
                        ));
                    }
                }
            }
        }
    }
    let written = files_under(dir, &inputs);
    assert!(
        written.iter().any(|p| p.starts_with(dir.join("ix2"))),
        "the redacted index was written"
    );
    for file in &written {
        let bytes = std::fs::read(file).unwrap();
        for (what, _, needles) in seeds() {
            for needle in &needles {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    leaks.push(format!(
                        "{what} ({needle:?}) in {}",
                        file.strip_prefix(dir).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "identifiers leaked:\n{}",
        leaks.join("\n")
    );
    // The scan looked at something: the reports and indexes exist and the review found text.
    assert!(written.len() > 20, "only {} files written", written.len());
}
