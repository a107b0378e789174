// The keyword half of hybrid search. bm25 over an OR of every term would score every chunk that holds
// "the" or "of" — most of the library — so: terms found in a large share of chunks are left out (their
// idf is near zero; the vector half still sees them), chunks holding all telling terms come first (an
// AND, cheap because FTS5 intersects from the rarest term), and an OR of the rarest terms, within a
// budget of postings, fills up the rest. The budget keeps the slowest query near the typical one. When
// that OR is down to one term with too many postings to score quickly, its stored head answers instead.
import type { Catalog } from '../library/catalog.ts';
import { isEmptyFilter, type LibraryFilter } from '../library/filter.ts';
import type { KeywordHeads } from './keyword-heads.ts';
import { ftsMatch } from './terms.ts';

/** A term in more than this share of chunks carries little bm25 weight. */
export const COMMON_TERM_SHARE = 0.05;
/** How many postings the OR query may touch (the rarest term is always taken). */
export const OR_POSTINGS_BUDGET = 1500;

/** Chunk counts above this make a term common in a library of `chunks` chunks. */
export function commonTermLimit(chunks: number): number {
  return Math.floor(Math.max(50, chunks * COMMON_TERM_SHARE));
}

export function keywordCandidates(catalog: Catalog, terms: readonly string[], n: number, filter?: LibraryFilter, heads?: KeywordHeads): number[] {
  const telling = tellingTerms(catalog, terms);
  if (!telling.length) return [];
  const ids: number[] = [];
  const seen = new Set<number>();
  const add = (hits: { chunkId: number }[]) => {
    for (const h of hits) {
      if (seen.has(h.chunkId) || ids.length >= n) continue;
      seen.add(h.chunkId);
      ids.push(h.chunkId);
    }
  };
  if (telling.length > 1) {
    const every = ftsMatch(telling.map((t) => t.term), 'AND') ?? '';
    // A specific query often has one chunk holding every term, or none: bm25 is needed (and its idf passes
    // over every term's postings paid) only to order two or more.
    const found = isEmptyFilter(filter) ? catalog.keywordMatches(every, 2) : null;
    if (found?.length === 1) add(found.map((chunkId) => ({ chunkId })));
    else if (found === null || found.length > 1) add(catalog.keywordSearch(every, n, filter));
  }
  if (ids.length < n) {
    let postings = 0;
    const within = telling.filter((t, i) => (postings += t.df) <= OR_POSTINGS_BUDGET || i === 0);
    // Heads rank the whole library: a filtered search scores its own matches.
    const head = within.length === 1 && isEmptyFilter(filter) ? heads?.lookup(within[0]?.term ?? '', within[0]?.df ?? 0, n) : null;
    add(head ? head.map((chunkId) => ({ chunkId })) : catalog.keywordSearch(ftsMatch(within.map((t) => t.term), 'OR') ?? '', n, filter));
  }
  return ids;
}

/** Terms present in the index and not too common, rarest first, with their chunk counts. */
export function tellingTerms(catalog: Catalog, terms: readonly string[]): { term: string; df: number }[] {
  const limit = commonTermLimit(catalog.chunkCount());
  const counts = catalog.termDocumentCounts(terms, limit + 1);
  return terms
    .map((term) => ({ term, df: counts.get(term) ?? 0 }))
    .filter((t) => t.df > 0 && t.df <= limit)
    .sort((a, b) => a.df - b.df);
}
