// Contract handlers for backups: long work (backup, verify, restore, renewal) starts as jobs (backup-jobs.ts)
// whose outcomes `job.result` serves; the rest answers from the local history, the run log or the manifest on Walrus.
import { AppError } from '../../src-shared/contract/define.ts';
import type { backupRequests } from '../../src-shared/contract/backup.ts';
import type { z } from 'zod';
import type { CallContext } from '../rpc/dispatcher.ts';
import type { BackupChange, BackupJobs } from './backup-jobs.ts';
import type { BackupEngine } from './engine.ts';
import type { DiscoveredSnapshot } from './discover.ts';
import { expiryBasis, previewSnapshot, retentionPreview, snapshotSummaries, snapshotSummary } from './history.ts';
import { INTERVALS, type BackupScheduler, type ScheduleState } from './scheduler.ts';

export interface BackupHandlerDeps {
  engine: () => Promise<BackupEngine>;
  /** Starts the long work; the schedule starts its runs through the same. */
  jobs: BackupJobs;
  /** Absent where nothing schedules (the CLI). */
  scheduler?: () => Promise<BackupScheduler>;
  /** The history or outbox changed (the app emits `backup.changed`). */
  onChanged?: (reason: BackupChange) => void;
  /** Lists the wallet's snapshots on Walrus (needs the wallet and the Sui RPC). */
  discover?: () => Promise<{ address: string; snapshots: DiscoveredSnapshot[] }>;
}

type Requests = typeof backupRequests;
/** Same shape as the dispatcher's `HandlerMap<keyof typeof backupRequests>` once the contract lists these requests. */
export type BackupHandlers = {
  [K in keyof Requests]: (input: z.output<Requests[K]['input']>, ctx: CallContext) => Promise<z.output<Requests[K]['output']>>;
};

export function createBackupHandlers(deps: BackupHandlerDeps): BackupHandlers {
  const started = (job: { jobId: string }) => ({ jobId: job.jobId });
  return {
    'backup.run': async () => started(await deps.jobs.backup({ maintain: true })),

    'backup.snapshots': async () => {
      const engine = await deps.engine();
      return { snapshots: snapshotSummaries(engine), expiry: expiryBasis(engine) };
    },

    'backup.discover': async () => {
      if (!deps.discover) throw new AppError('unsupported', 'Finding snapshots needs a wallet on this device.');
      return deps.discover();
    },

    'backup.snapshot': async ({ id }) => previewSnapshot(await deps.engine(), id),

    'backup.verify': async ({ id, sample, all }) => started(await deps.jobs.verify(id, { sample, all })),

    'backup.restore': async ({ snapshotId, target }) => started(await deps.jobs.restore(snapshotId, target)),

    'backup.flushOutbox': async () => {
      const engine = await deps.engine();
      try {
        return await engine.flushOutbox();
      } finally {
        deps.onChanged?.('flush');
      }
    },

    'backup.outbox': async () => (await deps.engine()).outbox(),

    'backup.runs': async ({ offset, limit }) => (await deps.engine()).runs.list(offset, limit),

    'backup.forget': async ({ id }) => {
      const engine = await deps.engine();
      const snapshot = snapshotSummary(engine, await engine.forget(id));
      deps.onChanged?.('retention');
      return { snapshot };
    },

    'backup.keep': async ({ id }) => {
      const engine = await deps.engine();
      const snapshot = snapshotSummary(engine, await engine.keep(id));
      deps.onChanged?.('retention');
      return { snapshot };
    },

    'backup.applyRetention': async () => {
      const result = await (await deps.engine()).applyRetention();
      if (result.forgotten.length) deps.onChanged?.('retention');
      return result;
    },

    'backup.retentionPreview': async (overrides) => retentionPreview(await deps.engine(), overrides),

    'backup.renew': async () => started(await deps.jobs.renew({ withRetention: false })),

    'backup.schedule': async () => ({ ...scheduleStatus((await requireScheduler(deps)).state), epoch: await epochLength(deps) }),

    'backup.setSchedule': async ({ interval, minutes }) => {
      const scheduler = await requireScheduler(deps);
      const ms = interval === 'off' ? 0 : interval === 'custom' ? (minutes as number) * 60_000 : INTERVALS[interval];
      await scheduler.setInterval(ms);
      return { ...scheduleStatus(scheduler.state), epoch: await epochLength(deps) };
    },
  };
}

async function epochLength(deps: BackupHandlerDeps): Promise<{ lengthMs: number; fromNetwork: boolean }> {
  const { ms, fromNetwork } = (await deps.engine()).epochs.length();
  return { lengthMs: Math.round(ms), fromNetwork };
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
