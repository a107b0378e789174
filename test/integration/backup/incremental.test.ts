// Editing one document uploads only that document's items and a new manifest — asserted from the
// local Walrus server's own request log — and damaged bytes on the way back are refused.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { verifySnapshot } from '../../../src-main/backup/verify.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { CORPUS, engine, ingestCorpus, library, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

describe('incremental backups', () => {
  const keys = testKeys();
  const data = () => join(root, 'lib');
  const docs = () => join(root, 'docs');
  let second = '';

  it('uploads only the edited document and a manifest', async () => {
    await ingestCorpus(data(), docs());
    const backups = engine(data(), walrus, keys);
    try {
      const first = await backups.backup();
      server.clearRequestLog();
      const unchanged = await backups.backup();
      // Nothing changed: the first snapshot still holds the library, and no manifest is bought.
      expect(unchanged).toMatchObject({ unchanged: true, snapshotId: first.snapshotId, uploadedItems: 0, referencedItems: 10, cost: 0, state: 'complete' });
      expect(server.requestLog().filter((e) => e.method === 'PUT')).toEqual([]);
      expect(backups.db.snapshots()).toHaveLength(1);
      expect(backups.runs.list().runs[0]).toMatchObject({ kind: 'backup', outcome: 'skipped-no-changes', snapshotId: first.snapshotId, message: expect.stringMatching(/^Nothing changed since snapshot /) });

      const edited = `${CORPUS['bees.txt']}Smoke calms the bees before the hive is opened.\n`;
      await writeFile(join(docs(), 'bees.txt'), edited);
      const lib = await library(data());
      await lib.ingest([join(docs(), 'bees.txt')]);
      await lib.close();

      server.clearRequestLog();
      const next = await backups.backup();
      second = next.snapshotId;
      expect(next).toMatchObject({ uploadedItems: 2, referencedItems: 8, items: 10, state: 'complete' });
      const stores = server.requestLog().filter((e) => e.method === 'PUT');
      expect(stores.map((e) => e.path.split('?')[0])).toEqual(['/v1/quilts', '/v1/blobs']);
      const quilt = stores[0]?.bytesIn ?? 0;
      expect(quilt).toBeLessThan(4096); // two small sealed items and the multipart framing, nothing else
      expect(backups.db.snapshot(second)?.parent).toBe(first.snapshotId);
      // Referenced items carry their real plaintext sizes, like uploaded ones.
      const { draft } = backups.db.draft(next.runId);
      expect(draft.every((e) => e.size > 0)).toBe(true);
      expect(draft.filter((e) => e.kind === 'content').reduce((s, e) => s + e.size, 0)).toBe(
        Object.values(CORPUS).reduce((s, t) => s + Buffer.byteLength(t), 0) + Buffer.byteLength('Smoke calms the bees before the hive is opened.\n'),
      );
    } finally {
      backups.close();
    }
  });

  it('restores the edited version from the newer snapshot', async () => {
    const target = join(root, 'restored');
    await restoreSnapshot({ walrus, keys }, second, { dataDir: target, target: 'new' });
    const lib = await library(target);
    try {
      const hits = await lib.search('smoke calms the bees', { k: 1 });
      expect(hits[0]?.title).toBe('Keeping bees');
      expect(lib.stats().documents).toBe(5);
    } finally {
      await lib.close();
    }
  });

  it('refuses a restore into a library that has documents unless told to replace it', async () => {
    const target = join(root, 'restored');
    await expect(restoreSnapshot({ walrus, keys }, second, { dataDir: target, target: 'new' })).rejects.toMatchObject({ code: 'conflict' });
    let swapped = false;
    const result = await restoreSnapshot({ walrus, keys }, second, { dataDir: target, target: 'replace', beforeSwap: async () => void (swapped = true) });
    expect(swapped).toBe(true);
    expect(result.documents).toBe(5);
  });

  it('renews every object of the kept snapshots once, under the same ids, so they outlive their first end epoch', async () => {
    let now = Date.now();
    const backups = engine(data(), walrus, keys, { epochMs: 3_600_000, now: () => now });
    try {
      const snapshots = backups.db.snapshots();
      expect(snapshots).toHaveLength(2);
      expect(backups.needsMaintenance()).toBe(false);
      server.clock.advanceEpochs(2);
      now += 2 * 3_600_000;
      expect(backups.hasChanges()).toBe(false); // expiry is renewal's job, not a reason for a new snapshot
      expect(backups.needsMaintenance()).toBe(true);

      server.clearRequestLog();
      const renewed = await backups.renew();
      // Two quilts (the first upload, the edit) and two manifests, each stored once although shared; at 100
      // shards every quilt fits one request, so each is stored byte for byte under its own id.
      expect(renewed).toMatchObject({ renewed: 4, repacked: 0, manifests: 0, expired: 0, failures: [], expiring: [] });
      expect(renewed.cost).toBeGreaterThan(0);
      const stores = server.requestLog().filter((e) => e.method === 'PUT' && e.status === 200);
      expect(stores.map((e) => e.path.split('?')[0])).toEqual(Array(4).fill('/v1/blobs'));
      const end = server.clock.currentEpoch() + 3;
      for (const s of snapshots) expect(backups.db.snapshot(s.runId)).toMatchObject({ endEpoch: end, manifestBlobId: s.manifestBlobId });
      expect(backups.needsMaintenance()).toBe(false);
      expect((await backups.renew()).renewed).toBe(0); // nothing due: nothing stored, nothing logged
      const log = backups.runs.list().runs.filter((r) => r.kind === 'renewal');
      expect(log).toEqual([expect.objectContaining({ outcome: 'ok', uploadedItems: 4, cost: renewed.cost })]);

      // Past the first end epoch every snapshot still restores, from its original id.
      server.clock.advanceEpochs(2);
      now += 2 * 3_600_000;
      const oldest = snapshots.at(-1)?.manifestBlobId as string;
      const restored = await restoreSnapshot({ walrus, keys }, oldest, { dataDir: join(root, 'renewed-oldest'), target: 'new' });
      expect(restored.documents).toBe(5);
    } finally {
      backups.close();
    }
  });

  it('turns a tampered manifest or item into an authentication error, never data', async () => {
    await server.faults.set([{ route: 'readBlob', kind: 'corrupt' }]);
    await expect(restoreSnapshot({ walrus, keys }, second, { dataDir: join(root, 't1'), target: 'new' })).rejects.toThrow(/manifest failed authentication/);
    // Patch reads corrupted (a restore item by item, a verify sample): every item fails, none is returned.
    await server.faults.set([{ route: 'readPatch', kind: 'corrupt' }]);
    await expect(restoreSnapshot({ walrus, keys }, second, { dataDir: join(root, 't2'), target: 'new', readBy: 'patch' })).rejects.toThrow(/failed authentication/);
    const verified = await verifySnapshot({ walrus, keys }, second, { sample: 10 });
    expect(verified.failures).toHaveLength(10);
    expect(verified.summary).toMatch(/^10 of 10 items damaged \(failed authentication twice\)/);
    await server.faults.clear();
    expect((await verifySnapshot({ walrus, keys }, second, { sample: 3 })).failures).toEqual([]);
  });
});
