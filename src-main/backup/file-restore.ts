// Restores chosen files and folders of a snapshot as files, into a folder or where they were, leaving the
// library alone. Only their content items are read (each object once). A chosen item keeps its name inside
// the folder (a folder `notes` lands as `<folder>/notes/…`, like `cp -r`). Where a file is already there, the
// same content is left as is; a different one is kept (the restored copy gets "(restored)" in its name),
// replaced, or skipped, as chosen. Each file is written atomically with its original modification time.
import { createHash } from 'node:crypto';
import { readFile, stat, utimes } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import type { ConflictChoice, FileRestoreResult } from '../../src-shared/contract/snapshot-files.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { readItems } from './item-reader.ts';
import type { ManifestItem } from './manifest.ts';
import { readFailure } from './read-failures.ts';
import type { RestoreDeps } from './restore.ts';
import type { Progress } from '../../src-shared/contract/jobs.ts';
import { openSnapshot, snapshotDocuments, type SnapshotDocument } from './snapshot-files.ts';

export interface FileRestoreOptions {
  /** Paths as the snapshot lists them: files, or folders (everything below). */
  paths: readonly string[];
  /** A folder to restore into, or null for the files' original places. */
  folder: string | null;
  conflict: ConflictChoice;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

interface Planned {
  doc: SnapshotDocument;
  content: ManifestItem;
  destination: string;
}

export async function restoreFiles(deps: RestoreDeps, id: string, options: FileRestoreOptions): Promise<FileRestoreResult> {
  if (options.folder !== null && !isAbsolute(options.folder)) throw new AppError('invalid_input', `Give the destination folder's full path (${options.folder}).`);
  const opened = await openSnapshot(deps, id, options.signal);
  const documents = await snapshotDocuments(deps, opened);
  const result: FileRestoreResult = { snapshotId: opened.snapshotId, target: options.folder, restored: 0, identical: 0, skipped: 0, renamed: 0, bytes: 0, failed: [] };
  const planned: Planned[] = [];
  const unmatched = new Set(options.paths);
  for (const doc of documents) {
    const chosen = options.paths.find((p) => isWithin(doc.path, p));
    if (chosen === undefined) continue;
    unmatched.delete(chosen);
    if (!doc.content) {
      result.failed.push({ path: doc.path, reason: 'only its text was kept: the file had changed or was gone when the snapshot was made' });
      continue;
    }
    const destination = options.folder === null ? doc.path : join(options.folder, relative(dirname(trimSep(chosen)), doc.path));
    planned.push({ doc, content: doc.content, destination });
  }
  if (unmatched.size) {
    throw new AppError('not_found', `Snapshot ${opened.snapshotId} has no file or folder ${[...unmatched].join(', ')} (pdw snapshot ls ${opened.snapshotId} lists its files).`);
  }
  const byItem = new Map(planned.map((p) => [p.content, p]));
  let done = 0;
  options.onProgress?.({ done, total: planned.length, unit: 'items' });
  await readItems(deps.walrus, opened.keys, planned.map((p) => p.content), opened.reader, async (read) => {
    const plan = byItem.get(read.item) as Planned;
    if ('error' in read) {
      const failure = readFailure(read.item, read.error, read.damaged);
      if (!failure) throw read.error;
      result.failed.push({ path: plan.doc.path, reason: failure.message });
    } else {
      await writeRestored(plan, read.plain, options.conflict, result).catch((error: unknown) => {
        result.failed.push({ path: plan.doc.path, reason: `cannot write ${plan.destination} (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      });
    }
    options.onProgress?.({ done: ++done, total: planned.length, unit: 'items', current: plan.doc.path });
  });
  options.signal?.throwIfAborted();
  return result;
}

async function writeRestored(plan: Planned, plain: Uint8Array, conflict: ConflictChoice, result: FileRestoreResult): Promise<void> {
  let destination = plan.destination;
  const existing = await stat(destination).catch(() => null);
  if (existing) {
    if (existing.isFile() && sha256(await readFile(destination)) === plan.content.hash) {
      result.identical++;
      return;
    }
    if (conflict === 'skip') {
      result.skipped++;
      return;
    }
    if (conflict === 'keep-both' || !existing.isFile()) {
      destination = await freeName(destination);
      result.renamed++;
    }
  }
  await writeFileAtomic(destination, plain);
  const mtime = new Date(plan.doc.modifiedAt);
  await utimes(destination, mtime, mtime);
  result.restored++;
  result.bytes += plain.byteLength;
}

/** `report.txt` → `report (restored).txt`, then `report (restored 2).txt`, … — the first name not taken. */
async function freeName(path: string): Promise<string> {
  const ext = extname(path);
  const stem = join(dirname(path), basename(path, ext));
  for (let n = 1; ; n++) {
    const candidate = `${stem} (restored${n > 1 ? ` ${n}` : ''})${ext}`;
    if (!(await stat(candidate).then(() => true, () => false))) return candidate;
  }
}

/** `path` is the chosen file, or inside the chosen folder. */
export function isWithin(path: string, chosen: string): boolean {
  const prefix = trimSep(chosen);
  return path === prefix || path.startsWith(prefix.endsWith(sep) ? prefix : prefix + sep);
}

function trimSep(path: string): string {
  return path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
