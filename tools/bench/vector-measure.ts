// How the vector benchmarks time a graph search: recall@10 against the exact top 10 and each query's best wall and
// CPU time over several passes. On a shared machine other work only ever adds time, and CPU time (getrusage,
// microseconds) leaves out the waits for a core.
import type { Neighbour } from '../../src-main/vector/hnsw-index.ts';
import { exactSimilarity, type VectorCorpus } from './vector-corpus.ts';

/** The library asks the graph for this many candidates (hybrid-search.ts), so latency is timed at k = 50. */
export const CANDIDATES = 50;

export type GraphSearch = (query: Float32Array, k: number, ef: number) => Neighbour[];

export interface Measured {
  recall: number;
  p50: number;
  p99: number;
  cpuP50: number;
  cpuP99: number;
}

/** Recall@10 at `ef` (each hit judged by its exact similarity), and latency at k = CANDIDATES, best of `passes`. */
export function measureSearch(corpus: VectorCorpus, ef: number, search: GraphSearch, passes: number): Measured {
  let found = 0;
  corpus.queries.forEach((query, q) => {
    // A hit is any returned vector at least as similar as the exact 10th (ties count either way).
    const tenth = corpus.tenth[q] ?? 0;
    found += search(query, 10, ef).filter((h) => exactSimilarity(corpus, h.label, query) >= tenth - 1e-5).length;
  });
  const wall = corpus.queries.map(() => Infinity);
  const cpu = corpus.queries.map(() => Infinity);
  for (let pass = 0; pass < passes; pass++) {
    corpus.queries.forEach((query, q) => {
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      search(query, CANDIDATES, ef);
      wall[q] = Math.min(wall[q] ?? Infinity, performance.now() - started);
      const used = process.cpuUsage(cpuStarted);
      cpu[q] = Math.min(cpu[q] ?? Infinity, (used.user + used.system) / 1000);
    });
  }
  return { recall: Number((found / (10 * corpus.queries.length)).toFixed(4)), p50: percentile(wall, 0.5), p99: percentile(wall, 0.99), cpuP50: percentile(cpu, 0.5), cpuP99: percentile(cpu, 0.99) };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.floor(p * (sorted.length - 1))] ?? 0).toFixed(2));
}
