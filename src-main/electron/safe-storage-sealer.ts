// The desktop sealer: the keystore's key is wrapped by the OS keychain through Electron's safeStorage
// (Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux), so no passphrase is needed.
// Where Linux has no keychain safeStorage falls back to a fixed key ("basic_text"): that protects
// nothing, so we refuse it and the app keeps the passphrase sealer.
import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/contract/index.ts';
import type { SealerParams, SecretSealer } from '../wallet/sealer.ts';

/** Call after the app's `ready` event. Undefined when the OS offers no real keychain. */
export async function createSafeStorageSealer(): Promise<SecretSealer | undefined> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return undefined;
  if (process.platform === 'linux' && ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend())) return undefined;
  return {
    kind: 'os',
    needsPassphrase: false,
    async createKey() {
      const key = new Uint8Array(randomBytes(32));
      const wrapped = await safeStorage.encryptStringAsync(Buffer.from(key).toString('base64'));
      const params: SealerParams = { kind: 'os', wrappedKey: wrapped.toString('base64') };
      return { key, params };
    },
    async openKey(params) {
      if (typeof params.wrappedKey !== 'string') throw new AppError('internal', 'The keystore has no wrapped key for the system keychain.');
      try {
        const { result } = await safeStorage.decryptStringAsync(Buffer.from(params.wrappedKey, 'base64'));
        return new Uint8Array(Buffer.from(result, 'base64'));
      } catch (error) {
        throw new AppError('unauthorized', 'The system keychain refused to open the wallet key.', { cause: error });
      }
    },
  };
}
