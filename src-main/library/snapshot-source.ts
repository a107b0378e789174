// The library as a backup sees it: its catalog's generation and size, a consistent read of every document
// for a snapshot, and a staged import that replaces the library folder once complete. Backup reaches the
// library only through this (backup/snapshot-source.ts declares the shape it needs), so which files the
// library keeps, and how, stays the library's business.
import { stat } from 'node:fs/promises';
import { Catalog } from './catalog.ts';
import { libraryPaths } from './library.ts';
import { recoverLibrarySwap, replaceLibraryFolder, type SwapStep } from './library-swap.ts';
import { openSnapshotExport, type SnapshotExport } from './snapshot-export.ts';
import { SnapshotImport } from './snapshot-import.ts';

export interface LibrarySnapshotSource {
  /** The catalog's generation now: it changes with every change of the library's content. */
  generation(): number;
  /** How many documents the library holds (0 when it has none yet). */
  documentCount(): Promise<number>;
  /** Reads the library for a snapshot, as one consistent generation while ingest goes on. */
  openExport(): Promise<SnapshotExport>;
  /** Finishes or rolls back a swap a killed restore left half done. */
  recoverSwap(): Promise<'none' | 'finished' | 'rolled back'>;
  /** A library written into `stagingDir` (a folder of the data folder), to be swapped in once complete. */
  openImport(stagingDir: string): Promise<SnapshotImport>;
  /** Puts the staged library (the data folder's folder `stagingName`) in place of the current one; `onStep` observes the swap. */
  swapIn(stagingName: string, onStep?: (step: SwapStep) => void): Promise<void>;
}

export function openLibrarySnapshotSource(dataDir: string): LibrarySnapshotSource {
  const paths = libraryPaths(dataDir);
  const withCatalog = <T>(read: (catalog: Catalog) => T): T => {
    const catalog = Catalog.open(paths.catalog);
    try {
      return read(catalog);
    } finally {
      catalog.close();
    }
  };
  return {
    generation: () => withCatalog((catalog) => catalog.generation()),
    documentCount: async () => ((await stat(paths.catalog).then(() => true, () => false)) ? withCatalog((catalog) => catalog.counts().documents) : 0),
    openExport: () => openSnapshotExport(dataDir),
    recoverSwap: () => recoverLibrarySwap(dataDir),
    openImport: (stagingDir) => SnapshotImport.open(stagingDir, paths.dir),
    swapIn: (stagingName, onStep) => replaceLibraryFolder(dataDir, stagingName, onStep ? { onStep } : {}),
  };
}
