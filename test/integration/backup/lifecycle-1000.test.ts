// The whole life of a backup at the real networks' committee size (1000 shards, where a full quilt of 666
// patches would be a ~30 MB blob, the publisher takes at most 10 MiB per request): back up, back up again with
// nothing changed, renew before the end, pass the original end epoch, verify every item and restore on a new
// data directory.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { verifySnapshot } from '../../../src-main/backup/verify.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { engine, ingestCorpus, library, testKeys } from './backup-fixtures.ts';

const SHARDS = 1000;
const EPOCHS = 3;
const EPOCH_MS = 3_600_000;
/** Two items per document: 668 items, more than one quilt holds. */
const DOCUMENTS = 334;

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

beforeAll(async () => {
  root = await makeTempDir();
  // Ids at 1000 shards take ~2 s each: the server computes them on two worker threads.
  server = await startWalrusLocal({ shards: SHARDS, fsync: false, idWorkers: 2 });
  walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, timeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await walrus?.close();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const corpus = Object.fromEntries(
  Array.from({ length: DOCUMENTS }, (_, i) => [`note-${i}.txt`, `Note ${i}\n\nField note number ${i}: the ${i % 7 === 0 ? 'heron' : 'wren'} came back at ${i % 24}h.\n`]),
);

describe('a backup at 1000 shards outlives its first storage period', () => {
  it('renews every quilt within the 10 MiB request limit and restores every item after the original end epoch', { timeout: 600_000 }, async () => {
    const keys = testKeys();
    const dataDir = join(root, 'lib');
    await ingestCorpus(dataDir, join(root, 'docs'), corpus);
    let now = Date.now();
    const backups = engine(dataDir, walrus, keys, { epochs: EPOCHS, epochMs: EPOCH_MS, now: () => now });
    try {
      const first = await backups.backup();
      expect(first).toMatchObject({ state: 'complete', uploadedItems: 2 * DOCUMENTS });
      const originalEnd = server.clock.currentEpoch() + EPOCHS;

      // Nothing changed: nothing stored, and the answer names the snapshot that still holds the library.
      server.clearRequestLog();
      const again = await backups.backup();
      expect(again).toMatchObject({ unchanged: true, snapshotId: first.snapshotId, uploadedItems: 0, cost: 0 });
      expect(server.requestLog().filter((e) => e.method === 'PUT')).toEqual([]);
      expect(backups.db.snapshots()).toHaveLength(1);

      // Near the end of the storage period: renewal stores everything the snapshot needs again.
      server.clock.advanceEpochs(EPOCHS - 1);
      now += (EPOCHS - 1) * EPOCH_MS;
      expect(backups.needsMaintenance()).toBe(true);
      server.clearRequestLog();
      const renewal = await backups.renew();
      // The client packs quilts of ~3 MiB blobs at 1000 shards (never a full 666-patch ~30 MB one), so every
      // object is stored again byte for byte, under one request; quilts of the earlier fullest packing are
      // repacked instead (renewal-repack.test.ts).
      expect(renewal).toMatchObject({ failures: [], expiring: [], repacked: 0, manifests: 0 });
      expect(renewal.renewed).toBeGreaterThanOrEqual(2);
      const bodies = server.requestLog().filter((e) => e.method === 'PUT').map((e) => e.bytesIn ?? 0);
      expect(Math.max(...bodies)).toBeLessThanOrEqual(10 * 1024 * 1024);
      expect(backups.needsMaintenance()).toBe(false);
      const renewed = backups.db.snapshot(first.runId);
      expect(renewed?.endEpoch).toBeGreaterThan(originalEnd);
      // The snapshot keeps its identity: its run id, and its first id still finds it in the local history.
      expect(backups.db.snapshot(first.snapshotId)?.runId).toBe(first.runId);

      // Past the original end epoch: every item reads back intact and the library restores elsewhere.
      server.clock.advanceEpochs(2);
      now += 2 * EPOCH_MS;
      expect(server.clock.currentEpoch()).toBeGreaterThan(originalEnd);
      const current = renewed?.manifestBlobId as string;
      const verified = await verifySnapshot({ walrus, keys }, current, { all: true });
      expect(verified).toMatchObject({ total: 2 * DOCUMENTS, checked: 2 * DOCUMENTS, failures: [] });
      const target = join(root, 'new-machine');
      const restored = await restoreSnapshot({ walrus, keys }, current, { dataDir: target, target: 'new' });
      expect(restored).toMatchObject({ snapshotId: current, documents: DOCUMENTS, withoutContent: 0 });
      const lib = await library(target);
      try {
        expect((await lib.search('heron came back', { k: 1 }))[0]?.title).toMatch(/^Note \d+$/);
      } finally {
        await lib.close();
      }
    } finally {
      backups.close();
    }
  });
});
