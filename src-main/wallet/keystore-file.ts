// The keystore on disk: `<dataDir>/wallet/keystore.json`. The address and a few flags are in clear
// (public, and needed while locked); the secret is AES-256-GCM ciphertext under the sealer's key, with
// the clear header as associated data so a tampered address or kind fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/contract/index.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { decodeSecret, encodeSecret, type WalletSecret } from './keys.ts';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const keystoreSchema = z.object({
  format: z.literal('pdw-keystore'),
  version: z.literal(1),
  address: z.string().regex(/^0x[0-9a-f]{64}$/),
  secretKind: z.enum(['phrase', 'privateKey']),
  /** False until the user has proved they wrote the recovery phrase down. */
  phraseConfirmed: z.boolean(),
  createdAt: z.string(),
  sealer: z.looseObject({ kind: z.enum(['passphrase', 'os']) }),
  cipher: z.object({ algorithm: z.literal('aes-256-gcm'), iv: base64, tag: base64, ciphertext: base64 }),
});
export type KeystoreFile = z.infer<typeof keystoreSchema>;
export type KeystoreHeader = Pick<KeystoreFile, 'address' | 'secretKind'>;

export function keystorePath(dataDir: string): string {
  return join(dataDir, 'wallet', 'keystore.json');
}

export async function readKeystore(path: string): Promise<KeystoreFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('internal', `The keystore ${path} is not valid JSON: restore it from a copy, or move it aside and import the wallet again from its recovery phrase.`);
  }
  const parsed = keystoreSchema.safeParse(json);
  if (!parsed.success) throw new AppError('internal', `The keystore ${path} is not in a format this version reads: restore it from a copy, or move it aside and import the wallet again.`);
  return parsed.data;
}

export async function writeKeystore(path: string, file: KeystoreFile): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(keystoreSchema.parse(file), null, 2) + '\n');
}

export async function deleteKeystore(path: string): Promise<void> {
  await rm(path, { force: true });
}

export function encryptSecret(secret: WalletSecret, key: Uint8Array, header: KeystoreHeader): KeystoreFile['cipher'] {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(header));
  const plaintext = encodeSecret(secret);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  return { algorithm: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

/** Throws 'unauthorized' when the key is wrong (a wrong passphrase) or the file was tampered with. */
export function decryptSecret(file: KeystoreFile, key: Uint8Array): WalletSecret {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
  decipher.setAAD(associatedData(file));
  decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(Buffer.from(file.cipher.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new AppError('unauthorized', file.sealer.kind === 'passphrase' ? 'Wrong passphrase.' : 'The system keychain could not open this wallet.');
  }
  try {
    return decodeSecret(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

function associatedData(header: KeystoreHeader): Buffer {
  return Buffer.from(JSON.stringify({ format: 'pdw-keystore', version: 1, address: header.address, secretKind: header.secretKind }));
}
