// What changed in a watched folder since the library last read it. A file is read again only when its size
// or modification time differs from the catalog's (hashing every file of a large folder on each change would
// take seconds); a document whose file is gone from disk is removed. The walk is ingest's own, so hidden
// entries and what .gitignore / .pdwignore exclude are never taken.
import { stat } from 'node:fs/promises';
import type { DocumentStamp } from './catalog.ts';
import { collectFiles } from './walk.ts';

export interface FolderChanges {
  /** New files and files whose size or modification time changed. */
  changed: string[];
  /** Documents whose file no longer exists. */
  gone: number[];
  /** Files on disk the walk found (documents), for the folder's count. */
  files: number;
}

/** A file that failed to ingest is not tried again until it changes (a broken PDF would fail on every pass). */
export type FailedFiles = Map<string, { size: number; mtimeMs: number }>;

export class FolderMissingError extends Error {}

export async function folderChanges(folder: string, stamps: readonly DocumentStamp[], failed: FailedFiles, signal?: AbortSignal): Promise<FolderChanges> {
  const entries = await collectFiles([folder], signal);
  const top = entries[0];
  // The folder itself is gone or unreadable (an unmounted drive): keep its documents, say so.
  if (entries.length === 1 && top && 'error' in top && top.path === folder) throw new FolderMissingError(`${folder}: ${top.error}`);
  const known = new Map(stamps.map((s) => [s.path, s]));
  const seen = new Set<string>();
  const changed: string[] = [];
  for (const entry of entries) {
    seen.add(entry.path);
    if ('error' in entry) continue;
    const doc = known.get(entry.path);
    const mtime = Math.round(entry.mtimeMs);
    if (doc && doc.size === entry.size && doc.mtime === mtime) continue;
    const failure = failed.get(entry.path);
    if (!doc && failure && failure.size === entry.size && failure.mtimeMs === entry.mtimeMs) continue;
    changed.push(entry.path);
  }
  const gone: number[] = [];
  for (const doc of stamps) {
    if (seen.has(doc.path)) continue;
    // Not found by the walk: gone, or now hidden/ignored/unreadable — only a file that is really gone is removed.
    const exists = await stat(doc.path).then(() => true, (error: NodeJS.ErrnoException) => error.code !== 'ENOENT');
    if (!exists) gone.push(doc.id);
  }
  return { changed, gone, files: entries.length };
}
