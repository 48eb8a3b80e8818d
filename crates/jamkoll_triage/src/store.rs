//! The verdict file: an append-only JSON Lines log inside the index folder.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Fingerprint;
use crate::error::Error;
use crate::verdict::{Decision, Line, Verdict, is_utc_stamp};

/// The verdict file's name inside the index folder. The index folder is private (0700), the
/// file is written 0600, and the case texts are never touched.
pub const VERDICT_FILE: &str = "verdicts.jsonl";

/// The lock file beside the verdict file. Writers hold an exclusive advisory lock on it,
/// readers a shared one. It is a file of its own because the verdict file is replaced by a
/// rename when it is rewritten, and a lock on the old file would not cover the new one. While a
/// writer holds it, it names the command and process (never a person), so a command that has
/// to give up can say what it waited for.
pub const LOCK_FILE: &str = "verdicts.lock";

/// How long a command waits for the lock before it gives up with [`Error::Busy`]: long enough
/// for another command's write (milliseconds) or a `jamkoll triage keep` (seconds), short
/// enough that nobody wonders whether jamkoll hangs.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Every verdict recorded for an index.
///
/// The file is a log: [`VerdictStore::record`] appends one line, so a crash loses at most the
/// verdict being written, and the last line for a fingerprint wins when the file is read.
/// [`VerdictStore::compact`] and [`VerdictStore::remove_documents`] rewrite it atomically
/// (a temporary file, then a rename), keeping one line per finding.
///
/// Several processes may use one index at once (a `jamkoll serve`, a `jamkoll triage` in a
/// terminal, a scheduled `jamkoll gallra`), so every write holds an exclusive lock on
/// [`LOCK_FILE`] and re-reads the file under it before changing it: no verdict recorded by
/// another process is lost, and two writes never interleave. [`VerdictStore::load`] reads under
/// a shared lock. A store from [`VerdictStore::open_for_writing`] holds the exclusive lock
/// until it is dropped, for commands that must keep others out while they work (`delete`).
#[derive(Debug, Clone)]
pub struct VerdictStore {
    path: PathBuf,
    verdicts: BTreeMap<Fingerprint, Verdict>,
    by_doc: HashMap<String, BTreeSet<Fingerprint>>,
    lines: usize,
    /// The file ends in a line cut short (a crash mid-write): the next write compacts first.
    torn_tail: bool,
    /// The exclusive lock, when this store was opened for writing.
    held: Option<Arc<WriteLock>>,
}

/// An exclusive lock on [`LOCK_FILE`], released when dropped (and, whatever happens, when the
/// process ends: the operating system drops advisory locks with their process, so a crash
/// leaves no stale lock).
#[derive(Debug)]
struct WriteLock {
    file: fs::File,
}

impl WriteLock {
    /// Takes the exclusive lock of the index in `index_dir`, waiting up to `wait`.
    fn take(index_dir: &Path, wait: Duration) -> Result<WriteLock, Error> {
        let path = index_dir.join(LOCK_FILE);
        let mut options = private_options();
        options.read(true);
        let mut file = options.open(&path).map_err(|e| Error::io(&path, e))?;
        wait_for(&path, &file, true, wait)?;
        // Say who holds it, for those who have to wait. Best effort: the lock is what counts.
        let _ = file
            .set_len(0)
            .and_then(|()| file.write_all(holder().as_bytes()));
        Ok(WriteLock { file })
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// Waits for a lock on `file` (exclusive or shared), polling, for at most `wait`.
fn wait_for(path: &Path, file: &fs::File, exclusive: bool, wait: Duration) -> Result<(), Error> {
    let start = Instant::now();
    loop {
        let tried = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match tried {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(path, e)),
            Err(fs::TryLockError::WouldBlock) => {}
        }
        if start.elapsed() >= wait {
            return Err(Error::Busy {
                path: path.to_path_buf(),
                holder: held_by(file),
                waited_secs: wait.as_secs(),
            });
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// What the lock file says about its holder; a reader holding a shared lock writes nothing.
fn held_by(mut file: &fs::File) -> String {
    let mut text = String::new();
    let _ = file
        .rewind()
        .and_then(|()| file.take(200).read_to_string(&mut text));
    let text = text.trim();
    if text.is_empty() {
        "another jamkoll command reading the verdicts (review, serve, triage)".to_string()
    } else {
        text.to_string()
    }
}

/// `jamkoll <subcommand> (process N) since <UTC time>`: the subcommand only when it is a plain
/// word, so nothing typed on the command line (an id, a path) is ever written or echoed.
fn holder() -> String {
    let command = std::env::args()
        .nth(1)
        .filter(|a| a.len() <= 20 && !a.is_empty() && a.bytes().all(|b| b.is_ascii_lowercase()))
        .map_or_else(|| "jamkoll".to_string(), |a| format!("jamkoll {a}"));
    format!(
        "{command} (process {}) since {}\n",
        std::process::id(),
        crate::now_utc()
    )
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
    ///
    /// Reads under a shared lock, so it never sees a write half done; it waits up to
    /// [`LOCK_WAIT`] for a writer and then fails with [`Error::Busy`]. Without a lock file
    /// (nothing was ever written, or a read-only copy of an index) it reads without one.
    /// Do not call it while this process holds [`VerdictStore::open_for_writing`] on the
    /// same index: it would wait for itself.
    pub fn load(index_dir: &Path) -> Result<VerdictStore, Error> {
        VerdictStore::load_waiting(index_dir, LOCK_WAIT)
    }

    /// [`VerdictStore::load`], waiting at most `wait` for the lock.
    pub fn load_waiting(index_dir: &Path, wait: Duration) -> Result<VerdictStore, Error> {
        let lock_path = index_dir.join(LOCK_FILE);
        let lock = match fs::File::open(&lock_path) {
            Ok(file) => Some(file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&lock_path, e)),
        };
        if let Some(file) = &lock {
            wait_for(&lock_path, file, false, wait)?;
        }
        VerdictStore::read(index_dir)
        // The shared lock goes with `lock` here.
    }

    /// Reads the verdicts and keeps the exclusive lock until the store is dropped, so no other
    /// process reads or writes them meanwhile. For commands that change the index and the
    /// verdicts together (`jamkoll delete`, `jamkoll gallra`) or decide on findings they have
    /// just listed (`jamkoll triage keep`). Waits up to [`LOCK_WAIT`], then fails with
    /// [`Error::Busy`], which names the command that holds it.
    pub fn open_for_writing(index_dir: &Path) -> Result<VerdictStore, Error> {
        VerdictStore::open_for_writing_waiting(index_dir, LOCK_WAIT)
    }

    /// [`VerdictStore::open_for_writing`], waiting at most `wait` for the lock.
    pub fn open_for_writing_waiting(
        index_dir: &Path,
        wait: Duration,
    ) -> Result<VerdictStore, Error> {
        let lock = WriteLock::take(index_dir, wait)?;
        let mut store = VerdictStore::read(index_dir)?;
        store.held = Some(Arc::new(lock));
        Ok(store)
    }

    /// Whether this store holds the exclusive lock (see [`VerdictStore::open_for_writing`]).
    pub fn holds_lock(&self) -> bool {
        self.held.is_some()
    }

    /// Reads the file, with whatever lock the caller holds.
    fn read(index_dir: &Path) -> Result<VerdictStore, Error> {
        let path = VerdictStore::path_in(index_dir);
        let mut store = VerdictStore {
            path,
            verdicts: BTreeMap::new(),
            by_doc: HashMap::new(),
            lines: 0,
            torn_tail: false,
            held: None,
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
    ///
    /// Unless the store holds the lock already, it takes it for the write and first re-reads
    /// the file, so verdicts other processes recorded since the store was loaded are kept (and
    /// show in this store afterwards).
    pub fn record(&mut self, verdict: Verdict) -> Result<bool, Error> {
        let _lock = self.writing()?;
        self.record_held(verdict)
    }

    /// The lock for one write: nothing when the store holds it already; otherwise the lock,
    /// taken now, with the store brought up to date from the file under it.
    fn writing(&mut self) -> Result<Option<WriteLock>, Error> {
        if self.held.is_some() {
            return Ok(None);
        }
        let index_dir = self.path.parent().unwrap_or(Path::new("."));
        let lock = WriteLock::take(index_dir, LOCK_WAIT)?;
        *self = VerdictStore::read(index_dir)?;
        Ok(Some(lock))
    }

    /// [`VerdictStore::record`] with the lock held.
    fn record_held(&mut self, verdict: Verdict) -> Result<bool, Error> {
        if !is_utc_stamp(&verdict.decided_at) {
            return Err(Error::Invalid {
                field: "decided_at",
                reason: "give a UTC time as YYYY-MM-DDTHH:MM:SSZ".into(),
            });
        }
        if let Some(old) = self.verdicts.get(&verdict.fingerprint)
            && old.verdict == verdict.verdict
            && old.reason == verdict.reason
        {
            return Ok(false);
        }
        if self.torn_tail {
            // Drop the cut-short line before appending, or it would sit in the middle.
            self.compact_held()?;
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
    /// One lock and one re-read for all of them.
    pub(crate) fn record_all(&mut self, verdicts: Vec<Verdict>) -> Result<usize, Error> {
        let _lock = self.writing()?;
        let mut recorded = 0;
        for v in verdicts {
            if self.record_held(v)? {
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
        let _lock = self.writing()?;
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
            self.compact_held()?;
        }
        Ok(removed)
    }

    /// How many verdicts [`VerdictStore::remove_documents`] would remove (for a dry run).
    pub fn count_documents<S: AsRef<str>>(&self, ids: &[S]) -> usize {
        let ids: BTreeSet<&str> = ids.iter().map(AsRef::as_ref).collect();
        ids.into_iter()
            .filter_map(|id| self.by_doc.get(id))
            .flatten()
            .filter(|fp| self.verdicts.contains_key(*fp))
            .count()
    }

    /// Rewrites the file with one line per finding (its current verdict), atomically: a
    /// private temporary file in the same folder is written, synced and renamed over it.
    pub fn compact(&mut self) -> Result<(), Error> {
        let _lock = self.writing()?;
        self.compact_held()
    }

    /// [`VerdictStore::compact`] with the lock held.
    fn compact_held(&mut self) -> Result<(), Error> {
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

    #[test]
    fn two_writers_lose_nothing_when_one_keeps_compacting() {
        // Before the lock, the compacting store rewrote the file from its own memory and
        // dropped every line the other had appended since it was loaded.
        let dir = tempfile::tempdir().unwrap();
        let writer = |doc: &'static str, compact: bool| {
            let path = dir.path().to_path_buf();
            move || {
                let mut store = VerdictStore::load(&path).unwrap();
                for i in 0..40 {
                    store
                        .record(verdict(doc, &format!("Mening {i}."), Decision::Keep))
                        .unwrap();
                    if compact {
                        store.compact().unwrap();
                    }
                }
            }
        };
        std::thread::scope(|s| {
            s.spawn(writer("a", false));
            s.spawn(writer("b", true));
            s.spawn(writer("c", true));
        });
        let store = VerdictStore::load(dir.path()).unwrap();
        assert_eq!(store.len(), 120);
        for doc in ["a", "b", "c"] {
            assert_eq!(store.count_documents(&[doc]), 40, "{doc}");
        }
        assert!(!store.torn_tail());
    }

    #[test]
    fn a_store_opened_for_writing_keeps_others_out_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let mut held = VerdictStore::open_for_writing(dir.path()).unwrap();
        assert!(held.holds_lock());
        held.record(verdict("d", "Ett.", Decision::Keep)).unwrap();

        // A reader gives up after its wait and says who holds the lock, and what to do.
        let short = Duration::from_millis(100);
        let err = VerdictStore::load_waiting(dir.path(), short).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::Busy { .. }), "{message}");
        assert!(
            message.contains(&format!("(process {})", std::process::id())),
            "{message}"
        );
        assert!(message.contains("Run the command again"), "{message}");
        assert!(VerdictStore::open_for_writing_waiting(dir.path(), short).is_err());

        // A writer that starts meanwhile waits, then sees the held store's verdicts.
        let path = dir.path().to_path_buf();
        let waiting = std::thread::spawn(move || {
            let mut store = VerdictStore::load_waiting(&path, Duration::from_secs(5)).unwrap();
            store
                .record(verdict("d", "Två.", Decision::Dismiss))
                .unwrap();
            store.len()
        });
        std::thread::sleep(Duration::from_millis(200));
        assert!(held.remove_documents(&["x"]).is_ok());
        drop(held);
        assert_eq!(waiting.join().unwrap(), 2);
        assert_eq!(VerdictStore::load(dir.path()).unwrap().len(), 2);

        // Once released, the lock file names nobody, and a reader waiting for a reader would
        // be told it is a reader.
        let lock = fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert!(lock.is_empty(), "{lock}");
        let reader = fs::File::open(dir.path().join(LOCK_FILE)).unwrap();
        reader.lock_shared().unwrap();
        let err = VerdictStore::open_for_writing_waiting(dir.path(), short).unwrap_err();
        assert!(err.to_string().contains("reading the verdicts"), "{err}");
        assert_eq!(VerdictStore::load(dir.path()).unwrap().len(), 2);
    }

    #[test]
    fn a_dry_run_counts_what_removing_would_remove() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VerdictStore::load(dir.path()).unwrap();
        store.record(verdict("a", "Ett.", Decision::Keep)).unwrap();
        store.record(verdict("a", "Två.", Decision::Keep)).unwrap();
        store.record(verdict("b", "Ett.", Decision::Keep)).unwrap();
        assert_eq!(store.count_documents(&["a", "a", "x"]), 2);
        assert_eq!(store.remove_documents(&["a", "a", "x"]).unwrap(), 2);
    }
}
