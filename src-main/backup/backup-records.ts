// The shapes of the backup history's records, as BackupDb (backup-db.ts) reads and writes them.
import type { RunEntry } from '../../src-shared/contract/backup.ts';
import type { ItemKind, ItemLocation, SnapshotFile } from './manifest.ts';

export type SnapshotState = 'running' | 'pending' | 'complete' | 'failed';

export interface DraftEntry {
  kind: ItemKind;
  documentId: number;
  hash: string;
  size: number;
  /** On a document's record item: its original file, so a snapshot's files are listed from the manifest alone. */
  file?: SnapshotFile;
}

export interface SnapshotRecord {
  runId: string;
  manifestBlobId: string | null;
  parent: string | null;
  createdAt: number;
  state: SnapshotState;
  documents: number;
  chunks: number;
  bytes: number;
  items: number;
  uploadedItems: number;
  uploadedBytes: number;
  referencedItems: number;
  referencedBytes: number;
  cost: number;
  endEpoch: number | null;
  error: string | null;
  forgottenAt: number | null;
  pinned: boolean;
}

export type RunRecord = Omit<RunEntry, 'startedAt' | 'endedAt'> & { startedAt: number; endedAt: number | null };
export type RunPatch = Partial<Omit<RunRecord, 'id' | 'kind' | 'startedAt'>>;

export interface StoredItem {
  hash: string;
  kind: ItemKind;
  location: ItemLocation;
  storedSize: number;
  endEpoch: number;
}

export interface OutboxEntry {
  seq: number;
  runId: string;
  hash: string;
  kind: ItemKind;
  sealedHash: string;
  storedSize: number;
}
