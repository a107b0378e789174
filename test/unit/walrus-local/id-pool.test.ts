import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeBlobId } from '../../../src-main/walrus/ids.ts';
import { BlobIdPool } from '../../../tools/walrus-local/id-pool.ts';

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

  it('falls back to the event loop when the worker cannot load', async () => {
    const broken = pool(10, 1, new URL('./no-such-worker.ts', import.meta.url));
    const bytes = Buffer.from('still answered');
    expect(await broken.compute({ bytes })).toBe(await computeBlobId(bytes, 10));
    expect(await broken.compute({ bytes })).toBe(await computeBlobId(bytes, 10));
  });

  it('reports encoder failures', async () => {
    await expect(pool(10, 1).compute({ bytes: new Uint8Array(2_000_000) })).rejects.toThrow(/too large/);
  });
});
