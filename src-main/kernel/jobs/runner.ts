// Runs long work (ingest, backup, restore…) in the background with progress events and cancellation, and keeps
// each job's typed outcome for `job.result`. Progress events are throttled so a fast loop cannot flood the renderer.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/contract/index.ts';
import type { JobKind, JobOutcome, JobResult, Progress } from '../../../src-shared/contract/jobs.ts';
import type { EventBus } from '../events.ts';
import { JobResults } from './results.ts';

export type { JobKind, JobOutcome, JobResult, Progress } from '../../../src-shared/contract/jobs.ts';

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(p: Progress): void;
}

export interface StartedJob<T> {
  jobId: string;
  done: Promise<T>;
}

/**
 * Thrown by a job that stopped on cancellation but keeps what it did (an ingest's files so far): the job is
 * reported cancelled, with `partial` as its outcome.
 */
export class JobCancelled<T> extends AppError {
  readonly partial: T;
  constructor(partial: T, message = 'Cancelled by the user.') {
    super('cancelled', message);
    this.partial = partial;
  }
}

const PROGRESS_INTERVAL_MS = 100;

export class JobRunner {
  readonly #events: EventBus;
  readonly #running = new Map<string, { kind: JobKind; controller: AbortController }>();
  readonly #results: JobResults;

  /** `keepFinished`: how many finished jobs' outcomes are kept for `result` (unread ones are evicted last). */
  constructor(events: EventBus, options: { keepFinished?: number } = {}) {
    this.#events = events;
    this.#results = new JobResults(options.keepFinished ?? 100);
  }

  /** Starts `work` now. With `exclusive`, refuses while another job of the same kind runs. */
  start<K extends JobKind>(kind: K, work: (job: JobContext) => Promise<JobOutcome<K>>, options: { exclusive?: boolean } = {}): StartedJob<JobOutcome<K>> {
    if (options.exclusive && [...this.#running.values()].some((j) => j.kind === kind)) {
      throw new AppError('conflict', `A ${kind} job is already running.`);
    }
    const jobId = randomUUID();
    const controller = new AbortController();
    this.#running.set(jobId, { kind, controller });
    this.#results.started(jobId, kind);
    let lastEmit = 0;
    let lastPhase: Progress['phase'];
    const context: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (p) => {
        const now = performance.now();
        // The last count and every change of phase always go out: either may be what shows for seconds.
        const final = (p.total !== null && p.done >= p.total) || p.phase !== lastPhase;
        if (!final && now - lastEmit < PROGRESS_INTERVAL_MS) return;
        lastEmit = now;
        lastPhase = p.phase;
        this.#events.emit('job.progress', { jobId, kind, ...p });
      },
    };
    const done = (async () => {
      try {
        const outcome = await work(context);
        // Recorded before job.finished goes out, so a client that asks right after that event finds it.
        this.#results.finished({ jobId, kind, state: 'succeeded', outcome } as JobResult);
        this.#events.emit('job.finished', { jobId, kind, outcome: 'succeeded' });
        return outcome;
      } catch (error) {
        const cancelled = controller.signal.aborted || error instanceof JobCancelled;
        const message = error instanceof Error ? error.message : String(error);
        const partial = error instanceof JobCancelled ? { outcome: error.partial } : {};
        this.#results.finished({ jobId, kind, state: cancelled ? 'cancelled' : 'failed', message, ...partial } as JobResult);
        this.#events.emit('job.finished', { jobId, kind, outcome: cancelled ? 'cancelled' : 'failed', message });
        throw cancelled ? new AppError('cancelled', `The ${kind} job was cancelled.`, { cause: error }) : error;
      } finally {
        this.#running.delete(jobId);
      }
    })();
    done.catch(() => {}); // observed through events; callers that await `done` still see the rejection
    return { jobId, done };
  }

  /** A job's state and, once finished, its outcome; an unknown or evicted job is a `not_found` error. */
  result(jobId: string): JobResult {
    return this.#results.read(jobId);
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
