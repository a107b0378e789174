// The data directory holds every document's full text, the keystore and the backup history: it is the
// user's alone. On POSIX systems two things make it so: a umask of 077 for the process, so that every
// file and folder PDW creates — by us, SQLite (whose -wal and -shm files copy the database's mode),
// hnswlib or a worker thread — is created 0600 / 0700 without each call site having to ask; and a pass
// at start-up that tightens what an older version (or a copy) left readable by others.
// On Windows modes mean little: the default data directory lies in the user's profile (%APPDATA%),
// whose ACLs already grant only the user, SYSTEM and Administrators, and the folder inherits them.
import type { Dirent } from 'node:fs';
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.ts';

export const PRIVATE_UMASK = 0o077;
const PRIVATE_DIR_MODE = 0o700;
/**
 * Entries every PDW data directory has one of. A folder given with --data-dir that has none of them (a
 * home or documents folder by mistake) is not walked: its other contents are not PDW's to change.
 */
const DATA_DIR_MARKERS = ['settings.json', 'library', 'wallet', 'backup'];

export interface PrivateDataResult {
  /** Paths whose mode was tightened. */
  tightened: string[];
  /** Paths that could not be changed (owned by someone else), with why. */
  failed: { path: string; reason: string }[];
}

/** Makes what this process creates private to the user (POSIX; the mask is process-wide). */
export function createPrivately(platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  try {
    process.umask(PRIVATE_UMASK);
  } catch (error) {
    // Worker threads may not change it; they inherit the main thread's.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_UNSUPPORTED_OPERATION') throw error;
  }
}

/** Creates the data directory if needed and makes it and everything in it private to the user. */
export async function preparePrivateDataDir(dir: string, log?: Logger, platform: NodeJS.Platform = process.platform): Promise<PrivateDataResult> {
  createPrivately(platform);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const result: PrivateDataResult = { tightened: [], failed: [] };
  if (platform === 'win32') return result;
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.some((name) => DATA_DIR_MARKERS.includes(name))) {
    log?.warn('the data directory holds no PDW data yet; only files PDW creates will be private', { dataDir: dir });
    return result;
  }
  await tighten(dir, true, result);
  if (result.tightened.length > 0) log?.info('made the data directory private to the user', { dataDir: dir, tightened: result.tightened.length });
  for (const { path, reason } of result.failed) log?.warn('could not make a data file private to the user', { path, reason });
  return result;
}

async function tighten(path: string, isDir: boolean, result: PrivateDataResult): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (!info || info.isSymbolicLink()) return; // a link's target is not ours to change
  if ((info.mode & 0o077) !== 0) {
    try {
      // The owner's bits stay (a folder keeps rwx); group and others lose everything.
      await chmod(path, (info.mode & 0o700) | (isDir ? PRIVATE_DIR_MODE : 0));
      result.tightened.push(path);
    } catch (error) {
      result.failed.push({ path, reason: (error as Error).message });
    }
  }
  if (!isDir) return;
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    result.failed.push({ path, reason: (error as Error).message });
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) await tighten(join(path, entry.name), true, result);
    else if (entry.isFile()) await tighten(join(path, entry.name), false, result);
  }
}
