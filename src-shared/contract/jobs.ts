// Long-running work (ingest, backup, restore…) runs as jobs that report progress, can be cancelled and finish
// with a typed outcome. Each kind names the schema of its outcome here; `job.result` serves it once finished.
import { z } from 'zod';
import { backupOutcomeSchema, renewalResultSchema, restoreResultSchema, verifyResultSchema } from './backup.ts';
import { defineRequest } from './define.ts';
import { ingestSummarySchema, reembedOutcomeSchema, searchQualityOutcomeSchema } from './library.ts';
import { fileRestoreResultSchema } from './snapshot-files.ts';

/**
 * A step of a job that moves no count — a backup counts items as it seals them, then stays at "586 of 586 items"
 * while it uploads them, then its index, then applies retention and renews — with what it says beside the count: one wording for the app and
 * the CLI.
 */
export const JOB_PHASE_TEXT = {
  uploadingItems: 'Uploading sealed items to Walrus…',
  uploadingIndex: 'Uploading the snapshot index…',
  maintaining: 'Applying retention and renewing stored items…',
} as const;
export type JobPhase = keyof typeof JOB_PHASE_TEXT;

/** How far a job (or any long operation inside one) has come: the one progress shape, main, thread and renderer. */
export const progressSchema = z.object({
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  unit: z.enum(['files', 'bytes', 'items', 'chunks']),
  current: z.string().optional(),
  /**
   * Work read ahead of `done`, not yet final (`read` ≥ `done`). An ingest's `done` counts the files whose outcome
   * is final (saved in the catalog, unchanged or failed) and `read` those read and embedded, whose batch may not
   * be committed yet: a cancel or crash keeps `done` of them.
   */
  read: z.number().nonnegative().optional(),
  /** The step under way when it moves no count (see JOB_PHASE_TEXT); absent while the count moves. */
  phase: z.enum(Object.keys(JOB_PHASE_TEXT) as [JobPhase, ...JobPhase[]]).optional(),
});
export type Progress = z.infer<typeof progressSchema>;

/** Every job kind and what it finishes with. A new kind is added here (see docs/architecture.md). */
export const jobOutcomeSchemas = {
  ingest: ingestSummarySchema,
  reembed: reembedOutcomeSchema,
  searchQuality: searchQualityOutcomeSchema,
  backup: backupOutcomeSchema,
  restore: restoreResultSchema,
  restoreFiles: fileRestoreResultSchema,
  verify: verifyResultSchema,
  renew: renewalResultSchema,
};
export type JobKind = keyof typeof jobOutcomeSchemas;
export type JobOutcome<K extends JobKind> = z.output<(typeof jobOutcomeSchemas)[K]>;

export const jobKindSchema = z.enum(Object.keys(jobOutcomeSchemas) as [JobKind, ...JobKind[]]);
export const jobStateSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

function jobResultOf<K extends JobKind, S extends z.ZodType>(kind: K, outcome: S) {
  return z.object({
    jobId: z.string(),
    kind: z.literal(kind),
    state: jobStateSchema,
    /** Set once it succeeded; also when cancelled for kinds that keep what they did (an ingest's files so far). */
    outcome: outcome.optional(),
    /** Why it failed or stopped. */
    message: z.string().optional(),
  });
}

export const jobResultSchema = z.discriminatedUnion('kind', [
  jobResultOf('ingest', jobOutcomeSchemas.ingest),
  jobResultOf('reembed', jobOutcomeSchemas.reembed),
  jobResultOf('searchQuality', jobOutcomeSchemas.searchQuality),
  jobResultOf('backup', jobOutcomeSchemas.backup),
  jobResultOf('restore', jobOutcomeSchemas.restore),
  jobResultOf('restoreFiles', jobOutcomeSchemas.restoreFiles),
  jobResultOf('verify', jobOutcomeSchemas.verify),
  jobResultOf('renew', jobOutcomeSchemas.renew),
]);
export type JobResult<K extends JobKind = JobKind> = Extract<z.output<typeof jobResultSchema>, { kind: K }>;

export const jobProgressSchema = progressSchema.extend({ jobId: z.string(), kind: jobKindSchema });

export const jobFinishedSchema = z.object({
  jobId: z.string(),
  kind: jobKindSchema,
  outcome: z.enum(['succeeded', 'failed', 'cancelled']),
  message: z.string().optional(),
});

const jobId = z.object({ jobId: z.string().min(1) }).strict();

export const jobRequests = {
  'job.cancel': defineRequest('Cancel a running job; resolves once cancellation was requested.', jobId, z.object({ cancelled: z.boolean() })),
  'job.result': defineRequest(
    "A job's state and, once finished, its typed outcome (kept for the last 100 finished jobs, unread ones longest).",
    jobId,
    jobResultSchema,
  ),
};

export const jobEvents = {
  'job.progress': jobProgressSchema,
  'job.finished': jobFinishedSchema,
};
