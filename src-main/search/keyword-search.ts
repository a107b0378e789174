// The keyword half of hybrid search. bm25 over an OR of every term would score every chunk that holds
// "the" or "of" — most of the library — so: terms found in a large share of chunks are left out (their
// idf is near zero; the vector half still sees them), chunks holding all telling terms come first
// (an AND, cheap because FTS5 intersects from the rarest term), and an OR fills up the rest.
import type { Catalog } from '../library/catalog.ts';
import type { LibraryFilter } from '../library/filter.ts';
import { ftsMatch, stemKey } from './terms.ts';

/** A term in more than this share of chunks carries little bm25 weight. */
export const COMMON_TERM_SHARE = 0.05;
/** When every term is common, the rarest still counts unless it is nearly everywhere. */
const ALL_COMMON_SHARE = 0.2;

export function keywordCandidates(catalog: Catalog, terms: readonly string[], n: number, filter?: LibraryFilter): number[] {
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
  if (telling.length > 1) add(catalog.keywordSearch(ftsMatch(telling, 'AND') ?? '', n, filter));
  if (ids.length < n) add(catalog.keywordSearch(ftsMatch(telling, 'OR') ?? '', n, filter));
  return ids;
}

/** Terms present in the index and not too common; when all are common, the rarest one if any use. */
export function tellingTerms(catalog: Catalog, terms: readonly string[]): string[] {
  const total = catalog.chunkCount();
  const counts = catalog.termDocumentCounts(terms.map(stemKey));
  const present = terms.map((term) => ({ term, df: counts.get(stemKey(term)) ?? 0 })).filter((t) => t.df > 0);
  const limit = Math.max(50, total * COMMON_TERM_SHARE);
  const telling = present.filter((t) => t.df <= limit);
  if (telling.length) return telling.map((t) => t.term);
  const rarest = present.sort((a, b) => a.df - b.df)[0];
  return rarest && rarest.df <= total * ALL_COMMON_SHARE ? [rarest.term] : [];
}
