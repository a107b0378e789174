// Walrus down during a backup: sealed items wait in the local fallback store, the snapshot is pending,
// and flushing the outbox once Walrus is back completes it — also after a restart in the middle.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { engine, ingestCorpus, plaintextNeedles, SHARDS, searchAll, testKeys, walrusClient } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

beforeAll(async () => {
  root = await makeTempDir();
  server = await startWalrusLocal({ shards: SHARDS, fsync: false });
  walrus = walrusClient(server);
});
afterAll(async () => {
  await walrus.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('the fallback store and the outbox', () => {
  it('keeps a backup made while Walrus is down and completes it when Walrus is back', async () => {
    const keys = testKeys();
    const data = join(root, 'a');
    await ingestCorpus(data, join(root, 'docs-a'));
    const backups = engine(data, walrus, keys);
    try {
      // Walrus down: the same deployment, every connection dropped (the outbox belongs to the deployment it waits for).
      await server.faults.setDown(true);
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'pending', uploadedItems: 0, manifestBlobId: null });
      expect(backups.outbox()).toMatchObject({ snapshots: 1, items: 10 });
      const files = await readdir(join(data, 'backup', 'fallback'));
      expect(files.filter((f) => /^[0-9a-f]{64}$/.test(f))).toHaveLength(10);
      for (const f of files) {
        const bytes = await readFile(join(data, 'backup', 'fallback', f));
        for await (const needle of plaintextNeedles()) expect(bytes.includes(Buffer.from(needle))).toBe(false);
      }
      await expect(backups.flushOutbox()).rejects.toMatchObject({ code: 'unavailable' });
      expect(backups.outbox().items).toBe(10);
      // A second run while still offline queues nothing twice; its manifest waits for the first run's items.
      const again = await backups.backup();
      expect(again).toMatchObject({ state: 'pending', uploadedItems: 0 });
      expect(backups.outbox()).toMatchObject({ snapshots: 2, items: 10 });

      await server.faults.setDown(false);
      const flushed = await backups.flushOutbox();
      expect(flushed.pending).toBe(0);
      expect(flushed.completed).toHaveLength(2);
      expect(backups.db.snapshot(again.runId)).toMatchObject({ state: 'complete', parent: null });
      const done = backups.db.snapshot(run.runId);
      expect(done).toMatchObject({ state: 'complete', uploadedItems: 10 });
      expect(flushed.completed[0]).toBe(done?.manifestBlobId);
      expect(await readdir(join(data, 'backup', 'fallback'))).toEqual([]);

      const before = await searchAll(data);
      const target = join(root, 'a-restored');
      await restoreSnapshot({ walrus, keys }, flushed.completed[0] as string, { dataDir: target, target: 'new' });
      expect(await searchAll(target)).toEqual(before);
    } finally {
      await server.faults.setDown(false);
      backups.close();
    }
  });

  it('resumes an interrupted flush after a restart without uploading anything twice', async () => {
    const keys = testKeys();
    const data = join(root, 'b');
    await ingestCorpus(data, join(root, 'docs-b'));
    const options = { batchBytes: 1 }; // one item per batch: the flush can stop between any two uploads
    let backups = engine(data, walrus, keys, options);
    await server.faults.setDown(true);
    const run = await backups.backup();
    await server.faults.setDown(false);
    expect(run.state).toBe('pending');

    const stop = new AbortController();
    server.clearRequestLog();
    await expect(
      backups.flushOutbox({ signal: stop.signal, onProgress: (p) => p.done >= 4 && stop.abort() }),
    ).rejects.toThrow();
    backups.close(); // the process ends here

    backups = engine(data, walrus, keys, options);
    try {
      expect(backups.outbox().items).toBe(6);
      const flushed = await backups.flushOutbox();
      expect(flushed).toMatchObject({ pending: 0, completed: [expect.any(String)] });
      const quilts = server.requestLog().filter((e) => e.method === 'PUT' && e.path.startsWith('/v1/quilts') && e.status === 200);
      expect(quilts).toHaveLength(10);
      expect(backups.db.snapshot(run.runId)).toMatchObject({ state: 'complete', uploadedItems: 10 });
    } finally {
      backups.close();
    }
  });

  it('fails clearly without a wallet', async () => {
    const backups = engine(join(root, 'a'), walrus, testKeys(null));
    try {
      await expect(backups.backup()).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/Create or import a wallet first/) });
    } finally {
      backups.close();
    }
  });
});
