// Progress of long-running jobs (ingest, backup, restore), fed by job events from main.
import { create } from 'zustand';
import type { EventPayload } from '../../src-shared/contract/index.ts';
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
