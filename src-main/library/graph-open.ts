// Opens the library's graph in its worker: the saved graph caught up with the catalog, or a graph built from
// the catalog's stored vectors (no re-embedding). Chunk ids only grow (AUTOINCREMENT), so a saved graph lacks
// exactly the catalog's chunks above its high-water label, and holds too many exactly the labels no longer
// in the catalog: catching up costs the change since the save, not the library. Every batch is posted in the
// step that read it from the catalog, and the worker applies requests in order, so the graph ends up as the
// catalog is once the requests are answered.
import type { Progress } from '../../src-shared/contract/jobs.ts';
import type { HnswParams, IndexMeta } from '../vector/index.ts';
import type { Catalog } from './catalog.ts';
import { GraphWorker, type GraphWorkerOptions } from './graph-client.ts';

/** Vectors per insert request, and requests in flight at once (the catalog is read while the worker inserts). */
const STREAM_BATCH = 1024;
const STREAM_IN_FLIGHT = 2;

export interface GraphSource {
  catalog: Catalog;
  dimension: number;
  params: Partial<HnswParams>;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  worker?: GraphWorkerOptions;
}

/** A new worker holding a graph of every stored vector of `dimension`. */
export async function buildGraph(source: GraphSource): Promise<GraphWorker> {
  const graph = new GraphWorker(source.dimension, source.worker);
  try {
    const total = source.catalog.counts().chunks;
    await graph.create(source.params, Math.max(1024, Math.ceil(total * 1.1)));
    await streamVectors(graph, source, 0, total);
    return graph;
  } catch (error) {
    await graph.close();
    throw error;
  }
}

/**
 * A new worker holding the saved graph `meta` describes, brought up to the catalog; `changed` counts the labels
 * it gained or lost on the way. Fails (the worker closed) when the graph cannot be read.
 */
export async function openSavedGraph(source: GraphSource, path: string, meta: IndexMeta, ef?: number): Promise<{ graph: GraphWorker; changed: number }> {
  const graph = new GraphWorker(source.dimension, source.worker);
  try {
    await graph.load(path, meta, ef);
    return { graph, changed: await catchUp(graph, source, meta.generation) };
  } catch (error) {
    await graph.close();
    throw error;
  }
}

/** Brings a graph saved at catalog generation `savedGeneration` up to the catalog; returns the labels changed. */
export async function catchUp(graph: GraphWorker, source: GraphSource, savedGeneration: number): Promise<number> {
  if (savedGeneration === source.catalog.generation()) return 0;
  const highWater = graph.highWater;
  const removed = await graph.retain(source.catalog.chunkIdsUpTo(highWater));
  return removed + (await streamVectors(graph, source, highWater));
}

/** Posts the catalog's vectors above chunk id `afterId` to `graph`, in id order; returns how many. */
export async function streamVectors(graph: GraphWorker, source: GraphSource, afterId: number, total?: number): Promise<number> {
  const inFlight: Promise<void>[] = [];
  let labels: number[] = [];
  let vectors: Float32Array[] = [];
  let posted = 0;
  const post = () => {
    inFlight.push(graph.add(labels, vectors));
    posted += labels.length;
    labels = [];
    vectors = [];
  };
  try {
    for (const { id, vector } of source.catalog.vectors(afterId)) {
      if (vector.length !== source.dimension) continue; // stale vectors of another embedder: a re-embed replaces them
      labels.push(id);
      vectors.push(vector);
      if (labels.length < STREAM_BATCH) continue;
      post();
      if (inFlight.length >= STREAM_IN_FLIGHT) await inFlight.shift();
      source.signal?.throwIfAborted();
      if (total !== undefined) source.onProgress?.({ done: posted, total, unit: 'chunks' });
    }
    if (labels.length) post();
  } finally {
    // Every request is waited for, so none fails unobserved when one before it did.
    const outcomes = await Promise.allSettled(inFlight.splice(0));
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
  }
  if (total !== undefined) source.onProgress?.({ done: total, total, unit: 'chunks' });
  return posted;
}
