// Content-addressed payload files: one file per blob id. Uploads stream to a temp file (never held
// whole in memory while arriving), are fsynced, and renamed into place once their id is known.
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { syncDirectory } from '../kernel/fs/atomic.ts';

export class PayloadTooLargeError extends Error {
  constructor(limit: number) {
    super(`body exceeds the limit of ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export interface ReceivedPayload {
  tempPath: string;
  size: number;
}

export class PayloadStore {
  readonly #dir: string;
  readonly #tmp: string;
  readonly #fsync: boolean;

  /** `fsync: false` survives a process exit but not a power cut; it makes test suites several times faster. */
  constructor(dataDir: string, options: { fsync: boolean }) {
    this.#dir = join(dataDir, 'blobs');
    this.#tmp = join(dataDir, 'tmp');
    this.#fsync = options.fsync;
  }

  async init(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    // Leftovers of uploads interrupted by a crash are never referenced.
    await rm(this.#tmp, { recursive: true, force: true });
    await mkdir(this.#tmp, { recursive: true });
  }

  pathOf(blobId: string): string {
    return join(this.#dir, blobId.slice(0, 2), blobId);
  }

  /**
   * Streams `body` into a temp file. Past `limit` bytes it stops writing but keeps draining, so the
   * client still reads our 413 instead of a broken pipe.
   */
  async receive(body: Readable, limit: number): Promise<ReceivedPayload> {
    const tempPath = join(this.#tmp, randomBytes(12).toString('hex'));
    const out = createWriteStream(tempPath, { flags: 'wx', mode: 0o600 });
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) continue;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (size > limit) throw new PayloadTooLargeError(limit);
      if (this.#fsync) {
        const handle = await open(tempPath, 'r');
        await handle.sync().finally(() => handle.close());
      }
      return { tempPath, size };
    } catch (error) {
      out.destroy();
      await rm(tempPath, { force: true });
      throw error;
    }
  }

  /** Keeps the temp file as the payload of `blobId` (or drops it if that content is already stored). */
  async commit(received: ReceivedPayload, blobId: string): Promise<void> {
    const target = this.pathOf(blobId);
    if (await exists(target)) {
      await rm(received.tempPath, { force: true });
      return;
    }
    await mkdir(join(this.#dir, blobId.slice(0, 2)), { recursive: true });
    await rename(received.tempPath, target);
    if (this.#fsync) await syncDirectory(join(this.#dir, blobId.slice(0, 2)));
  }

  /** Writes bytes already in memory (quilts are assembled in memory by the encoder). */
  async put(blobId: string, bytes: Uint8Array): Promise<void> {
    const tempPath = join(this.#tmp, randomBytes(12).toString('hex'));
    const handle = await open(tempPath, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      if (this.#fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await this.commit({ tempPath, size: bytes.length }, blobId);
  }

  read(blobId: string): Promise<Uint8Array> {
    return readFile(this.pathOf(blobId));
  }

  /** Positioned reads of parts of a payload (a patch's rows of a quilt), without reading the rest. */
  async readSpans(blobId: string, spans: readonly { offset: number; length: number }[]): Promise<Uint8Array[]> {
    const handle = await open(this.pathOf(blobId), 'r');
    try {
      const total = spans.reduce((sum, s) => sum + s.length, 0);
      const buffer = Buffer.allocUnsafe(total);
      let at = 0;
      const reads = spans.map((span) => {
        const target = buffer.subarray(at, (at += span.length));
        return handle.read(target, 0, span.length, span.offset).then(({ bytesRead }) => {
          if (bytesRead !== span.length) throw new Error(`payload ${blobId} is shorter than its record`);
          return target;
        });
      });
      return await Promise.all(reads);
    } finally {
      await handle.close();
    }
  }

  discard(received: ReceivedPayload): Promise<void> {
    return rm(received.tempPath, { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
