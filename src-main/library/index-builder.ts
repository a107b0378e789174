// Builds the vector index from the vectors stored in the catalog — no re-embedding — when the saved
// index is missing, corrupt, stale, of an older format or from another embedder. Yields between batches so the
// app stays live.
import { TimeSlices } from '../kernel/index.ts';
import { createVectorIndex, type HnswParams, type VectorIndex } from '../vector/index.ts';
import type { Catalog } from './catalog.ts';
import type { JobOptions } from './ingest.ts';

/**
 * Vectors inserted together, on one thread and in order (see UsearchIndex.addMany): 16 of them take ~20 ms at
 * 100k vectors, short enough for the app to stay live between batches.
 */
const BATCH = 16;

export async function buildIndexFromCatalog(catalog: Catalog, dimension: number, params: Partial<HnswParams>, options: JobOptions = {}): Promise<VectorIndex> {
  const total = catalog.counts().chunks;
  const index = createVectorIndex(dimension, { capacity: Math.max(1024, Math.ceil(total * 1.1)), params });
  let done = 0;
  const slices = new TimeSlices();
  const labels: number[] = [];
  const rows = new Float32Array(BATCH * dimension);
  const insert = () => {
    index.addMany(labels, rows.subarray(0, labels.length * dimension));
    done += labels.length;
    labels.length = 0;
  };
  for (const { id, vector } of catalog.vectors()) {
    if (vector.length !== dimension) continue; // stale vectors of another embedder: a re-embed will replace them
    rows.set(vector, labels.length * dimension);
    labels.push(id);
    if (labels.length < BATCH) continue;
    insert();
    if (await slices.pause()) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ done, total, unit: 'chunks' });
    }
  }
  insert();
  options.onProgress?.({ done: total, total, unit: 'chunks' });
  return index;
}
