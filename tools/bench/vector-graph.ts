// Builds (or finds in the cache) graphs over a VectorCorpus through the library's own HnswIndex and index file, so
// the benchmark loads them exactly as a library opening does. One build serves every size: the graph over the
// first n vectors is saved as the build passes n.
import { join } from 'node:path';
import { HnswIndex, type HnswParams } from '../../src-main/vector/hnsw-index.ts';
import { describeIndex, saveIndex } from '../../src-main/vector/index-file.ts';
import { BENCH_CACHE, type VectorCorpus } from './vector-corpus.ts';

export function graphPath(corpus: VectorCorpus, size: number, params: HnswParams): string {
  return join(BENCH_CACHE, `graph-${corpus.count}-first-${size}-m${params.m}-efc${params.efConstruction}.hnsw`);
}

/** Graph files over the first `sizes` vectors, built and saved first if the cache lacks any; inserts/s of the build. */
export async function ensureGraphs(corpus: VectorCorpus, sizes: number[], params: HnswParams, log: (line: string) => void): Promise<{ paths: Map<number, string>; insertsPerSecond: number | null }> {
  const paths = new Map(sizes.map((size) => [size, graphPath(corpus, size, params)]));
  const described = await Promise.all([...paths.values()].map((path) => describeIndex(path, { generation: 0 })));
  if (described.every((d) => d.meta)) return { paths, insertsPerSecond: null };
  const largest = Math.max(...sizes);
  const started = performance.now();
  let saving = 0;
  const index = new HnswIndex(corpus.dimension, { capacity: largest, params });
  const { dimension, vectors } = corpus;
  for (let row = 0; row < largest; row++) {
    index.add(row, vectors.subarray(row * dimension, (row + 1) * dimension));
    const path = paths.get(row + 1);
    if (!path) continue;
    const saveStarted = performance.now();
    log(`  graph over ${row + 1} vectors after ${((saveStarted - started - saving) / 1000).toFixed(0)} s of inserts; saving`);
    await saveIndex(index, path, { embedderId: corpus.embedderId, generation: 0 });
    saving += performance.now() - saveStarted;
  }
  const insertSeconds = (performance.now() - started - saving) / 1000;
  return { paths, insertsPerSecond: Math.round(largest / insertSeconds) };
}
