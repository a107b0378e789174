// What the backup engine needs from a wallet, and nothing more: the derived keys and the address that
// receives stored blob objects. Keeps the engine independent of how the wallet keeps its secret.
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupKeys } from '../wallet/backup-keys.ts';

export type { BackupKeys } from '../wallet/backup-keys.ts';

export interface BackupKeysProvider {
  backupKeys(): Promise<BackupKeys>;
  /** The wallet's address, or null when there is no wallet. */
  address(): string | null;
}

export async function requireKeys(provider: BackupKeysProvider): Promise<BackupKeys> {
  if (provider.address() === null) {
    throw new AppError('not_found', 'Create or import a wallet first: backups are encrypted with keys derived from its recovery phrase.');
  }
  // A locked wallet's error comes from the provider, which names the action that fixes it.
  return provider.backupKeys();
}
