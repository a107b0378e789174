// The local fallback store: sealed items named by the SHA-256 of their (encrypted) bytes, written with
// temp file + fsync + rename, so an outbox entry never points at a torn file.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { sha256Hex } from './crypto.ts';

export class FallbackStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async put(sealed: Uint8Array): Promise<string> {
    const name = sha256Hex(sealed);
    await writeFileAtomic(join(this.dir, name), sealed);
    return name;
  }

  async get(name: string): Promise<Uint8Array> {
    const bytes = await readFile(join(this.dir, name));
    if (sha256Hex(bytes) !== name) throw new AppError('internal', `The local fallback copy ${name.slice(0, 12)}… is damaged.`);
    return bytes;
  }

  async remove(name: string): Promise<void> {
    await rm(join(this.dir, name), { force: true });
  }
}
