// The history database: a history written before object tracking and retention opens with every object
// of its complete snapshots indexed (so renewal covers them); the run log is bounded; renewing an object
// extends its items and every snapshot that needs it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BackupDb } from '../../../src-main/backup/backup-db.ts';
import { RUN_LOG_LIMIT } from '../../../src-main/backup/run-table.ts';
import { EpochEstimate } from '../../../src-main/backup/epoch-estimate.ts';
import { encodeQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const QUILT = 'A'.repeat(42) + 'A';
const MANIFEST = 'B'.repeat(42) + 'A';
const patchId = encodeQuiltPatchId({ quiltId: QUILT, version: 1, start: 1, end: 2 });
const hash = 'c'.repeat(64);

/** The schema of the first release, with one complete snapshot of one item in a quilt. */
function writeFirstReleaseHistory(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE snapshots (run_id TEXT PRIMARY KEY, manifest_blob_id TEXT UNIQUE, parent TEXT, created_at INTEGER NOT NULL, state TEXT NOT NULL,
      documents INTEGER NOT NULL, chunks INTEGER NOT NULL, bytes INTEGER NOT NULL, items INTEGER NOT NULL,
      uploaded_items INTEGER NOT NULL DEFAULT 0, uploaded_bytes INTEGER NOT NULL DEFAULT 0,
      referenced_items INTEGER NOT NULL DEFAULT 0, referenced_bytes INTEGER NOT NULL DEFAULT 0,
      cost INTEGER NOT NULL DEFAULT 0, end_epoch INTEGER, error TEXT, draft TEXT NOT NULL, embedder TEXT NOT NULL);
    CREATE TABLE items (hash TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL, stored_size INTEGER NOT NULL, end_epoch INTEGER NOT NULL);
    CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL,
      sealed_hash TEXT NOT NULL, stored_size INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
  db.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?)').run(hash, 'content', JSON.stringify({ type: 'patch', patchId }), 100, 12);
  db.prepare(`INSERT INTO snapshots (run_id, manifest_blob_id, created_at, state, documents, chunks, bytes, items, end_epoch, draft, embedder)
    VALUES ('run-1', ?, 1, 'complete', 1, 1, 10, 1, 12, ?, '{}')`).run(MANIFEST, JSON.stringify([{ kind: 'content', documentId: 1, hash, size: 10 }]));
  db.close();
}

describe('BackupDb', () => {
  it('indexes the objects of a history from before object tracking, once', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'backup.sqlite');
      writeFirstReleaseHistory(file);
      let db = BackupDb.open(file);
      try {
        expect(db.snapshot('run-1')).toMatchObject({ forgottenAt: null, pinned: false, manifestBlobId: MANIFEST });
        expect(db.keptObjects().sort((a, b) => a.objectId.localeCompare(b.objectId))).toEqual([
          { runId: 'run-1', objectId: QUILT, type: 'quilt', endEpoch: 12 },
          { runId: 'run-1', objectId: MANIFEST, type: 'blob', endEpoch: 12 },
        ]);
      } finally {
        db.close();
      }
      db = BackupDb.open(file);
      try {
        expect(db.keptObjects()).toHaveLength(2);
      } finally {
        db.close();
      }
    }));

  it('a history from before deployments belongs to the first deployment used; another one sees none of it', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'backup.sqlite');
      writeFirstReleaseHistory(file);
      let deployment = 'testnet https://publisher.example https://aggregator.example';
      const db = BackupDb.open(file, () => deployment);
      try {
        expect(db.item(hash)?.location).toEqual({ type: 'patch', patchId });
        expect(db.latestComplete()?.runId).toBe('run-1');
        expect(db.keptObjects()).toHaveLength(2);
        expect(db.freshDeployment()).toBe(false);

        deployment = 'mainnet https://publisher.other https://aggregator.other';
        expect(db.item(hash)).toBeUndefined();
        expect(db.latestComplete()).toBeUndefined();
        expect(db.keptObjects()).toEqual([]);
        expect(db.freshDeployment()).toBe(true);
        // Stored again here: this deployment's copy is the one remembered (even if it ends sooner).
        const here = { type: 'patch' as const, patchId: encodeQuiltPatchId({ quiltId: 'D'.repeat(42) + 'A', version: 1, start: 1, end: 2 }) };
        db.recordItems([{ hash, kind: 'content', location: here, storedSize: 100, endEpoch: 5 }]);
        expect(db.item(hash)?.location).toEqual(here);
      } finally {
        db.close();
      }
      // Adopted once: reopening does not hand the old rows to whatever deployment comes next.
      const reopened = BackupDb.open(file, () => 'devnet https://p https://a');
      try {
        expect(reopened.latestComplete()).toBeUndefined();
      } finally {
        reopened.close();
      }
    }));

  it('keeps the epoch estimate per deployment, and never moves it back', () =>
    withTempDir(async (dir) => {
      let deployment = 'testnet https://p https://a';
      const db = BackupDb.open(join(dir, 'backup.sqlite'), () => deployment);
      try {
        const epochs = new EpochEstimate(db, 86_400_000, () => 0);
        epochs.observe(300);
        epochs.observe(290); // a store whose answer was lost counts from an older epoch
        expect(epochs.current()).toBe(300);
        deployment = 'localnet http://127.0.0.1:1 http://127.0.0.1:1';
        expect(epochs.lastSeen()).toBeUndefined();
        epochs.observe(2);
        expect(epochs.current()).toBe(2);
        deployment = 'testnet https://p https://a';
        expect(epochs.current()).toBe(300);
        // The epoch length: assumed until the network says it, then the network's, per deployment too.
        expect(epochs.length()).toEqual({ ms: 86_400_000, fromNetwork: false });
        epochs.observeNetwork({ currentEpoch: 301, epochDurationMs: 3_600_000 });
        expect(epochs.length()).toEqual({ ms: 3_600_000, fromNetwork: true });
        deployment = 'localnet http://127.0.0.1:1 http://127.0.0.1:1';
        expect(epochs.length()).toEqual({ ms: 86_400_000, fromNetwork: false });
      } finally {
        db.close();
      }
    }));

  it('renewing an object extends its items and the snapshots that need it; forgotten snapshots drop out of the kept set, pending ones count', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'backup.sqlite');
      writeFirstReleaseHistory(file);
      const db = BackupDb.open(file);
      try {
        db.renewObject(QUILT, 20);
        expect(db.item(hash)?.endEpoch).toBe(20);
        expect(db.snapshot('run-1')?.endEpoch).toBe(12); // the manifest still ends at 12
        db.renewObject(MANIFEST, 21);
        expect(db.snapshot('run-1')?.endEpoch).toBe(20);
        db.renewObject(QUILT, 15); // an older answer never shortens what is known
        expect(db.item(hash)?.endEpoch).toBe(20);
        db.setForgotten(['run-1'], 1000);
        expect(db.keptObjects()).toEqual([]);
        // A pending snapshot's items that are stored already stay alive until its manifest names them.
        db.insertSnapshot({ runId: 'run-2', parent: null, createdAt: 2, documents: 1, chunks: 1, bytes: 10, items: 1 }, [{ kind: 'content', documentId: 1, hash, size: 10 }], {});
        db.updateSnapshot('run-2', { state: 'pending' });
        expect(db.keptObjects()).toEqual([{ runId: 'run-2', objectId: QUILT, type: 'quilt', endEpoch: 20 }]);
        db.updateSnapshot('run-2', { state: 'failed' });
        expect(db.keptObjects()).toEqual([]);
        db.setForgotten(['run-1'], null);
        expect(db.snapshot('run-1')).toMatchObject({ forgottenAt: null, pinned: true });
      } finally {
        db.close();
      }
    }));

  it(`keeps the last ${RUN_LOG_LIMIT} runs, newest first, and marks runs whose process is gone as failed`, () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'backup.sqlite');
      const db = BackupDb.open(file);
      try {
        for (let i = 0; i < RUN_LOG_LIMIT + 5; i++) db.runLog.finish(db.runLog.start('backup', i), { outcome: 'ok', endedAt: i, uploadedItems: i });
        const { runs, total } = db.runLog.list(0, 3);
        expect(total).toBe(RUN_LOG_LIMIT);
        expect(runs.map((r) => r.uploadedItems)).toEqual([RUN_LOG_LIMIT + 4, RUN_LOG_LIMIT + 3, RUN_LOG_LIMIT + 2]);
        expect(db.runLog.list(RUN_LOG_LIMIT - 1, 5).runs.map((r) => r.uploadedItems)).toEqual([5]);
        db.runLog.start('renewal', 9999);
      } finally {
        db.close();
      }
      const reopened = BackupDb.open(file);
      try {
        reopened.runLog.failOrphaned(() => true); // its process still runs: left alone
        expect(reopened.runLog.list(0, 1).runs[0]).toMatchObject({ kind: 'renewal', outcome: 'running' });
        reopened.runLog.failOrphaned(() => false);
        expect(reopened.runLog.list(0, 1).runs[0]).toMatchObject({ kind: 'renewal', outcome: 'failed', message: 'interrupted' });
      } finally {
        reopened.close();
      }
    }));
});
