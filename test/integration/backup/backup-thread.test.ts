// Backup runs on their own thread (as the app runs them): the same snapshot as a run on this thread,
// progress and cancellation across the thread boundary, and the run log and lock kept by this side.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/define.ts';
import { backupThreadRunner } from '../../../src-main/backup/backup-thread.ts';
import { MissingWorkerError } from '../../../src-main/kernel/worker-entries.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import { engine, ingestCorpus, searchAll, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, walrus } = world));

describe('backups on the backup thread', () => {
  const keys = testKeys();
  const runner = backupThreadRunner();

  it('is available from the sources', () => {
    expect(runner).not.toBeNull();
  });

  it('stores a snapshot that restores to the same library, reporting progress on the way', async () => {
    const data = join(root, 'lib');
    await ingestCorpus(data, join(root, 'docs'));
    const backups = engine(data, walrus, keys, { runner });
    try {
      const progress: number[] = [];
      const phases: string[] = [];
      const result = await backups.backup({ onProgress: (p) => (progress.push(p.done), p.phase && phases.push(p.phase)) });
      expect(result).toMatchObject({ state: 'complete', items: 10, uploadedItems: 10 });
      expect(progress.at(-1)).toBe(10);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(phases).toEqual(['uploadingItems', 'uploadingIndex']); // what the run does once all is counted
      // Recorded in the same history and run log this side reads.
      expect(backups.db.snapshot(result.runId)?.state).toBe('complete');
      expect(backups.runs.list(0, 1).runs[0]).toMatchObject({ kind: 'backup', outcome: 'ok', snapshotId: result.snapshotId });
      // A second run on the thread finds everything stored already.
      expect(await backups.backup()).toMatchObject({ state: 'complete', unchanged: true, snapshotId: result.snapshotId, uploadedItems: 0, referencedItems: 10 });

      const restored = join(root, 'restored');
      await restoreSnapshot({ walrus, keys }, result.snapshotId, { dataDir: restored, target: 'new' });
      expect(await searchAll(restored)).toEqual(await searchAll(data));
    } finally {
      backups.close();
    }
  });

  it('cancels a run on the thread, and the next run goes on from what was stored', async () => {
    const data = join(root, 'lib-cancel');
    await ingestCorpus(data, join(root, 'docs-cancel'));
    const backups = engine(data, walrus, keys, { runner, batchBytes: 1 }); // one upload per item: room to cancel
    try {
      const stop = new AbortController();
      const run = backups.backup({ signal: stop.signal, onProgress: (p) => p.done >= 2 && stop.abort() });
      await expect(run).rejects.toMatchObject({ code: 'cancelled' });
      expect(backups.db.snapshots().at(-1)?.state).toBe('failed');
      const next = await backups.backup();
      expect(next).toMatchObject({ state: 'complete', items: 10 });
      expect(next.uploadedItems).toBeLessThan(10);
    } finally {
      backups.close();
    }
  });

  it('fails the run cleanly when the thread dies without a word, and refuses to start without the module', async () => {
    const data = join(root, 'lib');
    const dying = backupThreadRunner(new URL('./dying-backup-worker.ts', import.meta.url));
    const backups = engine(data, walrus, keys, { runner: dying });
    try {
      await expect(backups.backup()).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/exit code 3/) });
      expect(backups.db.snapshots().filter((s) => s.state === 'running')).toEqual([]);
    } finally {
      backups.close();
    }
    expect(() => backupThreadRunner(new URL('./no-such-worker.ts', import.meta.url))).toThrow(MissingWorkerError);
  });

  it('reports a locked wallet from this side, before any thread starts', async () => {
    const data = join(root, 'lib');
    const locked = { address: () => '0x' + 'ab'.repeat(32), backupKeys: () => Promise.reject(new AppError('locked', 'The wallet is locked.')) };
    const backups = engine(data, walrus, locked, { runner });
    try {
      await expect(backups.backup()).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/Unlock the wallet/) });
    } finally {
      backups.close();
    }
  });
});
