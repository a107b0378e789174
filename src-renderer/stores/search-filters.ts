// The search page's filter and sort choices as pure functions: what they ask of the server, and the order
// in which the hits found are shown.
import type { DocType, LibraryFilterInput, SearchResult } from '../../src-shared/contract/library.ts';

export const MODIFIED_WITHIN = { any: 'Any time', week: 'Past week', month: 'Past month', year: 'Past year' } as const;
export type ModifiedWithin = keyof typeof MODIFIED_WITHIN;
const WITHIN_DAYS: Record<Exclude<ModifiedWithin, 'any'>, number> = { week: 7, month: 31, year: 366 };

export const SEARCH_SORTS = { relevance: 'Best match', newest: 'Newest first', oldest: 'Oldest first' } as const;
export type SearchSort = keyof typeof SEARCH_SORTS;

export interface SearchFilters {
  types: DocType[];
  /** Absolute folder, or '' for everywhere. */
  folder: string;
  modifiedWithin: ModifiedWithin;
}

/** The contract's filter for these choices, or undefined when nothing narrows the search. */
export function toFilter(filters: SearchFilters, now = Date.now()): LibraryFilterInput | undefined {
  const filter: LibraryFilterInput = {
    ...(filters.types.length ? { types: filters.types } : {}),
    ...(filters.folder ? { folder: filters.folder } : {}),
    ...(filters.modifiedWithin !== 'any' ? { modifiedAfter: new Date(now - WITHIN_DAYS[filters.modifiedWithin] * 86_400_000).toISOString() } : {}),
  };
  return Object.keys(filter).length ? filter : undefined;
}

/** Hits in the chosen order (the server ranks by relevance; dates sort the same hits, ties by relevance). */
export function sortResults(results: readonly SearchResult[], sort: SearchSort): SearchResult[] {
  if (sort === 'relevance') return [...results];
  const sign = sort === 'newest' ? -1 : 1;
  return results
    .map((r, rank) => ({ r, rank, at: Date.parse(r.modifiedAt) }))
    .sort((a, b) => sign * (a.at - b.at) || a.rank - b.rank)
    .map((x) => x.r);
}
