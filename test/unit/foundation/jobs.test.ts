import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../src-shared/contract/index.ts';
import { EventBus } from '../../../src-main/events.ts';
import { JobRunner } from '../../../src-main/jobs/runner.ts';
import { silentLogger } from '../../../src-main/log.ts';

function runner() {
  const events = new EventBus(silentLogger);
  const seen: AnyEvent[] = [];
  events.subscribe((e) => seen.push(e));
  return { jobs: new JobRunner(events), seen };
}

describe('job runner', () => {
  it('reports progress and success', async () => {
    const { jobs, seen } = runner();
    const job = jobs.start('ingest', async (ctx) => {
      ctx.progress({ done: 0, total: 2, unit: 'files' });
      ctx.progress({ done: 2, total: 2, unit: 'files', current: 'b.txt' });
      return 'ok';
    });
    expect(await job.done).toBe('ok');
    expect(seen.map((e) => e.name)).toEqual(['job.progress', 'job.progress', 'job.finished']);
    expect(seen.at(-1)).toMatchObject({ payload: { jobId: job.jobId, outcome: 'succeeded' } });
    expect(jobs.running()).toEqual([]);
  });

  it('cancels through the abort signal and reports it', async () => {
    const { jobs, seen } = runner();
    const job = jobs.start('backup', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    expect(jobs.cancel(job.jobId)).toBe(true);
    await expect(job.done).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen.at(-1)).toMatchObject({ name: 'job.finished', payload: { outcome: 'cancelled' } });
    expect(jobs.cancel(job.jobId)).toBe(false);
  });

  it('refuses a second exclusive job of the same kind', async () => {
    const { jobs } = runner();
    let release = () => {};
    const first = jobs.start('backup', () => new Promise<void>((r) => (release = r)), { exclusive: true });
    expect(() => jobs.start('backup', async () => {}, { exclusive: true })).toThrow(/already running/);
    release();
    await first.done;
    await jobs.start('backup', async () => {}, { exclusive: true }).done;
  });

  it('reports failures with their message', async () => {
    const { jobs, seen } = runner();
    await expect(jobs.start('restore', async () => Promise.reject(new Error('disk full'))).done).rejects.toThrow('disk full');
    expect(seen.at(-1)).toMatchObject({ payload: { outcome: 'failed', message: 'disk full' } });
  });
});
