// How every CLI command follows a job it starts (ingest, backup, restore, renew, verify): a progress line on
// stderr, Ctrl-C cancels the job, and the job's typed outcome from `job.result` once it has finished.
import { AppError, JOB_PHASE_TEXT, jobResultSchema, type AnyEvent, type JobKind, type JobResult, type Progress } from '../../src-shared/contract/index.ts';
import type { PdwApp } from '../app.ts';
import type { CliContext } from './command.ts';
import { printable } from './printable.ts';

export async function followJob<K extends JobKind>(ctx: CliContext, app: PdwApp, kind: K, start: () => Promise<{ jobId: string }>): Promise<JobResult<K>> {
  // Subscribed before starting: a small job can finish before its id comes back.
  const seen: AnyEvent[] = [];
  let wake = () => {};
  const unsubscribe = app.events.subscribe((event) => {
    seen.push(event);
    wake();
  });
  try {
    const { jobId } = await start();
    let cancelling = false;
    void ctx.interrupted().then(() => {
      cancelling = true;
      void app.dispatch('job.cancel', { jobId }, { transport: 'cli' });
    });
    for (;;) {
      const mine = seen.filter((e) => 'jobId' in e.payload && e.payload.jobId === jobId);
      const progress = mine.findLast((e) => e.name === 'job.progress');
      if (progress?.name === 'job.progress') ctx.progress(progressLine(kind, progress.payload, cancelling));
      if (mine.some((e) => e.name === 'job.finished')) break;
      await new Promise<void>((r) => (wake = r));
    }
    return await jobResult(app, jobId, kind);
  } finally {
    unsubscribe();
  }
}

/** `p.read` set (an ingest): `done` is what is saved, and what is read ahead of it is counted apart. */
export function progressLine(label: string, p: Progress, cancelling: boolean): string {
  const counted = p.read === undefined ? '' : ` saved, ${p.read} read`;
  const phase = p.phase ? `  ${JOB_PHASE_TEXT[p.phase]}` : '';
  return `${label}: ${p.done}/${p.total ?? '?'} ${p.unit}${counted}${p.current ? `  ${printable(p.current)}` : ''}${phase}${cancelling ? '  (cancelling…)' : ''}`;
}

async function jobResult<K extends JobKind>(app: PdwApp, jobId: string, kind: K): Promise<JobResult<K>> {
  const reply = await app.dispatch('job.result', { jobId }, { transport: 'cli' });
  if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, reply.error.issues ? { issues: reply.error.issues } : undefined);
  const result = jobResultSchema.parse(reply.value);
  if (result.kind !== kind) throw new AppError('internal', `Job ${jobId} is a ${result.kind} job, not ${kind}.`);
  return result as JobResult<K>;
}
