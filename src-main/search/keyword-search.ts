// The keyword half of hybrid search. bm25 over an OR of every term would score every chunk that holds
// "the" or "of" — most of the library — so: terms found in a large share of a large library's chunks are
// left out (their idf is near zero; the vector half still sees them) — and in a very large library, terms past a
// cap in postings when a rarer one is telling, so no step walks postings that grow with the library —
// chunks holding all telling terms come first (an
// AND, cheap because FTS5 intersects from the rarest term), and an OR of the rarest terms, within a
// budget of postings, fills up the rest. The budget keeps the slowest query near the typical one. Where
// terms of that OR have stored rankings (keyword-heads.ts), it is read from them instead of scored anew. A query
// of only common words is ranked by its rarest word alone, read from that word's stored ranking (heads reach
// half the chunks), never scored anew: that would walk a share of the whole library.
import type { FilterScope } from './filter-scope.ts';
import type { SearchCatalog } from './search-catalog.ts';
import type { HeadRanking, KeywordHeads } from './keyword-heads.ts';
import { commonTermLimit, OR_POSTINGS_BUDGET, TERM_POSTINGS_CAP } from './term-limits.ts';
import { ftsMatch, quoteTerm } from './terms.ts';

/** The part of a filter's scope the keyword half reads; a bare check reads the global ranking (see keywordCandidates). */
export type KeywordScope = Pick<FilterScope, 'admits' | 'chunkScope'> | FilterScope['admits'];

/**
 * Up to n chunks for the query terms, best first, within the filter's scope when there is one. FTS5 reads
 * between the scope's lowest and highest chunk id and bm25 scores only the matches the scope's check lets
 * through (catalog.keywordSearchWithin), so the cost is a walk over the matches there and the scope's own
 * scoring. Given only the check, the global bm25 ranking is read past n (up to every match of the terms in
 * play) and the chunks outside are skipped here. Both give the same chunks in the same order.
 */
export function keywordCandidates(
  catalog: SearchCatalog,
  terms: readonly string[],
  n: number,
  scope?: KeywordScope,
  heads?: KeywordHeads,
  postingsCap?: number,
): number[] {
  const telling = tellingTerms(catalog, terms, postingsCap);
  const admits = typeof scope === 'function' ? scope : scope?.admits;
  if (!telling.length) return commonWordRanking(catalog, terms, n, admits, heads);
  const ids: number[] = [];
  const seen = new Set<number>();
  const add = (hits: Iterable<number>) => {
    for (const id of hits) {
      if (ids.length >= n) return;
      if (seen.has(id) || (admits && !admits(id))) continue;
      seen.add(id);
      ids.push(id);
    }
  };
  const within = typeof scope === 'function' ? undefined : scope?.chunkScope;
  const ranked = (match: string, matches: number) => {
    if (within) return catalog.keywordSearchWithin(match, n, within).map((h) => h.chunkId);
    return catalog.keywordSearch(match, admits ? matches : n).map((h) => h.chunkId);
  };
  const rarest = telling[0] ?? { term: '', df: 0 };
  if (telling.length > 1) {
    const every = ftsMatch(telling.map((t) => t.term), 'AND') ?? '';
    // A specific query often has one chunk holding every term, or none: bm25 is needed (and its idf passes
    // over every term's postings paid) only to order two or more.
    const found = catalog.keywordMatches(every, 2);
    add(found.length > 1 ? ranked(every, rarest.df) : found);
  }
  if (ids.length < n) {
    let postings = 0;
    const within = telling.filter((t, i) => (postings += t.df) <= OR_POSTINGS_BUDGET || i === 0);
    const stored = within.length === 1 ? headFor(heads, rarest, n, admits) : mergedOr(catalog, within, heads);
    add(stored ?? ranked(ftsMatch(within.map((t) => t.term), 'OR') ?? '', postings));
  }
  return ids;
}

/**
 * The OR of several terms, every chunk holding one of them best first, added up from the terms' own rankings:
 * bm25 is a sum over a query's terms, so a chunk's OR score is the sum, in the query's term order, of its
 * scores for each term alone — the very doubles FTS5 computes (ties go to the lower id, as in FTS5's scan).
 * Complete stored rankings are read; a term too rare for one is scored alone by FTS5 (every match comes back,
 * unsorted, at about what FTS5's own OR pays per posting). The merge is taken while such terms hold at most
 * half the OR's postings (measured at 100k chunks, any share from a third to all gave the same times within
 * a few %); else null, and FTS5 answers.
 */
function mergedOr(catalog: SearchCatalog, terms: readonly { term: string; df: number }[], heads?: KeywordHeads): number[] | null {
  if (!heads?.isCurrent()) return null;
  const stored = terms.map((t) => heads.storesAll(t.df));
  const postings = (of: (i: number) => boolean) => terms.reduce((sum, t, i) => sum + (of(i) ? t.df : 0), 0);
  if (!stored.some(Boolean) || postings((i) => !stored[i]) * 2 > postings(() => true)) return null;
  const scores = new Map<number, number>();
  terms.forEach((t, i) => {
    const ranking = stored[i] ? heads.ranking(t.term, t.df) : null;
    const hits: Pick<HeadRanking, 'ids' | 'scores'> = ranking?.complete ? ranking : rankedAlone(catalog, t);
    for (let h = 0; h < hits.ids.length; h++) {
      const id = hits.ids[h] ?? 0;
      scores.set(id, (scores.get(id) ?? 0) + (hits.scores[h] ?? 0));
    }
  });
  return [...scores].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([id]) => id);
}

/** Every chunk holding the term, with FTS5's bm25 score for the term alone. */
function rankedAlone(catalog: SearchCatalog, term: { term: string }): Pick<HeadRanking, 'ids' | 'scores'> {
  return catalog.keywordScores(quoteTerm(term.term));
}

/**
 * For a query whose every word in the index is common (past the common-term limit): up to n chunks in scope
 * from the stored ranking of its rarest such word, which is FTS5's bm25 ranking of that word alone. Only a
 * current head answers (a few hundred ids read, whatever the library's size); without one — a word in half the
 * chunks or more, heads being brought up to date — there is no keyword half, and the vector half answers alone.
 * A filtered search gets the head's chunks in its scope: the top of its own ranking, if fewer than n.
 */
function commonWordRanking(catalog: SearchCatalog, terms: readonly string[], n: number, admits?: (chunkId: number) => boolean, heads?: KeywordHeads): number[] {
  if (!heads) return [];
  const limit = commonTermLimit(catalog.chunkCount());
  // Counted up to just past the limit by tellingTerms already (the catalog keeps counts until its next change).
  const counts = catalog.termDocumentCounts(terms, limit + 1);
  let rarest: ReturnType<KeywordHeads['commonRanking']> = null;
  for (const term of terms) {
    const head = (counts.get(term) ?? 0) > limit ? heads.commonRanking(term, limit) : null;
    if (head && (!rarest || head.postings < rarest.postings)) rarest = head;
  }
  const ids = rarest?.ids ?? [];
  return (admits ? ids.filter(admits) : ids).slice(0, n);
}

/** A frequent term's stored ranking when it covers what is asked: n chunks, or n within the filter's scope. */
function headFor(heads: KeywordHeads | undefined, term: { term: string; df: number }, n: number, admits?: (chunkId: number) => boolean): number[] | null {
  const head = heads?.ranking(term.term, term.df);
  if (!head) return null;
  const inScope = admits ? head.ids.filter(admits).length : head.ids.length;
  return inScope >= n || head.complete ? head.ids : null;
}

/**
 * Terms present in the index and not too common, rarest first, with their chunk counts. Terms in more than
 * `postingsCap` chunks are left out when a rarer one is telling; a query of only such terms keeps the rarest
 * of them alone (its stored head answers it: an AND of such terms paid FTS5's idf pass over each one's
 * postings, 5–12 ms at 1.16M chunks).
 */
export function tellingTerms(catalog: SearchCatalog, terms: readonly string[], postingsCap = TERM_POSTINGS_CAP): { term: string; df: number }[] {
  const limit = commonTermLimit(catalog.chunkCount());
  const cap = Math.min(limit, postingsCap);
  const withCounts = (counts: Map<string, number>, most: number) =>
    terms
      .map((term) => ({ term, df: counts.get(term) ?? 0 }))
      .filter((t) => t.df > 0 && t.df <= most)
      .sort((a, b) => a.df - b.df);
  const rarer = withCounts(catalog.termDocumentCounts(terms, cap + 1), cap);
  return rarer.length || cap === limit ? rarer : withCounts(catalog.termDocumentCounts(terms, limit + 1), limit).slice(0, 1);
}
