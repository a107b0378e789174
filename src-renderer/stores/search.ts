// Search as you type: the latest query wins, older replies are dropped. Filters (type, folder, date) narrow
// what is searched; the sort orders the hits found (relevance, or by the file's date).
import { create } from 'zustand';
import { SEARCH_QUERY_MAX_CHARS, type DocType, type SearchMode, type SearchResult } from '../../src-shared/contract/library.ts';
import { api } from '../api/client.ts';
import { toFilter, type ModifiedWithin, type SearchFilters, type SearchSort } from './search-filters.ts';
import { afterReply, type AskedBecause } from './search-reply.ts';
import { runAction } from '../api/run-action.ts';

interface SearchState extends SearchFilters {
  query: string;
  mode: SearchMode;
  sort: SearchSort;
  /** Hits as the server ranked them; shown through sortResults. */
  results: SearchResult[];
  tookMs: number | null;
  /** The hits shown are keyword-only: main is still reading the graph, and says library.vectorsReady once it is in. */
  vectorsLoading: boolean;
  /** Main is still reading or building the graph (a library just opened, or just restored): said before any query. */
  indexLoading: boolean;
  searching: boolean;
  /** The query is longer than search takes: nothing was asked, and the page says how long it may be. */
  tooLong: boolean;
  selected: number;
  setQuery(query: string): void;
  setMode(mode: SearchMode): void;
  toggleType(type: DocType): void;
  setFolder(folder: string): void;
  setModifiedWithin(within: ModifiedWithin): void;
  setSort(sort: SearchSort): void;
  select(index: number): void;
  run(because?: AskedBecause): Promise<void>;
  /** Asks whether the graph is still loading (library.stats; it opens the library if it is not yet open). */
  checkIndex(): Promise<void>;
  /** The graph is in: the notice goes, and the query shown is asked again by both halves. */
  onVectorsReady(): void;
}

let generation = 0;
/** library.vectorsReady events seen: a stats reply asked before the latest one is stale. */
let readyEvents = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const DEBOUNCE_MS = 120;

export const useSearchStore = create<SearchState>()((set, get) => {
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => runAction(get().run()), DEBOUNCE_MS);
  };
  return {
    query: '',
    mode: 'hybrid',
    types: [],
    folder: '',
    modifiedWithin: 'any',
    sort: 'relevance',
    results: [],
    tookMs: null,
    vectorsLoading: false,
    indexLoading: false,
    searching: false,
    tooLong: false,
    selected: 0,
    setQuery(query) {
      set({ query });
      schedule();
    },
    setMode(mode) {
      set({ mode });
      schedule();
    },
    toggleType(type) {
      const types = get().types.includes(type) ? get().types.filter((t) => t !== type) : [...get().types, type];
      set({ types });
      schedule();
    },
    setFolder(folder) {
      set({ folder });
      schedule();
    },
    setModifiedWithin(modifiedWithin) {
      set({ modifiedWithin });
      schedule();
    },
    setSort: (sort) => set({ sort, selected: 0 }),
    select: (index) => set({ selected: Math.max(0, Math.min(index, get().results.length - 1)) }),
    async run(because = 'query') {
      const { query, mode } = get();
      const filter = toFilter(get());
      const mine = ++generation;
      const nothing = { results: [], tookMs: null, vectorsLoading: false, searching: false, selected: 0 };
      if (!query.trim()) return set({ ...nothing, tooLong: false });
      if (query.trim().length > SEARCH_QUERY_MAX_CHARS) return set({ ...nothing, tooLong: true });
      set({ tooLong: false });
      // A re-rank of the hits shown is quiet: no "Searching…" while the list is still there to read.
      if (because === 'query') set({ searching: true });
      try {
        const reply = await api.call('search.query', { query, mode, k: 20, ...(filter ? { filter } : {}) });
        if (mine === generation) set(afterReply(get(), reply, because));
      } finally {
        if (mine === generation) set({ searching: false });
      }
    },
    async checkIndex() {
      const seen = readyEvents;
      const stats = await api.call('library.stats', {});
      if (seen === readyEvents) set({ indexLoading: stats.vectorsLoading });
    },
    onVectorsReady() {
      readyEvents++;
      set({ vectorsLoading: false, indexLoading: false });
      if (get().query.trim()) runAction(get().run('vectorsReady'));
    },
  };
});
