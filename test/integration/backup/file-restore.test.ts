// Restoring some files of a snapshot, as files, at 1000 shards (mainnet's and testnet's count): a snapshot's
// files listed from its manifest alone (and from the records for manifests written before files were named),
// a folder restored into another folder keeping its name and tree, conflicts kept/skipped/replaced as chosen,
// a deleted file put back where it was, and two snapshots compared. The library itself is never touched.
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealManifest } from '../../../src-main/backup/manifest.ts';
import { fetchManifest } from '../../../src-main/backup/fetch.ts';
import { restoreFiles } from '../../../src-main/backup/file-restore.ts';
import type { RestoreDeps } from '../../../src-main/backup/restore.ts';
import { compareSnapshots } from '../../../src-main/backup/snapshot-compare.ts';
import { openSnapshot, snapshotDocuments } from '../../../src-main/backup/snapshot-files.ts';
import type { BackupEngine } from '../../../src-main/backup/engine.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { engine, library, testKeys } from './backup-fixtures.ts';

const SHARDS = 1000;
let root: string;
let docs: string;
let server: WalrusLocal;
let walrus: WalrusClient;
let backups: BackupEngine;
let deps: RestoreDeps;
let first: string;
let second: string;
const keys = testKeys();

const FILES: Record<string, string> = {
  'garden/tomatoes.md': '# Tomatoes\n\nTomatoes want sun and deep watering.\n',
  'garden/herbs/basil.txt': 'Basil likes warmth and hates the cold.\n',
  'kitchen/bread.txt': 'Bake the bread when the dough has doubled.\n',
  'kitchen/tea.txt': 'Green tea wants water at 80 degrees.\n',
};

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(docs, name, '..'), { recursive: true });
    await writeFile(join(docs, name), text);
  }
}

async function ingestAll(dataDir: string): Promise<void> {
  const lib = await library(dataDir);
  try {
    await lib.ingest([docs]);
    await lib.removeMissing();
  } finally {
    await lib.close();
  }
}

beforeAll(async () => {
  root = await makeTempDir();
  docs = join(root, 'docs');
  server = await startWalrusLocal({ shards: SHARDS, fsync: false });
  walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, retry: { retries: 0 } });
  const data = join(root, 'data');
  await write(FILES);
  await ingestAll(data);
  backups = engine(data, walrus, keys);
  first = (await backups.backup()).snapshotId;
  // The second snapshot: one file changed, one removed, one added.
  await write({ 'kitchen/bread.txt': 'Rye bread needs a sourdough starter.\n', 'notes/walrus.md': '# Walrus\n\nQuilts batch small files.\n' });
  await rm(join(docs, 'kitchen', 'tea.txt'));
  await ingestAll(data);
  second = (await backups.backup()).snapshotId;
  deps = { walrus, keys, db: backups.db };
}, 240_000);
afterAll(async () => {
  backups?.close();
  await walrus?.close();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const rel = (path: string) => path.slice(docs.length + 1);

describe('restoring files of a snapshot at 1000 shards', () => {
  it('lists the files from the manifest alone, and from the records of a manifest that does not name them', async () => {
    const opened = await openSnapshot(deps, first);
    const listed = await snapshotDocuments(deps, opened);
    expect(listed.map((d) => rel(d.path))).toEqual(['garden/herbs/basil.txt', 'garden/tomatoes.md', 'kitchen/bread.txt', 'kitchen/tea.txt']);
    expect(listed.every((d) => d.hash !== null && d.size > 0)).toBe(true);
    const tomatoes = listed.find((d) => d.path.endsWith('tomatoes.md'));
    expect(tomatoes?.modifiedAt).toBe((await stat(join(docs, 'garden/tomatoes.md'))).mtime.toISOString());

    // A manifest as written before files were named: the same list, read from the document records.
    const manifest = await fetchManifest(walrus, await keys.backupKeys(), first);
    const older = { ...manifest, items: manifest.items.map(({ file: _file, ...item }) => item) };
    const { blobId } = await walrus.storeBlob(sealManifest((await keys.backupKeys()).manifest, older), { epochs: 3 });
    const fromRecords = await snapshotDocuments(deps, await openSnapshot(deps, blobId));
    expect(fromRecords.map(({ record: _r, content: _c, ...f }) => f)).toEqual(listed.map(({ record: _r, content: _c, ...f }) => f));
  });

  it('restores a folder into another folder, keeping its name, tree, contents and dates', async () => {
    const target = join(root, 'restored');
    const result = await restoreFiles(deps, first, { paths: [join(docs, 'garden')], folder: target, conflict: 'keep-both' });
    expect(result).toMatchObject({ restored: 2, identical: 0, renamed: 0, failed: [] });
    expect(await readFile(join(target, 'garden/herbs/basil.txt'), 'utf8')).toBe(FILES['garden/herbs/basil.txt']);
    expect(await readFile(join(target, 'garden/tomatoes.md'), 'utf8')).toBe(FILES['garden/tomatoes.md']);
    expect((await stat(join(target, 'garden/tomatoes.md'))).mtime.toISOString()).toBe((await stat(join(docs, 'garden/tomatoes.md'))).mtime.toISOString());

    // Again: the same content is left alone; a file changed since is kept beside, skipped or replaced as chosen.
    await writeFile(join(target, 'garden/tomatoes.md'), 'my own edits');
    const again = await restoreFiles(deps, first, { paths: [join(docs, 'garden')], folder: target, conflict: 'keep-both' });
    expect(again).toMatchObject({ restored: 1, identical: 1, renamed: 1 });
    expect(await readFile(join(target, 'garden/tomatoes (restored).md'), 'utf8')).toBe(FILES['garden/tomatoes.md']);
    expect(await readFile(join(target, 'garden/tomatoes.md'), 'utf8')).toBe('my own edits');
    const skipped = await restoreFiles(deps, first, { paths: [join(docs, 'garden/tomatoes.md')], folder: join(target, 'garden'), conflict: 'skip' });
    expect(skipped).toMatchObject({ restored: 0, skipped: 1 });
    const replaced = await restoreFiles(deps, first, { paths: [join(docs, 'garden/tomatoes.md')], folder: join(target, 'garden'), conflict: 'replace' });
    expect(replaced).toMatchObject({ restored: 1, renamed: 0 });
    expect(await readFile(join(target, 'garden/tomatoes.md'), 'utf8')).toBe(FILES['garden/tomatoes.md']);
    expect((await readdir(join(target, 'garden'))).sort()).toEqual(['herbs', 'tomatoes (restored).md', 'tomatoes.md']);
  });

  it('puts a deleted file back where it was, from an older snapshot', async () => {
    const tea = join(docs, 'kitchen', 'tea.txt');
    await expect(stat(tea)).rejects.toThrow();
    const result = await restoreFiles(deps, first, { paths: [tea], folder: null, conflict: 'keep-both' });
    expect(result).toMatchObject({ target: null, restored: 1, failed: [] });
    expect(await readFile(tea, 'utf8')).toBe(FILES['kitchen/tea.txt']);
    await rm(tea);
  });

  it('says what a snapshot does not hold', async () => {
    await expect(restoreFiles(deps, first, { paths: [join(docs, 'nowhere')], folder: join(root, 'x'), conflict: 'skip' })).rejects.toThrow(/has no file or folder .*nowhere/);
    await expect(restoreFiles(deps, first, { paths: [join(docs, 'garden')], folder: 'relative/dir', conflict: 'skip' })).rejects.toThrow(/full path/);
  });

  it('compares two snapshots file by file', async () => {
    const [a, b] = await Promise.all([openSnapshot(deps, first), openSnapshot(deps, second)]);
    const diff = compareSnapshots(await snapshotDocuments(deps, a), await snapshotDocuments(deps, b));
    expect(diff.added.map((f) => rel(f.path))).toEqual(['notes/walrus.md']);
    expect(diff.removed.map((f) => rel(f.path))).toEqual(['kitchen/tea.txt']);
    expect(diff.changed.map((f) => rel(f.path))).toEqual(['kitchen/bread.txt']);
    expect(diff.unchanged).toBe(2);
  });
});
