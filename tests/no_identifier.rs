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
    // Plenty of clean records in every cell, so reviews show figures and excerpts; a third of
    // them a year earlier, so a before/after review has two periods.
    for i in 0..36 {
        let (g, t) = if i % 2 == 0 {
            ("kvinna", WOMAN)
        } else {
            ("man", MAN)
        };
        let date: &[(&str, &str)] = if i % 3 == 0 {
            &[("date", "2023-03-01")]
        } else {
            &[]
        };
        lines.push(line(&next(), g, t, date));
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
        // Every metadata field, an unknown field, and the id itself. The name seed, a first
        // name with a surname, reads as a person in a unit, area or document type too
        // (docs/security.md), and is refused there as everywhere.
        for field in ["case_id", "unit", "document_type", "area", "kommentar"] {
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

/// Goals, gold passages, rule packs and triage files, each holding the seeds where a user
/// could put them (in `circle/`, beside the corpus, so `ingest inputs` does not read them).
fn write_circle_inputs(circle: &Path) {
    let seeds = seeds();
    let [pnr, email, name] = [&seeds[0].1, &seeds[7].1, &seeds[NAME_SEED].1];
    let all: Vec<&str> = seeds.iter().map(|(_, v, _)| v.as_str()).collect();
    let write = |rel: &str, content: String| {
        let path = circle.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    write(
        "goals.toml",
        "[[goal]]\ncategory = \"trovardighet\"\nmax_rate_ratio = 1.25\n\n\
         [[goal]]\nrule = \"tvivelsverb\"\nunit = \"Norr\"\nmax_rate = 0.1\ngender = \"alla\"\n"
            .to_string(),
    );
    // A goal about a unit named by a personnummer, and goals whose keys hold identifiers.
    write(
        "goals-seeded.toml",
        format!("[[goal]]\ncategory = \"trovardighet\"\nunit = \"{pnr}\"\nmax_rate_ratio = 1.25\n"),
    );
    write(
        "goals-bad.toml",
        format!(
            "[[goal]]\ncategory = \"{pnr}\"\nmax_rate_ratio = 1.25\n\n\
             [[goal]]\nrule = \"{pnr}\"\nmax_rate = 0.1\n\n[[goal]]\nname = \"{name}\"\n\
             category = \"trovardighet\"\nmax_rate = 0.1\n"
        ),
    );
    write(
        "goals-rule.toml",
        format!("[[goal]]\nrule = \"{name}\"\nmax_rate = 0.1\ngender = \"alla\"\n"),
    );
    write("goals-key.toml", format!("[[goal]]\n{email} = 1\n"));
    // Names in lower case, as an id (`fredrika-lindqvist`) and as a unit, in a goals file
    // named by a personnummer (its name is in every error and every unmet goal).
    let lower = name.to_lowercase();
    write(
        "goals-lower.toml",
        format!(
            "[[goal]]\nrule = \"{}\"\nmax_rate = 0.1\ngender = \"alla\"\n\n\
             [[goal]]\ncategory = \"trovardighet\"\nunit = \"{lower}\"\nmax_rate = 0.1\n",
            lower.replace(' ', "-")
        ),
    );
    write(
        &format!("{pnr}.toml"),
        "[[goal]]\ncategory = \"trovardighet\"\nmax_rate = 0\ngender = \"alla\"\n".to_string(),
    );
    write(
        &format!("{pnr}/bad.toml"),
        "[[goal]]\ncategory = \"trovardighet\"\nunit = \"Ingen\"\nmax_rate = 0\n".to_string(),
    );
    // Gold passages with the seeds in their texts and an id, and a line that is not JSON.
    let mut gold = Vec::new();
    for (i, value) in all.iter().enumerate() {
        gold.push(
            serde_json::json!({"id": format!("g{i}"), "area": "ekonomiskt_bistand",
                "client_gender": "kvinna",
                "text": format!("Hon påstår att {value} är rätt. Mamman är ledsen."),
                "labels": [{"category": "kanslor", "subject": "man", "cue": "ledsen"}]})
            .to_string(),
        );
    }
    gold.push(
        serde_json::json!({"id": pnr, "area": "ekonomiskt_bistand", "client_gender": "man",
            "text": MAN, "labels": []})
        .to_string(),
    );
    write("gold.jsonl", gold.join("\n") + "\n");
    write(
        "gold-bad.jsonl",
        format!("{{\"id\": \"{pnr}\", \"text\": {name}\n"),
    );
    // Rule packs: a rule file named by a personnummer, and a rule whose examples hold every
    // seed and fail (flagged where they must not be, not flagged where they must).
    let rule = |id: &str, examples: &str| {
        format!(
            "id = \"{id}\"\ncategory = \"kanslor\"\nmessage = \"m\"\n\n[doc]\nwhat = \"w\"\n\
             why = \"y\"\nquestion = \"q\"\n\n[match]\nkind = \"lexical\"\npatterns = [\"ledsen\"]\n\
             {examples}"
        )
    };
    write(&format!("rr/kanslor/{pnr}.toml"), rule("arg", ""));
    let mut examples = String::new();
    for value in &all {
        examples.push_str(&format!(
            "\n[[flag]]\ntext = \"Hon bor på {value} nu.\"\ngender = \"kvinna\"\nsubject = \"kvinna\"\n\
             \n[[clean]]\ntext = \"Mamman är ledsen, säger {value}.\"\ngender = \"kvinna\"\n"
        ));
    }
    write("rr2/kanslor/ledsen2.toml", rule("ledsen2", &examples));
    // A triage file whose rows hold a seed in every column, one bad value each, and one whose
    // rows are well formed but name a rule or a document by an identifier.
    let fp = "0123456789abcdef";
    let header = "fingerprint,rule,doc_id,unit,excerpt,verdict,reason,note,decided_by,decided_at";
    let mut rows = vec![header.to_string()];
    let mut ids = vec![header.to_string()];
    for value in &all {
        let v = format!("\"{value}\"");
        rows.extend([
            format!("{v},r,d,,,keep,,,,"),
            format!("{fp},r,d,{v},{v},keep,,,,"),
            format!("{fp},r,d,,,{v},,,,"),
            format!("{fp},r,d,,,\"maybe {value}\",,,,"),
            format!("{fp},r,d,,,dismiss,{v},,,"),
            format!("{fp},r,d,,,dismiss,annat,{v},,"),
            format!("{fp},r,d,,,keep,,,{v},"),
            format!("{fp},r,d,,,keep,,,,{v}"),
        ]);
        ids.extend([
            format!("{fp},{v},d,,,keep,,,,"),
            format!("{fp},r,{v},,,keep,,,,"),
        ]);
    }
    write("verdicts-ids.csv", ids.join("\n") + "\n");
    write("verdicts-bad.csv", rows.join("\n") + "\n");
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

fn files_under(dir: &Path, skip: &[&Path]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if skip.contains(&path.as_path()) {
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
    let circle = dir.join("circle");
    write_circle_inputs(&circle);

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
    // Names where a label, an area or a file goes: the gate's certain kinds are masked in every
    // message, so these check that names are not echoed either.
    let name = seeds()[NAME_SEED].1.clone();
    outs.push(jamkoll(
        dir,
        &["search", "--index", "ix", "arbete", "--unit", &name],
    ));
    outs.push(jamkoll(dir, &["review", "--index", "ix", "--area", &name]));
    outs.push(jamkoll(dir, &["review", "--index", "ix", "--unit", &name]));
    // The same in lower case: the gate finds names by their capital.
    let lower = name.to_lowercase();
    outs.push(jamkoll(dir, &["review", "--index", "ix", "--area", &lower]));
    outs.push(jamkoll(dir, &["review", "--index", "ix", "--unit", &lower]));
    outs.push(jamkoll(dir, &["review", "--index", "ix", "--from", &lower]));
    outs.push(jamkoll(
        dir,
        &["check", "--area", &name, "inputs/plain.txt"],
    ));
    outs.push(jamkoll(dir, &["check", &format!("inputs/txt/{pnr}.txt")]));
    outs.push(jamkoll(
        dir,
        &["search", "--index", "ix", "arbete", "--gender", &name],
    ));
    outs.push(jamkoll(
        dir,
        &["check", "--gender", &name, "inputs/plain.txt"],
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

    outs.extend(circle_commands(dir));
    outs.extend(triage_commands(dir));
    outs.extend(rules_and_eval_commands(dir));
    outs.extend(serve_pages(dir));
    outs.extend(removal_commands(dir));

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
    let written = files_under(dir, &[&inputs, &circle]);
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
    // The commands did their work, not only their error paths.
    let said = |args: &str, part: &str| {
        let out = outs.iter().find(|o| o.args == args).expect(args);
        assert!(
            out.stdout.contains(part) || out.stderr.contains(part),
            "`jamkoll {args}` lacks {part:?}:\n{}\n{}",
            out.stdout,
            out.stderr
        );
    };
    said(
        "triage import --index ix verdicts-ix2.csv",
        "3 verdict(s) recorded",
    );
    said("rules stats --index ix2", "tvivelsverb");
    // The rule pack's failing examples and a typed name are shown, by placeholder.
    said(
        "rules test --only-rules circle/rr2 --swap --coverage",
        "Hon bor på [NAMN] nu.",
    );
    said(
        "rules explain ledsen2 --only-rules circle/rr2",
        "[PERSONNUMMER]",
    );
    said(
        "rules explain Fredrika Lindqvist",
        "no rule has the id \"[NAMN]\"",
    );
    said(
        "check --gender Fredrika Lindqvist inputs/plain.txt",
        "field `--gender`: unknown gender; ",
    );
    said(
        "triage import --index ix2 circle/verdicts-bad.csv",
        "line 2, fingerprint:",
    );
    said(
        "review --index ix2 --min-cell 1 --from 2024-01-01 --to 2024-12-31 --compare-from 2023-01-01 --compare-to 2023-12-31 --format md",
        "före och efter",
    );
    // Lower-case names and paths named by a personnummer are echoed by placeholder.
    said(
        "triage list --index ix2 --unit fredrika lindqvist",
        "--unit \"[NAMN]\"",
    );
    said(
        "review --index ix --unit fredrika lindqvist",
        "--unit \"[NAMN]\"",
    );
    said(
        "review --index ix --area fredrika lindqvist",
        "--area \"[NAMN]\"",
    );
    said(
        "review --index ix --min-cell 1 --goals circle/goals-lower.toml",
        "no rule \"[NAMN]\"",
    );
    said(
        "review --index ix --min-cell 1 --goals circle/goals-lower.toml",
        "no unit \"[NAMN]\"",
    );
    said(
        "review --index ix --min-cell 1 --goals circle/811228-9874.toml",
        "goal not met: circle/[PERSONNUMMER].toml:",
    );
    said(
        "review --index ix --min-cell 1 --goals circle/811228-9874/bad.toml",
        "circle/[PERSONNUMMER]/bad.toml:",
    );
    said(
        "triage export --index ix2 --out 811228-9874.csv",
        "written to [PERSONNUMMER].csv",
    );
    for file in [
        "discussion-ix2/samtal.html",
        "compare-ix2/compare.html",
        "goals-ix2-17/index.html",
        "merged/index.html",
        "verdicts-ix.csv",
    ] {
        assert!(written.contains(&dir.join(file)), "{file} was not written");
    }
    assert!(
        outs.iter()
            .filter(|o| o.args.starts_with("serve: GET"))
            .count()
            >= 8,
        "serve pages fetched"
    );
}

/// Review with goals, discussion material and two periods, and counts for merge, on both
/// indexes; the goals files hold identifiers where a user could type them.
fn circle_commands(dir: &Path) -> Vec<Out> {
    let pnr = seeds()[0].1.clone();
    let mut outs = Vec::new();
    for ix in ["ix", "ix2"] {
        let with = |extra: &[&str]| {
            let mut args = vec!["review", "--index", ix, "--min-cell", "1"];
            args.extend_from_slice(extra);
            jamkoll(dir, &args)
        };
        for goals in [
            "circle/goals.toml",
            "circle/goals-seeded.toml",
            "circle/goals-bad.toml",
            "circle/goals-key.toml",
        ] {
            for format in ["md", "json", "csv"] {
                outs.push(with(&["--goals", goals, "--format", format]));
            }
            let out = format!("goals-{ix}-{}", goals.len());
            outs.push(with(&["--goals", goals, "--format", "html", "--out", &out]));
        }
        // A rule the pack does not have, named by a person: the error names it by placeholder.
        outs.push(with(&["--goals", "circle/goals-rule.toml"]));
        // In lower case too, and goals files named by a personnummer (an unmet goal, an error).
        outs.push(with(&["--goals", "circle/goals-lower.toml"]));
        let named = format!("circle/{pnr}.toml");
        outs.push(with(&["--goals", &named]));
        let named_bad = format!("circle/{pnr}/bad.toml");
        outs.push(with(&["--goals", &named_bad]));
        let missing = format!("circle/{pnr}/missing.toml");
        outs.push(with(&["--goals", &missing]));
        let disc = format!("discussion-{ix}");
        outs.push(with(&["--format", "html", "--discussion", "--out", &disc]));
        let periods = [
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--compare-from",
            "2023-01-01",
            "--compare-to",
            "2023-12-31",
        ];
        for format in ["md", "json", "csv"] {
            let mut args = periods.to_vec();
            args.extend(["--format", format]);
            outs.push(with(&args));
        }
        let out = format!("compare-{ix}");
        let mut args = periods.to_vec();
        args.extend(["--format", "html", "--out", &out]);
        outs.push(with(&args));
        let mut args = periods.to_vec();
        args[5] = &pnr;
        outs.push(with(&args));
        let counts = format!("counts-{ix}");
        outs.push(with(&["--format", "counts", "--out", &counts]));
    }
    for format in ["md", "json", "csv"] {
        outs.push(jamkoll(
            dir,
            &[
                "merge",
                "counts-ix/counts.json",
                "counts-ix2/counts.json",
                "--allow-split-units",
                "--format",
                format,
            ],
        ));
    }
    // Refused: the same unit in two files without --allow-split-units.
    outs.push(jamkoll(
        dir,
        &["merge", "counts-ix/counts.json", "counts-ix2/counts.json"],
    ));
    outs.push(jamkoll(
        dir,
        &[
            "merge",
            "counts-ix/counts.json",
            "--out",
            "merged",
            "--format",
            "html",
        ],
    ));
    // Not a counts file: the corpus itself, and a missing file named by a personnummer.
    outs.push(jamkoll(dir, &["merge", "inputs/seeded.jsonl"]));
    outs.push(jamkoll(dir, &["merge", &format!("{pnr}.json")]));
    outs
}

/// Every `rules` subcommand and `eval`, on the shipped pack and on packs and gold files holding
/// identifiers.
fn rules_and_eval_commands(dir: &Path) -> Vec<Out> {
    let pnr = seeds()[0].1.clone();
    let name = seeds()[NAME_SEED].1.clone();
    let missing = format!("inputs/{pnr}.jsonl");
    let lower = name.to_lowercase();
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["rules", "list"],
        vec!["rules", "list", "--only-rules", "circle/rr"],
        vec!["rules", "list", "--only-rules", "circle/rr2"],
        vec![
            "rules",
            "list",
            "--only-rules",
            "circle/rr2",
            "--format",
            "json",
        ],
        vec!["rules", "explain", "tvivelsverb"],
        vec!["rules", "explain", "tvivelsverb", "--lang", "en"],
        vec!["rules", "explain", &pnr],
        vec!["rules", "explain", &name],
        vec!["rules", "explain", &lower],
        vec!["rules", "explain", "ledsen2", "--only-rules", "circle/rr2"],
        vec![
            "rules",
            "test",
            "--only-rules",
            "circle/rr2",
            "--swap",
            "--coverage",
        ],
        vec!["rules", "test", "--only", "tvivelsverb", "--swap"],
        vec!["rules", "test", "--only-rules", "circle/rr"],
        vec!["rules", "cues"],
        vec!["rules", "cues", "--only-rules", "circle/rr2"],
        vec!["eval", "circle/gold.jsonl", "--errors"],
        vec!["eval", "circle/gold.jsonl", "--errors", "--format", "json"],
        vec!["eval", "circle/gold-bad.jsonl"],
        vec!["eval", &missing],
        vec!["check", "--only-rules", "circle/rr2", "inputs/plain.txt"],
    ];
    for ix in ["ix", "ix2"] {
        runs.push(vec!["rules", "stats", "--index", ix]);
        runs.push(vec!["rules", "stats", "--index", ix, "--format", "json"]);
    }
    runs.iter().map(|args| jamkoll(dir, args)).collect()
}

/// Verdicts recorded, listed, exported and imported, and every error path fed identifiers.
fn triage_commands(dir: &Path) -> Vec<Out> {
    let seeds = seeds();
    let [pnr, phone, name] = [&seeds[0].1, &seeds[4].1, &seeds[NAME_SEED].1];
    let mut outs = Vec::new();
    let listed = jamkoll(
        dir,
        &["triage", "list", "--index", "ix2", "--format", "jsonl"],
    );
    let fps: Vec<String> = listed
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|f| f["fingerprint"].as_str().map(str::to_string))
        .collect();
    assert!(fps.len() >= 3, "findings to triage: {}", listed.stdout);
    outs.push(listed);
    let (a, b, c) = (fps[0].as_str(), fps[1].as_str(), fps[2].as_str());
    let missing = format!("inputs/{pnr}.csv");
    let lower = name.to_lowercase();
    let export_named = format!("{pnr}.csv");
    let runs: Vec<Vec<&str>> = vec![
        // A unit named by a person in lower case, and an export file named by a personnummer.
        vec!["triage", "list", "--index", "ix2", "--unit", &lower],
        vec!["triage", "export", "--index", "ix2", "--out", &export_named],
        vec!["triage", "keep", "--index", "ix2", a],
        vec![
            "triage", "dismiss", "--index", "ix2", b, "--reason", "citat",
        ],
        vec![
            "triage",
            "dismiss",
            "--index",
            "ix2",
            c,
            "--reason",
            "annat",
            "--note",
            "mallens rubrik",
        ],
        // Identifiers where a fingerprint, a reason, a note or a role goes.
        vec!["triage", "keep", "--index", "ix2", pnr],
        vec!["triage", "keep", "--index", "ix2", name],
        vec!["triage", "keep", "--index", "ix2", a, "--by", name],
        vec!["triage", "keep", "--index", "ix2", a, "--by", pnr],
        vec!["triage", "dismiss", "--index", "ix2", a, "--reason", pnr],
        vec!["triage", "dismiss", "--index", "ix2", a, "--reason", name],
        vec![
            "triage", "dismiss", "--index", "ix2", a, "--reason", "annat", "--note", phone,
        ],
        vec![
            "triage", "dismiss", "--index", "ix2", a, "--reason", "annat", "--note", name,
        ],
        vec![
            "triage",
            "import",
            "--index",
            "ix2",
            "circle/verdicts-bad.csv",
        ],
        vec![
            "triage",
            "import",
            "--index",
            "ix2",
            "circle/verdicts-ids.csv",
        ],
        vec![
            "triage",
            "import",
            "--index",
            "ix2",
            "--by",
            name,
            "circle/verdicts-ids.csv",
        ],
        vec!["triage", "import", "--index", "ix2", &missing],
        vec!["triage", "list", "--index", "ix2"],
        vec!["triage", "list", "--index", "ix2", "--verdict", "dismiss"],
        vec![
            "triage",
            "export",
            "--index",
            "ix2",
            "--out",
            "verdicts-ix2.csv",
        ],
        // A round trip into the other index: the export holds excerpts.
        vec!["triage", "import", "--index", "ix", "verdicts-ix2.csv"],
        vec![
            "triage",
            "export",
            "--index",
            "ix",
            "--out",
            "verdicts-ix.csv",
        ],
    ];
    outs.extend(runs.iter().map(|args| jamkoll(dir, args)));
    outs
}

/// `jamkoll serve` on the redacted index: the overview and every page it links to (units, a
/// unit's findings per rule, rule pages, summaries, the report), fetched over plain HTTP/1.1.
fn serve_pages(dir: &Path) -> Vec<Out> {
    use std::io::{BufRead as _, Read as _, Write as _};

    /// Kills the server however the test ends.
    struct Server(std::process::Child);
    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    let stderr = std::fs::File::create(dir.join("serve.stderr")).unwrap();
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_jamkoll"))
            .args(["serve", "--port", "0", "--index", "ix2"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("jamkoll serve starts"),
    );
    let mut stdout = std::io::BufReader::new(server.0.stdout.take().unwrap());
    let mut url = String::new();
    stdout.read_line(&mut url).expect("serve prints its URL");
    let (addr, home) = url
        .trim()
        .strip_prefix("http://")
        .and_then(|rest| rest.split_once('/'))
        .expect("an http URL on the first line");
    let get = |target: &str| {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        String::from_utf8_lossy(&raw).into_owned()
    };
    let mut outs = vec![Out {
        args: "serve (its first line)".into(),
        stdout: url.clone(),
        stderr: String::new(),
    }];
    let mut queue = vec![format!("/{home}")];
    let mut seen = std::collections::BTreeSet::new();
    let mut kinds = std::collections::BTreeSet::new();
    while let Some(target) = queue.pop() {
        if seen.len() >= 150 || !seen.insert(target.clone()) {
            continue;
        }
        let page = get(&target);
        assert!(page.starts_with("HTTP/1.1 200"), "GET {target}: {page}");
        kinds.insert(target.split('?').next().unwrap_or("").to_string());
        for href in page.split("href=\"").skip(1) {
            let link = href.split('"').next().unwrap_or("").replace("&amp;", "&");
            if link.starts_with('/') && !link.starts_with("//") {
                queue.push(link);
            }
        }
        outs.push(Out {
            args: format!("serve: GET {target}"),
            stdout: page,
            stderr: String::new(),
        });
    }
    for kind in ["/", "/enhet", "/fynd", "/regel"] {
        assert!(
            kinds.contains(kind),
            "no {kind} page was reached: {kinds:?}"
        );
    }
    drop(server);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    outs.push(Out {
        args: "serve (the rest of its output)".into(),
        stdout: rest,
        stderr: std::fs::read_to_string(dir.join("serve.stderr")).unwrap(),
    });
    outs
}

/// Culling and deleting for real, last (they change the indexes the other commands read).
fn removal_commands(dir: &Path) -> Vec<Out> {
    let name = seeds()[NAME_SEED].1.clone();
    let runs: Vec<Vec<&str>> = vec![
        vec!["delete", "--index", "ix2", "--id", &name],
        vec!["delete", "--index", "ix2", "--id", "r002", "--id", "r003"],
        vec![
            "gallra",
            "--index",
            "ix2",
            "--before",
            "2023-06-01",
            "--dry-run",
        ],
        vec!["gallra", "--index", "ix2", "--before", "2023-06-01"],
        vec!["info", "--index", "ix2"],
        vec!["info", "--index", "ix2", "--format", "json"],
    ];
    runs.iter().map(|args| jamkoll(dir, args)).collect()
}
