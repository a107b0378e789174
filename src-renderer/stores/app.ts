// App-wide state from main: info, Walrus reachability and settings.
import { create } from 'zustand';
import type { AppInfo, Settings, WalrusStatus } from '../../src-shared/contract/index.ts';
import { api } from '../api/client.ts';

interface AppState {
  info: AppInfo | null;
  walrus: WalrusStatus | null;
  settings: Settings | null;
  lockedByEnv: (keyof Settings)[];
  checking: boolean;
  load(): Promise<void>;
  checkWalrus(): Promise<void>;
  saveSettings(changes: Partial<Settings>): Promise<void>;
  setWalrus(status: WalrusStatus): void;
  setSettings(settings: Settings): void;
}

export const useAppStore = create<AppState>()((set) => ({
  info: null,
  walrus: null,
  settings: null,
  lockedByEnv: [],
  checking: false,
  async load() {
    const [info, settings] = await Promise.all([api.call('app.info', {}), api.call('settings.get', {})]);
    set({ info, walrus: info.walrus, settings: settings.settings, lockedByEnv: settings.lockedByEnv });
  },
  async checkWalrus() {
    set({ checking: true });
    try {
      set({ walrus: await api.call('walrus.checkNow', {}) });
    } finally {
      set({ checking: false });
    }
  },
  async saveSettings(changes) {
    const reply = await api.call('settings.update', changes);
    set({ settings: reply.settings, lockedByEnv: reply.lockedByEnv });
  },
  setWalrus: (walrus) => set({ walrus }),
  setSettings: (settings) => set({ settings }),
}));
