// Contract handlers for backups: long work (backup, verify, restore) runs as jobs whose outcomes are
// kept for `backup.result`; the rest answers from the local history or the manifest on Walrus.
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupJobResult, backupRequests } from '../../src-shared/contract/backup.ts';
import type { z } from 'zod';
import type { JobProgress, JobRunner } from '../jobs/runner.ts';
import type { CallContext } from '../rpc/dispatcher.ts';
import { toAppError } from '../walrus/index.ts';
import type { BackupEngine } from './engine.ts';
import type { DiscoveredSnapshot } from './discover.ts';
import { previewSnapshot, snapshotSummaries } from './history.ts';
import { INTERVALS, type BackupScheduler, type ScheduleState } from './scheduler.ts';
import { restoreSnapshot } from './restore.ts';
import { verifySnapshot } from './verify.ts';

export interface BackupHandlerDeps {
  engine: () => Promise<BackupEngine>;
  jobs: JobRunner;
  dataDir: string;
  /** Closes the open library before a restore swaps its folder (it reopens on next use). */
  releaseLibrary: () => Promise<void>;
  /** Absent where nothing schedules (the CLI). */
  scheduler?: () => Promise<BackupScheduler>;
  /** The history or outbox changed (the app emits `backup.changed`). */
  onChanged?: (reason: 'run' | 'flush' | 'restore') => void;
  /** Lists the wallet's snapshots on Walrus (needs the wallet and the Sui RPC). */
  discover?: () => Promise<{ address: string; snapshots: DiscoveredSnapshot[] }>;
}

const KEPT_RESULTS = 100;

type Requests = typeof backupRequests;
/** Same shape as the dispatcher's `HandlerMap<keyof typeof backupRequests>` once the contract lists these requests. */
export type BackupHandlers = {
  [K in keyof Requests]: (input: z.output<Requests[K]['input']>, ctx: CallContext) => Promise<z.output<Requests[K]['output']>>;
};

export function createBackupHandlers(deps: BackupHandlerDeps): BackupHandlers {
  const results = new Map<string, BackupJobResult>();

  const startJob = <T>(
    kind: 'backup' | 'verify' | 'restore',
    work: (signal: AbortSignal, progress: (p: JobProgress) => void) => Promise<T>,
    record: (value: T) => Partial<BackupJobResult>,
  ) => {
    const job = deps.jobs.start(kind, async (ctx) => {
      try {
        const value = await work(ctx.signal, (p) => ctx.progress(p));
        results.set(ctx.jobId, { kind, state: 'succeeded', ...record(value) });
        return value;
      } catch (error) {
        const e = toAppError(error);
        results.set(ctx.jobId, { kind, state: ctx.signal.aborted ? 'cancelled' : 'failed', message: e.message });
        throw e;
      }
    }, { exclusive: true });
    if (!results.has(job.jobId)) results.set(job.jobId, { kind, state: 'running' });
    if (results.size > KEPT_RESULTS) results.delete(results.keys().next().value as string);
    return { jobId: job.jobId };
  };

  return {
    'backup.run': async () => {
      const engine = await deps.engine();
      return startJob('backup', async (signal, progress) => {
        try {
          return await engine.backup({ signal, onProgress: progress });
        } finally {
          deps.onChanged?.('run');
        }
      }, (backup) => ({ backup }));
    },

    'backup.result': async ({ jobId }) => {
      const result = results.get(jobId);
      if (!result) throw new AppError('not_found', `No backup, verify or restore job ${jobId} (results are kept for the last ${KEPT_RESULTS} jobs).`);
      return result;
    },

    'backup.snapshots': async () => ({ snapshots: snapshotSummaries(await deps.engine()) }),

    'backup.discover': async () => {
      if (!deps.discover) throw new AppError('unsupported', 'Finding snapshots needs a wallet on this device.');
      return deps.discover();
    },

    'backup.snapshot': async ({ id }) => previewSnapshot(await deps.engine(), id),

    'backup.verify': async ({ id, sample, all }) => {
      const engine = await deps.engine();
      return startJob('verify', (signal, progress) =>
        verifySnapshot(restoreDeps(engine), id, { signal, onProgress: progress, ...(sample ? { sample } : {}), ...(all ? { all } : {}) }),
      (verify) => ({ verify }));
    },

    'backup.restore': async ({ snapshotId, target }) => {
      const engine = await deps.engine();
      return startJob('restore', async (signal, progress) => {
        const restore = await restoreSnapshot(restoreDeps(engine), snapshotId, { dataDir: deps.dataDir, target, beforeSwap: deps.releaseLibrary, signal, onProgress: progress });
        deps.onChanged?.('restore');
        return restore;
      }, (restore) => ({ restore }));
    },

    'backup.flushOutbox': async () => {
      const engine = await deps.engine();
      try {
        return await engine.flushOutbox();
      } finally {
        deps.onChanged?.('flush');
      }
    },

    'backup.outbox': async () => (await deps.engine()).outbox(),

    'backup.schedule': async () => scheduleStatus((await requireScheduler(deps)).state),

    'backup.setSchedule': async ({ interval, minutes }) => {
      const scheduler = await requireScheduler(deps);
      const ms = interval === 'off' ? 0 : interval === 'custom' ? (minutes as number) * 60_000 : INTERVALS[interval];
      await scheduler.setInterval(ms);
      return scheduleStatus(scheduler.state);
    },
  };
}

async function requireScheduler(deps: BackupHandlerDeps): Promise<BackupScheduler> {
  if (!deps.scheduler) throw new AppError('unsupported', 'Scheduled backups run in the app; from the command line use `pdw backup` (e.g. from cron).');
  return deps.scheduler();
}

function scheduleStatus(s: ScheduleState) {
  const named = (Object.entries(INTERVALS) as [keyof typeof INTERVALS, number][]).find(([, ms]) => ms === s.intervalMs)?.[0];
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    interval: s.intervalMs === 0 ? ('off' as const) : (named ?? ('custom' as const)),
    intervalMinutes: Math.round(s.intervalMs / 60_000),
    nextRunAt: iso(s.nextRunAt),
    lastRunAt: iso(s.lastRunAt),
    lastOutcome: s.lastOutcome,
    lastError: s.lastError,
    failures: s.failures,
  };
}

function restoreDeps(engine: BackupEngine) {
  return { walrus: engine.options.walrus(), keys: engine.options.keys, db: engine.db };
}
