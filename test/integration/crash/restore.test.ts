// kill -9 during a restore into a fresh data folder, at seeded points: the folder holds no half-restored
// library, and restoring again completes with every document, its file and one vector per chunk.
import { readdir, readFile, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupEngine } from '../../../src-main/backup/engine.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../tools/walrus-local/index.ts';
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

      const result = await restoreSnapshot({ walrus, keys: provider }, snapshotId, { dataDir, target: 'new' });
      expect(result.documents).toBe(FILES);
      // The killed run's staging folder (a whole library) is gone, not left to fill the disk.
      expect(await readdir(dataDir)).toEqual(['library']);
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
    });
  }
});
