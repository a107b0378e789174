// The folder a corpus is ingested from. Paths are search evidence (whole-document bm25 over title + path +
// text), so a randomly named folder moved the figures between runs (its name changes the path field's
// length and, now and then, matches a query word). One fixed folder, cleared before use, keeps two runs
// identical; its words are in every path, so they carry no weight. A lock file keeps two concurrent runs
// on one machine from clearing each other's folder.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CORPUS_FOLDER = join(tmpdir(), 'pdw-retrieval');

/** Runs `use` with the folder (default CORPUS_FOLDER) emptied and held for this process; it is removed afterwards. */
export async function withCorpusFolder<T>(use: (root: string) => Promise<T>, folder = CORPUS_FOLDER): Promise<T> {
  const lock = `${folder}.lock`;
  await takeLock(folder, lock);
  try {
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
    await rm(lock, { force: true });
  }
}

async function takeLock(folder: string, lock: string): Promise<void> {
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (holder && holder !== process.pid && isRunning(holder)) {
    throw new Error(`${folder} is in use by another retrieval benchmark (pid ${holder}): wait for it to finish, then run again`);
  }
  // Left behind by a run that died: take it over.
  await writeFile(lock, String(process.pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
