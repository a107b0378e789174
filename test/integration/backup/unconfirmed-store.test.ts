// A store the publisher answers with a corrupted or truncated body may have been bought: the client looks the
// blob id up on the aggregator and, finding it, takes the store as done instead of buying it again. When the
// aggregator cannot say either, the store is not confirmed: the backup keeps the sealed items in the fallback
// store and the outbox and is pending; a later flush completes it, and the snapshot restores. Run against the
// local Walrus server's fault injection.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { engine, ingestCorpus, searchAll, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

const puts = (template: string) => server.requestLog().filter((e) => e.method === 'PUT' && e.template === template && e.status === 200).length;

describe('a store reply that is corrupted or cut short', () => {
  it.each(['corrupt', 'truncate'] as const)('completes the backup from the aggregator, buying each quilt once (%s replies)', async (kind) => {
    const keys = testKeys();
    const data = join(root, `found-${kind}`);
    await ingestCorpus(data, join(root, `docs-found-${kind}`));
    const backups = engine(data, walrus, keys);
    try {
      await server.faults.set([{ route: 'storeQuilt', kind }, { route: 'storeBlob', kind }]);
      const [quiltsBefore, blobsBefore] = [puts('/v1/quilts'), puts('/v1/blobs')];
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'complete', uploadedItems: 10 });
      expect(backups.outbox().items).toBe(0);
      // One store each for the items' quilt and the manifest, none repeated; both counted in the cost.
      expect([puts('/v1/quilts') - quiltsBefore, puts('/v1/blobs') - blobsBefore]).toEqual([1, 1]);
      expect(run.cost).toBeGreaterThan(0);
      await server.faults.clear();
      const target = join(root, `restored-found-${kind}`);
      await restoreSnapshot({ walrus, keys }, run.snapshotId, { dataDir: target, target: 'new' });
      expect(await searchAll(target)).toEqual(await searchAll(data));
    } finally {
      await server.faults.clear();
      backups.close();
    }
  });

  it.each(['corrupt', 'truncate'] as const)('leaves the backup pending with its items in the outbox when the aggregator cannot tell (%s quilt replies), and a flush completes it', async (kind) => {
    const keys = testKeys();
    const data = join(root, `quilt-${kind}`);
    await ingestCorpus(data, join(root, `docs-${kind}`));
    const backups = engine(data, walrus, keys);
    try {
      await server.faults.set([{ route: 'storeQuilt', kind }, { route: 'readBlob', kind: 'error', status: 503 }]);
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'pending', manifestBlobId: null });
      expect(backups.outbox()).toMatchObject({ snapshots: 1, items: 10 });
      expect((await readdir(join(data, 'backup', 'fallback'))).length).toBe(10);
      expect(backups.runs.list().runs[0]).toMatchObject({ kind: 'backup', outcome: 'pending', snapshotId: run.runId });
      // The server did store (and charge for) the quilt: the flush stores it again and gets a location.
      expect(server.requestLog().some((e) => e.method === 'PUT' && e.path.startsWith('/v1/quilts') && e.status === 200)).toBe(true);

      await server.faults.clear();
      const flushed = await backups.flushOutbox();
      expect(flushed).toMatchObject({ pending: 0, completed: [expect.any(String)] });
      expect(backups.db.snapshot(run.runId)).toMatchObject({ state: 'complete', uploadedItems: 10 });
      expect(await readdir(join(data, 'backup', 'fallback'))).toEqual([]);
      expect(backups.runs.list().runs[0]).toMatchObject({ kind: 'flush', outcome: 'ok', uploadedItems: 10, snapshotId: flushed.completed[0] });

      const target = join(root, `restored-${kind}`);
      await restoreSnapshot({ walrus, keys }, flushed.completed[0] as string, { dataDir: target, target: 'new' });
      expect(await searchAll(target)).toEqual(await searchAll(data));
    } finally {
      await server.faults.clear();
      backups.close();
    }
  });

  it('keeps the snapshot pending when only the manifest store is unconfirmed', async () => {
    const keys = testKeys();
    const data = join(root, 'manifest');
    await ingestCorpus(data, join(root, 'docs-manifest'));
    const backups = engine(data, walrus, keys);
    try {
      await server.faults.set([{ route: 'storeBlob', kind: 'corrupt' }, { route: 'readBlob', kind: 'error', status: 503 }]);
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'pending', uploadedItems: 10 });
      expect(backups.outbox()).toMatchObject({ snapshots: 1, items: 0 });
      await server.faults.clear();
      const flushed = await backups.flushOutbox();
      expect(flushed.completed).toHaveLength(1);
      expect(backups.db.snapshot(run.runId)).toMatchObject({ state: 'complete', uploadedItems: 10 });
    } finally {
      await server.faults.clear();
      backups.close();
    }
  });

  it('still fails on a store the publisher refuses outright (not a transport problem)', async () => {
    const keys = testKeys();
    const data = join(root, 'refused');
    await ingestCorpus(data, join(root, 'docs-refused'));
    const backups = engine(data, walrus, keys, { epochs: 500 }); // beyond what the publisher accepts
    try {
      await expect(backups.backup()).rejects.toMatchObject({ code: expect.stringMatching(/remote_error|invalid_input/) });
      expect(backups.outbox().items).toBe(0);
      expect(backups.runs.list().runs[0]).toMatchObject({ kind: 'backup', outcome: 'failed', message: expect.any(String) });
    } finally {
      backups.close();
    }
  });
});
