// Handlers of the job requests every domain's jobs share: cancel one, read its outcome.
import type { jobRequests } from '../../../src-shared/contract/jobs.ts';
import type { HandlerMap } from '../rpc/dispatcher.ts';
import type { JobRunner } from './runner.ts';

export function createJobHandlers(jobs: JobRunner): HandlerMap<keyof typeof jobRequests> {
  return {
    'job.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'job.result': ({ jobId }) => jobs.result(jobId),
  };
}
