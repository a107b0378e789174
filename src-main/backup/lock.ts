// One backup at a time across processes (the app's scheduler and `pdw backup` from cron): a lock file
// created exclusively and holding the owner's pid. A lock whose process is gone is taken over.
import { readFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { AppError } from '../../src-shared/contract/define.ts';
import { processAlive as alive } from '../kernel/process-alive.ts';

export { alive };

export async function acquireLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(await readFile(path, 'utf8').catch(() => ''));
      if (pid && pid !== process.pid && alive(pid)) throw new AppError('conflict', `Another backup is running (process ${pid}); try again when it finishes.`);
      if (pid === process.pid) throw new AppError('conflict', 'A backup is already running in this process.');
      await rm(path, { force: true }); // left by a process that died
    }
  }
  throw new AppError('conflict', 'Could not take the backup lock.');
}

/** Whether another live process holds the lock now (its run is in progress, not interrupted). */
export function heldElsewhere(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
  return pid > 0 && pid !== process.pid && alive(pid);
}
