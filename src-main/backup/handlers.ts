// Contract handlers for backups: long work (backup, verify, restore, renewal) runs as jobs whose outcomes
// are kept for `backup.result`; the rest answers from the local history, the run log or the manifest on Walrus.
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupJobResult, backupEvents, backupRequests, SnapshotSettings } from '../../src-shared/contract/backup.ts';
import type { z } from 'zod';
import type { JobProgress, JobRunner } from '../jobs/runner.ts';
import type { CallContext } from '../rpc/dispatcher.ts';
import { toAppError } from '../walrus/index.ts';
import type { BackupEngine } from './engine.ts';
import type { DiscoveredSnapshot } from './discover.ts';
import { expiryBasis, previewSnapshot, retentionPreview, snapshotSummaries, snapshotSummary } from './history.ts';
import { INTERVALS, type BackupScheduler, type ScheduleState } from './scheduler.ts';
import { restoreSnapshot, type RestoreDeps } from './restore.ts';
import type { NetworkStateReader } from '../walrus/network-state.ts';
import type { AdoptedSettings } from './snapshot-settings.ts';
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
  onChanged?: (reason: BackupChange) => void;
  /** Lists the wallet's snapshots on Walrus (needs the wallet and the Sui RPC). */
  discover?: () => Promise<{ address: string; snapshots: DiscoveredSnapshot[] }>;
  /** The Walrus network's epoch, epoch length and shards (Sui); absent or failing: what the history knows. */
  network?: NetworkStateReader;
  /** Takes over the schedule and retention settings a restored snapshot carries (a restore into a new data folder). */
  adoptSettings?: (carried: SnapshotSettings | undefined) => Promise<AdoptedSettings>;
}

const KEPT_RESULTS = 100;

export type BackupChange = z.output<(typeof backupEvents)['backup.changed']>['reason'];

type Requests = typeof backupRequests;
/** Same shape as the dispatcher's `HandlerMap<keyof typeof backupRequests>` once the contract lists these requests. */
export type BackupHandlers = {
  [K in keyof Requests]: (input: z.output<Requests[K]['input']>, ctx: CallContext) => Promise<z.output<Requests[K]['output']>>;
};

export function createBackupHandlers(deps: BackupHandlerDeps): BackupHandlers {
  const results = new Map<string, BackupJobResult>();

  const startJob = <T>(
    kind: BackupJobResult['kind'],
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
          return await backupAndMaintain(engine, signal, progress);
        } finally {
          deps.onChanged?.('run');
        }
      }, (outcome) => outcome);
    },

    'backup.result': async ({ jobId }) => {
      const result = results.get(jobId);
      if (!result) throw new AppError('not_found', `No backup, verify or restore job ${jobId} (results are kept for the last ${KEPT_RESULTS} jobs).`);
      return result;
    },

    'backup.snapshots': async () => {
      const engine = await deps.engine();
      return { snapshots: snapshotSummaries(engine), expiry: expiryBasis(engine) };
    },

    'backup.discover': async () => {
      if (!deps.discover) throw new AppError('unsupported', 'Finding snapshots needs a wallet on this device.');
      return deps.discover();
    },

    'backup.snapshot': async ({ id }) => previewSnapshot(await deps.engine(), id),

    'backup.verify': async ({ id, sample, all }) => {
      const engine = await deps.engine();
      return startJob('verify', (signal, progress) =>
        engine.runs.track('verify', () => verifySnapshot(restoreDeps(engine, deps.network), id, { signal, onProgress: progress, ...(sample ? { sample } : {}), ...(all ? { all } : {}) }), (v) => ({
          outcome: v.failures.length ? 'failed' : 'ok',
          snapshotId: v.snapshotId,
          referencedItems: v.checked,
          message: v.failures.length ? v.summary : `${v.checked} of ${v.total} item(s) read back intact.`,
        }), signal),
      (verify) => ({ verify }));
    },

    'backup.restore': async ({ snapshotId, target }) => {
      const engine = await deps.engine();
      return startJob('restore', async (signal, progress) => {
        const { settings, ...restore } = await restoreSnapshot(restoreDeps(engine, deps.network), snapshotId, { dataDir: deps.dataDir, target, beforeSwap: deps.releaseLibrary, signal, onProgress: progress });
        // A new data folder is a new machine carrying on: it takes the snapshot's settings. A replaced library keeps this folder's.
        const adopted = target === 'new' && deps.adoptSettings ? await deps.adoptSettings(settings) : undefined;
        deps.onChanged?.('restore');
        return adopted ? { ...restore, adopted } : restore;
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

    'backup.renew': async () => {
      const engine = await deps.engine();
      return startJob('renew', async (signal, progress) => {
        try {
          return await engine.renew({ signal, onProgress: progress });
        } finally {
          deps.onChanged?.('renew');
        }
      }, (renew) => ({ renew, expiring: renew.expiring }));
    },

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

/**
 * A backup, then retention and renewal when it completed (also when nothing changed: renewal is due whether or
 * not the library changed). Their failures do not fail the backup, but they are not silent: the outcome names the
 * kept snapshots renewal could not keep alive and when they expire; the next backup or scheduled pass retries.
 */
async function backupAndMaintain(engine: BackupEngine, signal: AbortSignal, onProgress: (p: JobProgress) => void): Promise<Partial<BackupJobResult>> {
  const backup = await engine.backup({ signal, onProgress });
  if (backup.state !== 'complete') return { backup, expiring: engine.expiringSnapshots() };
  try {
    const { renewal } = await engine.maintain({ signal });
    return { backup, renew: renewal, expiring: renewal.expiring };
  } catch (error) {
    if (signal.aborted) throw error;
    return { backup, expiring: engine.expiringSnapshots(), message: `Renewal failed: ${toAppError(error).message}` };
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
