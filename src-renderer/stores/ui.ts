// UI state: which page is shown and the error/info toasts.
import { create } from 'zustand';

export const PAGES = [
  { id: 'library', label: 'Library' },
  { id: 'search', label: 'Search' },
  { id: 'backups', label: 'Backups' },
  { id: 'restore', label: 'Restore' },
  { id: 'wallet', label: 'Wallet' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
}

interface UiState {
  page: PageId;
  toasts: Toast[];
  navigate(page: PageId): void;
  pushToast(toast: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
}

let nextToastId = 1;
const MAX_TOASTS = 4;

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === id)?.id ?? 'library';
}

export const useUiStore = create<UiState>()((set) => ({
  page: pageFromHash(window.location.hash),
  toasts: [],
  navigate(page) {
    if (window.location.hash !== `#/${page}`) window.history.pushState(null, '', `#/${page}`);
    set({ page });
  },
  pushToast(toast) {
    set((s) => ({ toasts: [...s.toasts, { ...toast, id: nextToastId++ }].slice(-MAX_TOASTS) }));
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));
