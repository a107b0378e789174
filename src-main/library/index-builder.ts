// Builds the vector index from the vectors stored in the catalog — no re-embedding — when the saved
// index is missing, corrupt, stale or from another embedder. Yields every few milliseconds so the app stays
// live (a rebuild of 100k chunks takes over a minute of inserts).
import { TimeSlices } from '../kernel/index.ts';
import { HnswIndex, type HnswParams } from '../vector/index.ts';
import type { Catalog } from './catalog.ts';
import type { JobOptions } from './ingest.ts';

export async function buildIndexFromCatalog(catalog: Catalog, dimension: number, params: Partial<HnswParams>, options: JobOptions = {}): Promise<HnswIndex> {
  const total = catalog.counts().chunks;
  const index = new HnswIndex(dimension, { capacity: Math.max(1024, Math.ceil(total * 1.1)), params });
  let done = 0;
  const slices = new TimeSlices();
  for (const { id, vector } of catalog.vectors()) {
    if (vector.length !== dimension) continue; // stale vectors of another embedder: a re-embed will replace them
    index.add(id, vector);
    done++;
    if (await slices.pause()) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ done, total, unit: 'chunks' });
    }
  }
  options.onProgress?.({ done: total, total, unit: 'chunks' });
  return index;
}
