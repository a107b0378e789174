// A manifest over the part size (at the default sizes, a library of about 80k documents): it is stored
// in parts under a small root whose blob id is the snapshot id, against the local Walrus server. Restore,
// discovery and renewal go through the root; parts reordered or missing are refused, never read as a manifest.
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverSnapshots } from '../../../src-main/backup/discover.ts';
import { fetchManifest } from '../../../src-main/backup/fetch.ts';
import { MANIFEST_ROOT_FORMAT, openManifestBlob, sealManifest, type ManifestRoot } from '../../../src-main/backup/manifest.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { parseQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { OwnedBlobObject } from '../../../src-main/wallet/owned-blobs.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { engine, library, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

const NOTES = 150;
/** Items stay far below these; the manifest of 300 items, sealed (about 30 KB), does not. */
const SIZES = { largeItemBytes: 8 * 1024, partBytes: 6 * 1024 };

const owned = (blobId: string, size: number): OwnedBlobObject => ({
  objectId: `0x${blobId.length.toString(16).padStart(64, '0')}`,
  blobId,
  size,
  registeredEpoch: 1,
  certifiedEpoch: 1,
  startEpoch: 1,
  endEpoch: 100,
  deletable: true,
});

describe('a manifest larger than one blob', () => {
  const keys = testKeys();
  const data = () => join(root, 'lib');
  let snapshotId = '';
  let manifestRoot: ManifestRoot;

  it('is stored as parts under a root named by the snapshot id, and restores every document', async () => {
    const docs = join(root, 'notes');
    await mkdir(docs, { recursive: true });
    for (let i = 0; i < NOTES; i++) await writeFile(join(docs, `note-${i}.txt`), `Note ${i}: the lighthouse keeper logged ${i * 7} ships in fog.`);
    const lib = await library(data());
    await lib.ingest([docs]);
    await lib.close();

    const backups = engine(data(), walrus, keys, SIZES);
    try {
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'complete', items: 2 * NOTES });
      snapshotId = run.snapshotId;
    } finally {
      backups.close();
    }

    const backupKeys = await keys.backupKeys();
    const opened = openManifestBlob(backupKeys.manifest, await walrus.retrieveBlob(snapshotId));
    if (!('root' in opened)) throw new Error('the snapshot id names the whole manifest, not a root');
    manifestRoot = opened.root;
    expect(manifestRoot).toMatchObject({ format: MANIFEST_ROOT_FORMAT, stats: { documents: NOTES } });
    expect(manifestRoot.parts.length).toBeGreaterThanOrEqual(2);
    expect(manifestRoot.parts.every((p) => p.size <= SIZES.partBytes)).toBe(true);

    const manifest = await fetchManifest(walrus, backupKeys, snapshotId);
    expect(manifest.items).toHaveLength(2 * NOTES);
    expect(manifest.runId).toBe(manifestRoot.runId);

    const target = join(root, 'restored');
    const restored = await restoreSnapshot({ walrus, keys }, snapshotId, { dataDir: target, target: 'new' });
    expect(restored.documents).toBe(NOTES);
    const restoredLib = await library(target);
    try {
      const hits = await restoredLib.search('lighthouse keeper 343 ships', { mode: 'keyword' });
      expect(hits[0]?.path).toMatch(/note-49\.txt$/);
    } finally {
      await restoredLib.close();
    }
  });

  it('is found from the wallet by its root alone; the parts are skipped like any other blob', async () => {
    const blobs = [owned(snapshotId, 2048), ...manifestRoot.parts.map((p) => owned(p.blobId, p.size))];
    const found = await discoverSnapshots({ walrus, keys: await keys.backupKeys() }, blobs);
    expect(found).toEqual({ snapshots: [expect.objectContaining({ snapshotId, documents: NOTES })], unreadable: [], warning: null });
  });

  it('is refused when the root lists its parts reordered or one short', async () => {
    const backupKeys = await keys.backupKeys();
    const forged = async (parts: ManifestRoot['parts']) => (await walrus.storeBlob(sealManifest(backupKeys.manifest, { ...manifestRoot, parts }))).blobId;
    const [first, second, ...rest] = manifestRoot.parts;
    if (!first || !second) throw new Error('fewer than two parts');
    await expect(fetchManifest(walrus, backupKeys, await forged([second, first, ...rest]))).rejects.toThrow(/failed authentication|not a PDW/);
    await expect(fetchManifest(walrus, backupKeys, await forged(manifestRoot.parts.slice(0, -1)))).rejects.toThrow(/failed authentication/);
  });

  it('renews the root and each part with the snapshot', async () => {
    let now = Date.now();
    const backups = engine(data(), walrus, keys, { ...SIZES, epochMs: 3_600_000, now: () => now });
    try {
      server.clock.advanceEpochs(2);
      now += 2 * 3_600_000;
      const renewed = await backups.renew();
      expect(renewed.failures).toEqual([]);
      // Every object the snapshot needs: the item quilts, the root and the parts.
      const { items } = await fetchManifest(walrus, await keys.backupKeys(), snapshotId);
      const quilts = new Set(items.map((i) => (i.location.type === 'patch' ? parseQuiltPatchId(i.location.patchId).quiltId : i.location.type))).size;
      expect(renewed.renewed).toBe(quilts + 1 + manifestRoot.parts.length);
    } finally {
      backups.close();
    }
  });

  it('stays one blob when it fits in one part, whatever the large-item size', async () => {
    // One more note, so the backup has a new manifest to store (an unchanged library stores none).
    const note = join(root, 'notes', `note-${NOTES}.txt`);
    await writeFile(note, 'One more note: the fog lifted at noon.');
    const lib = await library(data());
    await lib.ingest([note]);
    await lib.close();
    const backups = engine(data(), walrus, keys, { largeItemBytes: 8 * 1024, partBytes: 256 * 1024 });
    try {
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'complete', unchanged: false });
      const opened = openManifestBlob((await keys.backupKeys()).manifest, await walrus.retrieveBlob(run.snapshotId));
      expect('manifest' in opened && opened.manifest.items.length).toBe(2 * (NOTES + 1));
    } finally {
      backups.close();
    }
  });
});
