// Contract handlers for backups: long work (backup, verify, restore, renewal) starts as jobs (backup-jobs.ts)
// whose outcomes `job.result` serves; the rest answers from the local history, the run log or the manifest on Walrus.
import { AppError } from '../../src-shared/contract/define.ts';
import type { backupRequests } from '../../src-shared/contract/backup.ts';
import type { snapshotFileRequests } from '../../src-shared/contract/snapshot-files.ts';
import { isWithin } from './file-restore.ts';
import { compareSnapshots, entryOf } from './snapshot-compare.ts';
import { openSnapshot, snapshotDocuments } from './snapshot-files.ts';
import type { z } from 'zod';
import type { CallContext } from '../kernel/index.ts';
import type { BackupChange, BackupJobs } from './backup-jobs.ts';
import type { BackupEngine } from './engine.ts';
import type { Discovery } from './discover.ts';
import { expiryBasis, previewSnapshot, retentionPreview, snapshotSummaries, snapshotSummary } from './history.ts';
import { INTERVALS, type BackupScheduler, type ScheduleState } from './scheduler.ts';
import type { UnattendedControl } from './unattended-control.ts';
import { currentNotices } from './current-notices.ts';

export interface BackupHandlerDeps {
  engine: () => Promise<BackupEngine>;
  /** Starts the long work; the schedule starts its runs through the same. */
  jobs: BackupJobs;
  /** Absent where nothing schedules. */
  scheduler?: () => Promise<BackupScheduler>;
  /** Backups while the wallet is locked: on with a schedule (where that needs no question), off without one. */
  unattended?: UnattendedControl;
  /** The history or outbox changed (the app emits `backup.changed`). */
  onChanged?: (reason: BackupChange) => void;
  /** Lists the wallet's snapshots on Walrus (needs the wallet and the Sui RPC). */
  discover?: () => Promise<{ address: string } & Discovery>;
  /** The desktop app's folder dialog (null: cancelled); absent elsewhere. */
  pickFolder?: (() => Promise<string | null>) | undefined;
}

const UNATTENDED_OFF = { enabled: false, method: null, keychainAvailable: false };

type Requests = typeof backupRequests & typeof snapshotFileRequests;
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

    'snapshot.files': async ({ id, under, limit }) => {
      const reading = await deps.jobs.reading();
      const opened = await openSnapshot(reading, id);
      const files = (await snapshotDocuments(reading, opened)).filter((d) => under === undefined || isWithin(d.path, under));
      return { snapshotId: opened.snapshotId, createdAt: opened.manifest.createdAt, files: files.slice(0, limit).map(entryOf), total: files.length };
    },

    'snapshot.compare': async ({ from, to }) => {
      const reading = await deps.jobs.reading();
      const [a, b] = await Promise.all([openSnapshot(reading, from), openSnapshot(reading, to)]);
      const comparison = compareSnapshots(await snapshotDocuments(reading, a), await snapshotDocuments(reading, b));
      return { from: a.snapshotId, to: b.snapshotId, ...comparison };
    },

    'snapshot.restoreFiles': async ({ snapshotId, paths, destination, conflict }, ctx) => {
      if (destination.kind === 'folder' && (ctx.transport === 'ipc' || ctx.transport === 'http')) {
        throw new AppError('unsupported', 'The app does not write to typed paths: choose the folder with the dialog (desktop), restore to the original places, or use `pdw restore --path … --target DIR`.');
      }
      let folder: string | null = null;
      if (destination.kind === 'folder') folder = destination.folder;
      if (destination.kind === 'pick') {
        if (!deps.pickFolder) throw new AppError('unsupported', 'Only the desktop app can ask where to restore; restore to the original places, or use `pdw restore --path … --target DIR`.');
        folder = await deps.pickFolder();
        if (folder === null) return { jobId: null };
      }
      return started(await deps.jobs.restoreFiles(snapshotId, { paths, folder, conflict }));
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

    'backup.renew': async () => started(await deps.jobs.renew({ withRetention: false })),

    'backup.schedule': async () => scheduleReply(deps, (await requireScheduler(deps)).state),

    'backup.setSchedule': async ({ interval, minutes, timeOfDay }) => {
      const scheduler = await requireScheduler(deps);
      const ms = interval === 'off' ? 0 : interval === 'custom' ? (minutes as number) * 60_000 : INTERVALS[interval];
      await scheduler.setSchedule(ms, timeOfDay ?? null);
      // No schedule, no unattended keys; a schedule seals them with the keychain when that asks nothing.
      if (ms === 0) await deps.unattended?.turnOff();
      else await deps.unattended?.turnOnQuietly().catch(() => undefined); // the page still offers it
      return scheduleReply(deps, scheduler.state);
    },

    'backup.setUnattended': async ({ enabled, method, passphrase }) => {
      const scheduler = await requireScheduler(deps);
      if (!deps.unattended) throw new AppError('unsupported', 'Unattended backups need a wallet on this device.');
      if (enabled) await deps.unattended.turnOn({ method, passphrase });
      else await deps.unattended.turnOff();
      return scheduleReply(deps, scheduler.state);
    },

    'backup.notices': async () => {
      const schedule = deps.scheduler ? (await deps.scheduler()).state : null;
      return { notices: currentNotices(await deps.engine(), schedule) };
    },

    'backup.pauseSchedule': async ({ paused }) => {
      const scheduler = await requireScheduler(deps);
      await scheduler.setPaused(paused);
      return scheduleReply(deps, scheduler.state);
    },
  };
}

async function scheduleReply(deps: BackupHandlerDeps, state: ScheduleState) {
  return { ...scheduleStatus(state), epoch: await epochLength(deps), unattended: (await deps.unattended?.state()) ?? UNATTENDED_OFF };
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
    timeOfDay: s.timeOfDay,
    paused: s.paused,
  };
}
