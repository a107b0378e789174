// Backups as the renderer sees them: history, outbox, schedule, and the jobs (backup, verify, restore)
// started from the Backups and Restore pages.
import { create } from 'zustand';
import type { BackupJobResult, ScheduleStatus, SnapshotSummary } from '../../src-shared/contract/backup.ts';
import type { RequestInput } from '../../src-shared/contract/index.ts';
import { api } from '../api/client.ts';
import { useJobsStore } from './jobs.ts';

interface BackupsState {
  snapshots: SnapshotSummary[];
  outbox: { snapshots: number; items: number; bytes: number } | null;
  schedule: ScheduleStatus | null;
  /** The job each page follows, by purpose. */
  jobs: Partial<Record<'backup' | 'verify' | 'restore', string>>;
  results: Partial<Record<'backup' | 'verify' | 'restore', BackupJobResult>>;
  refresh(): Promise<void>;
  runBackup(): Promise<void>;
  verify(id: string, all?: boolean): Promise<void>;
  restore(input: RequestInput<'backup.restore'>): Promise<void>;
  flushOutbox(): Promise<void>;
  setSchedule(input: RequestInput<'backup.setSchedule'>): Promise<void>;
  clearResult(kind: 'backup' | 'verify' | 'restore'): void;
}

export const useBackupsStore = create<BackupsState>()((set, get) => ({
  snapshots: [],
  outbox: null,
  schedule: null,
  jobs: {},
  results: {},
  async refresh() {
    const [history, outbox, schedule] = await Promise.all([api.call('backup.snapshots', {}), api.call('backup.outbox', {}), api.call('backup.schedule', {})]);
    set({ snapshots: history.snapshots, outbox, schedule });
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
  async flushOutbox() {
    await api.call('backup.flushOutbox', {});
    await get().refresh();
  },
  async setSchedule(input) {
    set({ schedule: await api.call('backup.setSchedule', input) });
  },
  clearResult: (kind) => set((s) => ({ results: { ...s.results, [kind]: undefined } })),
}));

function follow(kind: 'backup' | 'verify' | 'restore', jobId: string): void {
  useBackupsStore.setState((s) => ({ jobs: { ...s.jobs, [kind]: jobId }, results: { ...s.results, [kind]: undefined } }));
  const finish = async () => {
    unsubscribe();
    try {
      const result = await api.call('backup.result', { jobId });
      useBackupsStore.setState((s) => ({ results: { ...s.results, [kind]: result } }));
    } finally {
      useBackupsStore.setState((s) => ({ jobs: { ...s.jobs, [kind]: undefined } }));
      await useBackupsStore.getState().refresh().catch(() => {});
    }
  };
  const unsubscribe = useJobsStore.subscribe((s) => {
    if (s.finished[jobId]) void finish();
  });
  if (useJobsStore.getState().finished[jobId]) void finish();
}
