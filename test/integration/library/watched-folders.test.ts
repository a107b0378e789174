// Watched folders against a real library and the system's real file events: a folder is scanned when
// watched, then new, changed and deleted files reach the library within seconds; ignore rules hold; a pause
// holds changes back until resume; a restart rescans what changed while the app was closed.
import { mkdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WatchStatus } from '../../../src-shared/contract/watch.ts';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { FolderWatcher } from '../../../src-main/library/folder-watcher.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { WatchList } from '../../../src-main/library/watch-list.ts';
import { WatchRecords } from '../../../src-main/library/watch-records.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

let embedder: WordVectorEmbedder;
let root: string;
let notes: string;
let dataDir: string;
let library: Library;
let watcher: FolderWatcher | undefined;
let statuses: WatchStatus[];
/** Every path the watcher asked the library to read. */
let read: string[];

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  notes = join(root, 'notes');
  dataDir = join(root, 'data');
  await mkdir(join(notes, 'garden'), { recursive: true });
  await writeFile(join(notes, 'bees.txt'), 'Honey bees dance to tell the hive where the clover grows.');
  await writeFile(join(notes, 'garden', 'tomatoes.md'), '# Tomatoes\n\nTomatoes want sun, warmth and deep watering twice a week.');
  library = await openLibrary({ dataDir, embedder });
  statuses = [];
  read = [];
});
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
  await library.close();
  await rm(root, { recursive: true, force: true });
});

function startWatcher(): FolderWatcher {
  const target = {
    documentStamps: (folder: string) => library.documentStamps(folder),
    remove: (ids: readonly number[]) => library.remove(ids),
    ingest: (files: readonly string[]) => {
      read.push(...files);
      return library.ingest(files);
    },
  };
  watcher = new FolderWatcher({ list: new WatchList(dataDir), records: new WatchRecords(dataDir), library: async () => target, debounceMs: 100, maxDelayMs: 1_000, listPollMs: 100, onChange: (s) => statuses.push(s) });
  return watcher;
}

const paths = () => library.documents({ limit: 500 }).documents.map((d) => d.path.slice(notes.length + 1)).sort();

/** Waits until `check` holds (file events take a moment to arrive and settle). */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('watched folders', () => {
  it('scans a folder when it is watched, then follows new, changed, renamed and deleted files', async () => {
    const w = startWatcher();
    await w.start();
    await w.add(notes);
    await until(() => paths().length === 2, 'the folder was scanned');
    expect(paths()).toEqual(['bees.txt', 'garden/tomatoes.md']);

    await writeFile(join(notes, 'garden', 'compost.txt'), 'Compost turns kitchen scraps into dark crumbly soil.');
    await until(() => paths().includes('garden/compost.txt'), 'a new file was added');
    expect((await library.search('crumbly soil', { k: 1, mode: 'keyword' }))[0]?.path).toBe(join(notes, 'garden', 'compost.txt'));

    await writeFile(join(notes, 'bees.txt'), 'Bumblebees nest in the ground under old straw.');
    await until(async () => (await library.search('bumblebees straw', { k: 1, mode: 'keyword' }))[0]?.path === join(notes, 'bees.txt'), 'a changed file was read again');
    expect(await library.search('clover hive', { k: 5, mode: 'keyword' })).toEqual([]);

    await rename(join(notes, 'garden', 'tomatoes.md'), join(notes, 'garden', 'tomato-notes.md'));
    await until(() => paths().includes('garden/tomato-notes.md') && !paths().includes('garden/tomatoes.md'), 'a renamed file moved');

    await rm(join(notes, 'garden'), { recursive: true });
    await until(() => paths().length === 1 && w.status().folders[0]?.state === 'watching', 'deleted files were removed');
    expect(paths()).toEqual(['bees.txt']);
    const folder = w.status().folders[0];
    expect(folder).toMatchObject({ path: notes, state: 'watching', documents: 1, lastError: null });
    expect(folder?.lastChange?.removed).toBeGreaterThan(0);
  });

  it('leaves out what .pdwignore and hidden folders exclude, and follows a changed ignore file', async () => {
    await mkdir(join(notes, 'drafts'));
    await mkdir(join(notes, '.trash'));
    await writeFile(join(notes, 'drafts', 'secret-plan.txt'), 'A draft about the orchard.');
    await writeFile(join(notes, '.trash', 'old.txt'), 'Thrown away.');
    await writeFile(join(notes, '.pdwignore'), 'drafts/\n');
    const w = startWatcher();
    await w.start();
    await w.add(notes);
    await until(() => paths().length === 2, 'the folder was scanned');
    expect(paths()).toEqual(['bees.txt', 'garden/tomatoes.md']);

    await writeFile(join(notes, '.pdwignore'), 'garden/\n');
    await until(() => paths().includes('drafts/secret-plan.txt'), 'a file no longer ignored was added');
    // A file that became ignored but still exists stays: only files gone from disk leave the library.
    expect(paths()).toEqual(['bees.txt', 'drafts/secret-plan.txt', 'garden/tomatoes.md']);
  });

  it('holds changes back while paused and applies them on resume', async () => {
    const w = startWatcher();
    await w.start();
    await w.add(notes);
    await until(() => paths().length === 2, 'the folder was scanned');
    await w.setPaused(true);
    await until(() => w.status().folders[0]?.state === 'paused', 'the running pass ended');
    expect(w.status().paused).toBe(true);
    await writeFile(join(notes, 'paused.txt'), 'Written while the watch was paused.');
    await new Promise((r) => setTimeout(r, 600));
    expect(paths()).not.toContain('paused.txt');
    await w.setPaused(false);
    await until(() => paths().includes('paused.txt'), 'the resumed watch rescanned');
  });

  it('rescans at start what changed while the app was closed, and keeps a missing folder\'s documents', async () => {
    let w = startWatcher();
    await w.start();
    await w.add(notes);
    await until(() => paths().length === 2, 'the folder was scanned');
    await w.stop();

    await writeFile(join(notes, 'while-closed.txt'), 'Added while the app was closed.');
    await rm(join(notes, 'bees.txt'));
    w = startWatcher();
    await w.start();
    await until(() => paths().includes('while-closed.txt') && !paths().includes('bees.txt'), 'the restart rescanned');
    await w.stop();

    // An unmounted drive looks like a folder that is gone: its documents stay.
    await rename(notes, `${notes}-away`);
    w = startWatcher();
    await w.start();
    await until(() => w.status().folders[0]?.state === 'missing', 'the folder was reported missing');
    expect(paths()).toEqual(['garden/tomatoes.md', 'while-closed.txt']);
    expect(w.status().folders[0]?.lastError).toMatch(/stay in the library/);
  });

  it('reads only what changed, and does not retry a file that failed until it changes', async () => {
    const w = startWatcher();
    await w.start();
    await w.add(notes);
    await until(() => paths().length === 2, 'the folder was scanned');
    const broken = join(notes, 'broken.pdf');
    await writeFile(broken, '%PDF-1.7 this is not really a pdf');
    await until(() => w.status().folders[0]?.lastChange?.failed === 1, 'the broken file failed');
    expect(w.status().folders[0]?.lastError).toMatch(/1 file\(s\) could not be added/);
    await w.syncNow();
    expect(read.map((p) => p.slice(notes.length + 1))).toEqual(['bees.txt', 'garden/tomatoes.md', 'broken.pdf']);

    const { mtime } = await stat(broken);
    await writeFile(broken, 'Plain notes about pruning apple trees, whatever the name says.');
    await utimes(broken, mtime, new Date(mtime.getTime() + 5_000));
    await until(() => paths().includes('broken.pdf'), 'the changed file was read again');
    expect(read.filter((p) => p === broken)).toHaveLength(2);
  });

  it('refuses folders it cannot or should not watch', async () => {
    const w = startWatcher();
    await w.add(notes);
    await expect(w.add(join(notes, 'garden'))).rejects.toThrow(/inside .* already watched/);
    await expect(w.add(root)).rejects.toThrow(/data directory/);
    await expect(w.add(join(notes, 'bees.txt'))).rejects.toThrow(/is a file/);
    await expect(w.add(join(root, 'nope'))).rejects.toThrow(/no folder/);
    await expect(w.remove(join(root, 'nope'))).rejects.toThrow(/not a watched folder/);
    await writeFile(new WatchList(dataDir).file, '{"version":1,"folders":"broken"}');
    await expect(w.current()).rejects.toThrow(/watched folders file .* is invalid/);
  });
});
