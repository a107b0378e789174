// The fallback store keeps sealed items under their SHA-256 and refuses a damaged copy.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src-main/backup/crypto.ts';
import { FallbackStore } from '../../../src-main/backup/fallback-store.ts';
import { BackupDb } from '../../../src-main/backup/backup-db.ts';
import { EpochEstimate } from '../../../src-main/backup/epoch-estimate.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

describe('FallbackStore', () => {
  it('stores by content hash, reads back, and detects damage', () =>
    withTempDir(async (dir) => {
      const store = new FallbackStore(join(dir, 'fb'));
      const bytes = Buffer.from('sealed bytes');
      const name = await store.put(bytes);
      expect(name).toBe(sha256Hex(bytes));
      expect(await readdir(join(dir, 'fb'))).toEqual([name]); // no temp files left behind
      expect(Buffer.from(await store.get(name)).equals(bytes)).toBe(true);
      await writeFile(join(dir, 'fb', name), 'other bytes');
      await expect(store.get(name)).rejects.toThrow(/damaged/);
      await store.remove(name);
      expect(await readdir(join(dir, 'fb'))).toEqual([]);
    }));
});

describe('EpochEstimate', () => {
  it('advances the last seen epoch by elapsed epoch lengths and dates end epochs', () =>
    withTempDir(async (dir) => {
      const db = BackupDb.open(join(dir, 'b.sqlite'));
      let now = 1_000_000;
      const epochs = new EpochEstimate(db, 3_600_000, () => now);
      expect(epochs.current()).toBe(0);
      epochs.observe(7);
      expect(epochs.current()).toBe(7);
      now += 2.5 * 3_600_000;
      expect(epochs.current()).toBe(9);
      expect(epochs.dateOf(10)).toBe(new Date(1_000_000 + 3 * 3_600_000).toISOString());
      db.close();
    }));
});

describe('BackupDb', () => {
  it('marks runs interrupted by a crash as failed, and keeps the longest-lived copy of an item', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'b.sqlite');
      let db = BackupDb.open(file);
      db.insertSnapshot({ runId: 'r1', parent: null, createdAt: 1, documents: 0, chunks: 0, bytes: 0, items: 0 }, [], {});
      db.close();
      db = BackupDb.open(file);
      expect(db.failInterrupted()).toBe(1);
      expect(db.snapshot('r1')).toMatchObject({ state: 'failed', error: 'interrupted' });
      const h = 'a'.repeat(64);
      db.recordItems([{ hash: h, kind: 'content', location: { type: 'blob', blobId: 'late' }, storedSize: 1, endEpoch: 9 }]);
      db.recordItems([{ hash: h, kind: 'content', location: { type: 'blob', blobId: 'early' }, storedSize: 1, endEpoch: 4 }]);
      expect(db.item(h)?.location).toEqual({ type: 'blob', blobId: 'late' });
      db.close();
    }));
});
