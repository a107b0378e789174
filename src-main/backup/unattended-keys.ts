// Unattended backup keys: the three derived backup keys (never the signing key), kept apart from the
// wallet so scheduled backups run while it is locked. Stored in `<dataDir>/backup/unattended-keys.json`
// (0600), bound to the wallet's address: keys recorded for another address are refused and deleted.
// Three ways, each chosen explicitly:
// - os-keychain: the keys are AES-256-GCM ciphertext under a key wrapped by the OS keychain (desktop);
// - key-file: the keys in the file itself, readable by the user alone (headless opt-in): whoever reads
//   the file can decrypt the backups, but cannot spend from the wallet (that needs the signing key);
// - environment: no keys on disk; the service unlocks the wallet with PDW_PASSPHRASE.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/contract/define.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import type { BackupKeys, SecretSealer } from '../wallet/index.ts';

export const UNATTENDED_METHODS = ['os-keychain', 'key-file', 'environment'] as const;
export type UnattendedMethod = (typeof UNATTENDED_METHODS)[number];

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const address = z.string().regex(/^0x[0-9a-f]{64}$/);
const header = { format: z.literal('pdw-unattended-keys'), version: z.literal(1), address, createdAt: z.string() };

const fileSchema = z.discriminatedUnion('method', [
  z.object({
    ...header,
    method: z.literal('os-keychain'),
    sealer: z.looseObject({ kind: z.literal('os') }),
    cipher: z.object({ iv: base64, tag: base64, ciphertext: base64 }),
  }),
  z.object({ ...header, method: z.literal('key-file'), keys: z.object({ content: base64, identifiers: base64, manifest: base64 }) }),
  z.object({ ...header, method: z.literal('environment') }),
]);
type UnattendedFile = z.infer<typeof fileSchema>;

/** What a key provider gets: the keys, or word that the service's environment must unlock the wallet. */
export type UnattendedOpen = { keys: BackupKeys } | { method: 'environment' };

const KEY_NAMES = ['content', 'identifiers', 'manifest'] as const;

export function unattendedKeysPath(dataDir: string): string {
  return join(dataDir, 'backup', 'unattended-keys.json');
}

export class UnattendedKeys {
  readonly path: string;
  readonly #keychain: SecretSealer | undefined;

  /** `keychain`: the OS keychain sealer (desktop); other sealers are ignored, a passphrase cannot run unattended. */
  constructor(options: { dataDir: string; keychain?: SecretSealer | undefined }) {
    this.path = unattendedKeysPath(options.dataDir);
    this.#keychain = options.keychain?.kind === 'os' ? options.keychain : undefined;
  }

  get keychainAvailable(): boolean {
    return this.#keychain !== undefined;
  }

  /** How unattended backups run for `walletAddress`, or null when they are off (or recorded for another wallet). */
  async method(walletAddress: string | null): Promise<UnattendedMethod | null> {
    const file = await this.#read();
    return file && file.address === walletAddress ? file.method : null;
  }

  /** Seals `keys` for unattended use, replacing what was there. */
  async seal(walletAddress: string, keys: BackupKeys, method: 'os-keychain' | 'key-file'): Promise<void> {
    const base = { format: 'pdw-unattended-keys' as const, version: 1 as const, address: walletAddress, createdAt: new Date().toISOString() };
    if (method === 'key-file') {
      const encoded = Object.fromEntries(KEY_NAMES.map((k) => [k, Buffer.from(keys[k]).toString('base64')])) as Record<(typeof KEY_NAMES)[number], string>;
      return this.#write({ ...base, method, keys: encoded });
    }
    if (!this.#keychain) throw new AppError('unsupported', 'This system offers no keychain: choose the key file (or the passphrase in the service environment) instead.');
    const { key, params } = await this.#keychain.createKey(undefined);
    try {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associatedData(walletAddress));
      const plaintext = Buffer.concat(KEY_NAMES.map((k) => keys[k]));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      plaintext.fill(0);
      const sealed = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
      await this.#write({ ...base, method, sealer: { ...params, kind: 'os' }, cipher: sealed });
    } finally {
      key.fill(0);
    }
  }

  /** Records that the service's environment holds the passphrase (PDW_PASSPHRASE): no keys on disk. */
  async useEnvironment(walletAddress: string): Promise<void> {
    await this.#write({ format: 'pdw-unattended-keys', version: 1, address: walletAddress, createdAt: new Date().toISOString(), method: 'environment' });
  }

  /**
   * The unattended keys of `walletAddress`; null when there are none. Keys bound to another address (the keystore
   * was replaced by another wallet) are deleted, never used.
   */
  async open(walletAddress: string): Promise<UnattendedOpen | null> {
    const file = await this.#read();
    if (!file) return null;
    if (file.address !== walletAddress) {
      await this.remove();
      return null;
    }
    if (file.method === 'environment') return { method: 'environment' };
    if (file.method === 'key-file') return { keys: toKeys((k) => Buffer.from(file.keys[k], 'base64')) };
    if (!this.#keychain) throw new AppError('locked', 'The unattended backup keys are sealed by the system keychain: open the desktop app, or unlock the wallet.');
    const key = await this.#keychain.openKey(file.sealer, undefined);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
      decipher.setAAD(associatedData(walletAddress));
      decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
      const plaintext = Buffer.concat([decipher.update(Buffer.from(file.cipher.ciphertext, 'base64')), decipher.final()]);
      return { keys: toKeys((k) => plaintext.subarray(32 * KEY_NAMES.indexOf(k), 32 * (KEY_NAMES.indexOf(k) + 1))) };
    } catch (error) {
      throw new AppError('unauthorized', 'The system keychain could not open the unattended backup keys: turn unattended backups off and on again.', { cause: error });
    } finally {
      key.fill(0);
    }
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }

  /** For a wallet-removal listener: done before the removal returns (a CLI process may exit right after). */
  removeNow(): void {
    rmSync(this.path, { force: true });
  }

  async #read(): Promise<UnattendedFile | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new AppError('internal', `The unattended backup keys ${this.path} are not in a format this version reads: turn unattended backups off and on again (pdw schedule disable, then enable).`);
    }
    return parsed.data;
  }

  async #write(file: UnattendedFile): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(fileSchema.parse(file), null, 2) + '\n'); // created 0600
  }
}

function toKeys(read: (name: (typeof KEY_NAMES)[number]) => Uint8Array): BackupKeys {
  const keys = { content: new Uint8Array(read('content')), identifiers: new Uint8Array(read('identifiers')), manifest: new Uint8Array(read('manifest')) };
  if (KEY_NAMES.some((k) => keys[k].length !== 32)) throw new AppError('internal', 'The unattended backup keys are damaged: turn unattended backups off and on again.');
  return keys;
}

function associatedData(walletAddress: string): Buffer {
  return Buffer.from(JSON.stringify({ format: 'pdw-unattended-keys', version: 1, address: walletAddress }));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
