// What the backup engine needs from a wallet, and nothing more: the derived keys and the address that
// receives stored blob objects. Keeps the engine independent of how the wallet keeps its secret.
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupKeys } from '../wallet/index.ts';

export type { BackupKeys } from '../wallet/index.ts';

export interface BackupKeysProvider {
  backupKeys(): Promise<BackupKeys>;
  /** The wallet's address, or null when there is no wallet. */
  address(): string | null;
}

/** What to do when no backup key is at hand: the one message every locked-wallet failure of a backup gives. */
export const LOCKED_ACTION = 'Unlock the wallet or turn on unattended backups: pdw schedule enable --every 1d (in the app: Backups → Schedule → Run while locked).';

export async function requireKeys(provider: BackupKeysProvider): Promise<BackupKeys> {
  if (provider.address() === null) {
    throw new AppError('not_found', 'Create or import a wallet first: backups are encrypted with keys derived from its recovery phrase.');
  }
  try {
    return await provider.backupKeys();
  } catch (error) {
    if (error instanceof AppError && error.code === 'locked') {
      throw new AppError('locked', `${LOCKED_ACTION} Backups are encrypted with keys derived from the wallet's recovery phrase.`, { cause: error });
    }
    throw error;
  }
}
