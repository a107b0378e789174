// Handlers of the wallet requests. The recovery phrase leaves main only in the reply to wallet.create.
import type { z } from 'zod';
import { AppError } from '../../src-shared/contract/index.ts';
import type { walletRequests } from '../../src-shared/contract/wallet.ts';
import type { CallContext } from '../kernel/index.ts';
import { readBalances } from './balances.ts';
import type { ChainConfig } from './chain-config.ts';
import type { WalletService } from './wallet-service.ts';

export interface WalletHandlerDeps {
  wallet: WalletService;
  /** The current chain settings (they follow the Settings page). */
  chain: () => ChainConfig;
  /** How long a balance query may take before the wallet shows "offline". */
  rpcTimeoutMs?: number;
}

type WalletRequests = typeof walletRequests;
/** The same shape as HandlerMap<keyof WalletRequests>, spelled from the wallet contract alone. */
export type WalletHandlerMap = {
  [K in keyof WalletRequests]: (
    input: z.output<WalletRequests[K]['input']>,
    ctx: CallContext,
  ) => Promise<z.output<WalletRequests[K]['output']>> | z.output<WalletRequests[K]['output']>;
};

export function createWalletHandlers(deps: WalletHandlerDeps): WalletHandlerMap {
  const { wallet } = deps;
  return {
    'wallet.status': () => wallet.status,
    'wallet.create': async ({ words, passphrase }) => {
      const created = await wallet.create({ words, ...(passphrase === undefined ? {} : { passphrase }) });
      return { ...created, status: wallet.status };
    },
    'wallet.confirmBackup': ({ words }) => wallet.confirmBackup(words),
    'wallet.import': ({ secret, passphrase }) => wallet.import({ secret, ...(passphrase === undefined ? {} : { passphrase }) }),
    'wallet.unlock': ({ passphrase }) => wallet.unlock(passphrase),
    'wallet.lock': () => wallet.lock(),
    'wallet.changePassphrase': ({ current, next }) => wallet.changePassphrase(current, next),
    'wallet.balances': () => {
      const address = wallet.address;
      if (!address) throw new AppError('not_found', 'There is no wallet on this device yet: create or import one.');
      return readBalances(deps.chain(), address, deps.rpcTimeoutMs);
    },
    'wallet.remove': (input) => wallet.remove(input),
  };
}
