// An OS keychain stand-in for tests of code that seals with it (Electron cannot run here): it really
// encrypts, under a key of its own, and fails to decrypt what another keychain wrapped — as the real one does.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createSafeStorageSealer, type KeychainStorage } from '../../../src-main/electron/safe-storage-sealer.ts';
import type { SecretSealer } from '../../../src-main/wallet/sealer.ts';

type Backend = ReturnType<KeychainStorage['getSelectedStorageBackend']>;

/** An OS keychain: AES-256-GCM under a key only it holds; remembers what it was asked to wrap. */
export function fakeKeychain(options: { available?: boolean; backend?: Backend } = {}) {
  const key = randomBytes(32);
  const wrapped: string[] = [];
  const storage: KeychainStorage = {
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    async encryptStringAsync(plainText) {
      wrapped.push(plainText);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decryptStringAsync(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      const result = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
      return { shouldReEncrypt: false, result };
    },
  };
  return { storage, wrapped };
}

export async function sealerOf(storage: KeychainStorage): Promise<SecretSealer> {
  const sealer = await createSafeStorageSealer(storage, 'linux');
  if (!sealer) throw new Error('expected the keychain sealer');
  return sealer;
}

