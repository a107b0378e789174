// Document-level keyword evidence: bm25 over whole documents (title, path and full text, one FTS5 row per
// document, see the catalog's documents_fts), fused by reciprocal rank with the documents ranked from
// their passages. A passage ranking judges a document by its best few chunks; a person's query often
// names the document as a whole — its title, its file name, words spread over several sections — which
// only whole-document statistics see.
import type { RankedDocument } from './document-ranking.ts';
import type { SearchCatalog } from './search-catalog.ts';
import { ftsMatch, quoteTerm } from './terms.ts';
import { higherFirst } from './order.ts';

/** bm25 column weights of the document table: title, path, body. */
const DOCUMENT_COLUMNS = ['title', 'path', 'body'] as const;

export type DocumentFieldWeights = readonly [title: number, path: number, body: number];

export interface DocumentEvidenceOptions {
  /** Weight of the document ranking in the fusion (0: passages alone). */
  weight: number;
  fields: DocumentFieldWeights;
}

export const DEFAULT_DOCUMENT_KEYWORDS: DocumentEvidenceOptions = { weight: 1.5, fields: [50, 50, 1] };

/**
 * How many postings the whole-document OR may touch. FTS5 scores every document holding a term, and a
 * document's postings are longer than a chunk's (positions of the whole text): the rarest terms are taken
 * while their postings fit.
 */
export const DOCUMENT_POSTINGS_BUDGET = 1500;

/**
 * The terms of the whole-document OR: telling terms (rarest first, with their chunk counts) while their
 * postings fit the budget. A term is in at most as many documents as chunks, and as there are documents.
 * The rarest is taken past the budget up to `rarestUpTo` postings (default: the budget): past it a query
 * gets no whole-document evidence, since a lone term's cost grew with the library: this half's p99 was 23–77 ms
 * at 1.16M chunks with the rarest always in, under 1 ms with it bounded (`npm run bench keyword-scale`).
 */
export function documentTerms(telling: readonly { term: string; df: number }[], documents: number, budget = DOCUMENT_POSTINGS_BUDGET, rarestUpTo = budget): string[] {
  let postings = 0;
  return telling.filter((t, i) => (postings += Math.min(t.df, documents)) <= (i === 0 ? Math.max(budget, rarestUpTo) : budget)).map((t) => t.term);
}

/**
 * The terms of the whole-document OR for a search (documentTerms). A rarest term whose chunk count is past the
 * budget may still be in fewer documents (a document holds many chunks): its documents are counted, up to just
 * past the budget, and it goes in alone when they fit.
 */
export function wholeDocumentTerms(catalog: SearchCatalog, telling: readonly { term: string; df: number }[], budget = DOCUMENT_POSTINGS_BUDGET): string[] {
  const terms = documentTerms(telling, catalog.documentCount(), budget);
  const rarest = telling[0];
  if (terms.length || !rarest) return terms;
  return catalog.documentMatchCount(quoteTerm(rarest.term), budget + 1) <= budget ? [rarest.term] : [];
}

/**
 * FTS5 gives a term in more than half of the documents no weight (its idf is clamped to 1e-6), yet the OR
 * still matches every document holding it: a folder name all paths share would bring every document into
 * the ranking, and rank fusion would lift them all. A document scoring less than this matched only such terms.
 */
export const WEIGHTLESS_BM25 = 1e-3;

/**
 * Documents best first by whole-document bm25 over the terms (ORed), within the scope's documents, with their
 * bm25 scores (lower is better). Documents matched only by weightless terms are left out when others matched
 * a term with weight, and all are when they are every document of the library. In a library of a few
 * documents every term may be weightless, and their order (term frequencies, fields) still tells.
 */
export function documentKeywordRanking(
  catalog: SearchCatalog,
  terms: readonly string[],
  n: number,
  fields: DocumentFieldWeights,
  inScope?: (documentId: number) => boolean,
): { documentId: number; bm25: number }[] {
  const any = ftsMatch(terms, 'OR');
  if (!any) return [];
  // Fields weighted 0 are left out of the match, not only of the score.
  const columns = DOCUMENT_COLUMNS.filter((_, i) => (fields[i] ?? 0) > 0);
  const match = columns.length < DOCUMENT_COLUMNS.length ? `{${columns.join(' ')}} : (${any})` : any;
  // A filter is applied to the ranking, so read past n until n in scope (or every match) are found.
  for (let limit = n; ; limit *= 4) {
    const ranked = catalog.documentKeywordSearch(match, fields, limit);
    const all = ranked.length < limit;
    let useful = ranked.filter((d) => d.bm25 < -WEIGHTLESS_BM25);
    if (!useful.length) useful = all && ranked.length >= catalog.documentCount() ? [] : ranked;
    const kept = inScope ? useful.filter((d) => inScope(d.documentId)) : useful;
    if (kept.length >= n || all || useful.length < ranked.length) return kept.slice(0, n);
  }
}

/**
 * Adds each ranked document's reciprocal-rank share to the passage-ranked documents and re-sorts them; a
 * document only the whole-document ranking found joins with no chunks (the caller finds its passages).
 */
export function fuseDocumentRanking(byPassages: readonly RankedDocument[], byDocument: readonly number[], weight: number, k: number): RankedDocument[] {
  const fused = byPassages.map((d) => ({ ...d }));
  const documents = new Map<number, RankedDocument>();
  for (const document of fused) documents.set(document.documentId, document);
  byDocument.forEach((documentId, rank) => {
    const share = weight / (k + rank + 1);
    const seen = documents.get(documentId);
    if (seen) seen.score += share;
    else {
      const added = { documentId, score: share, chunks: [] };
      documents.set(documentId, added);
      fused.push(added);
    }
  });
  return fused.sort((a, b) => higherFirst(a.score, b.score) || firstChunk(a) - firstChunk(b) || a.documentId - b.documentId);
}

function firstChunk(document: RankedDocument): number {
  return document.chunks[0]?.id ?? Number.MAX_SAFE_INTEGER;
}
