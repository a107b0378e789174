// Retention against the local Walrus server: snapshots beyond the newest N are forgotten (not renewed, so
// they expire) while items the kept ones share stay live; forgetting by hand needs confirmation, spares
// the newest, and is undone by keeping the snapshot while it has not expired.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backupRequests } from '../../../src-shared/contract/backup.ts';
import { snapshotSummaries } from '../../../src-main/backup/history.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { engine, ingestCorpus, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

describe('retention (keep the last N)', () => {
  it('forgets the oldest, renews only what the kept snapshots need, and the forgotten ones expire', async () => {
    const keys = testKeys();
    const data = join(root, 'keep');
    await ingestCorpus(data, join(root, 'docs'));
    let keep = 2;
    let now = Date.now();
    const backups = engine(data, walrus, keys, { keepSnapshots: () => keep, epochMs: 3_600_000, now: () => now });
    try {
      const runs = [];
      for (let i = 0; i < 4; i++) {
        // A backup with nothing changed makes no snapshot: each one adds a note.
        if (i > 0) await ingestCorpus(data, join(root, 'docs'), { [`note-${i}.txt`]: `Note ${i} about the tides and the harbour.\n` });
        runs.push(await backups.backup());
      }
      const [oldest, older, newer, newest] = runs.map((r) => r.snapshotId) as [string, string, string, string];

      expect(await backups.applyRetention()).toEqual({ keep: 2, forgotten: [older, oldest] });
      expect(await backups.applyRetention()).toEqual({ keep: 2, forgotten: [] }); // nothing more to do, nothing logged
      const log = backups.runs.list().runs.filter((r) => r.kind === 'retention');
      expect(log).toEqual([expect.objectContaining({ outcome: 'ok', uploadedItems: 2, message: expect.stringMatching(/forgot 2/) })]);
      const summaries = () => new Map(snapshotSummaries(backups).map((s) => [s.id, s]));
      expect(summaries().get(oldest)).toMatchObject({ state: 'complete', forgottenAt: expect.any(String), expired: false, pinned: false });
      expect(summaries().get(newest)).toMatchObject({ forgottenAt: null });

      // By hand: the newest is never forgotten; an older kept one is, and keeping it again undoes that.
      await expect(backups.forget(newest)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/newest complete/) });
      expect((await backups.forget(newer)).forgottenAt).not.toBeNull();
      expect(await backups.keep(newer)).toMatchObject({ forgottenAt: null, pinned: true });
      keep = 1;
      expect((await backups.applyRetention()).forgotten).toEqual([]); // pinned: kept besides the newest one

      // Renewal: the four quilts the kept snapshots share (each backup added one), and the manifests of the two
      // kept snapshots — not the forgotten ones'.
      server.clock.advanceEpochs(2);
      now += 2 * 3_600_000;
      const renewed = await backups.renew();
      expect(renewed).toMatchObject({ renewed: 6, failures: [] });

      server.clock.advanceEpochs(2);
      now += 2 * 3_600_000;
      expect(summaries().get(oldest)).toMatchObject({ expired: true });
      expect(summaries().get(newer)).toMatchObject({ expired: false });
      await expect(restoreSnapshot({ walrus, keys }, oldest, { dataDir: join(root, 'r-oldest'), target: 'new' })).rejects.toMatchObject({ code: 'not_found' });
      expect((await restoreSnapshot({ walrus, keys }, newer, { dataDir: join(root, 'r-newer'), target: 'new' })).documents).toBe(7);
      await expect(backups.keep(oldest)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/expired/) });
    } finally {
      backups.close();
    }
  });

  it('never forgets a pending snapshot, and forgetting needs confirm: true in the contract', async () => {
    expect(backupRequests['backup.forget'].input.safeParse({ id: 'x', confirm: false }).success).toBe(false);
    expect(backupRequests['backup.forget'].input.safeParse({ id: 'x', confirm: true }).success).toBe(true);
    const keys = testKeys();
    const data = join(root, 'pending');
    await ingestCorpus(data, join(root, 'docs-p'));
    const backups = engine(data, walrus, keys, { keepSnapshots: () => 1 });
    try {
      const first = await backups.backup();
      await server.faults.set([{ route: 'storeQuilt', kind: 'error', status: 503 }, { route: 'storeBlob', kind: 'error', status: 503 }]);
      await ingestCorpus(data, join(root, 'docs-p'), { 'new.txt': 'A new note about the harbour and its lighthouse.\n' });
      const pending = await backups.backup();
      expect(pending.state).toBe('pending');
      expect((await backups.applyRetention()).forgotten).toEqual([]);
      await expect(backups.forget(pending.runId)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/pending/) });
      await server.faults.clear();
      await backups.flushOutbox();
      expect((await backups.applyRetention()).forgotten).toEqual([first.snapshotId]);
    } finally {
      await server.faults.clear();
      backups.close();
    }
  });
});

describe('renewal with an epoch estimate that ran ahead', () => {
  it('stores one object, learns the real epoch from it, and leaves the rest for later', async () => {
    const keys = testKeys();
    const data = join(root, 'ahead');
    await ingestCorpus(data, join(root, 'docs-ahead'));
    let skew = 0;
    // The engine thinks epochs pass every hour; Walrus' clock does not move: its estimate runs ahead.
    const backups = engine(data, walrus, keys, { epochMs: 3_600_000, now: () => Date.now() + skew });
    try {
      await backups.backup();
      skew = 2 * 3_600_000;
      expect(backups.needsMaintenance()).toBe(true);
      server.clearRequestLog();
      const renewed = await backups.renew();
      expect(renewed).toMatchObject({ renewed: 1, notDue: 1, failures: [] }); // the quilt and the manifest were planned
      expect(server.requestLog().filter((e) => e.method === 'PUT')).toHaveLength(1);
      expect(backups.needsMaintenance()).toBe(false);
    } finally {
      backups.close();
    }
  });
});
