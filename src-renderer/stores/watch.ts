// Watched folders as the renderer sees them: main's status, kept current by `watch.changed` events.
import { create } from 'zustand';
import type { WatchStatus } from '../../src-shared/contract/watch.ts';
import { api } from '../api/client.ts';

interface WatchState {
  status: WatchStatus | null;
  refresh(): Promise<void>;
  /** Desktop only: main opens its folder dialog; returns the folder added, or null when cancelled. */
  pickAndAdd(): Promise<string | null>;
  remove(path: string): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  sync(): Promise<void>;
  onChanged(status: WatchStatus): void;
}

export const useWatchStore = create<WatchState>()((set) => ({
  status: null,
  async refresh() {
    set({ status: await api.call('watch.list', {}) });
  },
  async pickAndAdd() {
    const { added, status } = await api.call('watch.pickAndAdd', {});
    set({ status });
    return added;
  },
  async remove(path) {
    set({ status: await api.call('watch.remove', { path }) });
  },
  async setPaused(paused) {
    set({ status: await api.call('watch.setPaused', { paused }) });
  },
  async sync() {
    set({ status: await api.call('watch.sync', {}) });
  },
  onChanged: (status) => set({ status }),
}));
