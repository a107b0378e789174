// kill -9 during a restore into a fresh data folder, at seeded points: the folder holds no half-restored
// library, and restoring again completes with every document, its file and one vector per chunk, reading
// only what the killed run had not. kill -9 at each step of a replace's library swap: the next open (or
// restore) ends with the whole restored library, never none, and no leftover folders.
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src-main/app.ts';
import { BackupEngine } from '../../../src-main/backup/engine.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { recoverLibrarySwap } from '../../../src-main/library/library-swap.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { integrityCheck, openCrashLibrary, runChild, seeded, writeCorpus } from './crash-fixtures.ts';

const FILES = 30;
const SHARDS = 10;
const rootBytes = randomBytes(32);
const keys = deriveBackupKeys(rootBytes);
const provider = { backupKeys: async () => keys, address: () => `0x${'cd'.repeat(32)}` };
let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;
let snapshotId: string;
let original: Map<string, string>;

beforeAll(async () => {
  root = await makeTempDir();
  server = await startWalrusLocal({ shards: SHARDS, fsync: false });
  walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS });
  const source = join(root, 'source');
  const library = await openCrashLibrary(source);
  try {
    await library.ingest(await writeCorpus(join(root, 'docs'), FILES));
    original = new Map(library.documents({ limit: 1000 }).documents.map((d) => [d.path, d.hash]));
  } finally {
    await library.close();
  }
  const engine = BackupEngine.open({ dataDir: source, walrus: () => walrus, keys: provider, epochs: 3 });
  try {
    snapshotId = (await engine.backup()).snapshotId;
  } finally {
    engine.close();
  }
});
afterAll(async () => {
  await walrus.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('restore killed with SIGKILL', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: restoring again completes and is correct`, async () => {
      const random = seeded(seed);
      const killAfter = 2 + Math.floor(random() * (FILES * 2 - 10));
      const dataDir = join(root, `restore-${seed}`);
      const args = ['restore', dataDir, server.url, rootBytes.toString('hex'), String(SHARDS), snapshotId];
      const run = await runChild(args, (line) => (line.startsWith('progress ') && Number(line.slice(9)) >= killAfter ? Math.floor(random() * 10) : null));
      expect(run.killed).toBe(true);
      expect(run.lines).not.toContain('done');
      // Nothing half-restored was swapped in: the data folder has no library yet.
      expect((await readdir(dataDir)).filter((f) => f === 'library')).toEqual([]);

      server.clearRequestLog();
      const result = await restoreSnapshot({ walrus, keys: provider }, snapshotId, { dataDir, target: 'new' });
      expect(result.documents).toBe(FILES);
      // The killed run's staging folder was taken over: what it had committed is not read again.
      expect(server.requestLog().filter((e) => e.template?.includes('quilt')).length).toBeLessThanOrEqual(FILES * 2);
      // Nothing is left beside the library (no staging folder to fill the disk).
      expect(await readdir(dataDir)).toEqual(['library']);
      await expectRestored(dataDir);
    });
  }
});

describe('replace killed during its library swap', () => {
  for (const step of ['journaled', 'moved-aside', 'moved-in'] as const) {
    for (const reopen of ['library open', 'next restore'] as const) {
      it(`killed after "${step}": the ${reopen} finishes the swap`, async () => {
        const dataDir = join(root, `replace-${step}-${reopen.replace(' ', '-')}`);
        await ingestOldLibrary(dataDir);
        const args = ['restore', dataDir, server.url, rootBytes.toString('hex'), String(SHARDS), snapshotId, 'replace', step];
        const run = await runChild(args, () => null);
        expect(run.killed).toBe(true);
        expect(run.lines).toContain(`swap ${step}`);
        expect(await readdir(dataDir)).toContain('library.swap.json');
        if (step === 'moved-aside') expect(await readdir(dataDir)).not.toContain('library'); // the window that lost the library

        if (reopen === 'library open') expect(await recoverLibrarySwap(dataDir)).toBe('finished');
        else await restoreSnapshot({ walrus, keys: provider }, snapshotId, { dataDir, target: 'replace' });
        expect(await readdir(dataDir)).toEqual(['library']);
        await expectRestored(dataDir);
      });
    }
  }

  it('killed after "moved-aside": the app finishes the swap when it starts, before its backup services read the library', async () => {
    const dataDir = join(root, 'replace-app-start');
    await ingestOldLibrary(dataDir);
    const args = ['restore', dataDir, server.url, rootBytes.toString('hex'), String(SHARDS), snapshotId, 'replace', 'moved-aside'];
    expect((await runChild(args, () => null)).killed).toBe(true);
    const app = await createApp({ mode: 'cli', dataDir, env: { PDW_CACHE_DIR: TEST_CACHE_DIR }, log: silentLogger, walrusProbeIntervalMs: 0 });
    await app.start();
    try {
      expect((await readdir(dataDir)).filter((f) => f.startsWith('library'))).toEqual(['library']);
    } finally {
      await app.stop();
    }
    await expectRestored(dataDir);
  });

  it('without a journal (an older version killed between the renames), the library moved aside comes back', async () => {
    const dataDir = join(root, 'legacy-aside');
    await ingestOldLibrary(dataDir);
    await rename(join(dataDir, 'library'), join(dataDir, 'library.replaced-1700000000000'));
    expect(await recoverLibrarySwap(dataDir)).toBe('rolled back');
    expect(await readdir(dataDir)).toEqual(['library']);
    const library = await openCrashLibrary(dataDir);
    try {
      expect(library.stats().documents).toBe(3);
    } finally {
      await library.close();
    }
  });
});

describe('restore over an unreliable network', () => {
  const patchReads = () => server.requestLog().filter((e) => e.template?.includes('quilt'));
  /** Whole-object reads (quilts, and the manifest first). */
  const blobReads = () => server.requestLog().filter((e) => e.method === 'GET' && e.template === '/v1/blobs/{blob_id}');
  let noRetries: WalrusClient;
  let quilts: number;
  beforeAll(async () => {
    noRetries = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, retry: { retries: 0 } });
    server.clearRequestLog();
    await restoreSnapshot({ walrus: noRetries, keys: provider }, snapshotId, { dataDir: join(root, 'count'), target: 'new' });
    quilts = blobReads().length - 1;
    expect(patchReads()).toHaveLength(0);
    expect(quilts).toBe(Math.ceil((FILES * 2) / (SHARDS - Math.floor((SHARDS - 1) / 3) - 1)));
  });
  afterAll(async () => {
    await server.faults.clear();
    await noRetries.close();
  });

  it('Walrus gone midway: the restore fails, and the next one reads only what is missing', async () => {
    const dataDir = join(root, 'outage');
    let down = false;
    const failed = restoreSnapshot({ walrus: noRetries, keys: provider }, snapshotId, {
      dataDir,
      target: 'new',
      concurrency: 2,
      onProgress: (p) => {
        if (p.done >= 20 && !down) void server.faults.setDown((down = true));
      },
    });
    await expect(failed).rejects.toMatchObject({ code: 'unavailable' });
    expect((await readdir(dataDir)).filter((f) => f.startsWith('library'))).toEqual([expect.stringMatching(/^library\.restoring-stopped-/)]);

    await server.faults.clear();
    server.clearRequestLog();
    await restoreSnapshot({ walrus: noRetries, keys: provider }, snapshotId, { dataDir, target: 'new' });
    // The manifest, then only the quilts holding documents the first run did not finish.
    expect(blobReads().length - 1).toBeLessThan(quilts);
    expect(patchReads()).toHaveLength(0);
    expect(await readdir(dataDir)).toEqual(['library']);
    await expectRestored(dataDir);
  });

  it('a quilt corrupted in transit: the items it damaged are read again on their own, and the restore completes', async () => {
    const dataDir = join(root, 'corrupt-once');
    server.clearRequestLog();
    let armed = false;
    // One object at a time; the fault is set once the first quilt is read, so it hits a quilt, not the manifest.
    await restoreSnapshot({ walrus: noRetries, keys: provider }, snapshotId, {
      dataDir,
      target: 'new',
      concurrency: 1,
      onProgress: () => {
        if (armed) return;
        armed = true;
        void server.faults.add({ route: 'readBlob', kind: 'corrupt', times: 1 });
      },
    });
    expect(blobReads().filter((e) => e.fault === 'corrupt')).toHaveLength(1);
    expect(blobReads()).toHaveLength(quilts + 1);
    // A flipped byte spoils at most the one patch it falls in (none if it falls in padding).
    expect(patchReads().length).toBeLessThanOrEqual(1);
    await expectRestored(dataDir);
  });

  it('items bad on both reads fail the restore, which names how many; the others are kept for the next attempt', async () => {
    const dataDir = join(root, 'corrupt-twice');
    // Item by item, one at a time: the first document's two items are read, damaged, read again and damaged again.
    await server.faults.add({ route: 'readPatch', kind: 'corrupt', times: 4 });
    const failed = restoreSnapshot({ walrus: noRetries, keys: provider }, snapshotId, { dataDir, target: 'new', concurrency: 1, readBy: 'patch' });
    await expect(failed).rejects.toMatchObject({
      code: 'remote_error',
      message: expect.stringMatching(new RegExp(`^2 of ${FILES * 2} items damaged \\(failed authentication twice\\): the record of document \\d+, the file of document \\d+\\.`)),
    });
    expect(await readdir(dataDir)).not.toContain('library');

    server.clearRequestLog();
    await restoreSnapshot({ walrus: noRetries, keys: provider }, snapshotId, { dataDir, target: 'new' });
    // The manifest and the one quilt holding the two missing items.
    expect(blobReads()).toHaveLength(2);
    expect(patchReads()).toHaveLength(0);
    await expectRestored(dataDir);
  });
});

/** A library of 3 other documents in `dataDir`: what a replace replaces. */
async function ingestOldLibrary(dataDir: string): Promise<void> {
  const old = await openCrashLibrary(dataDir);
  try {
    await old.ingest(await writeCorpus(`${dataDir}-old-docs`, 3, 1));
  } finally {
    await old.close();
  }
}

/** The data folder holds the whole snapshot: every document, its file (same hash), one vector per chunk. */
async function expectRestored(dataDir: string): Promise<void> {
  expect(integrityCheck(dataDir)).toBe('ok');
  const library = await openCrashLibrary(dataDir);
  try {
    const stats = library.stats();
    expect(stats).toMatchObject({ documents: FILES, vectors: stats.chunks });
    const restoredUnder = join(dataDir, 'library', 'restored');
    for (const doc of library.documents({ limit: 1000 }).documents) {
      expect(original.get(doc.path.slice(restoredUnder.length))).toBe(doc.hash);
      expect(createHash('sha256').update(await readFile(doc.path)).digest('hex')).toBe(doc.hash);
    }
  } finally {
    await library.close();
  }
}
