// Progress of long-running jobs (ingest, backup, restore…), fed by job events from main, and the one way the
// renderer follows a job: `followJob(jobId, kind)` resolves to its typed outcome once it has finished.
import { create } from 'zustand';
import type { EventPayload, JobKind, JobResult } from '../../src-shared/contract/index.ts';
import { api } from '../api/client.ts';

type Progress = EventPayload<'job.progress'>;
type Finished = EventPayload<'job.finished'>;

interface JobsState {
  running: Record<string, Progress>;
  finished: Record<string, Finished>;
  onProgress(p: Progress): void;
  onFinished(f: Finished): void;
  cancel(jobId: string): Promise<void>;
}

export const useJobsStore = create<JobsState>()((set) => ({
  running: {},
  finished: {},
  onProgress: (p) => set((s) => ({ running: { ...s.running, [p.jobId]: p } })),
  onFinished: (f) =>
    set((s) => {
      const running = { ...s.running };
      delete running[f.jobId];
      return { running, finished: { ...s.finished, [f.jobId]: f } };
    }),
  async cancel(jobId) {
    await api.call('job.cancel', { jobId });
  },
}));

/** Waits for job `jobId` to finish, then fetches its outcome (`job.result`); rejects when that cannot be read. */
export function followJob<K extends JobKind>(jobId: string, kind: K): Promise<JobResult<K>> {
  return new Promise((resolve, reject) => {
    let asked = false;
    const finish = () => {
      if (asked) return;
      asked = true;
      unsubscribe();
      api.call('job.result', { jobId }).then((result) => {
        if (result.kind === kind) resolve(result as JobResult<K>);
        else reject(new Error(`Job ${jobId} is a ${result.kind} job, not ${kind}.`));
      }, reject);
    };
    const unsubscribe = useJobsStore.subscribe((s) => {
      if (s.finished[jobId]) finish();
    });
    if (useJobsStore.getState().finished[jobId]) finish();
  });
}
