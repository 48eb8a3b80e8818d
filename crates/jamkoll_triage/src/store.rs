//! The verdict file: an append-only JSON Lines log inside the index folder.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::Fingerprint;
use crate::error::Error;
use crate::verdict::{Decision, Line, Verdict, is_utc_stamp};

/// The verdict file's name inside the index folder. The index folder is private (0700), the
/// file is written 0600, and the case texts are never touched.
pub const VERDICT_FILE: &str = "verdicts.jsonl";

/// Every verdict recorded for an index.
///
/// The file is a log: [`VerdictStore::record`] appends one line, so a crash loses at most the
/// verdict being written, and the last line for a fingerprint wins when the file is read.
/// [`VerdictStore::compact`] and [`VerdictStore::remove_documents`] rewrite it atomically
/// (a temporary file, then a rename), keeping one line per finding.
#[derive(Debug, Clone)]
pub struct VerdictStore {
    path: PathBuf,
    verdicts: BTreeMap<Fingerprint, Verdict>,
    by_doc: HashMap<String, BTreeSet<Fingerprint>>,
    lines: usize,
    /// The file ends in a line cut short (a crash mid-write): the next write compacts first.
    torn_tail: bool,
}

/// Keep and dismiss counts of one rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Findings kept.
    pub keep: u64,
    /// Findings dismissed.
    pub dismiss: u64,
}

impl Tally {
    /// Verdicts in all.
    pub fn total(&self) -> u64 {
        self.keep + self.dismiss
    }

    /// keep / (keep + dismiss), or `None` without verdicts.
    pub fn precision(&self) -> Option<f64> {
        (self.total() > 0).then(|| self.keep as f64 / self.total() as f64)
    }
}

impl VerdictStore {
    /// Where the verdicts of the index in `index_dir` live.
    pub fn path_in(index_dir: &Path) -> PathBuf {
        index_dir.join(VERDICT_FILE)
    }

    /// Reads the verdicts of the index in `index_dir`; no file means no verdicts yet. A line
    /// that cannot be read is an error naming it, except a last line cut short by a crash,
    /// which is skipped (see [`VerdictStore::torn_tail`]).
    pub fn load(index_dir: &Path) -> Result<VerdictStore, Error> {
        let path = VerdictStore::path_in(index_dir);
        let mut store = VerdictStore {
            path,
            verdicts: BTreeMap::new(),
            by_doc: HashMap::new(),
            lines: 0,
            torn_tail: false,
        };
        let text = match fs::read_to_string(&store.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(store),
            Err(e) => return Err(Error::io(&store.path, e)),
        };
        let complete = text.ends_with('\n');
        let count = text.lines().count();
        for (n, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            let parsed = serde_json::from_str::<Line>(raw)
                .map_err(|e| e.to_string())
                .and_then(|line| line.into_verdict().map_err(|e| e.to_string()))
                .and_then(|v| {
                    if is_utc_stamp(&v.decided_at) {
                        Ok(v)
                    } else {
                        Err("decided_at is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)".to_string())
                    }
                });
            match parsed {
                Ok(v) => {
                    store.lines += 1;
                    store.insert(v);
                }
                Err(_) if n + 1 == count && !complete => store.torn_tail = true,
                Err(reason) => {
                    return Err(Error::Corrupt {
                        path: store.path.clone(),
                        line: n + 1,
                        reason,
                    });
                }
            }
        }
        if !complete && !text.is_empty() {
            store.torn_tail = true;
        }
        Ok(store)
    }

    /// The verdict file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file ended in a line without a line break (cut short); it was skipped if it
    /// could not be read.
    pub fn torn_tail(&self) -> bool {
        self.torn_tail
    }

    /// Records a verdict: appends it to the file (created 0600) and makes it the finding's
    /// current verdict. Returns `false`, writing nothing, when the finding already has the same
    /// decision and reason.
    pub fn record(&mut self, verdict: Verdict) -> Result<bool, Error> {
        if !is_utc_stamp(&verdict.decided_at) {
            return Err(Error::Invalid {
                field: "decided_at",
                reason: "give a UTC time as YYYY-MM-DDTHH:MM:SSZ".into(),
            });
        }
        if let Some(old) = self.verdicts.get(&verdict.fingerprint) {
            if old.verdict == verdict.verdict && old.reason == verdict.reason {
                return Ok(false);
            }
        }
        if self.torn_tail {
            // Drop the cut-short line before appending, or it would sit in the middle.
            self.compact()?;
        }
        let mut line = String::new();
        // A struct of strings always serialises.
        line.push_str(&serde_json::to_string(&Line::from(&verdict)).unwrap_or_default());
        line.push('\n');
        let mut file = private_options()
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::io(&self.path, e))?;
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io(&self.path, e))?;
        self.torn_tail = false;
        self.lines += 1;
        self.insert(verdict);
        Ok(true)
    }

    /// Records verdicts one after another (an import that has been validated as a whole).
    pub(crate) fn record_all(&mut self, verdicts: Vec<Verdict>) -> Result<usize, Error> {
        let mut recorded = 0;
        for v in verdicts {
            if self.record(v)? {
                recorded += 1;
            }
        }
        Ok(recorded)
    }

    /// The current verdict on a finding.
    pub fn get(&self, fingerprint: &Fingerprint) -> Option<&Verdict> {
        self.verdicts.get(fingerprint)
    }

    /// The fingerprints of the findings dismissed in document `doc_id`.
    pub fn dismissed_in(&self, doc_id: &str) -> BTreeSet<&Fingerprint> {
        self.by_doc
            .get(doc_id)
            .into_iter()
            .flatten()
            .filter(|fp| {
                self.verdicts
                    .get(*fp)
                    .is_some_and(|v| v.verdict == Decision::Dismiss)
            })
            .collect()
    }

    /// Whether any finding of document `doc_id` is dismissed (cheap: a review asks this of
    /// every document and reads the text only of those that answer yes).
    pub fn has_dismissals(&self, doc_id: &str) -> bool {
        !self.dismissed_in(doc_id).is_empty()
    }

    /// Every current verdict, by fingerprint.
    pub fn iter(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.values()
    }

    /// Findings with a verdict.
    pub fn len(&self) -> usize {
        self.verdicts.len()
    }

    /// Whether there are no verdicts.
    pub fn is_empty(&self) -> bool {
        self.verdicts.is_empty()
    }

    /// Lines in the file (verdicts and the ones they replaced).
    pub fn log_lines(&self) -> usize {
        self.lines
    }

    /// Keep and dismiss counts per rule id, from the current verdicts.
    pub fn tally_by_rule(&self) -> BTreeMap<&str, Tally> {
        let mut out: BTreeMap<&str, Tally> = BTreeMap::new();
        for v in self.verdicts.values() {
            let t = out.entry(v.rule.as_str()).or_default();
            match v.verdict {
                Decision::Keep => t.keep += 1,
                Decision::Dismiss => t.dismiss += 1,
            }
        }
        out
    }

    /// Forgets every verdict on the documents `ids` (when they are deleted or thinned out by
    /// `jamkoll delete` / `jamkoll gallra`), rewriting the file so no line about them is left.
    /// Returns how many verdicts were removed; with none, the file is not touched.
    pub fn remove_documents<S: AsRef<str>>(&mut self, ids: &[S]) -> Result<usize, Error> {
        let mut removed = 0;
        for id in ids {
            if let Some(fps) = self.by_doc.remove(id.as_ref()) {
                for fp in fps {
                    if self.verdicts.remove(&fp).is_some() {
                        removed += 1;
                    }
                }
            }
        }
        if removed > 0 {
            self.compact()?;
        }
        Ok(removed)
    }

    /// Rewrites the file with one line per finding (its current verdict), atomically: a
    /// private temporary file in the same folder is written, synced and renamed over it.
    pub fn compact(&mut self) -> Result<(), Error> {
        let mut text = String::new();
        for v in self.verdicts.values() {
            text.push_str(&serde_json::to_string(&Line::from(v)).unwrap_or_default());
            text.push('\n');
        }
        let tmp = self.path.with_extension("jsonl.tmp");
        let mut file = private_options()
            .truncate(true)
            .open(&tmp)
            .map_err(|e| Error::io(&tmp, e))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(&tmp, e))?;
        fs::rename(&tmp, &self.path).map_err(|e| Error::io(&self.path, e))?;
        if let Some(dir) = self.path.parent() {
            // Make the rename durable; some platforms cannot open a folder, which is no error.
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        self.lines = self.verdicts.len();
        self.torn_tail = false;
        Ok(())
    }

    fn insert(&mut self, v: Verdict) {
        self.by_doc
            .entry(v.doc_id.clone())
            .or_default()
            .insert(v.fingerprint.clone());
        self.verdicts.insert(v.fingerprint.clone(), v);
    }
}

/// Open options for a file only its owner may read (0600 on Unix), created when missing.
fn private_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint;
    use crate::verdict::{DecidedBy, Reason};

    pub(crate) fn verdict(doc: &str, sentence: &str, decision: Decision) -> Verdict {
        Verdict {
            fingerprint: fingerprint("tvivelsverb", doc, sentence),
            rule: "tvivelsverb".into(),
            doc_id: doc.into(),
            verdict: decision,
            reason: (decision == Decision::Dismiss).then_some(Reason::Citat),
            decided_by: DecidedBy::try_from("forskningscirkel".to_string()).unwrap(),
            decided_at: "2026-11-23T07:00:00Z".into(),
        }
    }

    #[test]
    fn the_last_verdict_wins_and_survives_reloading() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        assert!(store.is_empty());
        let keep = verdict("d1", "Hon påstår.", Decision::Keep);
        let fp = keep.fingerprint.clone();
        assert!(store.record(keep.clone()).unwrap());
        assert!(
            !store.record(keep).unwrap(),
            "the same verdict twice is one line"
        );
        assert!(
            store
                .record(verdict("d1", "Hon påstår.", Decision::Dismiss))
                .unwrap()
        );
        assert_eq!(store.log_lines(), 2);

        let store = VerdictStore::load(dir.path()).unwrap();
        assert_eq!(store.len(), 1);
        assert_eq!(store.get(&fp).map(|v| v.verdict), Some(Decision::Dismiss));
        assert_eq!(
            store.dismissed_in("d1").into_iter().collect::<Vec<_>>(),
            vec![&fp]
        );
        assert!(store.dismissed_in("d2").is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(store.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn removing_documents_leaves_no_line_about_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        store
            .record(verdict("doc-a", "Ett.", Decision::Keep))
            .unwrap();
        store
            .record(verdict("doc-a", "Ett.", Decision::Dismiss))
            .unwrap();
        store
            .record(verdict("doc-a", "Två.", Decision::Keep))
            .unwrap();
        store
            .record(verdict("doc-b", "Ett.", Decision::Dismiss))
            .unwrap();
        assert_eq!(store.remove_documents(&["doc-a", "doc-x"]).unwrap(), 2);
        assert_eq!(store.remove_documents(&["doc-a"]).unwrap(), 0);
        let text = fs::read_to_string(store.path()).unwrap();
        assert!(!text.contains("doc-a"), "{text}");
        assert_eq!(text.lines().count(), 1);
        let store = VerdictStore::load(dir.path()).unwrap();
        assert_eq!(store.len(), 1);
        assert!(store.has_dismissals("doc-b"));
        assert!(!store.has_dismissals("doc-a"));
    }

    #[test]
    fn removing_from_an_index_without_verdicts_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        assert_eq!(store.remove_documents(&["x"]).unwrap(), 0);
        assert!(!store.path().exists());
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_a_bad_line_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        store.record(verdict("d", "Ett.", Decision::Keep)).unwrap();
        let path = store.path().to_path_buf();
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("{\"fingerprint\":\"ab");
        fs::write(&path, &text).unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        assert!(store.torn_tail());
        assert_eq!(store.len(), 1);
        store.record(verdict("d", "Två.", Decision::Keep)).unwrap();
        assert_eq!(VerdictStore::load(dir.path()).unwrap().len(), 2);

        fs::write(&path, "not json\n").unwrap();
        let err = VerdictStore::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("verdicts.jsonl:1:"), "{err}");
    }

    #[test]
    fn tallies_count_current_verdicts_per_rule() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        store.record(verdict("d", "Ett.", Decision::Keep)).unwrap();
        store
            .record(verdict("d", "Två.", Decision::Dismiss))
            .unwrap();
        store
            .record(verdict("d", "Tre.", Decision::Dismiss))
            .unwrap();
        let t = store.tally_by_rule()["tvivelsverb"];
        assert_eq!((t.keep, t.dismiss), (1, 2));
        assert!((t.precision().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    }
}
