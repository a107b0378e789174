// What is stored is remembered per Walrus deployment: a library backed up to one local server and then pointed
// at another starts a fresh chain there (everything uploaded, nothing referenced from the first, the result says
// so), and its snapshot restores from the second server alone.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchManifest } from '../../../src-main/backup/fetch.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { parseQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { ADDRESS, engine, ingestCorpus, searchAll, SHARDS, testKeys } from './backup-fixtures.ts';

let root: string;
const servers: WalrusLocal[] = [];
const clients: WalrusClient[] = [];

beforeAll(async () => {
  root = await makeTempDir();
  for (let i = 0; i < 2; i++) servers.push(await startWalrusLocal({ shards: SHARDS, fsync: false }));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  if (root) await rm(root, { recursive: true, force: true });
});

const clientOf = (server: WalrusLocal) => {
  const client = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, network: 'localnet', retry: { retries: 1, minDelayMs: 10, maxDelayMs: 20 } });
  clients.push(client);
  return client;
};

describe('switching Walrus deployments', () => {
  it('starts a fresh chain on the new deployment, referencing nothing stored on the old one', { timeout: 120_000 }, async () => {
    const [first, second] = servers as [WalrusLocal, WalrusLocal];
    const [walrusA, walrusB] = [clientOf(first), clientOf(second)];
    const keys = testKeys();
    const data = join(root, 'data');
    await ingestCorpus(data, join(root, 'docs'));
    let current = walrusA;
    const backups = engine(data, current, keys, { runner: null });
    // The engine asks for the client on every use, as the app's settings-following one does.
    (backups.options as { walrus: () => WalrusClient }).walrus = () => current;
    try {
      const onA = await backups.backup();
      expect(onA).toMatchObject({ state: 'complete', uploadedItems: 10, referencedItems: 0 });
      expect(onA.newDeployment).toBeUndefined();
      expect(backups.hasChanges()).toBe(false);

      current = walrusB;
      // Nothing changed in the library, but nothing is on this deployment yet.
      expect(backups.hasChanges()).toBe(true);
      const onB = await backups.backup();
      expect(onB).toMatchObject({ state: 'complete', uploadedItems: 10, referencedItems: 0, newDeployment: walrusB.deployment });
      expect(backups.runs.list().runs[0]?.message).toMatch(/^First snapshot on this Walrus deployment \(localnet http:\/\/127\.0\.0\.1:\d+/);
      const manifest = await fetchManifest(walrusB, await keys.backupKeys(), onB.snapshotId);
      expect(manifest.parent).toBeNull();
      const blobsOn = (server: WalrusLocal) => new Set(server.objects.listByOwner(ADDRESS).map((o) => o.blobId));
      const [onFirst, onSecond] = [blobsOn(first), blobsOn(second)];
      for (const item of manifest.items) {
        const blobId = item.location.type === 'patch' ? parseQuiltPatchId(item.location.patchId).quiltId : JSON.stringify(item.location);
        expect(onSecond.has(blobId) && !onFirst.has(blobId)).toBe(true);
      }

      // The second deployment alone restores it.
      // A folder name sharing no word with the queries: paths are search evidence (the whole-document half).
      const target = join(root, 'restored-on-b');
      await restoreSnapshot({ walrus: walrusB, keys }, onB.snapshotId, { dataDir: target, target: 'new' });
      expect(await searchAll(target)).toEqual(await searchAll(data));

      // Back on B with nothing changed: nothing to do, and a new run references what B has.
      expect(backups.hasChanges()).toBe(false);
      const again = await backups.backup();
      expect(again).toMatchObject({ uploadedItems: 0, referencedItems: 10 });
      expect(again.newDeployment).toBeUndefined();

      // Back on A: its chain goes on from its own latest snapshot.
      current = walrusA;
      expect(backups.hasChanges()).toBe(false);
      const backOnA = await backups.backup();
      expect(backOnA.newDeployment).toBeUndefined();
      expect((await fetchManifest(walrusA, await keys.backupKeys(), backOnA.snapshotId)).parent).toBe(onA.snapshotId);
    } finally {
      backups.close();
    }
  });
});
