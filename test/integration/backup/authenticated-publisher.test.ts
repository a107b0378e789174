// A backup written to an authenticated publisher at 1000 shards (mainnet's count): the local server with the
// official --jwt-* options, checking every claim. Each store carries its own token; the snapshot restores.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { ADDRESS, engine, ingestCorpus, searchAll, testKeys } from './backup-fixtures.ts';

const SECRET = '0x' + '7a'.repeat(32);
let root: string;
let server: WalrusLocal;
const clients: WalrusClient[] = [];
const client = (publisherJwt?: { secret: string; expiringSec: number }) => {
  const walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: 1000, retry: { retries: 1, minDelayMs: 10, maxDelayMs: 20 }, ...(publisherJwt ? { publisherJwt } : {}) });
  clients.push(walrus);
  return walrus;
};

beforeAll(async () => {
  root = await makeTempDir();
  server = await startWalrusLocal({ shards: 1000, fsync: false, jwt: { decodeSecret: SECRET, expiringSec: 60, verifyUpload: true } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('backup to an authenticated publisher at 1000 shards', () => {
  it('stores every object with its own token, owned by the wallet, and restores', { timeout: 180_000 }, async () => {
    const keys = testKeys();
    const data = join(root, 'data');
    await ingestCorpus(data, join(root, 'docs'));
    const walrus = client({ secret: SECRET, expiringSec: 60 });
    const backups = engine(data, walrus, keys);
    try {
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'complete', uploadedItems: 10 });
      const puts = server.requestLog().filter((e) => e.method === 'PUT');
      expect(puts.map((e) => e.status)).toEqual(puts.map(() => 200)); // no store refused, no token reused
      const owned = server.objects.listByOwner(ADDRESS);
      expect(owned.length).toBe(puts.length);
      expect(owned.every((o) => o.endEpoch - o.startEpoch === 3)).toBe(true); // the epochs claim matched the query

      const target = join(root, 'restored');
      await restoreSnapshot({ walrus, keys }, run.snapshotId, { dataDir: target, target: 'new' });
      expect(await searchAll(target)).toEqual(await searchAll(data));
    } finally {
      backups.close();
    }
  });

  it('fails without the secret, saying what to set, and keeps nothing half-done', { timeout: 60_000 }, async () => {
    const data = join(root, 'no-secret');
    await ingestCorpus(data, join(root, 'docs-no-secret'));
    const backups = engine(data, client(), testKeys());
    try {
      await expect(backups.backup()).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/WALRUS_PUBLISHER_JWT_SECRET/) });
      expect(backups.runs.list().runs[0]).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/token/) });
      expect(backups.outbox().items).toBe(0);
    } finally {
      backups.close();
    }
  });
});
