// What search reads from the library's catalog, named here so that search sits below the library in the
// dependency order (docs/architecture.md): the library's Catalog implements this interface, and search
// never imports the library. Record shapes carry only the fields search reads.
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

/** Each document's lowest and highest chunk id, indexed by document id (0 for a document with no chunks). */
export interface DocumentChunkSpans {
  first: Int32Array;
  last: Int32Array;
}

/** A filter's scope as the keyword half reads it: its lowest and highest chunk id, and which chunks between are in. */
export interface ChunkScope {
  first: number;
  last: number;
  admits(chunkId: number): boolean;
}

export interface SearchCatalog {
  /** The table search keeps its keyword heads in, beside the catalog's index. */
  readonly keywordHeads: KeywordHeadStore;
  /** Bumped by every change of the catalog's content. */
  generation(): number;
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
  chunkCount(): number;
  documentCount(): number;
  chunksWithDocuments(chunkIds: readonly number[]): Map<number, { chunk: { text: string }; document: { id: number; path: string; title: string; type: DocType; mtime: number } }>;
  documentIdsOf(chunkIds: readonly number[]): Map<number, number>;
  /** Document id → its path, for the documents asked (one statement). */
  documentPathsOf(documentIds: readonly number[]): Map<number, string>;
  /** Chunk id → document id, for every chunk. */
  documentOfChunk(): Int32Array;
  documentChunkSpans(): DocumentChunkSpans;
  termDocumentCounts(terms: readonly string[], cap: number): Map<string, number>;
  countMatching(filter: LibraryFilter): { documents: number; chunks: number };
  documentIdsMatching(filter: LibraryFilter): Set<number>;
  vectorsOf(documentIds: Iterable<number>): Iterable<{ id: number; vector: Float32Array }>;
  vectorsOfChunks(chunkIds: readonly number[]): Map<number, Float32Array>;
  keywordSearch(match: string, limit: number): { chunkId: number; bm25: number }[];
  /** Up to `limit` matches within the scope, ranked by bm25 as keywordSearch ranks them. */
  keywordSearchWithin(match: string, limit: number, scope: ChunkScope): { chunkId: number; bm25: number }[];
  keywordScores(match: string): { ids: number[]; scores: Float64Array };
  keywordMatches(match: string, limit: number): number[];
  /** How many documents of the whole-document table hold an index term (a stem), counted in full (its postings walked). */
  documentTermCount(term: string): number;
  /** How many documents the whole-document table finds the FTS5 query in, counted up to `cap`. */
  documentMatchCount(match: string, cap: number): number;
  /** Up to `limit` document ids best first by bm25 over whole documents, with column weights title, path, body. */
  documentKeywordSearch(match: string, fields: readonly [number, number, number], limit: number): { documentId: number; bm25: number }[];
  /** The document's first chunk (lowest id), or undefined when it has none. */
  firstChunkOf(documentId: number): number | undefined;
}

/** A term's stored head: its chunk count, and its best chunks' ids (uint32) and bm25 scores (float64), best first. */
export interface StoredHead {
  postings: number;
  chunkIds: Buffer;
  scores: Buffer;
}

/** Where keyword heads are stored, and what they are built from (see keyword-heads.ts). */
export interface KeywordHeadStore {
  /** The stored head of an index term (a stem). */
  head(term: string): StoredHead | undefined;
  /** Deletes up to `count` stored heads; returns how many it deleted (0: none left). */
  deleteSome(count: number): number;
  /** Stores a term's head, replacing the one it had. */
  put(term: string, head: StoredHead): void;
  /**
   * Stores a head merged from the stored one with a change, marked as such until the heads are current for it:
   * its count already holds the change, so an update that starts over builds it anew instead of merging again.
   */
  putMerged(term: string, head: StoredHead): void;
  /** Whether the term's head was merged by an update that did not finish (see putMerged). */
  wasMerged(term: string): boolean;
  /** Runs `work` in one transaction. */
  inTransaction(work: () => void): void;
  delete(term: string): void;
  /** The chunk count a term's stored head was built for, or undefined when it has none (its ids and scores not read). */
  storedPostings(term: string): number | undefined;
  /** The terms whose stored head was built for more than `postings` chunks. */
  storedTermsOver(postings: number): { term: string; postings: number }[];
  /** The chunks (id and text) removed after catalog generation `generation`, or null when they are not all known. */
  removedSince(generation: number): { id: number; text: string }[] | null;
  /** The heads are current for `generation`: lets go of the removed chunks up to it and of the merged heads' marks. */
  caughtUp(generation: number): void;
  /** Up to `limit` terms with a stored head after `after`, in order, with the chunk counts they were built for. */
  storedTerms(after: string, limit: number): { term: string; postings: number }[];
  /** How many chunks hold an index term (a stem) now, counted in full. */
  termChunks(term: string): number;
  /** The highest chunk id ever given out (ids are never reused): chunks above it are added later. */
  lastChunkId(): number;
  /** How many chunks have an id above `afterId`. */
  chunksAfter(afterId: number): number;
  /** Chunks above `afterId` in id order, paged, with their text. */
  chunkTextsAfter(afterId: number, limit: number): { id: number; text: string }[];
  /** Up to `limit` index terms after `after`, in order, with how many chunks hold each. */
  vocabulary(after: string, limit: number): { term: string; chunks: number }[];
  /** The chunks above `afterId` matching an FTS5 query, with their bm25 scores, in no order. */
  scoresAfter(match: string, afterId: number): { chunkId: number; bm25: number }[];
  /** The chunk index's row count and token total, as FTS5's bm25 reads them. */
  ftsTotals(): { rows: number; tokens: number };
  /** A chunk's length in tokens as the chunk index recorded it, or undefined when it has no row. */
  chunkTokens(chunkId: number): number | undefined;
  /** How many chunks match an FTS5 query, counted in full. */
  matchCount(match: string): number;
}
