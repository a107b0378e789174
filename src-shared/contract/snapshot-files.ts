// A snapshot's files: browse them, compare two snapshots, and restore chosen files or folders to a chosen
// place (or where they were) without touching the library. A destination folder given as a path is taken
// only from the CLI; the desktop app picks it with its own dialog, so the renderer never sends a raw path.
import { z } from 'zod';
import { defineRequest } from './define.ts';

const snapshotId = z.string().min(1).max(200);

export const snapshotFileEntrySchema = z.object({
  documentId: z.number().int(),
  /** The file's path on the machine that made the snapshot. */
  path: z.string(),
  size: z.number().int().nonnegative(),
  modifiedAt: z.string(),
  /** SHA-256 of the file as kept; null when only the document's text was kept (the file had changed or was gone). */
  hash: z.string().nullable(),
});
export type SnapshotFileEntry = z.infer<typeof snapshotFileEntrySchema>;

export const conflictChoiceSchema = z.enum(['keep-both', 'replace', 'skip']);
export type ConflictChoice = z.infer<typeof conflictChoiceSchema>;

export const fileRestoreResultSchema = z.object({
  snapshotId: z.string(),
  /** Where the files went: the folder chosen, or null for their original places. */
  target: z.string().nullable(),
  restored: z.number().int(),
  /** Already there with the same content: left as they are. */
  identical: z.number().int(),
  /** A different file was there and the choice was to skip. */
  skipped: z.number().int(),
  /** Written beside a different file of the same name (keep both). */
  renamed: z.number().int(),
  bytes: z.number().int(),
  failed: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type FileRestoreResult = z.infer<typeof fileRestoreResultSchema>;

const snapshotPath = z.string().min(1).max(4096);

export const snapshotFileRequests = {
  'snapshot.files': defineRequest(
    "A snapshot's files (read from its manifest on Walrus), sorted by path; `under` keeps those inside one folder.",
    z.object({ id: snapshotId, under: snapshotPath.optional(), limit: z.number().int().min(1).max(100_000).default(10_000) }).strict(),
    z.object({ snapshotId: z.string(), createdAt: z.string(), files: z.array(snapshotFileEntrySchema), total: z.number().int() }),
  ),
  'snapshot.compare': defineRequest(
    'What changed between two snapshots: files added, removed and changed (by content), and how many stayed the same.',
    z.object({ from: snapshotId, to: snapshotId }).strict(),
    z.object({
      from: z.string(),
      to: z.string(),
      added: z.array(snapshotFileEntrySchema),
      removed: z.array(snapshotFileEntrySchema),
      changed: z.array(snapshotFileEntrySchema),
      unchanged: z.number().int(),
    }),
  ),
  'snapshot.restoreFiles': defineRequest(
    "Restore files or folders of a snapshot (their paths as the snapshot lists them) into a folder, or where they were; the library is not touched. A job; its outcome is backup.result's `files`.",
    z
      .object({
        snapshotId,
        paths: z.array(snapshotPath).min(1).max(1000),
        /** folder: into `folder` (CLI only), keeping each chosen item's name; pick: the desktop app asks where; original: where they were. */
        destination: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('folder'), folder: snapshotPath }).strict(),
          z.object({ kind: z.literal('pick') }).strict(),
          z.object({ kind: z.literal('original') }).strict(),
        ]),
        conflict: conflictChoiceSchema.default('keep-both'),
        /** Replacing files needs an explicit yes. */
        confirm: z.boolean().default(false),
      })
      .strict()
      .refine((v) => v.conflict !== 'replace' || v.confirm, { message: 'Replacing existing files needs confirm: true', path: ['confirm'] }),
    z.object({ jobId: z.string().nullable() }),
  ),
};
