// Folds a segmented graph's delta and tombstones into a new base, off the search path: a second, short-lived
// worker reads the saved base alone (whole, since it changes it), removes the saved tombstones and inserts the
// catalog's vectors above the base's high-water label (what the delta holds, plus what was committed since, in
// float32 rather than the delta's int8 copies), then writes it as a new base file. Nothing in it is proportional
// to the library on the main thread: no pass over the catalog's chunk ids (removals since the save are the search
// worker's tombstones, carried over at the swap). Its inserts use one thread, so the search worker keeps the other
// core. The caller swaps the base in (GraphWorker.swap): until then, and if this fails or is killed, the saved
// base and delta stay as they are.
import { baseMetaOf, type IndexMeta } from '../vector/index.ts';
import { GraphWorker } from './graph-client.ts';
import { streamVectors, type GraphSource } from './graph-open.ts';

/**
 * Once the delta and tombstones reach this share of the graph, they are merged into a new base. A merge costs
 * about the library (reading and writing the base), a larger delta costs every search a little more.
 */
export const DEFAULT_MERGE_FRACTION = 0.1;

/** Writes a new base holding the catalog's vectors as of now, from the base `saved` names; returns its description. */
export async function mergeBase(source: GraphSource, path: string, saved: IndexMeta, embedderId: string, ef?: number): Promise<IndexMeta> {
  const merger = new GraphWorker(source.dimension, source.worker?.workerUrl ? { workerUrl: source.worker.workerUrl } : {});
  const stop = () => void merger.close();
  source.signal?.addEventListener('abort', stop, { once: true });
  try {
    source.signal?.throwIfAborted();
    const base = baseMetaOf(saved);
    await merger.load(path, base, ef, { merge: true });
    const generation = source.catalog.generation(); // read before streaming: the base holds at least this
    await merger.remove(saved.delta?.tombstones ?? []);
    await streamVectors(merger, source, base.highWater ?? 0);
    return await merger.writeBase(path, { embedderId, generation });
  } finally {
    source.signal?.removeEventListener('abort', stop);
    await merger.close();
  }
}
