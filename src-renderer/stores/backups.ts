// Backups as the renderer sees them: history, run log, outbox, schedule, and the jobs (backup, verify,
// restore, renew) started from the Backups and Restore pages.
import { create } from 'zustand';
import type { BackupNotice, RunEntry, ScheduleStatus, SnapshotSummary } from '../../src-shared/contract/backup.ts';
import type { JobResult, RequestInput } from '../../src-shared/contract/index.ts';
import { api } from '../api/client.ts';
import { followJob } from './jobs.ts';
import { runAction } from '../api/run-action.ts';

type JobPurpose = 'backup' | 'verify' | 'restore' | 'restoreFiles' | 'renew';
/** The outcome of the last job of each purpose, typed by its kind. */
export type BackupJobResults = { [K in JobPurpose]?: JobResult<K> | undefined };

/** Run log entries fetched per page. */
export const RUNS_PAGE = 20;

interface BackupsState {
  snapshots: SnapshotSummary[];
  runs: RunEntry[];
  runsTotal: number;
  outbox: { snapshots: number; items: number; bytes: number } | null;
  schedule: ScheduleStatus | null;
  /** What needs the user now, each with its action (banners). */
  notices: BackupNotice[];
  /** The job each page follows, by purpose. */
  jobs: Partial<Record<JobPurpose, string>>;
  results: BackupJobResults;
  refresh(): Promise<void>;
  moreRuns(): Promise<void>;
  forget(id: string): Promise<void>;
  keep(id: string): Promise<void>;
  /** Forgets what the retention rules no longer keep; returns how many snapshots it forgot. */
  applyRetention(): Promise<number>;
  renew(): Promise<void>;
  runBackup(): Promise<void>;
  verify(id: string, all?: boolean): Promise<void>;
  restore(input: RequestInput<'backup.restore'>): Promise<void>;
  /** Some files of a snapshot, as files (the desktop dialog may be cancelled: then no job). */
  restoreFiles(input: RequestInput<'snapshot.restoreFiles'>): Promise<void>;
  flushOutbox(): Promise<void>;
  setSchedule(input: RequestInput<'backup.setSchedule'>): Promise<void>;
  setUnattended(input: RequestInput<'backup.setUnattended'>): Promise<void>;
  pauseSchedule(paused: boolean): Promise<void>;
  clearResult(kind: JobPurpose): void;
}

export const useBackupsStore = create<BackupsState>()((set, get) => ({
  snapshots: [],
  runs: [],
  runsTotal: 0,
  outbox: null,
  schedule: null,
  notices: [],
  jobs: {},
  results: {},
  async refresh() {
    const [history, outbox, schedule, log, notices] = await Promise.all([
      api.call('backup.snapshots', {}),
      api.call('backup.outbox', {}),
      api.call('backup.schedule', {}),
      api.call('backup.runs', { limit: Math.max(RUNS_PAGE, get().runs.length) }),
      api.call('backup.notices', {}),
    ]);
    set({ snapshots: history.snapshots, outbox, schedule, runs: log.runs, runsTotal: log.total, notices: notices.notices });
  },
  async moreRuns() {
    const log = await api.call('backup.runs', { offset: get().runs.length, limit: RUNS_PAGE });
    set((s) => ({ runs: [...s.runs, ...log.runs.filter((r) => !s.runs.some((x) => x.id === r.id))], runsTotal: log.total }));
  },
  async forget(id) {
    await api.call('backup.forget', { id, confirm: true });
    await get().refresh();
  },
  async keep(id) {
    await api.call('backup.keep', { id });
    await get().refresh();
  },
  async applyRetention() {
    const { forgotten } = await api.call('backup.applyRetention', {});
    await get().refresh();
    return forgotten.length;
  },
  async renew() {
    follow('renew', (await api.call('backup.renew', {})).jobId);
  },
  async runBackup() {
    follow('backup', (await api.call('backup.run', {})).jobId);
  },
  async verify(id, all = false) {
    follow('verify', (await api.call('backup.verify', { id, ...(all ? { all: true } : {}) })).jobId);
  },
  async restore(input) {
    follow('restore', (await api.call('backup.restore', input)).jobId);
  },
  async restoreFiles(input) {
    const { jobId } = await api.call('snapshot.restoreFiles', input);
    if (jobId) follow('restoreFiles', jobId);
  },
  async flushOutbox() {
    await api.call('backup.flushOutbox', {});
    await get().refresh();
  },
  async setSchedule(input) {
    set({ schedule: await api.call('backup.setSchedule', input) });
  },
  async setUnattended(input) {
    set({ schedule: await api.call('backup.setUnattended', input) });
  },
  async pauseSchedule(paused) {
    set({ schedule: await api.call('backup.pauseSchedule', { paused }) });
  },
  clearResult: (kind) => set((s) => ({ results: { ...s.results, [kind]: undefined } })),
}));

function follow(kind: JobPurpose, jobId: string): void {
  useBackupsStore.setState((s) => ({ jobs: { ...s.jobs, [kind]: jobId }, results: { ...s.results, [kind]: undefined } }));
  runAction(
    followJob(jobId, kind)
      .then((result) => useBackupsStore.setState((s) => ({ results: { ...s.results, [kind]: result } })))
      .finally(() => {
        useBackupsStore.setState((s) => ({ jobs: { ...s.jobs, [kind]: undefined } }));
        runAction(useBackupsStore.getState().refresh());
      }),
  );
}

let warnedAtRisk = new Set<string>();

/**
 * After a backup or renewal anywhere in the app (the schedule's too): a notification when renewal leaves kept
 * snapshots expiring that it did not leave so before, so the user hears of it on any page.
 */
export async function warnExpiringSnapshots(pushToast: (toast: { kind: 'error'; title: string; message: string }) => void): Promise<void> {
  const { snapshots } = await api.call('backup.snapshots', {});
  const atRisk = snapshots.filter((s) => s.atRisk);
  const fresh = atRisk.filter((s) => !warnedAtRisk.has(s.runId));
  warnedAtRisk = new Set(atRisk.map((s) => s.runId));
  if (!fresh.length) return;
  const soonest = atRisk.map((s) => s.expiresAt).filter((d): d is string => d !== null).sort()[0];
  pushToast({
    kind: 'error',
    title: 'Backups will expire',
    message: `Renewal failed: ${atRisk.length} kept snapshot(s) will expire on Walrus${soonest ? ` from ${new Date(soonest).toLocaleString()}` : ''} unless a retry succeeds. See Backups.`,
  });
}
