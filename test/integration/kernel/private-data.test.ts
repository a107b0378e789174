// The data directory is the user's alone: everything PDW creates in it (catalog and its -wal/-shm, index
// files, settings, keystore, uploads, backup history) is 0600 in 0700 folders, and what an older version
// left readable by others is tightened at start. Real app, real files; modes are POSIX only.
import { chmod, lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PdwApp } from '../../../src-main/app.ts';
import { preparePrivateDataDir } from '../../../src-main/kernel/fs/private-data.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

let dataDir: string;

beforeAll(async () => {
  await bundledEmbedder(); // the word vectors, converted once into the shared test cache
  dataDir = join(await makeTempDir('pdw-private-'), 'data');
});
afterAll(async () => {
  await rm(join(dataDir, '..'), { recursive: true, force: true });
});

/** Every folder and file under `dir` (itself included) with its permission bits. */
async function modes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>([[dir, (await lstat(dir)).mode & 0o777]]);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    found.set(path, (await lstat(path)).mode & 0o777);
  }
  return found;
}

const open = async () => {
  const app = await createApp({ mode: 'web', dataDir, env: { PDW_CACHE_DIR: TEST_CACHE_DIR }, log: silentLogger, walrusProbeIntervalMs: 0 });
  await app.start();
  return app;
};

async function useEverything(app: PdwApp): Promise<void> {
  const call = async (name: string, input: unknown) => {
    const result = await app.dispatch(name, input, { transport: 'http' });
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as Record<string, unknown>;
  };
  await call('settings.update', { theme: 'dark' });
  await call('wallet.create', { words: 12, passphrase: 'orchard passphrase' });
  await call('backup.snapshots', {}); // opens the backup history
  const { jobId } = await call('library.ingestUpload', { files: [{ name: 'ledger.txt', contentBase64: Buffer.from('Orchard ledger: apples and pears.').toString('base64') }] });
  let state: unknown;
  do {
    await new Promise((r) => setTimeout(r, 20)); // the job runs on this event loop
    state = (await call('job.result', { jobId })).state;
  } while (state === 'running');
  expect(state).toBe('succeeded');
}

describe.skipIf(process.platform === 'win32')('the data directory', () => {
  it('is created private to the user, with everything PDW writes in it', async () => {
    const app = await open();
    await useEverything(app);
    const found = await modes(dataDir);
    await app.stop();
    const names = [...found.keys()].map((p) => p.slice(dataDir.length + 1));
    // What this covers: the catalog with its write-ahead log, settings, the keystore, the upload and the backup history.
    expect(names.some((n) => n.endsWith('catalog.sqlite-wal'))).toBe(true);
    for (const name of ['catalog.sqlite', 'settings.json', 'ledger.txt', 'keystore', 'backup.sqlite']) expect(names.some((n) => n.includes(name))).toBe(true);
    const readableByOthers = [...found].filter(([, mode]) => (mode & 0o077) !== 0).map(([path, mode]) => `${path.slice(dataDir.length)} ${mode.toString(8)}`);
    expect(readableByOthers).toEqual([]);
  });

  it('is tightened at start where an older version left it readable by others', async () => {
    for (const [path] of await modes(dataDir)) {
      const isDir = (await lstat(path)).isDirectory();
      await chmod(path, isDir ? 0o755 : 0o644);
    }
    const app = await open();
    const found = await modes(dataDir);
    // Asked while the app runs: SQLite removes its -shm and -wal files when the last connection closes.
    const dirs = new Set<string>();
    for (const [path] of found) if ((await lstat(path)).isDirectory()) dirs.add(path);
    await app.stop();
    expect(found.size).toBeGreaterThan(5);
    for (const [path, mode] of found) {
      const isDir = dirs.has(path);
      expect(`${path.slice(dataDir.length)} ${mode.toString(8)}`).toBe(`${path.slice(dataDir.length)} ${(isDir ? 0o700 : 0o600).toString(8)}`);
    }
  });

  it('leaves alone a folder given by mistake that holds no PDW data, and modes on Windows (profile ACLs)', async () => {
    const other = join(dataDir, '..', 'documents');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'shared notes', { mode: 0o644 });
    await chmod(join(other, 'notes.txt'), 0o644);
    expect(await preparePrivateDataDir(other)).toEqual({ tightened: [], failed: [] });
    expect((await lstat(join(other, 'notes.txt'))).mode & 0o777).toBe(0o644);

    await chmod(join(dataDir, 'settings.json'), 0o644);
    expect(await preparePrivateDataDir(dataDir, undefined, 'win32')).toEqual({ tightened: [], failed: [] });
    expect((await lstat(join(dataDir, 'settings.json'))).mode & 0o777).toBe(0o644);
    expect((await preparePrivateDataDir(dataDir)).tightened).toEqual([join(dataDir, 'settings.json')]);
  });
});
