//! The index: opening with a schema check, writing with replace-by-id, reading metadata and
//! findings without the text, and reading one text when an excerpt is needed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jamkoll_core::{Area, Finding, Gender};
use tantivy::columnar::{BytesColumn, Column};
use tantivy::schema::Value;
use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Tokenizer};
use tantivy::{
    DocAddress, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::analyzer::{ANALYZER_NAME, index_analyzer};
use crate::date::IsoDate;
use crate::error::Error;
use crate::record::{Decision, Record};
use crate::schema::{self, Fields, META_FILE, Meta};
use crate::stored::{StoredInfo, StoredRules};

/// Seconds per day, for the date field (stored at day precision).
const DAY: i64 = 86_400;

/// An open jamkoll index.
pub struct Index {
    dir: PathBuf,
    inner: tantivy::Index,
    fields: Fields,
    reader: IndexReader,
    meta: Meta,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("dir", &self.dir)
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

/// A document as ingest hands it to the writer: the validated (and, if asked, redacted) record,
/// its word count and, when rules ran, its analysis encoded by [`crate::stored::Encoder`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    /// The record, with the text as it is to be stored.
    pub record: Record,
    /// Words in the text (for rates per 1,000 words).
    pub words: u64,
    /// The stored analysis blob (findings with offsets into `record.text`, mentions, facts),
    /// `None` when no rules ran.
    pub analysis: Option<Vec<u8>>,
}

/// Where a document stands in the index, valid until the index is written again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocRef(DocAddress);

impl DocRef {
    pub(crate) fn from_address(address: DocAddress) -> DocRef {
        DocRef(address)
    }

    pub(crate) fn address(self) -> DocAddress {
        self.0
    }
}

/// Everything about a document except its text, read from fast fields.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentMeta {
    /// Where to read the text with [`Index::text`].
    pub doc: DocRef,
    /// Record id.
    pub id: String,
    /// Unit.
    pub unit: String,
    /// Client gender.
    pub gender: Gender,
    /// Case id.
    pub case_id: String,
    /// Area, if recorded.
    pub area: Option<Area>,
    /// Date, if recorded.
    pub date: Option<IsoDate>,
    /// Document type, if recorded.
    pub document_type: Option<String>,
    /// Decision, if recorded.
    pub decision: Option<Decision>,
    /// Amount in kronor, if recorded.
    pub amount: Option<f64>,
    /// Words in the text.
    pub words: u64,
    /// The findings stored at ingest (empty when `stored` is `None`).
    pub findings: Vec<Finding>,
    /// The rest of the analysis stored at ingest; `None` when the index holds none for this
    /// document (ingested without rules), so its findings are unknown rather than none.
    pub stored: Option<StoredInfo>,
    /// How many live documents (of any unit) have this document's case id, when the
    /// iterator was asked for it ([`Documents::with_case_sizes`]); 0 when unknown. A 1 tells a
    /// reader it can count the document as a whole case at once.
    pub case_documents: u32,
}

/// Counts for one unit and gender.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Documents.
    pub documents: u64,
    /// Distinct cases.
    pub cases: u64,
}

/// What `jamkoll info` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Documents in the index.
    pub documents: u64,
    /// Distinct cases in the index.
    pub cases: u64,
    /// Documents and cases per unit and gender.
    pub per_unit: BTreeMap<String, BTreeMap<Gender, Count>>,
    /// The meta file's contents.
    pub meta: Meta,
    /// Bytes of all files in the index folder.
    pub size_bytes: u64,
}

impl Index {
    /// Opens the index in `dir`, creating the folder (mode 0700) and an empty index when there
    /// is none. A folder holding something else, or an index of another schema, is refused.
    pub fn open_or_create(dir: &Path) -> Result<Index, Error> {
        refuse_non_folder(dir)?;
        create_private_dir(dir)?;
        if let Some(meta) = Meta::read(dir)? {
            return Index::open_checked(dir, meta);
        }
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_none();
        if !empty {
            return Err(if dir.join("meta.json").exists() {
                Error::IncompatibleIndex {
                    dir: dir.to_path_buf(),
                    detail: format!("it has no {META_FILE}, so its schema is unknown"),
                }
            } else {
                Error::NotAnIndex {
                    dir: dir.to_path_buf(),
                }
            });
        }
        let (schema, _) = schema::build();
        let inner = tantivy::Index::create_in_dir(dir, schema)?;
        let meta = Meta::current();
        meta.write(dir)?;
        secure_files(dir)?;
        Index::from_tantivy(dir, inner, meta)
    }

    /// Opens an existing index for reading.
    pub fn open(dir: &Path) -> Result<Index, Error> {
        refuse_non_folder(dir)?;
        match Meta::read(dir)? {
            Some(meta) => Index::open_checked(dir, meta),
            None if dir.join("meta.json").exists() => Err(Error::IncompatibleIndex {
                dir: dir.to_path_buf(),
                detail: format!("it has no {META_FILE}, so its schema is unknown"),
            }),
            None => Err(Error::NoIndex {
                dir: dir.to_path_buf(),
            }),
        }
    }

    fn open_checked(dir: &Path, meta: Meta) -> Result<Index, Error> {
        meta.check(dir)?;
        let inner = tantivy::Index::open_in_dir(dir).map_err(|e| Error::IncompatibleIndex {
            dir: dir.to_path_buf(),
            detail: format!("tantivy cannot open it ({e})"),
        })?;
        Index::from_tantivy(dir, inner, meta)
    }

    fn from_tantivy(dir: &Path, inner: tantivy::Index, meta: Meta) -> Result<Index, Error> {
        inner
            .tokenizers()
            .register(ANALYZER_NAME, TextAnalyzer::from(LazyAnalyzer::default()));
        let fields = schema::fields_of(&inner.schema()).map_err(|e| Error::IncompatibleIndex {
            dir: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        let reader = inner
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Index {
            dir: dir.to_path_buf(),
            inner,
            fields,
            reader,
            meta,
        })
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The field handles (for callers building their own tantivy queries).
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The tantivy index underneath.
    pub fn tantivy(&self) -> &tantivy::Index {
        &self.inner
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Result<Searcher, Error> {
        self.reader.reload()?;
        Ok(self.reader.searcher())
    }

    /// Documents in the last commit.
    pub fn num_docs(&self) -> Result<u64, Error> {
        Ok(self.searcher()?.num_docs())
    }

    /// Takes the writer lock. A second jamkoll process writing the same index gets
    /// [`Error::Locked`].
    pub fn writer(&self) -> Result<Writer<'_>, Error> {
        let inner = crate::writer::open(&self.inner).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Locked {
                dir: self.dir.clone(),
            },
            other => Error::Tantivy(other),
        })?;
        let started_empty = self.inner.searchable_segment_metas()?.is_empty();
        Ok(Writer {
            index: self,
            inner,
            started_empty,
        })
    }

    /// Every live document's metadata and findings, streamed segment by segment from fast
    /// fields; the text is never read.
    pub fn documents(&self) -> Result<Documents, Error> {
        self.documents_in(self.searcher()?)
    }

    /// [`Index::documents`] over a given searcher, so that the [`DocRef`]s match other reads
    /// through the same searcher ([`Index::text_in`]) even while another process commits.
    pub fn documents_in(&self, searcher: Searcher) -> Result<Documents, Error> {
        Ok(Documents {
            stored: StoredRules::read(&self.dir)?,
            searcher,
            segment: 0,
            doc: 0,
            columns: None,
            case_sizes: None,
            shared_cases_only: false,
        })
    }

    /// The live document with record id `id`, through `searcher` (for the few documents whose
    /// excerpts a report shows, so a review needs no map from ids to documents).
    pub fn doc_by_id(&self, searcher: &Searcher, id: &str) -> Result<Option<DocRef>, Error> {
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let found = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        Ok(found.into_iter().min().map(DocRef))
    }

    /// The stored text of one document (for an excerpt).
    pub fn text(&self, doc: DocRef) -> Result<String, Error> {
        self.text_in(&self.searcher()?, doc)
    }

    /// [`Index::text`] through a given searcher.
    pub fn text_in(&self, searcher: &Searcher, doc: DocRef) -> Result<String, Error> {
        let stored: TantivyDocument = searcher.doc(doc.0)?;
        Ok(stored
            .get_first(self.fields.text)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string())
    }

    /// Documents and cases per unit and gender, the schema version and the index size.
    pub fn stats(&self) -> Result<Stats, Error> {
        let mut per_unit: BTreeMap<String, BTreeMap<Gender, Count>> = BTreeMap::new();
        let mut cases: BTreeMap<(String, Gender), BTreeSet<String>> = BTreeMap::new();
        let mut all_cases = BTreeSet::new();
        let mut documents = 0;
        for meta in self.documents()? {
            let meta = meta?;
            documents += 1;
            per_unit
                .entry(meta.unit.clone())
                .or_default()
                .entry(meta.gender)
                .or_default()
                .documents += 1;
            all_cases.insert(meta.case_id.clone());
            cases
                .entry((meta.unit, meta.gender))
                .or_default()
                .insert(meta.case_id);
        }
        for ((unit, gender), set) in cases {
            if let Some(count) = per_unit.get_mut(&unit).and_then(|g| g.get_mut(&gender)) {
                count.cases = set.len() as u64;
            }
        }
        Ok(Stats {
            documents,
            cases: all_cases.len() as u64,
            per_unit,
            meta: self.meta.clone(),
            size_bytes: dir_size(&self.dir)?,
        })
    }

    /// The tantivy document of a [`NewDocument`].
    pub(crate) fn to_tantivy(&self, new: &NewDocument) -> TantivyDocument {
        let f = &self.fields;
        let r = &new.record;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &r.id);
        doc.add_text(f.unit, &r.unit);
        doc.add_text(f.gender, r.client_gender.as_str());
        doc.add_text(f.case_id, &r.case_id);
        if let Some(area) = &r.area {
            doc.add_text(f.area, area.as_str());
        }
        if let Some(date) = r.date {
            doc.add_date(
                f.date,
                tantivy::DateTime::from_timestamp_secs(date.days_since_epoch() * DAY),
            );
        }
        if let Some(t) = &r.document_type {
            doc.add_text(f.document_type, t);
        }
        if let Some(d) = r.decision {
            doc.add_text(f.decision, d.as_str());
        }
        if let Some(a) = r.amount {
            doc.add_f64(f.amount, a);
        }
        doc.add_u64(f.words, new.words);
        if let Some(blob) = &new.analysis {
            doc.add_bytes(f.findings, blob);
        }
        doc.add_text(f.text, &r.text);
        doc
    }
}

/// The index writer. Dropping it without [`Writer::commit`] discards what was added since the
/// last commit.
pub struct Writer<'a> {
    index: &'a Index,
    inner: IndexWriter<TantivyDocument>,
    /// The index held no segment when the lock was taken.
    started_empty: bool,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("dir", &self.index.dir)
            .finish_non_exhaustive()
    }
}

impl Writer<'_> {
    /// Adds a document, replacing any document with the same id.
    pub fn upsert(&mut self, new: &NewDocument) -> Result<(), Error> {
        self.inner
            .delete_term(Term::from_field_text(self.index.fields.id, &new.record.id));
        self.inner
            .add_document(self.index.to_tantivy(new))
            .map_err(|e| self.write_failed(e))?;
        Ok(())
    }

    /// Whether the index held no document (not even a deleted one) when this writer took the
    /// lock: then no id is in the index but those this writer added.
    pub fn started_empty(&self) -> bool {
        self.started_empty
    }

    /// Adds a document without looking for an earlier one with its id. Only for an id that is
    /// not in the index: [`Writer::upsert`] costs a delete per document, which tantivy applies
    /// to every segment at each commit; a first ingest into an empty index (with ids checked
    /// unique within the run) needs none.
    pub fn add_new(&mut self, new: &NewDocument) -> Result<(), Error> {
        self.inner
            .add_document(self.index.to_tantivy(new))
            .map_err(|e| self.write_failed(e))?;
        Ok(())
    }

    /// Makes everything added so far durable, and the new files private (0600 on Unix).
    pub fn commit(&mut self) -> Result<(), Error> {
        self.inner.commit().map_err(|e| self.write_failed(e))?;
        secure_files(&self.index.dir)
    }

    /// A write error with the index named and what to do. tantivy reports an I/O error in a
    /// worker thread only as "a worker thread encountered an error … or panicked" (no panic
    /// happened: the thread returned the error), so that is said plainly.
    fn write_failed(&self, e: tantivy::TantivyError) -> Error {
        write_failed(&self.index.dir, e)
    }

    /// Waits for background merges to finish (call once at the end of an ingest).
    pub fn finish(self) -> Result<(), Error> {
        let dir = self.index.dir.clone();
        self.inner
            .wait_merging_threads()
            .map_err(|e| write_failed(&dir, e))?;
        secure_files(&self.index.dir)
    }

    /// Marks the document with this id deleted; it disappears from searches at the next
    /// commit, but its text stays in its segment until [`Writer::commit_and_purge`].
    pub fn delete_id(&mut self, id: &str) {
        self.inner
            .delete_term(Term::from_field_text(self.index.fields.id, id));
    }

    /// Commits, then rewrites every segment that holds deleted documents without them and
    /// removes the files no longer used, so deleted texts are gone from disk and not only
    /// hidden (retention rules and `jamkoll delete` need that). Background merges are off
    /// for this writer so the explicit merge cannot collide with one.
    pub fn commit_and_purge(mut self) -> Result<(), Error> {
        self.inner
            .set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        self.inner.commit().map_err(|e| self.write_failed(e))?;
        let with_deletes: Vec<tantivy::index::SegmentId> = self
            .index
            .inner
            .searchable_segment_metas()?
            .iter()
            .filter(|meta| meta.has_deletes())
            .map(|meta| meta.id())
            .collect();
        if !with_deletes.is_empty() {
            self.inner
                .merge(&with_deletes)
                .wait()
                .map_err(|e| self.write_failed(e))?;
        }
        self.inner.garbage_collect_files().wait()?;
        self.inner.wait_merging_threads()?;
        secure_files(&self.index.dir)
    }
}

/// The index analyzer, built on its first use. Building it loads the lexicon (about 0.15 s of
/// CPU), which a review that reads only fast fields never needs.
#[derive(Clone, Default)]
struct LazyAnalyzer(Option<TextAnalyzer>);

impl Tokenizer for LazyAnalyzer {
    type TokenStream<'a> = BoxTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BoxTokenStream<'a> {
        self.0.get_or_insert_with(index_analyzer).token_stream(text)
    }
}

/// Per-segment fast-field readers.
struct SegmentColumns {
    id: Option<Decoded>,
    unit: Option<Decoded>,
    gender: Option<Decoded>,
    case_id: Option<Decoded>,
    area: Option<Decoded>,
    document_type: Option<Decoded>,
    decision: Option<Decoded>,
    date: Option<Column<tantivy::DateTime>>,
    amount: Option<Column<f64>>,
    words: Option<Column<u64>>,
    findings: Option<Decoded>,
    max_doc: u32,
}

/// A dictionary-encoded fast column whose terms are decoded once per segment, in one pass over
/// its dictionary. Looking a term up by ordinal decodes an sstable block every time: for seven
/// columns a document, that made reading 20,000 documents' metadata cost about half the CPU of
/// ingesting them. Memory is one buffer per column and segment (ids and blobs: tens of bytes a
/// document); a dictionary over [`DECODE_LIMIT`] terms is looked up per document instead.
struct Decoded {
    column: BytesColumn,
    bytes: Vec<u8>,
    /// End of term `i` in `bytes` (empty when the column is looked up per document).
    ends: Vec<usize>,
}

/// Dictionaries with more terms than this are not decoded up front.
const DECODE_LIMIT: usize = 1 << 22;

impl Decoded {
    /// The column's term ordinal of `doc` (`None` when the document has no term).
    fn ord(&self, doc: u32) -> Option<u64> {
        self.column.term_ords(doc).next()
    }

    /// The term of `doc` without copying, when the dictionary was decoded up front; `Err(())`
    /// when it was not (then use [`Decoded::get`]).
    fn term(&self, doc: u32) -> Result<Option<&[u8]>, ()> {
        if self.ends.is_empty() && self.column.num_terms() > 0 {
            return Err(());
        }
        let Some(ord) = self.ord(doc) else {
            return Ok(None);
        };
        let i = ord as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Ok(self.ends.get(i).and_then(|&end| self.bytes.get(start..end)))
    }

    /// The decoded terms in ordinal (sorted) order; `None` when not decoded up front.
    fn terms(&self) -> Option<impl Iterator<Item = &[u8]>> {
        if self.ends.is_empty() && self.column.num_terms() > 0 {
            return None;
        }
        Some(self.ends.iter().scan(0, |start, &end| {
            let term = self.bytes.get(*start..end).unwrap_or_default();
            *start = end;
            Some(term)
        }))
    }

    fn of(column: Option<BytesColumn>) -> Result<Option<Decoded>, Error> {
        let Some(column) = column else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        if column.num_terms() <= DECODE_LIMIT {
            ends.reserve(column.num_terms());
            let dict = column.dictionary();
            let mut stream = dict.stream().map_err(|e| Error::Tantivy(e.into()))?;
            while stream.advance() {
                bytes.extend_from_slice(stream.key());
                ends.push(bytes.len());
            }
        }
        Ok(Some(Decoded {
            column,
            bytes,
            ends,
        }))
    }

    /// The term of `doc` into `out`; `false` when the document has none.
    fn get(&self, doc: u32, out: &mut Vec<u8>) -> Result<bool, Error> {
        out.clear();
        let Some(ord) = self.column.term_ords(doc).next() else {
            return Ok(false);
        };
        if self.ends.is_empty() && self.column.num_terms() > 0 {
            return self
                .column
                .ord_to_bytes(ord, out)
                .map_err(|e| Error::Tantivy(e.into()));
        }
        let i = ord as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        match self.ends.get(i).and_then(|&end| self.bytes.get(start..end)) {
            Some(term) => {
                out.extend_from_slice(term);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// The iterator of [`Index::documents`].
pub struct Documents {
    stored: Option<StoredRules>,
    searcher: Searcher,
    segment: usize,
    doc: u32,
    columns: Option<SegmentColumns>,
    /// Live documents per case id, by segment and case-id ordinal ([`case_sizes`]).
    case_sizes: Option<Vec<Vec<u32>>>,
    /// Skip the documents that are their case's only document.
    shared_cases_only: bool,
}

impl Documents {
    /// Also tells each document's case size ([`DocumentMeta::case_documents`]). Costs one pass
    /// over the case-id column of every segment and a 4-byte counter per case id.
    pub fn with_case_sizes(mut self) -> Result<Documents, Error> {
        self.case_sizes = Some(case_sizes(&self.searcher)?);
        Ok(self)
    }

    /// Yields only documents whose case has other documents (or whose case size is unknown),
    /// skipping the rest before anything else of them is read. Implies
    /// [`Documents::with_case_sizes`].
    pub fn shared_cases_only(mut self) -> Result<Documents, Error> {
        if self.case_sizes.is_none() {
            self = self.with_case_sizes()?;
        }
        self.shared_cases_only = true;
        Ok(self)
    }

    /// Whether the current segment may hold a document whose case has others (or whose case
    /// size is unknown).
    fn segment_has_shared(&self) -> bool {
        match self.case_sizes.as_ref().and_then(|s| s.get(self.segment)) {
            Some(sizes) if !sizes.is_empty() => sizes.iter().any(|&n| n > 1),
            _ => true,
        }
    }

    fn case_size(&self, columns: &SegmentColumns, doc: u32) -> u32 {
        let Some(sizes) = self.case_sizes.as_ref().and_then(|s| s.get(self.segment)) else {
            return 0;
        };
        columns
            .case_id
            .as_ref()
            .and_then(|c| c.ord(doc))
            .and_then(|ord| sizes.get(ord as usize).copied())
            .unwrap_or(0)
    }
}

/// Live documents per case id: for each segment, a counter per case-id ordinal, summed over
/// every segment that has the same case id (a k-way merge of the sorted dictionaries). A
/// segment whose dictionary is too large to decode up front gets no counters (sizes unknown).
fn case_sizes(searcher: &Searcher) -> Result<Vec<Vec<u32>>, Error> {
    let mut columns = Vec::new();
    let mut sizes = Vec::new();
    for reader in searcher.segment_readers() {
        let column = Decoded::of(reader.fast_fields().str("case_id")?.map(Into::into))?
            .filter(|c| c.terms().is_some());
        let mut counts = Vec::new();
        if let Some(c) = &column {
            counts = vec![0u32; c.column.num_terms()];
            for doc in 0..reader.max_doc() {
                if reader.is_deleted(doc) {
                    continue;
                }
                if let Some(n) = c.ord(doc).and_then(|ord| counts.get_mut(ord as usize)) {
                    *n = n.saturating_add(1);
                }
            }
        }
        columns.push(column);
        sizes.push(counts);
    }
    if columns.iter().filter(|c| c.is_some()).count() > 1 {
        // Sum the counters of equal terms across segments, smallest term first.
        let mut heads: Vec<_> = columns
            .iter()
            .map(|c| c.as_ref().and_then(Decoded::terms).map(Iterator::peekable))
            .collect();
        let mut ords = vec![0usize; heads.len()];
        let mut heap = std::collections::BinaryHeap::new();
        for (seg, head) in heads.iter_mut().enumerate() {
            if let Some(term) = head.as_mut().and_then(|h| h.next()) {
                heap.push(std::cmp::Reverse((term, seg)));
            }
        }
        let mut same: Vec<(usize, usize)> = Vec::new();
        while let Some(std::cmp::Reverse((term, seg))) = heap.pop() {
            same.clear();
            same.push((seg, ords[seg]));
            while let Some(std::cmp::Reverse((t, s))) = heap.peek().copied() {
                if t != term {
                    break;
                }
                heap.pop();
                same.push((s, ords[s]));
            }
            let total = same
                .iter()
                .map(|&(s, o)| sizes[s].get(o).copied().unwrap_or(0))
                .fold(0u32, u32::saturating_add);
            for &(s, o) in &same {
                if let Some(n) = sizes[s].get_mut(o) {
                    *n = total;
                }
                ords[s] += 1;
                if let Some(next) = heads[s].as_mut().and_then(|h| h.next()) {
                    heap.push(std::cmp::Reverse((next, s)));
                }
            }
        }
    }
    Ok(sizes)
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documents")
            .field("segment", &self.segment)
            .field("doc", &self.doc)
            .finish_non_exhaustive()
    }
}

impl Iterator for Documents {
    type Item = Result<DocumentMeta, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let readers = self.searcher.segment_readers();
            let reader = readers.get(self.segment)?;
            if self.columns.is_none() && self.shared_cases_only && !self.segment_has_shared() {
                // Nothing to yield here: do not decode the segment's columns.
                self.segment += 1;
                self.doc = 0;
                continue;
            }
            if self.columns.is_none() {
                match open_columns(reader) {
                    Ok(c) => self.columns = Some(c),
                    Err(e) => {
                        self.segment = readers.len();
                        return Some(Err(e));
                    }
                }
            }
            let columns = self.columns.as_ref()?;
            if self.doc >= columns.max_doc {
                self.segment += 1;
                self.doc = 0;
                self.columns = None;
                continue;
            }
            let doc = self.doc;
            self.doc += 1;
            if reader.is_deleted(doc) {
                continue;
            }
            let case_documents = self.case_size(columns, doc);
            if self.shared_cases_only && case_documents == 1 {
                continue;
            }
            let address = DocAddress::new(self.segment as u32, doc);
            return Some(read_meta(
                columns,
                doc,
                DocRef(address),
                self.stored.as_ref(),
                case_documents,
            ));
        }
    }
}

fn open_columns(reader: &tantivy::SegmentReader) -> Result<SegmentColumns, Error> {
    let ff = reader.fast_fields();
    Ok(SegmentColumns {
        id: Decoded::of(ff.str("id")?.map(Into::into))?,
        unit: Decoded::of(ff.str("unit")?.map(Into::into))?,
        gender: Decoded::of(ff.str("gender")?.map(Into::into))?,
        case_id: Decoded::of(ff.str("case_id")?.map(Into::into))?,
        area: Decoded::of(ff.str("area")?.map(Into::into))?,
        document_type: Decoded::of(ff.str("document_type")?.map(Into::into))?,
        decision: Decoded::of(ff.str("decision")?.map(Into::into))?,
        date: ff.column_opt("date")?,
        amount: ff.column_opt("amount")?,
        words: ff.column_opt("words")?,
        findings: Decoded::of(ff.bytes("findings")?)?,
        max_doc: reader.max_doc(),
    })
}

fn str_value(column: Option<&Decoded>, doc: u32) -> Result<Option<String>, Error> {
    let Some(column) = column else {
        return Ok(None);
    };
    let owned = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    if let Ok(term) = column.term(doc) {
        return Ok(term.map(owned));
    }
    let mut out = Vec::new();
    if !column.get(doc, &mut out)? {
        return Ok(None);
    }
    Ok(Some(owned(&out)))
}

fn read_meta(
    c: &SegmentColumns,
    doc: u32,
    at: DocRef,
    stored: Option<&StoredRules>,
    case_documents: u32,
) -> Result<DocumentMeta, Error> {
    let gender = match c.gender.as_ref().map(|g| g.term(doc)) {
        Some(Ok(Some(term))) => std::str::from_utf8(term).ok().and_then(|g| g.parse().ok()),
        _ => str_value(c.gender.as_ref(), doc)?.and_then(|g| g.parse().ok()),
    };
    let (findings, stored) = match (&c.findings, stored) {
        (Some(col), Some(rules)) => {
            let mut bytes = Vec::new();
            let blob = match col.term(doc) {
                Ok(term) => term,
                Err(()) => col.get(doc, &mut bytes)?.then_some(bytes.as_slice()),
            };
            match blob {
                Some(blob) => match rules.decode(blob)? {
                    Some((findings, info)) => (findings, Some(info)),
                    None => (Vec::new(), None),
                },
                None => (Vec::new(), None),
            }
        }
        _ => (Vec::new(), None),
    };
    Ok(DocumentMeta {
        doc: at,
        id: str_value(c.id.as_ref(), doc)?.unwrap_or_default(),
        unit: str_value(c.unit.as_ref(), doc)?.unwrap_or_default(),
        gender: gender.unwrap_or(Gender::Okant),
        case_id: str_value(c.case_id.as_ref(), doc)?.unwrap_or_default(),
        area: str_value(c.area.as_ref(), doc)?.map(|a| Area::new(&a)),
        date: c
            .date
            .as_ref()
            .and_then(|col| col.first(doc))
            .and_then(|d| IsoDate::from_days_since_epoch(d.into_timestamp_secs().div_euclid(DAY))),
        document_type: str_value(c.document_type.as_ref(), doc)?,
        decision: str_value(c.decision.as_ref(), doc)?.and_then(|d| d.parse().ok()),
        amount: c.amount.as_ref().and_then(|col| col.first(doc)),
        words: c.words.as_ref().and_then(|col| col.first(doc)).unwrap_or(0),
        findings,
        stored,
        case_documents,
    })
}

/// A write error with the index named and what to do (see [`Writer::commit`]).
fn write_failed(dir: &Path, e: tantivy::TantivyError) -> Error {
    let detail = match e {
        tantivy::TantivyError::IoError(io) => io.to_string(),
        tantivy::TantivyError::ErrorInThread(_) => {
            "a writer thread stopped on an I/O error".to_string()
        }
        other => other.to_string(),
    };
    Error::WriteFailed {
        dir: dir.to_path_buf(),
        detail,
    }
}

/// An `--index` path that exists but is no folder (a file someone named like the index) is
/// refused before anything reads or writes there, with a message that says so.
fn refuse_non_folder(dir: &Path) -> Result<(), Error> {
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(Error::io(
            dir,
            std::io::Error::other("is a file, not a folder; pass --index with a folder"),
        )),
        _ => Ok(()),
    }
}

/// Creates `dir` (and missing parents) readable by the owner only, where the platform allows.
fn create_private_dir(dir: &Path) -> Result<(), Error> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| Error::io(dir, e))
}

/// Makes every file in the index folder readable by the owner only (Unix), since tantivy
/// creates them with the process umask.
fn secure_files(dir: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let Ok(entry) = entry else { continue };
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                // A file tantivy removed meanwhile (a merged segment) is no error.
                let _ =
                    std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn dir_size(dir: &Path) -> Result<u64, Error> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let Ok(entry) = entry else { continue };
        if let Ok(meta) = entry.metadata()
            && meta.is_file()
        {
            total += meta.len();
        }
    }
    Ok(total)
}
