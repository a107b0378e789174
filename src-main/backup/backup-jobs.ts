// Backup's long work as jobs (backup, verify, restore, renewal): one start per kind, used by the requests and
// by the schedule alike, so every run shows its progress, can be cancelled and keeps its outcome for `job.result`.
import type { z } from 'zod';
import type { BackupOutcome, backupEvents, SnapshotSettings } from '../../src-shared/contract/backup.ts';
import type { JobKind, JobOutcome, Progress } from '../../src-shared/contract/jobs.ts';
import type { JobRunner, StartedJob } from '../kernel/index.ts';
import { toAppError, type NetworkStateReader } from '../walrus/index.ts';
import type { BackupEngine } from './engine.ts';
import { restoreFiles, type FileRestoreOptions } from './file-restore.ts';
import { restoreSnapshot, type RestoreDeps } from './restore.ts';
import type { AdoptedSettings } from './snapshot-settings.ts';
import { verifySnapshot } from './verify.ts';

export interface BackupJobDeps {
  engine: () => Promise<BackupEngine>;
  jobs: JobRunner;
  dataDir: string;
  /** Closes the open library before a restore swaps its folder (it reopens on next use). */
  releaseLibrary: () => Promise<void>;
  /** The history or outbox changed (the app emits `backup.changed`). */
  onChanged?: ((reason: BackupChange) => void) | undefined;
  /** The Walrus network's epoch, epoch length and shards (Sui); absent or failing: what the history knows. */
  network?: NetworkStateReader | undefined;
  /** Takes over the schedule and retention settings a restored snapshot carries (a restore into a new data folder). */
  adoptSettings?: ((carried: SnapshotSettings | undefined) => Promise<AdoptedSettings>) | undefined;
}

export type BackupChange = z.output<(typeof backupEvents)['backup.changed']>['reason'];

export type BackupJobs = ReturnType<typeof createBackupJobs>;

export function createBackupJobs(deps: BackupJobDeps) {
  // One backup-domain job of a kind at a time; errors leave as contract errors, whose message the outcome keeps.
  const start = <K extends JobKind>(kind: K, work: (signal: AbortSignal, progress: (p: Progress) => void) => Promise<JobOutcome<K>>): StartedJob<JobOutcome<K>> =>
    deps.jobs.start(
      kind,
      async (ctx) => {
        try {
          return await work(ctx.signal, (p) => ctx.progress(p));
        } catch (error) {
          throw toAppError(error);
        }
      },
      { exclusive: true },
    );

  return {
    /** A backup; on demand (`maintain`) a complete one is followed by retention and renewal, the schedule runs those itself. */
    async backup(options: { maintain: boolean }): Promise<StartedJob<BackupOutcome>> {
      const engine = await deps.engine();
      return start('backup', async (signal, progress) => {
        try {
          if (options.maintain) return await backupAndMaintain(engine, signal, progress);
          return { backup: await engine.backup({ signal, onProgress: progress }), expiring: engine.expiringSnapshots() };
        } finally {
          deps.onChanged?.('run');
        }
      });
    },

    async verify(id: string, options: { sample?: number | undefined; all?: boolean | undefined }): Promise<StartedJob<JobOutcome<'verify'>>> {
      const engine = await deps.engine();
      return start('verify', (signal, progress) =>
        engine.runs.track(
          'verify',
          () => verifySnapshot(restoreDeps(engine, deps.network), id, { signal, onProgress: progress, ...(options.sample ? { sample: options.sample } : {}), ...(options.all ? { all: true } : {}) }),
          (v) => ({
            outcome: v.failures.length ? 'failed' : 'ok',
            snapshotId: v.snapshotId,
            referencedItems: v.checked,
            message: v.failures.length ? v.summary : `${v.checked} of ${v.total} item(s) read back intact.`,
          }),
          signal,
        ),
      );
    },

    async restore(snapshotId: string, target: 'new' | 'replace'): Promise<StartedJob<JobOutcome<'restore'>>> {
      const engine = await deps.engine();
      return start('restore', async (signal, progress) => {
        const { settings, ...restore } = await restoreSnapshot(restoreDeps(engine, deps.network), snapshotId, { dataDir: deps.dataDir, target, beforeSwap: deps.releaseLibrary, signal, onProgress: progress });
        // A new data folder is a new machine carrying on: it takes the snapshot's settings. A replaced library keeps this folder's.
        const adopted = target === 'new' && deps.adoptSettings ? await deps.adoptSettings(settings) : undefined;
        deps.onChanged?.('restore');
        return adopted ? { ...restore, adopted } : restore;
      });
    },

    /** Chosen files of a snapshot, restored as files into `folder` (null: where they were); the library is untouched. */
    async restoreFiles(snapshotId: string, options: Omit<FileRestoreOptions, 'signal' | 'onProgress'>): Promise<StartedJob<JobOutcome<'restoreFiles'>>> {
      const engine = await deps.engine();
      return start('restoreFiles', (signal, progress) => restoreFiles(restoreDeps(engine, deps.network), snapshotId, { ...options, signal, onProgress: progress }));
    },

    /** What reading a snapshot needs (its Walrus client, keys, history and the network's epoch). */
    async reading(): Promise<RestoreDeps> {
      return restoreDeps(await deps.engine(), deps.network);
    },

    /** Renewal of what kept snapshots need; `withRetention` (the schedule's maintenance) applies retention first. */
    async renew(options: { withRetention: boolean }): Promise<StartedJob<JobOutcome<'renew'>>> {
      const engine = await deps.engine();
      return start('renew', async (signal, progress) => {
        try {
          if (options.withRetention) return (await engine.maintain({ signal, onProgress: progress })).renewal;
          return await engine.renew({ signal, onProgress: progress });
        } finally {
          deps.onChanged?.('renew');
        }
      });
    },
  };
}

/**
 * A backup, then retention and renewal when it completed (also when nothing changed: renewal is due whether or
 * not the library changed). Their failures do not fail the backup, but they are not silent: the outcome names the
 * kept snapshots renewal could not keep alive and when they expire; the next backup or scheduled pass retries.
 */
async function backupAndMaintain(engine: BackupEngine, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<BackupOutcome> {
  let last: Progress | undefined;
  const backup = await engine.backup({ signal, onProgress: (p) => onProgress((last = p)) });
  if (backup.state !== 'complete') return { backup, expiring: engine.expiringSnapshots() };
  // The backup's count stays where it ended; the phase says what runs meanwhile.
  onProgress({ ...(last ?? { done: 0, total: 0, unit: 'items' }), phase: 'maintaining' });
  try {
    const { renewal } = await engine.maintain({ signal });
    return { backup, renew: renewal, expiring: renewal.expiring };
  } catch (error) {
    if (signal.aborted) throw error;
    return { backup, expiring: engine.expiringSnapshots(), renewalError: toAppError(error).message };
  }
}

function restoreDeps(engine: BackupEngine, network: NetworkStateReader | undefined): RestoreDeps {
  // What the network says also corrects the history's epoch estimate (expiry dates on the Backups page).
  const learning: NetworkStateReader | undefined = network && (async () => {
    const state = await network();
    engine.epochs.observeNetwork(state);
    return state;
  });
  return { walrus: engine.options.walrus(), keys: engine.options.keys, db: engine.db, ...(learning ? { network: learning } : {}) };
}
