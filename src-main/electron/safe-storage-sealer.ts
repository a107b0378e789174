// The desktop sealer: the keystore's key is wrapped by the OS keychain through Electron's safeStorage
// (Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux), so no passphrase is needed.
// Where Linux has no keychain safeStorage falls back to a fixed key ("basic_text"): that protects
// nothing, so we refuse it and the app keeps the passphrase sealer.
import type { SafeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/contract/index.ts';
import type { SealerParams, SecretSealer } from '../wallet/index.ts';

/** The part of Electron's `safeStorage` the sealer uses (main.ts passes the real one). */
export type KeychainStorage = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'>;

/** Linux backends that are no keychain: the "encryption" key is a constant in Chromium's source. */
const UNPROTECTED_LINUX_BACKENDS: readonly string[] = ['basic_text', 'unknown'];

/** Call after the app's `ready` event. Undefined when the OS offers no real keychain. */
export async function createSafeStorageSealer(storage: KeychainStorage, platform: NodeJS.Platform = process.platform): Promise<SecretSealer | undefined> {
  if (!(await storage.isAsyncEncryptionAvailable())) return undefined;
  if (platform === 'linux' && UNPROTECTED_LINUX_BACKENDS.includes(storage.getSelectedStorageBackend())) return undefined;
  return {
    kind: 'os',
    needsPassphrase: false,
    async createKey() {
      const key = new Uint8Array(randomBytes(32));
      const wrapped = await storage.encryptStringAsync(Buffer.from(key).toString('base64'));
      const params: SealerParams = { kind: 'os', wrappedKey: wrapped.toString('base64') };
      return { key, params };
    },
    async openKey(params) {
      if (typeof params.wrappedKey !== 'string') throw new AppError('internal', 'The keystore has no wrapped key for the system keychain.');
      try {
        const { result } = await storage.decryptStringAsync(Buffer.from(params.wrappedKey, 'base64'));
        return new Uint8Array(Buffer.from(result, 'base64'));
      } catch (error) {
        throw new AppError('unauthorized', 'The system keychain refused to open the wallet key.', { cause: error });
      }
    },
  };
}
