// Which process keeps the watched folders in sync. The desktop app and `pdw serve` leave their process id in
// <data>/watching.pid while their watcher runs, so the CLI can tell that a running app follows the folders: a
// folder it adds is then left to that app, which scans it within seconds — a second process ingesting the same
// folder into the same catalog would only race it, and the app's in-memory vector graph would miss those chunks.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { processAlive } from '../kernel/process-alive.ts';

export function watchPresencePath(dataDir: string): string {
  return join(dataDir, 'watching.pid');
}

/** Records this process as the one that keeps the folders in sync. */
export async function markWatching(dataDir: string): Promise<void> {
  await writeFileAtomic(watchPresencePath(dataDir), String(process.pid));
}

/** Clears the record, if it is still this process's (another app may have started since). */
export async function clearWatching(dataDir: string): Promise<void> {
  if ((await recordedPid(dataDir)) === process.pid) await rm(watchPresencePath(dataDir), { force: true });
}

/** The id of another live process keeping the folders in sync, or null (none, or one that died without clearing it). */
export async function watchingElsewhere(dataDir: string): Promise<number | null> {
  const pid = await recordedPid(dataDir);
  return pid !== null && pid !== process.pid && processAlive(pid) ? pid : null;
}

async function recordedPid(dataDir: string): Promise<number | null> {
  const text = await readFile(watchPresencePath(dataDir), 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
