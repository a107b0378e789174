// What search reads from the library's catalog, named here so that search sits below the library in the
// dependency order (docs/architecture.md): the library's Catalog implements this interface, and search
// never imports the library. Record shapes carry only the fields search reads.
import type Database from 'better-sqlite3';
import type { DocType } from '../../src-shared/contract/library.ts';

/** Document filters shared by listing and search. */
export interface LibraryFilter {
  /** Absolute folder: documents anywhere below it. */
  folder?: string;
  types?: DocType[];
  /** Bounds on the file's modification time, in ms since the epoch (inclusive). */
  modifiedAfter?: number;
  modifiedBefore?: number;
}

export function isEmptyFilter(filter: LibraryFilter | undefined): boolean {
  return !filter || (!filter.folder && !filter.types?.length && filter.modifiedAfter === undefined && filter.modifiedBefore === undefined);
}

export interface SearchCatalog {
  /** The catalog's database, for the tables search keeps beside it (keyword heads). */
  readonly db: Database.Database;
  /** Bumped by every change of the catalog's content. */
  generation(): number;
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
  chunkCount(): number;
  chunksWithDocuments(chunkIds: readonly number[]): Map<number, { chunk: { text: string }; document: { id: number; path: string; title: string; type: DocType; mtime: number } }>;
  documentIdsOf(chunkIds: readonly number[]): Map<number, number>;
  /** Chunk id → document id, for every chunk. */
  documentOfChunk(): Int32Array;
  termDocumentCounts(terms: readonly string[], cap: number): Map<string, number>;
  countMatching(filter: LibraryFilter): { documents: number; chunks: number };
  documentIdsMatching(filter: LibraryFilter): Set<number>;
  vectorsOf(documentIds: Iterable<number>): Iterable<{ id: number; vector: Float32Array }>;
  keywordSearch(match: string, limit: number): { chunkId: number; bm25: number }[];
  keywordScores(match: string): { ids: number[]; scores: Float64Array };
  keywordMatches(match: string, limit: number): number[];
}
