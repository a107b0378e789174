// Back up a real library to the local Walrus server, wipe it, restore it: the documents come back byte
// for byte and every query answers exactly as before. What the server stored never shows plaintext.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { verifySnapshot } from '../../../src-main/backup/verify.ts';
import { library as openLib } from './backup-fixtures.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import { ADDRESS, CORPUS, engine, ingestCorpus, plaintextNeedles, searchAll, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

describe('backup and restore against the local Walrus server', () => {
  it('restores documents byte for byte and answers every query as the original did', async () => {
    const keys = testKeys();
    const data = join(root, 'a');
    const docs = join(root, 'docs-a');
    await ingestCorpus(data, docs);
    const before = await searchAll(data);
    expect((before as unknown[][]).every((r) => r.length > 0)).toBe(true);

    const backups = engine(data, walrus, keys);
    const first = await backups.backup();
    expect(first.state).toBe('complete');
    expect(first.documents).toBe(5);
    expect(first.uploadedItems).toBe(10); // a record and the original file per document
    expect(first.referencedItems).toBe(0);
    expect(first.snapshotId).toBe(first.manifestBlobId);
    // The wallet owns what was stored: the quilt(s) and the manifest blob.
    const owned = server.objects.listByOwner(ADDRESS);
    expect(owned.map((o) => o.blobId)).toContain(first.manifestBlobId);
    expect(owned.length).toBeGreaterThanOrEqual(2);
    backups.close();

    // A fresh machine: nothing but the keys and the snapshot id.
    await rm(data, { recursive: true, force: true });
    await rm(docs, { recursive: true, force: true });
    const fresh = join(root, 'fresh');
    const restored = await restoreSnapshot({ walrus, keys }, first.snapshotId, { dataDir: fresh, target: 'new' });
    expect(restored).toMatchObject({ documents: 5, withoutContent: 0 });

    const lib = await openLib(fresh);
    try {
      const { documents } = lib.documents({ limit: 100 });
      expect(documents.map((d) => d.title).sort()).toHaveLength(5);
      for (const d of documents) {
        const name = d.path.split('/').at(-1) as string;
        expect(await readFile(d.path, 'utf8')).toBe(CORPUS[name]);
      }
    } finally {
      await lib.close();
    }
    expect(await searchAll(fresh)).toEqual(before);

    const verified = await verifySnapshot({ walrus, keys }, first.snapshotId, { all: true });
    expect(verified).toMatchObject({ total: 10, checked: 10, failures: [] });
  });

  it('stores nothing the server could read: no text, no file names', async () => {
    const needles: Buffer[] = [];
    for await (const n of plaintextNeedles()) needles.push(Buffer.from(n));
    needles.push(Buffer.from('honey'), Buffer.from('Sourdough'));
    let scanned = 0;
    for await (const bytes of server.storedBytes()) {
      const buf = Buffer.from(bytes);
      scanned++;
      for (const needle of needles) expect(buf.includes(needle), `stored bytes contain ${needle.toString()}`).toBe(false);
    }
    expect(scanned).toBeGreaterThan(3);
  });

  it('refuses a restore with another wallet\'s keys: an authentication error, never garbage', async () => {
    const data = join(root, 'b');
    await ingestCorpus(data, join(root, 'docs-b'), { 'one.txt': 'A single short note about lighthouses and foghorns.\n' });
    const backups = engine(data, walrus, testKeys());
    const run = await backups.backup();
    backups.close();
    await expect(restoreSnapshot({ walrus, keys: testKeys() }, run.snapshotId, { dataDir: join(root, 'c'), target: 'new' })).rejects.toThrow(/authentication/);
  });
});
