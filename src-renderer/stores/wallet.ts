// Wallet state in the renderer: status, balances and the create flow. The recovery phrase is held
// only while it is on screen after wallet.create, and dropped as soon as the user moves on.
import type { z } from 'zod';
import { create } from 'zustand';
import { walletRequests, type WalletBalances, type WalletStatus } from '../../src-shared/contract/wallet.ts';
import { api } from '../api/client.ts';

type WalletRequests = typeof walletRequests;

/** A wallet request through the shared API client (errors become toasts there), checked against the wallet contract. */
async function walletCall<K extends keyof WalletRequests>(name: K, input: z.input<WalletRequests[K]['input']>): Promise<z.output<WalletRequests[K]['output']>> {
  const call = api.call as unknown as (name: string, input: unknown) => Promise<unknown>;
  return walletRequests[name].output.parse(await call(name, input)) as z.output<WalletRequests[K]['output']>;
}

export interface CreateFlow {
  /** Present only while the phrase is displayed. */
  phrase: string | null;
  confirmPositions: number[];
}

interface WalletState {
  status: WalletStatus | null;
  balances: WalletBalances | null;
  refreshing: boolean;
  createFlow: CreateFlow | null;
  load(): Promise<void>;
  create(words: 12 | 24, passphrase: string | undefined): Promise<void>;
  /** The user wrote the phrase down: forget it and ask for the words. */
  phraseWrittenDown(): void;
  confirmBackup(words: { position: number; word: string }[]): Promise<void>;
  importWallet(secret: string, passphrase: string | undefined): Promise<void>;
  unlock(passphrase: string | undefined): Promise<void>;
  lock(): Promise<void>;
  changePassphrase(current: string, next: string): Promise<void>;
  refreshBalances(): Promise<void>;
  remove(request: z.input<WalletRequests['wallet.remove']['input']>): Promise<void>;
  setStatus(status: WalletStatus): void;
}

export const useWalletStore = create<WalletState>()((set, get) => ({
  status: null,
  balances: null,
  refreshing: false,
  createFlow: null,
  async load() {
    get().setStatus(await walletCall('wallet.status', {}));
    if (get().status?.exists) await get().refreshBalances();
  },
  async create(words, passphrase) {
    const created = await walletCall('wallet.create', { words, ...(passphrase ? { passphrase } : {}) });
    set({ createFlow: { phrase: created.phrase, confirmPositions: created.confirmPositions } });
    get().setStatus(created.status);
  },
  phraseWrittenDown() {
    const flow = get().createFlow;
    if (flow) set({ createFlow: { phrase: null, confirmPositions: flow.confirmPositions } });
  },
  async confirmBackup(words) {
    const status = await walletCall('wallet.confirmBackup', { words });
    set({ createFlow: null });
    get().setStatus(status);
  },
  async importWallet(secret, passphrase) {
    get().setStatus(await walletCall('wallet.import', { secret, ...(passphrase ? { passphrase } : {}) }));
    await get().refreshBalances();
  },
  async unlock(passphrase) {
    get().setStatus(await walletCall('wallet.unlock', passphrase ? { passphrase } : {}));
  },
  async lock() {
    get().setStatus(await walletCall('wallet.lock', {}));
  },
  async changePassphrase(current, next) {
    get().setStatus(await walletCall('wallet.changePassphrase', { current, next }));
  },
  async refreshBalances() {
    set({ refreshing: true });
    try {
      set({ balances: await walletCall('wallet.balances', {}) });
    } finally {
      set({ refreshing: false });
    }
  },
  async remove(request) {
    const status = await walletCall('wallet.remove', request);
    set({ balances: null, createFlow: null });
    get().setStatus(status);
  },
  setStatus(status) {
    // A wallet that is gone or replaced takes its balances and any half-done create flow with it.
    const previous = get().status;
    if (previous?.address !== status.address) set({ balances: null, ...(status.exists ? {} : { createFlow: null }) });
    set({ status });
  },
}));

/** Keeps the store in step with main (another window, the CLI, the idle auto-lock). */
export function followWalletEvents(): () => void {
  return api.onEvent((event) => {
    const { name, payload } = event as { name: string; payload: unknown };
    if (name !== 'wallet.changed') return;
    const parsed = walletRequests['wallet.status'].output.safeParse(payload);
    if (parsed.success) useWalletStore.getState().setStatus(parsed.data);
  });
}
