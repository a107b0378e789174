// Replacing the library folder with a finished restore: two renames (the old library aside, the staging
// folder into place) that a kill can separate. A journal written before the first rename names both
// folders, so whoever opens the data folder next finishes the swap: the restored library (complete before
// the journal was written) ends up in place, never no library, and the old one is deleted only once the
// new one is in place. The journal is removed last, so a leftover is deleted only when the outcome is known.
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { syncDirectory, syncTree, writeFileAtomic } from '../kernel/fs/atomic.ts';

const LIBRARY = 'library';
const JOURNAL = 'library.swap.json';
export const ASIDE_PREFIX = 'library.replaced-';
/** Folder names only (no separators): the journal can never point outside the data folder. */
const folderName = z.string().regex(/^library\.[A-Za-z0-9._-]+$/);
const Journal = z.object({ staging: folderName, aside: folderName });
type Journal = z.infer<typeof Journal>;

/** Points where a swap can be interrupted; `onStep` lets the crash tests kill the process at each. */
export type SwapStep = 'journaled' | 'moved-aside' | 'moved-in';

export interface SwapOptions {
  onStep?: (step: SwapStep) => void;
}

/** Puts the folder `stagingName` (in `dataDir`) in place of `dataDir/library`. */
export async function replaceLibraryFolder(dataDir: string, stagingName: string, options: SwapOptions = {}): Promise<void> {
  const journal = Journal.parse({ staging: stagingName, aside: `${ASIDE_PREFIX}${Date.now()}` });
  // The journal promises a whole restored library: its files must be on disk before it is, or a power cut
  // could leave a journal pointing at half-written files.
  await syncTree(join(dataDir, stagingName));
  await writeFileAtomic(join(dataDir, JOURNAL), JSON.stringify(journal));
  options.onStep?.('journaled');
  await finishSwap(dataDir, journal, options);
}

/**
 * Finishes a swap a killed process left half done (call before opening the library or restoring).
 * Returns what it did, for the log.
 */
export async function recoverLibrarySwap(dataDir: string): Promise<'none' | 'finished' | 'rolled back'> {
  const text = await readFile(join(dataDir, JOURNAL), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text !== null) {
    const journal = Journal.safeParse(JSON.parse(text));
    // Written atomically, so never torn; anything else is not ours to act on.
    if (journal.success) return finishSwap(dataDir, journal.data, {});
  }
  // No journal but no library either, and a library moved aside: the only whole library is that one.
  if (await exists(join(dataDir, LIBRARY))) return 'none';
  const aside = (await readdir(dataDir).catch(() => [] as string[])).filter((n) => n.startsWith(ASIDE_PREFIX)).sort().at(-1);
  if (!aside) return 'none';
  await rename(join(dataDir, aside), join(dataDir, LIBRARY));
  await syncDirectory(dataDir);
  return 'rolled back';
}

/** Idempotent: each step is done only if the folders show it has not been done yet. */
async function finishSwap(dataDir: string, journal: Journal, options: SwapOptions): Promise<'finished' | 'rolled back'> {
  const library = join(dataDir, LIBRARY);
  const staging = join(dataDir, journal.staging);
  const aside = join(dataDir, journal.aside);
  let outcome: 'finished' | 'rolled back' = 'finished';
  if (await exists(staging)) {
    if (await exists(library)) {
      // A library that appeared after the old one was moved aside was not the user's: keep it aside too.
      await rename(library, (await exists(aside)) ? `${aside}-extra` : aside);
      options.onStep?.('moved-aside');
    }
    await rename(staging, library);
    await syncDirectory(dataDir);
    options.onStep?.('moved-in');
  } else if (!(await exists(library)) && (await exists(aside))) {
    // The staging folder was removed by hand: the old library is the whole one left.
    await rename(aside, library);
    await syncDirectory(dataDir);
    outcome = 'rolled back';
  }
  await rm(aside, { recursive: true, force: true });
  await rm(join(dataDir, JOURNAL), { force: true });
  await syncDirectory(dataDir);
  return outcome;
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
