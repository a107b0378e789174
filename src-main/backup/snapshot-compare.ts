// What changed between two snapshots, file by file: added, removed, and changed (content, or for files whose
// content was not kept, their document record), by path.
import type { SnapshotFileEntry } from '../../src-shared/contract/snapshot-files.ts';
import type { SnapshotDocument } from './snapshot-files.ts';

export interface SnapshotComparison {
  added: SnapshotFileEntry[];
  removed: SnapshotFileEntry[];
  changed: SnapshotFileEntry[];
  unchanged: number;
}

export function compareSnapshots(from: readonly SnapshotDocument[], to: readonly SnapshotDocument[]): SnapshotComparison {
  const before = new Map(from.map((d) => [d.path, d]));
  const after = new Set(to.map((d) => d.path));
  const result: SnapshotComparison = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const doc of to) {
    const old = before.get(doc.path);
    if (!old) result.added.push(entryOf(doc));
    else if ((old.hash ?? old.record.hash) !== (doc.hash ?? doc.record.hash)) result.changed.push(entryOf(doc));
    else result.unchanged++;
  }
  for (const doc of from) if (!after.has(doc.path)) result.removed.push(entryOf(doc));
  return result;
}

export function entryOf({ documentId, path, size, modifiedAt, hash }: SnapshotDocument): SnapshotFileEntry {
  return { documentId, path, size, modifiedAt, hash };
}
