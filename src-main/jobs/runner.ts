// Runs long work (ingest, backup, restore…) in the background with progress events and cancellation.
// Progress events are throttled so a fast loop cannot flood the renderer.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/contract/index.ts';
import type { EventBus } from '../events.ts';
import type { z } from 'zod';
import type { jobKindSchema, Progress } from '../../src-shared/contract/jobs.ts';

export type JobKind = z.infer<typeof jobKindSchema>;
export type JobProgress = Progress;

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(p: JobProgress): void;
}

export interface StartedJob<T> {
  jobId: string;
  done: Promise<T>;
}

const PROGRESS_INTERVAL_MS = 100;

export class JobRunner {
  readonly #events: EventBus;
  readonly #running = new Map<string, { kind: JobKind; controller: AbortController }>();

  constructor(events: EventBus) {
    this.#events = events;
  }

  /** Starts `work` now. With `exclusive`, refuses while another job of the same kind runs. */
  start<T>(kind: JobKind, work: (job: JobContext) => Promise<T>, options: { exclusive?: boolean } = {}): StartedJob<T> {
    if (options.exclusive && [...this.#running.values()].some((j) => j.kind === kind)) {
      throw new AppError('conflict', `A ${kind} job is already running.`);
    }
    const jobId = randomUUID();
    const controller = new AbortController();
    this.#running.set(jobId, { kind, controller });
    let lastEmit = 0;
    const context: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (p) => {
        const now = performance.now();
        const final = p.total !== null && p.done >= p.total;
        if (!final && now - lastEmit < PROGRESS_INTERVAL_MS) return;
        lastEmit = now;
        this.#events.emit('job.progress', { jobId, kind, ...p });
      },
    };
    const done = (async () => {
      try {
        const value = await work(context);
        this.#events.emit('job.finished', { jobId, kind, outcome: 'succeeded' });
        return value;
      } catch (error) {
        const cancelled = controller.signal.aborted;
        const message = error instanceof Error ? error.message : String(error);
        this.#events.emit('job.finished', { jobId, kind, outcome: cancelled ? 'cancelled' : 'failed', message });
        throw cancelled ? new AppError('cancelled', `The ${kind} job was cancelled.`, { cause: error }) : error;
      } finally {
        this.#running.delete(jobId);
      }
    })();
    done.catch(() => {}); // observed through events; callers that await `done` still see the rejection
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const job = this.#running.get(jobId);
    if (!job) return false;
    job.controller.abort(new AppError('cancelled', 'Cancelled by the user.'));
    return true;
  }

  running(): { jobId: string; kind: JobKind }[] {
    return [...this.#running].map(([jobId, j]) => ({ jobId, kind: j.kind }));
  }

  /** Cancels everything and waits briefly; used on shutdown. */
  cancelAll(): void {
    for (const id of this.#running.keys()) this.cancel(id);
  }
}
