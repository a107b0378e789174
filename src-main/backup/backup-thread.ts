// Backup runs on a thread of their own. A full backup reads the whole catalog, seals every item and builds
// manifests: on the main thread those slices sit between searches and IPC requests (up to 0.3 s each at
// 100k chunks), and the backup itself only gets the time searches leave. On a worker thread, at a lower
// priority, searches keep the main thread and win the CPU when both want it. The main thread keeps the
// lock and the queue of runs; the thread opens its own engine (SQLite and Walrus connections) for the run.
import type { BackupRunResult, SnapshotSettings } from '../../src-shared/contract/backup.ts';
import { AppError, type AppErrorShape } from '../../src-shared/contract/define.ts';
import type { WalrusClientOptions } from '../walrus/index.ts';
import type { BackupRunner, BackupThreadJob } from './engine-options.ts';
import type { Progress } from '../../src-shared/contract/jobs.ts';
import type { RunOptions } from './run-options.ts';
import { requireWorker, startWorker, workerUrl } from '../kernel/worker-entries.ts';
import type { BackupKeys } from './keys.ts';

export type ToBackupThread = { type: 'abort' };
export type FromBackupThread =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: BackupRunResult }
  | { type: 'failed'; error: AppErrorShape };

export function backupThreadJob(
  engine: Required<BackupThreadJob['engine']> & { dataDir: string },
  walrus: Readonly<WalrusClientOptions>,
  keys: BackupKeys,
  address: string | null,
  settings: SnapshotSettings | null = null,
): BackupThreadJob {
  const { epochs, epochMs, minRemainingEpochs, largeItemBytes, batchBytes, partBytes, renewWithinEpochs } = engine;
  const walrusOptions: WalrusClientOptions = { ...walrus };
  delete walrusOptions.costTracker; // the thread's own client keeps its own
  delete walrusOptions.shardMemory; // the thread reads and teaches the data directory's shard file itself
  return {
    dataDir: engine.dataDir,
    engine: { epochs, epochMs, minRemainingEpochs, largeItemBytes, batchBytes, partBytes, renewWithinEpochs },
    walrus: walrusOptions,
    keys,
    address,
    settings,
  };
}

/** A runner that uses the backup thread; throws MissingWorkerError where a build lacks its module. */
export function backupThreadRunner(url: URL = workerUrl('backup-worker')): BackupRunner {
  requireWorker(url);
  return (job, options) => runOnThread(url, job, options);
}

function runOnThread(workerUrl: URL, job: BackupThreadJob, { signal, onProgress }: RunOptions): Promise<BackupRunResult> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = startWorker(workerUrl, { workerData: job });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      finish();
    };
    const abort = () => worker.postMessage({ type: 'abort' } satisfies ToBackupThread);
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: FromBackupThread) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.result));
      else settle(() => reject(new AppError(message.error.code, message.error.message, message.error.issues ? { issues: message.error.issues } : undefined)));
    });
    worker.once('error', (error) => settle(() => reject(new AppError('internal', `The backup thread failed: ${error.message}`, { cause: error }))));
    worker.once('exit', (code) => settle(() => reject(new AppError('internal', `The backup thread stopped before the run ended (exit code ${code}).`))));
  });
}
