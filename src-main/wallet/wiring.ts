// The wallet's part of the composition root: the service, its lifecycle entry and its handlers, so
// app.ts adds the wallet in a few lines. The keystore's sealer is chosen by the caller (the desktop
// app passes the OS keychain one); balances and blob discovery follow the current Sui settings.
import { AppError, type Settings } from '../../src-shared/contract/index.ts';
import type { WalletStatus } from '../../src-shared/contract/wallet.ts';
import type { EnvironmentConfig } from '../kernel/index.ts';
import { chainConfigFor, type ChainConfig } from './chain-config.ts';
import { createWalletHandlers, type WalletHandlerMap } from './handlers.ts';
import { listOwnedBlobObjects, type OwnedBlobObject } from './owned-blobs.ts';
import type { SecretSealer } from './sealer.ts';
import { WalletService } from './wallet-service.ts';
import { readWalrusNetworkState, type NetworkState } from '../walrus/network-state.ts';

/** Verify and restore ask the network for its epoch first; an RPC that does not answer soon is skipped. */
const NETWORK_STATE_TIMEOUT_MS = 5_000;

/** An unlocked wallet forgets its key after this much idle time unless told otherwise. */
export const DEFAULT_AUTO_LOCK_MS = 15 * 60_000;

export interface WalletWiringOptions {
  dataDir: string;
  /** Walrus object ids the configuration overrides (default: the network's). */
  chainIds?: EnvironmentConfig['chain'];
  settings: { readonly current: Settings };
  events: { emit(name: 'wallet.changed', payload: WalletStatus): void };
  sealer?: SecretSealer | undefined;
  /** 0: never lock by itself. */
  autoLockMs?: number | undefined;
}

export interface WalletServices {
  wallet: WalletService;
  /** The chain settings in effect now (RPC URL, WAL coin type, Walrus Blob type). */
  chain: () => ChainConfig;
  /** The Walrus blob objects `owner` (default: this wallet's address) holds on chain: restore's starting point. */
  listOwnedBlobObjects(owner?: string): Promise<OwnedBlobObject[]>;
  /** The Walrus network's current epoch, epoch length and shard count, from the staking object on Sui. */
  networkState(): Promise<NetworkState>;
  service: { name: string; start(): Promise<void>; stop(): void };
  handlers: WalletHandlerMap;
}

export function createWalletServices(options: WalletWiringOptions): WalletServices {
  const wallet = new WalletService({
    dataDir: options.dataDir,
    ...(options.sealer ? { sealer: options.sealer } : {}),
    autoLockMs: options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS,
  });
  wallet.onChange((status) => options.events.emit('wallet.changed', status));
  const chain = () => chainConfigFor(options.settings.current, options.chainIds);
  return {
    wallet,
    chain,
    async listOwnedBlobObjects(owner = wallet.address ?? undefined) {
      if (!owner) throw new AppError('not_found', 'There is no wallet on this device yet: create or import one.');
      return listOwnedBlobObjects(chain(), owner);
    },
    networkState() {
      const { rpcUrl, stakingObjectId } = chain();
      return readWalrusNetworkState({ url: rpcUrl, timeoutMs: NETWORK_STATE_TIMEOUT_MS }, stakingObjectId);
    },
    service: { name: 'wallet', start: () => wallet.start(), stop: () => wallet.stop() },
    handlers: createWalletHandlers({ wallet, chain }),
  };
}
