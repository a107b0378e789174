// Whether a process recorded in a file (a lock's owner, the app watching folders) still runs.

/** True while process `pid` exists, ours or another user's (EPERM: it exists, we may not signal it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
