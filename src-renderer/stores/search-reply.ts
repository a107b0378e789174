// What a search reply changes on the Search page. A reply to the same query asked again once the meaning half
// is in (library.vectorsReady) re-ranks the hits in place: the selection stays on the document the user had
// selected, wherever it now ranks, instead of jumping back to the first hit.
import type { SearchResult } from '../../src-shared/contract/library.ts';
import { sortResults, type SearchSort } from './search-filters.ts';

export interface ShownSearch {
  /** Hits as the server ranked them. */
  results: SearchResult[];
  /** Index of the selected hit in the shown (sorted) order. */
  selected: number;
  sort: SearchSort;
}

export interface SearchReply {
  results: SearchResult[];
  tookMs: number;
  vectorsLoading: boolean;
}

/** Why the query was asked: the user changed it (a new list), or the graph came in (the same list re-ranked). */
export type AskedBecause = 'query' | 'vectorsReady';

export function afterReply(shown: ShownSearch, reply: SearchReply, because: AskedBecause): ShownSearch & { tookMs: number; vectorsLoading: boolean } {
  const next = { results: reply.results, sort: shown.sort, tookMs: reply.tookMs, vectorsLoading: reply.vectorsLoading };
  if (because === 'query') return { ...next, selected: 0 };
  const selectedId = sortResults(shown.results, shown.sort)[shown.selected]?.documentId;
  const at = sortResults(reply.results, shown.sort).findIndex((r) => r.documentId === selectedId);
  // A selected hit that dropped out leaves the selection where it was on the page.
  return { ...next, selected: at >= 0 ? at : Math.max(0, Math.min(shown.selected, reply.results.length - 1)) };
}
