// SUI and WAL balances of an address. An unreachable node is a state, not an error: the Wallet page
// shows "offline" with the reason and keeps working.
import { z } from 'zod';
import { AppError } from '../../src-shared/contract/index.ts';
import type { CoinAmount, WalletBalances } from '../../src-shared/contract/wallet.ts';
import { formatCoinAmount, SUI_COIN_TYPE, type ChainConfig } from './chain-config.ts';
import { suiRpcCall } from '../walrus/index.ts';

const balanceSchema = z.object({ coinType: z.string(), totalBalance: z.union([z.string(), z.number()]).transform(String) });

export async function readBalances(chain: ChainConfig, address: string, timeoutMs?: number): Promise<WalletBalances> {
  const rpc = { url: chain.rpcUrl, ...(timeoutMs ? { timeoutMs } : {}) };
  const base = { rpcUrl: chain.rpcUrl, address, checkedAt: new Date().toISOString() };
  try {
    const [sui, wal] = await Promise.all([
      suiRpcCall(rpc, 'suix_getBalance', [address, SUI_COIN_TYPE], balanceSchema),
      suiRpcCall(rpc, 'suix_getBalance', [address, chain.walCoinType], balanceSchema),
    ]);
    return { ...base, state: 'online', sui: amount('SUI', SUI_COIN_TYPE, sui.totalBalance), wal: amount('WAL', chain.walCoinType, wal.totalBalance) };
  } catch (error) {
    if (error instanceof AppError && (error.code === 'unavailable' || error.code === 'remote_error')) {
      return { ...base, state: 'offline', reason: error.message, sui: null, wal: null };
    }
    throw error;
  }
}

function amount(symbol: CoinAmount['symbol'], coinType: string, raw: string): CoinAmount {
  if (!/^\d+$/.test(raw)) throw new AppError('remote_error', `The Sui RPC sent a malformed ${symbol} balance.`);
  return { symbol, coinType, raw, formatted: formatCoinAmount(raw) };
}
