// Builds (or finds in the cache) graphs over a VectorCorpus through the library's own graph classes and index file,
// so the benchmark loads them exactly as a library opening does. One build serves every size: the graph over the
// first n vectors is saved as the build passes n. The library's graph (UsearchIndex) is built by batches on every
// core; hnswlib's (HnswIndex, format 1) one vector at a time, as it was built in the library.
import { join } from 'node:path';
import { HnswIndex, type HnswParams } from '../../src-main/vector/hnsw-index.ts';
import { describeIndex, saveIndex } from '../../src-main/vector/index-file.ts';
import { DEFAULT_QUANTIZATION, UsearchIndex } from '../../src-main/vector/usearch-index.ts';
import type { VectorIndex } from '../../src-main/vector/vector-index.ts';
import { BENCH_CACHE, type VectorCorpus } from './vector-corpus.ts';

const BATCH = 10_000;

/** hnswlib's graph file (format 1) over the first `size` vectors. */
export function hnswGraphPath(corpus: VectorCorpus, size: number, params: HnswParams): string {
  return join(BENCH_CACHE, `graph-${corpus.count}-first-${size}-m${params.m}-efc${params.efConstruction}.hnsw`);
}

/** The library's graph file over the first `size` vectors. */
export function graphPath(corpus: VectorCorpus, size: number, params: HnswParams): string {
  return join(BENCH_CACHE, `graph-${corpus.count}-first-${size}-usearch-${DEFAULT_QUANTIZATION}-m${params.m}-efc${params.efConstruction}.hnsw`);
}

type Built = { paths: Map<number, string>; insertsPerSecond: number | null };

/** The library's graphs over the first `sizes` vectors, built and saved first if the cache lacks any. */
export function ensureGraphs(corpus: VectorCorpus, sizes: number[], params: HnswParams, log: (line: string) => void): Promise<Built> {
  return ensure(corpus, sizes, (size) => graphPath(corpus, size, params), () => new UsearchIndex(corpus.dimension, { params }), log);
}

/** hnswlib's graphs over the first `sizes` vectors (the comparison's baseline), built if the cache lacks any. */
export function ensureHnswGraphs(corpus: VectorCorpus, sizes: number[], params: HnswParams, log: (line: string) => void): Promise<Built> {
  return ensure(corpus, sizes, (size) => hnswGraphPath(corpus, size, params), () => new HnswIndex(corpus.dimension, { capacity: Math.max(...sizes), params }), log);
}

async function ensure(corpus: VectorCorpus, sizes: number[], pathOf: (size: number) => string, create: () => VectorIndex, log: (line: string) => void): Promise<Built> {
  const paths = new Map(sizes.map((size) => [size, pathOf(size)]));
  const described = await Promise.all([...paths.values()].map((path) => describeIndex(path, { generation: 0, anyFormat: true })));
  if (described.every((d) => d.meta)) return { paths, insertsPerSecond: null };
  const sorted = [...sizes].sort((a, b) => a - b);
  const started = performance.now();
  let saving = 0;
  const index = create();
  const { dimension, vectors } = corpus;
  let from = 0;
  for (const size of sorted) {
    for (let row = from; row < size; row += BATCH) {
      const end = Math.min(size, row + BATCH);
      if (index instanceof UsearchIndex) index.addMany(Array.from({ length: end - row }, (_, i) => row + i), vectors.subarray(row * dimension, end * dimension));
      else for (let r = row; r < end; r++) index.add(r, vectors.subarray(r * dimension, (r + 1) * dimension));
    }
    from = size;
    const saveStarted = performance.now();
    log(`  graph over ${size} vectors after ${((saveStarted - started - saving) / 1000).toFixed(0)} s of inserts; saving`);
    await saveIndex(index, paths.get(size) as string, { embedderId: corpus.embedderId, generation: 0 });
    saving += performance.now() - saveStarted;
  }
  const insertSeconds = (performance.now() - started - saving) / 1000;
  return { paths, insertsPerSecond: Math.round(Math.max(...sizes) / insertSeconds) };
}
