// Hybrid search: the query's nearest chunks by meaning (HNSW) and its best keyword matches (FTS5 bm25)
// fused by reciprocal rank, collapsed to the best chunk per document, with highlighted snippets.
import type { SearchMode, SearchResult } from '../../src-shared/contract/library.ts';
import { isZeroVector, type Embedder } from '../embed/embedder.ts';
import type { LibraryFilter, SearchCatalog } from './search-catalog.ts';
import type { HnswIndex } from '../vector/hnsw-index.ts';
import { DEFAULT_RRF_K, DEFAULT_VECTOR_WEIGHT, reciprocalRankFusion, type RankedList } from './fusion.ts';
import { rankDocuments, type ScoredChunk } from './document-ranking.ts';
import { buildSnippet } from './snippet.ts';
import type { KeywordHeads } from './keyword-heads.ts';
import { keywordCandidates } from './keyword-search.ts';
import { queryTerms } from './terms.ts';
import { filterScope, type FilterScope } from './filter-scope.ts';
import { nearestChunks } from './vector-candidates.ts';

export interface SearchSources {
  catalog: SearchCatalog;
  embedder: Embedder;
  /** Null while the catalog's vectors come from another embedder: search is then keyword-only. */
  index: HnswIndex | null;
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
   * only as good as its best chunk).
   */
  documentEvidence?: number;
}

export async function hybridSearch(sources: SearchSources, query: string, options: SearchOptions = {}): Promise<SearchResult[]> {
  const k = options.k ?? 10;
  const mode = options.mode ?? 'hybrid';
  // Several chunks of one document may rank high; fetch enough to still fill k documents.
  const candidates = Math.max(50, k * 5);
  const terms = queryTerms(query);
  const scope = filterScope(sources.catalog, options.filter);
  if (scope?.chunks === 0) return [];
  const lists: RankedList[] = [];
  if (mode !== 'keyword') {
    lists.push({ ids: await vectorCandidates(sources, query, candidates, scope), weight: options.vectorWeight ?? DEFAULT_VECTOR_WEIGHT });
  }
  if (mode !== 'vector') {
    lists.push({ ids: keywordCandidates(sources.catalog, terms, candidates, scope?.admits, sources.keywordHeads), weight: options.keywordWeight ?? 1 });
  }
  const fused = reciprocalRankFusion(lists, options.rrfK ?? DEFAULT_RRF_K);
  const evidence = options.documentEvidence ?? 0;
  const chosen = evidence > 0 ? topDocuments(sources.catalog, fused, evidence, k) : bestChunkPerDocument(sources.catalog, fused, k);
  const rows = sources.catalog.chunksWithDocuments(chosen.map((c) => c.id));
  const results: SearchResult[] = [];
  for (const { id, score } of chosen) {
    const row = rows.get(id);
    if (!row) continue;
    results.push({
      documentId: row.document.id,
      path: row.document.path,
      title: row.document.title,
      type: row.document.type,
      chunkId: id,
      modifiedAt: new Date(row.document.mtime).toISOString(),
      score,
      snippet: buildSnippet(row.chunk.text, terms),
    });
  }
  return results;
}

/**
 * The k best hits from k different documents, from ids alone (text is loaded only for those shown).
 * Documents are looked up for the top 2k hits first, which usually fill k, and for the rest if not:
 * each lookup reads a row of the large chunks table.
 */
function bestChunkPerDocument(catalog: SearchCatalog, fused: readonly { id: number; score: number }[], k: number): { id: number; score: number }[] {
  const chosen: { id: number; score: number }[] = [];
  const seenDocuments = new Set<number>();
  for (let from = 0, batch = 2 * k; from < fused.length && chosen.length < k; from += batch, batch = fused.length) {
    const hits = fused.slice(from, from + batch);
    const documentOf = catalog.documentIdsOf(hits.map((f) => f.id));
    for (const hit of hits) {
      const documentId = documentOf.get(hit.id);
      if (documentId === undefined || seenDocuments.has(documentId)) continue;
      seenDocuments.add(documentId);
      chosen.push(hit);
      if (chosen.length >= k) break;
    }
  }
  return chosen;
}

/**
 * The k best documents by the evidence of all their candidate chunks (document-ranking.ts). The documents of
 * the candidates (at most 100) are looked up by SQL: the catalog's chunk → document map would be rebuilt
 * after every commit, 17–24 ms at 115k chunks, which searches during an ingest would pay again and again.
 */
function topDocuments(catalog: SearchCatalog, fused: readonly ScoredChunk[], decay: number, k: number): ScoredChunk[] {
  const documentOf = catalog.documentIdsOf(fused.map((f) => f.id));
  return rankDocuments(fused, (id) => documentOf.get(id), decay).slice(0, k);
}

async function vectorCandidates(sources: SearchSources, query: string, n: number, scope?: FilterScope): Promise<number[]> {
  if (!sources.index || sources.index.size === 0) return [];
  const [vector] = await sources.embedder.embed([query]);
  if (!vector || isZeroVector(vector)) return [];
  return nearestChunks(sources.catalog, sources.index, vector, n, scope);
}
