// The job runner: progress, cancellation, exclusivity, and the typed outcomes it keeps for `job.result`.
import { describe, expect, it } from 'vitest';
import { requests, type AnyEvent, type IngestSummary, type JobOutcome } from '../../../../src-shared/contract/index.ts';
import { EventBus } from '../../../../src-main/kernel/events.ts';
import { JobCancelled, JobRunner } from '../../../../src-main/kernel/jobs/runner.ts';
import { silentLogger } from '../../../../src-main/kernel/log.ts';

function runner(keepFinished?: number) {
  const events = new EventBus(silentLogger);
  const seen: AnyEvent[] = [];
  events.subscribe((e) => seen.push(e));
  return { jobs: new JobRunner(events, keepFinished === undefined ? {} : { keepFinished }), seen };
}

const summary = (ingested: number, cancelled = false): IngestSummary => ({
  outcomes: Array.from({ length: ingested }, (_, i) => ({ path: `/docs/${i}.txt`, status: 'ingested' as const, documentId: i + 1, chunks: 1 })),
  counts: { ingested, updated: 0, unchanged: 0, failed: 0 },
  cancelled,
});
const renewal: JobOutcome<'renew'> = { renewed: 2, repacked: 0, movedItems: 0, manifests: 0, notDue: 0, bytes: 2048, cost: 12, expired: 0, failures: [], expiring: [] };
/** What `job.result` answers, checked against the contract as the dispatcher checks it. */
const served = (jobs: JobRunner, jobId: string) => requests['job.result'].output.parse(jobs.result(jobId));
const never = () => new Promise<never>(() => {});

describe('job runner', () => {
  it('reports progress and success', async () => {
    const { jobs, seen } = runner();
    const job = jobs.start('ingest', async (ctx) => {
      ctx.progress({ done: 0, total: 2, unit: 'files' });
      ctx.progress({ done: 2, total: 2, unit: 'files', current: 'b.txt' });
      return summary(2);
    });
    expect(await job.done).toEqual(summary(2));
    expect(seen.map((e) => e.name)).toEqual(['job.progress', 'job.progress', 'job.finished']);
    expect(seen.at(-1)).toMatchObject({ payload: { jobId: job.jobId, outcome: 'succeeded' } });
    expect(jobs.running()).toEqual([]);
  });

  it('throttles a moving count but never a change of phase', async () => {
    const { jobs, seen } = runner();
    const job = jobs.start('renew', async (ctx) => {
      ctx.progress({ done: 1, total: 10, unit: 'items' });
      ctx.progress({ done: 2, total: 10, unit: 'items' }); // within the interval: dropped
      ctx.progress({ done: 3, total: 10, unit: 'items', phase: 'uploadingItems' });
      ctx.progress({ done: 3, total: 10, unit: 'items', phase: 'uploadingIndex' });
      ctx.progress({ done: 3, total: 10, unit: 'items', phase: 'uploadingIndex' }); // same phase: dropped
      return renewal;
    });
    await job.done;
    const progress = seen.flatMap((e) => (e.name === 'job.progress' ? [[e.payload.done, e.payload.phase]] : []));
    expect(progress).toEqual([
      [1, undefined],
      [3, 'uploadingItems'],
      [3, 'uploadingIndex'],
    ]);
  });

  it('cancels through the abort signal and reports it', async () => {
    const { jobs, seen } = runner();
    const job = jobs.start('backup', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    expect(jobs.cancel(job.jobId)).toBe(true);
    await expect(job.done).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen.at(-1)).toMatchObject({ name: 'job.finished', payload: { outcome: 'cancelled' } });
    expect(served(jobs, job.jobId)).toMatchObject({ kind: 'backup', state: 'cancelled' });
    expect(jobs.cancel(job.jobId)).toBe(false);
  });

  it('refuses a second exclusive job of the same kind', async () => {
    const { jobs } = runner();
    let release = (_: JobOutcome<'renew'>) => {};
    const first = jobs.start('renew', () => new Promise<JobOutcome<'renew'>>((r) => (release = r)), { exclusive: true });
    expect(() => jobs.start('renew', never, { exclusive: true })).toThrow(/already running/);
    release(renewal);
    await first.done;
    await jobs.start('renew', async () => renewal, { exclusive: true }).done;
  });

  it('reports failures with their message', async () => {
    const { jobs, seen } = runner();
    const job = jobs.start('restore', async () => Promise.reject(new Error('disk full')));
    await expect(job.done).rejects.toThrow('disk full');
    expect(seen.at(-1)).toMatchObject({ payload: { outcome: 'failed', message: 'disk full' } });
    expect(served(jobs, job.jobId)).toEqual({ jobId: job.jobId, kind: 'restore', state: 'failed', message: 'disk full' });
  });
});

describe('job outcomes', () => {
  it('serves a running job as running, then its typed outcome', async () => {
    const { jobs } = runner();
    let release = (_: IngestSummary) => {};
    const job = jobs.start('ingest', () => new Promise<IngestSummary>((r) => (release = r)));
    expect(served(jobs, job.jobId)).toEqual({ jobId: job.jobId, kind: 'ingest', state: 'running' });
    release(summary(3));
    await job.done;
    const result = served(jobs, job.jobId);
    expect(result).toEqual({ jobId: job.jobId, kind: 'ingest', state: 'succeeded', outcome: summary(3) });
    // Typed per kind: narrowing on `kind` gives the ingest summary.
    if (result.kind !== 'ingest') throw new Error('not an ingest');
    expect(result.outcome?.counts.ingested).toBe(3);
    // Reads are repeatable: a retried request (a reply lost on the way) gets the same answer.
    expect(served(jobs, job.jobId)).toEqual(result);
  });

  it('has the outcome ready when job.finished is emitted', async () => {
    const events = new EventBus(silentLogger);
    const jobs = new JobRunner(events);
    const atFinish: unknown[] = [];
    events.subscribe((e) => {
      if (e.name === 'job.finished') atFinish.push(jobs.result(e.payload.jobId));
    });
    await jobs.start('renew', async () => renewal).done;
    expect(atFinish).toEqual([expect.objectContaining({ kind: 'renew', state: 'succeeded', outcome: renewal })]);
  });

  it('keeps a cancelled job’s partial outcome', async () => {
    const { jobs } = runner();
    const job = jobs.start('ingest', async () => {
      throw new JobCancelled(summary(1, true), 'Ingest cancelled.');
    });
    await expect(job.done).rejects.toMatchObject({ code: 'cancelled' });
    expect(served(jobs, job.jobId)).toEqual({ jobId: job.jobId, kind: 'ingest', state: 'cancelled', outcome: summary(1, true), message: 'Ingest cancelled.' });
  });

  it('names an unknown job id clearly', () => {
    const { jobs } = runner();
    expect(() => jobs.result('no-such-job')).toThrow(expect.objectContaining({ code: 'not_found', message: expect.stringMatching(/No job no-such-job.*Start it again/) }));
  });

  it('keeps the last N finished outcomes, evicting read ones before unread ones', async () => {
    const { jobs } = runner(3);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const job = jobs.start('ingest', async () => summary(i));
      await job.done;
      ids.push(job.jobId);
    }
    served(jobs, ids[1]!); // read: it goes first, though the oldest is ids[0]
    const fourth = jobs.start('ingest', async () => summary(3));
    await fourth.done;
    expect(() => jobs.result(ids[1]!)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(served(jobs, ids[0]!)).toMatchObject({ state: 'succeeded', outcome: summary(0) });
    // ids[0] has now been read: it goes next; with none read, the oldest unread (ids[2]) goes.
    await jobs.start('ingest', async () => summary(4)).done;
    expect(() => jobs.result(ids[0]!)).toThrow(expect.objectContaining({ code: 'not_found' }));
    await jobs.start('ingest', async () => summary(5)).done;
    expect(() => jobs.result(ids[2]!)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(served(jobs, fourth.jobId)).toMatchObject({ outcome: summary(3) });
  });

  it('never evicts a running job, however many finish meanwhile', async () => {
    const { jobs } = runner(1);
    const long = jobs.start('backup', never);
    for (let i = 0; i < 3; i++) await jobs.start('ingest', async () => summary(i)).done;
    expect(served(jobs, long.jobId)).toEqual({ jobId: long.jobId, kind: 'backup', state: 'running' });
    jobs.cancelAll();
  });

  it('refuses an outcome of the wrong shape for its kind at the contract', () => {
    const wrong = { jobId: 'j', kind: 'renew', state: 'succeeded', outcome: summary(1) };
    expect(requests['job.result'].output.safeParse(wrong).success).toBe(false);
    expect(requests['job.result'].output.safeParse({ ...wrong, outcome: renewal }).success).toBe(true);
  });
});
