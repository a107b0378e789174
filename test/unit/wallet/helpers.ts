// A wallet service on a fresh data dir, with a cheap scrypt cost so the suite stays fast.
import { readFile } from 'node:fs/promises';
import { PassphraseSealer } from '../../../src-main/wallet/passphrase-sealer.ts';
import { keystorePath } from '../../../src-main/wallet/keystore-file.ts';
import { WalletService, type WalletServiceOptions } from '../../../src-main/wallet/wallet-service.ts';
import { AppError } from '../../../src-shared/contract/index.ts';

export const TEST_COST = 2 ** 10;
export const PASSPHRASE = 'correct horse battery';

export async function openWallet(dataDir: string, options: Partial<WalletServiceOptions> = {}): Promise<WalletService> {
  const wallet = new WalletService({ dataDir, passphraseSealer: new PassphraseSealer({ cost: TEST_COST }), ...options });
  await wallet.start();
  return wallet;
}

export function readKeystoreBytes(dataDir: string): Promise<Buffer> {
  return readFile(keystorePath(dataDir));
}

export async function errorCode(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'no error';
}
