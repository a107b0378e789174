// UI state: which page is shown and the error/info toasts.
import { create } from 'zustand';
import type { RequestName } from '../../src-shared/contract/index.ts';
import { afterSuccess, withToast, type Toast } from './toast-list.ts';

export const PAGES = [
  { id: 'library', label: 'Library' },
  { id: 'search', label: 'Search' },
  { id: 'backups', label: 'Backups' },
  { id: 'restore', label: 'Restore' },
  { id: 'wallet', label: 'Wallet' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

export type { Toast } from './toast-list.ts';

interface UiState {
  page: PageId;
  toasts: Toast[];
  navigate(page: PageId): void;
  pushToast(toast: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
  /** A request succeeded: the error toasts of its earlier failures go. */
  requestSucceeded(request: RequestName): void;
}

let nextToastId = 1;

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
    set((s) => ({ toasts: withToast(s.toasts, { ...toast, id: nextToastId++ }) }));
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  requestSucceeded(request) {
    set((s) => {
      const toasts = afterSuccess(s.toasts, request);
      return toasts === s.toasts ? s : { toasts };
    });
  },
}));
