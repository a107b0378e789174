// What opening a library takes (its options) and where its files live under <dataDir>/library.
import { join } from 'node:path';
import type { Embedder } from '../embed/index.ts';
import type { Logger } from '../kernel/index.ts';
import type { KeywordHeadsOptions } from '../search/index.ts';
import type { HnswParams } from '../vector/index.ts';
import type { ChunkOptions } from './chunker.ts';
import type { ExtractPoolOptions } from './extract-pool.ts';
import type { GraphWorkerOptions } from './graph-client.ts';
import type { BatchLimits } from './ingest.ts';

export interface LibraryOptions {
  dataDir: string;
  /** Defaults to the embedder remembered in embedder.json, else the bundled one. */
  embedder?: Embedder;
  /** Where converted word vectors are cached (default <dataDir>/cache; the app passes PDW_CACHE_DIR). */
  cacheDir?: string;
  /** The API key of a remote embedder when the request choosing it gave none (PDW_EMBEDDING_API_KEY). */
  embeddingApiKey?: string | undefined;
  hnsw?: Partial<HnswParams>;
  chunking?: ChunkOptions;
  maxFileBytes?: number;
  /** Text extraction runs on a worker thread: its per-file timeout (and, in tests, another worker module). */
  extraction?: ExtractPoolOptions;
  keywordHeads?: KeywordHeadsOptions;
  /** The vector graph runs on a worker thread (tests pass another worker module). */
  graphWorker?: GraphWorkerOptions;
  /** The share of the graph an ingest or removal must change before its change is saved (default 1%). */
  graphSaveFraction?: number;
  /** The share of the graph its saved change reaches before it is merged into a new base (default 10%). */
  graphMergeFraction?: number;
  /** How many documents an ingest commits per transaction (defaults in ingest.ts; tests make batches small). */
  ingestBatch?: Partial<BatchLimits>;
  /**
   * Answer hybrid searches by keywords alone while the saved graph is still being read after opening (the
   * desktop app and the web host: a large library's first answer comes at once). Off, a search waits for the
   * graph: the CLI answers one query per process, and that answer must not depend on timing.
   */
  answerBeforeGraph?: boolean;
  /** Development and tests only (PDW_DEV_GRAPH_DELAY_MS): the background read of the saved graph starts this much later. */
  graphReadDelayMs?: number;
  /** Told when the saved graph read in the background after opening is in (searches use it from then on). */
  onVectorsReady?: (vectors: number) => void;
  log?: Logger;
}

export interface LibraryPaths {
  dir: string;
  catalog: string;
  index: string;
  uploads: string;
  embedderChoice: string;
  cache: string;
}

export function libraryPaths(dataDir: string, cacheDir?: string): LibraryPaths {
  const dir = join(dataDir, 'library');
  return {
    dir,
    catalog: join(dir, 'catalog.sqlite'),
    index: join(dir, 'index.hnsw'),
    uploads: join(dir, 'uploads'),
    embedderChoice: join(dir, 'embedder.json'),
    cache: cacheDir ?? join(dataDir, 'cache'),
  };
}
