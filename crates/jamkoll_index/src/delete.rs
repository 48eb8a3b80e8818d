//! Removing documents for good: by id (`jamkoll delete`) and by date (`jamkoll gallra`, for
//! retention rules that require culling).
//!
//! A deleted tantivy document is only marked deleted; its text stays in the segment files
//! until a merge rewrites them. Retention and a request to erase need the text gone from disk,
//! so every removal here ends with [`Writer::commit_and_purge`](crate::Writer::commit_and_purge),
//! which merges the affected segments and deletes the unused files. The findings live in the
//! same tantivy document, so they go with it; verdicts live beside the index and are the
//! caller's to remove (the ids removed are returned for that).
//!
//! Each removal takes the writer lock first and selects under it, so an ingest running at the
//! same time cannot slip a document in between the selection and the deletion; the second
//! process gets [`Error::Locked`].

use std::collections::BTreeSet;

use crate::date::IsoDate;
use crate::error::Error;
use crate::index::Index;

/// Which documents a removal touches (or, in a dry run, would touch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Ids of the documents removed, sorted.
    pub ids: Vec<String>,
    /// Ids asked for that the index does not hold (by id only), sorted.
    pub missing: Vec<String>,
    /// Documents without a date, which a removal by date keeps (by date only).
    pub undated: u64,
}

impl Index {
    /// The documents among `ids` that the index holds, without removing anything.
    pub fn select_ids<S: AsRef<str>>(&self, ids: &[S]) -> Result<Selection, Error> {
        let wanted: BTreeSet<&str> = ids.iter().map(AsRef::as_ref).collect();
        let mut found = BTreeSet::new();
        for meta in self.documents()? {
            let meta = meta?;
            if wanted.contains(meta.id.as_str()) {
                found.insert(meta.id);
            }
        }
        let missing = wanted
            .iter()
            .filter(|id| !found.contains(**id))
            .map(|id| (*id).to_string())
            .collect();
        Ok(Selection {
            ids: found.into_iter().collect(),
            missing,
            undated: 0,
        })
    }

    /// The documents dated strictly before `date`, without removing anything. Documents with
    /// no date are counted in [`Selection::undated`] and never selected: jamkoll cannot tell
    /// their age, so culling them is the user's decision (`jamkoll delete`).
    pub fn select_before(&self, date: IsoDate) -> Result<Selection, Error> {
        let mut ids = BTreeSet::new();
        let mut undated = 0;
        for meta in self.documents()? {
            let meta = meta?;
            match meta.date {
                Some(d) if d < date => {
                    ids.insert(meta.id);
                }
                Some(_) => {}
                None => undated += 1,
            }
        }
        Ok(Selection {
            ids: ids.into_iter().collect(),
            missing: Vec::new(),
            undated,
        })
    }

    /// Removes the documents with these ids (their text, metadata and findings) from the
    /// index and from disk. Ids the index does not hold are reported, not an error.
    pub fn delete_ids<S: AsRef<str>>(&self, ids: &[S]) -> Result<Selection, Error> {
        let writer = self.writer()?;
        let selection = self.select_ids(ids)?;
        purge(writer, &selection.ids)?;
        Ok(selection)
    }

    /// Removes every document dated strictly before `date` from the index and from disk.
    pub fn delete_before(&self, date: IsoDate) -> Result<Selection, Error> {
        let writer = self.writer()?;
        let selection = self.select_before(date)?;
        purge(writer, &selection.ids)?;
        Ok(selection)
    }
}

fn purge(mut writer: crate::Writer<'_>, ids: &[String]) -> Result<(), Error> {
    if ids.is_empty() {
        return Ok(());
    }
    for id in ids {
        writer.delete_id(id);
    }
    writer.commit_and_purge()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::{IngestOptions, ingest};
    use crate::read::{Inputs, ReadOptions};

    /// Words no analyzer or compression turns into something else, one per document, with no
    /// common prefix (the term dictionary and LZ4 store only what differs from a neighbour).
    /// Made-up words that share no 4 bytes with each other or the template, so the doc store's
    /// LZ4 never encodes part of one as a back-reference to another (a shared "rent" once made
    /// a byte scan miss a word that was there).
    const MARKERS: [&str; 4] = ["xylofrent", "qwimbarl", "zyxopdunk", "vujtemask"];

    fn corpus(dir: &Path) -> std::path::PathBuf {
        let file = dir.join("a.jsonl");
        let lines: Vec<String> = MARKERS
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let date = ["2019-05-01", "2020-12-31", "2021-01-01", ""][i];
                let date = if date.is_empty() {
                    String::new()
                } else {
                    format!(",\"date\":\"{date}\"")
                };
                format!(
                    "{{\"id\":\"d{i}\",\"unit\":\"Norr\",\"client_gender\":\"kvinna\"{date},\"text\":\"Hon berättar om {m} och {m}.\"}}"
                )
            })
            .collect();
        std::fs::write(&file, lines.join("\n")).unwrap();
        file
    }

    fn build(dir: &Path, commit_every: usize) -> Index {
        let file = corpus(dir);
        let index = Index::open_or_create(&dir.join("index")).unwrap();
        let options = IngestOptions {
            commit_every,
            batch_size: 1,
            ..IngestOptions::default()
        };
        let inputs = Inputs::new(&[file], ReadOptions::default());
        let gate = jamkoll_redact::Gate::new();
        let summary = ingest(&index, inputs, &gate, &options, None, &mut |_| {}).unwrap();
        assert_eq!(summary.indexed, 4);
        index
    }

    fn bytes_on_disk(dir: &Path, needle: &str) -> bool {
        std::fs::read_dir(dir).unwrap().any(|e| {
            let bytes = std::fs::read(e.unwrap().path()).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
    }

    #[test]
    fn delete_ids_removes_the_text_from_disk_and_reports_missing_ids() {
        for commit_every in [1, 100] {
            let dir = tempfile::tempdir().unwrap();
            let index = build(dir.path(), commit_every);
            assert!(bytes_on_disk(index.dir(), MARKERS[1]));
            let removed = index.delete_ids(&["d1", "nope"]).unwrap();
            assert_eq!(removed.ids, vec!["d1".to_string()]);
            assert_eq!(removed.missing, vec!["nope".to_string()]);
            assert_eq!(index.num_docs().unwrap(), 3);
            assert!(
                !bytes_on_disk(index.dir(), MARKERS[1]),
                "commit_every {commit_every}: text left on disk"
            );
            // The kept texts are read back through the index: their bytes need not appear
            // verbatim on disk (the doc store compresses blocks and the term dictionary shares
            // prefixes, so a byte scan for them failed now and then).
            let mut kept: Vec<(String, String)> = index
                .documents()
                .unwrap()
                .map(|d| {
                    let d = d.unwrap();
                    (d.id.clone(), index.text(d.doc).unwrap())
                })
                .collect();
            kept.sort();
            let ids: Vec<&str> = kept.iter().map(|(id, _)| id.as_str()).collect();
            assert_eq!(ids, ["d0", "d2", "d3"]);
            for ((_, text), marker) in kept.iter().zip([MARKERS[0], MARKERS[2], MARKERS[3]]) {
                assert!(text.contains(marker), "{marker} lost");
            }
        }
    }

    #[test]
    fn delete_before_keeps_undated_and_later_documents() {
        let dir = tempfile::tempdir().unwrap();
        let index = build(dir.path(), 2);
        let cutoff: IsoDate = "2021-01-01".parse().unwrap();
        let dry = index.select_before(cutoff).unwrap();
        assert_eq!(dry.ids, vec!["d0".to_string(), "d1".to_string()]);
        assert_eq!(dry.undated, 1);
        assert_eq!(index.num_docs().unwrap(), 4, "a selection removes nothing");
        let removed = index.delete_before(cutoff).unwrap();
        assert_eq!(removed, dry);
        let left: Vec<String> = index.documents().unwrap().map(|d| d.unwrap().id).collect();
        assert_eq!(left.len(), 2);
        assert!(left.contains(&"d2".to_string()) && left.contains(&"d3".to_string()));
        assert!(!bytes_on_disk(index.dir(), MARKERS[0]));
        assert!(!bytes_on_disk(index.dir(), MARKERS[1]));
        // Nothing left to cull: a second run is a no-op.
        assert!(index.delete_before(cutoff).unwrap().ids.is_empty());
    }

    #[test]
    fn removal_is_refused_while_another_writer_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let index = build(dir.path(), 10);
        let _held = index.writer().unwrap();
        let other = Index::open(index.dir()).unwrap();
        assert!(matches!(
            other.delete_ids(&["d0"]),
            Err(Error::Locked { .. })
        ));
    }
}
