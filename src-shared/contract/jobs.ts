// Long-running work (ingest, backup, restore) runs as jobs that report progress and can be cancelled.
import { z } from 'zod';
import { defineRequest } from './define.ts';

export const jobKindSchema = z.enum(['ingest', 'reembed', 'backup', 'restore', 'verify', 'renew']);

/** How far a job (or any long operation inside one) has come: the one progress shape, main, thread and renderer. */
export const progressSchema = z.object({
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  unit: z.enum(['files', 'bytes', 'items', 'chunks']),
  current: z.string().optional(),
});
export type Progress = z.infer<typeof progressSchema>;

export const jobProgressSchema = progressSchema.extend({ jobId: z.string(), kind: jobKindSchema });

export const jobFinishedSchema = z.object({
  jobId: z.string(),
  kind: jobKindSchema,
  outcome: z.enum(['succeeded', 'failed', 'cancelled']),
  message: z.string().optional(),
});

export const jobRequests = {
  'job.cancel': defineRequest(
    'Cancel a running job; resolves once cancellation was requested.',
    z.object({ jobId: z.string().min(1) }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),
};

export const jobEvents = {
  'job.progress': jobProgressSchema,
  'job.finished': jobFinishedSchema,
};
