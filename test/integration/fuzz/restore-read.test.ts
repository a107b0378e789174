// Fuzzes the restore read path end to end: damaged manifests and items stored on a real local Walrus
// server, as blobs and as quilt patches, and one item's bytes at another's location. fetchManifest and
// fetchItem must reject each with the authentication AppError, never hand back decrypted bytes; bytes
// damaged on one read only (in transit) are read again.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemAad, seal, sha256Hex } from '../../../src-main/backup/crypto.ts';
import { fetchItem, fetchManifest, ItemIntegrityError } from '../../../src-main/backup/fetch.ts';
import { sealManifest, type ManifestItem, type SnapshotManifest } from '../../../src-main/backup/manifest.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { AppError } from '../../../src-shared/contract/define.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { mutate, mutation } from '../../unit/fuzz/mutations.ts';

const SEED = 0x5eed_0006;
const RUNS = 60;
const keys = { content: randomBytes(32), identifiers: randomBytes(32), manifest: randomBytes(32) };
const manifest: SnapshotManifest = {
  format: 'pdw-snapshot/v1',
  runId: 'run-1',
  parent: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  stats: { documents: 0, chunks: 0, bytes: 0 },
  embedder: { id: 'bundled', dimension: 100 },
  items: [],
};

let server: WalrusLocal;
let walrus: WalrusClient;
let patchSeq = 0;

beforeAll(async () => {
  server = await startWalrusLocal({ shards: 10, fsync: false });
  walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: 10, retry: { retries: 0 } });
});

afterAll(async () => {
  await walrus?.close();
  await server?.close();
});

async function expectRejected(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('remote_error');
}

/** Stores bytes as a blob or as a patch of a one-patch quilt; returns where a manifest would say they are. */
async function store(bytes: Uint8Array, asPatch: boolean): Promise<ManifestItem['location']> {
  if (!asPatch) return { type: 'blob', blobId: (await walrus.storeBlob(bytes)).blobId };
  const identifier = `p${patchSeq++}`;
  const quilt = await walrus.storeQuilt([{ identifier, data: bytes }]);
  return { type: 'patch', patchId: quilt.patchIds[identifier] as string };
}

const itemAt = (hash: string, size: number, location: ManifestItem['location']): ManifestItem => ({ kind: 'content', documentId: 1, hash, size, storedSize: 0, endEpoch: 9, location });

describe('fuzz: restore reads damaged snapshots from Walrus', () => {
  it('a damaged manifest blob is an authentication error', async () => {
    const sealed = sealManifest(keys.manifest, manifest);
    expect(await fetchManifest(walrus, keys, (await walrus.storeBlob(sealed)).blobId)).toEqual(manifest);
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const damaged = mutate(sealed, m);
        // An empty blob is refused by the publisher itself; there is nothing to read back.
        fc.pre(damaged.length > 0);
        await expectRejected(fetchManifest(walrus, keys, (await walrus.storeBlob(damaged)).blobId));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a damaged item, as a blob or a quilt patch, is an authentication error; an intact one reads back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2048 }), mutation, fc.boolean(), async (plain, m, asPatch) => {
        const hash = sha256Hex(plain);
        const sealed = seal(keys.content, plain, itemAad(hash));
        const intact = await fetchItem(walrus, keys, itemAt(hash, plain.length, await store(sealed, asPatch)));
        expect(Buffer.from(intact).equals(Buffer.from(plain))).toBe(true);
        const damaged = mutate(sealed, m);
        fc.pre(damaged.length > 0);
        await expectRejected(fetchItem(walrus, keys, itemAt(hash, plain.length, await store(damaged, asPatch))));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("another item's intact bytes at an item's location are an authentication error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.boolean(), async (a, b, asPatch) => {
        const hashA = sha256Hex(a);
        const hashB = sha256Hex(b);
        fc.pre(hashA !== hashB);
        const location = await store(seal(keys.content, a, itemAad(hashA)), asPatch);
        await expectRejected(fetchItem(walrus, keys, itemAt(hashB, b.length, location)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('an item or manifest whose bytes are damaged in transit once is read again and returned; damaged twice, it is refused', async () => {
    for (const asPatch of [false, true]) {
      const plain = randomBytes(300);
      const hash = sha256Hex(plain);
      const item = itemAt(hash, plain.length, await store(seal(keys.content, plain, itemAad(hash)), asPatch));
      const route = asPatch ? 'readPatch' : 'readBlob';
      await server.faults.add({ route, kind: 'corrupt', times: 1 });
      expect(Buffer.from(await fetchItem(walrus, keys, item)).equals(plain)).toBe(true);
      await server.faults.add({ route, kind: 'corrupt', times: 2 });
      await expect(fetchItem(walrus, keys, item)).rejects.toBeInstanceOf(ItemIntegrityError);
      expect(server.faults.rules()).toEqual([]);
    }
    const manifestId = (await walrus.storeBlob(sealManifest(keys.manifest, manifest))).blobId;
    await server.faults.add({ route: 'readBlob', kind: 'corrupt', times: 1 });
    expect(await fetchManifest(walrus, keys, manifestId)).toEqual(manifest);
    await server.faults.add({ route: 'readBlob', kind: 'corrupt', times: 2 });
    await expectRejected(fetchManifest(walrus, keys, manifestId));
  });
});
