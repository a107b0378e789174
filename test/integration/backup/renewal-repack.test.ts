// Renewal of quilts too large for one request: their live items move to new quilts and the kept snapshots
// get renewed manifests (same run id, new snapshot id, the old id still found locally, one entry per snapshot
// when a new machine looks); items only forgotten snapshots need are left to expire. And renewal that fails
// says which kept snapshots will expire and when. Here the publisher's blob limit is set just under the
// first quilt's size, which is what a 10 MiB publisher does to a full quilt at 1000 shards (lifecycle-1000).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverSnapshots } from '../../../src-main/backup/discover.ts';
import type { BackupEngine } from '../../../src-main/backup/engine.ts';
import { snapshotSummaries } from '../../../src-main/backup/history.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { parseQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { ADDRESS, CORPUS, engine, ingestCorpus, library, SHARDS, testKeys, useBackupWorld } from './backup-fixtures.ts';
import { AppError } from '../../../src-shared/contract/define.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

const EPOCH_MS = 3_600_000;

describe('renewal within the publisher request limit', () => {
  const keys = testKeys();
  const data = () => join(root, 'lib');
  let now = Date.now();

  it('moves the live items of an oversized quilt to new quilts and writes the kept snapshot a renewed manifest', async () => {
    await ingestCorpus(data(), join(root, 'docs'));
    const backups = engine(data(), walrus, keys, { epochMs: EPOCH_MS, now: () => now });
    let first, second, firstQuilt: string;
    try {
      first = await backups.backup();
      firstQuilt = quiltOf(backups, first.runId);
      await writeFile(join(root, 'docs', 'bees.txt'), `${CORPUS['bees.txt']}Smoke calms the bees.\n`);
      const lib = await library(data());
      await lib.ingest([join(root, 'docs', 'bees.txt')]);
      await lib.close();
      second = await backups.backup();
      await backups.forget(first.snapshotId);
    } finally {
      backups.close();
    }
    const quiltBytes = (await walrus.retrieveBlob(firstQuilt)).byteLength;
    // A publisher that takes less than that quilt in one request (manifests of five documents still fit).
    const limited = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, maxBlobSize: quiltBytes - 1 });
    const renewing = engine(data(), limited, keys, { epochMs: EPOCH_MS, now: () => now });
    try {
      server.clock.advanceEpochs(2);
      now += 2 * EPOCH_MS;
      server.clearRequestLog();
      const renewal = await renewing.renew();
      // The first quilt is over the limit: the forgotten snapshot's old version of bees.txt (two items) stays
      // behind, the eight items the kept snapshot shares with it move, and the kept snapshot's manifest is
      // written again (not stored again as it was). The edit's two-patch quilt fits: stored again byte for byte.
      expect(renewal).toMatchObject({ failures: [], expiring: [], repacked: 1, movedItems: 8, manifests: 1, renewed: 1 });
      for (const e of server.requestLog().filter((r) => r.method === 'PUT' && r.path.startsWith('/v1/blobs'))) expect(e.bytesIn ?? 0).toBeLessThan(quiltBytes);
      expect(renewing.needsMaintenance()).toBe(false);

      const kept = renewing.db.snapshot(second.runId);
      expect(kept?.manifestBlobId).not.toBe(second.snapshotId);
      expect(renewing.db.snapshot(second.snapshotId)?.runId).toBe(second.runId); // the first id still finds it
      expect(renewing.db.snapshot(first.runId)).toMatchObject({ manifestBlobId: first.snapshotId, forgottenAt: expect.any(Number) });

      // A new machine sees each snapshot once: the kept one under its renewed manifest.
      const found = await discoverSnapshots({ walrus, keys: await keys.backupKeys() }, server.objects.listByOwner(ADDRESS));
      expect(found.unreadable).toEqual([]);
      expect(found.snapshots.map((f) => f.snapshotId).sort()).toEqual([first.snapshotId, kept?.manifestBlobId].sort());

      // Past the original end epoch the kept snapshot restores, by its new id and (locally) by its first one.
      server.clock.advanceEpochs(2);
      now += 2 * EPOCH_MS;
      const restored = await restoreSnapshot({ walrus, keys }, kept?.manifestBlobId as string, { dataDir: join(root, 'elsewhere'), target: 'new' });
      expect(restored).toMatchObject({ documents: 5, withoutContent: 0 });
      const byOldId = await restoreSnapshot({ walrus, keys, db: renewing.db }, second.snapshotId, { dataDir: join(root, 'by-old-id'), target: 'new' });
      expect(byOldId.snapshotId).toBe(kept?.manifestBlobId);
      await expect(restoreSnapshot({ walrus, keys }, first.snapshotId, { dataDir: join(root, 'forgotten'), target: 'new' })).rejects.toThrow();
    } finally {
      renewing.close();
      await limited.close();
    }

  });

  it('names the kept snapshots that will expire, and when, while renewal fails; clears them once it succeeds', async () => {
    // The wallet is locked: quilts that must move cannot be checked nor their manifests sealed.
    let locked = true;
    const lockable = { address: () => ADDRESS, backupKeys: async () => (locked ? Promise.reject(new AppError('locked', 'The wallet is locked.')) : keys.backupKeys()) };
    const dataDir = join(root, 'locked');
    await ingestCorpus(dataDir, join(root, 'docs-locked'));
    const made = engine(dataDir, walrus, keys, { epochMs: EPOCH_MS, now: () => now });
    let quiltBytes: number;
    try {
      quiltBytes = (await walrus.retrieveBlob(quiltOf(made, (await made.backup()).runId))).byteLength;
    } finally {
      made.close();
    }
    const limited = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, maxBlobSize: quiltBytes - 1 });
    const backups = engine(dataDir, limited, lockable, { epochMs: EPOCH_MS, now: () => now });
    try {
      server.clock.advanceEpochs(2);
      now += 2 * EPOCH_MS;
      expect(backups.needsMaintenance()).toBe(true);
      const failed = await backups.renew();
      expect(failed.failures.length).toBeGreaterThan(0);
      expect(failed.failures[0]?.message).toMatch(/Unlock the wallet/);
      const [expiring] = failed.expiring;
      expect(expiring).toMatchObject({ expired: false, endEpoch: expect.any(Number) });
      expect(Date.parse(expiring?.expiresAt ?? '')).toBeGreaterThan(now);
      const summary = snapshotSummaries(backups).find((s) => s.runId === expiring?.runId);
      expect(summary).toMatchObject({ atRisk: true, state: 'complete' });
      expect(backups.runs.list().runs[0]).toMatchObject({ kind: 'renewal', outcome: 'failed', message: expect.stringMatching(/will expire unless a retry succeeds/) });

      locked = false;
      const retried = await backups.renew();
      expect(retried).toMatchObject({ failures: [], expiring: [] });
      expect(snapshotSummaries(backups).some((s) => s.atRisk)).toBe(false);
    } finally {
      backups.close();
      await limited.close();
    }
  });
});

/** The quilt holding a snapshot's first item. */
function quiltOf(backups: BackupEngine, runId: string): string {
  const item = backups.db.item(backups.db.draft(runId).draft[0]?.hash as string);
  if (item?.location.type !== 'patch') throw new Error('expected the item in a quilt');
  return parseQuiltPatchId(item.location.patchId).quiltId;
}
