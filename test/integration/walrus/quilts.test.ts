import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { WalrusBlobTooLargeError, WalrusExpiredError, WalrusInputError, WalrusNotFoundError } from '../../../src-main/walrus/index.ts';
import { bytes, countRequests, startPair, text, type Pair } from './harness.ts';

let pair: Pair;
let dir: string;
beforeAll(async () => {
  pair = await startPair();
  dir = await mkdtemp(join(tmpdir(), 'pdw-walrus-quilts-'));
});
afterAll(async () => {
  await pair.close();
  await rm(dir, { recursive: true, force: true });
});

describe('quilts against the local Walrus server', () => {
  it('stores patches with tags and reads each back by patch id and by identifier', async () => {
    const path = join(dir, 'from-disk.txt');
    await writeFile(path, 'read from disk');
    const result = await pair.client.storeQuilt(
      [
        { identifier: 'file_1', data: bytes('First file content'), tags: { type: 'text', category: 'document' } },
        { identifier: 'file_2', data: bytes('Second file content') },
        { identifier: 'disk.txt', data: { path } },
      ],
      { epochs: 10 },
    );
    expect(Object.keys(result.patchIds).sort()).toEqual(['disk.txt', 'file_1', 'file_2']);
    expect(result.endEpoch).toBe(pair.server.clock.currentEpoch() + 10);
    expect(result.cost).toBeGreaterThan(0);
    for (const patchId of Object.values(result.patchIds)) expect(parseQuiltPatchId(patchId).quiltId).toBe(result.quiltId);

    const byPatch = await pair.client.retrieveFromQuiltByPatchId(result.patchIds.file_1 as string);
    expect(byPatch).toMatchObject({ identifier: 'file_1', quiltId: result.quiltId, tags: { type: 'text', category: 'document' } });
    expect(text(byPatch.data)).toBe('First file content');

    const byId = await pair.client.retrieveFromQuiltById(result.quiltId, 'disk.txt');
    expect(text(byId.data)).toBe('read from disk');
    expect(byId.patchId).toBe(result.patchIds['disk.txt']);
    expect(byId.tags).toEqual({});
  });

  it('lists the patches of a quilt once and serves later tag lookups from the cache', async () => {
    const result = await pair.client.storeQuilt([
      { identifier: 'a', data: bytes('A'), tags: { n: '1' } },
      { identifier: 'b', data: bytes('B'), tags: { n: '2' } },
    ]);
    const list = await pair.client.listQuiltPatches(result.quiltId);
    expect(list).toEqual([
      { identifier: 'a', patchId: result.patchIds.a, tags: { n: '1' } },
      { identifier: 'b', patchId: result.patchIds.b, tags: { n: '2' } },
    ]);
    const listed = countRequests(pair.server, 'GET', '/v1/quilts/{quilt_id}/patches');
    await pair.client.retrieveFromQuiltById(result.quiltId, 'b');
    expect(countRequests(pair.server, 'GET', '/v1/quilts/{quilt_id}/patches')).toBe(listed);
  });

  it('reads a non-ASCII identifier back', async () => {
    const result = await pair.client.storeQuilt([{ identifier: 'naïve-ü.txt', data: bytes('unicode') }]);
    const patch = await pair.client.retrieveFromQuiltByPatchId(result.patchIds['naïve-ü.txt'] as string);
    expect(patch.identifier).toBe('naïve-ü.txt');
    expect(text((await pair.client.retrieveFromQuiltById(result.quiltId, 'naïve-ü.txt')).data)).toBe('unicode');
  });

  it('refuses invalid or duplicate identifiers before sending', async () => {
    const before = countRequests(pair.server, 'PUT', '/v1/quilts');
    for (const patches of [
      [{ identifier: '_metadata', data: bytes('x') }],
      [{ identifier: 'dup', data: bytes('x') }, { identifier: 'dup', data: bytes('y') }],
      [{ identifier: 'trailing ', data: bytes('x') }],
    ]) {
      await expect(pair.client.storeQuilt(patches)).rejects.toBeInstanceOf(WalrusInputError);
    }
    expect(countRequests(pair.server, 'PUT', '/v1/quilts')).toBe(before);
  });

  it('splits a collection over the patch limit into as many quilts as needed', async () => {
    // 100 shards allow 66 patches per quilt.
    const items = Array.from({ length: 150 }, (_, i) => ({ identifier: `item-${i}`, data: bytes(`payload ${i}`), tags: { i: String(i) } }));
    const stored: number[] = [];
    const result = await pair.client.storeQuilts(items, { onQuiltStored: (q) => void stored.push(q.patches.length) });
    expect(result.quilts.map((q) => q.patches.length)).toEqual([66, 66, 18]);
    expect(stored.sort()).toEqual([18, 66, 66]);
    expect(Object.keys(result.locations)).toHaveLength(150);
    for (const i of [0, 65, 66, 149]) {
      const location = result.locations[`item-${i}`]!;
      const patch = await pair.client.retrieveFromQuiltByPatchId(location.patchId);
      expect(text(patch.data)).toBe(`payload ${i}`);
      expect(patch.tags).toEqual({ i: String(i) });
    }
    await expect(pair.client.storeQuilt(items)).rejects.toBeInstanceOf(WalrusBlobTooLargeError);
  });

  it('splits by request size as well', async () => {
    const small = pair.clientWith({ maxQuiltRequestBytes: 64 * 1024 });
    const items = Array.from({ length: 12 }, (_, i) => ({ identifier: `chunk-${i}`, data: Buffer.alloc(20_000, i) }));
    const result = await small.storeQuilts(items);
    expect(result.quilts.length).toBe(4);
    const patch = await small.retrieveFromQuiltById(result.locations['chunk-11']!.quiltId, 'chunk-11');
    expect(Buffer.compare(Buffer.from(patch.data), Buffer.alloc(20_000, 11))).toBe(0);
  });

  it('reports a missing patch as not found', async () => {
    const result = await pair.client.storeQuilt([{ identifier: 'only', data: bytes('x') }]);
    await expect(pair.client.retrieveFromQuiltById(result.quiltId, 'absent', { tags: false })).rejects.toBeInstanceOf(WalrusNotFoundError);
  });

  it('reports the patches of an expired quilt as expired, a missing patch of a live one as not found', async () => {
    const client = pair.clientWith({});
    const quilt = await client.storeQuilt([{ identifier: 'brief', data: bytes(`brief ${Date.now()}`) }], { epochs: 1 });
    pair.server.clock.advanceEpochs(1);
    const live = await client.storeQuilt([{ identifier: 'kept', data: bytes(`kept ${Date.now()}`) }], { epochs: 3 }); // teaches the client the epoch
    await expect(client.retrieveFromQuiltById(live.quiltId, 'absent', { tags: false })).rejects.not.toBeInstanceOf(WalrusExpiredError);
    const reads = [
      () => client.retrieveFromQuiltByPatchId(quilt.patchIds.brief as string),
      () => client.retrieveFromQuiltById(quilt.quiltId, 'brief', { tags: false }),
      () => client.listQuiltPatches(quilt.quiltId),
    ];
    for (const read of reads) {
      const error = await read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WalrusExpiredError);
      expect(error).toMatchObject({ status: 404, endEpoch: quilt.endEpoch });
    }
  });
});
