//! Search: tantivy's query language over the text, filtered by unit and gender, with snippets
//! that have passed the identifier gate.

use std::ops::Range;

use jamkoll_core::Gender;
use jamkoll_redact::Gate;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

use crate::error::Error;
use crate::index::{DocRef, Index};

/// Characters of text around the matches in a snippet.
const SNIPPET_CHARS: usize = 200;

/// What to search for and how many hits to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Only documents of this unit.
    pub unit: Option<String>,
    /// Only documents of this client gender.
    pub gender: Option<Gender>,
    /// Hits to return (all matches are counted regardless).
    pub limit: usize,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Matching documents.
    pub total: u64,
    /// Matching documents per client gender, every gender listed.
    pub per_gender: Vec<(Gender, u64)>,
    /// The best hits, best first.
    pub hits: Vec<SearchHit>,
}

/// One matching document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Where it stands in the index.
    #[serde(skip)]
    pub doc: DocRef,
    /// BM25 score.
    pub score: f32,
    /// Record id.
    pub id: String,
    /// Unit.
    pub unit: String,
    /// Client gender.
    pub gender: Gender,
    /// Case id.
    pub case_id: String,
    /// The passage around the matches, gated.
    pub snippet: Snippet,
}

/// A passage of a document with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage, after the identifier gate.
    pub fragment: String,
    /// Byte ranges of matched words in `fragment`.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The passage with matched words wrapped in `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.fragment.len() + 8 * self.highlights.len());
        let mut at = 0;
        for h in &self.highlights {
            out.push_str(&self.fragment[at..h.start]);
            out.push_str(open);
            out.push_str(&self.fragment[h.clone()]);
            out.push_str(close);
            at = h.end;
        }
        out.push_str(&self.fragment[at..]);
        out
    }

    /// Passes the fragment through the gate: identifiers become placeholders, and highlights
    /// that touch one are dropped, the rest moved to the new offsets.
    fn gated(fragment: &str, highlights: &[Range<usize>], gate: &Gate) -> Snippet {
        let redacted = gate.redact(fragment);
        if redacted.hits.is_empty() {
            return Snippet {
                fragment: fragment.to_string(),
                highlights: highlights.to_vec(),
            };
        }
        let moved = highlights
            .iter()
            .filter(|h| {
                !redacted
                    .hits
                    .iter()
                    .any(|hit| hit.span.start < h.end && h.start < hit.span.end)
            })
            .map(|h| {
                let shift: isize = redacted
                    .hits
                    .iter()
                    .filter(|hit| hit.span.end <= h.start)
                    .map(|hit| {
                        hit.kind.placeholder().len() as isize
                            - (hit.span.end - hit.span.start) as isize
                    })
                    .sum();
                h.start.saturating_add_signed(shift)..h.end.saturating_add_signed(shift)
            })
            .collect();
        Snippet {
            fragment: redacted.text,
            highlights: moved,
        }
    }
}

impl Index {
    /// Runs `query` (tantivy's query language; all words must match unless `OR` is written)
    /// and returns the best `options.limit` hits with gated snippets, and the count of all
    /// matches per gender.
    pub fn search(
        &self,
        query: &str,
        options: &SearchOptions,
        gate: &Gate,
    ) -> Result<SearchResults, Error> {
        let fields = *self.fields();
        let mut parser = QueryParser::for_index(self.tantivy(), vec![fields.text]);
        parser.set_conjunction_by_default();
        let parsed = parser
            .parse_query(query)
            .map_err(|e| Error::Query(gate.redact_cow(&e.to_string()).into_owned()))?;
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(unit) = &options.unit {
            filters.push((Occur::Must, term_query(fields.unit, unit)));
        }
        if let Some(gender) = options.gender {
            filters.push((Occur::Must, term_query(fields.gender, gender.as_str())));
        }
        let combine = |extra: Option<Box<dyn Query>>| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed.box_clone())];
            clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            clauses.extend(extra.map(|q| (Occur::Must, q)));
            Box::new(BooleanQuery::new(clauses))
        };
        let searcher = self.searcher()?;
        let full = combine(None);
        let (top, total) = searcher.search(
            &*full,
            &(
                TopDocs::with_limit(options.limit.max(1)).order_by_score(),
                Count,
            ),
        )?;
        let mut per_gender = Vec::with_capacity(Gender::ALL.len());
        for gender in Gender::ALL {
            let q = combine(Some(term_query(fields.gender, gender.as_str())));
            per_gender.push((*gender, searcher.search(&*q, &Count)? as u64));
        }
        let mut generator = SnippetGenerator::create(&searcher, &*parsed, fields.text)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top.into_iter().take(options.limit) {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |f| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let snippet = generator.snippet_from_doc(&doc);
            hits.push(SearchHit {
                doc: DocRef::from_address(address),
                score,
                id: text(fields.id),
                unit: text(fields.unit),
                gender: text(fields.gender).parse().unwrap_or(Gender::Okant),
                case_id: text(fields.case_id),
                snippet: Snippet::gated(snippet.fragment(), snippet.highlighted(), gate),
            });
        }
        Ok(SearchResults {
            total: total as u64,
            per_gender,
            hits,
        })
    }
}

fn term_query(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_wraps_highlights() {
        let word = 4..4 + "påstår".len();
        let s = Snippet {
            fragment: "hon påstår att".to_string(),
            highlights: vec![word],
        };
        assert_eq!(s.marked("<b>", "</b>"), "hon <b>påstår</b> att");
    }

    #[test]
    fn gate_redacts_the_fragment_and_moves_highlights() {
        let gate = Gate::new();
        let fragment = "Pnr 811228-9874 och hon påstår att";
        let start = fragment.find("påstår").unwrap();
        let s = Snippet::gated(fragment, &[0..3, start..start + "påstår".len()], &gate);
        assert_eq!(s.fragment, "Pnr [PERSONNUMMER] och hon påstår att");
        assert_eq!(
            s.marked("*", "*"),
            "*Pnr* [PERSONNUMMER] och hon *påstår* att"
        );
    }
}
