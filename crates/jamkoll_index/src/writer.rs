//! The tantivy writer settings of every jamkoll writer, and of the raw tantivy baseline of
//! `bench/run` (`jamkoll-baseline`), which must use exactly these so its comparison with
//! `jamkoll ingest` is fair.
//!
//! Memory is the point. tantivy keeps merging segments into ever larger ones, and a merge
//! reads its input segments through memory maps: every page it touches counts in the
//! process's resident memory. With tantivy's default policy a million-document ingest ends by
//! merging most of the index at once (hundreds of megabytes resident, growing with the corpus).
//! Here no merge makes a segment of more than [`MAX_MERGED_DOCS`] documents, and one merge runs
//! at a time, so resident memory stays flat however large the corpus is; a million documents
//! make a dozen or so segments, which search and review read one after another.

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{IndexWriterOptions, LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::{IndexWriter, TantivyDocument};

/// Memory for each indexing thread: tantivy flushes a segment when its buffer fills. Ingest
/// commits every 10,000 records by default, so its buffers rarely fill; a larger budget would
/// only let a single-commit writer hold more.
pub const HEAP_PER_THREAD: usize = 64 * 1024 * 1024;

/// Indexing threads. One: ingest's own work (parsing, gate, rules) keeps the rayon pool busy
/// beside it, and each indexing thread makes its own segment at every commit, so a second one
/// doubled the small segments of a `--commit-every` ingest and the merging that follows
/// (measured: 100k ingest 10.2 → 9.1 s CPU, 1M peak memory 311 → 270 MB).
pub const INDEXING_THREADS: usize = 1;

/// Background merge threads. One: concurrent merges multiply the memory-mapped pages a merge
/// holds resident, and on two cores a second merge would only take time from indexing.
pub const MERGE_THREADS: usize = 1;

/// The largest segment a merge makes, in documents. About 60 MB of index at a typical
/// assessment length, which is what a merge holds resident at most.
pub const MAX_MERGED_DOCS: u32 = 100_000;

/// Opens a writer with jamkoll's settings and merge policy.
pub fn open(index: &tantivy::Index) -> tantivy::Result<IndexWriter<TantivyDocument>> {
    let options = IndexWriterOptions::builder()
        .memory_budget_per_thread(HEAP_PER_THREAD)
        .num_worker_threads(INDEXING_THREADS)
        .num_merge_threads(MERGE_THREADS)
        .build();
    let writer = index.writer_with_options(options)?;
    writer.set_merge_policy(Box::new(CappedMergePolicy::new(MAX_MERGED_DOCS)));
    Ok(writer)
}

/// tantivy's [`LogMergePolicy`] (merge segments of similar size, eight or more at a time),
/// with a ceiling: a segment of more than half the ceiling is left alone, and each merge the
/// log policy proposes is cut into runs whose documents together stay under the ceiling.
#[derive(Debug, Clone)]
pub struct CappedMergePolicy {
    inner: LogMergePolicy,
    max_docs: u32,
}

impl CappedMergePolicy {
    /// A policy whose merges make segments of at most `max_docs` documents.
    pub fn new(max_docs: u32) -> CappedMergePolicy {
        let mut inner = LogMergePolicy::default();
        inner.set_max_docs_before_merge((max_docs / 2) as usize);
        CappedMergePolicy { inner, max_docs }
    }
}

impl MergePolicy for CappedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        let mut out = Vec::new();
        for MergeCandidate(ids) in self.inner.compute_merge_candidates(segments) {
            let mut run: Vec<SegmentId> = Vec::new();
            let mut run_docs = 0u32;
            for id in ids {
                let n = docs.get(&id).copied().unwrap_or(0);
                if !run.is_empty() && run_docs.saturating_add(n) > self.max_docs {
                    if run.len() > 1 {
                        out.push(MergeCandidate(std::mem::take(&mut run)));
                    }
                    run.clear();
                    run_docs = 0;
                }
                run.push(id);
                run_docs = run_docs.saturating_add(n);
            }
            if run.len() > 1 {
                out.push(MergeCandidate(run));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, doc};

    /// Segments of `sizes` documents in an index in RAM, as metas.
    fn metas(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = Index::create_in_ram(Schema::builder().build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn merged_sizes(policy: &CappedMergePolicy, segments: &[SegmentMeta]) -> Vec<u32> {
        let docs: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        let mut sizes: Vec<u32> = policy
            .compute_merge_candidates(segments)
            .iter()
            .map(|c| c.0.iter().map(|id| docs[id]).sum())
            .collect();
        sizes.sort_unstable();
        sizes
    }

    #[test]
    fn small_segments_merge_as_the_log_policy_would() {
        let policy = CappedMergePolicy::new(100_000);
        assert_eq!(merged_sizes(&policy, &metas(&[5_000; 8])), [40_000]);
        assert!(merged_sizes(&policy, &metas(&[5_000; 7])).is_empty());
    }

    #[test]
    fn no_merge_passes_the_ceiling() {
        let policy = CappedMergePolicy::new(100_000);
        // Twelve segments of one level: the log policy would merge all 480,000 documents.
        let sizes = merged_sizes(&policy, &metas(&[40_000; 12]));
        assert_eq!(sizes, [80_000; 6]);
        // Segments over half the ceiling are done.
        assert!(merged_sizes(&policy, &metas(&[60_000; 10])).is_empty());
    }

    #[test]
    fn a_writer_with_these_settings_indexes_and_commits() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = open(&index).unwrap();
        for i in 0..100 {
            writer
                .add_document(doc!(text => format!("dokument {i}")))
                .unwrap();
        }
        writer.commit().unwrap();
        writer.wait_merging_threads().unwrap();
        assert_eq!(index.reader().unwrap().searcher().num_docs(), 100);
    }
}
