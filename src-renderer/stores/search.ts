// Search as you type: the latest query wins, older replies are dropped.
import { create } from 'zustand';
import type { DocType, SearchMode, SearchResult } from '../../src-shared/contract/library.ts';
import { api } from '../api/client.ts';

interface SearchState {
  query: string;
  mode: SearchMode;
  types: DocType[];
  results: SearchResult[];
  tookMs: number | null;
  searching: boolean;
  selected: number;
  setQuery(query: string): void;
  setMode(mode: SearchMode): void;
  toggleType(type: DocType): void;
  select(index: number): void;
  run(): Promise<void>;
}

let generation = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const DEBOUNCE_MS = 120;

export const useSearchStore = create<SearchState>()((set, get) => {
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void get().run().catch(() => {}), DEBOUNCE_MS);
  };
  return {
    query: '',
    mode: 'hybrid',
    types: [],
    results: [],
    tookMs: null,
    searching: false,
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
    select: (index) => set({ selected: Math.max(0, Math.min(index, get().results.length - 1)) }),
    async run() {
      const { query, mode, types } = get();
      const mine = ++generation;
      if (!query.trim()) return set({ results: [], tookMs: null, searching: false, selected: 0 });
      set({ searching: true });
      try {
        const reply = await api.call('search.query', { query, mode, k: 20, ...(types.length ? { filter: { types } } : {}) });
        if (mine === generation) set({ results: reply.results, tookMs: reply.tookMs, selected: 0 });
      } finally {
        if (mine === generation) set({ searching: false });
      }
    },
  };
});
