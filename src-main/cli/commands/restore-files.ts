// `pdw restore --path P… --target DIR | --original [--conflict …]`: some files or folders of a snapshot,
// restored as files; the library is not touched.
import { resolve } from 'node:path';
import { conflictChoiceSchema, type ConflictChoice, type FileRestoreResult } from '../../../src-shared/contract/snapshot-files.ts';
import type { PdwApp } from '../../app.ts';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../command.ts';
import { followJob } from '../follow-job.ts';

export interface FileRestoreChoice {
  folder: string | null;
  conflict: ConflictChoice;
}

/** The destination and conflict choice, or what is wrong with the flags. */
export function parseFileRestore(values: Record<string, unknown>): FileRestoreChoice | string {
  const target = typeof values.target === 'string' ? values.target : undefined;
  if ((target !== undefined) === (values.original === true)) return 'with --path, give either --target DIR or --original.';
  const conflict = conflictChoiceSchema.safeParse(values.conflict ?? 'keep-both');
  if (!conflict.success) return '--conflict takes keep-both, replace or skip.';
  return { folder: target === undefined ? null : resolve(target), conflict: conflict.data };
}

export async function restoreFileSelection(ctx: CliContext, app: PdwApp, snapshotId: string, paths: string[], choice: FileRestoreChoice): Promise<number> {
  const destination = choice.folder === null ? ({ kind: 'original' } as const) : ({ kind: 'folder', folder: choice.folder } as const);
  const result = await followJob(ctx, app, 'restoreFiles', async () => {
    const { jobId } = await ctx.call(app, 'snapshot.restoreFiles', { snapshotId, paths, destination, conflict: choice.conflict, confirm: choice.conflict === 'replace' });
    return { jobId: jobId as string }; // only the desktop's dialog answers null
  });
  if (!result.outcome) {
    ctx.fail({ ok: false, state: result.state, message: result.message }, () => `Restore ${result.state}: ${result.message ?? 'unknown error'}`);
    return EXIT_FAILURE;
  }
  const files = result.outcome;
  ctx.print(files, () => describe(files));
  return files.failed.length ? EXIT_FAILURE : EXIT_OK;
}

function describe(r: FileRestoreResult): string {
  const where = r.target === null ? 'to their original places' : `into ${r.target}`;
  const lines = [`Restored ${r.restored} file(s) (${r.bytes} bytes) ${where} from snapshot ${r.snapshotId}.`];
  if (r.renamed) lines.push(`${r.renamed} written as "… (restored)" beside a different file of the same name.`);
  if (r.identical) lines.push(`${r.identical} already there with the same content.`);
  if (r.skipped) lines.push(`${r.skipped} skipped: a different file is there (--conflict replace overwrites it).`);
  for (const f of r.failed) lines.push(`  failed: ${f.path} — ${f.reason}`);
  return lines.join('\n');
}
