// Hybrid search: the query's nearest chunks by meaning (HNSW) and its best keyword matches (FTS5 bm25)
// fused by reciprocal rank, grouped by document with its best passages (highlighted) and an explanation of
// which half found it.
import { PASSAGES_PER_RESULT, type SearchMode, type SearchResult } from '../../src-shared/contract/library.ts';
import { isZeroVector, type Embedder } from '../embed/index.ts';
import type { LibraryFilter, SearchCatalog } from './search-catalog.ts';
import type { Neighbour } from '../vector/index.ts';
import { DEFAULT_RRF_K, DEFAULT_VECTOR_WEIGHT, reciprocalRankFusion } from './fusion.ts';
import { DEFAULT_DOCUMENT_EVIDENCE, rankDocuments, type RankedDocument } from './document-ranking.ts';
import { SearchExplainer, type HalfRanking } from './explain.ts';
import { buildSnippet, termHits, type TermHit } from './snippet.ts';
import type { KeywordHeads } from './keyword-heads.ts';
import { keywordCandidates, tellingTerms } from './keyword-search.ts';
import { queryTerms, stemKey } from './terms.ts';
import { DEFAULT_PROXIMITY, NO_PROXIMITY, PROXIMITY_DEPTH, rerankByProximity, type ProximityOptions } from './term-proximity.ts';
import { DEFAULT_DOCUMENT_KEYWORDS, documentKeywordRanking, fuseDocumentRanking, wholeDocumentTerms, type DocumentEvidenceOptions } from './document-keywords.ts';
import { DEFAULT_FILE_NAME_WORDS, FILE_NAME_DEPTH, NO_FILE_NAME_WORDS, rerankByFileNameWords, type FileNameWordsOptions } from './file-name-words.ts';
import { filterScope, type FilterScope } from './filter-scope.ts';
import { nearestChunks, type NearestNeighbours } from './vector-candidates.ts';

export interface SearchSources {
  catalog: SearchCatalog;
  embedder: Embedder;
  /** Null while the catalog's vectors come from another embedder: search is then keyword-only. */
  index: NearestNeighbours | null;
  /** Stored rankings of common terms, used while they match the catalog. */
  keywordHeads?: KeywordHeads;
}

export interface SearchOptions {
  k?: number;
  filter?: LibraryFilter;
  mode?: SearchMode;
  /** RRF constant: larger flattens the rank curve. */
  rrfK?: number;
  /** Weights of the two lists in the fusion (defaults: vector 0.1, keyword 1). */
  vectorWeight?: number;
  keywordWeight?: number;
  /**
   * Weight of a document's further chunks in its score, each next one this much less (0: a document is
   * only as good as its best chunk; default DEFAULT_DOCUMENT_EVIDENCE).
   */
  documentEvidence?: number;
  /** Whole-document keyword evidence fused with the passages' (weight 0: none; default DEFAULT_DOCUMENT_KEYWORDS). */
  documentKeywords?: DocumentEvidenceOptions;
  /** Term proximity and coverage in the top documents' passages (default DEFAULT_PROXIMITY; none in vector mode). */
  proximity?: ProximityOptions;
  /** The query's words inside the top documents' file names (default DEFAULT_FILE_NAME_WORDS; none in vector mode). */
  fileNameWords?: FileNameWordsOptions;
  /** Told as each step of the search ends (a benchmark's per-step timers; nothing in the app sets it). */
  trace?: (step: SearchStep) => void;
}

/** The steps of a search, in order, as `trace` names them. */
export type SearchStep =
  | 'scope'
  | 'embed and post'
  | 'keyword half'
  | 'whole documents'
  | 'keyword documents'
  | 'vector half wait'
  | 'fusion'
  | 'vector documents'
  | 'rank documents'
  | 'file-name words'
  | 'first chunks'
  | 'passage rows'
  | 'term hits'
  | 'proximity'
  | 'results';

export async function hybridSearch(sources: SearchSources, query: string, options: SearchOptions = {}): Promise<SearchResult[]> {
  const k = options.k ?? 10;
  const mode = options.mode ?? 'hybrid';
  const rrfK = options.rrfK ?? DEFAULT_RRF_K;
  // Several chunks of one document may rank high; fetch enough to still fill k documents.
  const candidates = Math.max(50, k * 5);
  const terms = queryTerms(query);
  const scope = filterScope(sources.catalog, options.filter);
  if (scope?.chunks === 0) return [];
  const trace = options.trace ?? (() => undefined);
  trace('scope');
  const halves: { keyword?: HalfRanking; vector?: HalfRanking } = {};
  // The graph's worker searches while this thread runs the keyword half: the two overlap instead of adding up.
  const nearestSearch = mode === 'keyword' ? undefined : await startVectorCandidates(sources, query, candidates, scope);
  trace('embed and post');
  if (mode !== 'vector') {
    halves.keyword = { ids: keywordCandidates(sources.catalog, terms, candidates, scope, sources.keywordHeads), weight: options.keywordWeight ?? 1 };
  }
  trace('keyword half');
  // What needs nothing from the vector half is done while the graph's worker walks: the whole-document ranking
  // and the keyword candidates' documents (up to 2 ms at p99 at a million chunks, no longer added after the walk).
  const wholeDocuments = options.documentKeywords ?? DEFAULT_DOCUMENT_KEYWORDS;
  const telling = mode === 'vector' || wholeDocuments.weight === 0 ? [] : wholeDocumentTerms(sources.catalog, tellingTerms(sources.catalog, terms));
  let byDocument: HalfRanking | undefined;
  if (telling.length) {
    const inScope = scope ? (id: number) => scope.documents.has(id) : undefined;
    byDocument = { ids: documentKeywordRanking(sources.catalog, telling, candidates, wholeDocuments.fields, inScope).map((d) => d.documentId), weight: wholeDocuments.weight };
  }
  trace('whole documents');
  // The documents of the candidates (at most a few hundred) are looked up by SQL: the catalog's chunk → document
  // map would be rebuilt after every commit, 17–24 ms at 115k chunks, which searches during an ingest would pay again and again.
  const documentOf = sources.catalog.documentIdsOf(halves.keyword?.ids ?? []);
  trace('keyword documents');
  if (nearestSearch) {
    const nearest = await nearestSearch.found;
    halves.vector = { ids: nearest.map((n) => n.label), similarity: nearest.map((n) => n.similarity), weight: options.vectorWeight ?? DEFAULT_VECTOR_WEIGHT };
  }
  trace('vector half wait');
  const fused = reciprocalRankFusion([halves.vector, halves.keyword].filter((h) => h !== undefined), rrfK);
  trace('fusion');
  const vectorOnly = (halves.vector?.ids ?? []).filter((id) => !documentOf.has(id));
  if (vectorOnly.length) sources.catalog.documentIdsOf(vectorOnly).forEach((documentId, id) => documentOf.set(id, documentId));
  trace('vector documents');
  let documents = rankDocuments(fused, (id) => documentOf.get(id), options.documentEvidence ?? DEFAULT_DOCUMENT_EVIDENCE);
  if (byDocument) documents = fuseDocumentRanking(documents, byDocument.ids, byDocument.weight, rrfK);
  trace('rank documents');
  const fileNameWords = mode === 'vector' ? NO_FILE_NAME_WORDS : (options.fileNameWords ?? DEFAULT_FILE_NAME_WORDS);
  const named = rerankByFileNameWords(sources.catalog, documents, terms, fileNameWords, Math.max(k, FILE_NAME_DEPTH));
  documents = named.documents;
  trace('file-name words');
  // Proximity may re-order the top few documents, so as many are read whatever k is.
  documents = documents.slice(0, Math.max(k, PROXIMITY_DEPTH));
  // A document found by its whole text alone (most often by its title or path) shows its first chunk: finding
  // the chunk that matches best took an FTS5 query per document, 0.5–0.6 ms a search at 115k chunks.
  for (const document of documents) {
    if (document.chunks.length) continue;
    const first = sources.catalog.firstChunkOf(document.documentId);
    if (first !== undefined) document.chunks.push({ id: first, score: document.score });
  }
  trace('first chunks');
  const shown = documents.map((d) => d.chunks.slice(0, PASSAGES_PER_RESULT));
  const rows = sources.catalog.chunksWithDocuments(shown.flat().map((c) => c.id));
  trace('passage rows');
  // The query terms' hits in the passages: evidence of proximity first, then the snippets.
  const keys = terms.map(stemKey);
  const keySet = new Set(keys);
  const hits = new Map<number, TermHit[]>();
  rows.forEach((row, id) => hits.set(id, termHits(row.chunk.text, keySet)));
  trace('term hits');
  const passagesShown = new Map(documents.map((d, i) => [d.documentId, shown[i] ?? []]));
  const proximity = mode === 'vector' ? NO_PROXIMITY : (options.proximity ?? DEFAULT_PROXIMITY);
  const textsOf = (d: RankedDocument) => (passagesShown.get(d.documentId) ?? []).map((c) => hits.get(c.id) ?? []);
  const reranked = rerankByProximity(documents, textsOf, keys, proximity).slice(0, k);
  trace('proximity');
  const explainer = new SearchExplainer(halves, rrfK, byDocument);
  const results: SearchResult[] = [];
  reranked.forEach((ranked) => {
    const passages = (passagesShown.get(ranked.documentId) ?? []).flatMap(({ id, score }) => {
      const row = rows.get(id);
      return row ? [{ chunkId: id, score, snippet: buildSnippet(row.chunk.text, terms, undefined, hits.get(id)) }] : [];
    });
    const document = rows.get(passages[0]?.chunkId ?? -1)?.document;
    if (!document) return;
    results.push({
      documentId: document.id,
      path: document.path,
      title: document.title,
      type: document.type,
      modifiedAt: new Date(document.mtime).toISOString(),
      score: ranked.score,
      passages,
      explain: explainer.explain(ranked.chunks, ranked.score, ranked.documentId, ranked.proximity, named.evidence.get(ranked.documentId)),
    });
  });
  trace('results');
  return results;
}

/** Embeds the query and posts its graph search; `found` settles once the graph (on its worker) has answered. */
async function startVectorCandidates(sources: SearchSources, query: string, n: number, scope?: FilterScope): Promise<{ found: Neighbour[] | Promise<Neighbour[]> }> {
  if (!sources.index || sources.index.size === 0) return { found: [] };
  const [vector] = await sources.embedder.embed([query]);
  if (!vector || isZeroVector(vector)) return { found: [] };
  const found = nearestChunks(sources.catalog, sources.index, vector, n, scope);
  // Awaited after the keyword half: should that half throw, a failed graph search must not go unhandled.
  if (found instanceof Promise) found.catch(() => undefined);
  return { found };
}
