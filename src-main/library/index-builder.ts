// Builds the vector index from the vectors stored in the catalog — no re-embedding — when the saved
// index is missing, corrupt, stale or from another embedder. Yields now and then so the app stays live.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { HnswIndex, type HnswParams } from '../vector/hnsw-index.ts';
import type { Catalog } from './catalog.ts';
import type { JobOptions } from './ingest.ts';

const YIELD_EVERY = 2000;

export async function buildIndexFromCatalog(catalog: Catalog, dimension: number, params: Partial<HnswParams>, options: JobOptions = {}): Promise<HnswIndex> {
  const total = catalog.counts().chunks;
  const index = new HnswIndex(dimension, { capacity: Math.max(1024, Math.ceil(total * 1.1)), params });
  let done = 0;
  for (const { id, vector } of catalog.vectors()) {
    if (vector.length !== dimension) continue; // stale vectors of another embedder: a re-embed will replace them
    index.add(id, vector);
    if (++done % YIELD_EVERY === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ done, total, unit: 'chunks' });
      await yieldToEventLoop();
    }
  }
  options.onProgress?.({ done: total, total, unit: 'chunks' });
  return index;
}
