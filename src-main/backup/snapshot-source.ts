// What backup and restore need from the library, and the one place backup reaches it: the engine and
// restore ask for a snapshot source instead of opening the library's files. The library provides it
// (library/snapshot-source.ts); the binding is a module, not an option, because a backup thread opens its
// own engine from plain data and cannot be handed a function.
import type { SwapStep } from '../library/library-swap.ts';
import type { DocumentSnapshotRecord, ExportedDocument, SnapshotExport } from '../library/snapshot-export.ts';
import { openLibrarySnapshotSource } from '../library/snapshot-source.ts';

export type { DocumentSnapshotRecord, ExportedDocument, SnapshotExport, SwapStep };

/** A library being restored into a staging folder: documents are added, then it is finished (or suspended to continue later). */
export interface SnapshotImportTarget {
  /** Documents already imported (by an earlier, interrupted import into this folder). */
  documentIds(): Set<number>;
  addDocument(record: DocumentSnapshotRecord, content: Uint8Array | null): Promise<void>;
  finish(embedder: { id: string; choice?: unknown }): Promise<void>;
  suspend(): void;
}

export interface SnapshotSource {
  /** The library's content generation now: a backup has work when it differs from the last run's. */
  generation(): number;
  /** How many documents the library holds. */
  documentCount(): Promise<number>;
  /** A consistent read of every document, for a snapshot. */
  openExport(): Promise<SnapshotExport>;
  /** Finishes or rolls back a swap a killed restore left half done. */
  recoverSwap(): Promise<unknown>;
  /** A library written into `stagingDir` (a folder of the data folder), swapped in by `swapIn` once complete. */
  openImport(stagingDir: string): Promise<SnapshotImportTarget>;
  swapIn(stagingName: string, onStep?: (step: SwapStep) => void): Promise<void>;
}

/** The library of the data folder `dataDir`, as backup and restore see it. */
export function openSnapshotSource(dataDir: string): SnapshotSource {
  return openLibrarySnapshotSource(dataDir);
}
