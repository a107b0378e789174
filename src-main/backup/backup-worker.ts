// The backup thread (see backup-thread.ts): one run of its own engine, progress and the outcome posted
// back, then it ends. Its scheduling priority is lowered where the OS allows it per thread (Linux), so a
// search on the main thread gets the CPU first.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createWalrusClient, ShardFile, toAppError } from '../walrus/index.ts';
import type { FromBackupThread, ToBackupThread } from './backup-thread.ts';
import type { BackupThreadJob } from './engine-options.ts';
import { BackupEngine } from './engine.ts';

/** Nice value of the backup thread: below normal, far from idle-only (a backup should still finish). */
const THREAD_NICE = 10;

function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    // setpriority(2) with a thread id acts on that thread alone on Linux.
    const threadId = Number(basename(readlinkSync('/proc/thread-self')));
    if (threadId > 0) setPriority(threadId, THREAD_NICE);
  } catch {
    // no /proc, or not allowed: the run goes on at normal priority
  }
}

async function run(port: NonNullable<typeof parentPort>, job: BackupThreadJob): Promise<void> {
  const post = (message: FromBackupThread) => port.postMessage(message);
  const stop = new AbortController();
  port.on('message', (message: ToBackupThread) => {
    if (message.type === 'abort') stop.abort();
  });
  const walrus = createWalrusClient({ ...job.walrus, shardMemory: ShardFile.inDataDir(job.dataDir) });
  let engine: BackupEngine | undefined;
  try {
    // The main thread holds the backup lock and queues runs, so no other run is in progress here.
    engine = BackupEngine.open({ ...job.engine, dataDir: job.dataDir, walrus: () => walrus, keys: { backupKeys: async () => job.keys, address: () => job.address }, snapshotSettings: () => job.settings });
    const result = await engine.backupHere({ signal: stop.signal, onProgress: (progress) => post({ type: 'progress', progress }) });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', error: toAppError(error).toShape() });
  } finally {
    engine?.close();
    await walrus.close();
    port.close();
  }
}

if (parentPort) {
  lowerThreadPriority();
  await run(parentPort, workerData as BackupThreadJob);
}
