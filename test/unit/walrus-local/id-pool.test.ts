import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { computeBlobId } from '../../../src-main/walrus/ids.ts';
import { MissingWorkerError } from '../../../src-main/kernel/worker-entries.ts';
import { BlobIdPool } from '../../../src-main/walrus-local/id-pool.ts';

const pools: BlobIdPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(...args: ConstructorParameters<typeof BlobIdPool>): BlobIdPool {
  const p = new BlobIdPool(...args);
  pools.push(p);
  return p;
}

describe('BlobIdPool', () => {
  it('computes the same ids on worker threads, from bytes or from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'id-pool-'));
    try {
      const items = Array.from({ length: 6 }, (_, i) => Buffer.alloc(2048 + i, i));
      await writeFile(join(dir, 'f'), items[0] ?? '');
      const workers = pool(10, 2);
      const ids = await Promise.all(items.map((bytes) => workers.compute({ bytes })));
      expect(ids).toEqual(await Promise.all(items.map((b) => computeBlobId(b, 10))));
      expect(await workers.compute({ path: join(dir, 'f') })).toBe(ids[0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start without its worker module: a build that lacks it fails loudly', () => {
    const missing = pool(10, 1, new URL('./no-such-worker.ts', import.meta.url));
    expect(() => missing.compute({ bytes: Buffer.from('x') })).toThrow(MissingWorkerError);
  });

  it('falls back to the event loop when a worker dies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'id-pool-'));
    try {
      const dying = join(dir, 'dying-worker.mjs');
      await writeFile(dying, "throw new Error('the worker fails as it loads');\n");
      const broken = pool(10, 1, pathToFileURL(dying));
      const bytes = Buffer.from('still answered');
      expect(await broken.compute({ bytes })).toBe(await computeBlobId(bytes, 10));
      expect(await broken.compute({ bytes })).toBe(await computeBlobId(bytes, 10));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports encoder failures', async () => {
    await expect(pool(10, 1).compute({ bytes: new Uint8Array(2_000_000) })).rejects.toThrow(/too large/);
  });
});
