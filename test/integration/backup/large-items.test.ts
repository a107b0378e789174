// A document over the publisher's 10 MiB request limit: its sealed items are stored as parts (each under the
// limit) against the local Walrus server with its default limits, listed in the manifest in order, and joined
// on restore and verify; parts swapped, missing or repeated fail authentication.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchItem, fetchManifest } from '../../../src-main/backup/fetch.ts';
import type { ManifestItem } from '../../../src-main/backup/manifest.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { verifySnapshot } from '../../../src-main/backup/verify.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { engine, ingestCorpus, library, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

const MiB = 1024 * 1024;
/** Ingesting, backing up, restoring and verifying 15 MiB took 82–88 s at load 9–11 on two cores. */
const LARGE_ITEM_TIMEOUT_MS = 240_000;

/** ~15 MiB of random words: deflate cannot shrink it under the limit. */
function incompressibleText(bytes: number): string {
  const lines: string[] = [];
  for (let size = 0; size < bytes; ) {
    const line = (randomBytes(48).toString('base64').match(/.{1,8}/g) as string[]).join(' ');
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

describe('items larger than one request', () => {
  const keys = testKeys();
  const data = () => join(root, 'lib');
  let snapshotId = '';
  let parted: ManifestItem[] = [];

  it('stores a 15 MiB document as parts under the 10 MiB limit and restores it byte for byte', async () => {
    const docs = join(root, 'docs');
    await ingestCorpus(data(), docs);
    await mkdir(docs, { recursive: true });
    const bigPath = join(docs, 'big.txt');
    await writeFile(bigPath, incompressibleText(15 * MiB));
    const lib = await library(data());
    await lib.ingest([bigPath]);
    await lib.close();

    const backups = engine(data(), walrus, keys);
    try {
      server.clearRequestLog();
      const run = await backups.backup();
      expect(run).toMatchObject({ state: 'complete', items: 12, uploadedItems: 12 });
      snapshotId = run.snapshotId;
      const puts = server.requestLog().filter((e) => e.method === 'PUT');
      expect(puts.every((e) => e.status === 200 && e.bytesIn <= 10 * MiB)).toBe(true);

      const manifest = await fetchManifest(walrus, await keys.backupKeys(), snapshotId);
      expect(manifest.format).toBe('pdw-snapshot/v2');
      parted = manifest.items.filter((i) => i.location.type === 'parts');
      expect(parted.map((i) => i.kind).sort()).toEqual(['content', 'document']); // the file and its record (chunks, vectors)
      for (const item of parted) {
        const parts = item.location.type === 'parts' ? item.location.parts : [];
        expect(parts.length).toBeGreaterThanOrEqual(2);
        expect(parts.every((p) => p.size <= 8 * MiB)).toBe(true);
        expect(parts.reduce((s, p) => s + p.size, 0)).toBe(item.storedSize);
      }
    } finally {
      backups.close();
    }

    const target = join(root, 'restored');
    const restored = await restoreSnapshot({ walrus, keys }, snapshotId, { dataDir: target, target: 'new' });
    expect(restored.documents).toBe(6);
    const restoredLib = await library(target);
    try {
      const doc = restoredLib.documents({ limit: 10 }).documents.find((d) => d.path.endsWith('big.txt'));
      expect(doc).toBeDefined();
      expect((await readFile(doc?.path as string)).equals(await readFile(bigPath))).toBe(true);
    } finally {
      await restoredLib.close();
    }
    expect((await verifySnapshot({ walrus, keys }, snapshotId, { all: true })).failures).toEqual([]);
  }, LARGE_ITEM_TIMEOUT_MS);

  it('refuses parts reordered, missing or repeated (one tag covers the joined item)', async () => {
    const item = parted.find((i) => i.kind === 'content') as ManifestItem;
    const parts = item.location.type === 'parts' ? item.location.parts : [];
    const forged = (p: typeof parts): ManifestItem => ({ ...item, location: { type: 'parts', parts: p } });
    const backupKeys = await keys.backupKeys();
    await expect(fetchItem(walrus, backupKeys, forged([...parts].reverse()))).rejects.toThrow(/failed authentication|not a PDW encrypted object/);
    await expect(fetchItem(walrus, backupKeys, forged(parts.slice(0, -1)))).rejects.toThrow(/failed authentication/);
    await expect(fetchItem(walrus, backupKeys, forged([...parts, parts[0] as (typeof parts)[number]]))).rejects.toThrow(/failed authentication/);
    expect((await fetchItem(walrus, backupKeys, item)).byteLength).toBe(item.size);
  });

  it('renews each part of a kept snapshot', async () => {
    let now = Date.now();
    const backups = engine(data(), walrus, keys, { epochMs: 3_600_000, now: () => now });
    try {
      server.clock.advanceEpochs(2);
      now += 2 * 3_600_000;
      const partCount = parted.reduce((n, i) => n + (i.location.type === 'parts' ? i.location.parts.length : 0), 0);
      const renewed = await backups.renew();
      expect(renewed.failures).toEqual([]);
      expect(renewed.renewed).toBe(partCount + 1 /* the corpus quilt */ + 1 /* the manifest */);
    } finally {
      backups.close();
    }
  });
});
