// The outcomes of jobs, for `job.result`: every running job, and the last `keep` finished ones. When more
// finish, outcomes already read go first (oldest first), so an outcome nobody has fetched yet lasts longest.
import { AppError } from '../../../src-shared/contract/define.ts';
import type { JobKind, JobResult } from '../../../src-shared/contract/jobs.ts';

export class JobResults {
  readonly #keep: number;
  readonly #running = new Map<string, JobKind>();
  /** Finished jobs in the order they finished, with whether their outcome was read. */
  readonly #finished = new Map<string, { result: JobResult; read: boolean }>();

  constructor(keep: number) {
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keepFinished must be a positive whole number, not ${keep}.`);
    this.#keep = keep;
  }

  started(jobId: string, kind: JobKind): void {
    this.#running.set(jobId, kind);
  }

  finished(result: JobResult): void {
    this.#running.delete(result.jobId);
    this.#finished.set(result.jobId, { result, read: false });
    while (this.#finished.size > this.#keep) this.#finished.delete(this.#victim());
  }

  read(jobId: string): JobResult {
    const kind = this.#running.get(jobId);
    if (kind) return { jobId, kind, state: 'running' } as JobResult;
    const entry = this.#finished.get(jobId);
    if (!entry) {
      throw new AppError('not_found', `No job ${jobId}: it never ran in this app, or its outcome was dropped (the last ${this.#keep} finished jobs are kept). Start it again.`);
    }
    entry.read = true;
    return entry.result;
  }

  #victim(): string {
    for (const [jobId, entry] of this.#finished) if (entry.read) return jobId;
    return this.#finished.keys().next().value as string;
  }
}
