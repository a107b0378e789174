// Reading backups back at 1000 shards (mainnet's and testnet's count), counted in the local server's
// request log: a new machine finds its snapshots reading only manifests (never an item quilt), a restore
// reads each stored object at most once (whole quilts, cut locally), and once some storage has ended,
// verify and restore on a restarted client say "expired" (the epoch comes from the network) in one sentence.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverSnapshots } from '../../../src-main/backup/discover.ts';
import { fetchManifest } from '../../../src-main/backup/fetch.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { verifySnapshot } from '../../../src-main/backup/verify.ts';
import { chainConfigFor } from '../../../src-main/wallet/chain-config.ts';
import { listOwnedBlobObjects } from '../../../src-main/wallet/owned-blobs.ts';
import { parseQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { readWalrusNetworkState } from '../../../src-main/walrus/network-state.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { ADDRESS, engine, ingestCorpus, library, searchAll, testKeys } from './backup-fixtures.ts';

const SHARDS = 1000;
const DOCS = 12;
const FILES = Object.fromEntries(
  Array.from({ length: DOCS }, (_, i) => [`note-${i}.txt`, `Note ${i}\n\nThe ${['river', 'garden', 'honey', 'lantern'][i % 4]} keeps entry ${i} about ${['bread', 'violin', 'harbor'][i % 3]} safe.\n`]),
);

let root: string;
let server: WalrusLocal;
const keys = testKeys();
const chain = () => chainConfigFor({ suiNetwork: 'testnet', suiRpcUrl: server.url });
const network = () => readWalrusNetworkState({ url: chain().rpcUrl }, chain().stakingObjectId);
/** A client with nothing remembered, as after a restart or on a new machine. */
const freshClient = (): WalrusClient => createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, retry: { retries: 0 } });
const blobGets = () => server.requestLog().filter((e) => e.method === 'GET' && e.template === '/v1/blobs/{blob_id}');
const patchGets = () => server.requestLog().filter((e) => e.method === 'GET' && e.template?.includes('quilt'));

let first: string;
let second: string;
let firstQuilts: string[];
let firstEndEpoch: number;

beforeAll(async () => {
  root = await makeTempDir();
  server = await startWalrusLocal({ shards: SHARDS, fsync: false });
  const walrus = freshClient();
  const data = join(root, 'source');
  await ingestCorpus(data, join(root, 'docs'), FILES);
  // Small batches: the first snapshot's items go into several quilts. Items are reused down to their last epoch.
  const backups = engine(data, walrus, keys, { batchBytes: 8 * 1024, minRemainingEpochs: 0 });
  try {
    first = (await backups.backup()).snapshotId;
    const manifest = await fetchManifest(walrus, await keys.backupKeys(), first);
    firstQuilts = [...new Set(manifest.items.map((i) => (i.location.type === 'patch' ? parseQuiltPatchId(i.location.patchId).quiltId : '')))];
    firstEndEpoch = Math.min(...manifest.items.map((i) => i.endEpoch));
    // Two epochs on, one document changes: the second snapshot stores it and references the rest.
    server.clock.advanceEpochs(2);
    await ingestCorpus(data, join(root, 'docs'), { 'note-3.txt': 'Note 3\n\nRewritten: the orchard and the falcon.\n' });
    second = (await backups.backup()).snapshotId;
  } finally {
    backups.close();
    await walrus.close();
  }
}, 240_000);
afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('reading backups back at 1000 shards', () => {
  it('a new machine finds its snapshots reading the manifests only, never an item quilt', async () => {
    expect(firstQuilts.length).toBeGreaterThanOrEqual(2);
    const owned = await listOwnedBlobObjects(chain(), ADDRESS);
    const walrus = freshClient();
    try {
      server.clearRequestLog();
      const found = await discoverSnapshots({ walrus, keys: await keys.backupKeys(), network }, owned);
      expect(found.snapshots.map((s) => s.snapshotId).sort()).toEqual([first, second].sort());
      expect(found).toMatchObject({ unreadable: [], warning: null });
      expect(blobGets().map((e) => e.path.split('/').pop()).sort()).toEqual([first, second].sort());
      expect(blobGets().every((e) => !firstQuilts.includes(e.path.split('/').pop() ?? ''))).toBe(true);
      const manifestBytes = owned.filter((o) => o.blobId === first || o.blobId === second).reduce((sum, o) => sum + o.size, 0);
      expect(server.requestLog().reduce((sum, e) => sum + e.bytesOut, 0)).toBe(manifestBytes);
    } finally {
      await walrus.close();
    }
  });

  it('a manifest read that fails once is read again: no snapshot goes missing from the list', async () => {
    const owned = await listOwnedBlobObjects(chain(), ADDRESS);
    const walrus = freshClient();
    try {
      // Before: the failed read counted as "not a snapshot" and the list showed 1 of 2 as if complete.
      await server.faults.set([{ route: 'readBlob', kind: 'error', status: 503, times: 1 }, { route: 'readBlob', kind: 'reset', times: 1 }]);
      server.clearRequestLog();
      const found = await discoverSnapshots({ walrus, keys: await keys.backupKeys(), network }, owned);
      expect(found.snapshots.map((s) => s.snapshotId).sort()).toEqual([first, second].sort());
      expect(found).toMatchObject({ unreadable: [], warning: null });
      expect(blobGets().filter((e) => e.fault !== undefined)).toHaveLength(2);
    } finally {
      await server.faults.clear();
      await walrus.close();
    }
  });

  it('a manifest that still cannot be read is reported with what to do, never silently left out', async () => {
    const owned = await listOwnedBlobObjects(chain(), ADDRESS);
    const walrus = freshClient();
    const size = (blobId: string) => owned.find((o) => o.blobId === blobId)?.size;
    try {
      server.blocklist.block(first);
      const one = await discoverSnapshots({ walrus, keys: await keys.backupKeys(), network }, owned);
      expect(one.snapshots.map((s) => s.snapshotId)).toEqual([second]);
      expect(one.unreadable).toEqual([{ blobId: first, size: size(first), message: expect.stringMatching(/451.*blocked/) }]);
      expect(one.warning).toMatch(/^1 blob of your wallet that may be a snapshot could not be read from Walrus \(.*451.*\)\. Some snapshots may be missing from this list: check the connection and search again\.$/);
      server.blocklist.unblock(first);

      await server.faults.set([{ route: 'readBlob', kind: 'error', status: 503 }]);
      server.clearRequestLog();
      const none = await discoverSnapshots({ walrus, keys: await keys.backupKeys(), network }, owned);
      expect(none.snapshots).toEqual([]);
      expect(none.unreadable.map((u) => u.blobId).sort()).toEqual([first, second].sort());
      expect(none.warning).toMatch(/^2 blobs of your wallet that may be snapshots could not be read from Walrus \(first: .*503.*\)\. Some snapshots may be missing/);
      expect(blobGets()).toHaveLength(6); // each read three times
    } finally {
      server.blocklist.unblock(first);
      await server.faults.clear();
      await walrus.close();
    }
  });

  it('a restore reads each stored object once, whole, and the library answers as before', async () => {
    const walrus = freshClient();
    const dataDir = join(root, 'restored');
    try {
      server.clearRequestLog();
      const result = await restoreSnapshot({ walrus, keys, network }, second, { dataDir, target: 'new' });
      expect(result.documents).toBe(DOCS);
    } finally {
      await walrus.close();
    }
    const ids = blobGets().map((e) => e.path.split('/').pop());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([second, ...firstQuilts]));
    expect(patchGets()).toHaveLength(0);
    const lib = await library(dataDir);
    try {
      expect(lib.stats().documents).toBe(DOCS);
    } finally {
      await lib.close();
    }
    expect(await searchAll(dataDir)).toEqual(await searchAll(join(root, 'source')));
  });

  it('after a restart, verify and restore say which items expired and when, in one sentence', async () => {
    server.clock.advanceEpochs(firstEndEpoch - server.clock.currentEpoch());
    const total = DOCS * 2;
    const expired = total - 2; // all but the changed document's two items, stored again by the second snapshot
    const walrus = freshClient();
    try {
      const verified = await verifySnapshot({ walrus, keys, network }, second, { all: true });
      expect(verified.failures).toHaveLength(expired);
      expect(verified.failures.every((f) => f.reason === 'expired' && f.endEpoch === firstEndEpoch)).toBe(true);
      expect(verified.summary).toBe(`${expired} of ${total} items expired at epoch ${firstEndEpoch} (epoch ${firstEndEpoch} has begun).`);
      await expect(restoreSnapshot({ walrus, keys, network }, second, { dataDir: join(root, 'too-late'), target: 'new' })).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(new RegExp(`^${expired} of ${total} items expired at epoch ${firstEndEpoch} \\(epoch ${firstEndEpoch} has begun\\)\\. The current library is unchanged`)),
      });
    } finally {
      await walrus.close();
    }
    // Without the network's word, a restarted client cannot tell: the same items are only "not found".
    const unaware = freshClient();
    try {
      const verified = await verifySnapshot({ walrus: unaware, keys }, second, { all: true });
      expect(verified.failures.map((f) => f.reason)).toEqual(Array(expired).fill('not_found'));
      expect(verified.summary).toMatch(new RegExp(`^${expired} of ${total} items not found: the (record|file) of document \\d+, .* and ${expired - 3} more\\.$`));
    } finally {
      await unaware.close();
    }
  });
});
