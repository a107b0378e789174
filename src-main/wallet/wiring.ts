// The wallet's part of the composition root: the service, its lifecycle entry, its handlers and the facade
// other domains use. The keystore's sealer is chosen by the caller (the desktop app passes the OS keychain
// one); balances and blob discovery follow the current Sui settings.
import { AppError, type Settings } from '../../src-shared/contract/index.ts';
import type { EnvironmentConfig, Kernel, Wired } from '../kernel/index.ts';
import { chainConfigFor, type ChainConfig } from './chain-config.ts';
import { createWalletHandlers, type WalletHandlerMap } from './handlers.ts';
import { listOwnedBlobObjects, type OwnedBlobObject } from './owned-blobs.ts';
import type { SecretSealer } from './sealer.ts';
import { WalletService } from './wallet-service.ts';
import { readWalrusNetworkState, type NetworkState } from '../walrus/index.ts';

/** Verify and restore ask the network for its epoch first; an RPC that does not answer soon is skipped. */
const NETWORK_STATE_TIMEOUT_MS = 5_000;

/** An unlocked wallet forgets its key after this much idle time unless told otherwise. */
export const DEFAULT_AUTO_LOCK_MS = 15 * 60_000;

export interface WalletSlice {
  /** Walrus object ids the configuration overrides (default: the network's). */
  chainIds?: EnvironmentConfig['chain'] | undefined;
  /** Idle time after which an unlocked wallet locks itself (default 15 min; 0: never). */
  autoLockMs?: number | undefined;
}

export interface WalletDeps {
  settings: { readonly current: Settings };
  /** Protects new keystores; the desktop app passes the OS keychain sealer (default: a passphrase). */
  sealer?: SecretSealer | undefined;
}

export interface WalletFacade {
  wallet: WalletService;
  /** The chain settings in effect now (RPC URL, WAL coin type, Walrus Blob type). */
  chain: () => ChainConfig;
  /** The Walrus blob objects `owner` (default: this wallet's address) holds on chain: restore's starting point. */
  listOwnedBlobObjects(owner?: string): Promise<OwnedBlobObject[]>;
  /** The Walrus network's current epoch, epoch length and shard count, from the staking object on Sui. */
  networkState(): Promise<NetworkState>;
}

export function wireWallet(kernel: Kernel, slice: WalletSlice, deps: WalletDeps): Wired<WalletHandlerMap, WalletFacade> {
  const wallet = new WalletService({
    dataDir: kernel.config.dataDir,
    ...(deps.sealer ? { sealer: deps.sealer } : {}),
    autoLockMs: slice.autoLockMs ?? DEFAULT_AUTO_LOCK_MS,
  });
  wallet.onChange((status) => kernel.events.emit('wallet.changed', status));
  const chain = () => chainConfigFor(deps.settings.current, slice.chainIds);
  const facade: WalletFacade = {
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
  };
  return {
    services: [{ name: 'wallet', start: () => wallet.start(), stop: () => wallet.stop() }],
    handlers: createWalletHandlers({ wallet, chain }),
    facade,
  };
}
