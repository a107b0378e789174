// The vector half of a search: the chunks nearest the query by meaning, among the allowed documents when
// a filter restricts them. Few allowed chunks are compared with the query one by one, from their stored
// vectors: the graph would have to wander far to find a few allowed neighbours (35 ms for a folder of 2% of
// 115k chunks, against about 6 ms), and the answer is exact. Otherwise the graph search skips labels whose
// document is not allowed. The graph keeps its vectors as int8, so its similarities are approximate: the chunks it
// finds are scored again from their stored float32 vectors (read by primary key), which gives both paths one
// exact scale and order.
import type { SearchCatalog } from './search-catalog.ts';
import type { Neighbour } from '../vector/index.ts';
import type { FilterScope } from './filter-scope.ts';

/** What the vector half searches: the graph itself (HnswIndex) or the worker thread that owns it. */
export interface NearestNeighbours {
  readonly size: number;
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): Neighbour[] | Promise<Neighbour[]>;
}

/** Up to this many allowed chunks, the filtered search compares every one of them with the query. */
export const EXACT_SEARCH_MAX_CHUNKS = 4000;

export function nearestChunks(catalog: SearchCatalog, index: NearestNeighbours, vector: Float32Array, n: number, scope?: FilterScope, exactMax = EXACT_SEARCH_MAX_CHUNKS): Neighbour[] | Promise<Neighbour[]> {
  if (scope && scope.chunks <= exactMax) return exactNearest(catalog.vectorsOf(scope.documents), vector, n);
  const found = scope ? index.search(vector, n, scope.admits) : index.search(vector, n);
  return found instanceof Promise ? found.then((neighbours) => rescored(catalog, neighbours, vector)) : rescored(catalog, found, vector);
}

/** The graph's neighbours with their exact similarity, re-ordered by it (a chunk without a stored vector keeps the graph's). */
function rescored(catalog: SearchCatalog, found: Neighbour[], query: Float32Array): Neighbour[] {
  const vectors = catalog.vectorsOfChunks(found.map((n) => n.label));
  const stored = found.filter((n) => vectors.has(n.label)).map((n) => ({ id: n.label, vector: vectors.get(n.label) as Float32Array }));
  const exact = exactNearest(stored, query, stored.length);
  if (stored.length === found.length) return exact;
  return [...exact, ...found.filter((n) => !vectors.has(n.label))].sort((a, b) => b.similarity - a.similarity || a.label - b.label);
}

/** The n most cosine-similar vectors, by brute force (the graph's metric, so both paths rank alike). */
export function exactNearest(candidates: Iterable<{ id: number; vector: Float32Array }>, query: Float32Array, n: number): Neighbour[] {
  const queryNorm = Math.hypot(...query) || 1;
  const scored: Neighbour[] = [];
  for (const { id, vector } of candidates) {
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < vector.length; i++) {
      const x = vector[i] ?? 0;
      dot += x * (query[i] ?? 0);
      norm += x * x;
    }
    scored.push({ label: id, similarity: norm ? dot / (Math.sqrt(norm) * queryNorm) : 0 });
  }
  return scored.sort((a, b) => b.similarity - a.similarity || a.label - b.label).slice(0, n);
}
